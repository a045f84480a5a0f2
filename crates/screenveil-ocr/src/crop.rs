//! Pure pixel helpers that turn one text region of a frame into what tesseract reads best:
//! dark text on a light background, stretched to full contrast, upscaled so small UI fonts
//! reach ~30 px line height. Also maps boxes from crop pixels back to frame pixels.

use crate::geom::Rect;

/// A prepared grey crop plus the transform back to frame pixels.
#[derive(Clone, Debug)]
pub struct Crop {
    pub pixels: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// Frame rectangle the crop was cut from (after padding and clipping).
    pub origin: Rect,
    /// Crop pixels per frame pixel.
    pub scale: f32,
    /// The normalised crop before scaling (`origin`'s size): what the glyph book reads.
    pub native: Vec<u8>,
}

/// Line height (frame px) that upscaling aims for; tesseract's LSTM is most accurate near it.
pub const TARGET_HEIGHT: f32 = 34.0;
/// Largest upscale; beyond it the gain is nil and the cost grows.
pub const MAX_SCALE: f32 = 3.0;

impl Crop {
    /// Maps a rectangle in crop pixels back to frame pixels (rounded outwards).
    pub fn to_frame(&self, r: Rect) -> Rect {
        let s = self.scale;
        Rect::new(
            self.origin.x0 + (r.x0 as f32 / s).floor() as i32,
            self.origin.y0 + (r.y0 as f32 / s).floor() as i32,
            self.origin.x0 + (r.x1 as f32 / s).ceil() as i32,
            self.origin.y0 + (r.y1 as f32 / s).ceil() as i32,
        )
        .intersect(&self.origin)
    }
}

/// Text taller than this is read shrunk (see [`scale_for_height`]).
pub const MAX_NATIVE: i32 = 140;

/// Scale factor for a text region of `h` frame pixels: small text is enlarged towards
/// [`TARGET_HEIGHT`]; text taller than [`MAX_NATIVE`] is shrunk to twice that height, which
/// tesseract reads better than giant glyphs.
pub fn scale_for_height(h: i32) -> f32 {
    if h > MAX_NATIVE {
        return (2.0 * TARGET_HEIGHT / h as f32).max(0.05);
    }
    (TARGET_HEIGHT / h.max(1) as f32).clamp(1.0, MAX_SCALE)
}

/// Cuts `region` (padded) out of a `width × height` grey frame and normalises it.
pub fn prepare(gray: &[u8], width: u32, height: u32, region: Rect) -> Crop {
    let pad = (region.height() / 4).max(3);
    let origin = region.pad(pad, pad).clamp(width as i32, height as i32);
    let (cw, ch) = (origin.width() as usize, origin.height() as usize);
    let mut px = Vec::with_capacity(cw * ch);
    for y in origin.y0..origin.y1 {
        let row = y as usize * width as usize;
        px.extend_from_slice(&gray[row + origin.x0 as usize..row + origin.x1 as usize]);
    }
    if grainy(&px, cw, ch) {
        px = median3(&median3(&px, cw, ch), cw, ch);
    }
    normalise(&mut px, cw, ch);
    // A region of several lines (a label over its field over the next label) is scaled for
    // its lines' height, not its own: at its own it would not be enlarged at all.
    let line_h = stacked_line_height(&px, cw, ch).filter(|&l| 2 * l < region.height()).unwrap_or(region.height());
    let scale = scale_for_height(line_h);
    let (pixels, w2, h2) = upscale(&px, cw, ch, scale);
    Crop { pixels, width: w2 as u32, height: h2 as u32, origin, scale, native: px }
}

/// The median height of a crop's text rows when it holds two rows or more: runs of pixel rows
/// with ink, split by blank rows. A row needs several dark pixels, so a field's vertical border
/// (one or two per row) joins no rows, and a run under 4 px (a rule, a border) is no text row.
fn stacked_line_height(px: &[u8], w: usize, h: usize) -> Option<i32> {
    let mut runs: Vec<i32> = Vec::new();
    let mut run = 0;
    for y in 0..=h {
        let inked = y < h && px[y * w..y * w + w].iter().filter(|&&p| p < 128).count() >= 4;
        if inked {
            run += 1;
        } else if run > 0 {
            if run >= 4 {
                runs.push(run);
            }
            run = 0;
        }
    }
    (runs.len() >= 2).then(|| {
        runs.sort_unstable();
        runs[runs.len() / 2]
    })
}

/// Whether a crop's background is grain (noise, a photo): on each of its four borders, which
/// are background, most neighbouring pixels differ. A screen's flat or gradient fills leave
/// most of them equal, and a border that grazes a letter or a pointer is one border, not four.
fn grainy(px: &[u8], w: usize, h: usize) -> bool {
    if w < 8 || h < 8 {
        return false;
    }
    let busy = |mut d: Vec<u8>| {
        let mid = d.len() / 2;
        *d.select_nth_unstable(mid).1 >= 10
    };
    let row = |y: usize| (1..w).map(|x| px[y * w + x].abs_diff(px[y * w + x - 1])).collect::<Vec<u8>>();
    let col = |x: usize| (1..h).map(|y| px[y * w + x].abs_diff(px[(y - 1) * w + x])).collect::<Vec<u8>>();
    busy(row(0)) && busy(row(h - 1)) && busy(col(0)) && busy(col(w - 1))
}

/// A 3×3 median filter (edges kept as they are): takes grain out, keeps strokes.
fn median3(px: &[u8], w: usize, h: usize) -> Vec<u8> {
    let mut out = px.to_vec();
    for y in 1..h.saturating_sub(1) {
        for x in 1..w - 1 {
            let mut v = [0u8; 9];
            for (k, (dy, dx)) in (0..3).flat_map(|dy| (0..3).map(move |dx| (dy, dx))).enumerate() {
                v[k] = px[(y + dy - 1) * w + x + dx - 1];
            }
            v.sort_unstable();
            out[y * w + x] = v[4];
        }
    }
    out
}

/// Makes text dark on light and stretches contrast to 0..255.
///
/// The background is taken as the median of the crop's border pixels, which are padding and
/// therefore background even when the text is thick or bold.
pub fn normalise(px: &mut [u8], w: usize, h: usize) {
    if px.is_empty() {
        return;
    }
    let mut border: Vec<u8> = Vec::with_capacity(2 * (w + h));
    border.extend_from_slice(&px[..w]);
    border.extend_from_slice(&px[(h - 1) * w..]);
    for y in 0..h {
        border.push(px[y * w]);
        border.push(px[y * w + w - 1]);
    }
    border.sort_unstable();
    let bg = border[border.len() / 2];
    let (mut lo, mut hi) = (255u8, 0u8);
    for &p in px.iter() {
        lo = lo.min(p);
        hi = hi.max(p);
    }
    let invert = (bg as i32 - lo as i32) < (hi as i32 - bg as i32);
    let range = (hi as i32 - lo as i32).max(1);
    for p in px.iter_mut() {
        let mut v = (*p as i32 - lo as i32) * 255 / range;
        if invert {
            v = 255 - v;
        }
        *p = v.clamp(0, 255) as u8;
    }
}

/// Bilinear upscale by `s`; below 1, an area-averaging shrink. Returns the pixels and the
/// new size.
pub fn upscale(px: &[u8], w: usize, h: usize, s: f32) -> (Vec<u8>, usize, usize) {
    if s < 1.0 - 1e-3 && w > 0 && h > 0 {
        return shrink(px, w, h, s);
    }
    if s <= 1.0 + 1e-3 || w == 0 || h == 0 {
        return (px.to_vec(), w, h);
    }
    let (w2, h2) = (((w as f32) * s).round() as usize, ((h as f32) * s).round() as usize);
    let mut out = vec![0u8; w2 * h2];
    let xs: Vec<(usize, usize, u32)> = (0..w2)
        .map(|x| {
            let fx = ((x as f32 + 0.5) / s - 0.5).clamp(0.0, (w - 1) as f32);
            let x0 = fx.floor() as usize;
            (x0, (x0 + 1).min(w - 1), ((fx - x0 as f32) * 256.0) as u32)
        })
        .collect();
    for y in 0..h2 {
        let fy = ((y as f32 + 0.5) / s - 0.5).clamp(0.0, (h - 1) as f32);
        let y0 = fy.floor() as usize;
        let y1 = (y0 + 1).min(h - 1);
        let wy = ((fy - y0 as f32) * 256.0) as u32;
        let (r0, r1) = (&px[y0 * w..y0 * w + w], &px[y1 * w..y1 * w + w]);
        let orow = &mut out[y * w2..y * w2 + w2];
        for (o, &(x0, x1, wx)) in orow.iter_mut().zip(&xs) {
            let top = r0[x0] as u32 * (256 - wx) + r0[x1] as u32 * wx;
            let bot = r1[x0] as u32 * (256 - wx) + r1[x1] as u32 * wx;
            *o = ((top * (256 - wy) + bot * wy) >> 16) as u8;
        }
    }
    (out, w2, h2)
}

/// Shrinks by `s` (< 1): each output pixel is the mean of the input pixels it covers.
fn shrink(px: &[u8], w: usize, h: usize, s: f32) -> (Vec<u8>, usize, usize) {
    let (w2, h2) = (((w as f32) * s).round().max(1.0) as usize, ((h as f32) * s).round().max(1.0) as usize);
    let span = |i: usize, n: usize, n2: usize| (i * n / n2, ((i + 1) * n / n2).max(i * n / n2 + 1).min(n));
    let mut out = vec![0u8; w2 * h2];
    for y in 0..h2 {
        let (ya, yb) = span(y, h, h2);
        for x in 0..w2 {
            let (xa, xb) = span(x, w, w2);
            let sum: u32 = (ya..yb).map(|yy| px[yy * w + xa..yy * w + xb].iter().map(|&v| v as u32).sum::<u32>()).sum();
            out[y * w2 + x] = (sum / ((yb - ya) * (xb - xa)) as u32) as u8;
        }
    }
    (out, w2, h2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stacked_rows_give_their_own_height() {
        // Three 12 px rows of ink 20 px apart, a 1 px rule and a field's border down one side.
        let (w, h) = (60, 90);
        let mut px = vec![255u8; w * h];
        for (y0, y1) in [(5, 17), (37, 49), (69, 81)] {
            for y in y0..y1 {
                px[y * w + 10..y * w + 40].fill(0);
            }
        }
        px[25 * w..26 * w].fill(0);
        (0..h).for_each(|y| px[y * w + 55] = 0);
        assert_eq!(stacked_line_height(&px, w, h), Some(12));
        // One row alone: the region's own height stands.
        assert_eq!(stacked_line_height(&px[..30 * w], w, 30), None);
    }

    #[test]
    fn light_on_dark_is_inverted() {
        // 5x5 black square with a white "stroke" in the middle.
        let mut px = vec![10u8; 25];
        px[12] = 240;
        normalise(&mut px, 5, 5);
        assert_eq!(px[0], 255);
        assert_eq!(px[12], 0);
    }

    #[test]
    fn dark_on_light_is_kept_and_stretched() {
        let mut px = vec![200u8; 25];
        px[12] = 100;
        normalise(&mut px, 5, 5);
        assert_eq!(px[0], 255);
        assert_eq!(px[12], 0);
    }

    #[test]
    fn mapping_back_round_trips() {
        let c = Crop { pixels: vec![], width: 200, height: 60, origin: Rect::new(100, 50, 200, 80), scale: 2.0, native: vec![] };
        assert_eq!(c.to_frame(Rect::new(0, 0, 200, 60)), Rect::new(100, 50, 200, 80));
        assert_eq!(c.to_frame(Rect::new(21, 11, 41, 31)), Rect::new(110, 55, 121, 66));
    }

    #[test]
    fn upscale_size_and_values() {
        let (o, w, h) = upscale(&[0, 255, 0, 255], 2, 2, 2.0);
        assert_eq!((w, h), (4, 4));
        assert_eq!(o[0], 0);
        assert_eq!(o[3], 255);
        assert_eq!(scale_for_height(13), 34.0 / 13.0);
        assert_eq!(scale_for_height(80), 1.0);
    }
}
