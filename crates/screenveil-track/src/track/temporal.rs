//! Temporal rules of the tracker: finding masks that persist while their pixels do not
//! change, and masks carried back over the queued frames where a value was being typed.

use super::{KeyState, Kind, Queued, Region, Tracker};
use crate::detect::{Category, Finding};
use crate::frame::Frame;
use crate::geom::Rect;
use crate::redact::Mask;

impl Tracker {
    /// Masks of findings persist while the pixels under them stay as they were, even if a
    /// later reading of the same screen misses the value (OCR or layout varies with what
    /// changed around it); they are dropped as soon as the content under them changes.
    pub(super) fn persist(&mut self, i: usize, masks: &mut Vec<Mask>) {
        let f = &self.queue[i].frame;
        let thr = self.tc.diff_threshold;
        let mut add = Vec::new();
        for s in &self.sticky {
            // Cheapest test first: after a scroll almost no mask is still, and the first
            // differing row says so.
            if still_under(f, s, thr) && !masks.iter().any(|x| x.category.is_some() && x.rect.intersect(&s.mask.rect) == s.mask.rect) {
                add.push(s.mask);
            }
        }
        masks.extend(add);
        self.sticky = masks.iter().filter(|m| m.category.is_some()).map(|m| Sticky::new(f, *m, thr)).collect();
    }

    /// A credential that a frame showed across lines keeps its pieces masked wherever those
    /// lines' pixels show again, after the context that made them one value has gone: a
    /// bearer token wrapped in a terminal whose first line left the frame while its window
    /// was dragged leaves a tail ("91zUPu8") no detector can tell from a word. Only pieces
    /// of a credential spanning two or more regions are kept (a value whole on its line is
    /// found again wherever it shows), and only of a region whose content is unique on its
    /// frame: a prompt or a label repeated on every line is never a value's piece.
    pub(super) fn recall_found(&mut self, i: usize, findings: &mut Vec<Finding>) {
        const MAX_KEYS: usize = 10_000;
        let secret = |c: Category| matches!(c, Category::Password | Category::ApiKey | Category::Token | Category::PrivateKey);
        let ready = |k: &u64| matches!(self.keys.get(k).map(|e| &e.0), Some(KeyState::Ready(_)));
        let all = &self.queue[i].regions;
        let unique = |r: &Region| all.iter().filter(|o| o.key == r.key).count() == 1;
        let regions: Vec<Region> = all.iter().filter(|r| r.kind == Kind::Text && ready(&r.key) && unique(r)).copied().collect();
        let inside = |b: &Rect, r: &Rect| b.intersect(r).area() * 10 >= b.area().max(1) * 8;
        let mut extra = Vec::new();
        for r in &regions {
            let Some(parts) = self.recalled.get(&r.key) else { continue };
            for (rel, category) in parts {
                let b = Rect::new(rel.x0 + r.rect.x0, rel.y0 + r.rect.y0, rel.x1 + r.rect.x0, rel.y1 + r.rect.y0);
                if !findings.iter().any(|f| f.boxes.iter().any(|x| inside(&b, x))) {
                    extra.push(Finding { category: *category, rule: "track.found_before", confidence: 0.8, boxes: vec![b], preview: "***".into() });
                }
            }
        }
        if self.recalled.len() > MAX_KEYS {
            self.recalled.clear();
        }
        for f in findings.iter().filter(|f| secret(f.category) && f.boxes.len() > 1) {
            let pieces: Vec<(Rect, &Region)> = f.boxes.iter().filter_map(|b| regions.iter().find(|r| inside(b, &r.rect)).map(|r| (*b, r))).collect();
            if pieces.iter().all(|(_, r)| r.key == pieces[0].1.key) {
                continue;
            }
            for (b, r) in pieces {
                let rel = Rect::new(b.x0 - r.rect.x0, b.y0 - r.rect.y0, b.x1 - r.rect.x0, b.y1 - r.rect.y0);
                let parts = self.recalled.entry(r.key).or_default();
                if !parts.iter().any(|(p, _)| *p == rel) {
                    parts.push((rel, f.category));
                }
            }
        }
        findings.extend(extra);
    }

    /// Live: notes the regions of frame `index` that are a line being typed into — content
    /// never seen before, on the row and from the start of a region of the previous frame
    /// whose pixels it keeps (all but the cursor after its end): text appended or deleted at
    /// the end. A new message that scrolls in, another window or a clock's next value keeps
    /// nothing of what was there; a blinking cursor toggles between states already seen.
    pub(super) fn note_edits(&mut self, index: u64, gray: &[u8], regions: &[Region]) {
        let hold = self.tc.typed_hold_frames as u64;
        if hold == 0 {
            return;
        }
        let oldest = self.queue.front().map_or(index, |q| q.index);
        self.typed.retain(|_, at| *at + hold > oldest);
        let (Some(prev), Some(w)) = (self.prev_gray.as_deref(), self.queue.back().map(|q| q.frame.width)) else { return };
        if prev.len() != gray.len() {
            return;
        }
        let mut before: Vec<u64> = Vec::new();
        for r in regions.iter().filter(|r| !self.keys.contains_key(&r.key)) {
            let edited = self.prev_regions.iter().find(|p| {
                p.key != r.key && (p.rect.x0 - r.rect.x0).abs() <= 3 && (p.rect.y0 - r.rect.y0).abs() <= 3 && p.rect.v_overlap(&r.rect) >= 0.6 && {
                    let common =
                        Rect::new(p.rect.x0.max(r.rect.x0), p.rect.y0.max(r.rect.y0), p.rect.x1.min(r.rect.x1) - r.rect.height() / 3, p.rect.y1.min(r.rect.y1));
                    common.width() * 2 >= r.rect.height() && crate::track::change::near_equal(prev, common, gray, common, w, self.tc.diff_threshold, 3.0)
                }
            });
            if let Some(p) = edited {
                self.typed.insert(r.key, index);
                before.push(p.key);
            }
        }
        // The first characters typed into an empty field have no predecessor: they show as
        // a new line that is read and judged on its own. Queued frames that have not left yet
        // get the line's earlier states masked too, back to where it was first typed into.
        for key in before {
            for q in self.queue.iter_mut().rev() {
                let Some(p) = q.regions.iter().find(|r| r.key == key) else { break };
                let pad = ((p.rect.height() as f32 * self.redact.padding).ceil() as i32).max(2);
                q.extra.push(Mask { rect: p.rect.pad(pad, pad).clamp(q.frame.width as i32, q.frame.height as i32), category: None });
            }
        }
    }

    /// Live: lines typed into within the last `typed_hold_frames` frames stay masked.
    pub(super) fn hold_typed(&mut self, i: usize, masks: &mut Vec<Mask>) {
        let hold = self.tc.typed_hold_frames as u64;
        let q = &self.queue[i];
        let (w, h) = (q.frame.width as i32, q.frame.height as i32);
        for r in &q.regions {
            if self.typed.get(&r.key).is_some_and(|&at| q.index < at + hold) {
                let p = ((r.rect.height() as f32 * self.redact.padding).ceil() as i32).max(2);
                masks.push(Mask { rect: r.rect.pad(p, p).clamp(w, h), category: None });
            }
        }
    }

    /// A finding that was not there in the previous frame may have been typed: the earlier
    /// queued frames where the same row showed a prefix of it (text starting at or before the
    /// value and not longer than the finished line) get its mask too, back to the first frame
    /// without such text.
    pub(super) fn carry_back(&mut self, i: usize, findings: &[Finding], regions: &[Region]) {
        if i == 0 {
            return;
        }
        let (w, h) = (self.queue[i].frame.width, self.queue[i].frame.height);
        // A line whose content was on screen the frame before (unchanged, scrolled or moved)
        // was not being typed: its earlier frames showed it whole and were judged on it.
        let before: std::collections::HashSet<u64> = self.queue[i - 1].regions.iter().map(|r| r.key).collect();
        for f in findings {
            for b in &f.boxes {
                let py = ((b.height() as f32 * self.redact.padding).ceil() as i32).max(2);
                let m = b.pad(py, py).clamp(w as i32, h as i32);
                let Some(line) = regions.iter().find(|r| r.rect.intersects(b) && r.rect.v_overlap(b) >= 0.5) else {
                    tracing::debug!(from = self.queue[i].index, ?m, "carry-back: no region under the finding");
                    continue;
                };
                if before.contains(&line.key) {
                    continue;
                }
                // Only finding masks count: a region masked because it was changing says
                // nothing about whether an earlier, stable prefix was recognised.
                let covered = |q: &Queued| {
                    q.done
                        .as_ref()
                        .is_some_and(|(_, ms)| ms.iter().chain(&q.extra).any(|x| x.category.is_some() && x.rect.intersect(&m).area() * 10 >= m.area() * 9))
                };
                if covered(&self.queue[i - 1]) {
                    tracing::debug!(from = self.queue[i].index, ?m, "carry-back skipped: previous frame covered");
                    continue;
                }
                for j in (0..i).rev() {
                    let prefix = self.queue[j].regions.iter().find(|r| {
                        // Same row (not scrolled), starts at or before the value, ends
                        // (a text cursor aside) before the finished line: the value being typed.
                        (r.rect.y0 - line.rect.y0).abs() <= 3
                            && r.rect.v_overlap(&line.rect) >= 0.6
                            && r.rect.x0 <= m.x0 + 3
                            && r.rect.x1 <= line.rect.x1.max(m.x1) + 2 * line.rect.height()
                            && r.rect.intersects(&m)
                    });
                    let Some(p) = prefix else {
                        tracing::debug!(from = self.queue[i].index, to = self.queue[j].index, ?m, ?line, "carry-back stops: no prefix");
                        break;
                    };
                    let cut = m.intersect(&p.rect.pad(2, py));
                    if cut.is_empty() || covered(&self.queue[j]) {
                        tracing::debug!(from = self.queue[i].index, to = self.queue[j].index, ?m, empty = cut.is_empty(), "carry-back stops: covered");
                        break;
                    }
                    self.stats.carried_back_masks += 1;
                    tracing::debug!(from = self.queue[i].index, to = self.queue[j].index, ?cut, "carried back");
                    self.queue[j].extra.push(Mask { rect: cut, category: Some(f.category) });
                }
            }
        }
    }
}

/// A finding mask with the pixels it covered and how many of them are ink.
pub(super) struct Sticky {
    mask: Mask,
    /// RGB bytes under the mask.
    patch: Vec<u8>,
    /// Pixels of `patch` unlike its background, counted once, not per frame.
    ink: usize,
}

impl Sticky {
    fn new(f: &Frame, mask: Mask, thr: u8) -> Sticky {
        let patch = patch_of(f, mask.rect);
        let bg = background(&patch, mask.rect.width().max(1) as usize);
        let ink = patch.chunks_exact(3).filter(|p| p.iter().zip(&bg).any(|(x, y)| x.abs_diff(*y) > thr)).count();
        Sticky { mask, patch, ink }
    }
}

/// The commonest colour on the rim of an RGB patch `w` pixels wide: its background. (Its
/// corner alone may be a border line the mask's padding reached: every pixel was then "ink",
/// and a mask stayed put through a scroll that changed everything under it.)
fn background(patch: &[u8], w: usize) -> [u8; 3] {
    let px: Vec<[u8; 3]> = patch.chunks_exact(3).map(|p| [p[0], p[1], p[2]]).collect();
    let h = px.len() / w;
    let rim = px.iter().enumerate().filter(|(i, _)| i / w == 0 || i / w + 1 == h || i % w == 0 || i % w + 1 == w).map(|(_, p)| *p);
    let mut counts: std::collections::HashMap<[u8; 3], usize> = std::collections::HashMap::new();
    for p in rim {
        *counts.entry(p).or_default() += 1;
    }
    counts.into_iter().max_by_key(|&(p, n)| (n, p)).map_or([0; 3], |(p, _)| p)
}

/// Whether the pixels under a mask are still, or nearly: a pointer or a small overlay passing
/// over a value hides part of it without removing it, while the reading of those frames may
/// miss it. Counted against the value's ink (pixels unlike the patch's corner, its
/// background): up to a third of that may change; a scroll, another line or a new window
/// changes more than all of it.
fn still_under(f: &Frame, s: &Sticky, thr: u8) -> bool {
    let (r, patch) = (s.mask.rect, &s.patch);
    let row_len = r.width() as usize * 3;
    if patch.len() != row_len * r.height() as usize || patch.len() < 3 {
        return false;
    }
    let budget = s.ink / 3;
    let mut changed = 0usize;
    for (y, want) in (r.y0..r.y1).zip(patch.chunks_exact(row_len.max(1))) {
        let at = (y as usize * f.width as usize + r.x0 as usize) * 3;
        let row = &f.data[at..at + row_len];
        // Most masks of a still screen are unchanged to the byte: one memcmp per row.
        if row == want {
            continue;
        }
        changed += row.chunks_exact(3).zip(want.chunks_exact(3)).filter(|(a, b)| a.iter().zip(*b).any(|(x, y)| x.abs_diff(*y) > thr)).count();
        if changed > budget {
            return false;
        }
    }
    true
}

/// RGB bytes of `r` (inside the frame).
pub(super) fn patch_of(f: &Frame, r: Rect) -> Vec<u8> {
    let mut out = Vec::with_capacity(r.area() as usize * 3);
    for y in r.y0..r.y1 {
        let row = (y as usize * f.width as usize + r.x0 as usize) * 3;
        out.extend_from_slice(&f.data[row..row + r.width() as usize * 3]);
    }
    out
}
