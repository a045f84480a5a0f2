//! Where the text regions of a new frame are: carried over where nothing changed, moved
//! where the content scrolled, found again only where new pixels appeared.
//!
//! Why scroll matters: a table or chat scrolling a few pixels a frame changes every row of
//! its area, and finding text regions over the whole area costs ~20 ms a frame. A vertical
//! scroll is a shift of rows: estimated from row profiles, then checked pixel row by pixel
//! row, the shifted rows keep their regions (and content keys, so their readings); only the
//! rows the shift does not explain (the strip that scrolled in, a clipped edge row, anything
//! that also changed) are searched. A wrong estimate only means more rows are searched.

use super::{Kind, Region, Tracker, change};
use crate::engine::EngineError;
use crate::frame::Frame;
use crate::geom::Rect;
use crate::ocr::{self, regions};

/// Largest scroll per frame that is followed (pixels); faster jumps are searched whole.
const MAX_SHIFT: i32 = 240;

/// Mean grey difference a line may show between frames and still be the same content
/// (lossy-codec noise; a changed character moves far more).
const NOISE_MEAN: f32 = 3.0;

/// Spans shorter than this are searched directly: too few rows to estimate a shift.
const MIN_SPAN: u32 = 64;

/// Rows at the frame's top and bottom edge where a line scrolling in may show only a sliver
/// of its glyphs, too little for the region search (pixels).
const EDGE: u32 = 10;

/// Changed spans closer than this (pixels: a few blank rows between lines of a list) are
/// followed as one scroll.
const GROUP_GAP: u32 = 64;

/// Bands left unsearched by overload are searched this share of the frame's height a frame.
const UNSEARCHED_SHARE: u32 = 4;

impl Tracker {
    /// Regions of this frame: carried over outside changed bands, moved with a scroll,
    /// found again inside what is left.
    pub(super) fn find_regions(&mut self, gray: &[u8], frame: &Frame) -> Result<Vec<Region>, EngineError> {
        let (w, h) = (frame.width, frame.height);
        let mut t = std::time::Instant::now();
        let same_size = !self.tc.naive && self.prev_gray.as_ref().is_some_and(|p| p.len() == gray.len());
        let (changed, cores, moved) = if same_size {
            let prev = self.prev_gray.as_deref().expect("same size");
            let dirty = change::dirty_rows(prev, gray, w, h, self.tc.diff_threshold);
            let mut changed = change::dirty_spans(&dirty, h);
            // Bands masked whole while overloaded are searched once the load allows, even if
            // nothing moved since: otherwise a still screen would stay masked for good. A
            // share of the frame's height a frame: searched all at once, a screenful of bands
            // (and the OCR of what they hold) switched overload straight back on.
            if !self.overloaded && !self.unsearched.is_empty() {
                // A band a change reaches goes whole with it: its mask goes with the change.
                let mut take = change::take_touching(&mut self.unsearched, &changed);
                take.extend(change::take_rows(&mut self.unsearched, h / UNSEARCHED_SHARE));
                changed.extend(take);
                changed = change::widen(&changed, 0, h);
            }
            // Scrolls are followed under overload too: it costs a fraction of the region search
            // and keeps a scrolling table's rows read instead of masking the whole table.
            let (cores, moved, scrolled) = self.follow_scroll(prev, gray, w, h, &changed);
            self.stats.scrolled_spans += scrolled;
            (changed, cores, moved)
        } else {
            self.prev_regions.clear();
            self.unsearched.clear();
            (vec![(0, h)], vec![(0, h)], Vec::new())
        };
        super::profile::lap(&mut self.stats.time.change_ms, &mut t);
        if changed.is_empty() {
            return Ok(self.prev_regions.clone());
        }
        self.stats.frames_changed += 1;
        let touches = |spans: &[(u32, u32)], r: &Rect| spans.iter().any(|&(a, b)| r.y1 > a as i32 && r.y0 < b as i32);
        let mut kept: Vec<Region> = self.prev_regions.iter().filter(|r| !touches(&changed, &r.rect)).copied().collect();
        kept.extend(moved);
        let mut out: Vec<Region> = Vec::new();
        if self.overloaded {
            self.stats.overload_frames += 1;
            // Merged: a scroll gives each line that could not follow two overlapping spans
            // (where it was, where it went); unmerged, each became a band of its own and their
            // number grew with every overloaded frame.
            for &(y0, y1) in &change::widen(&cores, 0, h) {
                // The band grows to the lines it cuts, carried over or moved with a scroll:
                // their regions go, and the part of a line outside the changed rows must stay
                // masked with the rest.
                let band = Rect::new(0, y0 as i32, w as i32, y1 as i32);
                let r = self.prev_regions.iter().chain(&kept).filter(|o| o.rect.intersects(&band)).fold(band, |r, o| r.union(&o.rect));
                kept.retain(|o| !o.rect.intersects(&band));
                let r = Rect::new(0, r.y0.max(0), w as i32, r.y1.min(h as i32));
                self.unsearched.push((r.y0 as u32, r.y1 as u32));
                // A key no content has, on a blind region: never read, masked as changing.
                out.push(Region::blind(r, change::region_key(gray, w, r) ^ self.next_index.rotate_left(17) ^ 0xA5A5));
            }
            self.unsearched = change::widen(&self.unsearched, 0, h);
            out.extend(kept);
            return Ok(out);
        }
        let searched = change::widen(&cores, self.tc.band_margin, h);
        let mut found = Vec::new();
        for &(y0, y1) in &searched {
            let slice = &gray[(y0 * w) as usize..(y1 * w) as usize];
            let rs = regions::find_text_regions(slice, w, y1 - y0, &self.params).map_err(ocr::OcrFrameError::from)?;
            found.extend(rs.into_iter().map(|r| Rect::new(r.x0, r.y0 + y0 as i32, r.x1, r.y1 + y0 as i32)));
        }
        for r in merge_found(&mut kept, found, &cores, &searched) {
            let key = if self.tc.naive {
                change::region_key(gray, w, r) ^ self.next_index.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            } else {
                self.same_as_before(gray, w, r).unwrap_or_else(|| change::region_key(gray, w, r))
            };
            out.push(Region::text(r, key));
        }
        if same_size {
            let prev = self.prev_gray.as_deref().expect("same size");
            out.extend(self.edge_slivers(prev, gray, w, h, &cores));
        }
        super::profile::lap(&mut self.stats.time.search_ms, &mut t);
        tracing::trace!(frame = self.next_index, found = ?out.iter().map(|r| (r.rect, r.key)).collect::<Vec<_>>(), "regions");
        out.extend(kept);
        out.sort_by_key(|r| (r.rect.y0, r.rect.x0));
        Ok(out)
    }

    /// Fail closed at the frame's edges: where a changed band reaches the top or bottom edge,
    /// the changed part of the edge rows is a region no reading can clear (a line scrolling in
    /// shows a sliver of its glyphs before the search can find it), masked for that frame.
    fn edge_slivers(&self, prev: &[u8], cur: &[u8], w: u32, h: u32, cores: &[(u32, u32)]) -> Vec<Region> {
        let mut out = Vec::new();
        for (a, b) in [(0, EDGE.min(h)), (h.saturating_sub(EDGE), h)] {
            let at_edge = |y0: u32, y1: u32| if a == 0 { y0 == 0 } else { y1 >= h };
            if a >= b || !cores.iter().any(|&(y0, y1)| y1 > a && y0 < b && at_edge(y0, y1)) {
                continue;
            }
            let (mut x0, mut x1) = (u32::MAX, 0);
            for y in a..b {
                let row = (y * w) as usize..((y + 1) * w) as usize;
                for (x, (p, c)) in prev[row.clone()].iter().zip(&cur[row]).enumerate() {
                    if p.abs_diff(*c) > self.tc.diff_threshold {
                        x0 = x0.min(x as u32);
                        x1 = x1.max(x as u32 + 1);
                    }
                }
            }
            if x0 < x1 {
                let r = Rect::new(x0 as i32, a as i32, x1 as i32, b as i32);
                out.push(Region::blind(r, change::region_key(cur, w, r) ^ self.next_index.rotate_left(29) ^ 0x5EED));
            }
        }
        out
    }

    /// The key of the previous frame's region at exactly `r` when its pixels are the same up
    /// to codec noise. A lossy recording re-encodes a line near any change with slightly
    /// different pixels on every frame; an exact key would never stay the same for the frames
    /// a line must be still before it is read, and the line would stay masked as changing.
    fn same_as_before(&self, gray: &[u8], w: u32, r: Rect) -> Option<u64> {
        let prev = self.prev_gray.as_deref()?;
        let p = self.prev_regions.iter().find(|p| p.rect == r)?;
        change::near_equal(prev, p.rect, gray, r, w, self.tc.diff_threshold, NOISE_MEAN).then_some(p.key)
    }

    /// For each group of changed spans that scrolled: the previous regions moved with it, and
    /// the rows still to search. Groups that did not scroll are returned as they were.
    ///
    /// A scroll changes every row of a line but not the blank rows between lines, so one
    /// scrolling list is many changed spans a line's gap apart, each too short to estimate a
    /// shift from: spans closer than [`GROUP_GAP`] are followed together. Only changed rows
    /// are ever searched, and only regions on changed rows move: the blank rows between them
    /// (unchanged) keep what they had.
    fn follow_scroll(&self, prev: &[u8], cur: &[u8], w: u32, h: u32, changed: &[(u32, u32)]) -> (Vec<(u32, u32)>, Vec<Region>, u64) {
        let mut cores = Vec::new();
        let mut moved = Vec::new();
        let mut scrolled = 0;
        for group in groups(changed) {
            let (y0, y1) = (group[0].0, group[group.len() - 1].1);
            // Spans are whole tile rows; the shift is estimated on the rows that changed. A
            // sticky header's border in the first tile does not move, and its rows weighed so
            // much in the row profiles that a scroll under it was not recognised.
            let (e0, e1) = changed_rows(prev, cur, w, (y0, y1), self.tc.diff_threshold);
            let shift = if e1 - e0 >= MIN_SPAN { vertical_shift(prev, cur, w, e0, e1, MAX_SHIFT.min((e1 - e0) as i32 / 2)) } else { None };
            let Some(dy) = shift else {
                cores.extend_from_slice(group);
                continue;
            };
            let ok = shifted_rows_equal(prev, cur, w, y0, y1, dy, self.tc.diff_threshold);
            let row_ok = |y: i32| y >= y0 as i32 && y < y1 as i32 && ok[(y - y0 as i32) as usize];
            let on_changed = |r: &Rect| group.iter().any(|&(a, b)| r.y1 > a as i32 && r.y0 < b as i32);
            for r in self.prev_regions.iter().filter(|r| on_changed(&r.rect)) {
                let to = Rect::new(r.rect.x0, r.rect.y0 + dy, r.rect.x1, r.rect.y1 + dy);
                // A blind region (an edge sliver, an overload band) is a mask, not content with
                // a reading to keep: a moved edge sliver kept its key for the frames a region
                // must be still to be read, and a whole row of glyph tops was read on every frame.
                if r.kind == Kind::Text && r.rect.y0 >= y0 as i32 && r.rect.y1 <= y1 as i32 && (to.y0..to.y1).all(row_ok) {
                    moved.push(Region::text(to, r.key));
                } else {
                    // A line that could not follow (clipped at the span's edge, changed as
                    // well): where it was and where it went are searched, so no text is left
                    // unfound there.
                    for span in [r.rect, to] {
                        let (a, b) = (span.y0.clamp(0, h as i32) as u32, span.y1.clamp(0, h as i32) as u32);
                        if a < b {
                            cores.push((a, b));
                        }
                    }
                    // A line scrolling out under a sticky header (or past a pane's or the
                    // frame's edge) is cut there: its rest is a strip of glyphs the search may
                    // not find (too low, or joined to the header's border) and OCR cannot read,
                    // yet people can. It stays masked, following the scroll, until it has gone.
                    if r.kind != Kind::Blind {
                        // (Once: the cut line and its rest found by the last search are one.)
                        let cut = cut_at_edge(prev, cur, (w, h), r, dy, (y0, y1), self.tc.diff_threshold);
                        if let Some(part) = cut.filter(|p| !moved.iter().any(|m: &Region| m.kind == Kind::Leaving && m.rect == *p)) {
                            moved.push(Region::leaving(part, change::region_key(cur, w, part) ^ self.next_index.rotate_left(41) ^ 0x1EAF));
                        }
                    }
                }
            }
            scrolled += 1;
            for &(a, b) in group {
                let search: Vec<bool> = (a..b).map(|y| !ok[(y - y0) as usize]).collect();
                cores.extend(change::runs(&search).into_iter().map(|(s, e)| (s + a, e + a)));
            }
        }
        (cores, moved, scrolled)
    }
}

/// The part inside the scrolled rows `[y0, y1)` and the frame of a line at `from` that a
/// scroll by `dy` cut at its leading edge. A line is cut when its first row in the direction
/// it moves is off the frame or does not show what the shift predicts there (a sticky
/// header's border drawn over it; a line that moves whole shows its own first row there).
/// What is left of a cut line goes on being cut while it moves on past the edge (its first
/// rows may be blank, a line's last glyph rows are only descenders).
fn cut_at_edge(prev: &[u8], cur: &[u8], (w, h): (u32, u32), from: &Region, dy: i32, (y0, y1): (u32, u32), threshold: u8) -> Option<Rect> {
    let f = from.rect;
    let to = Rect::new(f.x0, f.y0 + dy, f.x1, f.y1 + dy);
    let part = Rect::new(to.x0, to.y0.max(y0 as i32).max(0), to.x1, to.y1.min(y1 as i32).min(h as i32));
    if part.height() <= 0 || dy == 0 {
        return None;
    }
    let (lead, beyond) = if dy < 0 { (part.y0, to.y0 < part.y0) } else { (part.y1 - 1, to.y1 > part.y1) };
    if from.kind == Kind::Leaving {
        return beyond.then_some(part);
    }
    let src = lead - dy;
    let (x0, x1) = (f.x0.clamp(0, w as i32) as usize, f.x1.clamp(0, w as i32) as usize);
    let at = |y: i32| y as usize * w as usize;
    let off = if dy < 0 { to.y0 < 0 } else { to.y1 > h as i32 };
    let cut = off
        || !(0..h as i32).contains(&src)
        || prev[at(src) + x0..at(src) + x1].iter().zip(&cur[at(lead) + x0..at(lead) + x1]).any(|(p, q)| p.abs_diff(*q) > threshold);
    cut.then_some(part)
}

/// The first and one past the last row of `[y0, y1)` where `cur` differs from `prev`.
fn changed_rows(prev: &[u8], cur: &[u8], w: u32, (y0, y1): (u32, u32), threshold: u8) -> (u32, u32) {
    let w = w as usize;
    let differs = |y: &u32| {
        let r = *y as usize * w..(*y as usize + 1) * w;
        prev[r.clone()].iter().zip(&cur[r]).any(|(p, q)| p.abs_diff(*q) > threshold)
    };
    let a = (y0..y1).find(differs).unwrap_or(y0);
    let b = (a..y1).rev().find(differs).map_or(y1, |y| y + 1);
    (a, b)
}

/// Changed spans (sorted) grouped where less than [`GROUP_GAP`] rows lie between them.
fn groups(spans: &[(u32, u32)]) -> Vec<&[(u32, u32)]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=spans.len() {
        if i == spans.len() || spans[i].0 >= spans[i - 1].1 + GROUP_GAP {
            if start < i {
                out.push(&spans[start..i]);
            }
            start = i;
        }
    }
    out
}

/// Which regions found in the searched bands join the carried-over ones (`kept`, which keeps
/// what it still covers). A found region touching a changed core replaces the carried-over
/// regions it overlaps — but only those lying inside the searched bands, where the search saw
/// all the text; one reaching out of them stays, its pixels unchanged and its reading valid.
/// A found region off the cores whose width the surviving carried-over regions cover is that
/// line, already known; one they cover only in part (a text cursor's sliver on a line whose
/// own region went with a block that changed) joins and replaces them like a changed one —
/// the rest of the line would otherwise have no region and leave unmasked. Decided over all
/// found regions at once and repeated until nothing more joins: each replacement can uncover
/// another line.
pub(super) fn merge_found(kept: &mut Vec<Region>, found: Vec<Rect>, cores: &[(u32, u32)], searched: &[(u32, u32)]) -> Vec<Rect> {
    let touches = |spans: &[(u32, u32)], r: &Rect| spans.iter().any(|&(a, b)| r.y1 > a as i32 && r.y0 < b as i32);
    let inside = |r: &Rect| searched.iter().any(|&(a, b)| r.y0 >= a as i32 && r.y1 <= b as i32);
    let mut join: Vec<bool> = found.iter().map(|r| touches(cores, r)).collect();
    loop {
        // What is left of a line cut by a scroll's edge stays masked whatever is found there.
        kept.retain(|o| o.kind == Kind::Leaving || !(inside(&o.rect) && found.iter().zip(&join).any(|(r, &j)| j && o.rect.intersects(r))));
        let mut more = false;
        for (r, j) in found.iter().zip(join.iter_mut()) {
            if !*j && !width_covered(r, kept) {
                *j = true;
                more = true;
            }
        }
        if !more {
            return found.into_iter().zip(join).filter_map(|(r, j)| j.then_some(r)).collect();
        }
    }
}

/// Whether carried-over regions on the same row cover at least 90 % of `r`'s width (each
/// widened by a few pixels: a lossy codec moves a found box's ends by a pixel or two).
fn width_covered(r: &Rect, kept: &[Region]) -> bool {
    const SLACK: i32 = 3;
    let mut spans: Vec<(i32, i32)> = kept
        .iter()
        .filter(|o| o.rect.intersect(r).height() * 2 >= r.height())
        .map(|o| ((o.rect.x0 - SLACK).max(r.x0), (o.rect.x1 + SLACK).min(r.x1)))
        .filter(|(a, b)| a < b)
        .collect();
    spans.sort_unstable();
    let (mut covered, mut end) = (0i64, r.x0);
    for (a, b) in spans {
        let a = a.max(end);
        if b > a {
            covered += (b - a) as i64;
            end = b;
        }
    }
    covered * 10 >= r.width() as i64 * 9
}

/// Sum of each pixel row of `[y0, y1)`: a profile that shifts with the content.
fn row_sums(g: &[u8], w: u32, y0: u32, y1: u32) -> Vec<u64> {
    (y0..y1).map(|y| g[(y * w) as usize..((y + 1) * w) as usize].iter().map(|&p| p as u64).sum()).collect()
}

/// The vertical shift `dy` (content at row `y` of `cur` was at row `y - dy` of `prev`) that
/// explains the change of rows `[y0, y1)` best, if it is clearly better than no shift.
/// Rows of equal profile (blank background) are ambiguous; the pixel check decides.
pub fn vertical_shift(prev: &[u8], cur: &[u8], w: u32, y0: u32, y1: u32, max: i32) -> Option<i32> {
    let (a, b) = (row_sums(prev, w, y0, y1), row_sums(cur, w, y0, y1));
    let n = a.len() as i32;
    let cost = |dy: i32| -> f64 {
        let (from, to) = (dy.max(0), n + dy.min(0));
        let s: u64 = (from..to).map(|y| b[y as usize].abs_diff(a[(y - dy) as usize])).sum();
        s as f64 / (to - from).max(1) as f64
    };
    let still = cost(0);
    let (best, c) = (-max..=max).filter(|&d| d != 0 && n - d.abs() >= n / 2).map(|d| (d, cost(d))).min_by(|x, y| x.1.total_cmp(&y.1))?;
    (c * 4.0 < still).then_some(best)
}

/// For each row `y` of `[y0, y1)`: whether it equals row `y - dy` of `prev` (no pixel differs
/// by more than `threshold`). Rows whose source lies outside the span are not equal: only the
/// span's own regions are moved, so content that came from elsewhere (even blank-looking) is
/// searched, never assumed.
pub fn shifted_rows_equal(prev: &[u8], cur: &[u8], w: u32, y0: u32, y1: u32, dy: i32, threshold: u8) -> Vec<bool> {
    let w = w as usize;
    (y0..y1)
        .map(|y| {
            let src = y as i32 - dy;
            if src < y0 as i32 || src >= y1 as i32 {
                return false;
            }
            let (a, b) = (&prev[src as usize * w..(src as usize + 1) * w], &cur[y as usize * w..(y as usize + 1) * w]);
            a.chunks(256).zip(b.chunks(256)).all(|(x, y)| x.iter().zip(y).fold(0u8, |m, (p, q)| m.max(p.abs_diff(*q))) <= threshold)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 200×300 page of "text rows" (dark bars of varying length every 20 px).
    fn page(w: u32, h: u32, offset: i32) -> Vec<u8> {
        let mut g = vec![240u8; (w * h) as usize];
        for y in 0..h as i32 {
            let c = y + offset;
            if c.rem_euclid(20) < 10 {
                let len = 40 + (c.div_euclid(20) * 37).rem_euclid(150);
                for x in 10..len.min(w as i32) {
                    g[(y as u32 * w + x as u32) as usize] = 30;
                }
            }
        }
        g
    }

    #[test]
    fn a_scroll_is_found_and_checked_row_by_row() {
        let (w, h) = (200u32, 300u32);
        let (a, b) = (page(w, h, 0), page(w, h, 7));
        // Content moved up by 7 px: row y now shows what row y + 7 showed.
        assert_eq!(vertical_shift(&a, &b, w, 0, h, 60), Some(-7));
        let ok = shifted_rows_equal(&a, &b, w, 0, h, -7, 24);
        assert!(ok[..(h - 7) as usize].iter().all(|&o| o));
        assert!(ok[(h - 7) as usize..].iter().all(|&o| !o), "the strip that scrolled in is searched");
        // Within a span, rows whose source lies below it are searched though their pixels match.
        let ok = shifted_rows_equal(&a, &b, w, 0, 100, -7, 24);
        assert!(ok[..93].iter().all(|&o| o) && ok[93..].iter().all(|&o| !o));
        // Nothing moved: no shift.
        assert_eq!(vertical_shift(&a, &a.clone(), w, 0, h, 60), None);
    }

    #[test]
    fn a_changed_row_inside_a_scroll_is_not_equal() {
        let (w, h) = (200u32, 300u32);
        let a = page(w, h, 0);
        let mut b = page(w, h, 5);
        for x in 150..160 {
            b[(100 * w + x) as usize] = 0;
        }
        let ok = shifted_rows_equal(&a, &b, w, 0, h, -5, 24);
        assert!(!ok[100] && ok[99] && ok[101]);
    }
}
