//! The configuration file (TOML). Unknown keys are errors, so a typo never silently turns a
//! protection off.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::detect::Category;
use crate::ocr::OcrConfig;
use crate::redact::RedactConfig;

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub ocr: OcrConfig,
    pub redact: RedactConfig,
    pub detect: DetectPolicy,
}

/// Which findings are masked.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DetectPolicy {
    /// Categories not to mask (e.g. `["name"]` for a screen of public speaker names).
    pub disable: Vec<Category>,
    /// Findings below this confidence are not masked.
    pub min_confidence: f32,
}

impl Default for DetectPolicy {
    fn default() -> Self {
        DetectPolicy { disable: Vec::new(), min_confidence: 0.5 }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("invalid config {path}: {msg}")]
    Parse { path: String, msg: String },
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
        assert!(toml::from_str::<Config>("[detect]\ndisable = [\"nmae\"]\n").is_err());
        let c: Config = toml::from_str("[detect]\ndisable = [\"name\"]\n[redact]\nstyle = \"pixelate\"\n").unwrap();
        assert_eq!(c.detect.disable, vec![Category::Name]);
    }
}
