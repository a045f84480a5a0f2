//! Stream profiles: TOML files naming a source, a destination, its visibility and tuning.
//! The ready ones in `pipelines/` are built in and chosen by name; a user profile file or
//! command-line flags override them field by field.

use serde::Deserialize;

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub from: Option<String>,
    pub to: Option<String>,
    /// "public" (default) or "private".
    pub visibility: Option<Visibility>,
    pub delay_ms: Option<u32>,
    pub fps: Option<u32>,
    pub bitrate_kbps: Option<u32>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    Public,
    Private,
}

/// The built-in pipelines, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("obs-srt-to-rtmp", include_str!("../../pipelines/obs-srt-to-rtmp.toml")),
    ("screen-to-rtmp", include_str!("../../pipelines/screen-to-rtmp.toml")),
    ("screen-to-virtualcam", include_str!("../../pipelines/screen-to-virtualcam.toml")),
    ("screen-to-file", include_str!("../../pipelines/screen-to-file.toml")),
];

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("unknown pipeline {0:?}; built in: obs-srt-to-rtmp, screen-to-rtmp, screen-to-virtualcam, screen-to-file")]
    Unknown(String),
    #[error("invalid profile {name}: {msg}")]
    Parse { name: String, msg: String },
}

impl crate::error::Kinded for ProfileError {
    fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::Usage
    }
}

pub fn parse(name: &str, text: &str) -> Result<Profile, ProfileError> {
    toml::from_str(text).map_err(|e| ProfileError::Parse { name: name.to_string(), msg: e.message().to_string() })
}

pub fn builtin(name: &str) -> Result<Profile, ProfileError> {
    let (_, text) = BUILTIN.iter().find(|(n, _)| *n == name).ok_or_else(|| ProfileError::Unknown(name.to_string()))?;
    parse(name, text)
}

impl Profile {
    /// `over`'s fields win where set.
    pub fn merged(self, over: Profile) -> Profile {
        Profile {
            from: over.from.or(self.from),
            to: over.to.or(self.to),
            visibility: over.visibility.or(self.visibility),
            delay_ms: over.delay_ms.or(self.delay_ms),
            fps: over.fps.or(self.fps),
            bitrate_kbps: over.bitrate_kbps.or(self.bitrate_kbps),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse_and_default_to_public() {
        for (n, _) in BUILTIN {
            let p = builtin(n).unwrap();
            assert!(p.from.is_some() && p.to.is_some(), "{n}");
            assert_ne!(p.visibility, Some(Visibility::Private), "{n}: built-ins never pre-approve");
        }
        assert!(parse("x", "form = \"screen\"").is_err());
        let m = builtin("screen-to-file").unwrap().merged(Profile { to: Some("b.mkv".into()), ..Default::default() });
        assert_eq!(m.to.as_deref(), Some("b.mkv"));
    }
}
