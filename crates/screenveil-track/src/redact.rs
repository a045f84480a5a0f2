//! Redaction: findings → masks → pixels changed for good.
//!
//! The default is a solid fill: pixelation and light blur of text can be reversed by public
//! depixelation tools, so they are options only. Masks are padded to cover ascenders,
//! descenders and the anti-aliased fringe that OCR boxes leave out.

use serde::{Deserialize, Serialize};

use crate::detect::{Category, Finding};
use crate::geom::Rect;

/// A region to hide, in frame pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mask {
    pub rect: Rect,
    pub category: Option<Category>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// Solid colour (irreversible; default).
    #[default]
    Fill,
    /// Coarse mosaic with 16 px cells; weaker.
    Pixelate,
    /// Heavy box blur; weaker.
    Blur,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RedactConfig {
    pub style: Style,
    /// Fill colour as `#rrggbb`.
    pub fill: String,
    /// Padding around each box, as a share of the box height (at least 2 px).
    pub padding: f32,
}

impl Default for RedactConfig {
    fn default() -> Self {
        RedactConfig { style: Style::Fill, fill: "#202020".into(), padding: 0.2 }
    }
}

impl RedactConfig {
    pub fn fill_rgb(&self) -> [u8; 3] {
        parse_hex(&self.fill).unwrap_or([0x20, 0x20, 0x20])
    }
}

pub fn parse_hex(s: &str) -> Option<[u8; 3]> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let v = u32::from_str_radix(h, 16).ok()?;
    Some([(v >> 16) as u8, (v >> 8) as u8, v as u8])
}

/// Padded masks for findings, clipped to the frame.
pub fn masks_for(findings: &[Finding], padding: f32, width: u32, height: u32) -> Vec<Mask> {
    let mut out = Vec::new();
    for f in findings {
        for b in &f.boxes {
            let py = ((b.height() as f32 * padding).ceil() as i32).max(2);
            let px = ((b.height() as f32 * padding * 0.5).ceil() as i32).max(2);
            let r = b.pad(px, py).clamp(width as i32, height as i32);
            if !r.is_empty() {
                out.push(Mask { rect: r, category: Some(f.category) });
            }
        }
    }
    out
}

/// Applies masks to packed pixels with `channels` bytes per pixel (3 = RGB, 4 = RGBA; alpha
/// is left as it was so transparent screenshots stay transparent around the masks).
pub fn apply(pixels: &mut [u8], width: u32, height: u32, channels: usize, masks: &[Mask], cfg: &RedactConfig) {
    let fill = cfg.fill_rgb();
    for m in masks {
        let r = m.rect.clamp(width as i32, height as i32);
        if r.is_empty() {
            continue;
        }
        match cfg.style {
            Style::Fill => fill_rect(pixels, width, channels, r, fill),
            Style::Pixelate => pixelate(pixels, width, channels, r, 16),
            Style::Blur => {
                for _ in 0..3 {
                    box_blur(pixels, width, channels, r, (r.height() / 2).max(4));
                }
            }
        }
    }
}

fn fill_rect(px: &mut [u8], width: u32, ch: usize, r: Rect, c: [u8; 3]) {
    for y in r.y0..r.y1 {
        let row = y as usize * width as usize * ch;
        for x in r.x0..r.x1 {
            let i = row + x as usize * ch;
            px[i..i + 3].copy_from_slice(&c);
        }
    }
}

fn pixelate(px: &mut [u8], width: u32, ch: usize, r: Rect, cell: i32) {
    let mut y = r.y0;
    while y < r.y1 {
        let mut x = r.x0;
        while x < r.x1 {
            let c = Rect::new(x, y, (x + cell).min(r.x1), (y + cell).min(r.y1));
            let mut sum = [0u64; 3];
            let n = c.area().max(1) as u64;
            for yy in c.y0..c.y1 {
                for xx in c.x0..c.x1 {
                    let i = (yy as usize * width as usize + xx as usize) * ch;
                    for k in 0..3 {
                        sum[k] += px[i + k] as u64;
                    }
                }
            }
            fill_rect(px, width, ch, c, [(sum[0] / n) as u8, (sum[1] / n) as u8, (sum[2] / n) as u8]);
            x += cell;
        }
        y += cell;
    }
}

fn box_blur(px: &mut [u8], width: u32, ch: usize, r: Rect, rad: i32) {
    let (w, h) = (r.width() as usize, r.height() as usize);
    let mut buf = vec![0u8; w * h * 3];
    for y in 0..h {
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(rad as usize), (x + rad as usize + 1).min(w));
            let (y0, y1) = (y.saturating_sub(rad as usize), (y + rad as usize + 1).min(h));
            let mut s = [0u32; 3];
            // Sparse sampling keeps this O(w·h·k) for large radii.
            let step = ((rad / 4).max(1)) as usize;
            let mut n = 0;
            for yy in (y0..y1).step_by(step) {
                for xx in (x0..x1).step_by(step) {
                    let i = ((r.y0 as usize + yy) * width as usize + r.x0 as usize + xx) * ch;
                    for k in 0..3 {
                        s[k] += px[i + k] as u32;
                    }
                    n += 1;
                }
            }
            for k in 0..3 {
                buf[(y * w + x) * 3 + k] = (s[k] / n.max(1)) as u8;
            }
        }
    }
    for y in 0..h {
        for x in 0..w {
            let i = ((r.y0 as usize + y) * width as usize + r.x0 as usize + x) * ch;
            px[i..i + 3].copy_from_slice(&buf[(y * w + x) * 3..(y * w + x) * 3 + 3]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_changes_only_the_mask_and_keeps_alpha() {
        let (w, h) = (10u32, 10u32);
        let mut px = vec![255u8; (w * h * 4) as usize];
        for a in px.iter_mut().skip(3).step_by(4) {
            *a = 77;
        }
        let m = [Mask { rect: Rect::new(2, 2, 4, 4), category: None }];
        apply(&mut px, w, h, 4, &m, &RedactConfig::default());
        let at = |x: usize, y: usize| &px[(y * 10 + x) * 4..(y * 10 + x) * 4 + 4];
        assert_eq!(at(2, 2), &[0x20, 0x20, 0x20, 77]);
        assert_eq!(at(4, 4), &[255, 255, 255, 77]);
    }

    #[test]
    fn masks_are_padded_and_clipped() {
        let f = Finding { category: Category::Email, rule: "email", confidence: 1.0, boxes: vec![Rect::new(0, 10, 50, 30)], preview: String::new() };
        let m = masks_for(&[f], 0.2, 40, 100);
        assert_eq!(m[0].rect, Rect::new(0, 6, 40, 34));
    }

    #[test]
    fn pixelate_and_blur_change_text() {
        let (w, h) = (32u32, 32u32);
        let mut px: Vec<u8> = (0..w * h * 3).map(|i| if (i / 3) % 2 == 0 { 0 } else { 255 }).collect();
        let orig = px.clone();
        for style in [Style::Pixelate, Style::Blur] {
            let mut p = orig.clone();
            apply(&mut p, w, h, 3, &[Mask { rect: Rect::new(0, 0, 32, 32), category: None }], &RedactConfig { style, ..Default::default() });
            assert_ne!(p, orig, "{style:?}");
        }
        px.clear();
    }
}
