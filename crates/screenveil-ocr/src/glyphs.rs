//! A book of the glyphs tesseract has read, by their exact pixels: a line made only of
//! glyphs already read, spaced as lines already read were, is read from the book without
//! tesseract.
//!
//! Screen text repeats its glyphs to the pixel (one font, one size, no noise): a table that
//! scrolls shows new rows of the digits and letters its first screen showed. Tesseract's
//! LSTM costs ~7 ms a table cell whatever the cell holds; looking a line's glyphs up costs
//! microseconds. Whatever the book is not sure of goes to tesseract: a glyph never read, or
//! read as two different characters (`l` and `I` drawn alike), a gap between glyphs that is
//! neither clearly inside a word nor clearly a space, a crop of more than one line, ink at
//! the crop's edge.

use std::collections::HashMap;
use std::sync::RwLock;

use crate::crop::Crop;
use crate::geom::Rect;
use crate::tess::RawWord;
use crate::text::Word;

/// Confidence a word must have for its glyphs to be learned.
const LEARN_CONF: f32 = 90.0;
/// Confidence given to a word read from the book (its glyphs were each read at ≥ 90).
const BOOK_CONF: f32 = 95.0;
/// Entries kept at most (a recording of many fonts and sizes learns a few thousand).
const MAX_SHAPES: usize = 200_000;

/// Glyph shapes and gap sizes learned from confident readings; shared by the OCR workers.
#[derive(Default)]
pub struct GlyphBook {
    book: RwLock<Book>,
}

#[derive(Default)]
struct Book {
    shapes: HashMap<u64, Shape>,
    /// Gaps by the line's cap height: the widest seen inside a word, the narrowest seen
    /// between words.
    gaps: HashMap<i32, (i32, i32)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Char(char),
    /// Read as two different characters: never read from the book.
    Ambiguous,
}

/// A crop's one line cut into glyphs: runs of inked columns.
pub struct Glyphs {
    /// Column span of each glyph in native crop pixels, and its shape's key.
    cells: Vec<(i32, i32, u64)>,
    /// Rows of the line's ink (native crop pixels).
    top: i32,
    bottom: i32,
    /// The line's cap height: the key of its gap sizes.
    cap: i32,
}

impl Glyphs {
    /// Cuts a crop's native pixels into glyphs: `None` unless they hold one line of glyphs
    /// clear of the crop's edges on a common baseline.
    pub fn of(crop: &Crop) -> Option<Glyphs> {
        let (w, h) = (crop.origin.width() as usize, crop.origin.height() as usize);
        let px = &crop.native;
        if w < 3 || h < 3 || px.len() != w * h {
            return None;
        }
        let ink = |x: usize, y: usize| px[y * w + x] < 128;
        // One run of inked rows (a dot or an accent above the letters joins it through the
        // letters' own rows: an `i`'s dot has the `l`s and capitals of its line beside it).
        let rows: Vec<bool> = (0..h).map(|y| (0..w).any(|x| ink(x, y))).collect();
        let top = rows.iter().position(|&r| r)?;
        let bottom = rows.iter().rposition(|&r| r)? + 1;
        if top == 0 || bottom == h || rows[top..bottom].iter().any(|&r| !r) {
            return None;
        }
        let cols: Vec<bool> = (0..w).map(|x| (top..bottom).any(|y| ink(x, y))).collect();
        if cols[0] || cols[w - 1] {
            return None;
        }
        let mut spans = Vec::new();
        let mut x = 0;
        while x < w {
            if cols[x] {
                let x0 = x;
                while x < w && cols[x] {
                    x += 1;
                }
                spans.push((x0, x));
            } else {
                x += 1;
            }
        }
        // Each glyph's own rows, and the line's baseline: the commonest glyph bottom.
        let rows_of = |(x0, x1): (usize, usize)| {
            let inked = |y: usize| (x0..x1).any(|x| ink(x, y));
            let t = (top..bottom).find(|&y| inked(y)).unwrap_or(top);
            let b = (top..bottom).rev().find(|&y| inked(y)).map_or(bottom, |y| y + 1);
            (t, b)
        };
        let extents: Vec<(usize, usize)> = spans.iter().map(|&s| rows_of(s)).collect();
        let mut bottoms: HashMap<usize, usize> = HashMap::new();
        for &(_, b) in &extents {
            *bottoms.entry(b).or_default() += 1;
        }
        let (&base, &n) = bottoms.iter().max_by_key(|&(b, n)| (*n, *b))?;
        if spans.len() < 2 || n * 5 < spans.len() * 2 {
            return None;
        }
        let cap = extents.iter().filter(|&&(_, b)| b == base).map(|&(t, _)| base - t).max()? as i32;
        let cells = spans
            .iter()
            .zip(&extents)
            .map(|(&(x0, x1), &(t, b))| {
                use std::hash::{Hash, Hasher};
                let mut hs = std::collections::hash_map::DefaultHasher::new();
                (x1 - x0, b - t, base as i64 - t as i64).hash(&mut hs);
                for y in t..b {
                    let row: Vec<bool> = (x0..x1).map(|x| ink(x, y)).collect();
                    row.hash(&mut hs);
                }
                (x0 as i32, x1 as i32, hs.finish())
            })
            .collect();
        Some(Glyphs { cells, top: top as i32, bottom: bottom as i32, cap })
    }
}

impl GlyphBook {
    /// Reads a line from the book: its words in frame pixels, or `None` where the book is
    /// not sure of a glyph or a gap.
    pub fn read(&self, crop: &Crop, g: &Glyphs) -> Option<Vec<Word>> {
        let book = self.book.read().ok()?;
        let &(inner, space) = book.gaps.get(&g.cap)?;
        let mut words: Vec<(String, i32, i32)> = Vec::new();
        for (k, &(x0, x1, key)) in g.cells.iter().enumerate() {
            let Some(&Shape::Char(c)) = book.shapes.get(&key) else { return None };
            let gap = if k == 0 { i32::MAX } else { x0 - g.cells[k - 1].1 };
            match words.last_mut() {
                Some(w) if gap <= inner => {
                    w.0.push(c);
                    w.2 = x1;
                }
                _ if k == 0 || gap >= space => words.push((c.to_string(), x0, x1)),
                _ => return None,
            }
        }
        let o = crop.origin;
        Some(
            words
                .into_iter()
                .map(|(text, x0, x1)| Word { text, rect: Rect::new(o.x0 + x0, o.y0 + g.top, o.x0 + x1, o.y0 + g.bottom), conf: BOOK_CONF })
                .collect(),
        )
    }

    /// Learns the glyphs of the confident words of a one-line reading whose glyphs are as
    /// many as its characters, and the gaps inside and between those words.
    pub fn learn(&self, crop: &Crop, g: &Glyphs, raw: &[RawWord]) {
        if raw.iter().any(|w| w.line != raw[0].line) {
            return;
        }
        // Each word's glyphs: those whose middle lies in its box (native pixels).
        let mut taken: Vec<Option<(usize, usize)>> = Vec::new();
        for w in raw {
            let (x0, x1) = (w.rect.x0 as f32 / crop.scale, w.rect.x1 as f32 / crop.scale);
            let inside: Vec<usize> = (0..g.cells.len()).filter(|&k| (x0..x1).contains(&((g.cells[k].0 + g.cells[k].1) as f32 / 2.0))).collect();
            let fits = w.conf >= LEARN_CONF && !inside.is_empty() && inside.len() == w.text.chars().count() && inside.windows(2).all(|p| p[1] == p[0] + 1);
            taken.push(fits.then(|| (inside[0], inside[inside.len() - 1])));
        }
        let Ok(mut book) = self.book.write() else { return };
        if book.shapes.len() > MAX_SHAPES {
            book.shapes.clear();
            book.gaps.clear();
        }
        let (mut inner, mut space) = (None::<i32>, None::<i32>);
        for (w, t) in raw.iter().zip(&taken) {
            let Some((a, b)) = *t else { continue };
            for (k, c) in (a..=b).zip(w.text.chars()) {
                let e = book.shapes.entry(g.cells[k].2).or_insert(Shape::Char(c));
                if *e != Shape::Char(c) {
                    *e = Shape::Ambiguous;
                }
                if k > a {
                    let gap = g.cells[k].0 - g.cells[k - 1].1;
                    inner = Some(inner.map_or(gap, |m| m.max(gap)));
                }
            }
        }
        // A space between two learned words whose glyphs follow each other.
        for p in taken.windows(2) {
            if let [Some((_, b)), Some((a, _))] = *p
                && a == b + 1
            {
                let gap = g.cells[a].0 - g.cells[b].1;
                space = Some(space.map_or(gap, |m| m.min(gap)));
            }
        }
        if inner.is_none() && space.is_none() {
            return;
        }
        let e = book.gaps.entry(g.cap).or_insert((i32::MIN, i32::MAX));
        e.0 = e.0.max(inner.unwrap_or(i32::MIN));
        e.1 = e.1.min(space.unwrap_or(i32::MAX));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs as rows of `#` (ink), all on one baseline.
    const SHAPES: [(char, [&str; 5]); 4] = [
        ('a', ["###", "..#", "###", "#.#", "###"]),
        ('b', ["#..", "#..", "###", "#.#", "###"]),
        ('c', ["...", "###", "#..", "#..", "###"]),
        ('d', ["..#", "..#", "###", "#.#", "###"]),
    ];

    /// A native crop of `text` at 2x scale for tesseract: 1 px between letters, 4 px for a
    /// space, 3 px of margin all round. Returns it with each word's box in scaled pixels.
    fn line(text: &str) -> (Crop, Vec<RawWord>) {
        let mut cols: Vec<[bool; 5]> = vec![[false; 5]; 3];
        let mut words = Vec::new();
        for word in text.split(' ') {
            let x0 = cols.len();
            for (k, c) in word.chars().enumerate() {
                if k > 0 {
                    cols.push([false; 5]);
                }
                let rows = SHAPES.iter().find(|s| s.0 == c).expect("shape").1;
                for x in 0..rows[0].len() {
                    cols.push(std::array::from_fn(|y| rows[y].as_bytes()[x] == b'#'));
                }
            }
            words.push(RawWord { text: word.into(), rect: Rect::new(2 * x0 as i32, 6, 2 * cols.len() as i32, 16), conf: 95.0, line: 0 });
            cols.extend([[false; 5]; 4]);
        }
        cols.truncate(cols.len() - 4);
        cols.extend([[false; 5]; 3]);
        let (w, h) = (cols.len(), 11);
        let native: Vec<u8> = (0..w * h).map(|i| if (3..8).contains(&(i / w)) && cols[i % w][i / w - 3] { 0 } else { 255 }).collect();
        let origin = Rect::new(100, 40, 100 + w as i32, 40 + h as i32);
        (Crop { pixels: vec![], width: 2 * w as u32, height: 2 * h as u32, origin, scale: 2.0, native }, words)
    }

    fn read(book: &GlyphBook, text: &str) -> Option<String> {
        let (crop, _) = line(text);
        let words = book.read(&crop, &Glyphs::of(&crop)?)?;
        Some(words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" "))
    }

    fn learn(book: &GlyphBook, text: &str, reading: &str) {
        let (crop, mut raw) = line(text);
        for (w, t) in raw.iter_mut().zip(reading.split(' ')) {
            w.text = t.into();
        }
        book.learn(&crop, &Glyphs::of(&crop).expect("one line"), &raw);
    }

    #[test]
    fn a_line_of_glyphs_read_before_is_read_from_the_book_in_frame_pixels() {
        let book = GlyphBook::default();
        assert_eq!(read(&book, "ab ca"), None, "an empty book reads nothing");
        learn(&book, "ab ca", "ab ca");
        assert_eq!(read(&book, "ca ab").as_deref(), Some("ca ab"));
        assert_eq!(read(&book, "aa bc").as_deref(), Some("aa bc"));
        let (crop, _) = line("ca");
        let words = book.read(&crop, &Glyphs::of(&crop).expect("line")).expect("read");
        assert_eq!(words[0].rect, Rect::new(103, 43, 110, 48), "the glyphs' own pixels, in the frame");
        // A glyph never read goes to tesseract.
        assert_eq!(read(&book, "ab da"), None);
    }

    #[test]
    fn a_glyph_read_as_two_characters_or_a_gap_of_neither_kind_goes_to_tesseract() {
        let book = GlyphBook::default();
        learn(&book, "ab ca", "ab ca");
        learn(&book, "ab", "ob");
        assert_eq!(read(&book, "ab"), None, "'a' was also read as 'o'");
        assert_eq!(read(&book, "cb").as_deref(), Some("cb"));
        // A 2 px gap: wider than any inside a word (1 px), narrower than any space (4 px).
        let (mut crop, _) = line("cb");
        let w = crop.origin.width() as usize;
        let mut wide = Vec::new();
        for row in crop.native.chunks(w) {
            wide.extend_from_slice(&row[..6]);
            wide.push(255);
            wide.extend_from_slice(&row[6..]);
        }
        crop.native = wide;
        crop.origin.x1 += 1;
        assert!(book.read(&crop, &Glyphs::of(&crop).expect("line")).is_none());
    }

    #[test]
    fn only_one_line_clear_of_the_crops_edges_is_cut_into_glyphs() {
        let (crop, _) = line("ab ca");
        assert!(Glyphs::of(&crop).is_some());
        let w = crop.origin.width() as usize;
        // A second line under the first (a blank row between them).
        let mut two = crop.clone();
        two.native[9 * w + 4] = 0;
        assert!(Glyphs::of(&two).is_none());
        // Ink at the crop's edge: a glyph may be cut.
        let mut cut = crop.clone();
        cut.native[5 * w] = 0;
        assert!(Glyphs::of(&cut).is_none());
        // A low-confidence reading teaches nothing.
        let book = GlyphBook::default();
        let (c, mut raw) = line("ab ca");
        raw.iter_mut().for_each(|w| w.conf = 60.0);
        book.learn(&c, &Glyphs::of(&c).expect("line"), &raw);
        assert_eq!(read(&book, "ab ca"), None);
    }
}
