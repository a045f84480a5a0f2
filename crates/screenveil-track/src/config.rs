//! The configuration file (TOML). Unknown keys are errors, so a typo never silently turns a
//! protection off.

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use crate::detect::policy::DetectPolicy;
use crate::ocr::OcrConfig;
use crate::redact::RedactConfig;

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub ocr: OcrConfig,
    pub redact: RedactConfig,
    pub detect: DetectPolicy,
    /// Incremental analysis of recordings and streams.
    pub video: crate::track::TrackConfig,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("invalid config {path}: {msg}")]
    Parse { path: String, msg: String },
}

impl crate::error::Kinded for ConfigError {
    fn kind(&self) -> crate::error::ErrorKind {
        crate::error::ErrorKind::Usage
    }
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let p = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: p.clone(), source })?;
        toml::from_str(&text).map_err(|e| ConfigError::Parse { path: p, msg: e.message().to_string() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors() {
        assert!(toml::from_str::<Config>("[ocr]\nprimary = \"eng\"\n").is_ok());
        assert!(toml::from_str::<Config>("[ocr]\nprimery = \"eng\"\n").is_err());
        let c: Config = toml::from_str("[detect]\ndisable = [\"name\"]\n[redact]\nstyle = \"pixelate\"\n").unwrap();
        assert_eq!(c.detect.disable, vec!["name".to_string()]);
    }
}
