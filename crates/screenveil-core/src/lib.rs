//! The values every stage of screenveil shares, in one coordinate space (frame pixels):
//! [`geom::Rect`], [`frame::Frame`], [`text::Word`] and [`text::TextLine`], and the kinds of
//! failure ([`error::ErrorKind`]) every library error names. No stage logic lives here, and
//! nothing here depends on another crate of ours.

pub mod error;
pub mod frame;
pub mod geom;
pub mod text;
