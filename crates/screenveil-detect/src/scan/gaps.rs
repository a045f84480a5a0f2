//! Values OCR spaced out over a two-space gap, which plain text reads as a cell border, and a
//! private key's armor lines: findings that reach over more than one cell.

use super::cells::is_armor;
use super::{Cell, TextFinding, preview};
use crate::Category;
use crate::text::TextLine;

/// A private key's armor lines, right above and below its masked body, go with it: a reader
/// of the text takes the block as one value. (On a screen they stay readable: they say what
/// was there, not what it was.)
pub(super) fn armor_of_blocks(text: &str, lines: &[TextLine], map: &[Cell], out: &mut Vec<TextFinding>) {
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
pub(super) fn across_gaps(text: &str, lines: &[TextLine], map: &[Cell], out: &mut Vec<TextFinding>) {
    for k in 1..map.len() {
        let (a, b) = (&map[k - 1], &map[k]);
        let a_end = a.start + a.text_len;
        if a.line != b.line || text.get(a_end..b.start) != Some("  ") {
            continue;
        }
        // A header row or a menu ("Vorname  Nachname", "Įrankiai  Žinynas") is not a value.
        let label = |t: &str| crate::labels::label_category(t).is_some() || crate::labels::is_neutral_label(t);
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
fn finding_of(text: &str, r: std::ops::Range<usize>, m: &crate::Match) -> TextFinding {
    TextFinding { start: r.start, end: r.end, category: m.category, rule: m.rule, confidence: m.confidence, preview: preview(&text[r], m.category) }
}

/// The findings of `joined`, cells `a` and `b` read as one with a gap of `gap` spaces after
/// `seam` bytes, that belong to both cells (see [`across_gaps`]).
fn across_gap(text: &str, (a, b): (&Cell, &Cell), joined: &str, seam: usize, gap: usize, out: &mut Vec<TextFinding>) {
    let a_end = a.start + a.text_len;
    for m in crate::detect_text(joined, &crate::Context::default()) {
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
