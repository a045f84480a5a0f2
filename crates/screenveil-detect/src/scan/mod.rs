//! Plain-text scanning (`screenveil scan-text`): findings as byte offsets into the input.
//!
//! Text copied off a screen keeps its layout: a form's label on the line above its value, a
//! table's header above its column, cells apart by runs of spaces, tabs or `|`. The text is
//! laid out as a monospace page (one cell per run of text, one line per text line) and run
//! through the same page detector as a screenshot's OCR lines, so the same layout roles apply.

mod cells;
mod gaps;

use serde::Serialize;

use super::policy::Detector;
use super::{Category, preview};
use crate::geom::Rect;
use crate::text::{TextLine, Word};
use cells::{Row, cells, grid, is_armor, is_rule, joined_labels, split_labels};

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
pub(super) struct Cell {
    /// The header line of the table this cell's row belongs to (see [`grid`]).
    header: Option<usize>,
    start: usize,
    text_len: usize,
    line: usize,
    cols: std::ops::Range<usize>,
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
        (beside || above) && crate::labels::label_category(&l.text) == Some(cat)
    })
}

/// Scans text with its layout (labels left, above, or as column headers count as context).
///
/// ```
/// let f = screenveil_detect::scan::scan_text("login: jan\nhasło: Zima2024!\n");
/// let pw = f.iter().find(|f| f.category == screenveil_detect::Category::Password).unwrap();
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
    gaps::armor_of_blocks(text, &lines, &map, &mut out);
    gaps::across_gaps(text, &lines, &map, &mut out);
    out.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    out.dedup_by(|b, a| a.start == b.start && a.end == b.end && a.category == b.category);
    out
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
        assert_eq!(crate::labels::label_category("Date ofbirth"), Some(Category::BirthDate), "words run together");
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
