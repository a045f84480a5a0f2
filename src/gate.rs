//! The publish gate: decides, before any connection, whether a destination may receive the
//! stream. Known public platforms and every unknown remote host are public; loopback,
//! private LAN ranges, files, the virtual camera and the preview window are private.
//! Publishing to a public destination needs an explicit "this stream is private" marking.
//!
//! The only way to get an [`Approved`] destination is [`check`], and every sink constructor
//! takes one, so no code path can open a sink the gate has not passed. Stream keys are
//! secrets: [`Destination::display`] masks them, and nothing here logs a full URL.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

const PLATFORMS: &str = include_str!("../models/gate/public-platforms.txt");

/// Where a stream goes.
#[derive(Clone, PartialEq, Eq)]
pub enum Destination {
    Rtmp(String),
    Srt(String),
    File(std::path::PathBuf),
    /// A v4l2loopback device (virtual camera for meeting apps).
    VirtualCam(String),
    /// A local window.
    Preview,
}

impl std::fmt::Debug for Destination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

/// Why a destination is public or private.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Class {
    Platform(String),
    UnknownRemote(String),
    Loopback,
    PrivateLan,
    Local,
}

impl Class {
    pub fn is_public(&self) -> bool {
        matches!(self, Class::Platform(_) | Class::UnknownRemote(_))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GateError {
    #[error("refusing to publish to {dest}: {why}. Mark the stream private for this destination (--private, or visibility = \"private\" in the profile) only if the platform stream really is private/unlisted to you")]
    Public { dest: String, why: String },
    #[error("unsupported destination {0}: use rtmp://, rtmps://, srt://, a file path, v4l2:/dev/videoN or preview")]
    Unsupported(String),
}

/// A destination the gate let through. Only [`check`] makes one.
#[derive(Debug)]
pub struct Approved {
    dest: Destination,
    class: Class,
    _sealed: (),
}

impl Approved {
    pub fn destination(&self) -> &Destination {
        &self.dest
    }
    pub fn class(&self) -> &Class {
        &self.class
    }
}

impl Destination {
    pub fn parse(s: &str) -> Result<Destination, GateError> {
        let lower = s.to_ascii_lowercase();
        if lower.starts_with("rtmp://") || lower.starts_with("rtmps://") {
            Ok(Destination::Rtmp(s.to_string()))
        } else if lower.starts_with("srt://") {
            Ok(Destination::Srt(s.to_string()))
        } else if let Some(dev) = s.strip_prefix("v4l2:") {
            Ok(Destination::VirtualCam(dev.to_string()))
        } else if lower == "preview" {
            Ok(Destination::Preview)
        } else if lower.contains("://") {
            Err(GateError::Unsupported(mask_url(s)))
        } else {
            Ok(Destination::File(s.into()))
        }
    }

    /// The destination with stream keys and passwords masked (safe to log or print).
    pub fn display(&self) -> String {
        match self {
            Destination::Rtmp(u) | Destination::Srt(u) => mask_url(u),
            Destination::File(p) => p.display().to_string(),
            Destination::VirtualCam(d) => format!("v4l2:{d}"),
            Destination::Preview => "preview".into(),
        }
    }

    fn host(&self) -> Option<String> {
        match self {
            Destination::Rtmp(u) | Destination::Srt(u) => Some(host_of(u)),
            _ => None,
        }
    }
}

/// Host of a URL (lower case, without user info, port or IPv6 brackets).
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let auth = rest.split(['/', '?', '#']).next().unwrap_or("");
    let auth = auth.rsplit_once('@').map_or(auth, |(_, h)| h);
    let host = if let Some(v6) = auth.strip_prefix('[') { v6.split(']').next().unwrap_or("") } else { auth.rsplit_once(':').map_or(auth, |(h, _)| h) };
    host.trim_end_matches('.').to_ascii_lowercase()
}

/// Masks what follows the host path's first segment (RTMP stream keys), query values
/// (SRT `streamid`, `passphrase`) and user info.
pub fn mask_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return "****".into() };
    let (auth_path, query) = rest.split_once('?').map_or((rest, None), |(a, q)| (a, Some(q)));
    let (auth, path) = auth_path.split_once('/').map_or((auth_path, None), |(a, p)| (a, Some(p)));
    let auth = auth.rsplit_once('@').map_or(auth.to_string(), |(_, h)| format!("****@{h}"));
    let mut out = format!("{scheme}://{auth}");
    if let Some(p) = path {
        let mut segs = p.split('/');
        out.push('/');
        out.push_str(segs.next().unwrap_or(""));
        if segs.next().is_some() {
            out.push_str("/****");
        }
    }
    if let Some(q) = query {
        let masked: Vec<String> = q.split('&').map(|kv| kv.split_once('=').map_or(kv.to_string(), |(k, _)| format!("{k}=****"))).collect();
        out.push('?');
        out.push_str(&masked.join("&"));
    }
    out
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

fn private_ip(ip: IpAddr) -> Option<Class> {
    match ip {
        IpAddr::V4(v4) if v4.is_loopback() || v4.is_unspecified() => Some(Class::Loopback),
        IpAddr::V4(v4) if v4.is_private() || v4.is_link_local() || in_cgnat(v4) => Some(Class::PrivateLan),
        IpAddr::V6(v6) if v6.is_loopback() || v6 == Ipv6Addr::UNSPECIFIED => Some(Class::Loopback),
        IpAddr::V6(v6) if (v6.segments()[0] & 0xfe00) == 0xfc00 || (v6.segments()[0] & 0xffc0) == 0xfe80 => Some(Class::PrivateLan),
        _ => None,
    }
}

fn in_cgnat(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    o[0] == 100 && (64..128).contains(&o[1])
}

/// Classifies a destination without connecting anywhere (no DNS lookup either: a name is
/// judged by what it says, so a public host cannot hide behind a resolver).
pub fn classify(dest: &Destination) -> Class {
    let Some(host) = dest.host() else { return Class::Local };
    if host == "localhost" || host.ends_with(".localhost") {
        return Class::Loopback;
    }
    if let Ok(ip) = host.parse::<IpAddr>() {
        return private_ip(ip).unwrap_or(Class::UnknownRemote(host));
    }
    if let Some(p) = platform_of(&host) {
        return Class::Platform(p);
    }
    if host.ends_with(".local") || host.ends_with(".lan") || host.ends_with(".home.arpa") {
        return Class::PrivateLan;
    }
    Class::UnknownRemote(host)
}

/// One line saying what the gate decides and why.
pub fn explain(dest: &Destination, marked_private: bool) -> (bool, String) {
    let c = classify(dest);
    let what = match &c {
        Class::Platform(p) => format!("public platform ({p})"),
        Class::UnknownRemote(h) => format!("unknown remote host {h}, treated as public"),
        Class::Loopback => "loopback (this machine)".into(),
        Class::PrivateLan => "private network address".into(),
        Class::Local => "local output (file, virtual camera or preview)".into(),
    };
    let allowed = !c.is_public() || marked_private;
    let verdict = match (c.is_public(), marked_private) {
        (false, _) => "allowed",
        (true, true) => "allowed: marked private",
        (true, false) => "refused: public destination not marked private",
    };
    (allowed, format!("{}: {what}; {verdict}", dest.display()))
}

/// The gate itself.
pub fn check(dest: Destination, marked_private: bool) -> Result<Approved, GateError> {
    let class = classify(&dest);
    if class.is_public() && !marked_private {
        let why = match &class {
            Class::Platform(p) => format!("{p} is a public platform"),
            Class::UnknownRemote(h) => format!("{h} is a remote host screenveil does not know to be private"),
            _ => unreachable!("public classes only"),
        };
        return Err(GateError::Public { dest: dest.display(), why });
    }
    Ok(Approved { dest, class, _sealed: () })
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
        for u in ["rtmp://127.0.0.1/live/x", "srt://[::1]:9000", "rtmp://localhost:1935/live/x", "srt://192.168.1.20:9000", "rtmp://10.0.0.5/live", "rtmp://obs.local/live", "out.mkv", "v4l2:/dev/video10", "preview"] {
            assert!(!class(u).is_public(), "{u}");
        }
    }

    #[test]
    fn refusal_needs_private_marking_and_hides_the_key() {
        let d = Destination::parse("rtmps://a.rtmps.youtube.com/live2/SECRETKEY-1234").unwrap();
        let e = check(d.clone(), false).unwrap_err().to_string();
        assert!(e.contains("YouTube") && !e.contains("SECRETKEY"), "{e}");
        assert!(check(d, true).is_ok());
        assert_eq!(mask_url("srt://host:9000?streamid=abc&passphrase=xyz"), "srt://host:9000?streamid=****&passphrase=****");
        assert_eq!(mask_url("rtmp://user:pw@h/app/key"), "rtmp://****@h/app/****");
    }
}
