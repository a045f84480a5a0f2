//! Pixel geometry shared by every stage.
//!
//! There is exactly one coordinate space: pixels of the frame as it was captured, origin top
//! left, `x1`/`y1` exclusive. OCR crops and upscales internally, but every `Rect` that leaves
//! the OCR module is already mapped back into frame pixels.

use serde::{Deserialize, Serialize};

/// Axis-aligned box in frame pixels, `[x0, x1) × [y0, y1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Rect {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

// Small enough to inline; across crates that needs the attribute (the page layout rules call
// these for every pair of lines on every frame).
impl Rect {
    #[inline]
    pub const fn new(x0: i32, y0: i32, x1: i32, y1: i32) -> Self {
        Rect { x0, y0, x1, y1 }
    }
    #[inline]
    pub fn from_xywh(x: i32, y: i32, w: i32, h: i32) -> Self {
        Rect::new(x, y, x + w, y + h)
    }
    #[inline]
    pub fn width(&self) -> i32 {
        (self.x1 - self.x0).max(0)
    }
    #[inline]
    pub fn height(&self) -> i32 {
        (self.y1 - self.y0).max(0)
    }
    #[inline]
    pub fn area(&self) -> i64 {
        self.width() as i64 * self.height() as i64
    }
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.width() == 0 || self.height() == 0
    }
    #[inline]
    pub fn center_y(&self) -> i32 {
        (self.y0 + self.y1) / 2
    }
    #[inline]
    pub fn center_x(&self) -> i32 {
        (self.x0 + self.x1) / 2
    }
    /// Smallest box containing both.
    #[inline]
    pub fn union(&self, o: &Rect) -> Rect {
        if self.is_empty() {
            return *o;
        }
        if o.is_empty() {
            return *self;
        }
        Rect::new(self.x0.min(o.x0), self.y0.min(o.y0), self.x1.max(o.x1), self.y1.max(o.y1))
    }
    #[inline]
    pub fn intersect(&self, o: &Rect) -> Rect {
        let r = Rect::new(self.x0.max(o.x0), self.y0.max(o.y0), self.x1.min(o.x1), self.y1.min(o.y1));
        if r.x1 <= r.x0 || r.y1 <= r.y0 { Rect::default() } else { r }
    }
    #[inline]
    pub fn intersects(&self, o: &Rect) -> bool {
        !self.intersect(o).is_empty()
    }
    /// Grows the box by `dx`/`dy` on each side.
    #[inline]
    pub fn pad(&self, dx: i32, dy: i32) -> Rect {
        Rect::new(self.x0 - dx, self.y0 - dy, self.x1 + dx, self.y1 + dy)
    }
    /// Clips to a `w × h` frame.
    #[inline]
    pub fn clamp(&self, w: i32, h: i32) -> Rect {
        self.intersect(&Rect::new(0, 0, w, h))
    }
    /// Vertical overlap as a share of the smaller height (0..1): "same text row?".
    #[inline]
    pub fn v_overlap(&self, o: &Rect) -> f32 {
        let ov = (self.y1.min(o.y1) - self.y0.max(o.y0)).max(0) as f32;
        let h = self.height().min(o.height()).max(1) as f32;
        ov / h
    }
    /// Horizontal overlap as a share of the smaller width (0..1): "same column?".
    #[inline]
    pub fn h_overlap(&self, o: &Rect) -> f32 {
        let ov = (self.x1.min(o.x1) - self.x0.max(o.x0)).max(0) as f32;
        let w = self.width().min(o.width()).max(1) as f32;
        ov / w
    }
}

/// Bounds of a rect list, or `None` when empty.
pub fn union_all<'a>(rects: impl IntoIterator<Item = &'a Rect>) -> Option<Rect> {
    rects.into_iter().fold(None, |acc, r| Some(acc.map_or(*r, |a: Rect| a.union(r))))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn union_and_intersection() {
        let a = Rect::new(0, 0, 10, 10);
        let b = Rect::new(5, 5, 20, 8);
        assert_eq!(a.union(&b), Rect::new(0, 0, 20, 10));
        assert_eq!(a.intersect(&b), Rect::new(5, 5, 10, 8));
        assert!(a.intersect(&Rect::new(10, 0, 12, 2)).is_empty());
        assert_eq!(Rect::new(-3, -3, 5, 5).clamp(4, 4), Rect::new(0, 0, 4, 4));
    }
    #[test]
    fn overlaps() {
        let a = Rect::new(0, 0, 10, 10);
        assert!((a.v_overlap(&Rect::new(50, 5, 60, 15)) - 0.5).abs() < 1e-6);
        assert_eq!(a.h_overlap(&Rect::new(20, 0, 30, 10)), 0.0);
    }
}
