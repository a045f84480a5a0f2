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
    fold(s)
        .chars()
        .map(|c| match c {
            'l' | 't' | '1' | 'i' | '|' | '!' | 'f' => 'i',
            '0' => 'o',
            '5' => 's',
            // "Data dc nascimento", "Sozialversicherungsnummcr": e read as c.
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
        })
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect()
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
    let mut counts = std::collections::HashMap::new();
    let mut n = 0f32;
    for c in s.chars() {
        *counts.entry(c).or_insert(0f32) += 1.0;
        n += 1.0;
    }
    counts.values().map(|&k| -(k / n) * (k / n).log2()).sum()
}

/// A copy of a line without the spaces OCR inserts around punctuation in monospace text
/// ("xoxb - 4652 - AQcq", "postgres : //"), with a map back to the original offsets.
pub struct Compact {
    pub text: String,
    /// Original (start, end) byte offsets of the character each byte of `text` belongs to.
    map: Vec<(usize, usize)>,
    removed: bool,
}

impl Compact {
    pub fn new(s: &str) -> Compact {
        let glue = |c: char| "-_.:/@=+".contains(c);
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let mut text = String::with_capacity(s.len());
        let mut map = Vec::with_capacity(s.len());
        let mut removed = false;
        for (k, &(i, c)) in chars.iter().enumerate() {
            if c == ' ' {
                let prev = k.checked_sub(1).map(|p| chars[p].1);
                let next = chars.get(k + 1).map(|n| n.1);
                // A label's colon and its value ("E-mail: a@b.pl") are as every detector
                // expects them; only a space between two parts of one value goes.
                let after_colon = prev == Some(':') && !next.is_some_and(glue);
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

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F | 0x3005 | 0x3006)
}

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
    }

    #[test]
    fn entropy_orders_randomness() {
        assert!(entropy("aaaaaaaa") < 0.1);
        assert!(entropy("aYHb5KeVY9tU3JfQ3AIL") > 3.5);
    }
}
