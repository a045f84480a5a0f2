//! The raw picture every path hands to the engine.

use crate::geom::Rect;

/// Largest picture side accepted anywhere (8K screens at 200 % are 15360 wide).
pub const MAX_SIDE: u32 = 16384;

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
    /// Copies packed RGB rows out of a buffer whose rows are `stride` bytes apart (GStreamer
    /// pads rows to 4 bytes); `None` when the buffer is too short.
    pub fn from_strided(width: u32, height: u32, stride: usize, offset: usize, bytes: &[u8]) -> Option<Frame> {
        let row = width as usize * 3;
        let mut data = Vec::with_capacity(row * height as usize);
        for y in 0..height as usize {
            let s = offset + y * stride;
            data.extend_from_slice(bytes.get(s..s + row)?);
        }
        Frame::from_rgb(width, height, data)
    }

    /// The pixels with rows `stride` bytes apart, in a buffer of `size` bytes.
    pub fn to_strided(&self, stride: usize, size: usize) -> Vec<u8> {
        let row = self.width as usize * 3;
        let mut out = vec![0u8; size.max(stride * self.height as usize)];
        for (y, src) in self.data.chunks_exact(row).enumerate() {
            out[y * stride..y * stride + row].copy_from_slice(src);
        }
        out
    }

    /// The picture cropped or padded (black) to `width`×`height`, top-left aligned.
    pub fn fitted(self, width: u32, height: u32) -> Frame {
        if (self.width, self.height) == (width, height) {
            return self;
        }
        let mut data = vec![0u8; width as usize * height as usize * 3];
        let row = width.min(self.width) as usize * 3;
        for y in 0..height.min(self.height) as usize {
            let s = y * self.width as usize * 3;
            let d = y * width as usize * 3;
            data[d..d + row].copy_from_slice(&self.data[s..s + row]);
        }
        Frame { width, height, data, pts_ns: self.pts_ns }
    }

    pub fn bounds(&self) -> Rect {
        Rect::new(0, 0, self.width as i32, self.height as i32)
    }
}
