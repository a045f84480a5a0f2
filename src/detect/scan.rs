//! Plain-text scanning (`screenveil scan-text`): findings as byte offsets into the input.
//!
//! Text copied off a screen keeps its layout: a form's label on the line above its value, a
//! table's header above its column, cells apart by runs of spaces, tabs or `|`. The text is
//! laid out as a monospace page (one cell per run of text, one line per text line) and run
//! through the same page detector as a screenshot's OCR lines, so the same layout roles apply.

use serde::Serialize;

use super::policy::Detector;
use super::{Category, preview};
use crate::geom::Rect;
use crate::ocr::{TextLine, Word};

#[derive(Debug, Serialize)]
pub struct TextFinding {
    pub start: usize,
    pub end: usize,
    pub category: Category,
    pub rule: &'static str,
    pub confidence: f32,
    pub preview: String,
}

/// Width of a character and height of a line on the synthetic page, in pixels.
const CW: i32 = 10;
const LH: i32 = 24;

/// One cell of the page: where its text is in the input, its text line and columns.
struct Cell {
    /// The header line of the table this cell's row belongs to (see [`grid`]).
    header: Option<usize>,
    start: usize,
    text_len: usize,
    line: usize,
    cols: std::ops::Range<usize>,
}

/// Splits a text line into cells: runs of text apart by two or more spaces, a tab or `|`.
fn cells(line: &str) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    // A lone bar inside a word is a misread letter ("one.|t"), not a column's border; bars
    // of a table come two or more to a row ("|Name|E-mail|").
    let bars = chars.iter().filter(|c| matches!(c.1, '|' | '│')).count();
    let spaced = |k: usize| bars >= 2 || k == 0 || k + 1 == chars.len() || chars[k - 1].1.is_whitespace() || chars[k + 1].1.is_whitespace();
    let sep = |k: usize| {
        chars[k].1 == '\t'
            || matches!(chars[k].1, '|' | '│') && spaced(k)
            || (chars[k].1.is_whitespace() && chars.get(k + 1).is_some_and(|c| c.1.is_whitespace()))
    };
    let (mut k, n) = (0, chars.len());
    while k < n {
        while k < n && (chars[k].1.is_whitespace() || sep(k)) {
            k += 1;
        }
        if k >= n {
            break;
        }
        let first = k;
        while k < n && !sep(k) {
            k += 1;
        }
        // Trailing single space before a separator run.
        let mut last = k;
        while last > first && chars[last - 1].1.is_whitespace() {
            last -= 1;
        }
        let end = chars.get(last).map_or(line.len(), |c| c.0);
        out.push((chars[first].0, end, first));
    }
    out
}

/// A label OCR spaced out over two cells ("Date  ofbirth", "Numer  rachunku"): one cell,
/// when together they make a label and neither does alone.
fn joined_labels(line: &str, cells: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    use super::labels::label_category;
    let mut out: Vec<(usize, usize, usize)> = Vec::with_capacity(cells.len());
    for c in cells {
        if let Some(p) = out.last_mut()
            && &line[p.1..c.0] == "  "
            && label_category(&line[p.0..p.1]).is_none()
            && label_category(&line[c.0..c.1]).is_none()
            && label_category(&format!("{} {}", &line[p.0..p.1], &line[c.0..c.1])).is_some()
        {
            p.1 = c.1;
            continue;
        }
        out.push(c);
    }
    out
}

/// A table's rule line ("-----", "+----+----+", "|---|---|"): no cells, the table goes on.
fn is_rule(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.chars().all(|c| "-=+|:─━┼┿╋│ ".contains(c))
}

/// A header row whose cells OCR ran together at a narrow gap ("Téléphone Date de naissance",
/// "Nome e cognome E-mail"): a cell that is no label but splits at a space into two labels is
/// two cells, so the header has as many cells as its rows. Only on a line where some cell is a
/// label already (a header, not a sentence).
fn split_labels(line: &str, cells: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    use super::labels::{is_neutral_label, is_whole_label};
    // (label_category first: memoised, and no for most cells)
    let label = |t: &str| super::labels::label_category(t).is_some() && is_whole_label(t) || is_neutral_label(t);
    if cells.len() < 3 || cells.iter().filter(|c| label(&line[c.0..c.1])).count() < 2 {
        return cells;
    }
    let mut out = Vec::with_capacity(cells.len() + 1);
    for mut c in cells {
        while !label(&line[c.0..c.1]) {
            let cell = &line[c.0..c.1];
            let Some(at) =
                cell.match_indices(' ').map(|(i, _)| i).find(|&i| label(&cell[..i]) && (label(&cell[i + 1..]) || split_in_two(&cell[i + 1..], label)))
            else {
                break;
            };
            out.push((c.0, c.0 + at, c.2));
            c = (c.0 + at + 1, c.1, c.2 + cell[..=at].chars().count());
        }
        out.push(c);
    }
    out
}

/// Whether `t` splits at a space into two labels.
fn split_in_two(t: &str, label: impl Fn(&str) -> bool) -> bool {
    t.match_indices(' ').any(|(i, _)| label(&t[..i]) && label(&t[i + 1..]))
}

/// A PEM armor line (RFC 7468: "-----BEGIN label-----", "-----END label-----").
fn is_armor(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("-----") && t.ends_with("-----") && (t.contains("BEGIN") || t.contains("END"))
}

/// Columns of each line's cells on the page. Rows of a table (three or more cells, the same
/// count as the line that opened it) are put on one grid, column by column: text tables are
/// padded by hand or not at all ("Olivija Urbonienė | olivijau@one.lt | 1993-03-19"), so a
/// cell's character position says little about its column, its index says all.
/// A text line and its cells (start, end, first column).
type Row<'a> = (&'a str, Vec<(usize, usize, usize)>);

fn grid(rows: &[Row]) -> (Vec<Vec<usize>>, Vec<Option<usize>>) {
    let mut cols: Vec<Vec<usize>> = rows.iter().map(|(_, cs)| cs.iter().map(|c| c.2).collect()).collect();
    let mut header = vec![None; rows.len()];
    let mut i = 0;
    while i < rows.len() {
        let n = rows[i].1.len();
        if n < 3 {
            i += 1;
            continue;
        }
        // The block: this line and the following lines with as many cells (rule lines skipped),
        // or one cell more or fewer: OCR splits a cell at a wide space ("Δημήτρης  Γεωργίου")
        // or joins two at a narrow one ("ida@tclia.se 34.73.56.52").
        let mut block = vec![i];
        let mut uneven = Vec::new();
        let mut j = i + 1;
        while j < rows.len() {
            let m = rows[j].1.len();
            if m == n {
                block.push(j);
            } else if m >= 3 && m.abs_diff(n) == 1 {
                uneven.push(j);
            } else if !is_rule(rows[j].0) {
                break;
            }
            j += 1;
        }
        if block.len() >= 2 {
            let width = |k: usize| block.iter().map(|&r| rows[r].0[rows[r].1[k].0..rows[r].1[k].1].chars().count()).max().unwrap_or(0);
            let mut at = 0;
            let starts: Vec<usize> = (0..n)
                .map(|k| {
                    let s = at;
                    at += width(k) + 2;
                    s
                })
                .collect();
            for &r in &block {
                cols[r] = starts.clone();
                header[r] = Some(i);
            }
            // An uneven row's cells keep their columns counted from the right (a row's first
            // cell stays first): the split or join is more often early in a row (a name) than
            // in its last columns (dates, numbers), whose headers matter most.
            for &r in &uneven {
                let m = rows[r].1.len();
                cols[r] = (0..m).map(|k| if k == 0 { starts[0] } else { starts[(n + k).saturating_sub(m).min(n - 1)] }).collect();
                header[r] = Some(i);
            }
            i = j.max(i + 1);
        } else {
            // No table opened here (a title bar's "Salesforce  —  □  ✕" above one): the
            // next line may open it.
            i += 1;
        }
    }
    (cols, header)
}

/// The page of `text`: one [`TextLine`] per cell, and where each came from.
fn page(text: &str) -> (Vec<TextLine>, Vec<Cell>) {
    let (mut lines, mut map) = (Vec::new(), Vec::new());
    let raw_lines: Vec<&str> = text.split_inclusive('\n').collect();
    let rows: Vec<Row> = raw_lines
        .iter()
        .map(|raw| {
            let l = raw.trim_end_matches(['\n', '\r']);
            let cs = if is_rule(l) {
                Vec::new()
            } else if is_armor(l) {
                // One cell however OCR spaced it ("-----BEGIN EC  PRIVATE KEY-----").
                let t = l.trim();
                let s = l.len() - l.trim_start().len();
                vec![(s, s + t.len(), l[..s].chars().count())]
            } else {
                split_labels(l, joined_labels(l, cells(l)))
            };
            (l, cs)
        })
        .collect();
    let (grid, header) = grid(&rows);
    let mut offset = 0;
    for (li, raw) in raw_lines.iter().enumerate() {
        let l = rows[li].0;
        for (k, &(s, e, _)) in rows[li].1.iter().enumerate() {
            let col0 = grid[li][k];
            let cell = &l[s..e];
            let y0 = li as i32 * LH;
            let mut words = Vec::new();
            let mut spans = Vec::new();
            let mut col = col0;
            let mut at = 0;
            for w in cell.split(' ') {
                let n = w.chars().count();
                if n > 0 {
                    let rect = Rect::new(col as i32 * CW, y0, (col + n) as i32 * CW, y0 + LH - 4);
                    words.push(Word { text: w.to_string(), rect, conf: 90.0 });
                    spans.push(at..at + w.len());
                }
                col += n + 1;
                at += w.len() + 1;
            }
            let rect = crate::geom::union_all(words.iter().map(|w| &w.rect)).unwrap_or_default();
            lines.push(TextLine { words, text: cell.to_string(), spans, rect, lang: "eng".into() });
            map.push(Cell { header: header[li], start: offset + s, text_len: cell.len(), line: li, cols: col0..col });
        }
        offset += raw.len();
    }
    (lines, map)
}

/// Whether cell `i` has a label of `cat` right next to it: the cell before it on its line, or
/// a cell over its columns on the line just above (a form). A whole cell is taken for what a
/// label says only then: plain text has no field borders, and a label further away (a header
/// rows above, a heading) is as often about something else.
fn labelled_next_to(lines: &[TextLine], map: &[Cell], i: usize, cat: Category) -> bool {
    let me = &map[i];
    map.iter().zip(lines).any(|(c, l)| {
        let beside = c.line == me.line
            && c.cols.end <= me.cols.start
            && !map.iter().any(|o| o.line == me.line && o.cols.start >= c.cols.end && o.cols.end <= me.cols.start);
        let above = c.line + 1 == me.line && c.cols.start < me.cols.end && me.cols.start < c.cols.end;
        // The header of its column, in a table whose rows all have the header's cells.
        let header = me.header == Some(c.line) && c.line != me.line && c.cols.start == me.cols.start;
        let above = above || header;
        (beside || above) && super::labels::label_category(&l.text) == Some(cat)
    })
}

/// Scans text with its layout (labels left, above, or as column headers count as context).
///
/// ```
/// let f = screenveil::detect::scan::scan_text("login: jan\nhasło: Zima2024!\n");
/// let pw = f.iter().find(|f| f.category == screenveil::detect::Category::Password).unwrap();
/// assert_eq!((pw.start, pw.end), (19, 28));
/// assert_eq!(pw.preview, "********");
/// ```
pub fn scan_text(text: &str) -> Vec<TextFinding> {
    let (lines, map) = page(text);
    let (spans, boxed) = Detector::default().detect_spans(&lines);
    let mut out = Vec::new();
    for sp in spans {
        if matches!(sp.rule, "label.context" | "number.labelled") && !sp.parts.iter().all(|(l, _)| labelled_next_to(&lines, &map, *l, sp.category)) {
            continue;
        }
        // Parts of one value in cells of one line with only spaces between them are one span,
        // gap included: a reader of the text sees one value ("Elly  Jessel").
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        for (l, r) in sp.parts {
            let (start, end) = (map[l].start + r.start, map[l].start + r.end);
            match pieces.last_mut() {
                Some(p) if p.1 <= start && text[p.1..start].chars().all(|c| c == ' ' || c == '\t') => p.1 = end,
                _ => pieces.push((start, end)),
            }
        }
        for (start, end) in pieces {
            out.push(TextFinding { start, end, category: sp.category, rule: sp.rule, confidence: sp.confidence, preview: sp.preview.clone() });
        }
    }
    // Findings that only have boxes (a whole private-key block): back to the cells they cover.
    for f in boxed {
        for b in &f.boxes {
            for (l, c) in lines.iter().zip(&map) {
                if l.rect.intersects(b) {
                    let value = &text[c.start..c.start + c.text_len];
                    out.push(TextFinding {
                        start: c.start,
                        end: c.start + c.text_len,
                        category: f.category,
                        rule: f.rule,
                        confidence: f.confidence,
                        preview: preview(value, f.category),
                    });
                }
            }
        }
    }
    armor_of_blocks(text, &lines, &map, &mut out);
    across_gaps(text, &lines, &map, &mut out);
    out.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    out.dedup_by(|b, a| a.start == b.start && a.end == b.end && a.category == b.category);
    out
}

/// A private key's armor lines, right above and below its masked body, go with it: a reader
/// of the text takes the block as one value. (On a screen they stay readable: they say what
/// was there, not what it was.)
fn armor_of_blocks(text: &str, lines: &[TextLine], map: &[Cell], out: &mut Vec<TextFinding>) {
    let body: std::collections::HashSet<usize> = map
        .iter()
        .filter(|c| out.iter().any(|f| f.category == Category::PrivateKey && f.start < c.start + c.text_len && c.start < f.end))
        .map(|c| c.line)
        .collect();
    for (l, c) in lines.iter().zip(map) {
        let next_to_body = body.contains(&(c.line + 1)) || c.line > 0 && body.contains(&(c.line - 1));
        if is_armor(&l.text) && l.text.contains("PRIVATE") && next_to_body {
            let r = c.start..c.start + c.text_len;
            out.push(TextFinding {
                start: r.start,
                end: r.end,
                category: Category::PrivateKey,
                rule: "pem.private_key",
                confidence: 0.95,
                preview: preview(&text[r], Category::PrivateKey),
            });
        }
    }
}

/// Two cells exactly two spaces apart may be one value that OCR spaced out ("Elly  Jessel",
/// "+48  790 226 323", "NL71 KNAB 2622  0831 30"): a name, phone, account or card number
/// found in the two read as one, reaching into both, is masked in both. (Wider gaps are
/// columns.)
fn across_gaps(text: &str, lines: &[TextLine], map: &[Cell], out: &mut Vec<TextFinding>) {
    for k in 1..map.len() {
        let (a, b) = (&map[k - 1], &map[k]);
        let a_end = a.start + a.text_len;
        if a.line != b.line || text.get(a_end..b.start) != Some("  ") {
            continue;
        }
        // A header row or a menu ("Vorname  Nachname", "Įrankiai  Žinynas") is not a value.
        let label = |t: &str| super::labels::label_category(t).is_some() || super::labels::is_neutral_label(t);
        if label(&lines[k - 1].text) || label(&lines[k].text) {
            continue;
        }
        // Only the words next to the gap: the last seven of the first cell, the first eight
        // of the second (a value spaced out is at most an account number's groups; the rest
        // was read already).
        let (ta, tb) = (&lines[k - 1].text, &lines[k].text);
        let cut = ta.match_indices(' ').map(|(i, _)| i + 1).collect::<Vec<_>>().into_iter().rev().nth(6).unwrap_or(0);
        let head = tb.match_indices(' ').map(|(i, _)| i).nth(7).unwrap_or(tb.len());
        let a = Cell { start: a.start + cut, text_len: a.text_len - cut, header: a.header, line: a.line, cols: a.cols.clone() };
        let b = Cell { text_len: head, header: b.header, start: b.start, line: b.line, cols: b.cols.clone() };
        let (ta, tb) = (&ta[cut..], &tb[..head]);
        // Read as written, gap included (a chat author is told by the two spaces before the
        // time: "加奈  17:03"), and with one space where groups of digits meet, as grouped
        // formats (IBANs, cards) expect.
        // An account number's letter groups count ("NL88  INGB 6342 …"), and so do a postal
        // code and its town ("LT-03107  Vilnius", "North Shelley,  OK 39135").
        let caps = |w: Option<&str>| w.is_some_and(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
        let grouped = ta.ends_with(|c: char| c.is_ascii_alphanumeric()) && tb.starts_with(|c: char| c.is_ascii_digit())
            || caps(ta.rsplit(' ').next()) && caps(tb.split(' ').next())
            || ta.ends_with(|c: char| c.is_ascii_digit() || c == ',') && tb.starts_with(char::is_uppercase);
        for gap in if grouped { &[2, 1][..] } else { &[2][..] } {
            let joined = format!("{ta}{}{tb}", &"  "[..*gap]);
            across_gap(text, (&a, &b), &joined, ta.len(), *gap, out);
        }
    }
}

/// A finding of match `m` at `r` in `text`.
fn finding_of(text: &str, r: std::ops::Range<usize>, m: &super::Match) -> TextFinding {
    TextFinding { start: r.start, end: r.end, category: m.category, rule: m.rule, confidence: m.confidence, preview: preview(&text[r], m.category) }
}

/// The findings of `joined`, cells `a` and `b` read as one with a gap of `gap` spaces after
/// `seam` bytes, that belong to both cells (see [`across_gaps`]).
fn across_gap(text: &str, (a, b): (&Cell, &Cell), joined: &str, seam: usize, gap: usize, out: &mut Vec<TextFinding>) {
    let a_end = a.start + a.text_len;
    for m in super::detect_text(joined, &super::Context::default()) {
        // Names by their lists, phones by their written form, account and card numbers by
        // their check digits; a name by its ending alone, a compact number the metadata
        // accepts or a number's shape alone is too weak a reason here.
        let strong = (matches!(m.category, Category::Name | Category::Phone)
            && !matches!(m.rule, "name.family_shape" | "phone.metadata" | "phone.metadata_mobile"))
            || matches!(m.rule, "iban" | "pl.nrb" | "card.luhn")
            // A date after its own label ("Születési dátum: 1973.  november 3.").
            || m.category == Category::BirthDate && matches!(m.rule, "label.inline" | "birth_date.labelled")
            // A card's code or expiry after its label ("CVC  627").
            || m.category == Category::Card && matches!(m.rule, "card.cvv.labelled" | "card.expiry.labelled")
            // An address by its street and number or its postal code and town, spaced out
            // before the town ("Lolabaan  20, 9203QR Hertme").
            || m.category == Category::Address && matches!(m.rule, "address.street_and_town" | "address.postcode_town" | "address.us_town");
        // A number cut off before a clock time's colon is no number ("PR 09493  16:10").
        let cut_time = joined[m.range.end..].starts_with(':') && joined[m.range.end + 1..].starts_with(|c: char| c.is_ascii_digit());
        if !strong || cut_time {
            continue;
        }
        // A card's code in the next cell, its label ending the first ("…, CVC  627").
        if m.range.start >= seam + gap && m.rule == "card.cvv.labelled" {
            out.push(finding_of(text, b.start + m.range.start - seam - gap..b.start + m.range.end - seam - gap, &m));
            continue;
        }
        if m.range.start >= seam {
            continue;
        }
        // A name alone in the first cell, told by what is in the next (a time).
        if m.range.end <= seam {
            if m.rule == "name.chat_author"
                && !out.iter().any(|f| f.category == m.category && f.start <= a.start + m.range.start && a.start + m.range.end <= f.end)
            {
                out.push(finding_of(text, a.start + m.range.start..a.start + m.range.end, &m));
            }
            continue;
        }
        if m.range.end <= seam + gap {
            continue;
        }
        // Found whole in the first cell already: the next cell is another column's
        // ("030 89561219  13:46").
        let (from, to) = (a.start + m.range.start, a_end);
        // (A whole number: a country code alone, "Tel.: +31", is only its start.)
        let whole = |f: &TextFinding| text[f.start..f.end].bytes().filter(u8::is_ascii_digit).count() >= 7;
        if m.category == Category::Phone && out.iter().any(|f| f.category == m.category && f.start <= from && to <= f.end && whole(f)) {
            continue;
        }
        let preview = preview(&joined[m.range.clone()], m.category);
        // One span over both cells and the gap between them.
        let (start, end) = (a.start + m.range.start, b.start + m.range.end - seam - gap);
        out.push(TextFinding { start, end, category: m.category, rule: m.rule, confidence: m.confidence, preview });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_above_and_column_headers_apply() {
        let t = "Geboortedatum\n11-9-1988\n";
        let f = scan_text(t);
        assert!(f.iter().any(|f| f.category == Category::BirthDate && &t[f.start..f.end] == "11-9-1988"), "{f:?}");
        let t = "Name            Date of birth   City\nAna Kowalska    1973.03.08      Kraków\n";
        let f = scan_text(t);
        assert!(f.iter().any(|f| f.category == Category::BirthDate && &t[f.start..f.end] == "1973.03.08"), "{f:?}");
    }

    #[test]
    fn a_label_with_its_value_is_no_column_header() {
        // "Datum narození  13. ledna 1957" is a field, not a table's header: the number under
        // its value has its own label on its left.
        let t = "Datum narození  13. ledna 1957\nRodné číslo  575113/5280\n";
        let f = scan_text(t);
        assert!(f.iter().any(|f| f.category == Category::NationalId && &t[f.start..f.end] == "575113/5280"), "{f:?}");
        // A real header row keeps its column.
        let t = "Name            Date of birth   City\nAna Kowalska    1973.03.08      Kraków\n";
        assert!(scan_text(t).iter().any(|f| f.category == Category::BirthDate));
    }

    #[test]
    fn logins_under_site_names_in_a_list() {
        let t = "github.com\njkowalczyk\n\nallegro.pl\nanna.nowak88\n\nbitbucket.org\nUpdated yesterday\n\ning.nl\nENG\n";
        let f = scan_text(t);
        let logins: Vec<&str> = f.iter().filter(|f| f.category == Category::Username).map(|f| &t[f.start..f.end]).collect();
        assert_eq!(logins, vec!["jkowalczyk", "anna.nowak88"], "{f:?}");
        assert!(!f.iter().any(|f| &t[f.start..f.end] == "github.com"), "the site's name stays");
    }

    #[test]
    fn card_codes_and_expiry_dates_by_label() {
        let t = "Platnost: 04/28   CVV: 353\nUdløbsdato: 11/29   Kontrolcifre: 064\nΛήξη: 03/30\nCard number: 4111 1111 1111 1111\n";
        let f = scan_text(t);
        for v in ["04/28", "353", "11/29", "064", "03/30"] {
            assert!(f.iter().any(|f| f.category == Category::Card && &t[f.start..f.end] == v), "{v}: {f:?}");
        }
        assert!(!f.iter().any(|f| &t[f.start..f.end] == "4111"), "a card number's first group is no code");
        // A date that is not a card's (an invoice's due date) stays.
        let t = "Scadenza: 30/11/2025\n";
        assert!(scan_text(t).is_empty(), "{:?}", scan_text(t));
    }

    #[test]
    fn values_spaced_out_across_a_two_space_gap() {
        for (t, want) in [
            ("[11:07] Elly  Jessel: wer hat heute Bereitschaft?", "Elly  Jessel"),
            ("Anruf: +48  790 226 323", "+48  790 226 323"),
            ("IBAN:  NL91 ABNA 0417  1643 00", "NL91 ABNA 0417  1643 00"),
        ] {
            let f = scan_text(t);
            let start = t.find(want).unwrap();
            let covered = (start..start + want.len()).filter(|&i| f.iter().any(|f| f.start <= i && i < f.end)).count();
            assert_eq!(covered, want.len(), "{t}: {f:?}");
        }
        // Columns three or more spaces apart stay apart.
        let t = "Status     Elly     Jessel";
        assert!(!scan_text(t).iter().any(|f| f.category == Category::Name && t[f.start..f.end].contains("Jessel") && t[f.start..f.end].contains("Elly")));
    }

    #[test]
    fn values_ocr_damaged_in_ways_of_a_class() {
        // Each value whole (90 % of its non-space bytes), as a reader of the text would see it.
        for (t, want) in [
            ("[15:59] Susan West:checking now", "Susan West"),
            ("Sc0tt · last seen 09:12", "Sc0tt"),
            ("kaart4B76567683625017, geldig", "4B76567683625017"),
            ("geldig tot 01/25, CVC  627", "627"),
            ("NIP 7768185178, REG0N 28S885316", "28S885316"),
            ("IBAN: DEG1 2004 1133 1026 8597 56", "DEG1 2004 1133 1026 8597 56"),
            ("Valerie van der Smeede   NL88  INGB 6342 0273 13    € 4.702,49", "NL88  INGB 6342 0273 13"),
            ("išsiųstas adresu Mokyklos g. 42-41, LT-031O7  Vilnius.", "Mokyklos g. 42-41, LT-031O7  Vilnius"),
            ("prašo paskambinti:8 654 O8916  16:45", "8 654 O8916"),
            ("Tel.: +31  (0)20 339 0135", "+31  (0)20 339 0135"),
            ("Jeremy Hutchinson  +I (919) 203-6999    $2,279.84", "+I (919) 203-6999"),
            ("松本陽子さんから折り返し希望です。09O61005696", "09O61005696"),
            ("三井住友銀行 神戸支店 普通 S658274 株式会社清水", "S658274"),
            ("Wi-Fiのパスワ一ド：TokyoZ024$", "TokyoZ024$"),
            ("Sozialversicherungsnummcr 8007 030348", "8007 030348"),
            ("export T0KEN=307d87Oc9de93de6942b7fd6b57dcec8", "307d87Oc9de93de6942b7fd6b57dcec8"),
            ("Author: Adrija <adrija9©one.|t>", "adrija9©one.|t"),
            (
                "key:\n-----BEGIN EC  PRIVATE KEY-----\nMHcCAQEEIMv6QGL/XY/wdoG+EPtxZQibU6mUvpqUseZO3i/kAMpzMQf1U5psc4y2\n-----END  EC PRIVATE KEY-----\n",
                "-----BEGIN EC  PRIVATE KEY-----",
            ),
        ] {
            let f = scan_text(t);
            let s = t.find(want).unwrap();
            let bytes: Vec<usize> = (s..s + want.len()).filter(|&i| !t.as_bytes()[i].is_ascii_whitespace()).collect();
            let covered = bytes.iter().filter(|&&i| f.iter().any(|f| f.start <= i && i < f.end)).count();
            assert!(covered * 10 >= bytes.len() * 9, "{want} in {t}: {f:?}");
        }
        // A hash with misread letters stays a hash; a number before a clock time stays apart.
        assert!(scan_text("commit b86f7bZe2a09cf7S33").is_empty());
        // A compact 090 number is a phone in Japanese text only (elsewhere as often an ID).
        assert!(scan_text("Kundennummer 09061005696").iter().all(|f| f.category != Category::Phone));
        let t = "shipping address: PR 09493  16:10";
        assert!(!scan_text(t).iter().any(|f| t[f.start..f.end].contains("16")), "{:?}", scan_text(t));
    }

    #[test]
    fn a_header_run_together_at_a_narrow_gap_is_two_labels() {
        // The header has a cell fewer than its rows until "Téléphone Date de naissance" is
        // split; then the dates are under their header (and "Data dc nascimento" is read with
        // its misread e).
        for t in [
            "#  Nom complet  Courriel  Téléphone Date de naissance\n1  Chloé Laurent  chloe.laurent@libero.it  +33 1 28 97 09 19  03/01/1997\n2  Camille Roy  croy@seznam.cz  06 18 86 52 51  11/03/1986\n",
            "#  Nome  E-mail Telemóvel  Data dc nascimento\n1  Ana Costa  ana@libero.it  915 806 727  10-06-1985\n2  Rui Lopes  rui@sapo.pt  932 061 802  22-08-1985\n",
        ] {
            let f = scan_text(t);
            assert_eq!(f.iter().filter(|f| f.category == Category::BirthDate).count(), 2, "{t}: {f:?}");
        }
        let l = "Name  E-mail address  Phone";
        assert_eq!(split_labels(l, cells(l)).len(), 3, "a label of two words stays one");
    }

    #[test]
    fn a_header_spaced_out_over_two_cells_is_one_label() {
        let t = "ID        Full name           Date  ofbirth    SSN\nC-8180I   Elizabeth Rivas     March 6, 1975    285-99-7112\n";
        let f = scan_text(t);
        assert!(f.iter().any(|f| f.category == Category::BirthDate && &t[f.start..f.end] == "March 6, 1975"), "{f:?}");
        assert_eq!(super::super::labels::label_category("Date ofbirth"), Some(Category::BirthDate), "words run together");
    }

    #[test]
    fn tokens_wrapped_over_lines() {
        let covered = |t: &str, want: &str| {
            let f = scan_text(t);
            let s = t.find(want).unwrap();
            (s..s + want.len()).filter(|&i| !t.as_bytes()[i].is_ascii_whitespace()).all(|i| f.iter().any(|f| f.start <= i && i < f.end))
        };
        // A JWT a terminal wrapped over three lines, with a URL typed after it.
        let jwt = "curl -H \"Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ\n9.eyJzdWIiOiI1MDEyNDciLCJpYXQiOjE3NDY1OTAwMTQsImV4cCI6MTc0NjU5MzYxNCwic2NvcGUiOi\nJvcGVuaWQgcHJvZmlsZSJ9.8qXMCxxpkFTfYVEE5u8MTuC1yKmDntg9-aoIxc-s4-k\" https://api.example.eu/v1/me\n";
        assert!(covered(jwt, "eyJhbGci") && covered(jwt, "JvcGVuaWQgcHJvZmlsZSJ9.8qXMCxxpkFTfYVEE5u8MTuC1yKmDntg9-aoIxc-s4-k"), "{:?}", scan_text(jwt));
        // Config lines one under another are not one wrapped token.
        let cfg = "API_SECRET=Zk3vQ9xLm2Pw8RtY\nsave-exact=true\n";
        assert!(!covered(cfg, "save-exact=true"), "{:?}", scan_text(cfg));
    }

    #[test]
    fn cells_split_on_gaps_tabs_and_pipes() {
        let c: Vec<(usize, usize, usize)> = cells("a b  c\td | e");
        assert_eq!(c.iter().map(|&(s, e, _)| &"a b  c\td | e"[s..e]).collect::<Vec<_>>(), vec!["a b", "c", "d", "e"]);
        let l = "|Name|E-mail|";
        assert_eq!(cells(l).iter().map(|&(s, e, _)| &l[s..e]).collect::<Vec<_>>(), vec!["Name", "E-mail"]);
        let l = "Author: <adrija9©one.|t>";
        assert_eq!(cells(l).len(), 1, "a lone bar in a word is a misread l");
    }
}
