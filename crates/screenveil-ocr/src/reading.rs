//! How one crop is read: from the glyph book when it knows every glyph, else by a worker's
//! engines, the primary language first and the fallbacks where that reading is doubtful.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::crop::Crop;
use crate::glyphs::{GlyphBook, Glyphs};
use crate::pool::Fallback;
use crate::tess::{Psm, RawWord, TessError, Tesseract};
use crate::{OcrConfig, TextLine, Word};

/// The glyph book the workers share, and its counts.
pub(crate) struct Shelf {
    pub(crate) book: Option<Arc<GlyphBook>>,
    pub(crate) reads: Arc<(AtomicU64, AtomicU64)>,
}

/// One worker's engines: the primary language first, then the fallbacks, each started when
/// first asked for.
pub(crate) struct Engines {
    pub(crate) langs: Vec<String>,
    loaded: Vec<Option<Tesseract>>,
}

impl Engines {
    pub(crate) fn new(cfg: &OcrConfig) -> Engines {
        let langs: Vec<String> = std::iter::once(cfg.primary.clone()).chain(cfg.fallback.iter().cloned()).collect();
        Engines { loaded: langs.iter().map(|_| None).collect(), langs }
    }

    pub(crate) fn get(&mut self, i: usize) -> Result<&mut Tesseract, TessError> {
        let slot = &mut self.loaded[i];
        if slot.is_none() {
            *slot = Some(Tesseract::new(&self.langs[i])?);
        }
        slot.as_mut().ok_or(TessError::Recognize)
    }
}

/// Reads one crop with the primary engine, then with fallbacks if confidence is low.
///
/// A fallback reading replaces the primary one only when it is clearly better and either
/// contains its own script (CJK read by `jpn`) or the primary reading is poor: fallback
/// models also "read" Latin text, confidently but worse (`.` dropped from e-mails).
pub(crate) fn read_crop(engines: &mut Engines, crop: &Crop, fallback_below: f32, mode: Fallback, shelf: &Shelf) -> Result<Vec<TextLine>, TessError> {
    let force = mode == Fallback::Forced;
    // A second reading asked for in the fallback language never comes from the book.
    let glyphs = shelf.book.as_ref().filter(|_| !force).and_then(|_| Glyphs::of(crop));
    if let (Some(book), Some(g)) = (&shelf.book, &glyphs) {
        shelf.reads.1.fetch_add(1, Ordering::Relaxed);
        // A reading shaped like CJK read as Latin (too few letters for its width, square
        // ones) still goes to the engines and their fallback, as tesseract's own would.
        if let Some(lines) =
            book.read(crop, g).map(|w| split_cells(w, &engines.langs[0])).filter(|ls| !wants_fallback(mode, quality(ls), fallback_below, ls, crop))
        {
            shelf.reads.0.fetch_add(1, Ordering::Relaxed);
            return Ok(lines);
        }
    }
    let mut best: Option<(f32, Vec<TextLine>)> = None;
    let n = engines.langs.len();
    for i in 0..n {
        let eng = engines.get(i)?;
        eng.set_psm(Psm::Block);
        let raw = eng.recognize(&crop.pixels, crop.width, crop.height, crop.width as usize, None)?;
        if let (0, Some(book), Some(g)) = (i, &shelf.book, &glyphs) {
            book.learn(crop, g, &raw);
        }
        let lines = to_lines(raw, crop, eng.langs());
        let score = quality(&lines);
        match &best {
            None => {
                let done = !wants_fallback(mode, score, fallback_below, &lines, crop);
                best = Some((score, lines));
                if (done && !force) || i + 1 == n {
                    break;
                }
            }
            Some((b, first)) => {
                let own_script = lines.iter().any(|l| l.text.chars().any(is_non_latin_letter));
                let better = if force {
                    // Square "letters" are CJK glyphs the primary model misread: their reading
                    // is doubtful however confident, and a lower-rated fallback reading wins.
                    let slack = if square_latin(first) { 15.0 } else { 5.0 };
                    own_script && score >= *b - slack && keeps_addresses(first, &lines)
                } else {
                    score > *b + 8.0 && (own_script || *b < 50.0)
                };
                if better {
                    best = Some((score, lines));
                }
            }
        }
    }
    let lines = best.map(|b| b.1).unwrap_or_default();
    Ok(if lines.is_empty() { unread_row_placeholder(crop, engines.langs[0].as_str()).into_iter().collect() } else { lines })
}

/// Whether a primary reading (`score`, its weighted confidence) is read again with the
/// fallback languages.
fn wants_fallback(mode: Fallback, score: f32, fallback_below: f32, lines: &[TextLine], crop: &Crop) -> bool {
    match mode {
        Fallback::Forced => true,
        Fallback::OnDoubt => score < fallback_below || too_few_chars(lines, crop),
        Fallback::OnShape => too_few_chars(lines, crop) || square_latin(lines),
    }
}

/// A row in which no engine found a word at all: type too small to read (10 px or less, four
/// times as wide as tall), or a row of ordinary type (up to 40 px, 2.5 times as wide as
/// tall) that no model could read ("渡辺 彩" in small kanji). One placeholder word of
/// confidence 0 over it, so the detectors' policy masks it as unreadable instead of the row
/// vanishing as if it held no text. (An icon is about as wide as tall.)
fn unread_row_placeholder(crop: &Crop, lang: &str) -> Option<TextLine> {
    let pad = (crop.origin.height() / 6).max(3);
    let r = crop.origin.pad(-pad, -pad);
    let (w, h) = (r.width(), r.height());
    let tiny = crate::text::TINY_ROW_MAX;
    let row = (1..=tiny).contains(&h) && w >= 4 * h || (tiny + 1..=40).contains(&h) && 2 * w >= 5 * h;
    row.then(|| TextLine::new(vec![Word { text: crate::text::UNREAD.into(), rect: r, conf: 0.0 }], lang))
}

/// A Latin reading of CJK text is short for its width (CJK glyphs are square, Latin ones
/// about half as wide), even when tesseract is confident about it.
fn too_few_chars(lines: &[TextLine], crop: &Crop) -> bool {
    let chars: usize = lines.iter().map(|l| l.text.chars().filter(|c| !c.is_whitespace()).count()).sum();
    let text_h = crop.height as f32 / 1.5;
    let expected = crop.width as f32 / (0.55 * text_h.max(1.0));
    (chars as f32) < 0.45 * expected
}

/// Whether a primary reading has a word of two letters or more as wide per character as its
/// line is tall: Latin letters are about half as wide, CJK glyphs square.
fn square_latin(lines: &[TextLine]) -> bool {
    lines.iter().any(|l| {
        let h = l.words.iter().map(|w| w.rect.height()).max().unwrap_or(0) as f32;
        l.words.iter().any(|w| {
            let letters = w.text.chars().filter(|c| c.is_alphabetic()).count();
            letters >= 2 && w.rect.width() as f32 >= 0.8 * h * w.text.chars().count() as f32
        })
    })
}

/// Whether every e-mail address and URL in a primary reading is in a fallback reading as
/// written: a fallback model reads Latin text worse, and a line of both scripts (a sender's
/// name and address) may only gain its CJK part.
fn keeps_addresses(first: &[TextLine], other: &[TextLine]) -> bool {
    let theirs: Vec<&str> = other.iter().flat_map(|l| l.text.split_whitespace()).collect();
    first.iter().flat_map(|l| l.text.split_whitespace()).filter(|t| t.contains('@') || t.contains("://")).all(|t| theirs.contains(&t))
}

/// Letters of scripts the primary (Latin) model cannot produce: CJK, kana, Hangul, Cyrillic…
fn is_non_latin_letter(c: char) -> bool {
    c.is_alphabetic() && (c as u32) >= 0x0370 && !matches!(c as u32, 0x1E00..=0x1EFF)
}

/// Mean word confidence weighted by characters: a confident long reading beats short noise.
fn quality(lines: &[TextLine]) -> f32 {
    super::weighted_conf(lines.iter().flat_map(|l| &l.words))
}

fn to_lines(raw: Vec<RawWord>, crop: &Crop, lang: &str) -> Vec<TextLine> {
    let mut lines: Vec<TextLine> = Vec::new();
    let mut cur: Vec<Word> = Vec::new();
    let mut cur_line = u32::MAX;
    for w in raw {
        if w.line != cur_line && !cur.is_empty() {
            lines.extend(split_cells(std::mem::take(&mut cur), lang));
        }
        cur_line = w.line;
        cur.push(Word { text: w.text, rect: crop.to_frame(w.rect), conf: w.conf });
    }
    if !cur.is_empty() {
        lines.extend(split_cells(cur, lang));
    }
    lines
}

/// Splits a tesseract line where the gap between two words is wider than ~one text height:
/// that is a table-cell or column boundary, and each cell gets its own header context.
/// Word spaces are about a third of the height, so phrases stay whole.
pub fn split_cells(words: Vec<Word>, lang: &str) -> Vec<TextLine> {
    let mut hs: Vec<i32> = words.iter().map(|w| w.rect.height()).collect();
    hs.sort_unstable();
    let h = hs.get(hs.len() / 2).copied().unwrap_or(0).max(1) as f32;
    let mut out = Vec::new();
    let mut cur: Vec<Word> = Vec::new();
    for w in words {
        // Measured from the cell's right end so far, not its last word's: tesseract's boxes
        // of a misread monospace run overlap ("_SECRET=74" spanning the "f 962e…" after it),
        // and the last word's end is then no gap at all.
        if let Some(end) = cur.iter().map(|p| p.rect.x1).max()
            && (w.rect.x0 - end) as f32 > 1.0 * h
        {
            out.push(TextLine::new(std::mem::take(&mut cur), lang));
        }
        cur.push(w);
    }
    if !cur.is_empty() {
        out.push(TextLine::new(cur, lang));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::Rect;

    #[test]
    fn cells_split_at_wide_gaps_only() {
        let w = |t: &str, x0: i32, x1: i32| Word { text: t.into(), rect: Rect::new(x0, 0, x1, 18), conf: 90.0 };
        let ls = split_cells(vec![w("+49", 0, 40), w("(0)89", 50, 100), w("87", 122, 140), w("410", 149, 180)], "eng");
        let t: Vec<&str> = ls.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(t, vec!["+49 (0)89", "87 410"]);
    }

    #[test]
    fn a_latin_reading_of_square_glyphs_is_doubtful() {
        let w = |t: &str, x0: i32, x1: i32| Word { text: t.into(), rect: Rect::new(x0, 0, x1, 29), conf: 79.0 };
        // "田中 大輔 11:46" read by the Latin model: two letters as wide as two kanji.
        assert!(square_latin(&[TextLine::new(vec![w("FA", 47, 101), w("ABB", 111, 170), w("11:46", 195, 253)], "eng")]));
        assert!(!square_latin(&[TextLine::new(vec![w("Anna", 0, 60), w("Kowalska", 66, 180)], "eng")]));
    }

    #[test]
    fn a_recording_without_foreign_script_reads_doubtful_latin_once() {
        // A 2x crop of a 15 px line: a dim terminal line read with low confidence, the
        // same crop read as "FA ABB" (square letters: kanji), and as too few letters.
        let crop = Crop { pixels: vec![], width: 300, height: 45, origin: Rect::new(0, 0, 150, 22), scale: 2.0, native: vec![] };
        let w = |t: &str, x0: i32, x1: i32| Word { text: t.into(), rect: Rect::new(x0, 0, x1, 30), conf: 40.0 };
        let dim = [TextLine::new(vec![w("drwxr-xr-x", 0, 150), w("build", 160, 230), w("src", 240, 290)], "eng")];
        let square = [TextLine::new(vec![w("FA", 0, 60), w("ABB", 70, 160)], "eng")];
        let few = [TextLine::new(vec![w("l", 0, 10)], "eng")];
        assert!(wants_fallback(Fallback::OnDoubt, 40.0, 70.0, &dim, &crop));
        assert!(!wants_fallback(Fallback::OnShape, 40.0, 70.0, &dim, &crop));
        assert!(wants_fallback(Fallback::OnShape, 90.0, 70.0, &square, &crop));
        assert!(wants_fallback(Fallback::OnShape, 90.0, 70.0, &few, &crop));
        assert!(!wants_fallback(Fallback::OnDoubt, 90.0, 70.0, &dim, &crop));
    }

    #[test]
    fn a_row_no_model_read_leaves_a_placeholder_an_icon_none() {
        // Regions as `crop::prepare` pads them: a 50x17 name row, a 5 px row, a 20x20 icon.
        let crop = |r: Rect| {
            let pad = (r.height() / 4).max(3);
            let origin = r.pad(pad, pad);
            Crop { pixels: vec![], width: origin.width() as u32, height: origin.height() as u32, origin, scale: 1.0, native: vec![] }
        };
        let row = unread_row_placeholder(&crop(Rect::new(604, 523, 654, 540)), "eng").expect("a row");
        assert!(crate::text::is_unread_placeholder(&row) && row.rect == Rect::new(604, 523, 654, 540), "{:?}", row.rect);
        assert!(unread_row_placeholder(&crop(Rect::new(0, 0, 60, 5)), "eng").is_some());
        assert!(unread_row_placeholder(&crop(Rect::new(0, 0, 20, 20)), "eng").is_none());
    }

    #[test]
    fn a_second_reading_keeps_every_address_as_written() {
        let l = |t: &str| vec![crate::text::word_line(t, 0, 0, 100, 20)];
        assert!(keeps_addresses(&l("WA: DBE <ksuzuki@yahoo.co.jp>"), &l("差出人: 加藤美咲 <ksuzuki@yahoo.co.jp>")));
        assert!(!keeps_addresses(&l("WA: DBE <ksuzuki@yahoo.co.jp>"), &l("差出人: 加藤美咲 <ksuzuki@yahoo.cojp>")));
        assert!(keeps_addresses(&l("FA ABB 11:46"), &l("田中大輔 11:46")));
    }
}
