//! Blocks of recovery codes told by their shape alone, for when their label could not be read
//! (OCR split "リカバリーコード" into "リカ" and "バパリーコード"). Services issue them as a set
//! of eight to sixteen random codes of one format (GitHub's `xxxxx-xxxxx`, GitLab's 16
//! characters, Proton's and Bitwarden's groups), shown together in a column or a grid.

use std::collections::HashMap;

use crate::text::TextLine;

/// Codes in one block, at least: a set is eight or more; a scrolled or cropped view shows part.
const MIN_CODES: usize = 6;

/// The lines that are codes of an unlabelled block: six or more lines of one shape (length and
/// separators), letters and digits mixed, no two with a common start (a column of order
/// numbers, "ORD-2024-…", shares one), lying together (gaps under three line heights).
pub fn unlabelled_blocks(lines: &[TextLine]) -> Vec<usize> {
    let mut by_shape: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        if let Some(s) = shape(l.text.trim()) {
            by_shape.entry(s).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (_, mut group) in by_shape {
        if group.len() < MIN_CODES {
            continue;
        }
        group.sort_by_key(|&i| (lines[i].rect.y0, lines[i].rect.x0));
        let h = group.iter().map(|&i| lines[i].rect.height()).max().unwrap_or(10).max(6);
        let together = group.windows(2).all(|w| lines[w[1]].rect.y0 - lines[w[0]].rect.y1 <= 3 * h);
        let text = |i: usize| lines[i].text.trim().to_ascii_lowercase();
        let prefixes: std::collections::HashSet<String> = group.iter().map(|&i| text(i).chars().take(2).collect()).collect();
        let digits = group.iter().filter(|&&i| text(i).chars().any(|c| c.is_ascii_digit())).count();
        let letters = group.iter().filter(|&&i| text(i).chars().any(|c| c.is_ascii_alphabetic())).count();
        if together && prefixes.len() == group.len() && 2 * digits >= group.len() && 2 * letters >= group.len() {
            out.extend(group);
        }
    }
    out
}

/// A code's shape: 8 to 24 characters of letters and digits in one case, in groups apart by
/// `-` or a space ("mstry-apq23" → "xxxxx-xxxxx"); `None` for anything else.
fn shape(t: &str) -> Option<String> {
    let n = t.chars().count();
    let groups = t.split(['-', ' ']).count();
    let one_case = !(t.chars().any(|c| c.is_ascii_lowercase()) && t.chars().any(|c| c.is_ascii_uppercase()));
    ((8..=24).contains(&n) && (2..=4).contains(&groups) && one_case && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' '))
        .then(|| t.chars().map(|c| if c.is_ascii_alphanumeric() { 'x' } else { c }).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(texts: &[&str]) -> Vec<TextLine> {
        texts.iter().enumerate().map(|(k, t)| crate::text::word_line(t, 50, 300 + 24 * k as i32, 150, 315 + 24 * k as i32)).collect()
    }

    #[test]
    fn a_block_of_random_codes_is_found_without_its_label() {
        let codes = ["mstry-apq23", "rc83x-epzbg", "n56rc-eq99k", "5xhdu-4f2tt", "sb3sk-2egdq", "993an-6x9bz", "azbag-yvxcw", "3kc56-msntj"];
        assert_eq!(unlabelled_blocks(&column(&codes)).len(), 8);
        // Too few to be a set.
        assert!(unlabelled_blocks(&column(&codes[..4])).is_empty());
    }

    #[test]
    fn columns_of_one_shape_that_are_not_codes() {
        // Order numbers share their start; dates are digits only; words have no digits.
        let orders = ["ord-2024-81494", "ord-2024-81495", "ord-2024-81502", "ord-2024-81533", "ord-2024-81540", "ord-2024-81577"];
        assert!(unlabelled_blocks(&column(&orders)).is_empty());
        let dates = ["2024-01-18", "2024-02-11", "2023-12-30", "2025-03-04", "2022-07-19", "2021-05-05"];
        assert!(unlabelled_blocks(&column(&dates)).is_empty());
        let words = ["read-write", "team-admin", "bill-owner", "view-audit", "sale-agent", "ship-clerk"];
        assert!(unlabelled_blocks(&column(&words)).is_empty());
    }
}
