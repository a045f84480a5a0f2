//! Column memory: in a table, a value's kind often comes only from its column header
//! ("Geboortedatum" over dates). When the header scrolls out of view, the dates below it
//! are still birth dates. Once a whole cell was found sensitive, later cells that start at
//! the same x and have the same character shape (`dd-dd-dddd`) are masked as the same kind.
//! Shapes keep this from spreading to other text in the column.

use crate::detect::{self, Category, Finding};
use crate::geom::{Rect, union_all};
use crate::ocr::TextLine;

/// Fixed-format values only: short shapes (names, free text) are never remembered.
const MIN_SHAPE_DIGITS: usize = 6;

#[derive(Default)]
pub struct Columns {
    known: Vec<(i32, String, Category)>,
}

/// Digits become `d`, letters `a`, everything else stays: "13-11-1994" → "dd-dd-dddd".
pub fn shape(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                'd'
            } else if c.is_alphabetic() {
                'a'
            } else {
                c
            }
        })
        .collect()
}

impl Columns {
    pub fn clear(&mut self) {
        self.known.clear();
    }

    /// Learns from this frame's findings and adds findings for remembered columns. A column
    /// is learnt from two whole cells of one shape and kind in one frame: a header's context
    /// covers every cell it stands over, while one cell found alone (a misread, a stray
    /// label) would otherwise mask its whole column for the rest of the recording.
    pub fn apply(&mut self, lines: &[TextLine], findings: &mut Vec<Finding>) {
        let mut seen: Vec<(i32, String, Category, usize)> = Vec::new();
        for f in findings.iter() {
            let Some(b) = union_all(&f.boxes) else {
                continue;
            };
            let Some(l) = lines.iter().find(|l| l.rect.intersect(&b).area() * 10 >= b.area() * 9) else {
                continue;
            };
            // The finding must be the whole cell, not a value inside a sentence.
            if b.width() * 10 < l.rect.width() * 8 {
                continue;
            }
            let s = shape(&l.text);
            if s.chars().filter(|&c| c == 'd').count() < MIN_SHAPE_DIGITS {
                continue;
            }
            match seen.iter_mut().find(|(x, k, c, _)| (x - l.rect.x0).abs() <= 3 && *k == s && *c == f.category) {
                Some(e) => e.3 += 1,
                None => seen.push((l.rect.x0, s, f.category, 1)),
            }
        }
        for (x, s, cat, n) in seen {
            // A column already known as this kind learns another shape from one cell (OCR's
            // variants of a date: "13-11-199", "1-11-1994").
            let column_known = self.known.iter().any(|(kx, _, kc)| (kx - x).abs() <= 3 && *kc == cat);
            if (n >= 2 || column_known) && !self.known.iter().any(|(kx, k, _)| (kx - x).abs() <= 3 && *k == s) {
                self.known.push((x, s, cat));
            }
        }
        if self.known.is_empty() {
            return;
        }
        let mut extra = Vec::new();
        for l in lines {
            let covered = findings.iter().any(|f| f.boxes.iter().any(|b| b.intersect(&l.rect).area() * 10 >= l.rect.area() * 8));
            if covered {
                continue;
            }
            let s = shape(&l.text);
            if let Some((_, _, cat)) = self.known.iter().find(|(x, k, _)| (x - l.rect.x0).abs() <= 3 && *k == s) {
                extra.push(Finding { category: *cat, rule: "track.column", confidence: 0.8, boxes: vec![l.rect], preview: detect::preview(&l.text, *cat) });
            }
        }
        findings.extend(extra);
    }
}

/// In a table most cells of a column hold the same kind of value. A column (cells starting
/// at one x) where at least 60 % of the cells, and at least three, were each found whole as
/// one kind has its other cells masked as that kind too: a name misread by OCR
/// ("Comelia" for "Cornelia") or an address only partly matched is still a name or an
/// address. Header cells (known labels) are left alone.
pub fn majority(lines: &[TextLine], findings: &mut Vec<Finding>) {
    // A cell is of a kind when that kind's findings cover it, one finding or several (an
    // address found as its street and its postcode with town).
    let whole = |l: &TextLine| line_kind(l, findings);
    let mut order: Vec<&TextLine> = lines.iter().filter(|l| l.rect.area() > 0).collect();
    order.sort_by_key(|l| l.rect.x0);
    let mut extra = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let x = order[start].rect.x0;
        let end = start + order[start..].iter().take_while(|l| l.rect.x0 - x <= 3).count();
        let column = &order[start..end];
        start = end;
        if column.len() < 4 {
            continue;
        }
        let kinds: Vec<Option<Category>> = column.iter().map(|l| whole(l)).collect();
        let mut counts: Vec<(Category, usize)> = Vec::new();
        for k in kinds.iter().flatten() {
            match counts.iter_mut().find(|(c, _)| c == k) {
                Some(e) => e.1 += 1,
                None => counts.push((*k, 1)),
            }
        }
        let Some(&(cat, n)) = counts.iter().max_by_key(|(_, n)| *n) else {
            continue;
        };
        if n < 3 || n * 10 < column.len() * 6 {
            continue;
        }
        for (l, k) in column.iter().zip(&kinds) {
            let text = l.text.trim();
            if k.is_some() || text.chars().filter(|c| c.is_alphanumeric()).count() < 2 || detect::labels::label_category(text).is_some() {
                continue;
            }
            extra.push(Finding { category: cat, rule: "track.column_majority", confidence: 0.6, boxes: vec![l.rect], preview: detect::preview(text, cat) });
        }
    }
    findings.extend(extra);
}

/// The kind whose findings cover a line whole (80 % of its width), one finding or several
/// (an address found as its street and its postcode with town), if any.
pub fn line_kind(l: &TextLine, findings: &[Finding]) -> Option<Category> {
    let mut by_kind: Vec<(Category, i32)> = Vec::new();
    for f in findings {
        let covered: i32 = f.boxes.iter().map(|b| b.intersect(&l.rect).width()).sum();
        if covered > 0 {
            match by_kind.iter_mut().find(|(c, _)| *c == f.category) {
                Some(e) => e.1 += covered,
                None => by_kind.push((f.category, covered)),
            }
        }
    }
    by_kind.into_iter().filter(|(_, w)| w * 10 >= l.rect.width() * 8).max_by_key(|(_, w)| *w).map(|(c, _)| c)
}

/// Whether a region's reading is text read with confidence (a few characters at 80 or more),
/// as a whole line is and a line cut to the tops of its letters is not.
pub fn read_clearly(lines: &[TextLine]) -> bool {
    lines.iter().any(|l| l.mean_conf() >= 80.0 && l.text.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
}

/// A table row cut by the edge of its scroll viewport shows only the tops (or bottoms) of
/// its letters: OCR reads nothing useful there, yet the pixels are a value's. A read region
/// that is clearly shorter than the sensitive cell right above or below it in the same
/// column (lying within its width) is masked as that cell's kind: below 85 % of its height
/// when its reading is poor, below 60 % even when read clearly. A whole line is often a few
/// pixels shorter than its neighbour (no descenders: `"build":"11.0.6"}` under a key) and is
/// read clearly.
pub fn clipped_cells(regions: &[(Rect, bool)], findings: &mut Vec<Finding>) {
    // A cell is a finding's boxes on one row: a value wrapped over two lines is two cells of
    // one line's height, not one twice as tall.
    let mut cells: Vec<(Rect, Category)> = Vec::new();
    for f in findings.iter() {
        let start = cells.len();
        for b in &f.boxes {
            match cells[start..].iter_mut().find(|(c, _)| c.v_overlap(b) >= 0.5) {
                Some(c) => c.0 = c.0.union(b),
                None => cells.push((*b, f.category)),
            }
        }
    }
    let mut extra = Vec::new();
    for &(r, clear) in regions {
        let short = if clear { 60 } else { 85 };
        let covered = cells.iter().any(|(b, _)| b.intersect(&r).area() * 2 >= r.area());
        if covered || r.area() == 0 {
            continue;
        }
        let neighbour = cells.iter().find(|(b, _)| {
            let h = b.height();
            let gap = if r.y0 >= b.y1 { r.y0 - b.y1 } else { b.y0 - r.y1 };
            let overlap = (r.x1.min(b.x1) - r.x0.max(b.x0)).max(0);
            (0..=h).contains(&gap) && overlap * 10 >= r.width() * 8 && r.height() * 100 < h * short
        });
        if let Some((_, cat)) = neighbour {
            extra.push(Finding { category: *cat, rule: "track.clipped_cell", confidence: 0.6, boxes: vec![r], preview: String::new() });
        }
    }
    findings.extend(extra);
}

/// Table cells that OCR read as one line: a long address ending a few pixels before the
/// next column's date is one region, one reading, and the date then has no column of its own
/// (no header context, no column memory). A word that starts clearly apart from the word
/// before it (more than half a line height: wider than a word space) is a column edge when
/// at least two other lines start at its x in the same stack of lines: going up and down from
/// the line, the lines that start at that x are counted until one runs across it. A column is
/// an x that text starts at and does not cross, in lines at most five line heights apart.
/// Without the stop a name written with a space
/// ("鈴木 大輔", a gap of 0.7 line heights) was cut in two wherever two stray readings began
/// under its given name, and neither half was a name any more; and a terminal line dragged
/// past the left edge of another window's text ("SENDGRID _API_KEY=…" with a wide underscore
/// gap) was cut there, and its key no longer went on into the wrapped line under it.
pub fn split_at_edges(lines: Vec<TextLine>) -> Vec<TextLine> {
    let edge = |x: i32, own: usize| {
        let me = &lines[own].rect;
        // Every other line that starts at x (true) or runs across it (false).
        let mut touching: Vec<(Rect, bool)> = lines
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != own)
            .filter_map(|(_, l)| {
                if (l.rect.x0 - x).abs() <= 2 {
                    Some((l.rect, true))
                } else {
                    l.words.iter().any(|w| w.rect.x0 < x - 2 && w.rect.x1 > x + 2).then_some((l.rect, false))
                }
            })
            .collect();
        touching.sort_unstable_by_key(|t| t.0.y0);
        // A stack ends at a line across x or at a gap of more than five line heights.
        let max_gap = 5 * me.height().max(1);
        let run = |it: &mut dyn Iterator<Item = &(Rect, bool)>| {
            let mut last = *me;
            it.take_while(|(r, starts)| {
                let gap = (r.y0 - last.y1).max(last.y0 - r.y1);
                last = *r;
                *starts && gap <= max_gap
            })
            .count()
        };
        let above = run(&mut touching.iter().rev().filter(|t| t.0.y0 < me.y0));
        let below = run(&mut touching.iter().filter(|t| t.0.y0 > me.y0));
        above + below >= 2
    };
    // Cuts first (they look at every line), pieces after.
    let all_cuts: Vec<Vec<usize>> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let h = l.rect.height().max(1) as f32;
            (1..l.words.len()).filter(|&k| (l.words[k].rect.x0 - l.words[k - 1].rect.x1) as f32 > 0.5 * h && edge(l.words[k].rect.x0, i)).collect()
        })
        .collect();
    let mut out = Vec::with_capacity(lines.len());
    for (l, cuts) in lines.into_iter().zip(all_cuts) {
        if cuts.is_empty() {
            out.push(l);
            continue;
        }
        let lang = l.lang.clone();
        let mut words = l.words;
        let mut pieces = Vec::with_capacity(cuts.len() + 1);
        for &k in cuts.iter().rev() {
            pieces.push(words.split_off(k));
        }
        pieces.push(words);
        out.extend(pieces.into_iter().rev().map(|w| TextLine::new(w, &lang)));
    }
    out
}

/// Fail closed on context: a fixed-format value (a line with six digits or more: a date, an
/// account or customer number) may be sensitive only because of its column header ("Geboorte-
/// datum" over dates). While a region above it in its column is unread (not yet read, or
/// changing), that header may be among them, so the value's digit words are masked until it is
/// read. Live streams showed why: table cells read before the header above them left birth
/// dates unmasked for a third of a second.
///
/// Likewise the last characters of a key wrapped onto a line of their own ("91zUPu8", one
/// word of letters and digits) while the long line above them, where the key starts, is
/// unread: alone they are no finding, and a dragged terminal showed them for a frame.
pub fn under_unread(lines: &[TextLine], unread: &[Rect], findings: &[Finding]) -> Vec<Rect> {
    if unread.is_empty() {
        return Vec::new();
    }
    let digits = |t: &str| t.chars().filter(char::is_ascii_digit).count();
    let mut out = Vec::new();
    for l in lines {
        let r = l.rect;
        let h = r.height().max(1);
        let tail = l.words.len() == 1
            && l.text.len() >= 4
            && digits(&l.text) >= 1
            && l.text.chars().any(|c| c.is_ascii_alphabetic())
            && l.text.chars().all(detect::page_roles::token_char);
        if tail && unread.iter().any(|u| (r.y0 - u.y1) <= h && u.y1 <= r.y0 + 2 && (u.x0 - r.x0).abs() <= h && u.width() >= 8 * h) {
            out.push(r);
            continue;
        }
        if digits(&l.text) < MIN_SHAPE_DIGITS {
            continue;
        }
        let header_unread = unread.iter().any(|u| u.y1 <= r.y0 + 2 && u.x0 < r.x1 && r.x0 < u.x1 && !u.intersects(&r));
        if !header_unread {
            continue;
        }
        for w in &l.words {
            let found = findings.iter().any(|f| f.boxes.iter().any(|b| b.intersect(&w.rect).area() * 10 >= w.rect.area() * 8));
            if digits(&w.text) >= 2 && !found {
                out.push(w.rect);
            }
        }
    }
    out
}

/// Boxes of a finding set, for tests.
#[cfg(test)]
fn boxes(f: &[Finding]) -> Vec<Rect> {
    f.iter().flat_map(|f| f.boxes.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::Word;

    fn line(t: &str, x0: i32, y0: i32) -> TextLine {
        TextLine::new(vec![Word { text: t.into(), rect: Rect::new(x0, y0, x0 + 70, y0 + 12), conf: 90.0 }], "eng")
    }

    #[test]
    fn same_column_same_shape_only() {
        let mut c = Columns::default();
        // One cell found alone teaches nothing.
        let l0 = line("13-11-1994", 1240, 100);
        let mut f = vec![Finding { category: Category::BirthDate, rule: "label.context", confidence: 0.8, boxes: vec![l0.rect], preview: String::new() }];
        c.apply(std::slice::from_ref(&l0), &mut f);
        let mut none = Vec::new();
        c.apply(&[line("02-11-2000", 1241, 300)], &mut none);
        assert!(none.is_empty());
        // Two cells under one header do.
        let l1 = line("27-04-1987", 1240, 120);
        let mut f = [&l0, &l1]
            .iter()
            .map(|l| Finding { category: Category::BirthDate, rule: "label.context", confidence: 0.8, boxes: vec![l.rect], preview: String::new() })
            .collect();
        c.apply(&[l0.clone(), l1], &mut f);
        // Once the column is known, one cell teaches it another shape (an OCR variant).
        let mut f = vec![Finding {
            category: Category::BirthDate,
            rule: "label.context",
            confidence: 0.8,
            boxes: vec![Rect::new(1240, 140, 1300, 152)],
            preview: String::new(),
        }];
        c.apply(&[line("3-11-1994", 1240, 140)], &mut f);
        let mut g = Vec::new();
        c.apply(&[line("7-05-1961", 1241, 400)], &mut g);
        assert_eq!(g.len(), 1);
        let lines = [line("02-11-2000", 1241, 300), line("02-11-2000", 900, 300), line("Actief", 1240, 320), line("2024/11/3345", 1240, 340)];
        let mut f = Vec::new();
        c.apply(&lines, &mut f);
        assert_eq!(boxes(&f), vec![lines[0].rect]);
        assert_eq!(f[0].category, Category::BirthDate);
    }

    #[test]
    fn clipped_row_under_a_sensitive_cell_is_masked_others_not() {
        let phone = Rect::new(530, 970, 636, 985);
        let mut f = vec![Finding { category: Category::Phone, rule: "phone", confidence: 0.9, boxes: vec![phone], preview: String::new() }];
        let regions = [
            (Rect::new(530, 992, 630, 1000), false),  // tops of the next row's digits
            (Rect::new(530, 1040, 630, 1048), false), // far below: not a neighbour
            (Rect::new(700, 992, 760, 1000), false),  // another column
            (Rect::new(530, 992, 636, 1007), false),  // a whole row: was read, not clipped
            (Rect::new(400, 992, 900, 1000), false),  // a wide short line (terminal text): not a cell
            (Rect::new(530, 992, 620, 1004), true),   // a line without descenders, read clearly
            (Rect::new(540, 992, 610, 1000), true),   // cut to half its height: masked however read
        ];
        clipped_cells(&regions, &mut f);
        assert_eq!(boxes(&f), vec![phone, regions[0].0, regions[6].0]);
        assert_eq!(f[1].category, Category::Phone);
        // A key wrapped over two lines is two cells of a line's height: the whole line under
        // it is not "clipped".
        let key = [Rect::new(60, 500, 470, 516), Rect::new(60, 520, 472, 536)];
        let mut f = vec![Finding { category: Category::Token, rule: "token", confidence: 0.9, boxes: key.to_vec(), preview: String::new() }];
        clipped_cells(&[(Rect::new(60, 541, 300, 555), false)], &mut f);
        assert_eq!(f.len(), 1, "{:?}", boxes(&f));
    }

    #[test]
    fn column_majority_masks_the_misread_cell_not_the_header() {
        let names = ["Naam", "Sophia van den Brink", "Comelia van Bentheim", "Jan de Vries", "Piet Jansen"];
        let lines: Vec<TextLine> = names.iter().enumerate().map(|(i, t)| line(t, 109 + (i as i32 % 2), 100 + 20 * i as i32)).collect();
        let mut f: Vec<Finding> = [1usize, 3, 4]
            .iter()
            .map(|&i| Finding { category: Category::Name, rule: "name", confidence: 0.9, boxes: vec![lines[i].rect], preview: String::new() })
            .collect();
        majority(&lines, &mut f);
        assert_eq!(f.len(), 4, "{:?}", boxes(&f));
        assert_eq!(f[3].boxes, vec![lines[2].rect]);
        // Two of five is no majority.
        let mut f2: Vec<Finding> = f.drain(..2).collect();
        majority(&lines, &mut f2);
        assert_eq!(f2.len(), 2);
    }

    #[test]
    fn a_cell_read_together_with_the_next_column_is_split_at_that_column() {
        let ws =
            |v: &[(&str, i32, i32)]| v.iter().map(|(t, a, b)| Word { text: t.to_string(), rect: Rect::new(*a, 100, *b, 115), conf: 90.0 }).collect::<Vec<_>>();
        let merged = TextLine::new(ws(&[("Nederhorst", 1107, 1173), ("den", 1177, 1199), ("Berg", 1203, 1231), ("08-05-1971", 1240, 1309)]), "eng");
        let date = |y: i32| TextLine::new(vec![Word { text: "05-07-1974".into(), rect: Rect::new(1240, y, 1310, y + 11), conf: 90.0 }], "eng");
        let out = split_at_edges(vec![date(50), merged.clone(), date(150)]);
        assert_eq!(out.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["05-07-1974", "Nederhorst den Berg", "08-05-1971", "05-07-1974"]);
        // One other line starting there is no column; a word space is no cell gap.
        assert_eq!(split_at_edges(vec![date(50), merged.clone()]).len(), 2);
        let spaced = TextLine::new(ws(&[("Berg", 1203, 1236), ("08-05-1971", 1240, 1309)]), "eng");
        assert_eq!(split_at_edges(vec![date(50), spaced, date(150)]).len(), 3);
        // A name with a wide space in a list of names: stray readings starting under its
        // second half are no column while the other names run across that x.
        let name = |y: i32, a: i32| {
            TextLine::new(
                vec![
                    Word { text: "鈴木".into(), rect: Rect::new(22, y, 51, y + 15), conf: 90.0 },
                    Word { text: "真由美".into(), rect: Rect::new(a, y, 101, y + 15), conf: 90.0 },
                ],
                "jpn",
            )
        };
        let stray = |y: i32| TextLine::new(vec![Word { text: "いし".into(), rect: Rect::new(63, y, 82, y + 12), conf: 60.0 }], "jpn");
        let list = vec![name(56, 57), name(113, 62), name(170, 57), stray(194), name(227, 57), stray(250), name(284, 57)];
        assert_eq!(split_at_edges(list.clone()).len(), 7);
        // The same strays in a list of names that all end before them: a column.
        let short = |y: i32| TextLine::new(vec![Word { text: "鈴木".into(), rect: Rect::new(22, y, 51, y + 15), conf: 90.0 }], "jpn");
        let mut table = vec![short(56), list[1].clone(), short(170), list[3].clone(), short(227), list[5].clone()];
        assert_eq!(split_at_edges(table.clone()).len(), 7);
        table.push(list[2].clone());
        table.push(list[4].clone());
        assert_eq!(split_at_edges(table).len(), 8);
        // A terminal line dragged past the left edge of another window's text: a wide
        // underscore gap lands on that edge, but the prompt line between them runs across it
        // (and the window's lines are six line heights up): no column, the key stays whole.
        let at = |t: &str, x0: i32, x1: i32, y: i32| Word { text: t.into(), rect: Rect::new(x0, y, x1, y + 17), conf: 90.0 };
        let window: Vec<TextLine> = [78, 106, 134, 161].iter().map(|&y| TextLine::new(vec![at("Betreff", 379, 460, y)], "eng")).collect();
        let prompt = TextLine::new(vec![at("jan@laptop:~/app$", 300, 441, 258), at("cat", 450, 476, 258)], "eng");
        let key = TextLine::new(vec![at("SENDGRID", 299, 371, 279), at("_API_KEY=SG.L0isbSa9", 380, 1013, 279)], "eng");
        let mut terminal = window.clone();
        terminal.extend([prompt, key.clone()]);
        assert_eq!(split_at_edges(terminal).len(), 6);
        let mut no_prompt = window;
        no_prompt.push(key);
        assert_eq!(split_at_edges(no_prompt).len(), 5);
    }

    #[test]
    fn digits_under_an_unread_region_of_their_column_are_masked() {
        let line = |t: &str, x: i32, y: i32| TextLine::new(vec![Word { text: t.into(), rect: Rect::new(x, y, x + 70, y + 11), conf: 90.0 }], "eng");
        let lines = vec![line("08-05-1971", 1240, 200), line("Velp", 900, 200), line("12-1", 1240, 220)];
        let header = Rect::new(1230, 100, 1330, 112);
        assert_eq!(under_unread(&lines, &[header], &[]), vec![Rect::new(1240, 200, 1310, 211)]);
        // Unread text elsewhere, or below, says nothing about this column.
        assert!(under_unread(&lines, &[Rect::new(100, 100, 300, 112)], &[]).is_empty());
        assert!(under_unread(&lines, &[Rect::new(1230, 300, 1330, 312)], &[]).is_empty());
        // A key's wrapped last characters under the unread line where it starts; not under a
        // short region, nor a word without digits.
        let tail = vec![line("91zUPu8", 300, 320)];
        assert_eq!(under_unread(&tail, &[Rect::new(298, 300, 1010, 317)], &[]), vec![Rect::new(300, 320, 370, 331)]);
        assert!(under_unread(&tail, &[Rect::new(298, 300, 360, 317)], &[]).is_empty());
        assert!(under_unread(&[line("Velpweg", 300, 320)], &[Rect::new(298, 300, 1010, 317)], &[]).is_empty());
    }
}
