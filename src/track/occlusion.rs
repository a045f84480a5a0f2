//! A pointer moving over text: small changes that hide part of a line read before.
//!
//! Why: a change anywhere in a line makes it new content, and new content is masked until it
//! has been still for a few frames; a mouse pointer crossing a terminal or a table would mask
//! every line it passes, the whole line, for as long as it moves. But what a moving pointer
//! changes is small, and once it has passed the pixels are exactly as they were. So a small
//! change over a line already read is masked by itself (the box around it, not the line),
//! the line keeps its reading, and the box stays masked until its pixels are back to what
//! was read there. A box that does not come back within [`MAX_AGE`] frames (the pointer
//! rests, or it was not a pointer: a character typed in place, a counter) is searched and
//! read like any change. Fail-closed either way: every changed pixel is in a masked box or
//! in a searched band.

use crate::geom::Rect;

use super::change::TILE;

/// Largest change (in tiles, each way) treated as a pointer: an arrow's old and new place.
const MAX_TILES: u32 = 4;

/// Frames a box may stay different from what was read before it is searched instead.
pub const MAX_AGE: u64 = 10;

/// Which tiles changed: `out[ty * cols + tx]` when some pixel of the tile differs by more than
/// `threshold`. Returns the grid and its column count.
pub fn dirty_tiles(prev: &[u8], cur: &[u8], width: u32, height: u32, threshold: u8) -> (Vec<bool>, usize) {
    let (w, h, t) = (width as usize, height as usize, TILE as usize);
    let (cols, rows) = (w.div_ceil(t), h.div_ceil(t));
    let mut out = vec![false; cols * rows];
    for y in 0..h {
        let (a, b) = (&prev[y * w..(y + 1) * w], &cur[y * w..(y + 1) * w]);
        for (tx, (x, z)) in a.chunks(t).zip(b.chunks(t)).enumerate() {
            let cell = &mut out[(y / t) * cols + tx];
            if !*cell && x.iter().zip(z).any(|(p, q)| p.abs_diff(*q) > threshold) {
                *cell = true;
            }
        }
    }
    (out, cols)
}

/// Connected groups (8-neighbourhood) of dirty tiles, as tile boxes `[x0, y0, x1, y1)`.
pub fn components(dirty: &[bool], cols: usize) -> Vec<[u32; 4]> {
    let rows = dirty.len() / cols.max(1);
    let mut seen = vec![false; dirty.len()];
    let mut out = Vec::new();
    for start in 0..dirty.len() {
        if !dirty[start] || seen[start] {
            continue;
        }
        let mut b = [u32::MAX, u32::MAX, 0, 0];
        let mut stack = vec![start];
        seen[start] = true;
        while let Some(i) = stack.pop() {
            let (x, y) = ((i % cols) as i64, (i / cols) as i64);
            b = [b[0].min(x as u32), b[1].min(y as u32), b[2].max(x as u32 + 1), b[3].max(y as u32 + 1)];
            for (dx, dy) in [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)] {
                let (nx, ny) = (x + dx, y + dy);
                if nx >= 0 && ny >= 0 && (nx as usize) < cols && (ny as usize) < rows {
                    let j = ny as usize * cols + nx as usize;
                    if dirty[j] && !seen[j] {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        out.push(b);
    }
    out
}

/// Whether a group of tiles is small enough to be a pointer.
pub fn is_small(b: &[u32; 4]) -> bool {
    b[2] - b[0] <= MAX_TILES && b[3] - b[1] <= MAX_TILES
}

/// Pixel rectangle of a tile box, clipped to the frame.
pub fn tile_rect(b: &[u32; 4], width: u32, height: u32) -> Rect {
    Rect::new((b[0] * TILE) as i32, (b[1] * TILE) as i32, (b[2] * TILE) as i32, (b[3] * TILE) as i32).clamp(width as i32, height as i32)
}

/// Boxes masked because something small moved over text, and what was under them.
#[derive(Default)]
pub struct Occlusions {
    /// Active boxes with the frame they appeared in.
    pub boxes: Vec<(Rect, u64)>,
    /// The screen as last seen outside active boxes (grey): what a box must return to.
    clean: Vec<u8>,
}

impl Occlusions {
    pub fn clear(&mut self) {
        self.boxes.clear();
        self.clean.clear();
    }

    /// Ages the boxes against frame `index` (grey `cur`): a box whose pixels are back to the
    /// clean screen, or one older than [`MAX_AGE`], ends and is returned, to be searched (the
    /// lines there are found again: back to what was read, their readings are reused). Then
    /// adds `new` boxes and takes the clean screen from `cur` outside them.
    pub fn step(&mut self, cur: &[u8], width: u32, index: u64, new: Vec<Rect>, threshold: u8) -> Vec<Rect> {
        if self.clean.len() != cur.len() {
            self.boxes.clear();
            self.clean = cur.to_vec();
        }
        let w = width as usize;
        let mut expired = Vec::new();
        let clean = &self.clean;
        self.boxes.retain(|&(r, born)| {
            let back = (r.y0..r.y1).all(|y| {
                let row = y as usize * w;
                cur[row + r.x0 as usize..row + r.x1 as usize].iter().zip(&clean[row + r.x0 as usize..row + r.x1 as usize]).all(|(p, q)| p.abs_diff(*q) <= threshold)
            });
            if back || index >= born + MAX_AGE {
                expired.push(r);
                return false;
            }
            true
        });
        self.boxes.extend(new.into_iter().map(|r| (r, index)));
        // The clean screen follows everything not under a box; under a box it keeps what
        // was there before the box appeared.
        let mut under = vec![false; cur.len() / w.max(1)];
        for (r, _) in &self.boxes {
            for y in r.y0..r.y1 {
                under[y as usize] = true;
            }
        }
        for (y, &u) in under.iter().enumerate() {
            let row = y * w;
            if !u {
                self.clean[row..row + w].copy_from_slice(&cur[row..row + w]);
                continue;
            }
            let mut x = 0;
            let mut spans: Vec<(usize, usize)> = self.boxes.iter().filter(|(r, _)| r.y0 as usize <= y && (r.y1 as usize) > y).map(|(r, _)| (r.x0 as usize, r.x1 as usize)).collect();
            spans.sort_unstable();
            for (a, b) in spans {
                if a > x {
                    self.clean[row + x..row + a].copy_from_slice(&cur[row + x..row + a]);
                }
                x = x.max(b);
            }
            if x < w {
                self.clean[row + x..row + w].copy_from_slice(&cur[row + x..row + w]);
            }
        }
        expired
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_and_groups() {
        let (w, h) = (128u32, 64u32);
        let a = vec![200u8; (w * h) as usize];
        let mut b = a.clone();
        b[(5 * w + 5) as usize] = 0; // tile (0, 0)
        b[(20 * w + 20) as usize] = 0; // tile (1, 1): same group, diagonally
        b[(40 * w + 120) as usize] = 0; // tile (7, 2): alone
        let (d, cols) = dirty_tiles(&a, &b, w, h, 24);
        assert_eq!(cols, 8);
        let mut c = components(&d, cols);
        c.sort();
        assert_eq!(c, vec![[0, 0, 2, 2], [7, 2, 8, 3]]);
        assert!(is_small(&c[0]) && !is_small(&[0, 0, 5, 1]));
        assert_eq!(tile_rect(&c[1], w, h), Rect::new(112, 32, 128, 48));
    }

    #[test]
    fn a_box_ends_when_its_pixels_are_back_or_it_expires() {
        let w = 64u32;
        let clean = vec![200u8; (w * 64) as usize];
        let mut o = Occlusions::default();
        assert!(o.step(&clean, w, 0, Vec::new(), 24).is_empty());
        // A pointer appears over (16..32, 16..32) in frame 1.
        let mut with = clean.clone();
        with[(20 * w + 20) as usize] = 0;
        let r = Rect::new(16, 16, 32, 32);
        assert!(o.step(&with, w, 1, vec![r], 24).is_empty());
        assert_eq!(o.boxes.len(), 1);
        // It stays: still a box; it leaves: the pixels are back and the box ends.
        assert!(o.step(&with, w, 2, Vec::new(), 24).is_empty());
        assert_eq!(o.boxes.len(), 1);
        assert_eq!(o.step(&clean, w, 3, Vec::new(), 24), vec![r]);
        assert!(o.boxes.is_empty());
        // A change that stays (a character typed in place) expires and is handed back.
        o.step(&with, w, 4, vec![r], 24);
        for f in 5..4 + MAX_AGE {
            assert!(o.step(&with, w, f, Vec::new(), 24).is_empty());
        }
        assert_eq!(o.step(&with, w, 4 + MAX_AGE, Vec::new(), 24), vec![r]);
        assert!(o.boxes.is_empty());
    }
}
