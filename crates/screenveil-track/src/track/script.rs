//! Script evidence across a recording. A still screen gets a second, fallback-first reading
//! of its doubtful Latin readings once several regions read confidently as Japanese
//! ([`crate::ocr::read_frame`]): a four-kanji name that the Latin model "read" as `RA AK` with
//! some confidence is otherwise lost. The tracker reads regions one by one as they appear, so
//! it gathers the same evidence over its readings; doubtful readings made before the evidence
//! was in are read again once it is, and later ones at once.

use std::collections::{HashMap, VecDeque};

use crate::geom::Rect;
use crate::ocr::crop::Crop;
use crate::ocr::{FOREIGN_SCREEN, TextLine, confident_foreign, suspicious_latin};

/// Doubtful readings remembered for a second reading (their crops: a screenful at most).
const SUSPECTS_KEPT: usize = 256;

#[derive(Default)]
pub(super) struct Scripts {
    /// Readings so far with a confident line in a fallback script.
    foreign: usize,
    /// The crop of each reading in flight, kept until its reading shows it needs no second look.
    crops: HashMap<u64, Crop>,
    /// Doubtful Latin readings accepted before the evidence was in: key, region, crop.
    suspects: VecDeque<(u64, Rect, Crop)>,
}

/// What to do with a finished reading.
pub(super) enum Verdict {
    Accept(Vec<TextLine>),
    /// Read the crop again, fallback language first.
    Reread(Crop),
}

impl Scripts {
    pub fn sent(&mut self, key: u64, crop: &Crop) {
        self.crops.insert(key, crop.clone());
    }

    /// Judges a finished reading of the region `rect`.
    pub fn judge(&mut self, key: u64, rect: Rect, lines: Vec<TextLine>, primary: &str) -> Verdict {
        if lines.iter().any(|l| confident_foreign(l, primary)) {
            self.foreign += 1;
        }
        match self.crops.remove(&key) {
            Some(crop) if lines.iter().all(|l| l.lang == primary) && suspicious_latin(&lines) => {
                if self.foreign >= FOREIGN_SCREEN {
                    return Verdict::Reread(crop);
                }
                if self.suspects.len() == SUSPECTS_KEPT {
                    self.suspects.pop_front();
                }
                self.suspects.push_back((key, rect, crop));
                Verdict::Accept(lines)
            }
            _ => Verdict::Accept(lines),
        }
    }

    /// Once the evidence is in, the doubtful readings made before it, to be read again.
    pub fn rereads(&mut self) -> Vec<(u64, Rect, Crop)> {
        if self.foreign < FOREIGN_SCREEN {
            return Vec::new();
        }
        self.suspects.drain(..).collect()
    }

    /// Whether any reading so far was confidently in a fallback script.
    pub fn foreign_seen(&self) -> bool {
        self.foreign > 0
    }

    /// A reading that failed or was forgotten: nothing to look at again.
    pub fn forget(&mut self, key: u64) {
        self.crops.remove(&key);
    }

    pub fn clear(&mut self) {
        *self = Scripts::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::Word;

    fn line(text: &str, lang: &str, conf: f32) -> TextLine {
        TextLine::new(vec![Word { text: text.into(), rect: Rect::new(0, 0, 60, 15), conf }], lang)
    }

    fn crop() -> Crop {
        Crop { pixels: vec![255; 4], width: 2, height: 2, origin: Rect::new(0, 0, 2, 2), scale: 1.0, native: vec![] }
    }

    #[test]
    fn doubtful_latin_is_read_again_once_the_screen_shows_its_script() {
        let mut s = Scripts::default();
        let r = Rect::new(0, 0, 60, 15);
        for k in 0..5 {
            s.sent(k, &crop());
        }
        assert!(matches!(s.judge(0, r, vec![line("RA AK", "eng", 74.0)], "eng"), Verdict::Accept(_)));
        assert!(s.rereads().is_empty());
        for k in 1..4 {
            assert!(matches!(s.judge(k, r, vec![line("鈴木真由美", "jpn", 92.0)], "eng"), Verdict::Accept(_)));
        }
        let again = s.rereads();
        assert_eq!(again.iter().map(|a| a.0).collect::<Vec<_>>(), vec![0]);
        // Later doubtful readings go straight to a second reading.
        assert!(matches!(s.judge(4, r, vec![line("Lubes", "eng", 80.0)], "eng"), Verdict::Reread(_)));
    }

    #[test]
    fn a_latin_screen_keeps_its_readings() {
        let mut s = Scripts::default();
        let r = Rect::new(0, 0, 60, 15);
        s.sent(0, &crop());
        s.sent(1, &crop());
        assert!(matches!(s.judge(0, r, vec![line("Sw", "eng", 60.0)], "eng"), Verdict::Accept(_)));
        assert!(matches!(s.judge(1, r, vec![line("Rechnung 2024-118 bezahlt", "eng", 95.0)], "eng"), Verdict::Accept(_)));
        assert!(s.rereads().is_empty());
    }
}
