//! The raw picture every path hands to the engine.

use crate::geom::Rect;

/// An 8-bit RGB picture, rows packed (`stride == width * 3`).
///
/// One pixel layout for screenshots, decoded video and live capture keeps OCR, detection and
/// redaction free of format cases; alpha, if the source had it, is kept by the caller.
#[derive(Clone)]
pub struct Frame {
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
    /// Presentation time in nanoseconds (0 for still images).
    pub pts_ns: u64,
}

impl std::fmt::Debug for Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Frame({}x{} @{}ns)", self.width, self.height, self.pts_ns)
    }
}

impl Frame {
    /// Wraps packed RGB bytes; `None` when the length does not match the size.
    pub fn from_rgb(width: u32, height: u32, data: Vec<u8>) -> Option<Frame> {
        (data.len() == width as usize * height as usize * 3).then_some(Frame { width, height, data, pts_ns: 0 })
    }
    pub fn bounds(&self) -> Rect {
        Rect::new(0, 0, self.width as i32, self.height as i32)
    }
}
