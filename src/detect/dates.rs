//! Written dates in every order and language (month names: `models/dates/months.txt`). A
//! date is a birth date only where a label, column or form says so (see `labels`).

use std::ops::Range;
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
    // Word boundaries are ASCII ones (`(?-u:\b)`): a Unicode `\b` keeps the regex engine off
    // its DFA on any line with a non-ASCII letter, about 150 times slower. Next to a month
    // name, which may begin or end with a non-ASCII letter ("únor", "září"), there is none in
    // the pattern: `find` checks those edges itself.
    let b = r"(?-u:\b)";
    let bounded = [
        r"B\d{1,2}[./-]\d{1,2}[./-]YB",
        r"BY[./-]\d{1,2}[./-]\d{1,2}B",
        r"B\d{1,2}/\d{1,2}/\d{2}B",
        r"B\d{1,2}\.\s\d{1,2}\.\s?YB",
        r"B\d{1,2}\.?\s+(?:de\s+)?(?:M)\.?,?\s+(?:de\s+)?YB",
        r"(?:M)\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+YB",
        r"BY\.?\s+(?:m\.\s+)?(?:M)\s+\d{1,2}B(?:\s*d\.|\.)?",
        r"BY\.\s*gada\s+\d{1,2}\.\s*(?:M)",
        r"B[MTSHR]\d{1,2}\.\d{1,2}\.\d{1,2}B",
    ];
    let japanese = [r"Y\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日", r"(?:明治|大正|昭和|平成|令和)\s?(?:\d{1,2}|元)\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日"];
    // Y, M and B are placeholders: the year, the month-name alternation, a word boundary.
    let fill = |p: &str| p.replace('Y', y).replace("(?:M)", &format!("(?:{m})")).replace('B', b);
    let forms: Vec<String> = bounded.iter().chain(japanese.iter()).map(|p| fill(p)).collect();
    Regex::new(&format!(r"(?i){}", forms.join("|"))).expect("date")
});

/// The first written date in `text` (see [`DATE`]), as a byte range. A date that begins or
/// ends with a letter (a month name) must not continue a word: "Mayday 3 1981" is no date.
pub fn find_date(text: &str) -> Option<Range<usize>> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut from = 0;
    while let Some(m) = DATE.find_at(text, from) {
        let first = text[m.start()..].chars().next();
        let last = text[..m.end()].chars().next_back();
        let open = !(first.is_some_and(char::is_alphabetic) && word(text[..m.start()].chars().next_back()));
        let close = !(last.is_some_and(char::is_alphabetic) && word(text[m.end()..].chars().next()));
        if open && close {
            return Some(m.range());
        }
        from = m.start() + first.map_or(1, char::len_utf8);
    }
    None
}
