//! Pure pixel helpers for incremental analysis: which rows of a frame changed, a content key
//! for a text region, and a tolerant comparison of two regions.
//!
//! Why rows (bands) and not tiles alone: a text line is only readable and classifiable whole
//! (its label sits left of the value), so a change anywhere in a line means the whole line
//! is found and read again. Tiles locate the change cheaply; bands widen it to whole lines.

use std::hash::{Hash, Hasher};

use crate::geom::Rect;

/// Tile edge in pixels for change detection.
pub const TILE: u32 = 16;

/// Rows of tiles that changed between two grey frames of the same size: `out[i]` is true when
/// some pixel of tile row `i` differs by more than `threshold`. The threshold ignores lossy
/// codec noise (a static screen re-encoded flickers by a few levels) but not text, whose
/// strokes differ from the background by far more.
pub fn dirty_rows(prev: &[u8], cur: &[u8], width: u32, height: u32, threshold: u8) -> Vec<bool> {
    let (w, h) = (width as usize, height as usize);
    let rows = h.div_ceil(TILE as usize);
    let mut out = vec![false; rows];
    for (ty, flag) in out.iter_mut().enumerate() {
        let y0 = ty * TILE as usize;
        let y1 = (y0 + TILE as usize).min(h);
        let a = &prev[y0 * w..y1 * w];
        let b = &cur[y0 * w..y1 * w];
        // Chunked so the compiler vectorises the inner loop; stop at the first changed chunk.
        *flag = a.chunks(256).zip(b.chunks(256)).any(|(x, y)| x.iter().zip(y).fold(0u8, |m, (p, q)| m.max(p.abs_diff(*q))) > threshold);
    }
    out
}

/// Vertical bands `[y0, y1)` that cover every dirty tile row widened by `margin` pixels on
/// each side (so a text line crossing the change is inside whole), merged where they touch.
pub fn bands(dirty: &[bool], height: u32, margin: u32) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for (i, _) in dirty.iter().enumerate().filter(|(_, d)| **d) {
        let y0 = (i as u32 * TILE).saturating_sub(margin);
        let y1 = ((i as u32 + 1) * TILE + margin).min(height);
        match out.last_mut() {
            Some(last) if y0 <= last.1 => last.1 = last.1.max(y1),
            _ => out.push((y0, y1)),
        }
    }
    out
}

/// Spans `[y0, y1)` widened by `margin` on each side, clipped to `height`, sorted and merged
/// where they touch.
pub fn widen(spans: &[(u32, u32)], margin: u32, height: u32) -> Vec<(u32, u32)> {
    let mut s: Vec<(u32, u32)> = spans.iter().map(|&(a, b)| (a.saturating_sub(margin), (b + margin).min(height))).filter(|(a, b)| a < b).collect();
    s.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(s.len());
    for (a, b) in s {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Takes spans from the front of `spans` (top first) until they hold at least `rows` rows,
/// at least one; spans are taken whole, never split, since a span's edge may cut a line.
pub fn take_rows(spans: &mut Vec<(u32, u32)>, rows: u32) -> Vec<(u32, u32)> {
    let mut n = 0;
    let mut taken = 0;
    for &(a, b) in spans.iter() {
        if taken > 0 && n >= rows {
            break;
        }
        n += b - a;
        taken += 1;
    }
    spans.drain(..taken).collect()
}

/// Takes every span of `spans` that overlaps one of `by`, whole.
pub fn take_touching(spans: &mut Vec<(u32, u32)>, by: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let hit = |&(a, b): &(u32, u32)| by.iter().any(|&(c, d)| b > c && a < d);
    let taken = spans.iter().copied().filter(hit).collect();
    spans.retain(|s| !hit(s));
    taken
}

/// Runs of `true` in `flags` as index ranges `[start, end)`.
pub fn runs(flags: &[bool]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &f) in flags.iter().chain([false].iter()).enumerate() {
        match (f, start) {
            (true, None) => start = Some(i as u32),
            (false, Some(s)) => {
                out.push((s, i as u32));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The tile rows (as pixel ranges) that changed, merged: the "core" of each change.
pub fn dirty_spans(dirty: &[bool], height: u32) -> Vec<(u32, u32)> {
    bands(dirty, height, 0)
}

/// Content key of a region: its size and its grey pixels. Equal keys mean the same pixels,
/// wherever the region sits, so a line that scrolled or a window that moved keeps its
/// reading (and its masks) without being read again.
pub fn region_key(gray: &[u8], width: u32, r: Rect) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (r.width(), r.height()).hash(&mut h);
    let w = width as usize;
    for y in r.y0..r.y1 {
        let row = y as usize * w;
        gray[row + r.x0 as usize..row + r.x1 as usize].hash(&mut h);
    }
    h.finish()
}

/// Whether region `a` of frame `ga` and region `b` of frame `gb` (same size) show the same
/// content up to codec noise: no pixel differs by more than `max_diff` and the mean absolute
/// difference is at most `mean_diff`.
pub fn near_equal(ga: &[u8], a: Rect, gb: &[u8], b: Rect, width: u32, max_diff: u8, mean_diff: f32) -> bool {
    if a.width() != b.width() || a.height() != b.height() || a.is_empty() {
        return false;
    }
    let w = width as usize;
    let mut sum = 0u64;
    for dy in 0..a.height() as usize {
        let ra = (a.y0 as usize + dy) * w + a.x0 as usize;
        let rb = (b.y0 as usize + dy) * w + b.x0 as usize;
        for (p, q) in ga[ra..ra + a.width() as usize].iter().zip(&gb[rb..rb + b.width() as usize]) {
            let d = p.abs_diff(*q);
            if d > max_diff {
                return false;
            }
            sum += d as u64;
        }
    }
    sum as f32 / a.area() as f32 <= mean_diff
}

/// Share of tile rows that changed (a scene cut or window switch changes most of them).
pub fn changed_share(dirty: &[bool]) -> f32 {
    if dirty.is_empty() {
        return 0.0;
    }
    dirty.iter().filter(|d| **d).count() as f32 / dirty.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_rows_are_dirty_and_noise_is_ignored() {
        let (w, h) = (64u32, 64u32);
        let a = vec![200u8; (w * h) as usize];
        let mut b = a.clone();
        b[(20 * w + 5) as usize] = 0; // a stroke in tile row 1
        b[(50 * w + 5) as usize] = 190; // codec noise in tile row 3
        assert_eq!(dirty_rows(&a, &b, w, h, 20), vec![false, true, false, false]);
    }

    #[test]
    fn spans_are_taken_whole_top_first_and_where_a_change_reaches() {
        let mut s = vec![(0, 100), (200, 250), (300, 600)];
        assert_eq!(take_rows(&mut s, 120), vec![(0, 100), (200, 250)]);
        assert_eq!(take_rows(&mut s, 10), vec![(300, 600)], "one span at least, never split");
        assert!(take_rows(&mut s, 10).is_empty());
        let mut s = vec![(0, 100), (200, 250), (300, 600)];
        assert_eq!(take_touching(&mut s, &[(96, 112), (250, 260)]), vec![(0, 100)]);
        assert_eq!(s, vec![(200, 250), (300, 600)]);
    }

    #[test]
    fn bands_widen_and_merge() {
        let d = vec![false, true, false, false, true, false, false, false, false, false, false, true];
        // Rows 1 and 4 merge once widened by 24 px; row 11 stays apart, clipped to the frame.
        assert_eq!(bands(&d, 190, 24), vec![(0, 104), (152, 190)]);
        assert_eq!(dirty_spans(&d, 190), vec![(16, 32), (64, 80), (176, 190)]);
    }

    #[test]
    fn spans_widen_merge_and_runs_are_found() {
        assert_eq!(widen(&[(100, 110), (20, 30), (40, 50)], 8, 115), vec![(12, 58), (92, 115)]);
        assert_eq!(runs(&[true, true, false, true, false, false, true]), vec![(0, 2), (3, 4), (6, 7)]);
        assert_eq!(runs(&[]), vec![]);
    }

    #[test]
    fn key_follows_content_not_position() {
        let w = 40u32;
        let mut g = vec![255u8; (w * 40) as usize];
        for x in 5..15 {
            g[(5 * w + x) as usize] = 0;
            g[(25 * w + x) as usize] = 0;
        }
        let k1 = region_key(&g, w, Rect::new(4, 4, 16, 8));
        let k2 = region_key(&g, w, Rect::new(4, 24, 16, 28));
        let k3 = region_key(&g, w, Rect::new(4, 3, 16, 7));
        assert_eq!(k1, k2);
        assert_ne!(k1, k3);
    }

    #[test]
    fn near_equal_tolerates_noise_only() {
        let w = 20u32;
        let a = vec![100u8; (w * 20) as usize];
        let mut b = a.clone();
        b[25] = 104;
        let r = Rect::new(0, 0, 10, 10);
        assert!(near_equal(&a, r, &b, r, w, 16, 2.0));
        b[26] = 10;
        assert!(!near_equal(&a, r, &b, r, w, 16, 2.0));
        assert!(!near_equal(&a, r, &b, Rect::new(0, 0, 9, 10), w, 16, 2.0));
    }
}
