//! Numbers that identify an account: IBANs (every country, mod-97), Polish NRB account
//! numbers, payment cards (Luhn + issuer), and numbers under an ID/account label. National ID
//! formats with their check digits are rules in `models/rules/<country>.toml`. Candidates are found on a digit-repaired copy of the text
//! (same byte offsets) so `81O4O52OOO4` is read as the PESEL it is.

use std::sync::LazyLock;

use regex::Regex;

use super::checksum::*;
use super::norm::digit_like;
use super::{Category, Context, Match};

/// Replaces letters that OCR confuses with digits by those digits, inside tokens that are
/// mostly digits. Byte offsets are preserved (all replacements are ASCII for ASCII).
pub fn repair_view(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for tok in text.split_inclusive(' ') {
        let core = tok.trim_end();
        let digits = core.bytes().filter(u8::is_ascii_digit).count();
        let confusable = core.chars().filter(|&c| !c.is_ascii_digit() && c.is_ascii() && digit_like(c).is_some()).count();
        // UUIDs and hashes mix hex letters and digits by design: not misreads.
        let hexish = core.matches('-').count() >= 2;
        if digits >= 3 && confusable > 0 && confusable * 2 <= digits && core.is_ascii() && !hexish {
            for c in tok.chars() {
                match digit_like(c) {
                    Some(d) if c.is_ascii_alphabetic() || c == '|' => out.push((b'0' + d) as char),
                    _ => out.push(c),
                }
            }
        } else {
            out.push_str(tok);
        }
    }
    debug_assert_eq!(out.len(), text.len());
    out
}

static IBAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b([A-Z]{2})\s?([0-9OIlS]{2})((?:\s?[A-Z0-9]{1,4}){3,8})\b").expect("iban"));
static NRB: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b\d{2}(?:\s?\d{4}){6}\b").expect("nrb"));
static CARD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b\d(?:[ -]?\d){12,18}\b").expect("card"));
static LONG_DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d[\d\s./-]{4,}\d").expect("digits"));

/// `view` is [`repair_view`] of the line (same byte offsets), computed once by the caller.
pub fn find(view: &str, ctx: &Context, out: &mut Vec<Match>) {
    let t = view;
    for c in IBAN.captures_iter(t) {
        let m = c.get(0).expect("group");
        let cc = &c[1];
        let compact: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect();
        let fixed: String = compact.chars().enumerate().map(|(i, ch)| if (2..4).contains(&i) { digit_like(ch).map_or(ch, |d| (b'0' + d) as char) } else { ch }).collect();
        let expected = iban_len(cc);
        // The regex may run into a following word; trim to the country's length.
        let (range, valid) = match expected {
            Some(n) if fixed.len() >= n => (trim_to_chars(t, m.start(), m.end(), n), iban_ok(&fixed[..n])),
            Some(_) => (m.range(), false),
            None => (m.range(), iban_ok(&fixed)),
        };
        if valid {
            out.push(Match::new(range, Category::Iban, "iban", 0.97));
        } else if expected.is_some() || matches!(ctx.label, Some(Category::Iban | Category::BankAccount)) {
            out.push(Match::new(range, Category::Iban, "iban.shape", 0.75));
        }
    }
    for m in NRB.find_iter(t) {
        let compact: String = m.as_str().chars().filter(char::is_ascii_digit).collect();
        let ok = iban_ok(&format!("PL{compact}"));
        if ok || matches!(ctx.label, Some(Category::Iban | Category::BankAccount)) {
            out.push(Match::new(m.range(), Category::BankAccount, "pl.nrb", if ok { 0.95 } else { 0.7 }));
        }
    }
    for m in CARD.find_iter(t) {
        let d = digits(m.as_str());
        let issuer = matches!(d.first(), Some(3..=6));
        if (13..=19).contains(&d.len()) && luhn(&d) && issuer {
            out.push(Match::new(m.range(), Category::Card, "card.luhn", 0.9));
        } else if ctx.label == Some(Category::Card) {
            out.push(Match::new(m.range(), Category::Card, "card.labelled", 0.75));
        }
    }
    if let Some(cat @ (Category::NationalId | Category::BankAccount | Category::Iban | Category::Card)) = ctx.label {
        for m in LONG_DIGITS.find_iter(t) {
            if digits(m.as_str()).len() >= 6 {
                out.push(Match::new(m.range(), cat, "number.labelled", 0.75));
            }
        }
    }
}

/// Byte range starting at `start` that spans `n` non-space characters of `t` (≤ `end`).
fn trim_to_chars(t: &str, start: usize, end: usize, n: usize) -> std::ops::Range<usize> {
    let mut seen = 0;
    for (i, c) in t[start..end].char_indices() {
        if !c.is_whitespace() {
            seen += 1;
            if seen == n {
                return start..start + i + c.len_utf8();
            }
        }
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(t: &str, ctx: Context) -> Vec<(String, Category, &'static str)> {
        let mut m = Vec::new();
        find(&repair_view(t), &ctx, &mut m);
        m.into_iter().map(|m| (t[m.range].to_string(), m.category, m.rule)).collect()
    }

    #[test]
    fn ibans_valid_misread_and_glued() {
        let h = hits("NL91 ABNA 0417 1643 00 · Jayda", Context::default());
        assert!(h.iter().any(|(v, c, r)| v == "NL91 ABNA 0417 1643 00" && *c == Category::Iban && *r == "iban"), "{h:?}");
        let h = hits("PLO3 7382 5402 7503 3892 6711 5007 ulica Wieniawskiego 70", Context::default());
        assert!(h.iter().any(|(v, c, _)| v == "PLO3 7382 5402 7503 3892 6711 5007" && *c == Category::Iban), "{h:?}");
    }

    fn all(t: &str, ctx: Context) -> Vec<(String, Category, &'static str)> {
        crate::detect::detect_text(t, &ctx).into_iter().map(|m| (t[m.range].to_string(), m.category, m.rule)).collect()
    }

    #[test]
    fn national_ids_by_checksum() {
        for (t, rule) in [("PESEL 44051401359", "pl.pesel.1"), ("Asmens kodas 33309240064", "lt.asmens_kodas.1"), ("BSN 111222333", "nl.bsn.1"),
            ("Steuer-ID 86 095 742 719", "de.steuer_id.1"), ("NIP 526-000-12-46", "pl.nip.1"), ("SSN 015-37-9197", "us.ssn.1")] {
            let h = all(t, Context::default());
            assert!(h.iter().any(|(_, _, r)| *r == rule), "{t}: {h:?}");
        }
    }

    #[test]
    fn misread_digits_are_repaired() {
        let h = all("44O514Ol359", Context::default());
        assert!(h.iter().any(|(_, _, r)| *r == "pl.pesel.1"), "{h:?}");
    }

    #[test]
    fn failing_checksum_needs_context() {
        assert!(all("44051401358", Context::default()).is_empty());
        let h = all("44051401358", Context { label: Some(Category::NationalId) });
        assert!(!h.is_empty());
    }

    #[test]
    fn cards_and_accounts() {
        let h = hits("Karta 4111 1111 1111 1111", Context::default());
        assert!(h.iter().any(|(_, c, _)| *c == Category::Card), "{h:?}");
        let h = all("口座 普通 0142052", Context::default());
        assert!(h.iter().any(|(_, c, _)| *c == Category::BankAccount), "{h:?}");
        assert!(hits("Order 2024/11/3345 total 1 432,76", Context::default()).is_empty());
    }
}
