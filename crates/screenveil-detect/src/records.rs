//! A record page's heading: an admin console, an identity provider or a cloud console shows one
//! user's page titled by that user's login ("turner19", "katharina.hoffmann"), with the list of
//! users it came from named in the navigation, a tab or the breadcrumb. No label stands by the
//! heading; its role says what it is.

use crate::text::TextLine;

/// The lines that head a user's record page: on a screen that names a list of user accounts,
/// a line alone on its row (but for a sidebar), set larger than the page's ordinary text, whose one word has a
/// login's shape (see [`login_shaped`]).
pub fn user_headings(lines: &[TextLine]) -> Vec<usize> {
    // The body's size, from lines without descenders (a "y" makes a line's box a fifth
    // taller than its letters).
    let plain = |l: &&TextLine| !l.text.contains(['g', 'j', 'p', 'q', 'y', ',', ';']);
    let mut heights: Vec<i32> = lines.iter().filter(plain).map(|l| l.rect.height()).collect();
    heights.sort_unstable();
    let Some(&median) = heights.get(heights.len() / 2) else { return Vec::new() };
    let headings: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            let l = &lines[i];
            // A heading is set larger than the body: its box a seventh taller, at least.
            if l.rect.height() * 20 < median * 23 || !login_shaped(l.text.trim()) {
                return false;
            }
            // (A sidebar's item far to the left is another column, not on the heading's row.)
            let reach = 8 * l.rect.height();
            let near = |o: &TextLine| o.rect.x1 + reach >= l.rect.x0 && o.rect.x0 <= l.rect.x1 + reach;
            !lines.iter().enumerate().any(|(j, o)| j != i && o.rect.v_overlap(&l.rect) >= 0.5 && near(o))
        })
        .collect();
    if headings.is_empty() || !lines.iter().any(|l| super::labels::names_user_list(&l.text)) {
        return Vec::new();
    }
    headings
}

/// A login as services let users choose one: one word of 3-40 ASCII letters, digits, `.`, `_`
/// and `-`, starting with a letter, in lower case (a heading of words is capitalised:
/// "Overview", "Settings"), and not a label or a neutral field's name.
fn login_shaped(t: &str) -> bool {
    let n = t.chars().count();
    (3..=40).contains(&n)
        && t.starts_with(|c: char| c.is_ascii_lowercase())
        && t.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
        && !t.ends_with(['.', '-', '_'])
        && super::labels::label_category(t).is_none()
        && !super::labels::is_neutral_label(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::Rect;
    use crate::text::Word;

    fn line(t: &str, x: i32, y: i32, h: i32) -> TextLine {
        let w = Word { text: t.into(), rect: Rect::new(x, y, x + 9 * t.chars().count() as i32, y + h), conf: 90.0 };
        TextLine::new(vec![w], "eng")
    }

    #[test]
    fn a_users_page_is_headed_by_the_login() {
        let page = |nav: &str, heading: &str| {
            vec![
                line("IAM", 20, 56, 11),
                line(heading, 280, 58, 15),
                line(nav, 20, 90, 11),
                line("Access key ID", 306, 115, 12),
                line("Status", 795, 117, 9),
                line("Active", 795, 147, 12),
                line("Created", 961, 117, 12),
            ]
        };
        for (nav, login) in [("Users", "turner19"), ("Benutzer", "katharina.hoffmann"), ("Uzytkownicy", "pawel_szy964"), ("ユーザー", "ito89")] {
            assert_eq!(user_headings(&page(nav, login)), vec![1], "{nav} / {login}");
        }
        // Without a list of users on the screen, a lower-case heading is any word.
        assert!(user_headings(&page("Billing", "turner19")).is_empty());
        // A capitalised heading is a page's title, and body-sized text no heading.
        assert!(user_headings(&page("Users", "Overview")).is_empty());
        let mut small = page("Users", "turner19");
        small[1] = line("turner19", 280, 58, 11);
        assert!(user_headings(&small).is_empty());
    }
}
