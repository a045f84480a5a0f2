//! The value a label announced: a whole line or cell under (or beside) a field's label or a
//! column's header, taken when its shape is plausible for that field.

use super::labels::{is_neutral_label, label_category};
use super::{Category, Match};

use Category::*;

/// A whole line (or cell) whose label/header announced `cat`: mask what is plausible for it.
pub fn find_by_context(text: &str, cat: Category, out: &mut Vec<Match>) {
    let mut t = text.trim();
    // A form field's value in its box: "[ Sieglinde ]".
    if let Some(inner) = t.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
        t = inner.trim();
    }
    // A button under a field ("Save", "Annuleren") is neither the field's value nor a label.
    if t.is_empty() || label_category(t).is_some() || is_neutral_label(t) {
        return;
    }
    // A line of its own "label: value" ("Notes: PIN code 7954") is not a value of the label
    // above it; its own label says what it holds.
    if let Some((head, _)) = t.split_once([':', '：'])
        && !head.is_empty()
        && head.chars().count() <= 30
        && (label_category(head).is_some() || is_neutral_label(head))
    {
        return;
    }
    // A neutral field with its value on one line ("Total $2,667.80" on a button, "Datum
    // 3. 4.") holds that field, not a value of the label above it.
    if let Some((head, rest)) = t.trim_start_matches(['|', '[', '(', ' ']).split_once(' ')
        && !rest.trim().is_empty()
        && is_neutral_label(head)
    {
        return;
    }
    let start = t.as_ptr() as usize - text.as_ptr() as usize;
    let whole = start..start + t.len();
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    let n = t.chars().count();
    let ok = match cat {
        // A name's shape: capitalised words (or kanji/kana), nothing else on the line; a sentence
        // under a closing formula or a header is not a name.
        Name => {
            // (A digit OCR put for a letter, "Ekstr6m", is allowed where the name's words
            // take it; a number of its own ends the run.)
            // (A Japanese given name or surname may be one kanji: 翔, 林.)
            let one_kanji = n == 1 && t.chars().all(super::norm::is_cjk);
            letters * 10 >= n * 7
                && ((2..=60).contains(&n) || one_kanji)
                && super::names::name_run(t, 6).is_some_and(|(r, _)| r.end >= t.trim_end_matches(['.', ',']).len())
        }
        Address => n >= 5 && (digits > 0 || t.chars().any(super::norm::is_cjk)),
        Password | Username => {
            !t.chars().all(|c| matches!(c, '*' | '•' | '●' | '·' | '.' | ' ')) && n <= 64 && !(cat == Password && super::secrets::is_placeholder(t))
        }
        Email => t.contains(['@', '.', '©']),
        // Under "Token", "API key", "Client secret": one unbroken run of letters and digits.
        // A key shown in groups for reading aloud ("LPSY WHFF OUMB 6J4O …", a TOTP seed or a
        // licence key): four or more groups of 3-8 letters and digits.
        Token => {
            let groups: Vec<&str> = t.split_whitespace().collect();
            let grouped = groups.len() >= 4
                && groups.iter().all(|g| (3..=8).contains(&g.chars().count()) && g.chars().all(|c| c.is_ascii_alphanumeric()))
                && letters + digits >= 16;
            // (OCR may break one run in two at a wide glyph gap: "AKIAVNZB6DYV7FFODT XZ".)
            let split = groups.len() == 2 && letters + digits >= 16 && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_alphanumeric()));
            (groups.len() == 1 || grouped || split) && (12..=512).contains(&n) && (digits > 0 || (grouped && t == t.to_uppercase())) && letters > 0
        }
        // Under "CVV" or "Expiry": the code's 3 or 4 digits or the expiry date (a card number
        // is found by its own rule).
        Card => super::inline::card_code_or_expiry(t),
        BirthDate => {
            // A misread digit ("March 27, l971") is read on the repaired view (same offsets).
            if let Some(r) = super::dates::find_date(text).or_else(|| super::dates::find_date(&super::ids::repair_view(text))) {
                out.push(Match::new(r, BirthDate, "birth_date.labelled", 0.85));
            }
            false
        }
        // Numeric categories are handled by their detectors with the context.
        _ => false,
    };
    if ok {
        out.push(Match::new(whole, cat, "label.context", 0.8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_values() {
        let mut m = Vec::new();
        find_by_context("Justyna Folta", Name, &mut m);
        find_by_context("05.04.1981", BirthDate, &mut m);
        find_by_context("K-00535", Name, &mut m);
        find_by_context("AKIAVNZB6DYV7FFODT XZ", Token, &mut m);
        find_by_context("Show key", Token, &mut m);
        assert_eq!(m.len(), 3, "{m:?}");
        // Under a name's header, names OCR damaged at an accent are still names; a number is not.
        for (t, want) in [("Johan Ekstr6m", true), ("Ond/fej Kuéera", true), ("Room 5", false), ("Plan 2024", false), ("翔", true), ("林", true), ("J", false)]
        {
            let mut m = Vec::new();
            find_by_context(t, Name, &mut m);
            assert_eq!(!m.is_empty(), want, "{t}");
        }
    }
}
