//! Roles of a page beyond its single lines, run after the detectors over the spans they found:
//! a value wrapped onto the next line or split off by OCR, a street line over its town, a
//! value found once and shown again elsewhere, and rows OCR could not read.

use super::rules::BUILTIN;
use super::{Category, TextSpan, layout, preview};
use crate::text::TextLine;

/// Whether OCR could not read a line: its words' mean confidence, weighted by characters,
/// is under half. In a sensitive field's place (under its label, in its column) such a line
/// is that field's value misread (an address's `@` and dots lost in 11 px type, digits read
/// as kana by the fallback model), and what could not be read is masked, not passed.
/// A line with its own label ("release: …", "key = …") holds that label's value, not the
/// field's around it.
pub(super) fn unreadable(line: &TextLine) -> bool {
    let own_label = line.text.split_whitespace().next().is_some_and(|w| w.ends_with([':', '：'])) || line.text.contains('=');
    if own_label {
        return false;
    }
    line.words.iter().map(|w| w.text.chars().count()).sum::<usize>() >= 2 && crate::text::weighted_conf(&line.words) < 50.0
}

/// A row of text too small to read reliably (7 px or less from top to bottom: 5 px type, or a
/// 4K screen shown at half size) that OCR read as noise, or as a few characters for a row
/// that holds dozens, or (a placeholder from the reader, 10 px or less) as nothing at all:
/// what it says is unknown, so it is masked whole rather than passed as clean. Rows only
/// (four times as wide as tall): an icon read as noise is no text. The limit stays below
/// ordinary 11 px type, whose misreadings by the fallback model are no sign of tiny text.
pub(super) fn small_unreadable(line: &TextLine) -> bool {
    let r = line.rect;
    let chars: usize = line.words.iter().map(|w| w.text.chars().count()).sum();
    // Latin glyphs are about half as wide as the row is tall.
    let expected = r.width() as f32 / (0.55 * r.height().max(1) as f32);
    let noise = chars >= 4 && crate::text::weighted_conf(&line.words) < 50.0;
    let placeholder = crate::text::is_unread_placeholder(line);
    r.width() >= 4 * r.height() && (placeholder && r.height() <= crate::text::TINY_ROW_MAX || r.height() <= 7 && (noise || (chars as f32) < 0.3 * expected))
}

/// A row of ordinary type (11 px or more) that no OCR model read a word in: the reader's
/// placeholder over it (see `ocr::pool`). What it says is unknown; it is masked whole.
pub(super) fn unread_row(line: &TextLine) -> bool {
    crate::text::is_unread_row(line)
}

/// A value found in one place is that value wherever else the screen shows it: an account
/// number under its label in a form and again alone in a summary, an e-mail address in a
/// header and in a signature. Values of six characters or more, three words at most, with a
/// digit or an `@` (a detector's reading of a sentence as a value must not spread); each
/// other whole-word occurrence not already covered is masked as the first.
pub(super) fn repeated_values(lines: &[TextLine], spans: &mut Vec<TextSpan>) {
    let mut values: Vec<(String, usize)> = Vec::new();
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    for (k, s) in spans.iter().enumerate() {
        let [(l, r)] = s.parts.as_slice() else { continue };
        let v = lines[*l].text[r.clone()].trim();
        let distinctive = v.chars().count() >= 6 && v.split_whitespace().count() <= 3 && (v.chars().any(|c| c.is_ascii_digit()) || v.contains('@'));
        if distinctive && seen.insert(v) {
            values.push((v.to_string(), k));
        }
    }
    if values.is_empty() {
        return;
    }
    // One automaton over every value, one pass per line: a page of a few hundred table cells
    // holds a few hundred values, and searching each line for each value was most of the
    // detectors' time on a scrolling table.
    let Ok(ac) = aho_corasick::AhoCorasick::new(values.iter().map(|(v, _)| v.as_str())) else { return };
    let mut more = Vec::new();
    let mut hits: Vec<(usize, usize)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        hits.clear();
        hits.extend(ac.find_overlapping_iter(line.text.as_str()).map(|m| (m.pattern().as_usize(), m.start())));
        if hits.is_empty() {
            continue;
        }
        // Per value, in order, occurrences that do not overlap each other (as a search for
        // that value alone finds them).
        hits.sort_unstable();
        let covered: Vec<std::ops::Range<usize>> = spans.iter().flat_map(|s| s.parts.iter()).filter(|(l, _)| *l == i).map(|(_, r)| r.clone()).collect();
        let mut last: Option<(usize, usize)> = None;
        for &(p, at) in &hits {
            let (v, k) = &values[p];
            if last.is_some_and(|(lp, end)| lp == p && at < end) {
                continue;
            }
            last = Some((p, at + v.len()));
            let r = at..at + v.len();
            let word_edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            if !word_edge(line.text[..at].chars().next_back()) || !word_edge(line.text[r.end..].chars().next()) {
                continue;
            }
            if covered.iter().any(|c| c.start < r.end && r.start < c.end) {
                continue;
            }
            let s = &spans[*k];
            more.push(TextSpan { parts: vec![(i, r)], category: s.category, rule: "page.repeated", confidence: s.confidence, preview: s.preview.clone() });
        }
    }
    spans.extend(more);
}

/// A two-line address whose street line has no type word ("Národní 37", "Meir 50"): the
/// line right above a postcode-and-town line, left-aligned with it, shaped like a street and
/// house number, is that address's street.
pub(super) fn street_above_town(lines: &[TextLine], spans: &mut Vec<TextSpan>) {
    let towns: Vec<usize> = spans
        .iter()
        .filter(|s| {
            s.category == Category::Address && matches!(s.rule, "address.postcode_town" | "address.us_town") && s.parts.len() == 1 && s.parts[0].1.start == 0
        })
        .map(|s| s.parts[0].0)
        .collect();
    for j in towns {
        let town = &lines[j];
        let h = (town.rect.y1 - town.rect.y0).max(1);
        let above = lines
            .iter()
            .enumerate()
            // The next line up: a signature's or letterhead's roomy line spacing leaves up to
            // half again the ink's height between the lines (18 px under 15 px ink).
            .filter(|(_, l)| l.rect.y1 <= town.rect.y0 && town.rect.y0 - l.rect.y1 <= h * 3 / 2 && (l.rect.x0 - town.rect.x0).abs() <= h)
            .max_by_key(|(_, l)| l.rect.y1);
        let Some((i, line)) = above else { continue };
        if spans.iter().any(|s| s.category == Category::Address && s.parts.iter().any(|p| p.0 == i)) || !super::places::is_street_line(&line.text) {
            continue;
        }
        let t = line.text.trim_end();
        spans.push(TextSpan {
            parts: vec![(i, 0..t.len())],
            category: Category::Address,
            rule: "address.street_above_town",
            confidence: 0.75,
            preview: preview(t, Category::Address),
        });
    }
}

/// A key or token that runs to the end of its line and goes on in the next piece of text:
/// the line under it where a terminal or an editor wrapped it, or a piece OCR split off to
/// its right (for a password, only the pieces beside it). The finding takes the leading run of token characters of that piece.
pub(super) fn extend_wrapped_secrets(lines: &[TextLine], spans: &mut [TextSpan]) {
    let taken: std::collections::HashSet<usize> = spans.iter().flat_map(|s| s.parts.iter().map(|p| p.0)).collect();
    for s in spans.iter_mut().filter(|s| matches!(s.category, Category::Token | Category::ApiKey | Category::PrivateKey | Category::Password)) {
        let password = s.category == Category::Password;
        let Some((i, r)) = s.parts.last().cloned() else { continue };
        let line = &lines[i];
        // Pieces OCR split off by a space ("eyJhbGci0iJ9. eyJ zdWIi0iAi…") go with the token.
        let end = r.end + token_run(&line.text[r.end..]);
        if let Some(last) = s.parts.last_mut() {
            last.1.end = end;
        }
        if end + 1 < line.text.trim_end().len() {
            continue;
        }
        let h = line.rect.height().max(1);
        if password {
            // OCR breaks a password of dashes and odd letters into pieces, some of them noise
            // ("ujm-" "“nual." "MyM" "ol-749"): every piece that follows on, gap by gap, is it.
            let mut x1 = line.rect.x1;
            let mut row: Vec<usize> =
                (0..lines.len()).filter(|&k| k != i && lines[k].rect.v_overlap(&line.rect) >= 0.4 && lines[k].rect.x0 >= x1 - h).collect();
            row.sort_by_key(|&k| lines[k].rect.x0);
            for k in row {
                if lines[k].rect.x0 > x1 + h / 2 || taken.contains(&k) {
                    break;
                }
                x1 = x1.max(lines[k].rect.x1);
                s.parts.push((k, 0..lines[k].text.len()));
            }
            continue;
        }
        let beside = lines.iter().position(|o| o.rect.v_overlap(&line.rect) >= 0.5 && o.rect.x0 >= line.rect.x1 - h / 2 && o.rect.x0 <= line.rect.x1 + 2 * h);
        // A wrapped line is a long one, cut at its container's edge.
        // (Its last characters alone on the next line may be read smaller than a full line.)
        let tail_below = || {
            lines.iter().position(|o| {
                (o.rect.y0 - line.rect.y1) <= h / 2
                    && o.rect.y0 >= line.rect.y1 - 2
                    && (o.rect.x0 - line.rect.x0).abs() <= h / 2
                    && o.rect.height() * 2 >= h
                    && !o.text.trim().contains(' ')
            })
        };
        let wrapped = || (line.text.chars().count() >= 40).then(|| layout::continuation(lines, i).or_else(tail_below)).flatten();
        let Some(j) = beside.or_else(wrapped).filter(|j| !taken.contains(j)) else { continue };
        // The piece on another line must be long enough to be part of a key, not a word.
        let end = token_run(&lines[j].text);
        // (A short piece alone on its line, "91zUPu8", is the wrapped key's last characters.)
        let long = lines[j].text[..end].split(' ').next().is_some_and(|w| w.len() >= 8);
        let alone = end >= 4 && end == lines[j].text.trim_end().len();
        if end > 0 && (long || alone || Some(j) == beside) {
            s.parts.push((j, 0..end));
        }
    }
}

/// A character of an access token, API key or base64 secret.
pub fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "+/=_.~-".contains(c)
}

/// Length of the leading pieces of `text` that look like parts of a token: runs of token
/// characters with a digit, mixed case or a leading separator, split by single spaces, up to
/// a closing quote. Prose after a token ("ghp_… is revoked") is no such piece.
pub(super) fn token_run(text: &str) -> usize {
    let lead = text.len() - text.trim_start_matches(' ').len();
    if lead > 1 {
        return 0;
    }
    let mut end = 0;
    for w in text[lead..].split(' ') {
        let core = w.trim_end_matches(['"', '\'', ',', ';', '`']);
        // A new assignment ("TZ=Europe/Warsaw") is not a piece of the token before it.
        if core.trim_end_matches('=').contains('=') {
            break;
        }
        let tokenish =
            core.chars().any(|c| c.is_ascii_digit()) || (core.chars().any(|c| c.is_ascii_uppercase()) && core.chars().any(|c| c.is_ascii_lowercase()));
        if core.len() < 3 || !core.chars().all(token_char) || !tokenish {
            break;
        }
        end = w.as_ptr() as usize - text.as_ptr() as usize + core.len();
        if core.len() < w.len() {
            break;
        }
    }
    end
}

/// Rules precise enough to trust across a line seam: checksummed numbers, strict e-mail
/// addresses, and provider formats with a keyword. Heuristic rules (phones, names, entropy)
/// would glue stacked table rows and console lines into false values.
pub(super) fn strong_format(rule: &str) -> bool {
    matches!(rule, "iban" | "email" | "card.luhn" | "pl.nrb")
        || BUILTIN.rules.iter().any(|r| r.id == rule && !r.spec.keywords.is_empty() && r.spec.category != Category::Password)
}
