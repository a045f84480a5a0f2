//! E-mail addresses and phone numbers.

use std::sync::LazyLock;

use regex::Regex;

use super::{Category, Context, Match};

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    // `@` is often read as `©`/`®`.
    Regex::new(r"(?i)[a-z0-9._%+'-]{1,64}\s?[@©®]\s?[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,12}(?-u:\b)").expect("email")
});

/// The dot before the TLD read as a space ("g.fras@onet pl"); used only where the strict
/// pattern found nothing, so it never runs into the next word.
static EMAIL_SPACED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)[a-z0-9._%+'-]{1,64}\s?[@©®]\s?[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\s[a-z]{2,3}(?-u:\b)").expect("email"));

/// (A domain's letter OCR read as a mark, "gm«x.", is still part of it.)
static EMAIL_TRUNCATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)[a-z0-9._%+-]{2,64}@[a-z0-9«»~-]{2,63}\.(?:[a-z0-9-]{1,63}\.?)*").expect("email"));

/// An address whose `@` OCR read as `G` or `©` and whose `l` as `|` ("sandra.jargiloGslaba.pl",
/// "adrija9©one.|t"): a lower-case local part, the misread sign, a lower-case domain and one
/// of the common top-level domains.
static EMAIL_MISREAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[a-z0-9._%+-]{2,64}[G©][a-z0-9-]{2,63}(?:\.[a-z0-9-]{2,63})*\.(?:com|net|org|eu|io|pl|de|nl|lt|lv|ee|jp|co\.jp|ne\.jp|fr|it|es|pt|be|at|ch|cz|sk|se|dk|no|fi|is|ie|uk|co\.uk|hu|ro|bg|gr|hr|si|lu|mt|cy|\|t|\|v)(?-u:\b)").expect("email")
});

/// Free-mail providers: an address with a misread `@` is still recognised by its domain.
static FREEMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)[a-z0-9._%+-]{2,64}(?:gmail|googlemail|yahoo|hotmail|outlook|live|icloud|gmx|web|t-online|wp|onet|interia|o2|op|poczta|inbox|takas|zoho|proton|protonmail|mail|aol|ziggo|kpnmail|xs4all|docomo|ezweb|softbank)\s?\.\s?(?:com|pl|de|nl|lt|jp|net|org|ne\.jp|co\.jp|co\.uk|fr|it|es|eu)(?-u:\b)").expect("freemail")
});

static PHONE_PATTERNS: LazyLock<Vec<(&'static str, Regex, f32)>> = LazyLock::new(|| {
    let r = |s: &str| Regex::new(s).expect("phone");
    vec![
        // +CC then 2–6 groups, optional (0): +48 22 569 94 49, +49 (0)89 2203-435, +1 931-720-9368
        // (a country code's 1 read as I, l or | by OCR: "+I (919) 203-6999")
        ("phone.international", r(r"\+\s?[\dIl|]\d{0,2}(?:(?:[\s.-]|\s\s)?\(?\d{1,5}\)?){2,6}"), 0.9),
        // Trunk-prefix national forms: 0171 7971782, 020-888 2345, 090-3894-1486, 03-1797-1667,
        // 06 37 43 13 46 (Dutch mobile: five pairs). ASCII word boundaries, so a number right
        // after Japanese text ("お問い合わせは045-256-8361") starts a match too.
        ("phone.national", r(r"(?-u:\b)0\d{1,4}(?:[\s/-]\d{2,8}){1,4}(?-u:\b)"), 0.75),
        ("phone.national", r(r"\(0?\d{2,5}\)\s?\d{2,4}(?:[\s-]?\d{2,5}){1,3}(?-u:\b)"), 0.8),
        // Lithuanian: trunk 8, then 8 digits; landlines with the area code in brackets,
        // "(8 5) 212 3456", "(8 37) 123 456".
        ("phone.lt_national", r(r"(?-u:\b)8\s\d{3}\s\d{5}(?-u:\b)"), 0.8),
        ("phone.lt_national", r(r"\(8\s?\d{1,3}\)\s{0,2}\d{2,3}[\s-]?\d{3,4}(?-u:\b)"), 0.8),
        // Polish mobile 513 427 818 / 513-427-818 (numbering plan: 45x, 5xx-8xx).
        ("phone.pl_mobile", r(r"(?-u:\b)[4-8]\d{2}([\s-])\d{3}[\s-]\d{3}(?-u:\b)"), 0.7),
        // Japanese mobile 070/080/090 and 8 digits grouped 4-4 (written compact, it is as
        // often a PESEL or a customer number: then only under a phone label).
        ("phone.jp_mobile", r(r"(?-u:\b)0[789]0[\s-]\d{4}[\s-]\d{4}(?-u:\b)"), 0.8),
        // North American 931-720-9368
        ("phone.nanp", r(r"(?-u:\b)\d{3}[-.]\d{3}[-.]\d{4}(?-u:\b)"), 0.8),
    ]
});

static DIGIT_RUN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\+?\(?\d[\d\s()./-]{4,}\d").expect("digits"));
/// A date with a time after it ("04/01/2025 08:30"): a date's two equal separators.
static DATE_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\d{1,2}([./-])\d{1,2}([./-])\d{2,4}|\d{4}([./-])\d{1,2}([./-])\d{1,2})\s").expect("date"));
static DATE_LIKE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})\s*$").expect("date"));

static FREEMAIL_PREFILTER: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    let names = [
        "gmail",
        "googlemail",
        "yahoo",
        "hotmail",
        "outlook",
        "live",
        "icloud",
        "gmx",
        "web",
        "t-online",
        "wp",
        "onet",
        "interia",
        "o2",
        "op",
        "poczta",
        "inbox",
        "takas",
        "zoho",
        "proton",
        "mail",
        "aol",
        "ziggo",
        "kpnmail",
        "xs4all",
        "docomo",
        "ezweb",
        "softbank",
    ];
    aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(names.iter().map(|n| format!("{n}."))).expect("freemail")
});

pub fn find(text: &str, ctx: &Context, out: &mut Vec<Match>) {
    find_emails(text, out);
    if text.bytes().filter(u8::is_ascii_digit).count() >= 6 {
        find_phones(text, ctx, out);
    }
}

/// Each pattern runs only where its sign or words occur: most lines have none.
pub(crate) fn find_emails(text: &str, out: &mut Vec<Match>) {
    let at = text.contains(['@', '©', '®']);
    if text.contains(['G', '©']) {
        for m in EMAIL_MISREAD.find_iter(text) {
            out.push(Match::new(m.range(), Category::Email, "email.misread_at", 0.75));
        }
    }
    if FREEMAIL_PREFILTER.is_match(text) {
        for m in FREEMAIL.find_iter(text) {
            out.push(Match::new(m.range(), Category::Email, "email.freemail_domain", 0.7));
        }
    }
    if !at {
        return;
    }
    let strict: Vec<_> = EMAIL.find_iter(text).map(|m| m.range()).collect();
    // Cut off by a narrow column ("jan.kowalski@gmail."): still an address.
    for m in EMAIL_TRUNCATED.find_iter(text) {
        if !strict.iter().any(|s| s.start < m.end() && m.start() < s.end) {
            out.push(Match::new(m.range(), Category::Email, "email.truncated", 0.75));
        }
    }
    for m in EMAIL_SPACED.find_iter(text) {
        if !strict.iter().any(|s| s.start < m.end() && m.start() < s.end) {
            out.push(Match::new(m.range(), Category::Email, "email.spaced_tld", 0.8));
        }
    }
    // Small type: a bracket OCR put before the `@` ("tkazlauskiene(@gmail.com") and a
    // country domain's `l` read as `I`, `!` or `|`, its dot as `_` ("@baltlinija_It",
    // "@inbox.!t"). Read on a repaired view of the same length, so offsets hold.
    if let Some(view) = email_view(text) {
        for m in EMAIL.find_iter(&view) {
            if !strict.iter().any(|s| s.start < m.end() && m.start() < s.end) {
                out.push(Match::new(m.range(), Category::Email, "email.misread_marks", 0.8));
            }
        }
    }
    for r in strict {
        out.push(Match::new(r, Category::Email, "email", 0.95));
    }
}

/// `text` with OCR's marks around an address repaired, byte for byte (see [`find_emails`]);
/// `None` when there is nothing to repair.
fn email_view(text: &str) -> Option<String> {
    let mut b = text.as_bytes().to_vec();
    let mut changed = false;
    for i in 0..b.len() {
        if b[i] == b'@' && i > 0 && matches!(b[i - 1], b'(' | b'[' | b'{') && i >= 2 && b[i - 2].is_ascii_alphanumeric() {
            b[i - 1] = b'_';
            changed = true;
        }
    }
    // The last two characters of a word after an `@`: "[._][I!|1][tv]" is ".lt" or ".lv".
    let mut i = 0;
    while i < b.len() {
        let end = b[i..].iter().position(|c| c.is_ascii_whitespace()).map_or(b.len(), |p| i + p);
        let word_end = end - b[i..end].iter().rev().take_while(|c| matches!(c, b',' | b';' | b')' | b'>')).count();
        if b[i..word_end].contains(&b'@') && word_end - i >= 6 {
            let t = &mut b[word_end - 3..word_end];
            if matches!(t[0], b'.' | b'_') && matches!(t[1], b'I' | b'!' | b'|' | b'1') && matches!(t[2], b't' | b'v') {
                t[0] = b'.';
                t[1] = b'l';
                changed = true;
            }
        }
        i = end + 1;
    }
    changed.then(|| String::from_utf8(b).ok()).flatten()
}

fn find_phones(text: &str, ctx: &Context, out: &mut Vec<Match>) {
    for (rule, re, conf) in PHONE_PATTERNS.iter() {
        for m in re.find_iter(text) {
            let range = merged_cell_prefix(m.as_str()).map_or(m.range(), |len| m.start()..m.start() + len);
            let s = &text[range.clone()];
            let nd = s.bytes().filter(u8::is_ascii_digit).count();
            if !(7..=15).contains(&nd) || !number_stands_alone(text, s, m.start(), m.end()) {
                continue;
            }
            out.push(Match::new(range, Category::Phone, rule, *conf));
        }
    }
    // Numbers no pattern above took: libphonenumber's metadata decides (see `phones`).
    let taken: Vec<std::ops::Range<usize>> = out.iter().filter(|m| m.category == Category::Phone).map(|m| m.range.clone()).collect();
    for m in super::phones::CANDIDATE.find_iter(text) {
        let range = merged_cell_prefix(m.as_str()).map_or(m.range(), |len| m.start()..m.start() + len);
        let v = text[range.clone()].trim_end_matches([' ', '-', '/', '.', '(']);
        let range = range.start..range.start + v.len();
        let nd = v.bytes().filter(u8::is_ascii_digit).count();
        // Inside a word, a UUID or a version ("3148f692-3096-41aa", "v1.2.3456789").
        let glued_before = text[..range.start].chars().next_back().is_some_and(|c| c.is_alphanumeric() || "-_.:/".contains(c));
        if !(7..=15).contains(&nd) || glued_before || taken.iter().any(|t| t.start < range.end && range.start < t.end) {
            continue;
        }
        if !number_stands_alone(text, v, range.start, range.end) {
            continue;
        }
        let alone = text.trim() == v;
        // A compact national number counts only alone or under a phone label (below): most
        // runs of digits on a screen are neither, and need no judging.
        let compact = v.bytes().all(|b| b.is_ascii_digit()) && !v.starts_with("00");
        // A Japanese mobile number (070/080/090 and eight digits, the numbering plan's own
        // form) written compact in Japanese text: the text's language is the region.
        let jp_mobile = compact && v.len() == 11 && v.starts_with('0') && matches!(v.as_bytes()[1], b'7'..=b'9') && v.as_bytes()[2] == b'0';
        if jp_mobile && text.chars().any(super::norm::is_cjk) {
            out.push(Match::new(range, Category::Phone, "phone.jp_mobile", 0.75));
            continue;
        }
        // In running text ("new number 0622103226", "call me on 0664133759") a compact number
        // counts when it opens with a trunk prefix (0, then not 0): references and amounts
        // rarely do, a mobile number dialled at home always does.
        let trunk = v.len() >= 9 && v.starts_with('0') && !v[1..].starts_with('0') && !other_label_before(&text[..range.start]);
        let labelled = alone || ctx.label == Some(Category::Phone);
        if compact && !labelled && !trunk {
            continue;
        }
        match super::phones::judge(v) {
            Some(super::phones::Verdict::International) => out.push(Match::new(range, Category::Phone, "phone.metadata", 0.85)),
            Some(super::phones::Verdict::National) => out.push(Match::new(range, Category::Phone, "phone.metadata", 0.75)),
            Some(super::phones::Verdict::CompactMobile) if labelled => out.push(Match::new(range, Category::Phone, "phone.metadata_mobile", 0.7)),
            Some(super::phones::Verdict::CompactMobile) => out.push(Match::new(range, Category::Phone, "phone.mobile_in_text", 0.65)),
            _ => {}
        }
    }
    if ctx.label == Some(Category::Phone) {
        for m in DIGIT_RUN.find_iter(text) {
            if m.as_str().bytes().filter(u8::is_ascii_digit).count() >= 6 {
                out.push(Match::new(m.range(), Category::Phone, "phone.labelled", 0.85));
            }
        }
    }
}

/// The last one to three words of `before` are another field's label ("PESEL 09062241141"):
/// the number is that field's, not a phone number in prose.
fn other_label_before(before: &str) -> bool {
    let words: Vec<&str> = before.split_whitespace().rev().take(3).collect();
    (1..=words.len()).any(|k| {
        let label: Vec<&str> = words[..k].iter().rev().copied().collect();
        let label = label.join(" ");
        super::labels::label_category(label.trim_end_matches([':', '=', '-'])).is_some_and(|c| c != Category::Phone)
    })
}

/// Table cells read as one line run a phone number into the next column's number
/// ("+31 6 3669 7695 482506891"): too many digits for a phone as a whole. The longest
/// prefix that ends at a space, has a phone's digit count and leaves a whole number
/// (6+ digits, the next cell) behind is the phone.
fn merged_cell_prefix(s: &str) -> Option<usize> {
    let digits = |t: &str| t.bytes().filter(u8::is_ascii_digit).count();
    if digits(s) <= 15 {
        return None;
    }
    s.char_indices()
        .filter(|&(_, c)| c == ' ')
        .map(|(i, _)| i)
        .filter(|&i| (7..=15).contains(&digits(&s[..i])) && s[i + 1..].trim().bytes().all(|b| b.is_ascii_digit()) && digits(&s[i..]) >= 6)
        .max()
}

/// A phone-shaped `value` at `start..end` of `text` is not a date (with or without a time),
/// an amount, or the tail of a longer reference number.
fn number_stands_alone(text: &str, value: &str, start: usize, end: usize) -> bool {
    !(DATE_LIKE.is_match(value) || DATE_START.is_match(value) || glued_to_amount(text, end) || continues_number(text, start))
}

/// A match starting right after "digit + separator" is the tail of a date or a reference
/// number ("12-07-2025 16:11", "2025/05/2462"), not a phone number.
fn continues_number(text: &str, start: usize) -> bool {
    let b = &text.as_bytes()[..start];
    b.len() >= 2 && matches!(b[b.len() - 1], b'-' | b'.' | b'/') && b[b.len() - 2].is_ascii_digit()
}

/// "1 234,56" style amounts: a decimal comma right after the match means money, not a phone.
fn glued_to_amount(text: &str, end: usize) -> bool {
    let rest = &text.as_bytes()[end..];
    rest.len() >= 2 && (rest[0] == b',' || rest[0] == b'.') && rest[1].is_ascii_digit()
}

/// Builds this detector's patterns and tables (see [`super::warm_up`]).
pub(super) fn warm() {
    LazyLock::force(&EMAIL);
    LazyLock::force(&EMAIL_SPACED);
    LazyLock::force(&EMAIL_TRUNCATED);
    LazyLock::force(&EMAIL_MISREAD);
    LazyLock::force(&FREEMAIL);
    LazyLock::force(&PHONE_PATTERNS);
    LazyLock::force(&DIGIT_RUN);
    LazyLock::force(&DATE_START);
    LazyLock::force(&DATE_LIKE);
    LazyLock::force(&FREEMAIL_PREFILTER);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats(t: &str) -> Vec<(String, Category)> {
        let mut m = Vec::new();
        find(t, &Context::default(), &mut m);
        m.into_iter().map(|m| (t[m.range].to_string(), m.category)).collect()
    }

    /// Each `(text, value)`: the value is found whole, as `cat`.
    fn found(cases: &[(&str, &str)], cat: Category) {
        for (t, want) in cases {
            let got = cats(t);
            assert!(got.contains(&(want.to_string(), cat)), "{t}: {got:?}");
        }
    }

    #[test]
    fn national_numbering_plans() {
        found(
            &[
                ("Bel 06 37 43 13 46.", "06 37 43 13 46"),
                ("M: 535-307-140", "535-307-140"),
                ("TEL 080-8289-0469", "080-8289-0469"),
                ("ご不明点は045-256-8361まで", "045-256-8361"),
                ("Tel.: (8 5) 354 7055", "(8 5) 354 7055"),
            ],
            Category::Phone,
        );
        assert!(cats("Order 2024-0000123456").is_empty());
        assert!(cats("PESEL 09062241141").is_empty());
    }

    #[test]
    fn addresses_with_ocr_marks_in_small_type() {
        found(
            &[
                ("tkazlauskiene(@gmail.com", "tkazlauskiene(@gmail.com"),
                ("navickas.ruta85@baltlinija_It", "navickas.ruta85@baltlinija_It"),
                ("apetrauskas(@inbox.!t", "apetrauskas(@inbox.!t"),
                ("An: maximilian.wagner@gm«x.", "maximilian.wagner@gm«x."),
            ],
            Category::Email,
        );
        // A bracket before a handle is no address; neither is a word ending in "It".
        for t in ["(@jan)", "see It", "Ruta_It"] {
            assert!(!cats(t).iter().any(|(_, c)| *c == Category::Email), "{t}: {:?}", cats(t));
        }
    }

    #[test]
    fn compact_mobile_numbers_in_prose() {
        // Valid mobiles of their numbering plans (FR 06, AT 0664), dialled with the trunk 0.
        found(
            &[
                ("new number 0622103226", "0622103226"),
                ("You can also call me on 0664133759.", "0664133759"),
                ("☎ 0616321506", "0616321506"),
                ("new number 06 201501162", "06 201501162"),
            ],
            Category::Phone,
        );
        // No trunk prefix, or not a mobile of any covered plan: a reference, an amount.
        for t in ["Order 6221032261 shipped", "reference 0012345678 paid", "invoice 0199999999 due", "PESEL 09062241141"] {
            assert!(!cats(t).iter().any(|(_, c)| *c == Category::Phone), "{t}: {:?}", cats(t));
        }
    }

    #[test]
    fn phone_run_into_the_next_cell() {
        for t in ["+31 6 3669 7695 482506891", "+316 3669 7695 482506891", "020-585 1492 761092572"] {
            let got = cats(t);
            let phone = t.rsplit_once(' ').unwrap().0;
            assert!(got.contains(&(phone.to_string(), Category::Phone)), "{t}: {got:?}");
        }
    }

    #[test]
    fn emails() {
        assert!(cats("mail: folta.justyna@o2.pl!").contains(&("folta.justyna@o2.pl".into(), Category::Email)));
        assert!(cats("g.fras@onet pl").iter().any(|(_, c)| *c == Category::Email));
        assert!(cats("foltajustynaGo2.pl  malcherek.liwiaGyahoo.com").iter().any(|(v, _)| v.contains("yahoo.com")));
        assert!(cats("see https://example.com/docs").is_empty());
        assert!(cats("vanderven.mads@gmail.").iter().any(|(v, c)| *c == Category::Email && v.starts_with("vanderven")));
        assert!(cats("dev@laptop:~/src$ ls").is_empty(), "a shell prompt is not an address");
        assert!(cats("mail me@streamer.tv or not").contains(&("me@streamer.tv".into(), Category::Email)));
        assert!(!cats("mail me@streamer.tv or not").iter().any(|(v, _)| v.ends_with(" or")));
    }

    #[test]
    fn phones() {
        for p in [
            "+48 22 569 94 49",
            "+49 (0)89 2203-435",
            "0171 7971782",
            "020-888 2345",
            "090-3894-1486",
            "8 688 19779",
            "513 427 818",
            "(498) 373-1141",
            "+1 931-720-9368",
            "+370 651 67958",
        ] {
            let t = format!("tel. {p} ok");
            assert!(cats(&t).iter().any(|(v, c)| *c == Category::Phone && v.trim() == p), "{p}: {:?}", cats(&t));
        }
    }

    #[test]
    fn not_phones() {
        for t in ["Kwota 27 694,12 zł", "2025-11-06 09:26", "12-07-2025 16:11", "Nr 2025/05/2462", "Zamówienie 901401", "v20.4.5", "K-00535", "12.10.2025"] {
            assert!(!cats(t).iter().any(|(_, c)| *c == Category::Phone), "{t}: {:?}", cats(t));
        }
        for t in ["Sent: 04/01/2025 08:30", "Last modified: 04/19/2024 13:14"] {
            assert!(!cats(t).iter().any(|(_, c)| *c == Category::Phone), "{t}: {:?}", cats(t));
        }
    }
}
