//! A text line's cells (runs of text apart by two or more spaces, a tab or a table's bars) and
//! a table's rows put on one grid.

/// Splits a text line into cells: runs of text apart by two or more spaces, a tab or `|`.
pub(super) fn cells(line: &str) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    // A lone bar inside a word is a misread letter ("one.|t"), not a column's border; bars
    // of a table come two or more to a row ("|Name|E-mail|").
    let bars = chars.iter().filter(|c| matches!(c.1, '|' | '│')).count();
    let spaced = |k: usize| bars >= 2 || k == 0 || k + 1 == chars.len() || chars[k - 1].1.is_whitespace() || chars[k + 1].1.is_whitespace();
    let sep = |k: usize| {
        chars[k].1 == '\t'
            || matches!(chars[k].1, '|' | '│') && spaced(k)
            || (chars[k].1.is_whitespace() && chars.get(k + 1).is_some_and(|c| c.1.is_whitespace()))
    };
    let (mut k, n) = (0, chars.len());
    while k < n {
        while k < n && (chars[k].1.is_whitespace() || sep(k)) {
            k += 1;
        }
        if k >= n {
            break;
        }
        let first = k;
        while k < n && !sep(k) {
            k += 1;
        }
        // Trailing single space before a separator run.
        let mut last = k;
        while last > first && chars[last - 1].1.is_whitespace() {
            last -= 1;
        }
        let end = chars.get(last).map_or(line.len(), |c| c.0);
        out.push((chars[first].0, end, first));
    }
    out
}

/// A label OCR spaced out over two cells ("Date  ofbirth", "Numer  rachunku"): one cell,
/// when together they make a label and neither does alone.
pub(super) fn joined_labels(line: &str, cells: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    use crate::labels::label_category;
    let mut out: Vec<(usize, usize, usize)> = Vec::with_capacity(cells.len());
    for c in cells {
        if let Some(p) = out.last_mut()
            && &line[p.1..c.0] == "  "
            && label_category(&line[p.0..p.1]).is_none()
            && label_category(&line[c.0..c.1]).is_none()
            && label_category(&format!("{} {}", &line[p.0..p.1], &line[c.0..c.1])).is_some()
        {
            p.1 = c.1;
            continue;
        }
        out.push(c);
    }
    out
}

/// A table's rule line ("-----", "+----+----+", "|---|---|"): no cells, the table goes on.
pub(super) fn is_rule(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.chars().all(|c| "-=+|:─━┼┿╋│ ".contains(c))
}

/// A header row whose cells OCR ran together at a narrow gap ("Téléphone Date de naissance",
/// "Nome e cognome E-mail"): a cell that is no label but splits at a space into two labels is
/// two cells, so the header has as many cells as its rows. Only on a row of three or more
/// cells, two of them labels already (a header, not a sentence).
pub(super) fn split_labels(line: &str, cells: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    use crate::labels::{is_neutral_label, is_whole_label};
    // (label_category first: memoised, and no for most cells)
    let label = |t: &str| crate::labels::label_category(t).is_some() && is_whole_label(t) || is_neutral_label(t);
    if cells.len() < 3 || cells.iter().filter(|c| label(&line[c.0..c.1])).count() < 2 {
        return cells;
    }
    let mut out = Vec::with_capacity(cells.len() + 1);
    for mut c in cells {
        while !label(&line[c.0..c.1]) {
            let cell = &line[c.0..c.1];
            let Some(at) =
                cell.match_indices(' ').map(|(i, _)| i).find(|&i| label(&cell[..i]) && (label(&cell[i + 1..]) || split_in_two(&cell[i + 1..], label)))
            else {
                break;
            };
            out.push((c.0, c.0 + at, c.2));
            c = (c.0 + at + 1, c.1, c.2 + cell[..=at].chars().count());
        }
        out.push(c);
    }
    out
}

/// Whether `t` splits at a space into two labels.
fn split_in_two(t: &str, label: impl Fn(&str) -> bool) -> bool {
    t.match_indices(' ').any(|(i, _)| label(&t[..i]) && label(&t[i + 1..]))
}

/// A PEM armor line (RFC 7468: "-----BEGIN label-----", "-----END label-----").
pub(super) fn is_armor(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("-----") && t.ends_with("-----") && (t.contains("BEGIN") || t.contains("END"))
}

/// Columns of each line's cells on the page. Rows of a table (three or more cells, the same
/// count as the line that opened it) are put on one grid, column by column: text tables are
/// padded by hand or not at all ("Olivija Urbonienė | olivijau@one.lt | 1993-03-19"), so a
/// cell's character position says little about its column, its index says all.
/// A text line and its cells (start, end, first column).
pub(super) type Row<'a> = (&'a str, Vec<(usize, usize, usize)>);

pub(super) fn grid(rows: &[Row]) -> (Vec<Vec<usize>>, Vec<Option<usize>>) {
    let mut cols: Vec<Vec<usize>> = rows.iter().map(|(_, cs)| cs.iter().map(|c| c.2).collect()).collect();
    let mut header = vec![None; rows.len()];
    let mut i = 0;
    while i < rows.len() {
        let n = rows[i].1.len();
        if n < 3 {
            i += 1;
            continue;
        }
        // The block: this line and the following lines with as many cells (rule lines skipped),
        // or one cell more or fewer: OCR splits a cell at a wide space ("Δημήτρης  Γεωργίου")
        // or joins two at a narrow one ("ida@tclia.se 34.73.56.52").
        let mut block = vec![i];
        let mut uneven = Vec::new();
        let mut j = i + 1;
        while j < rows.len() {
            let m = rows[j].1.len();
            if m == n {
                block.push(j);
            } else if m >= 3 && m.abs_diff(n) == 1 {
                uneven.push(j);
            } else if !is_rule(rows[j].0) {
                break;
            }
            j += 1;
        }
        if block.len() >= 2 {
            let width = |k: usize| block.iter().map(|&r| rows[r].0[rows[r].1[k].0..rows[r].1[k].1].chars().count()).max().unwrap_or(0);
            let mut at = 0;
            let starts: Vec<usize> = (0..n)
                .map(|k| {
                    let s = at;
                    at += width(k) + 2;
                    s
                })
                .collect();
            for &r in &block {
                cols[r] = starts.clone();
                header[r] = Some(i);
            }
            // An uneven row's cells keep their columns counted from the right (a row's first
            // cell stays first): the split or join is more often early in a row (a name) than
            // in its last columns (dates, numbers), whose headers matter most.
            for &r in &uneven {
                let m = rows[r].1.len();
                cols[r] = (0..m).map(|k| if k == 0 { starts[0] } else { starts[(n + k).saturating_sub(m).min(n - 1)] }).collect();
                header[r] = Some(i);
            }
            i = j.max(i + 1);
        } else {
            // No table opened here (a title bar's "Salesforce  —  □  ✕" above one): the
            // next line may open it.
            i += 1;
        }
    }
    (cols, header)
}
