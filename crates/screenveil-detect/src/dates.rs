//! Written dates in every order and language (month names: `models/dates/months.txt`). A
//! date is a birth date only where a label, column or form says so (see `labels`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// Month names of the EU languages, Norwegian and Icelandic (data: `models/dates/months.txt`).
const MONTHS: &str = include_str!("../../../models/dates/months.txt");

/// The month names, lower case.
static MONTH_NAMES: LazyLock<rustc_hash::FxHashSet<String>> = LazyLock::new(|| {
    MONTHS
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once(':'))
        .flat_map(|(_, ws)| ws.split_whitespace().map(str::to_lowercase))
        .collect()
});

/// A written date in any order: numeric (`05.04.1981`, `7. 11. 1962`, `1981-04-05`,
/// `4/5/81`), with a month name (`March 3, 1981`, `3 marca 1981`, `3 de marzo de 1981`,
/// `1981. március 3.`, `1981 m. kovo 3 d.`, `1981. gada 3. marts`), Japanese Western-calendar
/// (`1981年4月5日`) and era dates (`昭和58年4月2日`, `S58.4.2`). One pattern per written form:
/// where a month name goes, the pattern takes any word (group `m`) and [`find_date`] looks it
/// up, which compiles in a fraction of the time the names' case-insensitive alternation took.
static FORMS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let y = r"(?:19|20)\d{2}";
    // Word boundaries are ASCII ones (`(?-u:\b)`): a Unicode `\b` keeps the regex engine off
    // its DFA on any line with a non-ASCII letter, about 150 times slower. Next to a month
    // name, which may begin or end with a non-ASCII letter ("únor", "září"), there is none in
    // the pattern: `find_date` checks those edges itself.
    let b = r"(?-u:\b)";
    let m = r"(?P<m>[\p{Latin}\p{Greek}\p{Cyrillic}]{3,15})";
    let forms = [
        r"B\d{1,2}[./-]\d{1,2}[./-]YB",
        r"BY[./-]\d{1,2}[./-]\d{1,2}B",
        r"B\d{1,2}/\d{1,2}/\d{2}B",
        r"B\d{1,2}\.\s\d{1,2}\.\s?YB",
        // (OCR runs a month name and the year together at a narrow space: "14 december1958".)
        r"B\d{1,2}(?:\.\s*|\s+)(?:de\s+)?M\.?,?\s*(?:de\s+)?YB",
        r"M\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+YB",
        r"BY\.?\s+(?:m\.\s+)?M\s+\d{1,2}B(?:\s*d\.|\.)?",
        r"BY\.\s*gada\s+\d{1,2}\.\s*M",
        r"B[MTSHR]\d{1,2}\.\d{1,2}\.\d{1,2}B",
        r"Y\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日",
        r"(?:明治|大正|昭和|平成|令和)\s?(?:\d{1,2}|元)\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日",
    ];
    // Y, M and B are placeholders: the year, a month-name word, a word boundary (the
    // uppercase letters of the era form's class are spelled out first).
    let fill = |p: &str| p.replace("[MTSHR]", "[@TSHR]").replace('Y', y).replace('M', m).replace('B', b).replace('@', "M");
    forms.iter().map(|p| Regex::new(&format!("(?i){}", fill(p))).expect("date form")).collect()
});

/// The first written date in `text` (see [`FORMS`]), as a byte range. A month name must be
/// one (`models/dates/months.txt`), and a date that begins or ends with a letter must not
/// continue a word: "Mayday 3 1981" is no date.
pub fn find_date(text: &str) -> Option<Range<usize>> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let valid = |c: &regex::Captures| {
        let r = c.get(0).expect("whole match").range();
        let first = text[r.start..].chars().next();
        let last = text[..r.end].chars().next_back();
        let open = !(first.is_some_and(char::is_alphabetic) && word(text[..r.start].chars().next_back()));
        let close = !(last.is_some_and(char::is_alphabetic) && word(text[r.end..].chars().next()));
        let month = c.name("m").is_none_or(|m| is_month(&m.as_str().to_lowercase()));
        open && close && month
    };
    // The earliest date of any form; the first form listed wins a tie, as in an alternation.
    FORMS
        .iter()
        .filter_map(|re| {
            let mut from = 0;
            while let Some(c) = re.captures_at(text, from) {
                if valid(&c) {
                    return Some(c.get(0).expect("whole match").range());
                }
                let start = c.get(0).expect("whole match").start();
                from = start + text[start..].chars().next().map_or(1, char::len_utf8);
            }
            None
        })
        .min_by_key(|r| r.start)
}

/// A month name, or one with a letter misread by OCR ("studcnoga", "dezcmbro"): five
/// letters or more, one letter replaced, in a place where a day and a year stand around it.
fn is_month(w: &str) -> bool {
    if MONTH_NAMES.contains(w) {
        return true;
    }
    // Compared without diacritics: OCR reads "října" as "fijna" (one letter off once folded).
    let n = w.chars().count();
    if n < 5 {
        return false;
    }
    let w: Vec<char> = super::norm::fold(w).chars().collect();
    MONTHS_FOLDED.get(&w.len()).is_some_and(|ms| ms.iter().any(|m| m.iter().zip(&w).filter(|(a, b)| a != b).count() <= 1))
}

/// The month names without diacritics, lower case, by length.
static MONTHS_FOLDED: LazyLock<rustc_hash::FxHashMap<usize, Vec<Vec<char>>>> = LazyLock::new(|| {
    let mut m: rustc_hash::FxHashMap<usize, Vec<Vec<char>>> = rustc_hash::FxHashMap::default();
    for name in MONTH_NAMES.iter() {
        let f: Vec<char> = super::norm::fold(name).chars().collect();
        m.entry(f.len()).or_default().push(f);
    }
    m
});

/// Builds this detector's patterns and tables (see [`super::warm_up`]).
pub(super) fn warm() {
    LazyLock::force(&MONTH_NAMES);
    LazyLock::force(&MONTHS_FOLDED);
    LazyLock::force(&FORMS);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names_as_ocr_reads_them() {
        let t = "11. fijna 1994";
        assert_eq!(find_date(t).map(|r| &t[r]), Some(t), "října with ř read as f");
        let t = "24. studcnoga 1989.";
        assert!(find_date(t).is_some());
        assert!(find_date("3 Marco 1981").is_some(), "one letter off a month name is a month");
        assert!(find_date("3 Mango 1981").is_none(), "two letters off is another word");
        let t = "14 december1958";
        assert_eq!(find_date(t).map(|r| &t[r]), Some(t), "month and year run together");
        assert!(find_date("14 Mango1958").is_none());
    }
}
