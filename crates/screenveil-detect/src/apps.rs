//! Roles that come from what an application is: a vault's list of sites with the login
//! under each, and the fields of a credential, banking, HR or CRM view whose label no
//! dictionary knows ("Security answer", "Badge no.") but whose place in the form says they
//! hold the same kind of data as the labelled fields around them.

use super::TextSpan;
use super::labels::{is_neutral_label, label_category};
use super::{Category, preview};
use crate::text::TextLine;

/// A list entry of a password manager, an account switcher or a saved-logins page: a site's
/// domain as its title and, right under it, one token shaped like a login ("github.com" /
/// "jkowalczyk"). The login is masked; the site's name stays. An entry of the same list whose
/// domain OCR misread ("seb.t" for "seb.lt") is an entry all the same: a title shaped like a
/// domain in the column of two or more domain titles.
pub(super) fn list_logins(lines: &[TextLine], spans: &mut Vec<TextSpan>) {
    let entry = |t: usize| -> Option<(usize, String, Option<usize>)> {
        let title = &lines[t];
        let h = title.rect.height().max(1);
        // A 2x screen's list leaves more than a line height between title and subtitle.
        let (j, _) = lines.iter().enumerate().find(|(_, l)| {
            l.rect.y0 >= title.rect.y1 - h / 4
                && l.rect.y0 - title.rect.y1 <= h + h / 2
                && (l.rect.x0 - title.rect.x0).abs() <= h
                && l.rect.height() <= h + h / 4
        })?;
        let (joined, tail) = with_tail(lines, j);
        is_login_shaped(joined.trim()).then(|| (j, joined.trim().to_string(), tail))
    };
    let domains: Vec<usize> = (0..lines.len()).filter(|&t| is_domain(with_tail(lines, t).0.trim())).collect();
    // A title shaped like a domain whose suffix OCR damaged ("seb.t"), standing where two or
    // more domain titles stand.
    let in_list = |t: usize| {
        let (x, h) = (lines[t].rect.x0, lines[t].rect.height().max(1));
        let title = lines[t].text.trim();
        let domain_shaped = title
            .split_once('.')
            .is_some_and(|(a, b)| a.chars().count() >= 2 && !b.is_empty() && a.chars().chain(b.chars()).all(|c| c.is_alphanumeric() || "-.".contains(c)));
        domain_shaped && domains.iter().filter(|&&d| d != t && (lines[d].rect.x0 - x).abs() <= h / 2).count() >= 2
    };
    let titles: Vec<usize> = if domains.len() >= 2 { (0..lines.len()).filter(|&t| domains.contains(&t) || in_list(t)).collect() } else { domains.clone() };
    for t in titles {
        let Some((j, login, tail)) = entry(t) else { continue };
        if spans.iter().any(|s| s.parts.iter().any(|p| p.0 == j)) {
            continue;
        }
        let sub = &lines[j];
        let start = sub.text.len() - sub.text.trim_start().len();
        let mut parts = vec![(j, start..sub.text.trim_end().len())];
        parts.extend(tail.map(|k| (k, 0..lines[k].text.len())));
        spans.push(TextSpan { parts, category: Category::Username, rule: "layout.list_login", confidence: 0.75, preview: preview(&login, Category::Username) });
    }
}

/// Line `i`'s text with the piece OCR split off at a dot ("paypal." + "com", "misaki." +
/// "ito"): a line starting where `i` ends, on the same row, joined without a space.
fn with_tail(lines: &[TextLine], i: usize) -> (String, Option<usize>) {
    let a = &lines[i];
    let h = a.rect.height().max(1);
    if !a.text.trim_end().ends_with('.') {
        return (a.text.clone(), None);
    }
    let tail = lines.iter().enumerate().find(|(k, b)| {
        *k != i && b.rect.v_overlap(&a.rect) >= 0.5 && b.rect.x0 >= a.rect.x1 - h && b.rect.x0 <= a.rect.x1 + h / 2 && !b.text.trim().contains(' ')
    });
    match tail {
        Some((k, b)) => (format!("{}{}", a.text.trim_end(), b.text.trim().trim_start_matches([',', '.'])), Some(k)),
        None => (a.text.clone(), None),
    }
}

/// A site's domain as a list shows it: "github.com", "mail.google.com", "allegro.pl", whose
/// suffix the Public Suffix List knows ("jeroen.deboer" is a login, not a domain).
fn is_domain(t: &str) -> bool {
    let Some((name, tld)) = t.rsplit_once('.') else { return false };
    (2..=24).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_lowercase())
        && !name.is_empty()
        && name.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && t.len() <= 60
        && psl::suffix(t.as_bytes()).is_some_and(|s| s.is_known())
}

/// One token a login is made of: letters with digits, dots, dashes or underscores, no word of
/// a sentence (a login has no space), not a date, time or size ("2 days ago" is two words).
fn is_login_shaped(t: &str) -> bool {
    let n = t.chars().count();
    (3..=48).contains(&n)
        && !t.contains(char::is_whitespace)
        && t.chars().all(|c| c.is_alphanumeric() || "._-@+".contains(c))
        // A login has lower-case letters; "ENG" under a web address is a taskbar's keyboard
        // language.
        && t.chars().any(char::is_lowercase)
        && super::labels::label_category(t).is_none()
        && !super::labels::is_neutral_label(t)
        && !is_domain(t)
}

/// Labels that make a screen a credential, banking, HR or CRM view when two kinds of them
/// stand on it.
fn sensitive_kind(c: Category) -> bool {
    use Category::*;
    matches!(c, Password | Username | Token | ApiKey | Iban | BankAccount | Card | NationalId | BirthDate)
}

/// The value line right of line `i` on its row, if any (the nearest).
fn right_of(lines: &[TextLine], i: usize) -> Option<usize> {
    let l = lines[i].rect;
    let max_dist = (l.height() * 30).max(300);
    lines
        .iter()
        .enumerate()
        .filter(|(j, o)| *j != i && o.rect.v_overlap(&l) >= 0.5 && o.rect.x0 + 4 >= l.x1 && o.rect.x0 - l.x1 <= max_dist)
        .min_by_key(|(_, o)| o.rect.x0)
        .map(|(j, _)| j)
}

/// A field name's shape: one to four words of letters, capitalised (or Japanese), at most
/// 32 characters, perhaps ending in a colon.
fn label_shaped(text: &str) -> bool {
    let t = text.trim().trim_end_matches([':', '：', '*', ' ']);
    let n = t.chars().count();
    (2..=32).contains(&n)
        && (1..=4).contains(&t.split_whitespace().count())
        && t.chars().all(|c| c.is_alphabetic() || " -./()'".contains(c))
        && t.chars().next().is_some_and(|c| c.is_uppercase() || super::norm::is_cjk(c))
        && label_category(t).is_none()
        && !is_neutral_label(t)
}

/// What a sensitive view shows in value places that is not sensitive: a field name or
/// button, a date or time, a web address, an amount, a one- or two-character mark.
fn neutral_value(text: &str) -> bool {
    let t = text.trim();
    let n = t.chars().count();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    n <= 2
        || label_category(t).is_some()
        || is_neutral_label(t)
        || t.starts_with("http")
        || t.contains(" — ")
        || is_domain(t)
        || super::dates::find_date(t).is_some_and(|r| r.len() * 10 >= t.len() * 7)
        || (digits > 0 && t.chars().all(|c| c.is_ascii_digit() || ":. ".contains(c)) && n <= 8 && t.contains(':'))
        || (digits > 0 && t.contains(['€', '$', '£', '¥', '円']) || t.ends_with(" zł") || t.ends_with(" EUR") || t.ends_with(" PLN"))
}

/// In a view whose labels name two or more kinds of sensitive data, a field with an unknown
/// label in the same label column as the known ones, left of its value, holds a value like
/// theirs: it is masked unless it is plainly neutral.
pub(super) fn unlabelled_values(lines: &[TextLine], spans: &mut Vec<TextSpan>) {
    let labelled: Vec<(usize, Category)> = lines.iter().enumerate().filter_map(|(i, l)| label_category(&l.text).map(|c| (i, c))).collect();
    let mut kinds: Vec<Category> = labelled.iter().map(|&(_, c)| c).filter(|&c| sensitive_kind(c)).collect();
    kinds.sort_by_key(|c| *c as u8);
    kinds.dedup();
    if kinds.len() < 2 {
        return;
    }
    // The form's label columns: (label x0, value x0) of each known label whose value is
    // beside it, on a row of little else (a menu bar or a table's row has more cells). A
    // label over its value is not used: on a page of stacked lines every line is over another.
    let value = |j: usize| label_category(&lines[j].text).is_none() && !is_neutral_label(&lines[j].text);
    // (Text left of the label is another panel: a sidebar's entries share the form's rows.)
    let pair_row = |i: usize, j: usize| {
        let l = &lines[i].rect;
        // (OCR may split a piece off the value, "…@baltlinija." "lt", or read a badge beside it.)
        lines.iter().filter(|o| o.rect.v_overlap(l) >= 0.5 && o.rect.x0 + l.height() >= l.x0).count() <= 3 && value(j)
    };
    let mut columns: Vec<(i32, i32)> = Vec::new();
    for &(i, _) in &labelled {
        if let Some(j) = right_of(lines, i).filter(|&j| pair_row(i, j)) {
            columns.push((lines[i].rect.x0, lines[j].rect.x0));
        }
    }
    // A form has several labelled rows in one label column; a single label beside some text
    // (a folder tree's "eMail" beside a table's first cell) makes no column.
    let near = |a: &(i32, i32), b: &(i32, i32)| (a.0 - b.0).abs() <= 12 && (a.1 - b.1).abs() <= 24;
    let columns: Vec<(i32, i32)> = columns.iter().filter(|c| columns.iter().filter(|o| near(c, o)).count() >= 2).copied().collect();
    let taken = |spans: &Vec<TextSpan>, j: usize| spans.iter().any(|s| s.parts.iter().any(|p| p.0 == j));
    for (k, line) in lines.iter().enumerate() {
        if !label_shaped(&line.text) || taken(spans, k) {
            continue;
        }
        let h = line.rect.height().max(6);
        let found = columns.iter().find_map(|&(lx, vx)| {
            if (line.rect.x0 - lx).abs() > h {
                return None;
            }
            let j = right_of(lines, k).filter(|&j| pair_row(k, j))?;
            ((lines[j].rect.x0 - vx).abs() <= 2 * h).then_some(j)
        });
        let Some(j) = found else { continue };
        let v = &lines[j].text;
        if neutral_value(v) || taken(spans, j) {
            continue;
        }
        let start = v.len() - v.trim_start().len();
        spans.push(TextSpan {
            parts: vec![(j, start..v.trim_end().len())],
            category: Category::Custom,
            rule: "app.unlabelled_value",
            confidence: 0.7,
            preview: preview(v.trim(), Category::Custom),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::policy::Detector;
    use super::*;
    use crate::text::word_line as at;

    #[test]
    fn a_login_under_its_site_in_a_list_is_found() {
        let d = Detector::default();
        let lines = [
            at("rakuten.co.jp", 22, 199, 102, 215),
            at("hendriks34", 22, 218, 83, 229),
            at("ing.nl", 22, 253, 55, 269),
            at("ruben_bakker", 22, 272, 100, 286),
            at("paypal.com", 22, 415, 94, 431),
            at("jeroen.deboer", 21, 434, 99, 448),
            at("paypal.", 22, 144, 62, 159),
            at("com", 60, 147, 87, 156),
            at("misaki.", 22, 164, 58, 175),
            at("ito", 55, 165, 71, 174),
            at("Gebruikersnaam", 299, 121, 403, 134),
            // "seb.lt" with its thin l lost: an entry of the same list all the same.
            at("seb.t", 22, 308, 58, 321),
            at("ito76", 22, 326, 51, 338),
        ];
        let f = d.detect_page(&lines);
        for y in [218, 272, 434, 164, 165, 326] {
            assert!(f.iter().any(|f| f.category == Category::Username && f.boxes.iter().any(|b| b.y0 == y)), "{y}: {f:?}");
        }
        // Alone, a word over a word is no list's entry.
        let f = d.detect_page(&[at("seb.t", 22, 308, 58, 321), at("ito76", 22, 326, 51, 338)]);
        assert!(!f.iter().any(|f| f.rule == "layout.list_login"), "{f:?}");
    }

    fn row(label: &str, value: &str, y: i32) -> [TextLine; 2] {
        [at(label, 300, y, 300 + 8 * label.len() as i32, y + 13), at(value, 505, y, 505 + 8 * value.len() as i32, y + 13)]
    }

    #[test]
    fn unknown_fields_of_a_credential_view_are_masked_and_neutral_ones_kept() {
        let d = Detector::default();
        let mut lines: Vec<TextLine> = Vec::new();
        for (k, (l, v)) in [
            ("Username", "jkowalczyk"),
            ("Password", "Zima2024!"),
            ("Security answer", "Burek"),
            ("Website", "https://github.com"),
            ("Modified", "12.03.2024"),
            ("Folder", "Private"),
        ]
        .iter()
        .enumerate()
        {
            lines.extend(row(l, v, 100 + 34 * k as i32));
        }
        let f = d.detect_page(&lines);
        let masked = |y: i32| f.iter().any(|f| f.boxes.iter().any(|b| b.y0 == y && b.x0 >= 505));
        assert!(masked(100 + 34 * 2), "{f:?}");
        assert!(masked(100 + 34 * 5), "an unknown field's word value: {f:?}");
        assert!(!masked(100 + 34 * 3) && !masked(100 + 34 * 4), "a web address and a date stay: {f:?}");
        // One kind of label only (an address book's e-mail): not a sensitive view.
        let lines: Vec<TextLine> =
            [("E-mail", "anna@example.com"), ("Folder", "Private")].iter().enumerate().flat_map(|(k, (l, v))| row(l, v, 100 + 34 * k as i32)).collect();
        let f = d.detect_page(&lines);
        assert!(!f.iter().any(|f| f.rule == "app.unlabelled_value"), "{f:?}");
    }
}
