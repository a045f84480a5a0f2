//! Column roles: a table column whose cells are, nearly all of them, one kind of sensitive
//! value (a customer list's e-mail column) masks the cells that scroll into it as that kind
//! without reading every one of them. Reading is the cost of a scrolling table (each new
//! row is a row of OCR), and a cell of an e-mail column is masked whatever OCR makes of it.
//!
//! Fail closed: a claimed cell is masked, never passed. One claimed cell in
//! [`READ_EVERY`] is still read, so a column keeps being checked against what it shows: when
//! its read cells stop being its kind (another window over the same x, the table scrolled to
//! other columns) the role is dropped and the cells it masked unread are read again.

use crate::detect::{Category, Finding};
use crate::geom::Rect;
use crate::ocr::TextLine;

/// Cells found whole as one kind, in one frame, before a column takes that kind as its role.
const LEARN_MIN: usize = 6;
/// One cell in this many that a role claims is read anyway (the column's check).
pub const READ_EVERY: u32 = 3;
/// Left edges within this many pixels are one column.
const SAME_X: i32 = 3;
/// A cell cut by the table's edge (the tops of a row scrolling in) is claimed down to this
/// height: OCR reads nothing useful in it, and it is masked as its column's kind either way.
const MIN_SLIVER: i32 = 3;

#[derive(Clone, Debug)]
struct Role {
    x0: i32,
    x1: i32,
    /// The tallest cell learnt from.
    h: i32,
    category: Category,
    /// Claimed cells since the last one that was read.
    skipped: u32,
}

/// The roles in effect, by column.
#[derive(Default)]
pub struct Roles {
    cols: Vec<Role>,
}

/// A read cell of a resolved frame: its region, and the kind that covers its text whole.
/// Header cells (known labels: "E-mail", "Geboortedatum") are not counted.
pub struct Cell {
    pub rect: Rect,
    pub kind: Option<Category>,
}

impl Cell {
    /// The cell of a read region (`lines` in frame coordinates); `None` for a header.
    pub fn of(rect: Rect, lines: &[TextLine], findings: &[Finding]) -> Option<Cell> {
        let header = matches!(lines, [l] if crate::detect::labels::label_category(l.text.trim()).is_some());
        (!header).then(|| Cell { rect, kind: cell_kind(lines, findings) })
    }
}

impl Roles {
    pub fn clear(&mut self) {
        self.cols.clear();
    }

    /// The kind a new region is masked as instead of being read, if its column has a role
    /// and this is not the cell to read for the check.
    pub fn claim(&mut self, r: Rect) -> Option<(Category, i32)> {
        let role = self.cols.iter_mut().find(|c| {
            let slack = (c.x1 - c.x0) / 4;
            (r.x0 - c.x0).abs() <= SAME_X && r.x1 <= c.x1 + slack && (MIN_SLIVER..=c.h + 1).contains(&r.height())
        })?;
        role.skipped += 1;
        if role.skipped >= READ_EVERY {
            role.skipped = 0;
            return None;
        }
        Some((role.category, role.x0))
    }

    /// Learns from one resolved frame's read cells; returns the columns (their `x0`) whose
    /// role was dropped, so that the cells masked unread under them are read after all.
    pub fn learn(&mut self, cells: &[Cell]) -> Vec<i32> {
        let mut order: Vec<&Cell> = cells.iter().filter(|c| c.rect.area() > 0).collect();
        order.sort_by_key(|c| c.rect.x0);
        let mut dropped = Vec::new();
        let mut start = 0;
        while start < order.len() {
            let x = order[start].rect.x0;
            let end = start + order[start..].iter().take_while(|c| c.rect.x0 - x <= SAME_X).count();
            let column = &order[start..end];
            start = end;
            let count = |k: Category| column.iter().filter(|c| c.kind == Some(k)).count();
            if let Some(i) = self.cols.iter().position(|c| (c.x0 - x).abs() <= SAME_X || (c.x0 - column[column.len() - 1].rect.x0).abs() <= SAME_X) {
                // A column whose read cells are mostly something else no longer has the role.
                let role = &mut self.cols[i];
                let hits = count(role.category);
                if column.len() >= 3 && hits * 2 < column.len() {
                    dropped.push(self.cols.remove(i).x0);
                    continue;
                }
                // The column's cells of its kind seen since widen what it claims (longer
                // values, rows further down the table).
                for c in column.iter().filter(|c| c.kind == Some(role.category)) {
                    role.x1 = role.x1.max(c.rect.x1);
                    role.h = role.h.max(c.rect.height());
                }
                continue;
            }
            let Some(kind) = column.iter().filter_map(|c| c.kind).max_by_key(|&k| count(k)) else {
                continue;
            };
            let n = count(kind);
            if n < LEARN_MIN || n * 10 < column.len() * 9 {
                continue;
            }
            let of_kind = || column.iter().filter(|c| c.kind == Some(kind));
            tracing::debug!(column = x, ?kind, cells = n, "column role learnt");
            self.cols.push(Role {
                x0: x,
                x1: of_kind().map(|c| c.rect.x1).max().unwrap_or(x),
                h: of_kind().map(|c| c.rect.height()).max().unwrap_or(0),
                category: kind,
                skipped: 0,
            });
        }
        dropped
    }
}

/// The kind whose findings cover a read region's one line whole, if any.
pub fn cell_kind(lines: &[TextLine], findings: &[Finding]) -> Option<Category> {
    let [l] = lines else { return None };
    super::columns::line_kind(l, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(x0: i32, y0: i32, w: i32, kind: Option<Category>) -> Cell {
        Cell { rect: Rect::new(x0, y0, x0 + w, y0 + 14), kind }
    }

    fn column(x0: i32, rows: i32, kind: Option<Category>) -> Vec<Cell> {
        (0..rows).map(|i| cell(x0, 100 + 21 * i, 150 + (i % 3) * 10, kind)).collect()
    }

    #[test]
    fn a_column_of_one_kind_claims_new_cells_and_reads_one_in_three() {
        let mut roles = Roles::default();
        let mut cells = column(300, 8, Some(Category::Email));
        cells.extend(column(500, 8, None)); // a column of plain text
        assert!(roles.learn(&cells).is_empty());
        let new = Rect::new(301, 226, 460, 240);
        let claims: Vec<_> = (0..6).map(|_| roles.claim(new)).collect();
        assert_eq!(claims.iter().filter(|c| c.is_none()).count(), 6 / READ_EVERY as usize);
        assert_eq!(claims[0], Some((Category::Email, 300)));
        // Not the column's shape: another x, a taller block, a far wider one.
        assert_eq!(roles.claim(Rect::new(500, 226, 600, 240)), None);
        assert_eq!(roles.claim(Rect::new(300, 226, 400, 266)), None);
        assert_eq!(roles.claim(Rect::new(300, 226, 700, 240)), None);
    }

    #[test]
    fn too_few_or_mixed_cells_teach_nothing_and_a_changed_column_drops_its_role() {
        let mut roles = Roles::default();
        roles.learn(&column(300, LEARN_MIN as i32 - 1, Some(Category::Name)));
        assert_eq!(roles.claim(Rect::new(300, 150, 440, 164)), None);
        let mut mixed = column(300, 8, Some(Category::Name));
        mixed.extend((0..3).map(|i| cell(300, 400 + 21 * i, 150, None)));
        roles.learn(&mixed);
        assert_eq!(roles.claim(Rect::new(300, 150, 440, 164)), None);
        roles.learn(&column(300, 8, Some(Category::Name)));
        assert!(roles.claim(Rect::new(300, 150, 440, 164)).is_some());
        // Another window over the same x: its read lines are not names.
        assert_eq!(roles.learn(&column(300, 4, None)), vec![300]);
        assert_eq!(roles.claim(Rect::new(300, 150, 440, 164)), None);
    }
}
