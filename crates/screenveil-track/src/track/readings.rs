//! The reading side of the tracker: when a region's content becomes stable it is cut out
//! and queued for OCR; finished readings come back tagged with the content key.

use std::sync::Arc;

use super::script::Verdict;
use super::{KeyState, Kind, READ_TIMEOUT, Region, Tracker, roles, shift_line};
use crate::engine::EngineError;
use crate::frame::Frame;
use crate::geom::Rect;
use crate::ocr::crop;
use crate::ocr::pool::Fallback;
use crate::text::TextLine;

/// Readings back between two looks for column roles while crops wait (see `peek_roles`).
const PEEK_EVERY: usize = 8;

impl Tracker {
    /// Records that `r` is on screen in frame `index`; reads it once it is stable.
    pub(super) fn observe(&mut self, r: &Region, index: u64, gray: &[u8], frame: &Frame) -> Result<(), EngineError> {
        let n = self.tc.stable_frames;
        let entry = self.keys.entry(r.key).or_insert_with(|| (KeyState::Transient, index));
        entry.1 = index;
        let submit = match &mut entry.0 {
            // A blind region stays unread (masked as changing) until the search replaces it.
            _ if r.kind != Kind::Text => false,
            KeyState::Ready(_) | KeyState::Role { .. } => {
                self.stats.reused_readings += 1;
                false
            }
            KeyState::Pending { .. } | KeyState::Failed => false,
            KeyState::Candidate { run, last, rect } => {
                if *last + 1 == index {
                    *run += 1;
                }
                *last = index;
                *rect = r.rect;
                *run >= n
            }
            KeyState::Transient => {
                entry.0 = KeyState::Candidate { run: 1, last: index, rect: r.rect };
                self.candidates.insert(r.key);
                n <= 1
            }
        };
        if !submit {
            return Ok(());
        }
        self.candidates.remove(&r.key);
        if self.tc.column_roles
            && !self.tc.naive
            && let Some((category, column)) = self.roles.claim(r.rect)
        {
            tracing::trace!(index, rect = ?r.rect, "masked by column role");
            self.stats.role_masks += 1;
            if let Some(e) = self.keys.get_mut(&r.key) {
                e.0 = KeyState::Role { category, column };
            }
            return Ok(());
        }
        tracing::trace!(index, rect = ?r.rect, "read");
        self.submit(r.key, gray, frame.width, frame.height)
    }

    /// Queued frame `i`'s read regions with their lines in frame coordinates.
    fn read_regions(&self, i: usize) -> Vec<(Rect, Vec<TextLine>)> {
        self.queue[i]
            .regions
            .iter()
            .filter_map(|r| match self.keys.get(&r.key).map(|e| &e.0) {
                Some(KeyState::Ready(ls)) => Some((r.rect, ls.iter().map(|l| shift_line(l.clone(), r.rect.x0, r.rect.y0)).collect())),
                _ => None,
            })
            .collect()
    }

    /// Teaches the column roles from queued frame `i`'s read cells and `findings`.
    pub(super) fn learn_roles(&mut self, i: usize, findings: &[crate::detect::Finding]) {
        let cells: Vec<roles::Cell> = self.read_regions(i).iter().filter_map(|(r, ls)| roles::Cell::of(*r, ls, findings)).collect();
        self.apply_roles(&cells);
    }

    /// While a screen of new text waits for OCR (the first frame of a table: hundreds of
    /// cells), the roles are learnt from the readings back so far, and the waiting crops a
    /// role claims are masked instead of read. Frames resolve only once all their regions are
    /// decided, too late for the screen that teaches the roles. (Roles are off
    /// live: see [`super::TrackConfig::live`].)
    pub(super) fn peek_roles(&mut self) {
        let Some(i) = self.queue.len().checked_sub(1) else { return };
        let read = self.read_regions(i);
        let lines: Vec<TextLine> = read.iter().flat_map(|(_, ls)| ls.iter().cloned()).collect();
        let findings = self.detector.detect_page(&super::columns::split_at_edges(lines));
        let cells: Vec<roles::Cell> = read.iter().filter_map(|(r, ls)| roles::Cell::of(*r, ls, &findings)).collect();
        self.apply_roles(&cells);
        for (key, crop, force) in std::mem::take(&mut self.backlog) {
            let claim = match self.keys.get(&key) {
                Some((KeyState::Pending { rect, .. }, _)) if !force => self.roles.claim(*rect),
                _ => None,
            };
            match (claim, self.keys.get_mut(&key)) {
                (Some((category, column)), Some(e)) => {
                    e.0 = KeyState::Role { category, column };
                    self.scripts.forget(key);
                    self.stats.ocr_reads -= 1;
                    self.stats.role_masks += 1;
                }
                _ => self.backlog.push_back((key, crop, force)),
            }
        }
    }

    /// Cells masked unread under a role that is dropped become unread text again: they are
    /// read once they are still (and stay masked until then).
    fn apply_roles(&mut self, cells: &[roles::Cell]) {
        for x in self.roles.learn(cells) {
            tracing::debug!(column = x, "column role dropped");
            for (st, _) in self.keys.values_mut() {
                if matches!(st, KeyState::Role { column, .. } if *column == x) {
                    *st = KeyState::Transient;
                }
            }
        }
    }

    /// Reads a candidate; `gray` is the frame it was last seen in (same pixels at `rect`).
    pub(super) fn submit(&mut self, key: u64, gray: &[u8], width: u32, height: u32) -> Result<(), EngineError> {
        let Some(e) = self.keys.get_mut(&key) else { return Ok(()) };
        let KeyState::Candidate { rect, .. } = std::mem::replace(&mut e.0, KeyState::Failed) else { return Ok(()) };
        let crop = crop::prepare(gray, width, height, rect);
        e.0 = KeyState::Pending { rect, since: std::time::Instant::now() };
        self.stats.ocr_reads += 1;
        self.scripts.sent(key, &crop);
        self.backlog.push_back((key, crop, false));
        self.pump();
        Ok(())
    }

    /// Hands waiting crops to the OCR pool without blocking: the caller (decoder loop, live
    /// frame clock) never waits behind a burst of new text; a full screen of it is read in
    /// the background while its regions stay masked (live) or its frames wait (files).
    pub(super) fn pump(&mut self) {
        while let Some((key, crop, force)) = self.backlog.pop_front() {
            // Until the recording has shown foreign script, only a reading shaped like misread
            // CJK is worth the fallback's second reading (see `Fallback::OnShape`).
            let fallback = if force {
                Fallback::Forced
            } else if self.scripts.foreign_seen() {
                Fallback::OnDoubt
            } else {
                Fallback::OnShape
            };
            match self.pool.try_submit(key, crop, fallback, self.tx.clone()) {
                Ok(()) => {}
                Err(Some(crop)) => {
                    self.backlog.push_front((key, crop, force));
                    return;
                }
                Err(None) => {
                    // No worker left: the region stays masked wherever it appears.
                    if let Some(e) = self.keys.get_mut(&key) {
                        e.0 = KeyState::Failed;
                    }
                    self.stats.ocr_failures += 1;
                }
            }
        }
    }

    /// Takes finished readings; with `block`, waits for at least one.
    pub(super) fn drain_results(&mut self, block: bool) -> Result<(), EngineError> {
        self.pump();
        let mut first = None;
        if block {
            let t0 = std::time::Instant::now();
            let got = self.rx.recv_timeout(READ_TIMEOUT);
            self.stats.time.wait_ms += super::profile::ms(t0.elapsed());
            match got {
                Ok(m) => first = Some(m),
                // A reading that never comes (a worker lost without replying) is a failure:
                // everything still pending is masked rather than waited for forever.
                Err(_) => {
                    for (st, _) in self.keys.values_mut() {
                        if matches!(st, KeyState::Pending { .. }) {
                            *st = KeyState::Failed;
                            self.stats.ocr_failures += 1;
                        }
                    }
                }
            }
        }
        while let Some((key, res)) = first.take().or_else(|| self.rx.try_recv().ok()) {
            self.last_result = std::time::Instant::now();
            self.since_peek += 1;
            self.pump();
            let Some(e) = self.keys.get_mut(&key) else {
                self.scripts.forget(key);
                continue;
            };
            let KeyState::Pending { rect, .. } = e.0 else {
                // Given up on meanwhile (timed out): its crop is not needed again.
                self.scripts.forget(key);
                continue;
            };
            e.0 = match res.map(|lines| self.scripts.judge(key, rect, lines, self.pool.primary())) {
                // A recording's strips scrolling in are slivers OCR reads nothing in; the
                // tracker masks them by its own rules (edge rows, changing text), not as
                // unreadable rows on every frame.
                Ok(Verdict::Accept(lines)) => KeyState::Ready(Arc::new(
                    lines
                        .into_iter()
                        .filter(|l| !crate::text::is_unread_placeholder(l) || crate::text::is_unread_row(l))
                        .filter_map(|l| inside_region(l, rect))
                        .map(|l| shift_line(l, -rect.x0, -rect.y0))
                        .collect(),
                )),
                Ok(Verdict::Reread(crop)) => {
                    self.stats.ocr_reads += 1;
                    self.backlog.push_back((key, crop, true));
                    continue;
                }
                Err(_) => {
                    self.scripts.forget(key);
                    self.stats.ocr_failures += 1;
                    KeyState::Failed
                }
            };
        }
        if self.tc.column_roles && !self.tc.naive && !self.backlog.is_empty() && self.since_peek >= PEEK_EVERY {
            self.since_peek = 0;
            self.peek_roles();
        }
        // Doubtful readings made before the screen showed another script: read again, and
        // their regions wait (or stay masked, live) until then.
        for (key, rect, crop) in self.scripts.rereads() {
            if let Some((st @ KeyState::Ready(_), _)) = self.keys.get_mut(&key) {
                *st = KeyState::Pending { rect, since: std::time::Instant::now() };
                self.stats.ocr_reads += 1;
                self.backlog.push_back((key, crop, true));
            }
        }
        self.pump();
        Ok(())
    }
}

/// The words of a reading that lie in its region. The crop is padded, so OCR also reads
/// what stands just beside the region (a text cursor after a label); the reading is reused
/// wherever the region's own pixels recur, and a neighbour read with it would come back
/// stale ("username: |" beside the value typed since) and hide the label from its value.
pub(super) fn inside_region(l: TextLine, region: Rect) -> Option<TextLine> {
    let keep = |w: &crate::text::Word| {
        let (cx, cy) = ((w.rect.x0 + w.rect.x1) / 2, (w.rect.y0 + w.rect.y1) / 2);
        let r = region.pad(2, 2);
        cx >= r.x0 && cx < r.x1 && cy >= r.y0 && cy < r.y1
    };
    if l.words.iter().all(keep) {
        return Some(l);
    }
    let words: Vec<_> = l.words.iter().filter(|w| keep(w)).cloned().collect();
    (!words.is_empty()).then(|| TextLine::new(words, &l.lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Word;

    #[test]
    fn words_read_from_the_crops_padding_are_not_the_regions() {
        let w = |t: &str, x0: i32, x1: i32| Word { text: t.into(), rect: Rect::new(x0, 998, x1, 1006), conf: 90.0 };
        let region = Rect::new(241, 982, 331, 1021);
        let l = inside_region(TextLine::new(vec![w("username:", 258, 330), w("|", 337, 339)], "eng"), region).expect("label kept");
        assert_eq!(l.text, "username:");
        assert!(inside_region(TextLine::new(vec![w("|", 337, 339)], "eng"), region).is_none());
        let whole = TextLine::new(vec![w("username:", 258, 330)], "eng");
        assert_eq!(inside_region(whole, region).map(|l| l.text), Some("username:".to_string()));
    }
}
