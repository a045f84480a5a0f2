//! screenveil: finds secrets and personal data on screen images and hides them for good.
//!
//! Data flows ingest → ocr → detect → track → redact → output, with `report` beside them; typed
//! values ([`geom::Rect`], [`text::Word`], [`text::TextLine`], [`detect::Finding`],
//! [`redact::Mask`]) travel between the stages, always in frame pixels. Every path drives
//! the same [`engine::Engine`]. Every error says its [`error::ErrorKind`].

// The stages are crates of their own (the detectors build without any C library, OCR
// without GStreamer, the tracker over any OCR reader); they keep their module names here.
pub use screenveil_core::{error, frame, geom, text};
pub use screenveil_detect as detect;
pub use screenveil_ocr as ocr;
pub use screenveil_track::{config, engine, redact, track};
// The GStreamer element lives in the plugin crate; the CLI registers it in-process.
pub use gstscreenveil::element;

pub mod gate;
pub mod ingest;
pub mod obs;
pub mod output;
pub mod report;
pub mod screenshot;
pub mod stream;
pub mod video;
