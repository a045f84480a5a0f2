//! screenveil's analysis and redaction stages, and the configuration file that sets them
//! ([`config`]): [`engine`] analyses one frame (OCR → detect →
//! masks), [`track`] a sequence of frames (only what changed is read again), [`redact`] turns
//! findings into masks and applies them. OCR is reached through
//! [`screenveil_ocr::reader::Reader`], so the tracker runs over a scripted reader in tests.

// The other stages keep their module names here, as in every screenveil crate.
use screenveil_core::{error, frame, geom, text};
use screenveil_detect as detect;
use screenveil_ocr as ocr;

pub mod config;
pub mod engine;
pub mod redact;
pub mod track;
