//! Masked rectangles of a redacted RGB frame written straight into an 8-bit YUV buffer.
//!
//! Converting the whole redacted frame back to YUV to copy a few rectangles out of it cost
//! ~10 ms per 1080p frame (GStreamer's converter, 2-core machine) on every frame that has a
//! mask — a third of a 30 fps frame's budget in a live stream. Only the pixels under the masks
//! are converted here, with the stream's own matrix and range, so the rest of the buffer stays
//! bit for bit as it came in.

use gstreamer_video as gst_video;
use gstreamer_video::prelude::*;

use crate::frame::Frame;
use crate::geom::Rect;

/// RGB → Y'CbCr coefficients of one colour matrix and range, in 1/2^14 units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Matrix {
    y: [i32; 3],
    u: [i32; 3],
    v: [i32; 3],
    y_off: i32,
}

const SHIFT: i32 = 14;

impl Matrix {
    /// The matrix of a stream's colorimetry; `None` for an RGB matrix or an unknown one
    /// (those keep the general converter).
    pub fn of(c: &gst_video::VideoColorimetry) -> Option<Matrix> {
        use gst_video::VideoColorMatrix as M;
        let (kr, kb) = match c.matrix() {
            M::Bt601 => (0.299, 0.114),
            M::Bt709 => (0.2126, 0.0722),
            M::Bt2020 => (0.2627, 0.0593),
            M::Smpte240m => (0.212, 0.087),
            M::Fcc => (0.30, 0.11),
            _ => return None,
        };
        let full = match c.range() {
            gst_video::VideoColorRange::Range0_255 => true,
            gst_video::VideoColorRange::Range16_235 => false,
            _ => return None,
        };
        let kg = 1.0 - kr - kb;
        let (sy, sc) = if full { (1.0, 1.0) } else { (219.0 / 255.0, 224.0 / 255.0) };
        let q = |x: f64| (x * f64::from(1 << SHIFT)).round() as i32;
        let (cb, cr) = (2.0 * (1.0 - kb), 2.0 * (1.0 - kr));
        Some(Matrix {
            y: [q(kr * sy), q(kg * sy), q(kb * sy)],
            u: [q(-kr / cb * sc), q(-kg / cb * sc), q(0.5 * sc)],
            v: [q(0.5 * sc), q(-kg / cr * sc), q(-kb / cr * sc)],
            y_off: if full { 0 } else { 16 },
        })
    }

    fn apply(k: &[i32; 3], off: i32, r: i32, g: i32, b: i32) -> u8 {
        let v = ((k[0] * r + k[1] * g + k[2] * b + (1 << (SHIFT - 1))) >> SHIFT) + off;
        v.clamp(0, 255) as u8
    }

    /// Y' of one RGB pixel.
    pub fn luma(&self, p: [u8; 3]) -> u8 {
        Self::apply(&self.y, self.y_off, p[0] as i32, p[1] as i32, p[2] as i32)
    }

    /// Cb and Cr of the mean of `n` RGB pixels whose channels sum to `sum` (a chroma sample
    /// covers them all: averaging RGB first is the same as averaging the chroma).
    fn chroma(&self, sum: [u32; 3], n: u32) -> (u8, u8) {
        let m = |s: u32| ((s + n / 2) / n.max(1)) as i32;
        let (r, g, b) = (m(sum[0]), m(sum[1]), m(sum[2]));
        (Self::apply(&self.u, 128, r, g, b), Self::apply(&self.v, 128, r, g, b))
    }
}

/// The matrix to write this format with, when [`write_rects`] can: 8-bit YUV (luma at full
/// resolution) with a known matrix and range.
pub fn supports(info: &gst_video::VideoInfo) -> Option<Matrix> {
    let f = info.format_info();
    let plain = f.is_yuv()
        && f.bits() == 8
        && f.n_components() == 3
        && !f.has_palette()
        && (f.w_sub()[0], f.h_sub()[0]) == (0, 0)
        && (f.w_sub()[1], f.h_sub()[1]) == (f.w_sub()[2], f.h_sub()[2]);
    plain.then(|| Matrix::of(&info.colorimetry())).flatten()
}

/// Writes the pixels of `frame` (packed RGB, same size) inside `rects` into `dst`. A chroma
/// sample that a rectangle touches at all is rewritten from every pixel it covers, so no
/// chroma of what a mask hides survives at its edge.
pub fn write_rects(m: &Matrix, frame: &Frame, dst: &mut gst_video::VideoFrameRef<&mut gstreamer::BufferRef>, rects: &[Rect]) -> Result<(), ()> {
    let finfo = dst.format_info();
    let (w, h) = (frame.width as i32, frame.height as i32);
    let px = |x: i32, y: i32| {
        let i = (y as usize * frame.width as usize + x as usize) * 3;
        [frame.data[i], frame.data[i + 1], frame.data[i + 2]]
    };
    // Each chroma sample's (Cb, Cr) is computed once and written to both components.
    let (xs, ys) = (finfo.w_sub()[1] as i32, finfo.h_sub()[1] as i32);
    let chroma: Vec<(Rect, Vec<(u8, u8)>)> = rects
        .iter()
        .map(|r| r.clamp(w, h))
        .filter(|r| !r.is_empty())
        .map(|r| {
            let s = Rect::new(r.x0 >> xs, r.y0 >> ys, (r.x1 + (1 << xs) - 1) >> xs, (r.y1 + (1 << ys) - 1) >> ys);
            let mut uv = Vec::with_capacity(s.area() as usize);
            for cy in s.y0..s.y1 {
                for cx in s.x0..s.x1 {
                    let (mut sum, mut n) = ([0u32; 3], 0);
                    for y in (cy << ys)..((cy + 1) << ys).min(h) {
                        for x in (cx << xs)..((cx + 1) << xs).min(w) {
                            let p = px(x, y);
                            (0..3).for_each(|k| sum[k] += p[k] as u32);
                            n += 1;
                        }
                    }
                    uv.push(m.chroma(sum, n));
                }
            }
            (s, uv)
        })
        .collect();
    for c in 0..3usize {
        let plane = finfo.plane()[c] as usize;
        let (ps, off) = (finfo.pixel_stride()[c] as usize, finfo.poffset()[c] as usize);
        let stride = dst.plane_stride()[plane] as usize;
        let data = dst.plane_data_mut(plane as u32).map_err(|_| ())?;
        let mut put = |x: i32, y: i32, v: u8| data.get_mut(y as usize * stride + x as usize * ps + off).map(|d| *d = v).ok_or(());
        if c == 0 {
            for r in rects.iter().map(|r| r.clamp(w, h)) {
                for y in r.y0..r.y1 {
                    for x in r.x0..r.x1 {
                        put(x, y, m.luma(px(x, y)))?;
                    }
                }
            }
            continue;
        }
        for (s, uv) in &chroma {
            for (i, (cy, cx)) in (s.y0..s.y1).flat_map(|y| (s.x0..s.x1).map(move |x| (y, x))).enumerate() {
                put(cx, cy, if c == 1 { uv[i].0 } else { uv[i].1 })?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_colours_in_bt709_and_bt601() {
        gstreamer::init().unwrap();
        let c709 = gst_video::VideoColorimetry::from_str("bt709").unwrap();
        let m = Matrix::of(&c709).unwrap();
        // White, black and pure red in limited-range BT.709 (ITU-R BT.709-6, 8 bit).
        assert_eq!(m.luma([255, 255, 255]), 235);
        assert_eq!(m.luma([0, 0, 0]), 16);
        assert_eq!(m.luma([255, 0, 0]), 63);
        assert_eq!(m.chroma([255, 0, 0], 1), (102, 240));
        let c601 = gst_video::VideoColorimetry::from_str("bt601").unwrap();
        let m = Matrix::of(&c601).unwrap();
        assert_eq!(m.luma([255, 0, 0]), 81);
        assert_eq!(m.chroma([255, 0, 0], 1), (90, 240));
        let jpeg = gst_video::VideoColorimetry::new(
            gst_video::VideoColorRange::Range0_255,
            gst_video::VideoColorMatrix::Bt601,
            gst_video::VideoTransferFunction::Srgb,
            gst_video::VideoColorPrimaries::Bt709,
        );
        let m = Matrix::of(&jpeg).unwrap();
        assert_eq!((m.luma([255, 255, 255]), m.luma([0, 0, 0])), (255, 0));
        let rgb = gst_video::VideoColorimetry::new(
            gst_video::VideoColorRange::Range0_255,
            gst_video::VideoColorMatrix::Rgb,
            gst_video::VideoTransferFunction::Srgb,
            gst_video::VideoColorPrimaries::Bt709,
        );
        assert!(Matrix::of(&rgb).is_none());
    }

    use std::str::FromStr;
}
