//! OBS's side of the guard: the stream service settings (where OBS streams) and the
//! obs-websocket connection settings OBS keeps in its own configuration.
//!
//! OBS 28/29 keep the websocket's settings in `global.ini` (`[OBSWebSocket]`), OBS 30+ in
//! `plugin_config/obs-websocket/config.json`; both are read, the newer first.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// OBS's stream destination as obs-websocket gives it (`GetStreamServiceSettings`).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    /// `rtmp_custom`, `rtmp_common` (a listed platform), or another output's service.
    pub kind: String,
    pub settings: serde_json::Value,
}

/// The settings carry the stream key: never printed whole.
impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Service({}, {})", self.kind, self.shown())
    }
}

impl Service {
    /// The custom service that sends OBS's stream to screenveil's SRT listener.
    pub fn through(listener: &str) -> Service {
        Service { kind: "rtmp_custom".into(), settings: serde_json::json!({ "server": listener, "key": "" }) }
    }

    fn field(&self, k: &str) -> &str {
        self.settings.get(k).and_then(|v| v.as_str()).unwrap_or("")
    }

    /// Whether OBS streams to `listener` (screenveil) with these settings.
    pub fn goes_through(&self, listener: &str) -> bool {
        let server = self.field("server").trim().trim_end_matches('/');
        self.kind == "rtmp_custom" && self.field("key").is_empty() && (server == listener || server.strip_prefix(listener).is_some_and(|q| q.starts_with('?')))
    }

    /// The destination these settings stream to as one URL (`server/key` for RTMP, the server
    /// URL for SRT and RIST), or `None` where OBS resolves the server itself (`auto`).
    pub fn destination(&self) -> Option<String> {
        let server = self.field("server").trim();
        let key = self.field("key").trim();
        let scheme = server.split("://").next().unwrap_or("").to_ascii_lowercase();
        if !server.contains("://") {
            return None;
        }
        Some(match scheme.as_str() {
            "rtmp" | "rtmps" if !key.is_empty() => format!("{}/{key}", server.trim_end_matches('/')),
            _ => server.to_string(),
        })
    }

    /// The destination masked for people and logs.
    pub fn shown(&self) -> String {
        match self.destination() {
            Some(d) => crate::gate::Destination::parse(&d).map(|d| d.display()).unwrap_or_else(|_| crate::gate::mask_url(&d)),
            None => format!("{} service {}", self.kind, crate::gate::printable(self.settings.get("service").and_then(|v| v.as_str()).unwrap_or("?"))),
        }
    }
}

/// The obs-websocket server as OBS is configured to run it.
#[derive(Clone, Default, PartialEq)]
pub struct WebsocketConfig {
    pub enabled: Option<bool>,
    pub port: Option<u16>,
    pub password: Option<String>,
}

impl std::fmt::Debug for WebsocketConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WebsocketConfig({:?}, {:?}, password {})", self.enabled, self.port, if self.password.is_some() { "set" } else { "none" })
    }
}

/// OBS's configuration folder: `$XDG_CONFIG_HOME/obs-studio` or `~/.config/obs-studio`.
pub fn default_config_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from).or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".config")))?;
    Some(base.join("obs-studio"))
}

/// Reads the websocket's settings from an OBS configuration folder, if it has them.
pub fn websocket_config(dir: &Path) -> Option<WebsocketConfig> {
    let json = dir.join("plugin_config/obs-websocket/config.json");
    if let Some(c) = std::fs::read_to_string(json).ok().and_then(|t| from_json(&t)) {
        return Some(c);
    }
    std::fs::read_to_string(dir.join("global.ini")).ok().and_then(|t| from_ini(&t))
}

fn from_json(text: &str) -> Option<WebsocketConfig> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let auth = v.get("auth_required").and_then(|a| a.as_bool()).unwrap_or(true);
    Some(WebsocketConfig {
        enabled: v.get("server_enabled").and_then(|a| a.as_bool()),
        port: v.get("server_port").and_then(|p| p.as_u64()).and_then(|p| u16::try_from(p).ok()),
        password: v.get("server_password").and_then(|p| p.as_str()).filter(|p| auth && !p.is_empty()).map(str::to_string),
    })
}

fn from_ini(text: &str) -> Option<WebsocketConfig> {
    let mut in_section = false;
    let mut c = WebsocketConfig::default();
    let mut auth = true;
    let mut found = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_section = line == "[OBSWebSocket]";
            found |= in_section;
            continue;
        }
        let Some((k, v)) = line.split_once('=').filter(|_| in_section) else { continue };
        let truthy = v.trim().eq_ignore_ascii_case("true");
        match k.trim() {
            "ServerEnabled" => c.enabled = Some(truthy),
            "ServerPort" => c.port = v.trim().parse().ok(),
            "AuthRequired" => auth = truthy,
            "ServerPassword" if !v.trim().is_empty() => c.password = Some(v.trim().to_string()),
            _ => {}
        }
    }
    if !auth {
        c.password = None;
    }
    found.then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn custom(server: &str, key: &str) -> Service {
        Service { kind: "rtmp_custom".into(), settings: serde_json::json!({ "server": server, "key": key }) }
    }

    #[test]
    fn destinations_and_ours() {
        assert_eq!(custom("rtmp://a.rtmp.youtube.com/live2/", "abcd-efgh").destination().as_deref(), Some("rtmp://a.rtmp.youtube.com/live2/abcd-efgh"));
        assert_eq!(custom("srt://10.0.0.5:9000?streamid=x", "").destination().as_deref(), Some("srt://10.0.0.5:9000?streamid=x"));
        let common = Service { kind: "rtmp_common".into(), settings: serde_json::json!({ "service": "Twitch", "server": "auto", "key": "live_1" }) };
        assert_eq!(common.destination(), None);
        assert!(!format!("{common:?}").contains("live_1"));
        let ours = "srt://127.0.0.1:9710";
        assert!(Service::through(ours).goes_through(ours));
        assert!(custom("srt://127.0.0.1:9710?latency=200", "").goes_through(ours));
        assert!(!custom("srt://127.0.0.1:97100", "").goes_through(ours));
        assert!(!custom(ours, "key").goes_through(ours), "a key sends OBS elsewhere on some services");
        assert!(!custom("rtmp://127.0.0.1/live", "").goes_through(ours));
        let yt = custom("rtmp://a.rtmp.youtube.com/live2", "abcd-efgh-ijkl");
        assert!(!format!("{yt:?}").contains("abcd-efgh-ijkl"), "{yt:?}");
    }

    #[test]
    fn websocket_settings_from_both_layouts() {
        let ini = "[General]\nFirstRun=true\n\n[OBSWebSocket]\nServerEnabled=true\nServerPort=4466\nAuthRequired=true\nServerPassword=s3cret\n";
        assert_eq!(from_ini(ini), Some(WebsocketConfig { enabled: Some(true), port: Some(4466), password: Some("s3cret".into()) }));
        assert_eq!(from_ini(&ini.replace("AuthRequired=true", "AuthRequired=false")).and_then(|c| c.password), None);
        assert_eq!(from_ini("[General]\nServerPort=1\n"), None);
        let json = r#"{"server_enabled":true,"server_port":4455,"auth_required":true,"server_password":"pw"}"#;
        assert_eq!(from_json(json), Some(WebsocketConfig { enabled: Some(true), port: Some(4455), password: Some("pw".into()) }));
        let c = from_json(json).unwrap();
        assert!(!format!("{c:?}").contains("pw\""));
    }
}
