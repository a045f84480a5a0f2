//! The publish gate: decides, before any connection, whether a destination may receive the
//! stream. Known public platforms and every unknown remote host are public; loopback,
//! private LAN ranges, files, the virtual camera and the preview window are private.
//! Publishing to a public destination needs an explicit "this stream is private" marking.
//!
//! The only way to get an [`Approved`] destination is [`check`], and every sink constructor
//! takes one, so no code path can open a sink the gate has not passed. Stream keys are
//! secrets: [`Destination::display`] masks them, and nothing here logs a full URL.

pub mod dest;
pub use screenveil_core::scrub as mask;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

pub use dest::{Destination, Host, NetDest, Scheme, SrtMode};
pub use mask::{mask_url, printable, register_secrets, scrub};

const PLATFORMS: &str = include_str!("../../models/gate/public-platforms.txt");

/// Why a destination is public or private.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Class {
    Platform(String),
    UnknownRemote(String),
    /// A listener bound to an address other machines can reach (every interface, or a public
    /// one): anyone there can pull the stream.
    OpenListener(String),
    Loopback,
    PrivateLan,
    Local,
}

impl Class {
    pub fn is_public(&self) -> bool {
        matches!(self, Class::Platform(_) | Class::UnknownRemote(_) | Class::OpenListener(_))
    }

    fn rank(&self) -> u8 {
        match self {
            Class::Local => 0,
            Class::Loopback => 1,
            Class::PrivateLan => 2,
            _ => 3,
        }
    }
}

/// Who said a public destination's stream is private: the user, for exactly this destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Marking {
    /// `--private` next to this `--to`.
    Flag,
    /// A profile file whose own `to` is this destination.
    Profile(String),
}

impl std::fmt::Display for Marking {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Marking::Flag => f.write_str("--private"),
            Marking::Profile(p) => write!(f, "visibility = \"private\" in profile {}", printable(p)),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GateError {
    #[error(
        "refusing to publish to {dest}: {why}. Mark the stream private for this destination (--private, or visibility = \"private\" in a profile whose `to` is this destination) only if the platform stream really is private/unlisted to you"
    )]
    Public { dest: String, why: String },
    #[error("unsupported destination {0}: use rtmp://, rtmps://, srt://, a file path, v4l2:/dev/videoN or preview")]
    Unsupported(String),
    #[error("invalid destination {dest}: {why}")]
    Invalid { dest: String, why: String },
}

impl crate::error::Kinded for GateError {
    fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::Refused
    }
}

/// A destination the gate let through. Only [`check`] makes one.
#[derive(Debug)]
pub struct Approved {
    dest: Destination,
    class: Class,
    marking: Option<Marking>,
    _sealed: (),
}

impl Approved {
    pub fn destination(&self) -> &Destination {
        &self.dest
    }
    pub fn class(&self) -> &Class {
        &self.class
    }
    /// Set when a public destination passed because the user marked it private.
    pub fn marking(&self) -> Option<&Marking> {
        self.marking.as_ref()
    }
}

/// The platform whose listed host is the longest suffix of `host` (most specific entry).
fn platform_of(host: &str) -> Option<String> {
    PLATFORMS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (suffix, name) = l.split_once(char::is_whitespace)?;
            (host == suffix || host.ends_with(&format!(".{suffix}"))).then(|| (suffix.len(), name.trim().to_string()))
        })
        .max_by_key(|(n, _)| *n)
        .map(|(_, name)| name)
}

/// `Loopback` or `PrivateLan` for an address only this machine or the local network can
/// reach (IPv4-mapped IPv6 judged as its IPv4), `None` for every other.
pub fn private_ip(ip: IpAddr) -> Option<Class> {
    match ip {
        IpAddr::V4(v4) if v4.is_loopback() => Some(Class::Loopback),
        IpAddr::V4(v4) if v4.is_private() || v4.is_link_local() => Some(Class::PrivateLan),
        IpAddr::V6(v6) if v6.is_loopback() => Some(Class::Loopback),
        IpAddr::V6(v6) if (v6.segments()[0] & 0xfe00) == 0xfc00 || (v6.segments()[0] & 0xffc0) == 0xfe80 => Some(Class::PrivateLan),
        IpAddr::V6(v6) => v6.to_ipv4_mapped().and_then(|v4| private_ip(IpAddr::V4(v4))),
        // 100.64/10 is the ISP's shared space (carrier-grade NAT): other customers share it.
        _ => None,
    }
}

fn is_unspecified(ip: IpAddr) -> bool {
    ip == IpAddr::V4(Ipv4Addr::UNSPECIFIED) || ip == IpAddr::V6(Ipv6Addr::UNSPECIFIED)
}

/// Where a peer named by `host` is: judged by what the address says, never by resolving it.
/// Only names a resolver must keep local count as private: `localhost` and `*.localhost`
/// (RFC 6761; the sink is given 127.0.0.1 for them, so no resolver can answer otherwise) and
/// `*.local` (RFC 6762, answered by mDNS on the local link only).
fn classify_host(host: &Host) -> Class {
    match host {
        Host::Ip(ip) if is_unspecified(*ip) => Class::UnknownRemote(ip.to_string()),
        Host::Ip(ip) => private_ip(*ip).unwrap_or_else(|| Class::UnknownRemote(host.to_string())),
        Host::Name(n) if dest::is_localhost_name(n) => Class::Loopback,
        Host::Name(n) => match platform_of(n) {
            Some(p) => Class::Platform(p),
            None if n.ends_with(".local") => Class::PrivateLan,
            None => Class::UnknownRemote(n.clone()),
        },
    }
}

/// Where a listening socket can be reached from: a loopback bind only from this machine, a
/// LAN address from the LAN, every interface (0.0.0.0, ::) or a public address from anywhere.
fn classify_bind(ip: IpAddr) -> Class {
    if is_unspecified(ip) {
        return Class::OpenListener(format!("listens on every interface ({ip})"));
    }
    private_ip(ip).unwrap_or_else(|| Class::OpenListener(format!("listens on public address {ip}")))
}

/// Classifies a destination without connecting anywhere (no DNS lookup either: a name is
/// judged by what it says, so a public host cannot hide behind a resolver).
pub fn classify(dest: &Destination) -> Class {
    let Destination::Net(n) = dest else { return Class::Local };
    let peer = n.host.as_ref().map(classify_host);
    let bind = n.bind.map(classify_bind);
    match n.mode {
        SrtMode::Caller => peer.unwrap_or(Class::UnknownRemote("no host".into())),
        SrtMode::Listener => bind.unwrap_or(Class::OpenListener("listens on every interface".into())),
        // Both ends matter: the worse one decides.
        SrtMode::Rendezvous => [peer, bind].into_iter().flatten().max_by_key(Class::rank).unwrap_or(Class::UnknownRemote("no host".into())),
    }
}

/// One line saying what the gate decides and why.
pub fn explain(dest: &Destination, marking: Option<&Marking>) -> (bool, String) {
    let c = classify(dest);
    let what = match &c {
        Class::Platform(p) => format!("public platform ({p})"),
        Class::UnknownRemote(h) => format!("unknown remote host {}, treated as public", printable(h)),
        Class::OpenListener(why) => format!("SRT listener that {why}, reachable by anyone on the network"),
        Class::Loopback => "loopback (this machine)".into(),
        Class::PrivateLan => "private network address".into(),
        Class::Local => "local output (file, virtual camera or preview)".into(),
    };
    let allowed = !c.is_public() || marking.is_some();
    let verdict = match (c.is_public(), marking) {
        (false, _) => "allowed".to_string(),
        (true, Some(m)) => format!("allowed: marked private by {m}"),
        (true, None) => "refused: public destination not marked private".into(),
    };
    (allowed, format!("{}: {what}; {verdict}", dest.display()))
}

/// The gate itself. `marking` is the user's statement that the stream on this very
/// destination is private; it never comes from another destination's profile.
pub fn check(dest: Destination, marking: Option<Marking>) -> Result<Approved, GateError> {
    let class = classify(&dest);
    register_secrets(dest.secrets());
    if class.is_public() && marking.is_none() {
        let why = match &class {
            Class::Platform(p) => format!("{p} is a public platform"),
            Class::UnknownRemote(h) => format!("{} is a remote host screenveil does not know to be private", printable(h)),
            Class::OpenListener(w) => format!("the SRT listener {w}, so anyone who can reach this machine can pull the stream"),
            _ => unreachable!("public classes only"),
        };
        return Err(GateError::Public { dest: dest.display(), why });
    }
    let marking = if class.is_public() { marking } else { None };
    Ok(Approved { dest, class, marking, _sealed: () })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(s: &str) -> Class {
        classify(&Destination::parse(s).unwrap())
    }

    #[test]
    fn platforms_and_unknown_hosts_are_public() {
        assert_eq!(class("rtmps://a.rtmps.youtube.com/live2/abcd-efgh"), Class::Platform("YouTube".into()));
        assert_eq!(class("rtmp://live.twitch.tv/app/live_123"), Class::Platform("Twitch".into()));
        assert_eq!(class("rtmp://fra05.contribute.live-video.net/app/k"), Class::Platform("Amazon IVS".into()));
        assert!(class("rtmp://stream.example.org/live/k").is_public());
        assert!(class("srt://203.0.113.7:9000").is_public());
        assert!(class("rtmp://youtube.com.evil.example/live/k").is_public());
    }

    #[test]
    fn loopback_lan_and_local_are_private() {
        for u in [
            "rtmp://127.0.0.1/live/x",
            "srt://[::1]:9000",
            "rtmp://localhost:1935/live/x",
            "srt://192.168.1.20:9000",
            "rtmp://10.0.0.5/live",
            "rtmp://obs.local/live",
            "out.mkv",
            "v4l2:/dev/video10",
            "preview",
        ] {
            assert!(!class(u).is_public(), "{u}");
        }
    }

    #[test]
    fn refusal_needs_private_marking_and_hides_the_key() {
        let d = Destination::parse("rtmps://a.rtmps.youtube.com/live2/SECRETKEY-1234").unwrap();
        let e = check(d.clone(), None).unwrap_err().to_string();
        assert!(e.contains("YouTube") && !e.contains("SECRETKEY"), "{e}");
        let a = check(d, Some(Marking::Flag)).unwrap();
        assert_eq!(a.marking(), Some(&Marking::Flag));
    }

    #[test]
    fn listeners_are_judged_by_what_they_bind() {
        for u in [
            "srt://0.0.0.0:9001?mode=listener",
            "srt://[::]:9000?mode=listener",
            "srt://127.0.0.1:9000?mode=listener&localaddress=0.0.0.0",
            "srt://:9000",
            "srt://:9000?mode=listener",
            "srt://203.0.113.9:9000?mode=listener",
            "srt://127.0.0.1:9000?mode=rendezvous",
            "srt://0.0.0.0:9000",
        ] {
            assert!(class(u).is_public(), "{u}: {:?}", class(u));
        }
        assert_eq!(class("srt://127.0.0.1:9000?mode=listener"), Class::Loopback);
        assert_eq!(class("srt://:9000?mode=listener&localaddress=127.0.0.1"), Class::Loopback);
        assert_eq!(class("srt://192.168.1.5:9000?mode=listener"), Class::PrivateLan);
        assert_eq!(class("srt://10.1.1.1:9000?mode=rendezvous&localaddress=10.1.1.2"), Class::PrivateLan);
    }

    #[test]
    fn only_names_a_resolver_must_keep_local_are_private() {
        for u in ["rtmp://evil.lan/live/x", "rtmp://x.home.arpa/live/x", "rtmp://100.64.0.1/live/x", "rtmp://[::ffff:8.8.8.8]/live/x"] {
            assert!(class(u).is_public(), "{u}");
        }
        assert_eq!(class("rtmp://live.twitch.tv.localhost/app/k"), Class::Loopback);
        assert_eq!(class("rtmp://[::ffff:127.0.0.1]/app/k"), Class::Loopback);
        assert_eq!(class("rtmp://studio.local/app/k"), Class::PrivateLan);
    }
}
