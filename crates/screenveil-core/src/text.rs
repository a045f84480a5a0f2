//! Text as OCR read it, in frame pixels: words with boxes and confidences grouped into lines.
//! The value OCR hands to the detectors; both depend on this module, never on each other.

use crate::geom::Rect;

/// One OCR'd word in frame pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    pub text: String,
    pub rect: Rect,
    /// Tesseract's confidence, 0..100.
    pub conf: f32,
}

/// One line of words as OCR grouped them (a phrase, table cell or label/value run).
#[derive(Clone, Debug)]
pub struct TextLine {
    pub words: Vec<Word>,
    /// The words joined by single spaces.
    pub text: String,
    /// Byte range of each word in `text`.
    pub spans: Vec<std::ops::Range<usize>>,
    pub rect: Rect,
    /// Tesseract language that produced this reading.
    pub lang: String,
}

impl TextLine {
    pub fn new(words: Vec<Word>, lang: &str) -> TextLine {
        let mut text = String::new();
        let mut spans = Vec::with_capacity(words.len());
        for w in &words {
            // CJK is written without spaces; tesseract splits it into "words" anyway.
            let cjk_seam = text.chars().next_back().is_some_and(is_cjk) && w.text.chars().next().is_some_and(is_cjk);
            if !text.is_empty() && !cjk_seam {
                text.push(' ');
            }
            let s = text.len();
            text.push_str(&w.text);
            spans.push(s..text.len());
        }
        let rect = crate::geom::union_all(words.iter().map(|w| &w.rect)).unwrap_or_default();
        TextLine { words, text, spans, rect, lang: lang.to_string() }
    }

    /// Frame boxes covering the bytes `range` of `text`. A word only partly inside the range
    /// contributes the matching share of its width (proportional to characters), so a value
    /// glued to its label ("hasło:Zima2024!") is covered without hiding the label.
    ///
    /// Tesseract sometimes returns a word box far wider than its text (a run of glyphs it half
    /// dropped), overlapping the next word's box. Such a box says nothing about where its
    /// characters are, so a word whose box overlaps a neighbour is covered whole.
    pub fn boxes_for(&self, range: std::ops::Range<usize>) -> Vec<Rect> {
        let mut out = Vec::new();
        let overlaps = |a: &Rect, b: &Rect| a.x1.min(b.x1) - a.x0.max(b.x0) > 2;
        for (i, (w, sp)) in self.words.iter().zip(&self.spans).enumerate() {
            let s = range.start.max(sp.start);
            let e = range.end.min(sp.end);
            if s >= e {
                continue;
            }
            let garbled = (i > 0 && overlaps(&self.words[i - 1].rect, &w.rect)) || self.words.get(i + 1).is_some_and(|n| overlaps(&w.rect, &n.rect));
            if garbled {
                out.push(w.rect);
                continue;
            }
            let chars_total = self.text[sp.clone()].chars().count().max(1) as f32;
            let c0 = self.text[sp.start..s].chars().count() as f32;
            let c1 = self.text[sp.start..e].chars().count() as f32;
            let wd = w.rect.width() as f32;
            let mut x0 = w.rect.x0 + (wd * c0 / chars_total).floor() as i32;
            let mut x1 = w.rect.x0 + (wd * c1 / chars_total).ceil() as i32;
            // Proportional split is approximate: widen partial cuts by one character.
            let cw = (wd / chars_total).ceil() as i32;
            if s > sp.start {
                x0 = (x0 - cw).max(w.rect.x0);
            }
            if e < sp.end {
                x1 = (x1 + cw).min(w.rect.x1);
            }
            out.push(Rect::new(x0, w.rect.y0, x1, w.rect.y1));
        }
        out
    }

    pub fn mean_conf(&self) -> f32 {
        if self.words.is_empty() {
            return 0.0;
        }
        self.words.iter().map(|w| w.conf).sum::<f32>() / self.words.len() as f32
    }
}

/// Mean word confidence weighted by characters (0 for no words): a confident long reading
/// counts for more than short noise.
pub fn weighted_conf<'a>(words: impl IntoIterator<Item = &'a Word>) -> f32 {
    let (mut s, mut n) = (0.0f32, 0.0f32);
    for w in words {
        let c = w.text.chars().count() as f32;
        s += w.conf * c;
        n += c;
    }
    if n == 0.0 { 0.0 } else { s / n }
}

/// Hiragana, katakana (full and half width) and CJK ideographs: scripts written without
/// spaces between words.
#[inline]
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F | 0x3005 | 0x3006)
}

/// The text of the placeholder the reader leaves over a row it read nothing in (see
/// `ocr::pool`); its one word has confidence 0.
pub const UNREAD: &str = "?";

/// Whether `l` is the reader's placeholder over a row it read nothing in.
pub fn is_unread_placeholder(l: &TextLine) -> bool {
    l.words.len() == 1 && l.words[0].conf == 0.0 && l.text == UNREAD
}

/// The tallest row (frame px) counted as type too small to read; a placeholder over a taller
/// row stands for ordinary type no model read.
pub const TINY_ROW_MAX: i32 = 10;

/// Whether `l` is the placeholder over a row of ordinary type (taller than [`TINY_ROW_MAX`]).
pub fn is_unread_row(l: &TextLine) -> bool {
    is_unread_placeholder(l) && l.rect.height() > TINY_ROW_MAX
}

/// A one-word line at `x0,y0 - x1,y1` read with confidence 90 (tests of the stages after OCR,
/// in every crate).
pub fn word_line(t: &str, x0: i32, y0: i32, x1: i32, y1: i32) -> TextLine {
    TextLine::new(vec![Word { text: t.into(), rect: Rect::new(x0, y0, x1, y1), conf: 90.0 }], "eng")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(t: &str, x0: i32, x1: i32) -> Word {
        Word { text: t.into(), rect: Rect::new(x0, 0, x1, 10), conf: 90.0 }
    }

    #[test]
    fn line_text_and_spans() {
        let l = TextLine::new(vec![w("Hasło:", 0, 60), w("Zima2024!", 70, 160)], "eng");
        assert_eq!(l.text, "Hasło: Zima2024!");
        assert_eq!(&l.text[l.spans[1].clone()], "Zima2024!");
        assert_eq!(l.boxes_for(l.spans[1].clone()), vec![Rect::new(70, 0, 160, 10)]);
    }

    #[test]
    fn partial_word_box_covers_value_not_label() {
        let l = TextLine::new(vec![w("pass:abcdef", 0, 110)], "eng");
        let b = l.boxes_for(5..11);
        assert_eq!(b.len(), 1);
        assert!(b[0].x0 >= 30 && b[0].x0 <= 50, "{:?}", b);
        assert_eq!(b[0].x1, 110);
    }

    #[test]
    fn overlapping_word_boxes_are_covered_whole() {
        // Tesseract's box for the first word runs over the second: its characters could be anywhere.
        let l = TextLine::new(vec![w("L=pg://u:Saule.", 100, 460), w("jeh4@db.", 320, 385), w(":5432/portal", 460, 580)], "eng");
        let start = l.text.find("Saule").unwrap();
        let b = l.boxes_for(start..start + "Saule. jeh4".len());
        assert_eq!(b[0], Rect::new(100, 0, 460, 10));
        assert_eq!(b.len(), 2);
        // Words that do not overlap keep the proportional cut.
        let b = l.boxes_for(l.text.find("portal").unwrap()..l.text.len());
        assert!(b[0].x0 > 500, "{b:?}");
    }
}
