//! Written dates in every order and language (month names: `models/dates/months.txt`). A
//! date is a birth date only where a label, column or form says so (see `labels`).

use std::sync::LazyLock;

use regex::Regex;

/// Month names of the EU languages, Norwegian and Icelandic (data: `models/dates/months.txt`).
const MONTHS: &str = include_str!("../../models/dates/months.txt");

/// A written date in any order: numeric (`05.04.1981`, `7. 11. 1962`, `1981-04-05`,
/// `4/5/81`), with a month name (`March 3, 1981`, `3 marca 1981`, `3 de marzo de 1981`,
/// `1981. március 3.`, `1981 m. kovo 3 d.`, `1981. gada 3. marts`), Japanese Western-calendar
/// (`1981年4月5日`) and era dates (`昭和58年4月2日`, `S58.4.2`). A date is a birth date only
/// where a label, column or form says so.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let mut names: Vec<String> = MONTHS
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once(':'))
        .flat_map(|(_, ws)| ws.split_whitespace().map(|w| regex::escape(&w.to_lowercase())))
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    let m = names.join("|");
    let y = r"(?:19|20)\d{2}";
    let bounded = [
        r"\d{1,2}[./-]\d{1,2}[./-]Y".to_string(),
        r"Y[./-]\d{1,2}[./-]\d{1,2}".into(),
        r"\d{1,2}/\d{1,2}/\d{2}".into(),
        r"\d{1,2}\.\s\d{1,2}\.\s?Y".into(),
        r"\d{1,2}\.?\s+(?:de\s+)?(?:M)\.?,?\s+(?:de\s+)?Y".into(),
        r"(?:M)\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+Y".into(),
        r"Y\.?\s+(?:m\.\s+)?(?:M)\s+\d{1,2}\b(?:\s*d\.|\.)?".into(),
        r"Y\.\s*gada\s+\d{1,2}\.\s*(?:M)".into(),
        r"[MTSHR]\d{1,2}\.\d{1,2}\.\d{1,2}".into(),
    ];
    let japanese = [r"Y\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日", r"(?:明治|大正|昭和|平成|令和)\s?(?:\d{1,2}|元)\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日"];
    // Y and M are placeholders: the year and the month-name alternation.
    let fill = |p: &str| p.replace('Y', y).replace("(?:M)", &format!("(?:{m})"));
    // Each written form starts on a word boundary and ends on one (or on its closing dot).
    let forms: Vec<String> = bounded.iter().map(|p| if p.ends_with(")?") { format!(r"\b{}", fill(p)) } else { format!(r"\b{}\b", fill(p)) }).collect();
    let pattern = format!(r"(?i){}|{}", forms.join("|"), japanese.iter().map(|p| fill(p)).collect::<Vec<_>>().join("|"));
    Regex::new(&pattern).expect("date")
});

pub fn date_regex() -> &'static Regex {
    &DATE
}
