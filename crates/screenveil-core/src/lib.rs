//! The values every stage of screenveil shares, in one coordinate space (frame pixels):
//! [`geom::Rect`], [`frame::Frame`], [`text::Word`] and [`text::TextLine`], the kinds of
//! failure ([`error::ErrorKind`]) every library error names, and the scrubber that keeps
//! secrets out of every message ([`scrub`]). No stage logic lives here, and
//! nothing here depends on another crate of ours.

pub mod error;
pub mod frame;
pub mod geom;
pub mod scrub;
pub mod text;
