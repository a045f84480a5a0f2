//! screenveil: finds secrets and personal data on screen images and hides them for good.
//!
//! Data flows ingest → ocr → detect → track → redact → output, with `report` beside them; typed
//! values ([`geom::Rect`], [`text::Word`], [`text::TextLine`], [`detect::Finding`],
//! [`redact::Mask`]) travel between the stages, always in frame pixels. Every path drives
//! the same [`engine::Engine`]. Every error says its [`error::ErrorKind`].

pub mod config;
pub mod detect;
pub mod element;
pub mod engine;
pub mod error;
pub mod frame;
pub mod gate;
pub mod geom;
pub mod ingest;
pub mod ocr;
pub mod output;
pub mod redact;
pub mod report;
pub mod screenshot;
pub mod stream;
pub mod text;
pub mod track;
pub mod video;
