//! Text normalisation that makes matching survive OCR: diacritic folding for keywords, and
//! confusion repair for digit strings (O→0, l/I/|→1, S→5, B→8, G→6, Z→2).

use unicode_normalization::UnicodeNormalization;

/// Lower-case ASCII fold of `s` ("Hasło" → "haslo", "Straße" → "strasse", "Ž" → "z"),
/// one output char per input char where possible so byte offsets can be re-derived.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(&mut out, c);
    }
    out
}

fn push_folded(out: &mut String, c: char) {
    // Most screen text is ASCII, which has nothing to decompose.
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        'ł' | 'Ł' => out.push('l'),
        'ß' => out.push_str("ss"),
        'ø' | 'Ø' => out.push('o'),
        'đ' | 'Đ' => out.push('d'),
        _ => {
            let mut pushed = false;
            for d in c.nfd() {
                if d.is_ascii() {
                    out.push(d.to_ascii_lowercase());
                    pushed = true;
                } else if unicode_normalization::char::is_combining_mark(d) {
                    continue;
                } else {
                    out.extend(d.to_lowercase());
                    pushed = true;
                }
            }
            if !pushed {
                out.push(c);
            }
        }
    }
}

/// Folds and additionally maps characters OCR confuses inside words to one representative,
/// for comparing labels: "Hasto"/"Haslo"/"Hasło" all give "hasio"-style keys.
pub fn label_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut folded = String::new();
    for c in s.chars() {
        if c.is_ascii() {
            push_key(&mut out, c.to_ascii_lowercase());
        } else {
            folded.clear();
            push_folded(&mut folded, c);
            folded.chars().for_each(|d| push_key(&mut out, d));
        }
    }
    out
}

fn push_key(out: &mut String, c: char) {
    let c = match c {
        'l' | 't' | '1' | 'i' | '|' | '!' | 'f' => 'i',
        '0' => 'o',
        '5' => 's',
        // Kanji and katakana of one shape ("パスワ一ド", "ロ座"): the katakana.
        '一' => 'ー',
        '口' => 'ロ',
        '力' => 'カ',
        '工' => 'エ',
        '二' => 'ニ',
        '八' => 'ハ',
        '卜' => 'ト',
        '夕' => 'タ',
        _ => c,
    };
    if c.is_alphanumeric() || c == ' ' {
        out.push(c);
    }
}

/// Digit value of a character OCR may have produced for a digit, if any.
pub fn digit_like(c: char) -> Option<u8> {
    Some(match c {
        '0'..='9' => c as u8 - b'0',
        'O' | 'o' | 'D' | 'Q' => 0,
        'l' | 'I' | '|' | 'i' | '!' | ']' | '[' => 1,
        'Z' | 'z' => 2,
        'S' | 's' => 5,
        'G' | 'b' => 6,
        'T' => 7,
        'B' => 8,
        'g' | 'q' => 9,
        _ => return None,
    })
}

/// Repaired digits of a token that is mostly digits ("PLO3"-style slips), or `None` when
/// fewer than 60 % of its digit-like characters are real digits.
pub fn repair_digits(token: &str) -> Option<Vec<u8>> {
    let mut real = 0usize;
    let mut out = Vec::new();
    for c in token.chars() {
        if c.is_ascii_digit() {
            real += 1;
        }
        match digit_like(c) {
            Some(d) => out.push(d),
            None if matches!(c, ' ' | '-' | '.' | '/' | '\u{2009}' | '\u{a0}') => {}
            None => return None,
        }
    }
    (!out.is_empty() && real * 10 >= out.len() * 6).then_some(out)
}

/// Shannon entropy in bits per character.
pub fn entropy(s: &str) -> f32 {
    // Counted in an array for ASCII and a sorted list for the rest: every token candidate is
    // measured, and a hash map per candidate cost more than the rules that found it.
    let mut ascii = [0u32; 128];
    let mut other: Vec<char> = Vec::new();
    for c in s.chars() {
        match ascii.get_mut(c as usize) {
            Some(k) => *k += 1,
            None => other.push(c),
        }
    }
    other.sort_unstable();
    let runs = other.chunk_by(|a, b| a == b).map(|r| r.len() as u32);
    let counts: Vec<u32> = ascii.iter().copied().filter(|&k| k > 0).chain(runs).collect();
    let n: u32 = counts.iter().sum();
    let n = n as f32;
    counts.iter().map(|&k| -(k as f32 / n) * (k as f32 / n).log2()).sum()
}

/// A copy of a line without the spaces OCR inserts around punctuation in monospace text
/// ("xoxb - 4652 - AQcq", "postgres : //"), with a map back to the original offsets.
pub struct Compact {
    /// The copy; empty when nothing was removed ([`Compact::is_identity`]).
    pub text: String,
    /// Original (start, end) byte offsets of the character each byte of `text` belongs to.
    map: Vec<(usize, usize)>,
    removed: bool,
}

impl Compact {
    pub fn new(s: &str) -> Compact {
        let glue = |c: char| "-_.:/@=+".contains(c);
        let b = s.as_bytes();
        // A label's colon and its value ("E-mail: a@b.pl") are as every detector expects
        // them; a space after the colon of a URL's or a key's user ("postgres://billing: ZHQ…")
        // is inside one value.
        let label_colon = |k: usize| {
            let word = &b[..k.saturating_sub(1)];
            let word = &word[word.iter().rposition(|&c| c == b' ').map_or(0, |p| p + 1)..];
            k > 0 && b[k - 1] == b':' && !b.get(k + 1).is_some_and(|&c| glue(c as char)) && !word.iter().any(|c| b"/@=".contains(c))
        };
        // Most lines have no space beside punctuation but a label's colon: nothing to copy.
        let spaced = (0..b.len()).any(|k| b[k] == b' ' && !label_colon(k) && (k + 1 < b.len() && glue(b[k + 1] as char) || k > 0 && glue(b[k - 1] as char)));
        if !spaced {
            return Compact { text: String::new(), map: Vec::new(), removed: false };
        }
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let mut text = String::with_capacity(s.len());
        let mut map = Vec::with_capacity(s.len());
        let mut removed = false;
        for (k, &(i, c)) in chars.iter().enumerate() {
            if c == ' ' {
                let prev = k.checked_sub(1).map(|p| chars[p].1);
                let next = chars.get(k + 1).map(|n| n.1);
                let after_colon = label_colon(i);
                if !after_colon && (prev.is_some_and(glue) || next.is_some_and(glue)) {
                    removed = true;
                    continue;
                }
            }
            for _ in 0..c.len_utf8() {
                map.push((i, i + c.len_utf8()));
            }
            text.push(c);
        }
        Compact { text, map, removed }
    }

    /// A copy with full-width forms read as ASCII ("０７０－６０６３", "＋８１"), as Japanese
    /// screens write numbers; same map back. Identity when there are none.
    pub fn narrow(s: &str) -> Compact {
        // Full-width forms and the ideographic space are U+FF01-FF5E and U+3000.
        if !s.chars().any(|c| matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{3000}')) {
            return Compact { text: String::new(), map: Vec::new(), removed: false };
        }
        let mut text = String::with_capacity(s.len());
        let mut map = Vec::with_capacity(s.len());
        let mut removed = false;
        for (i, c) in s.char_indices() {
            let n = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                _ => c,
            };
            removed |= n != c;
            for _ in 0..n.len_utf8() {
                map.push((i, i + c.len_utf8()));
            }
            text.push(n);
        }
        Compact { text, map, removed }
    }

    /// True when nothing was removed.
    pub fn is_identity(&self) -> bool {
        !self.removed
    }

    /// Maps a non-empty byte range of `text` back to the original string.
    pub fn to_original(&self, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
        if r.start >= r.end || r.end > self.map.len() {
            return 0..0;
        }
        self.map[r.start].0..self.map[r.end - 1].1
    }
}

pub use crate::text::is_cjk;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("Hasło Żółć Straße Petrauskienė"), "haslo zolc strasse petrauskiene");
        assert_eq!(label_key("Hasto:"), label_key("Hasło"));
        assert_eq!(label_key("Haslo"), label_key("Hasło"));
    }

    #[test]
    fn digit_repair() {
        assert_eq!(repair_digits("81O4052OOO4"), Some(vec![8, 1, 0, 4, 0, 5, 2, 0, 0, 0, 4]));
        assert_eq!(repair_digits("l23"), Some(vec![1, 2, 3]));
        assert_eq!(repair_digits("Hello"), None);
        assert_eq!(repair_digits("SOS"), None);
    }

    #[test]
    fn compact_view_maps_back() {
        let s = "T=xoxb - 4652 - AQcq end";
        let c = Compact::new(s);
        assert_eq!(c.text, "T=xoxb-4652-AQcq end");
        let i = c.text.find("xoxb").unwrap();
        let r = c.to_original(i..i + "xoxb-4652-AQcq".len());
        assert_eq!(&s[r], "xoxb - 4652 - AQcq");
        assert!(Compact::new("plain words").is_identity());
        // A label's colon keeps its space; a URL user's colon is inside the value.
        assert!(Compact::new("E-mail: a@b.pl").is_identity());
        assert_eq!(Compact::new("DB=postgres://billing: ZHQY@db :5432").text, "DB=postgres://billing:ZHQY@db:5432");
        assert!(Compact::narrow("070-6063").is_identity());
        assert_eq!(Compact::narrow("０７０－６０６３").text, "070-6063");
    }

    #[test]
    fn entropy_orders_randomness() {
        assert!(entropy("aaaaaaaa") < 0.1);
        assert!(entropy("aYHb5KeVY9tU3JfQ3AIL") > 3.5);
        // Two symbols, equally often: one bit, whatever the script.
        assert!((entropy("abab") - 1.0).abs() < 1e-6);
        assert!((entropy("ąęąę") - 1.0).abs() < 1e-6);
        assert!((entropy("aą") - 1.0).abs() < 1e-6);
    }
}
