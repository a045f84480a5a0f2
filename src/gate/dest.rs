//! Destinations parsed once into typed values. The gate classifies this value and the sink is
//! built from it (never from the user's string), so the two cannot read one URL differently:
//! anything GStreamer might read in another way than we do (control characters, unparsable
//! ports, unknown SRT options, user info in an SRT URL, RTMP queries) is refused here.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use super::GateError;
use super::mask::mask_url;

/// Where a stream goes.
#[derive(Clone, PartialEq, Eq)]
pub enum Destination {
    Net(NetDest),
    File(PathBuf),
    /// A v4l2loopback device (virtual camera for meeting apps).
    VirtualCam(PathBuf),
    /// A local window.
    Preview,
}

impl std::fmt::Debug for Destination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Rtmp,
    Rtmps,
    Srt,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Host {
    Ip(IpAddr),
    /// A DNS name: lower case, LDH labels, no trailing dot.
    Name(String),
}

impl Host {
    /// The address the sink is given: names that must stay on this machine are replaced by
    /// the loopback address, so no resolver can send them elsewhere.
    fn for_sink(&self) -> String {
        match self {
            Host::Ip(IpAddr::V6(v6)) => format!("[{v6}]"),
            Host::Ip(ip) => ip.to_string(),
            Host::Name(n) if is_localhost_name(n) => Ipv4Addr::LOCALHOST.to_string(),
            Host::Name(n) => n.clone(),
        }
    }
}

impl std::fmt::Display for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Host::Ip(IpAddr::V6(v6)) => write!(f, "[{v6}]"),
            Host::Ip(ip) => write!(f, "{ip}"),
            Host::Name(n) => f.write_str(n),
        }
    }
}

/// RFC 6761: `localhost` and names under it are loopback by definition.
pub(super) fn is_localhost_name(n: &str) -> bool {
    n == "localhost" || n.ends_with(".localhost")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SrtMode {
    Caller,
    Listener,
    Rendezvous,
}

/// A network destination: RTMP(S) or SRT, every part typed.
#[derive(Clone, PartialEq, Eq)]
pub struct NetDest {
    pub scheme: Scheme,
    /// The peer (caller, rendezvous) or, for an SRT listener, the address in the URL.
    pub host: Option<Host>,
    pub port: Option<u16>,
    /// RTMP user info (secret).
    user: Option<(String, String)>,
    /// RTMP application and stream key path, percent-encoded as given (secret after the app).
    path: Vec<String>,
    pub mode: SrtMode,
    /// Where an SRT listener or rendezvous socket binds.
    pub bind: Option<IpAddr>,
    local_port: Option<u16>,
    /// SRT options that pass through, with validated values (passphrase, streamid secret).
    options: Vec<(&'static str, String)>,
}

/// SRT URL options accepted in a destination; anything else is refused rather than passed to
/// a parser we do not control. `mode`, `localaddress` and `localport` are typed fields.
const SRT_OPTIONS: &[&str] = &["passphrase", "pbkeylen", "latency", "streamid"];

fn bad(s: &str, why: impl Into<String>) -> GateError {
    GateError::Invalid { dest: mask_url(s), why: why.into() }
}

/// Characters a destination may never contain: C0/C1 controls, DEL, whitespace, NUL. The C
/// side cuts strings at NUL and the WHATWG parser silently drops tabs and newlines, so each
/// would make the sink read another URL than the gate.
pub fn has_forbidden_chars(s: &str) -> bool {
    s.chars().any(|c| c.is_control() || c.is_whitespace())
}

impl Destination {
    pub fn parse(s: &str) -> Result<Destination, GateError> {
        if s.is_empty() {
            return Err(bad(s, "empty destination"));
        }
        if has_forbidden_chars(s) {
            return Err(bad(s, "contains control characters or whitespace"));
        }
        let lower = s.to_ascii_lowercase();
        if lower == "preview" {
            return Ok(Destination::Preview);
        }
        if let Some(dev) = s.strip_prefix("v4l2:") {
            return parse_device(s, dev);
        }
        if let Some((scheme, _)) = lower.split_once(':') {
            let looks_like_scheme = !scheme.is_empty()
                && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
            if looks_like_scheme {
                return match scheme {
                    "rtmp" | "rtmps" | "srt" => NetDest::parse(s).map(Destination::Net),
                    _ => Err(GateError::Unsupported(mask_url(s))),
                };
            }
        }
        if lower.contains("://") {
            return Err(GateError::Unsupported(mask_url(s)));
        }
        Ok(Destination::File(s.into()))
    }

    /// The destination with stream keys and passwords masked (safe to log or print).
    pub fn display(&self) -> String {
        match self {
            Destination::Net(n) => n.display(),
            Destination::File(p) => super::mask::printable(&p.display().to_string()),
            Destination::VirtualCam(d) => format!("v4l2:{}", super::mask::printable(&d.display().to_string())),
            Destination::Preview => "preview".into(),
        }
    }

    /// Every secret this destination carries (stream key, passwords, passphrase, stream id),
    /// for scrubbing messages that come from elsewhere (GStreamer errors and logs).
    pub fn secrets(&self) -> Vec<String> {
        match self {
            Destination::Net(n) => n.secrets(),
            _ => Vec::new(),
        }
    }
}

fn parse_device(s: &str, dev: &str) -> Result<Destination, GateError> {
    let ok = dev.starts_with("/dev/")
        && dev.len() > 5
        && !dev.split('/').any(|seg| seg == "..")
        && dev.chars().all(|c| c.is_ascii_alphanumeric() || "/_-.".contains(c));
    if !ok {
        return Err(bad(s, "a virtual camera is v4l2:/dev/videoN"));
    }
    Ok(Destination::VirtualCam(dev.into()))
}

/// A host as the sink would read it: an IP literal in its one strict form, or a DNS name.
fn parse_host(s: &str, h: &url::Host<&str>) -> Result<Host, GateError> {
    match h {
        url::Host::Ipv4(v4) => Ok(Host::Ip(IpAddr::V4(*v4))),
        url::Host::Ipv6(v6) => Ok(Host::Ip(IpAddr::V6(*v6))),
        url::Host::Domain(d) => {
            let d = d.to_ascii_lowercase();
            if let Ok(ip) = d.parse::<Ipv4Addr>() {
                return Ok(Host::Ip(IpAddr::V4(ip)));
            }
            // Anything a resolver could read as a number (127.1, 0x7f.1, 2130706433, a
            // trailing dot) or that is no plain DNS name is refused: its meaning differs
            // between parsers.
            let labels_ok = !d.is_empty()
                && d.len() <= 253
                && d.split('.').all(|l| {
                    !l.is_empty() && l.len() <= 63 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') && !l.starts_with('-') && !l.ends_with('-')
                });
            let last_numeric = d.rsplit('.').next().is_some_and(|l| l.chars().all(|c| c.is_ascii_digit()) || l.starts_with("0x"));
            if !labels_ok || last_numeric {
                return Err(bad(s, "host is neither an IP address nor a plain DNS name"));
            }
            Ok(Host::Name(d))
        }
    }
}

fn parse_ip_param(s: &str, v: &str) -> Result<IpAddr, GateError> {
    let v = v.trim_start_matches('[').trim_end_matches(']');
    if v == "localhost" {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    v.parse().map_err(|_| bad(s, "localaddress must be an IP address"))
}

fn parse_port(s: &str, v: &str) -> Result<u16, GateError> {
    match v.parse::<u16>() {
        Ok(p) if p > 0 && v.chars().all(|c| c.is_ascii_digit()) => Ok(p),
        _ => Err(bad(s, "invalid port")),
    }
}

impl NetDest {
    pub fn parse(s: &str) -> Result<NetDest, GateError> {
        // `srt://:9000` (no host: listen) is what GStreamer and OBS users write; the URL
        // standard has no empty host with a port, so it is parsed with the unspecified address
        // and remembered as hostless.
        let hostless = s.find("://").is_some_and(|i| s[i + 3..].starts_with(':'));
        let text = if hostless { s.replacen("://", "://0.0.0.0", 1) } else { s.to_string() };
        let u = url::Url::parse(&text).map_err(|e| bad(s, format!("not a valid URL ({e})")))?;
        // The WHATWG parser may normalise what it does not reject; a URL that does not come
        // back as written (apart from case and an empty path) is ambiguous.
        let scheme = match u.scheme() {
            "rtmp" => Scheme::Rtmp,
            "rtmps" => Scheme::Rtmps,
            "srt" => Scheme::Srt,
            _ => return Err(GateError::Unsupported(mask_url(s))),
        };
        if !s[u.scheme().len()..].starts_with("://") {
            return Err(bad(s, "expected scheme://host"));
        }
        if u.fragment().is_some() {
            return Err(bad(s, "a fragment (#…) is not part of a stream address"));
        }
        let host = match u.host() {
            _ if hostless => None,
            Some(h) if !matches!(h, url::Host::Domain("")) => Some(parse_host(s, &h)?),
            _ => None,
        };
        let port = u.port();
        if port == Some(0) {
            return Err(bad(s, "invalid port"));
        }
        let has_user = !u.username().is_empty() || u.password().is_some();
        let mut d = NetDest { scheme, host, port, user: None, path: Vec::new(), mode: SrtMode::Caller, bind: None, local_port: None, options: Vec::new() };
        match scheme {
            Scheme::Rtmp | Scheme::Rtmps => {
                if d.host.is_none() {
                    return Err(bad(s, "no host"));
                }
                if u.query().is_some() {
                    return Err(bad(s, "an RTMP address has no query (?…): put the stream key in the path"));
                }
                if has_user {
                    d.user = Some((u.username().to_string(), u.password().unwrap_or("").to_string()));
                }
                d.path = u.path().trim_start_matches('/').split('/').filter(|p| !p.is_empty()).map(str::to_string).collect();
            }
            Scheme::Srt => {
                if has_user {
                    return Err(bad(s, "an SRT address has no user info: use ?passphrase="));
                }
                if !matches!(u.path(), "" | "/") {
                    return Err(bad(s, "an SRT address has no path: use ?streamid="));
                }
                d.mode = if d.host.is_some() { SrtMode::Caller } else { SrtMode::Listener };
                let mut seen = std::collections::HashSet::new();
                for (k, v) in u.query_pairs() {
                    if !seen.insert(k.to_string()) {
                        return Err(bad(s, "an SRT option is given twice"));
                    }
                    match k.as_ref() {
                        "mode" => {
                            d.mode = match v.as_ref() {
                                "caller" => SrtMode::Caller,
                                "listener" => SrtMode::Listener,
                                "rendezvous" => SrtMode::Rendezvous,
                                _ => return Err(bad(s, "SRT mode is caller, listener or rendezvous")),
                            }
                        }
                        "localaddress" => d.bind = Some(parse_ip_param(s, &v)?),
                        "localport" => d.local_port = Some(parse_port(s, &v)?),
                        "latency" | "pbkeylen" if v.parse::<u32>().is_err() => return Err(bad(s, format!("SRT option {k} takes a number"))),
                        k if SRT_OPTIONS.contains(&k) => {
                            let name = SRT_OPTIONS.iter().copied().find(|o| *o == k).expect("listed");
                            d.options.push((name, v.into_owned()));
                        }
                        // The name is not echoed: `?SECRET` has the key as its name.
                        _ => {
                            return Err(bad(
                                s,
                                "unknown SRT option (screenveil passes mode, localaddress, localport, passphrase, pbkeylen, latency, streamid)",
                            ));
                        }
                    }
                }
                if d.mode == SrtMode::Caller && d.host.is_none() {
                    return Err(bad(s, "an SRT caller needs a host"));
                }
                if d.mode == SrtMode::Caller && d.port.is_none() {
                    return Err(bad(s, "an SRT address needs a port"));
                }
                // A listener binds what the URL names unless localaddress says otherwise; a
                // bind address must be a literal (a name could resolve to any interface).
                if d.mode != SrtMode::Caller && d.bind.is_none() {
                    d.bind = match (&d.host, d.mode) {
                        (Some(Host::Ip(ip)), SrtMode::Listener) => Some(*ip),
                        (Some(Host::Name(n)), SrtMode::Listener) if is_localhost_name(n) => Some(IpAddr::V4(Ipv4Addr::LOCALHOST)),
                        (Some(Host::Name(_)), SrtMode::Listener) => return Err(bad(s, "a listener binds an IP address, not a name")),
                        _ => Some(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
                    };
                }
                if d.mode != SrtMode::Caller && d.local_port.is_none() {
                    d.local_port = d.port;
                }
                if d.mode != SrtMode::Caller && d.local_port.is_none() {
                    return Err(bad(s, "an SRT listener needs a port"));
                }
            }
        }
        Ok(d)
    }

    /// Safe to print: host and port as parsed, secrets masked.
    pub fn display(&self) -> String {
        let scheme = match self.scheme {
            Scheme::Rtmp => "rtmp",
            Scheme::Rtmps => "rtmps",
            Scheme::Srt => "srt",
        };
        let mut out = format!("{scheme}://");
        if self.user.is_some() {
            out.push_str("****@");
        }
        if let Some(h) = &self.host {
            out.push_str(&h.to_string());
        }
        if let Some(p) = self.port {
            out.push_str(&format!(":{p}"));
        }
        match self.path.as_slice() {
            [] => {}
            [_] => out.push_str("/****"),
            [app, ..] => out.push_str(&format!("/{}/****", super::mask::printable(app))),
        }
        if self.scheme == Scheme::Srt {
            let mut q = vec![format!(
                "mode={}",
                match self.mode {
                    SrtMode::Caller => "caller",
                    SrtMode::Listener => "listener",
                    SrtMode::Rendezvous => "rendezvous",
                }
            )];
            if let Some(b) = self.bind {
                q.push(format!("localaddress={b}"));
            }
            for (k, v) in &self.options {
                q.push(if matches!(*k, "latency" | "pbkeylen") { format!("{k}={v}") } else { format!("{k}=****") });
            }
            out.push('?');
            out.push_str(&q.join("&"));
        }
        out
    }

    pub fn secrets(&self) -> Vec<String> {
        let mut v: Vec<String> = self.path.iter().skip(usize::from(self.path.len() > 1)).cloned().collect();
        if let Some((u, p)) = &self.user {
            v.push(u.clone());
            v.push(p.clone());
        }
        v.extend(self.options.iter().filter(|(k, _)| matches!(*k, "passphrase" | "streamid")).map(|(_, v)| v.clone()));
        v.retain(|s| !s.is_empty());
        v
    }

    /// The RTMP location for `rtmp2sink` (user info goes to its own properties).
    pub fn rtmp_location(&self) -> Option<String> {
        if self.scheme == Scheme::Srt {
            return None;
        }
        let scheme = if self.scheme == Scheme::Rtmps { "rtmps" } else { "rtmp" };
        let host = self.host.as_ref()?.for_sink();
        let port = self.port.map(|p| format!(":{p}")).unwrap_or_default();
        Some(format!("{scheme}://{host}{port}/{}", self.path.join("/")))
    }

    /// RTMP user name and password, when the URL had them.
    pub fn rtmp_credentials(&self) -> Option<(&str, &str)> {
        self.user.as_ref().map(|(u, p)| (u.as_str(), p.as_str()))
    }

    /// The SRT URI for `srtsink`: every parameter explicit (mode, bind address and port for
    /// listeners), values percent-encoded, nothing left for a default to decide.
    pub fn srt_uri(&self) -> Option<String> {
        if self.scheme != Scheme::Srt {
            return None;
        }
        let enc = |v: &str| percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC).to_string();
        let mut q = Vec::new();
        let authority = match self.mode {
            SrtMode::Caller => {
                q.push("mode=caller".to_string());
                format!("{}:{}", self.host.as_ref()?.for_sink(), self.port?)
            }
            SrtMode::Listener | SrtMode::Rendezvous => {
                let bind = self.bind?;
                let lport = self.local_port?;
                q.push(format!("mode={}", if self.mode == SrtMode::Listener { "listener" } else { "rendezvous" }));
                q.push(format!("localaddress={bind}"));
                q.push(format!("localport={lport}"));
                match (self.mode, &self.host) {
                    (SrtMode::Rendezvous, Some(h)) => format!("{}:{}", h.for_sink(), self.port.unwrap_or(lport)),
                    _ => format!("{}:{lport}", Host::Ip(bind).for_sink()),
                }
            }
        };
        for (k, v) in &self.options {
            q.push(format!("{k}={}", enc(v)));
        }
        Some(format!("srt://{authority}?{}", q.join("&")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sink_strings_come_from_the_typed_value() {
        let Destination::Net(d) = Destination::parse("srt://:9000?mode=listener").unwrap() else { panic!() };
        assert_eq!(d.bind, Some(IpAddr::V4(Ipv4Addr::UNSPECIFIED)));
        let Destination::Net(d) = Destination::parse("srt://127.0.0.1:9000?mode=listener&passphrase=a%20b&latency=120").unwrap() else { panic!() };
        assert_eq!(d.srt_uri().unwrap(), "srt://127.0.0.1:9000?mode=listener&localaddress=127.0.0.1&localport=9000&passphrase=a%20b&latency=120");
        let Destination::Net(d) = Destination::parse("rtmp://user:pw@localhost:1935/live/KEY").unwrap() else { panic!() };
        assert_eq!(d.rtmp_location().unwrap(), "rtmp://127.0.0.1:1935/live/KEY");
        assert_eq!(d.rtmp_credentials(), Some(("user", "pw")));
        assert_eq!(d.display(), "rtmp://****@localhost:1935/live/****");
    }

    #[test]
    fn ambiguous_addresses_are_refused() {
        for s in [
            "srt://127.0.0.1:9002x",
            "srt://[fc00::1].example:9003",
            "srt://192.0.2.1:9000\u{0}.localhost:1",
            "rtmp://user:p?ss@host/app/KEY",
            "rtmp://127.0.0.1?@live.twitch.tv/app/KEY",
            "srt://127.0.0.1:9000?SECRET",
            "srt://127.0.0.1:9000/SECRET",
            "rtmp://h/app#FRAGMENT",
            "rtmp:/live.twitch.tv/app/KEY",
            "v4l2:rtmp://live.twitch.tv/app/KEY",
            "rtmp://127.1/live/x",
            "rtmp://127.0.0.1./live/x",
            "srt://h:9000?mode=listener&localaddress=0.0.0.0&localaddress=127.0.0.1",
            "srt://x:1?poll-timeout=1",
            "rtmp://a\tb/live/x",
            "srt://127.0.0.1:0",
        ] {
            assert!(Destination::parse(s).is_err(), "{s:?} parsed");
        }
    }
}
