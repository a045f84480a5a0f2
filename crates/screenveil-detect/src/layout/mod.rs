//! Layout context: which label a line belongs to. A value's label is usually not on its own
//! line: it is the cell to its left ("Password | Zima2024!"), the line above it (form
//! fields), or its table column's header ("PESEL" over a column of numbers).

use super::labels::label_category;
use super::{Category, Context};
use crate::geom::Rect;
use crate::text::TextLine;

/// How far up a column is followed, in line heights, across one gap between rows.
/// Rows OCR could not read (masked "••••" cells) leave gaps, so this is generous; forms are
/// kept apart by the alignment and neutral-label rules instead.
const MAX_ROW_GAP: f32 = 6.0;

/// Where a walk up a column ended: at a label's header, at a neutral field's, or neither.
enum Walk {
    Label(Category),
    Neutral,
    None,
}

/// One context per line, in the same order.
pub fn contexts(lines: &[TextLine]) -> Vec<Context> {
    Page::new(lines).contexts()
}

/// Runs of words of line `i` whose own column header differs from the line's context (see
/// [`Page::cell_runs`]).
pub fn cell_runs(lines: &[TextLine], i: usize, line_label: Option<Category>) -> Vec<(std::ops::Range<usize>, Category)> {
    Page::new(lines).cell_runs(i, line_label)
}

/// The lines of one screen with what the column walks ask about them, worked out once:
/// a table's every cell walks up through the rows above it, so each row is asked about
/// again and again (hundreds of thousands of times a second in a scrolling table).
pub struct Page<'a> {
    lines: &'a [TextLine],
    /// Line indices by bottom edge, lowest line first (the order a walk up meets them).
    by_bottom: Vec<usize>,
    neutral: Vec<std::cell::OnceCell<bool>>,
    /// "label: value" lines are inline pairs, not headers of what is below them.
    pair: Vec<std::cell::OnceCell<bool>>,
    /// A field of its own ([`field_pair`]), which ends a column.
    field: Vec<std::cell::OnceCell<bool>>,
    /// Header label of words `a..=b` of line `j`.
    header: std::cell::RefCell<rustc_hash::FxHashMap<(usize, usize, usize), Option<Category>>>,
}

impl<'a> Page<'a> {
    pub fn new(lines: &'a [TextLine]) -> Page<'a> {
        let mut by_bottom: Vec<usize> = (0..lines.len()).collect();
        by_bottom.sort_by_key(|&j| (std::cmp::Reverse(lines[j].rect.y1), j));
        let n = lines.len();
        let cells = || vec![std::cell::OnceCell::new(); n];
        Page { lines, by_bottom, neutral: cells(), pair: cells(), field: cells(), header: Default::default() }
    }

    /// One context per line, in the same order.
    pub fn contexts(&self) -> Vec<Context> {
        let mut ctx: Vec<Context> = (0..self.lines.len()).map(|i| Context { label: self.label_for(i) }).collect();
        self.code_lists(&mut ctx);
        ctx
    }

    /// A list of recovery codes under its label ("Backup codes", "Herstelcodes"): the label
    /// speaks for every code-shaped line of the block below it, in one column or in a grid,
    /// until a gap of two line heights or a line at the label's left edge that is no code.
    /// (Also the roles no label announces: an unlabelled block of codes, a user page's heading.)
    fn code_lists(&self, ctx: &mut [Context]) {
        for i in super::codes::unlabelled_blocks(self.lines) {
            ctx[i].label = Some(Category::Password);
        }
        for i in super::records::user_headings(self.lines) {
            ctx[i].label = Some(Category::Username);
        }
        for lab in self.lines.iter().filter(|l| super::labels::is_code_list_label(&l.text)) {
            let h = lab.rect.height().max(6);
            let mut below: Vec<usize> = (0..self.lines.len())
                .filter(|&i| {
                    let r = &self.lines[i].rect;
                    r.y0 >= lab.rect.y1 - 2 && r.x1 > lab.rect.x0 - h && r.x0 - lab.rect.x0 <= 60 * h
                })
                .collect();
            below.sort_by_key(|&i| (self.lines[i].rect.y0, self.lines[i].rect.x0));
            let mut bottom = lab.rect.y1;
            for i in below {
                let l = &self.lines[i];
                if l.rect.y0 - bottom > 2 * h {
                    break;
                }
                if !code_shaped(&l.text) {
                    if l.rect.x0 <= lab.rect.x0 + h {
                        break;
                    }
                    continue;
                }
                ctx[i].label = Some(Category::Password);
                bottom = bottom.max(l.rect.y1);
            }
        }
    }

    fn label_for(&self, i: usize) -> Option<Category> {
        let l = &self.lines[i];
        if label_category(&l.text).is_some() {
            return None;
        }
        // A label ending in a colon just before the value ("username:" and "bal", read as two
        // pieces) names it outright: no header above outranks it, nor a chat's closing line
        // ("Thanks,") that the walk up a column of messages would reach.
        if let Some(c) = colon_label_before(self.lines, i) {
            return Some(c);
        }
        // A table's header outranks the cell to the left, which in a table is data of another
        // column ("Mail" in a Title column is not an e-mail label).
        self.column_label_of(i, l.rect, false).or_else(|| left_label(self.lines, i))
    }

    /// Column label for a part of line `i` (a word or cell) at `l`: walks up the lines above
    /// that share columns with it, through a table's rows, until a header-like label is found
    /// or the column ends. `strict`: only through rows that line up with it (a table column),
    /// never through wide rows that merely span it.
    fn column_label_of(&self, i: usize, l: Rect, strict: bool) -> Option<Category> {
        match self.column_walk(i, l, strict) {
            Walk::Label(c) => Some(c),
            _ => None,
        }
    }

    /// Whether line `i` stands in a table column headed by a neutral field ("Order",
    /// "Zamówienie", "注文番号"): a number there is that field's, not a phone number.
    pub fn neutral_column(&self, i: usize) -> bool {
        matches!(self.column_walk(i, self.lines[i].rect, true), Walk::Neutral)
    }

    fn column_walk(&self, i: usize, l: Rect, strict: bool) -> Walk {
        let h = l.height().max(6) as f32;
        // (Large glyphs' boxes reach a little above their line: a label right over a large
        // value may end just below the value box's top.)
        let first = self.by_bottom.partition_point(|&j| self.lines[j].rect.y1 > l.y0 + (l.height() / 8).max(2));
        let above = self.by_bottom[first..].iter().copied().filter(|&j| j != i && x_overlaps(&self.lines[j].rect, &l));
        let mut top = l.y0;
        // Whether the lines passed so far are one value wrapped onto them and the cell.
        let (mut wrapped, mut lower) = (true, l);
        // The lines passed so far (a second reading of a label, on the label's own row, is
        // not a row passed).
        let (mut passed, mut prev): (Vec<Rect>, Option<Rect>) = (Vec::new(), None);
        for j in above.take(80) {
            let o = &self.lines[j];
            if (top - o.rect.y1) as f32 > MAX_ROW_GAP * h.max(o.rect.height() as f32) {
                break;
            }
            passed.extend(prev.replace(o.rect));
            // A line on the row of a line passed: a second reading of that line's box is read
            // again (a header OCR read twice, garbage first); a piece inside it is no row of
            // its own; a label's word elsewhere on a row of data ("ログインできました" in a
            // chat) is no header above it. (A piece of this line's box read on its own, the
            // garbage of a label read twice, makes it a second reading too.)
            let mut second_reading = false;
            if lower != l && o.rect.v_overlap(&lower) >= 0.5 {
                let hh = lower.height().max(1);
                let (a, b) = (&o.rect, &lower);
                let piece_of = b.x0 >= a.x0 - hh / 2 && b.x1 <= a.x1 + hh / 2 && a.x0 - b.x0 <= hh;
                second_reading = ((a.x0 - b.x0).abs() <= hh && (a.x1 - b.x1).abs() <= hh) || piece_of;
                if !second_reading && a.x0 >= b.x0 - hh / 2 && a.x1 <= b.x1 + hh / 2 {
                    continue;
                }
                if !second_reading && self.header_label(j, &l).is_some() {
                    break;
                }
            }
            if let Some(c) = self.header_label(j, &l) {
                // A form's label alone on its row ("Adress" over a street and a town) speaks
                // for the field right under it (an address for its street and town lines), not
                // for what follows the field; a table's header row speaks for its column.
                let reach = if c == Category::Address { 1 } else { 0 };
                // (A value set at twice the label's size or more and wrapped onto several
                // lines, a vault's large-type view, is one field however many lines it takes.)
                let large = wrapped && o.rect.height() * 2 <= l.height();
                let passed = passed.iter().filter(|r| r.v_overlap(&o.rect) < 0.5).count();
                if passed > reach && !large && self.lone_label(j, &l) {
                    return Walk::None;
                }
                return Walk::Label(c);
            }
            if second_reading {
                continue;
            }
            if *self.neutral[j].get_or_init(|| super::labels::is_neutral_header(&o.text)) {
                // Only a header over most of the cell heads it; the next column's header
                // reaching over the cell's edge does not.
                let over = o.rect.x1.min(l.x1) - o.rect.x0.max(l.x0);
                return if over * 2 >= l.width() { Walk::Neutral } else { Walk::None };
            }
            if *self.field[j].get_or_init(|| field_pair(&o.text)) {
                break;
            }
            // Only a table column is walked through: the rows passed on the way must line up
            // with the cell. A form's unrelated label ("Tytuł przelewu") ends the walk.
            if !aligned(o, &l) && (strict || !spans(&o.rect, &l)) {
                break;
            }
            top = top.min(o.rect.y0);
            wrapped &= wraps_onto(&o.rect, &lower);
            lower = o.rect;
        }
        Walk::None
    }

    /// Whether line `j` is a label on a row of its own over `cell`: no other text beside it,
    /// and not a header spread over several columns (an OCR line of merged header cells is
    /// much wider than one column's cell). A second reading of the label's own box (small
    /// type read twice, once as garbage) is on it, not beside it, and a field's border read as
    /// a bracket or a bar is no text.
    fn lone_label(&self, j: usize, cell: &Rect) -> bool {
        let o = &self.lines[j];
        let text_beside = |x: &TextLine| !x_overlaps(&x.rect, &o.rect) && is_text(x);
        o.rect.width() <= 2 * cell.width().max(1) && !self.lines.iter().enumerate().any(|(k, x)| k != j && x.rect.v_overlap(&o.rect) >= 0.5 && text_beside(x))
    }

    /// The label a header line `j` announces for `cell`: read from the header words over the
    /// cell, widened by one word either side, because OCR often merges neighbouring headers
    /// into one line ("Data urodzenia Status") and only the part above the cell applies.
    fn header_label(&self, j: usize, cell: &Rect) -> Option<Category> {
        let line = &self.lines[j];
        if *self.pair[j].get_or_init(|| line.text.trim_end_matches([':', ' ']).contains([':', '=']) || self.label_then_value(j)) {
            return None;
        }
        // A Japanese sentence (its punctuation says so) is read whole, never word by word: a
        // letter's closing formula heads the name under it, a label's word in it heads nothing.
        if line.text.contains(['、', '。', '！', '？']) {
            return label_category(&line.text);
        }
        let mut over = (0..line.words.len()).filter(|&k| x_overlaps(&line.words[k].rect, cell));
        let Some(a) = over.next() else {
            return label_category(&line.text);
        };
        let b = over.next_back().unwrap_or(a);
        if let Some(hit) = self.header.borrow().get(&(j, a, b)) {
            return *hit;
        }
        // The line's own text between the words keeps its spacing: Japanese words are
        // separate OCR words with no space between them ("シー" "クレ" "ッ" "ト").
        let join = |from: usize, to: usize| line.text.get(line.spans[from].start..line.spans[to].end).unwrap_or_default().to_string();
        let last = line.words.len() - 1;
        let r = label_category(&join(a, b))
            .or_else(|| (a > 0).then(|| label_category(&join(a - 1, b))).flatten())
            .or_else(|| (b < last).then(|| label_category(&join(a, b + 1))).flatten())
            .or_else(|| {
                // OCR cuts a Japanese phrase into pieces of a character or two ("セキ" "ュ" "リ"
                // "ティ" "コー" "ド"): the whole phrase, pieces closer than half its height.
                let (mut a, mut b) = (a, b);
                let near = |x: usize, y: usize| line.words[y].rect.x0 - line.words[x].rect.x1 <= line.rect.height() / 2;
                while a > 0 && near(a - 1, a) {
                    a -= 1;
                }
                while b < last && near(b, b + 1) {
                    b += 1;
                }
                line.text.chars().any(super::norm::is_cjk).then(|| label_category(&join(a, b))).flatten()
            });
        self.header.borrow_mut().insert((j, a, b), r);
        r
    }

    /// Whether line `j` is a form's label with its value on the same row, without a colon
    /// ("Datum narození  13. ledna 1957"): its leading words are a label and a later word, or
    /// the nearest line to its right, holds a digit or `@` and is no label. Such a row is a
    /// pair, not a table's header: the rows below are other fields, not its column. (A header
    /// row's cells are all labels or words; values with digits are what rows below it hold.)
    fn label_then_value(&self, j: usize) -> bool {
        let line = &self.lines[j];
        let valueish = |t: &str| t.contains(|c: char| c.is_ascii_digit() || c == '@') && label_category(t).is_none();
        if label_category(&line.text).is_some() {
            let l = line.rect;
            let max_dist = (l.height() * 30).max(300);
            let right = self
                .lines
                .iter()
                .enumerate()
                .filter(|(k, o)| *k != j && o.rect.v_overlap(&l) >= 0.5 && o.rect.x0 + 4 >= l.x1 && o.rect.x0 - l.x1 <= max_dist && is_text(o))
                .min_by_key(|(_, o)| o.rect.x0);
            // A word value ("jkowalczyk") also makes a pair when the row holds nothing else:
            // a table's header row has more cells, or labels and field names beside it.
            let row = || self.lines.iter().filter(|o| o.rect.v_overlap(&l) >= 0.5 && is_text(o)).count();
            return right
                .is_some_and(|(_, o)| valueish(&o.text) || (label_category(&o.text).is_none() && !super::labels::is_neutral_label(&o.text) && row() == 2));
        }
        let words = &line.words;
        (1..words.len().min(5)).any(|n| {
            let head = words[..n].iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
            words[n..].iter().any(|w| w.text.contains(|c: char| c.is_ascii_digit() || c == '@')) && label_category(&head).is_some()
        })
    }

    /// Runs of words of line `i` whose own column header differs from the line's context:
    /// cells that OCR merged into one line ("… Sroda Wielkopolska 12.11.1968" under "Data
    /// urodzenia"). Returns (byte range in the line's text, label).
    pub fn cell_runs(&self, i: usize, line_label: Option<Category>) -> Vec<(std::ops::Range<usize>, Category)> {
        let l = &self.lines[i];
        if l.words.len() < 2 {
            return Vec::new();
        }
        // Only categories whose context detector checks the value's shape: a user-name or
        // password context would take any word.
        let labels: Vec<Option<Category>> =
            l.words.iter().map(|w| self.column_label_of(i, w.rect, true).filter(|c| !matches!(c, Category::Password | Category::Username))).collect();
        let mut out: Vec<(std::ops::Range<usize>, Category)> = Vec::new();
        for (k, lab) in labels.iter().enumerate() {
            let Some(c) = lab else { continue };
            if Some(*c) == line_label {
                continue;
            }
            match out.last_mut() {
                Some((r, last)) if last == c && labels[k - 1] == Some(*c) => r.end = l.spans[k].end,
                _ => out.push((l.spans[k].clone(), *c)),
            }
        }
        out
    }
}

/// A recovery code's shape: one or two groups of letters and digits joined by `-` or a
/// space ("zwzxc-2jjz8", "8492 1734", "A1B2-C3D4-E5F6"), with a digit or a dash, 6-30 chars.
fn code_shaped(text: &str) -> bool {
    let t = text.trim().trim_start_matches(['•', '·', '-', '*', ' ']);
    let n = t.chars().count();
    (6..=30).contains(&n)
        && t.split_whitespace().count() <= 2
        && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ')
        && t.chars().any(|c| c.is_ascii_digit() || c == '-')
        && label_category(t).is_none()
}

/// The nearest line on the same row to the left, if it is a label.
/// A field of its own above ("Subject: …", "From: Anna <a@b.pl>", "Datum: 3. 4."): a
/// name of up to three words, a colon, a value. A column does not run on through another
/// field; a table's row with a time in it ("09:41") is no such field.
fn field_pair(text: &str) -> bool {
    let Some((head, value)) = text.trim_start().split_once(':') else { return false };
    let words = head.split_whitespace().count();
    (1..=3).contains(&words)
        && head.chars().count() <= 24
        && head.chars().all(|c| c.is_alphabetic() || " .'-".contains(c))
        && value.starts_with(' ')
        && !value.trim().is_empty()
}

/// The label of the nearest line to the left on line `i`'s row when it ends in a colon and
/// stands within a few character widths of the line.
fn colon_label_before(lines: &[TextLine], i: usize) -> Option<Category> {
    let l = lines[i].rect;
    let (_, o) = lines.iter().enumerate().filter(|(j, o)| *j != i && o.rect.v_overlap(&l) >= 0.5 && o.rect.x1 <= l.x0 + 4).max_by_key(|(_, o)| o.rect.x1)?;
    let near = l.x0 - o.rect.x1 <= 3 * l.height().max(o.rect.height());
    (near && o.text.trim_end().ends_with([':', '：'])).then(|| label_category(&o.text)).flatten()
}

fn left_label(lines: &[TextLine], i: usize) -> Option<Category> {
    let l = lines[i].rect;
    let max_dist = (l.height() * 30).max(300);
    let label = lines
        .iter()
        .enumerate()
        .filter(|(j, o)| *j != i && o.rect.v_overlap(&l) >= 0.5 && o.rect.x1 <= l.x0 + 4 && l.x0 - o.rect.x1 <= max_dist)
        .max_by_key(|(_, o)| o.rect.x1)
        .and_then(|(_, o)| label_category(&o.text))?;
    // A table's header row ("Bestelling  Klant  Prioriteit  Datum"): every other cell on the
    // row is a label or a neutral field name, so no cell is the value of the one to its left.
    let mut row = lines.iter().enumerate().filter(|(j, o)| *j != i && o.rect.v_overlap(&l) >= 0.5).map(|(_, o)| o);
    // (A label OCR split in two, "PLZ /" "Ort", is two label cells before a value with digits.)
    let others = row.clone().count();
    let plain = !lines[i].text.contains(|c: char| c.is_ascii_digit());
    let header = (others >= 3 || (others == 2 && plain)) && row.all(|o| label_category(&o.text).is_some() || super::labels::is_neutral_header(&o.text));
    (!header).then_some(label)
}

/// The line that continues line `i` when a value wraps: directly below, left-aligned, same
/// text size, and both sides of the seam look like parts of a value (digits, `@`, `-`, `_`,
/// `.`, or mixed-case runs) rather than prose or names.
pub fn continuation(lines: &[TextLine], i: usize) -> Option<usize> {
    below(lines, i).filter(|&j| lines[j].rect.x1 <= lines[i].rect.x1 + lines[i].rect.height().max(1))
}

/// The pieces before line `i` on its visual line, left to right: OCR and the region search
/// cut one line in pieces ("ci@runner-7:~/app$ curl -H "Authorization:" and "Bearer shpat_…"
/// where the prompt's colour ends), each at most two line heights after the one before.
pub fn row_before(lines: &[TextLine], i: usize) -> Vec<usize> {
    let a = lines[i].rect;
    let h = a.height().max(1);
    let (mut x0, mut pieces) = (a.x0, Vec::new());
    while let Some((j, o)) = lines
        .iter()
        .enumerate()
        .filter(|(j, o)| *j != i && !pieces.contains(j) && o.rect.v_overlap(&a) >= 0.5 && o.rect.x1 <= x0 + 2 && x0 - o.rect.x1 <= 2 * h)
        .max_by_key(|(_, o)| o.rect.x1)
    {
        x0 = o.rect.x0;
        pieces.push(j);
    }
    pieces.reverse();
    pieces
}

/// The line a wrapped value may go on in (see [`continuation`]), however far that line runs
/// on: a token wrapped by a terminal goes on with whatever was typed after it. It starts
/// where the visual line of `i` starts (see [`row_before`]).
pub fn below(lines: &[TextLine], i: usize) -> Option<usize> {
    let a = &lines[i];
    let h = a.rect.height().max(1);
    let valueish = |w: &str| {
        w.chars().count() >= 3
            && (w.chars().any(|c| c.is_ascii_digit() || "@-_./=+".contains(c))
                || (w.chars().any(char::is_uppercase) && w.chars().skip(1).any(char::is_uppercase) && w.chars().any(char::is_lowercase)))
    };
    // A value wraps where a long line meets its container's edge; short stacked lines are
    // table rows.
    if a.text.chars().count() < 16 || !a.words.last().is_some_and(|w| valueish(&w.text)) {
        return None;
    }
    let x0 = row_before(lines, i).first().map_or(a.rect.x0, |&k| lines[k].rect.x0);
    lines.iter().enumerate().find_map(|(j, b)| {
        let gap = b.rect.y0 - a.rect.y1;
        let ok = j != i
            && (-2..=h).contains(&gap)
            && (b.rect.x0 - x0).abs() <= (h / 2).max(4)
            && b.rect.height() * 10 >= h * 7
            && b.rect.height() * 10 <= h * 14
            && b.words.first().is_some_and(|w| valueish(&w.text));
        ok.then_some(j)
    })
}

/// Whether an OCR line holds text at all: a field's border or a text cursor is read as a
/// bracket or a bar, and stands for no value beside a label.
fn is_text(line: &TextLine) -> bool {
    line.text.chars().any(char::is_alphanumeric)
}

/// Some word of `line` starts or ends where `cell` does (left- or right-aligned column).
fn aligned(line: &TextLine, cell: &Rect) -> bool {
    let tol = (cell.height() / 2).max(6);
    line.words.iter().any(|w| (w.rect.x0 - cell.x0).abs() <= tol || (w.rect.x1 - cell.x1).abs() <= tol)
}

/// A row that covers the cell's whole width (cells OCR merged into one line).
fn spans(row: &Rect, cell: &Rect) -> bool {
    let tol = (cell.height() / 2).max(6);
    row.x0 <= cell.x0 + tol && row.x1 >= cell.x1 - tol
}

/// Whether `lower` is the next line of a value wrapped from `upper`: the same size of text,
/// the same left edge, the next line down.
fn wraps_onto(upper: &Rect, lower: &Rect) -> bool {
    let h = upper.height().max(1);
    (upper.height() - lower.height()).abs() * 6 <= h && (upper.x0 - lower.x0).abs() * 2 <= h && (0..=h * 3 / 4).contains(&(lower.y0 - upper.y1))
}

fn x_overlaps(a: &Rect, b: &Rect) -> bool {
    a.x0 < b.x1 && b.x0 < a.x1
}

#[cfg(test)]
mod tests;
