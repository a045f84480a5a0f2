//! screenveil: finds secrets and personal data on screen images and hides them for good.
//!
//! Data flows ingest → ocr → detect → redact → output, with `gate` and `report` beside them;
//! typed values ([`geom::Rect`], [`ocr::Word`], [`ocr::TextLine`], [`detect::Finding`],
//! [`redact::Mask`]) travel between the stages, always in frame pixels.

pub mod frame;
pub mod geom;
pub mod ocr;
