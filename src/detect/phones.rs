//! Phone numbers judged by libphonenumber's metadata (the `phonenumber` crate): a candidate
//! is a phone number when it is a valid number of one of the covered regions and it is
//! written the way that region writes its numbers (the same digit groups as the metadata's
//! national or international format), or, written without groups, when it is a valid mobile
//! number standing under a phone label or alone on its line.

use std::sync::LazyLock;

use phonenumber::country::Id;
use phonenumber::{Mode, PhoneNumber};
use regex::Regex;

/// The EU/EEA countries, the UK, Switzerland, the US and Japan.
const REGIONS: &[Id] = &[
    Id::AT,
    Id::BE,
    Id::BG,
    Id::HR,
    Id::CY,
    Id::CZ,
    Id::DK,
    Id::EE,
    Id::FI,
    Id::FR,
    Id::DE,
    Id::GR,
    Id::HU,
    Id::IE,
    Id::IT,
    Id::LV,
    Id::LT,
    Id::LU,
    Id::MT,
    Id::NL,
    Id::PL,
    Id::PT,
    Id::RO,
    Id::SK,
    Id::SI,
    Id::ES,
    Id::SE,
    Id::IS,
    Id::LI,
    Id::NO,
    Id::GB,
    Id::CH,
    Id::US,
    Id::JP,
];

/// A run of digits with the separators phone numbers are written with.
pub static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:\+|\b00)?\(?\d[\d ().\-/]{5,22}\d\b").expect("phone candidate"));

/// The metadata database, its regular-expression cache enlarged: the crate keeps 100 compiled
/// expressions, fewer than the covered regions use, so every candidate recompiled them all
/// (60 ms a number); with room for all, a number takes microseconds.
static DATABASE: LazyLock<&'static phonenumber::metadata::Database> = LazyLock::new(|| {
    let db = &*phonenumber::metadata::DATABASE;
    if let Ok(mut cache) = db.cache().lock() {
        *cache = regex_cache::RegexCache::new(8192);
    }
    db
});

/// Lengths of the digit groups of `s` ("(22) 690 81 04" → [2, 3, 2, 2]).
fn groups(s: &str) -> Vec<usize> {
    s.split(|c: char| !c.is_ascii_digit()).filter(|g| !g.is_empty()).map(str::len).collect()
}

fn valid(n: &PhoneNumber) -> bool {
    n.is_valid_with(&DATABASE)
}

/// How a candidate was recognised.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Verdict {
    /// With its country code (+48 …, 0049 …), valid.
    International,
    /// Grouped as the region's own format groups it, valid.
    National,
    /// Compact, a valid mobile number: a phone only with a label or alone on its line.
    CompactMobile,
}

/// Whether `s` (a candidate, trimmed) is a phone number, and how.
pub fn judge(s: &str) -> Option<Verdict> {
    let s = s.trim();
    if s.starts_with('+') || s.starts_with("00") {
        let intl = if let Some(rest) = s.strip_prefix("00") { format!("+{rest}") } else { s.to_string() };
        return phonenumber::parse_with(&DATABASE, None, &intl).ok().filter(valid).map(|_| Verdict::International);
    }
    let mine = groups(s);
    let compact = mine.len() == 1;
    for &region in REGIONS {
        let Ok(n) = phonenumber::parse_with(&DATABASE, Some(region), s) else { continue };
        if !valid(&n) {
            continue;
        }
        if compact {
            let mobile = matches!(n.number_type(&DATABASE), phonenumber::Type::Mobile | phonenumber::Type::FixedLineOrMobile);
            if mobile {
                return Some(Verdict::CompactMobile);
            }
            continue;
        }
        let national = phonenumber::format_with(&DATABASE, &n).mode(Mode::National).to_string();
        if groups(&national) == mine {
            return Some(Verdict::National);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Example numbers of libphonenumber's metadata (PhoneNumberMetadata.xml, exampleNumber),
    /// written as each country writes them.
    #[test]
    fn metadata_examples() {
        for n in [
            "+48 22 123 45 67",
            "0049 30 123456",
            "(22) 690 81 04",
            "030 123456",
            "06 12345678",
            "06-2682-5616",
            "020 7946 0958",
            "044 668 18 00",
            "(201) 555-0123",
        ] {
            assert!(judge(n).is_some(), "{n}");
        }
        for n in ["512345678", "09012345678", "0612345678"] {
            assert_eq!(judge(n), Some(Verdict::CompactMobile), "{n}");
        }
        for n in ["2025 0412 88", "12 345 678", "1234 5678 9012", "2024-0000123456", "123456"] {
            assert!(judge(n).is_none(), "{n}: {:?}", judge(n));
        }
    }
}
