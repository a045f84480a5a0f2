//! Finding tracks: the same value followed across frames, for the JSON-lines report.
//!
//! A reviewer wants "this e-mail was on screen from 0:12 to 0:40", not 840 per-frame rows.
//! A finding continues a track when it has the same rule and masked preview and its box is
//! near the track's last box (scrolled or dragged content moves); otherwise it opens a new
//! track. Tracks carry masked previews only.

use serde::Serialize;

use crate::detect::Finding;
use crate::geom::{Rect, union_all};

/// Most box changes kept per track (a long scroll would otherwise list every frame).
const MAX_BOXES: usize = 200;

#[derive(Debug, Serialize)]
pub struct Track {
    #[serde(rename = "type")]
    pub kind_tag: &'static str,
    pub kind: &'static str,
    pub rule: &'static str,
    pub preview: String,
    pub confidence: f32,
    pub start_frame: u64,
    pub end_frame: u64,
    pub start_s: f64,
    pub end_s: f64,
    pub frames: u64,
    /// `[frame, x0, y0, x1, y1]` each time the box changed (at most 200).
    pub boxes: Vec<[i64; 5]>,
    #[serde(skip)]
    last: Rect,
    #[serde(skip)]
    seen_in: u64,
}

/// Open tracks; finished ones are handed to the caller.
#[derive(Default)]
pub struct Tracks {
    open: Vec<Track>,
    pub total: u64,
    pub by_kind: std::collections::BTreeMap<&'static str, u64>,
}

impl Tracks {
    /// Adds one frame's findings; returns the tracks that ended before this frame.
    pub fn push(&mut self, frame: u64, t_s: f64, findings: &[Finding]) -> Vec<Track> {
        for f in findings {
            let Some(b) = union_all(&f.boxes) else { continue };
            let near = |t: &Track| {
                t.seen_in + 1 >= frame
                    && t.seen_in != frame
                    && t.rule == f.rule
                    && t.preview == f.preview
                    && (t.last.center_x() - b.center_x()).abs() + (t.last.center_y() - b.center_y()).abs() <= 400
            };
            if let Some(t) = self.open.iter_mut().find(|t| near(t)) {
                t.end_frame = frame;
                t.end_s = round_ms(t_s);
                t.frames += 1;
                t.seen_in = frame;
                t.confidence = t.confidence.max(round2(f.confidence));
                if t.last != b && t.boxes.len() < MAX_BOXES {
                    t.boxes.push([frame as i64, b.x0 as i64, b.y0 as i64, b.x1 as i64, b.y1 as i64]);
                }
                t.last = b;
            } else {
                self.total += 1;
                *self.by_kind.entry(f.category.as_str()).or_insert(0) += 1;
                self.open.push(Track {
                    kind_tag: "track",
                    kind: f.category.as_str(),
                    rule: f.rule,
                    preview: f.preview.clone(),
                    confidence: round2(f.confidence),
                    start_frame: frame,
                    end_frame: frame,
                    start_s: round_ms(t_s),
                    end_s: round_ms(t_s),
                    frames: 1,
                    boxes: vec![[frame as i64, b.x0 as i64, b.y0 as i64, b.x1 as i64, b.y1 as i64]],
                    last: b,
                    seen_in: frame,
                });
            }
        }
        let (ended, open): (Vec<Track>, Vec<Track>) = std::mem::take(&mut self.open).into_iter().partition(|t| t.seen_in < frame);
        self.open = open;
        ended
    }

    /// The tracks a value first seen in `frame` opened (after [`push`](Self::push) of it).
    pub fn opened_at(&self, frame: u64) -> impl Iterator<Item = &Track> {
        self.open.iter().filter(move |t| t.start_frame == frame)
    }

    /// Every track still open (end of input).
    pub fn finish(&mut self) -> Vec<Track> {
        std::mem::take(&mut self.open)
    }
}

fn round_ms(s: f64) -> f64 {
    (s * 1000.0).round() / 1000.0
}

fn round2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::Category;

    fn f(x: i32, preview: &str) -> Finding {
        Finding { category: Category::Email, rule: "email", confidence: 0.9, boxes: vec![Rect::new(x, 10, x + 100, 24)], preview: preview.into() }
    }

    #[test]
    fn moving_value_is_one_track_and_a_gap_ends_it() {
        let mut t = Tracks::default();
        assert!(t.push(0, 0.0, &[f(100, "j***@e***.pl")]).is_empty());
        assert!(t.push(1, 0.033, &[f(104, "j***@e***.pl")]).is_empty());
        let ended = t.push(2, 0.067, &[]);
        assert_eq!(ended.len(), 1);
        assert_eq!((ended[0].start_frame, ended[0].end_frame, ended[0].frames), (0, 1, 2));
        assert_eq!(ended[0].boxes.len(), 2);
        t.push(3, 0.1, &[f(100, "j***@e***.pl"), f(600, "a***@b***.lt")]);
        assert_eq!(t.finish().len(), 2);
        assert_eq!(t.total, 3);
    }
}
