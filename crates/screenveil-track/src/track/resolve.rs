//! Deciding a queued frame once its regions are decided (or it must leave): its lines, the
//! detectors over them, and its masks.

use std::sync::Arc;

use super::{KeyState, Tracker, columns, profile, shift_line};
use crate::detect::{self, Finding};
use crate::geom::Rect;
use crate::ocr::TextLine;
use crate::redact::{self, Mask};

impl Tracker {
    pub(super) fn resolve(&mut self, i: usize, force: bool) {
        let (w, h) = (self.queue[i].frame.width, self.queue[i].frame.height);
        let mut lines = Vec::new();
        let mut unread = Vec::new();
        let mut read_now: Vec<(Rect, Arc<Vec<TextLine>>)> = Vec::new();
        let mut by_role = Vec::new();
        for r in &self.queue[i].regions {
            match self.keys.get(&r.key).map(|e| &e.0) {
                Some(KeyState::Ready(ls)) => {
                    lines.extend(ls.iter().map(|l| shift_line(l.clone(), r.rect.x0, r.rect.y0)));
                    read_now.push((r.rect, ls.clone()));
                }
                Some(KeyState::Role { category, .. }) => {
                    by_role.push(Finding { category: *category, rule: "track.column_role", confidence: 0.7, boxes: vec![r.rect], preview: "***".into() });
                }
                Some(KeyState::Pending { .. }) if force => {
                    self.stats.pending_masks += 1;
                    unread.push(r.rect);
                }
                _ => {
                    self.stats.transient_masks += 1;
                    unread.push(r.rect);
                }
            }
        }
        // An unread region that is mostly a line read before (a sticky table header with a
        // sliver of a scrolling row glued to it) stays masked, but its old reading still
        // gives the lines around it their context (column headers, labels).
        for u in &unread {
            if let Some((o, ls)) = self.last_read.iter().find(|(o, _)| o.intersect(u).area() * 10 >= o.area() * 8 && u.area() * 10 <= o.area() * 16) {
                lines.extend(ls.iter().map(|l| shift_line(l.clone(), o.x0, o.y0)));
                read_now.push((*o, ls.clone()));
            }
        }
        self.last_read = read_now;
        let lines = columns::split_at_edges(lines);
        // The same regions in the same state as the last resolved frame give the same
        // findings (most frames of a screen recording): the detectors run only on change.
        // They run on every frame that has new readings, overloaded or not: overload only
        // stops the search for text regions (changed bands are masked whole instead), never
        // the detection of readings that arrived, or text first read in a late stretch would
        // leave unmasked.
        let fp = {
            use std::hash::{Hash, Hasher};
            let mut hs = std::collections::hash_map::DefaultHasher::new();
            for r in &self.queue[i].regions {
                (r.rect, r.key, self.decided(r.key)).hash(&mut hs);
            }
            unread.hash(&mut hs);
            hs.finish()
        };
        let t = std::time::Instant::now();
        let findings = if self.last_detect.as_ref().is_some_and(|(f, _)| *f == fp) {
            self.last_detect.as_ref().expect("checked").1.clone()
        } else {
            let mut f = self.detector.detect_page(&lines);
            // Rows too small to read are a still screen's rule: here a row scrolling in shows
            // a sliver of its glyphs on every frame, read as noise, and the tracker's own
            // rules (edge rows, text still changing, lines it could not read) mask those. A
            // row of ordinary type that no model read is no sliver: it stays masked.
            f.retain(|x| x.category != detect::Category::Unreadable || x.rule == detect::policy::UNREAD_ROW);
            self.columns.apply(&lines, &mut f);
            columns::majority(&lines, &mut f);
            let read: Vec<(Rect, bool)> = self.queue[i]
                .regions
                .iter()
                .filter_map(|r| match self.keys.get(&r.key).map(|e| &e.0) {
                    Some(KeyState::Ready(ls)) => Some((r.rect, columns::read_clearly(ls))),
                    _ => None,
                })
                .collect();
            columns::clipped_cells(&read, &mut f);
            if self.tc.column_roles && !self.tc.naive {
                self.learn_roles(i, &f);
            }
            f
        };
        self.last_detect = Some((fp, findings.clone()));
        let mut findings = findings;
        findings.extend(by_role);
        self.recall_found(i, &mut findings);
        self.stats.time.detect_ms += profile::ms(t.elapsed());
        tracing::debug!(
            frame = self.queue[i].index,
            regions = self.queue[i].regions.len(),
            lines = lines.len(),
            findings = findings.len(),
            unread = unread.len(),
            force,
            "resolved"
        );
        let mut masks = redact::masks_for(&findings, self.redact.padding, w, h);
        // Live only: a recording's frames wait for every reading asked for, so what is unread
        // there is text still changing (and edge slivers of a scroll), never a header lagging
        // behind its column; masking columns under those cost 13 % over-redaction.
        let context_unread = if self.tc.mask_pending { columns::under_unread(&lines, &unread, &findings) } else { Vec::new() };
        for r in context_unread {
            let p = ((r.height() as f32 * self.redact.padding).ceil() as i32).max(2);
            masks.push(Mask { rect: r.pad(p, p).clamp(w as i32, h as i32), category: None });
        }
        for r in unread {
            let p = ((r.height() as f32 * self.redact.padding).ceil() as i32).max(2);
            masks.push(Mask { rect: r.pad(p, p).clamp(w as i32, h as i32), category: None });
        }
        self.hold_typed(i, &mut masks);
        self.persist(i, &mut masks);
        let regions = self.queue[i].regions.clone();
        self.carry_back(i, &findings, &regions);
        self.queue[i].done = Some((findings, masks));
    }
}
