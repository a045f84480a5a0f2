//! screenveil: finds secrets and personal data on screen images and hides them for good.
//!
//! Data flows ingest → ocr → detect → track → redact → output, with `report` beside them; typed
//! values ([`geom::Rect`], [`text::Word`], [`text::TextLine`], [`detect::Finding`],
//! [`redact::Mask`]) travel between the stages, always in frame pixels. Every path drives
//! the same [`engine::Engine`]. Every error says its [`error::ErrorKind`].

// The shared values and the detectors are crates of their own (the detectors build without
// any C library); they keep their module names here.
pub use screenveil_core::{error, frame, geom, text};
pub use screenveil_detect as detect;

pub mod config;
pub mod element;
pub mod engine;
pub mod gate;
pub mod ingest;
pub mod ocr;
pub mod output;
pub mod redact;
pub mod report;
pub mod screenshot;
pub mod stream;
pub mod track;
pub mod video;
