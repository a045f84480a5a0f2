//! Numbers that identify an account: IBANs (every country, mod-97), Polish NRB account
//! numbers, payment cards (Luhn + issuer), and numbers under an ID/account label. National ID
//! formats with their check digits are rules in `models/rules/<country>.toml`. Candidates are found on a digit-repaired copy of the text
//! (same byte offsets) so `81O4O52OOO4` is read as the PESEL it is.

use std::sync::LazyLock;

use regex::Regex;

use super::checksum::*;
use super::norm::digit_like;
use super::{Category, Context, Match};

/// Replaces letters that OCR confuses with digits by those digits, inside runs of numbers
/// that are at least half digits: "93S", "l07" and "7S19" are three groups of one phone number
/// ("+49 40 93S 9686", "010 l07 7S19"), judged together. A number is a run of ASCII
/// characters, so one glued to Japanese text ("希望です。09O61005696") counts; numbers one
/// or two spaces apart are one run. Byte offsets are preserved (ASCII for ASCII).
pub fn repair_view(text: &str) -> String {
    let b = text.as_bytes();
    if !b.iter().any(u8::is_ascii_digit) {
        return text.to_string();
    }
    // Words: maximal runs of ASCII non-space characters, with their digits and the letters
    // that OCR confuses with digits counted once.
    struct Word {
        start: usize,
        end: usize,
        digits: usize,
        confusable: usize,
        /// Letters and digits.
        alnum: usize,
        /// Hex letters: UUIDs and hashes mix them with digits by design, not by misreading.
        hex: bool,
    }
    let mut words = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let s = i;
        while i < b.len() && b[i].is_ascii() && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i == s {
            i += 1;
            continue;
        }
        let w = &b[s..i];
        words.push(Word {
            start: s,
            end: i,
            digits: w.iter().filter(|c| c.is_ascii_digit()).count(),
            confusable: w.iter().filter(|&&c| !c.is_ascii_digit() && digit_like(c as char).is_some()).count(),
            alnum: w.iter().filter(|c| c.is_ascii_alphanumeric()).count(),
            // (a word is one when most of its letters are hex letters: "b86f7bZe2a09cf7S33" is a
            // hash with two misread digits, "paskambinti:8" and "kaart4B76…" words with a
            // number glued on)
            hex: w.iter().any(|&c| matches!(c, b'a' | b'c' | b'e' | b'f' | b'A' | b'C' | b'E' | b'F'))
                && 10 * w.iter().filter(|c| c.is_ascii_hexdigit() && c.is_ascii_alphabetic()).count()
                    >= 7 * w.iter().filter(|c| c.is_ascii_alphabetic()).count(),
        });
    }
    let mut out = b.to_vec();
    let mut k = 0;
    while k < words.len() {
        let mut end = k + 1;
        if words[k].digits > 0 {
            while end < words.len() && words[end].digits > 0 && matches!(&text[words[end - 1].end..words[end].start], " " | "  ") {
                end += 1;
            }
        }
        let run = &words[k..end];
        let (d, c) = (run.iter().map(|w| w.digits).sum::<usize>(), run.iter().map(|w| w.confusable).sum::<usize>());
        if d >= 3 && c > 0 && c <= d && !run.iter().any(|w| w.hex) {
            // Each number of the run at least half digits: "B2B" and a label read with a digit
            // ("REG0N") stay words.
            for w in run.iter().filter(|w| w.confusable <= w.digits && 2 * w.digits >= w.alnum) {
                // A country's letters before a postal code stay letters ("LT-03107").
                let word = &b[w.start..w.end];
                let country = word.iter().position(|&c| c == b'-').filter(|&p| (1..=3).contains(&p) && word[..p].iter().all(u8::is_ascii_uppercase));
                for j in w.start + country.map_or(0, |p| p + 1)..w.end {
                    if (b[j].is_ascii_alphabetic() || b[j] == b'|')
                        && let Some(d) = digit_like(b[j] as char)
                    {
                        out[j] = b'0' + d;
                    }
                }
            }
        }
        k = end;
    }
    String::from_utf8(out).expect("ASCII replaced by ASCII")
}

/// ISO 13616: country code, two check digits, up to 30 BBAN characters, written compact or in
/// groups (of four, usually), upper or lower case.
static IBAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)([A-Za-z]{2})\s?([0-9OIlSGBZ]{2})((?:\s?[A-Za-z0-9]{1,4}){3,8})(?-u:\b)").expect("iban"));
/// An IBAN whose country code OCR read with a digit for a letter ("L725 2037 …" for LT25).
static IBAN_MISREAD_CC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)([A-Z][0-9]|[0-9][A-Z])\s?([0-9]{2})((?:\s?[A-Z0-9]{1,4}){3,8})(?-u:\b)").expect("iban cc"));
static NRB: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)\d{2}(?:\s?\d{4}){6}(?-u:\b)").expect("nrb"));
static CARD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)\d(?:[ -]?\d){12,18}(?-u:\b)").expect("card"));
/// A card number OCR ran into the word before it ("kaart4B76…"): taken only when it passes
/// Luhn and an issuer's range, which a word's digits do not by chance.
static CARD_GLUED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[A-Za-z](\d(?:[ -]?\d){12,18})(?-u:\b)").expect("card glued"));
static LONG_DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d[\d\s./-]{4,}\d").expect("digits"));

/// `view` is [`repair_view`] of `text` (same byte offsets), computed once by the caller.
/// IBANs are read on the text itself: their country code and BBAN hold letters by design,
/// which the digit repair would turn into digits (`DE89…` compact read as `0E89…`).
pub fn find(text: &str, view: &str, ctx: &Context, out: &mut Vec<Match>) {
    // A candidate that is no IBAN (a word run into one: "Tilinumero EE38…") is skipped one
    // character at a time, so the IBAN after it is still found.
    let mut at = 0;
    while let Some(c) = IBAN.captures_at(text, at) {
        let m = c.get(0).expect("group");
        at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
        if let Some(found) = iban_at(text, &c, ctx) {
            at = found.range.end.max(at);
            out.push(found);
        }
    }
    for c in IBAN_MISREAD_CC.captures_iter(text) {
        if let Some(found) = iban_misread_cc(text, &c, ctx) {
            out.push(found);
        }
    }
    let t = view;
    for m in NRB.find_iter(t) {
        let compact: String = m.as_str().chars().filter(char::is_ascii_digit).collect();
        let ok = iban_ok(&format!("PL{compact}"));
        if ok || matches!(ctx.label, Some(Category::Iban | Category::BankAccount)) {
            out.push(Match::new(m.range(), Category::BankAccount, "pl.nrb", if ok { 0.95 } else { 0.7 }));
        }
    }
    for m in CARD.find_iter(t) {
        let d = digits(m.as_str());
        if luhn(&d) && card_network(&d).is_some() {
            out.push(Match::new(m.range(), Category::Card, "card.luhn", 0.9));
        } else if ctx.label == Some(Category::Card) {
            out.push(Match::new(m.range(), Category::Card, "card.labelled", 0.75));
        }
    }
    for c in CARD_GLUED.captures_iter(t) {
        let m = c.get(1).expect("group");
        let d = digits(m.as_str());
        if (15..=19).contains(&d.len()) && luhn(&d) && card_network(&d).is_some() {
            out.push(Match::new(m.range(), Category::Card, "card.luhn", 0.85));
        }
    }
    if let Some(cat @ (Category::NationalId | Category::BankAccount | Category::Iban | Category::Card)) = ctx.label {
        for m in LONG_DIGITS.find_iter(t) {
            // A written date ("2024-01-28", "28.01.2024") under an account or ID label is a
            // date of the record (opened, changed), not the number.
            let whole_date = super::dates::find_date(m.as_str()).is_some_and(|r| r == (0..m.as_str().len()));
            if digits(m.as_str()).len() >= 6 && !whole_date {
                out.push(Match::new(m.range(), cat, "number.labelled", 0.75));
            }
        }
    }
}

/// A candidate of [`IBAN_MISREAD_CC`]: kept only when a letter OCR confuses with its digit
/// gives a registry country and the whole passes the ISO 7064 check.
fn iban_misread_cc(text: &str, c: &regex::Captures, ctx: &Context) -> Option<Match> {
    let m = c.get(0).expect("group");
    let compact: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect();
    let letters = |d: char| -> &'static [char] {
        match d {
            '0' => &['O', 'D', 'Q'],
            '1' => &['I', 'L', 'T'],
            '2' => &['Z'],
            '4' => &['A'],
            '5' => &['S'],
            '6' => &['G'],
            '7' => &['T'],
            '8' => &['B'],
            _ => &[],
        }
    };
    let (a, b) = (compact.chars().next()?, compact.chars().nth(1)?);
    let firsts: Vec<char> = if a.is_ascii_digit() { letters(a).to_vec() } else { vec![a] };
    let seconds: Vec<char> = if b.is_ascii_digit() { letters(b).to_vec() } else { vec![b] };
    for x in &firsts {
        for y in &seconds {
            let cc: String = [*x, *y].iter().collect();
            let Some(n) = iban_len(&cc) else { continue };
            let fixed = format!("{cc}{}", &compact[2..]);
            if fixed.len() >= n && iban_ok(&fixed[..n]) {
                return Some(Match::new(trim_to_chars(text, m.start(), m.end(), n), Category::Iban, "iban.misread", 0.9));
            }
        }
    }
    // The checksum fails as well when OCR misread a letter of the account too ("877I" read
    // "8771", "1T37 …" for IT37): then the shape decides, where an IBAN label stands before
    // the value (one character more or less, OCR's doing), or where it is written in the
    // registry's groups of four at a registry country's exact length.
    let labelled = matches!(ctx.label, Some(Category::Iban | Category::BankAccount))
        || text[..m.start()].trim_end_matches([' ', ':']).rsplit(' ').next().is_some_and(|w| w.eq_ignore_ascii_case("iban"));
    let groups: Vec<&str> = m.as_str().split(' ').collect();
    let in_fours = groups.len() >= 4 && groups[..groups.len() - 1].iter().all(|g| g.len() == 4);
    let fits = |n: usize| if labelled { compact.len().abs_diff(n) <= 1 } else { in_fours && compact.len() == n };
    let shaped = firsts.iter().any(|x| seconds.iter().any(|y| iban_len(&[*x, *y].iter().collect::<String>()).is_some_and(fits)));
    shaped.then(|| Match::new(m.range(), Category::Iban, "iban.shape", 0.7))
}

/// The IBAN (or, under an account label, IBAN-shaped number) of one regex candidate.
fn iban_at(text: &str, c: &regex::Captures, ctx: &Context) -> Option<Match> {
    let m = c.get(0).expect("group");
    let cc = c[1].to_ascii_uppercase();
    let compact: String = m.as_str().chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect();
    let fixed: String =
        compact.chars().enumerate().map(|(i, ch)| if (2..4).contains(&i) { digit_like(ch).map_or(ch, |d| (b'0' + d) as char) } else { ch }).collect();
    // A lower-case l read as a capital I ("It67…", "nI18…"): the registry country the swap
    // gives, with its length and checksum holding.
    if let Some(m) = swapped_country(&cc, &fixed).map(|n| Match::new(trim_to_chars(text, m.start(), m.end(), n), Category::Iban, "iban.misread", 0.9)) {
        return Some(m);
    }
    // Not a country of the IBAN registry: a parcel or order number shaped like one.
    let n = iban_len(&cc)?;
    // The regex may run into a following word; trim to the country's length.
    let (range, valid) = if fixed.len() >= n { (trim_to_chars(text, m.start(), m.end(), n), iban_ok(&fixed[..n])) } else { (m.range(), false) };
    // Upper case within the IBAN's own length: the regex also takes the next short word
    // ("… 7I7N T93 by Friday").
    let upper = text[range.clone()].chars().all(|c| !c.is_ascii_lowercase());
    let labelled = matches!(ctx.label, Some(Category::Iban | Category::BankAccount));
    // Check digits read as G, B or Z ("DEG1 2004 …") only with the checksum holding: a
    // word of capitals before numbers takes that shape too.
    let misread_check = c[2].contains(['G', 'B', 'Z']);
    if valid {
        Some(Match::new(range, Category::Iban, "iban", 0.97))
    } else if (upper || labelled) && !misread_check {
        // Lower case is taken only with a valid checksum or a label: ordinary words with
        // digits ("de12 …") would match the shape.
        Some(Match::new(range, Category::Iban, "iban.shape", 0.75))
    } else {
        None
    }
}

/// The length of the IBAN `compact` (upper case) is, read with `cc`'s I and L swapped, when
/// that is a registry country whose checksum holds and `cc` itself is not.
fn swapped_country(cc: &str, compact: &str) -> Option<usize> {
    if iban_len(cc).is_some_and(|n| compact.len() >= n && iban_ok(&compact[..n])) {
        return None;
    }
    let swap = |c: char| match c {
        'I' => 'L',
        'L' => 'I',
        c => c,
    };
    let mut chars = cc.chars();
    let (a, b) = (chars.next()?, chars.next()?);
    [[swap(a), b], [a, swap(b)]].into_iter().filter(|alt| *alt != [a, b]).find_map(|alt| {
        let alt: String = alt.iter().collect();
        let n = iban_len(&alt)?;
        (compact.len() >= n && iban_ok(&format!("{alt}{}", &compact[2..n]))).then_some(n)
    })
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

/// Builds this detector's patterns and tables (see [`super::warm_up`]).
pub(super) fn warm() {
    LazyLock::force(&IBAN);
    LazyLock::force(&NRB);
    LazyLock::force(&CARD);
    LazyLock::force(&CARD_GLUED);
    LazyLock::force(&LONG_DIGITS);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(t: &str, ctx: Context) -> Vec<(String, Category, &'static str)> {
        let mut m = Vec::new();
        find(t, &repair_view(t), &ctx, &mut m);
        m.into_iter().map(|m| (t[m.range].to_string(), m.category, m.rule)).collect()
    }

    #[test]
    fn misread_digits_repaired_across_a_numbers_groups() {
        for (t, want) in [
            ("M: +49 40 93S 9686", "M: +49 40 935 9686"),
            ("Bel 010 l07 7S19.", "Bel 010 107 7519."),
            ("希望です。09O61005696", "希望です。09061005696"),
            ("ご不明点はO45-256-8361まで", "ご不明点は045-256-8361まで"),
            ("PESEL 81O4O52OOO4", "PESEL 81040520004"),
        ] {
            assert_eq!(repair_view(t), want, "{t}");
        }
        // Hex letters say UUID or hash; words without digits, or mostly letters, are words.
        for t in ["id 3148f692-3096-41aa-9b1e-1234567890ab", "Version 5 of SOLID", "Zone B2B 12"] {
            assert_eq!(repair_view(t), t);
        }
    }

    #[test]
    fn ibans_compact_and_lower_case() {
        // Registry examples (ISO 13616 / SWIFT IBAN registry), compact and lower case.
        for iban in [
            "DE89370400440532013000",
            "de89370400440532013000",
            "GB82WEST12345698765432",
            "LT121000011101001000",
            "SE4550000000058398257466",
            "CZ6508000000192000145399",
            "IT60X0542811101000000123456",
        ] {
            let h = hits(&format!("IBAN: {iban}"), Context::default());
            assert!(h.iter().any(|(v, c, r)| v == iban && *c == Category::Iban && *r == "iban"), "{iban}: {h:?}");
        }
        assert!(hits("see de12 3456 7890 1234 5678 90 on page", Context::default()).is_empty());
        let h = hits("Tilinumero EE382200221020145685 (EUR)", Context::default());
        assert!(h.iter().any(|(v, _, r)| v == "EE382200221020145685" && *r == "iban"), "{h:?}");
    }

    #[test]
    fn ibans_whose_country_code_ocr_misread() {
        // The registry's Lithuanian example LT12 1000 0111 0100 1000 with T read as 7, and
        // the German one with D read as 0.
        for s in ["L712 1000 0111 0100 1000", "0E89 3704 0044 0532 0130 00", "It121000011101001000", "nI91abna0417164300"] {
            let h = hits(s, Context::default());
            assert!(h.iter().any(|(_, c, r)| *c == Category::Iban && *r == "iban.misread"), "{s}: {h:?}");
        }
        // A wrong check digit (a second misread) is taken by its shape only: in the registry's
        // groups of four at the country's exact length, or after an IBAN label.
        let shape = |s: &str| hits(s, Context::default()).iter().any(|(_, c, r)| *c == Category::Iban && *r == "iban.shape");
        assert!(shape("L713 1000 0111 0100 1000"));
        assert!(shape("send the deposit to 1T37 Y659 2857 8771 ZW46 3KG7 5UV by Friday"));
        assert!(shape("IBAN 1T09C70300432222WX4GO0IC308T"));
        assert!(shape("please send the deposit to FR20 6144 8404 OOLS IWCT 7I7N T93 by Friday"));
        for not in ["L713 1000 0111 0100 10", "ref 1T37 Y659 2857 8771", "1T09C70300432222WX4GO0IC308T"] {
            assert!(!hits(not, Context::default()).iter().any(|(_, c, _)| *c == Category::Iban), "{not}");
        }
    }

    #[test]
    fn ibans_valid_misread_and_glued() {
        let h = hits("NL91 ABNA 0417 1643 00 · Jayda", Context::default());
        assert!(h.iter().any(|(v, c, r)| v == "NL91 ABNA 0417 1643 00" && *c == Category::Iban && *r == "iban"), "{h:?}");
        let h = hits("PLO3 7382 5402 7503 3892 6711 5007 ulica Wieniawskiego 70", Context::default());
        assert!(h.iter().any(|(v, c, _)| v == "PLO3 7382 5402 7503 3892 6711 5007" && *c == Category::Iban), "{h:?}");
    }

    fn all(t: &str, ctx: Context) -> Vec<(String, Category, &'static str)> {
        crate::detect_text(t, &ctx).into_iter().map(|m| (t[m.range].to_string(), m.category, m.rule)).collect()
    }

    #[test]
    fn national_ids_by_checksum() {
        for (t, rule) in [
            ("PESEL 44051401359", "pl.pesel.1"),
            ("Asmens kodas 33309240064", "lt.asmens_kodas.1"),
            ("BSN 111222333", "nl.bsn.1"),
            ("Steuer-ID 86 095 742 719", "de.steuer_id.1"),
            ("NIP 526-000-12-46", "pl.nip.1"),
            ("SSN 015-37-9197", "us.ssn.1"),
        ] {
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
