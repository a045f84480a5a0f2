//! Finds where text is on a screen, before any OCR runs.
//!
//! Why: tesseract on a whole 1080p screen takes seconds and binarises it globally, which loses
//! light-on-dark sidebars; OCRing small, polarity-normalised, upscaled crops is both faster
//! (two cores share the crops) and reads more. The detector is morphological (OpenCV): edge
//! magnitude, long ruler lines removed, letters joined into glyph blobs; blobs are then joined
//! into phrases by a gap rule relative to their height, so table cells and UI columns stay
//! apart while the words of a phrase stay together.

use opencv::core::{self, Mat, MatTraitConst, MatTraitConstManual, MatTraitManual, Point, Size, Vector};
use opencv::imgproc;

use crate::geom::Rect;

#[derive(Debug, thiserror::Error)]
#[error("text region detection failed: {0}")]
pub struct RegionError(#[from] opencv::Error);

/// Tunables of the detector, in frame pixels.
#[derive(Clone, Copy, Debug)]
pub struct RegionParams {
    /// Edge strength (0..255) that counts as ink.
    pub edge_threshold: f64,
    /// Horizontal/vertical runs at least this long are rulers and borders, not text.
    pub ruler_len: i32,
    /// Blob heights outside this range are not text.
    pub min_h: i32,
    pub max_h: i32,
    /// Two blobs on one row join when the gap is at most this share of their height.
    pub join_gap: f32,
    /// Keep rows of type smaller than `min_h` (see [`join_blobs`]). Whole screens only: a
    /// recording's searched strips are slivers of rows scrolling in, which the tracker masks
    /// by its own rules, and every frame would add a row of them.
    pub tiny_rows: bool,
}

impl Default for RegionParams {
    fn default() -> Self {
        RegionParams { edge_threshold: 28.0, ruler_len: 40, min_h: 5, max_h: 140, join_gap: 0.75, tiny_rows: true }
    }
}

/// Converts packed RGB to grey (BT.601 luma, integer).
pub fn rgb_to_gray(rgb: &[u8], width: u32, height: u32) -> Vec<u8> {
    let n = width as usize * height as usize;
    let mut out = vec![0u8; n];
    // OpenCV's SIMD conversion takes a third of the time of the loop below (it runs on every
    // frame of a recording); same weights, at most one grey level apart.
    if n > 0 && rgb.len() >= n * 3 && cv_gray(&rgb[..n * 3], width, height, &mut out).is_ok() {
        return out;
    }
    gray_loop(rgb, &mut out);
    out
}

fn gray_loop(rgb: &[u8], out: &mut [u8]) {
    let n = out.len();
    // Fixed-size chunks of 16 pixels let the compiler vectorise this (it runs on every frame).
    let mut src = rgb[..n * 3].chunks_exact(48);
    let mut dst = out.chunks_exact_mut(16);
    for (s, d) in (&mut src).zip(&mut dst) {
        for k in 0..16 {
            d[k] = ((s[3 * k] as u16 as u32 * 77 + s[3 * k + 1] as u32 * 150 + s[3 * k + 2] as u32 * 29) >> 8) as u8;
        }
    }
    for (s, d) in src.remainder().chunks_exact(3).zip(dst.into_remainder()) {
        *d = ((s[0] as u32 * 77 + s[1] as u32 * 150 + s[2] as u32 * 29) >> 8) as u8;
    }
}

fn kernel(w: i32, h: i32) -> Result<Mat, opencv::Error> {
    imgproc::get_structuring_element(imgproc::MORPH_RECT, Size::new(w, h), Point::new(-1, -1))
}

fn morph(src: &impl core::ToInputArray, op: i32, k: &Mat) -> Result<Mat, opencv::Error> {
    let mut dst = Mat::default();
    imgproc::morphology_ex(src, &mut dst, op, k, Point::new(-1, -1), 1, core::BORDER_CONSTANT, imgproc::morphology_default_border_value()?)?;
    Ok(dst)
}

/// The parts of `runs` narrower than `across` (thick bands removed). Outside the image is
/// no ink: with OpenCV's default border a ruler two rows from a searched band's edge counted
/// as thick text, and glued every cell of its table row into one region.
fn thin(runs: &Mat, across: Mat) -> Result<Mat, opencv::Error> {
    let mut thick = Mat::default();
    imgproc::morphology_ex(runs, &mut thick, imgproc::MORPH_OPEN, &across, Point::new(-1, -1), 1, core::BORDER_CONSTANT, core::Scalar::all(0.0))?;
    let mut out = Mat::default();
    core::subtract(runs, &thick, &mut out, &core::no_array(), -1)?;
    Ok(out)
}

fn cv_gray(rgb: &[u8], width: u32, height: u32, out: &mut [u8]) -> Result<(), opencv::Error> {
    // SAFETY: Vec3b is three u8 in a row (align 1); the slice covers exactly n pixels.
    let px: &[core::Vec3b] = unsafe { std::slice::from_raw_parts(rgb.as_ptr().cast::<core::Vec3b>(), rgb.len() / 3) };
    let src = Mat::new_rows_cols_with_data(height as i32, width as i32, px)?;
    let want = out.as_ptr();
    let mut dst = Mat::new_rows_cols_with_data_mut(height as i32, width as i32, out)?;
    imgproc::cvt_color(&src, &mut dst, imgproc::COLOR_RGB2GRAY, 0)?;
    // Written in place (a reallocation would leave `out` untouched: the caller falls back).
    if dst.data() != want {
        return Err(opencv::Error::new(core::StsError, "cvtColor reallocated its output"));
    }
    Ok(())
}

/// Glyph blobs (letters or touching letter groups) of a grey image.
fn blobs(gray: &[u8], width: u32, height: u32, p: &RegionParams) -> Result<Vec<Rect>, opencv::Error> {
    let src = Mat::new_rows_cols_with_data(height as i32, width as i32, gray)?;
    let mut bw = edges(&src, p.edge_threshold)?;
    denoise_busy_tiles(&src, &mut bw, width as usize, height as usize, p)?;
    // Rulers, table grids and input-field borders would glue every cell together.
    // A ruler is long *and thin*: dense text also makes long horizontal runs in the edge
    // image, but those bands are thick, so anything ≥ 5 px across is given back.
    let hl = thin(&morph(&bw, imgproc::MORPH_OPEN, &kernel(p.ruler_len, 1)?)?, kernel(1, 5)?)?;
    let vl = thin(&morph(&bw, imgproc::MORPH_OPEN, &kernel(1, p.ruler_len)?)?, kernel(5, 1)?)?;
    let mut lines = Mat::default();
    core::bitwise_or(&hl, &vl, &mut lines, &core::no_array())?;
    let mut not_lines = Mat::default();
    core::bitwise_not(&lines, &mut not_lines, &core::no_array())?;
    let mut text = Mat::default();
    core::bitwise_and(&bw, &not_lines, &mut text, &core::no_array())?;
    let joined = morph(&text, imgproc::MORPH_CLOSE, &kernel(3, 1)?)?;
    // Outer boundaries of every component, including those inside another one's hole: text
    // enclosed by a frame the ruler filter left (a selected cell's border joined to grid
    // lines) would otherwise vanish with the frame, which is dropped as too tall.
    let mut contours: Vector<Vector<Point>> = Vector::new();
    let mut hierarchy: Vector<core::Vec4i> = Vector::new();
    imgproc::find_contours_with_hierarchy(&joined, &mut contours, &mut hierarchy, imgproc::RETR_CCOMP, imgproc::CHAIN_APPROX_SIMPLE, Point::new(0, 0))?;
    let mut out = Vec::with_capacity(contours.len());
    for (i, c) in contours.iter().enumerate() {
        // [next, previous, first child, parent]: holes have a parent.
        if hierarchy.get(i).is_ok_and(|h| h[3] >= 0) {
            continue;
        }
        let r = imgproc::bounding_rect(&c)?;
        if r.height >= 2 && r.width >= 1 && r.height <= p.max_h * 2 {
            out.push(Rect::from_xywh(r.x, r.y, r.width, r.height));
        }
    }
    Ok(out)
}

/// Pixels at a strong edge (255) of a grey image.
fn edges(src: &impl core::ToInputArray, threshold: f64) -> Result<Mat, opencv::Error> {
    let grad = morph(src, imgproc::MORPH_GRADIENT, &kernel(3, 3)?)?;
    let mut bw = Mat::default();
    imgproc::threshold(&grad, &mut bw, threshold, 255.0, imgproc::THRESH_BINARY)?;
    Ok(bw)
}

/// Side of the tiles whose edge density is judged, in pixels.
const TILE: usize = 64;
/// Share of edge pixels above which a tile is noise or a photo, not UI: text there is found
/// on a smoothed copy. (The densest text tiles of the development screens reach 0.5; grain
/// reaches 0.9 and more.)
const BUSY: f32 = 0.75;

/// Where the edge image is mostly edges (light text on a noisy or photographic background:
/// every pixel differs from its neighbours), the strokes themselves replace the edges: pixels
/// of a median-smoothed copy that stand out of their neighbourhood's mean. Smoothing takes
/// the grain out; letters, a steady colour a few pixels wide, stay.
fn denoise_busy_tiles(src: &impl core::ToInputArray, bw: &mut Mat, w: usize, h: usize, p: &RegionParams) -> Result<(), opencv::Error> {
    let busy: Vec<(usize, usize)> = {
        let px = bw.data_bytes()?;
        let mut v = Vec::new();
        for ty in (0..h).step_by(TILE) {
            for tx in (0..w).step_by(TILE) {
                let (tw, th) = (TILE.min(w - tx), TILE.min(h - ty));
                let ink: usize = (ty..ty + th).map(|y| px[y * w + tx..y * w + tx + tw].iter().filter(|&&b| b != 0).count()).sum();
                if ink as f32 > BUSY * (tw * th) as f32 {
                    v.push((tx, ty));
                }
            }
        }
        v
    };
    if busy.is_empty() {
        return Ok(());
    }
    let mut smooth = Mat::default();
    imgproc::median_blur(src, &mut smooth, 5)?;
    let mut mean = Mat::default();
    imgproc::blur(&smooth, &mut mean, Size::new(31, 31), Point::new(-1, -1), core::BORDER_REPLICATE)?;
    let mut diff = Mat::default();
    core::absdiff(&smooth, &mean, &mut diff)?;
    let d = diff.data_bytes()?;
    let to = bw.data_bytes_mut()?;
    let cut = p.edge_threshold as u8;
    for (tx, ty) in busy {
        let tw = TILE.min(w - tx);
        for y in ty..(ty + TILE).min(h) {
            let r = y * w + tx..y * w + tx + tw;
            for (o, &v) in to[r.clone()].iter_mut().zip(&d[r]) {
                *o = if v > cut { 255 } else { 0 };
            }
        }
    }
    Ok(())
}

/// Text phrases of a grey image: runs of blobs on one row separated by word-sized gaps. Text
/// taller than `max_h` (a password manager's large-type view, a slide, a page zoomed in, 4K
/// at 200 %) is found on the image shrunk by [`TALL`], so that no text is too big to be read.
pub fn find_text_regions(gray: &[u8], width: u32, height: u32, p: &RegionParams) -> Result<Vec<Rect>, RegionError> {
    let b = blobs(gray, width, height, p)?;
    let mut out = join_blobs(b, p);
    let tall = tall_text(gray, width, height, p)?;
    // A block of ordinary lines also looks tall when shrunk: a region where the full-size pass
    // read three or more rows of text is that block. Giant letters leave the full-size pass
    // only fragments of their strokes, overlapping in one band.
    let tall: Vec<Rect> = tall.into_iter().filter(|t| rows_inside(&out, t) < 3).collect();
    out.extend(tall);
    Ok(out)
}

/// How many rows (bands apart vertically) the regions inside `t` make.
fn rows_inside(regions: &[Rect], t: &Rect) -> usize {
    let mut inside: Vec<&Rect> = regions.iter().filter(|r| t.intersect(r) == **r).collect();
    inside.sort_by_key(|r| r.y0);
    let mut rows = 0;
    let mut bottom = i32::MIN;
    for r in inside {
        if r.y0 >= bottom {
            rows += 1;
        }
        bottom = bottom.max(r.y1);
    }
    rows
}

/// The factor text taller than `max_h` is looked for at.
pub const TALL: u32 = 4;

/// Regions of text `max_h` to `TALL × max_h` pixels tall, in full-size coordinates.
fn tall_text(gray: &[u8], width: u32, height: u32, p: &RegionParams) -> Result<Vec<Rect>, opencv::Error> {
    let (w, h) = (width / TALL, height / TALL);
    if w < 16 || h < 16 {
        return Ok(Vec::new());
    }
    let mut small = vec![0u8; (w * h) as usize];
    for y in 0..h as usize {
        for x in 0..w as usize {
            let mut sum = 0u32;
            for dy in 0..TALL as usize {
                let row = (y * TALL as usize + dy) * width as usize + x * TALL as usize;
                sum += gray[row..row + TALL as usize].iter().map(|&v| v as u32).sum::<u32>();
            }
            small[y * w as usize + x] = (sum / (TALL * TALL)) as u8;
        }
    }
    let t = TALL as i32;
    let sp = RegionParams { min_h: (p.max_h / t).max(p.min_h), ..*p };
    let found = join_blobs(blobs(&small, w, h, &sp)?, &sp);
    Ok(found.into_iter().map(|r| Rect::new(r.x0 * t, r.y0 * t, r.x1 * t, r.y1 * t).clamp(width as i32, height as i32)).collect())
}

/// Joins blobs into phrases (pure; unit-tested). Small marks (dots, accents, commas) join the
/// phrase they touch vertically, glyphs join along rows; blobs too tall or too short to be text
/// are dropped after. Marks can chain rows into one block (a row joined to a selection frame,
/// underscores nearly touching the next line in a terminal); such a block, far too tall for
/// text, would be dropped and its text never read, so its own blobs are joined again along
/// rows only. (Joining marks in a first pass of their own was tried: it fixed the table but
/// lost more terminal lines on the dev terminal recording.)
pub fn join_blobs(b: Vec<Rect>, p: &RegionParams) -> Vec<Rect> {
    let raw = b.clone();
    let mut b = join_passes(b, p, &[Pass::Any]);
    let blocks: Vec<Rect> = b.iter().filter(|r| r.height() > p.max_h).copied().collect();
    for block in blocks {
        let inside: Vec<Rect> = raw.iter().filter(|r| block.intersect(r) == **r).copied().collect();
        b.extend(join_passes(inside, p, &[Pass::Rows]).into_iter().filter(|r| r.height() <= p.max_h));
    }
    // A row of type smaller than `min_h` (5 px type, a 4K screen shown at half size) is kept
    // when it is row-shaped, so it is read or masked as unreadable, never passed unseen.
    // (Not on the shrunk pass for giant text, whose `min_h` is far larger: there every
    // ordinary line is such a row.)
    let tiny_row = |r: &Rect| p.tiny_rows && p.min_h <= 5 && r.height() >= 3 && r.width() >= 8 * r.height();
    b.retain(|r| (r.height() >= p.min_h || tiny_row(r)) && r.height() <= p.max_h && r.width() >= 2 && !is_separator(r));
    // A thin row touching ordinary text is part of it (the tops of capitals, a row of accents,
    // an underline): read alone, its crop would take in the line beside it and read it twice.
    let normal: Vec<Rect> = b.iter().filter(|r| r.height() >= p.min_h).copied().collect();
    b.retain(|r| r.height() >= p.min_h || !normal.iter().any(|n| n.intersects(&r.pad(p.min_h, p.min_h))));
    b.sort_by_key(|r| (r.y0, r.x0));
    b
}

fn join_passes(mut b: Vec<Rect>, p: &RegionParams, passes: &[Pass]) -> Vec<Rect> {
    for &pass in passes {
        loop {
            let mut changed = false;
            b.sort_by_key(|r| (r.y0, r.x0));
            let mut out: Vec<Rect> = Vec::with_capacity(b.len());
            'next: for r in b.drain(..) {
                for o in out.iter_mut().rev().take(64) {
                    if can_join(o, &r, p, pass) {
                        *o = o.union(&r);
                        changed = true;
                        continue 'next;
                    }
                }
                out.push(r);
            }
            b = out;
            if !changed {
                break;
            }
        }
    }
    b
}

/// A thin upright stroke much taller than wide: a table or pane separator, never joined.
fn is_separator(r: &Rect) -> bool {
    r.width() <= 4 && r.height() >= 4 * r.width().max(1) && r.height() >= 12
}

#[derive(Clone, Copy, PartialEq)]
enum Pass {
    /// Rows and marks together (accents fold into phrases as they form).
    Any,
    Rows,
}

fn can_join(a: &Rect, b: &Rect, p: &RegionParams, pass: Pass) -> bool {
    // Separators never join; neither does anything taller than text (a panel edge or an
    // image), or it would chain whole screen areas into one region that is then dropped.
    if is_separator(a) || is_separator(b) || a.height() > p.max_h || b.height() > p.max_h {
        return false;
    }
    let h = a.height().max(b.height()) as f32;
    let small = a.height().min(b.height()) as f32;
    // Same row: vertical overlap of most of the smaller box, and similar heights unless the
    // smaller one is punctuation.
    // An avatar or icon beside a name is much taller than the text: kept apart so the text
    // crop is scaled for the text and its polarity is not skewed by the icon's colours.
    // An avatar is square, and a large one beside small type can pass that height test (a
    // 28 px avatar and a 16 px name with an accent): a square half again as tall as its
    // neighbour is an icon, not a capital.
    let icon = |t: &Rect, o: &Rect| t.height() as f32 >= 1.4 * o.height() as f32 && (0.75..=1.33).contains(&(t.width() as f32 / t.height().max(1) as f32));
    let same_row = a.v_overlap(b) >= 0.5 && (small >= 0.55 * h && !icon(a, b) && !icon(b, a) || small <= 0.35 * h);
    let gap = (a.x0.max(b.x0) - a.x1.min(b.x1)) as f32;
    if same_row && gap <= p.join_gap * h {
        return true;
    }
    if pass == Pass::Rows {
        return false;
    }
    if underscore(a, b) || underscore(b, a) {
        return true;
    }
    // A diacritic or i-dot: horizontally inside the other box, touching or 2 px away vertically.
    let vgap = (a.y0.max(b.y0) - a.y1.min(b.y1)) as f32;
    // (Requiring a mark to be narrow as well read the dev terminal recording better, 229 → 69
    // leaked frames, but broke a 20 px form's version line; not kept.)
    let mark = small <= 0.4 * h && a.h_overlap(b) >= 0.6 && vgap <= 2.0 + 0.1 * h;
    let merged_h = a.union(b).height() as f32;
    mark && merged_h <= 1.5 * h
}

/// `u` is an underscore beside the glyphs `o`: flat, a character or two wide, at or just
/// under their baseline, next to them. In monospaced identifiers ("STRIPE_KEY=sk_live_…") the
/// underscore is a whole character cell, so the letters on either side are a space's width
/// apart; at 2x it also sits below the letters' boxes and no row test joins it. The pieces
/// were read as separate phrases and the key never reached its value.
fn underscore(u: &Rect, o: &Rect) -> bool {
    let h = o.height() as f32;
    let flat = (u.height() as f32) <= (0.2 * h).max(3.0) && u.width() >= 2 * u.height() && (u.width() as f32) <= 1.5 * h;
    let at_baseline = u.y0 as f32 >= o.y1 as f32 - 0.25 * h && (u.y0 - o.y1) as f32 <= 0.3 * h;
    let gap = (u.x0.max(o.x0) - u.x1.min(o.x1)) as f32;
    flat && at_baseline && gap <= 0.35 * h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grey_from_opencv_matches_the_luma_formula_within_one_level() {
        let (w, h) = (67u32, 5u32);
        let rgb: Vec<u8> = (0..w * h * 3).map(|i| ((i * 37) % 256) as u8).collect();
        let fast = rgb_to_gray(&rgb, w, h);
        let mut slow = vec![0u8; (w * h) as usize];
        gray_loop(&rgb, &mut slow);
        assert!(fast.iter().zip(&slow).all(|(a, b)| a.abs_diff(*b) <= 1), "{:?} / {:?}", &fast[..8], &slow[..8]);
        assert!(fast.iter().zip(&slow).any(|(a, b)| a == b) && fast.iter().any(|&g| g > 150) && fast.iter().any(|&g| g < 100));
    }

    #[test]
    fn an_underscore_joins_the_identifier_a_lower_mark_does_not() {
        let p = RegionParams::default();
        // 2x monospace: "KEY" 29 px tall, the underscore 4 px tall just under its baseline and
        // a character cell wide, "sk" a space's width further (26 px: more than the join gap).
        let key = Rect::new(100, 100, 170, 129);
        let us = Rect::new(172, 131, 194, 135);
        let sk = Rect::new(196, 100, 240, 129);
        assert_eq!(join_blobs(vec![key, us, sk], &p), vec![Rect::new(100, 100, 240, 135)]);
        // A flat mark well under the gap (the top of the next row's border) joins neither.
        let low = Rect::new(172, 141, 194, 145);
        let r = join_blobs(vec![key, low, sk], &p);
        assert!(r.contains(&key) && r.contains(&sk), "{r:?}");
    }

    #[test]
    fn grey_of_every_pixel_including_the_tail() {
        // 17 pixels: one vectorised chunk of 16 and a remainder of 1.
        let rgb: Vec<u8> = (0..17u32).flat_map(|i| [(i * 15) as u8, 255 - (i * 7) as u8, (i * 3) as u8]).collect();
        let mut g = vec![0u8; 17];
        gray_loop(&rgb, &mut g);
        let want: Vec<u8> = rgb.chunks(3).map(|p| ((p[0] as u32 * 77 + p[1] as u32 * 150 + p[2] as u32 * 29) >> 8) as u8).collect();
        assert_eq!(g, want);
        assert!(rgb_to_gray(&rgb, 17, 1).iter().zip(&want).all(|(a, b)| a.abs_diff(*b) <= 1));
        assert_eq!(rgb_to_gray(&[255, 255, 255], 1, 1), vec![255]);
    }

    #[test]
    fn words_join_columns_do_not() {
        let p = RegionParams::default();
        // Two letters 3 px apart, a word 6 px further, a column 60 px away.
        let b = vec![Rect::new(10, 10, 18, 24), Rect::new(21, 10, 29, 24), Rect::new(35, 12, 60, 24), Rect::new(120, 10, 160, 24)];
        let r = join_blobs(b, &p);
        assert_eq!(r, vec![Rect::new(10, 10, 60, 24), Rect::new(120, 10, 160, 24)]);
    }

    #[test]
    fn an_avatar_stays_apart_from_the_name_beside_it() {
        let p = RegionParams::default();
        // A 28 px round avatar, 8 px from a 16 px name (an accent on its first capital).
        let b = vec![Rect::new(189, 554, 217, 582), Rect::new(225, 555, 355, 571)];
        assert_eq!(join_blobs(b.clone(), &p), b);
        // Words of one height still join, and a capital beside lower case does.
        let w = vec![Rect::new(10, 10, 24, 26), Rect::new(28, 14, 60, 26)];
        assert_eq!(join_blobs(w, &p), vec![Rect::new(10, 10, 60, 26)]);
    }

    #[test]
    fn accent_joins_letter_rows_stay_apart() {
        let p = RegionParams::default();
        let b = vec![Rect::new(10, 12, 20, 24), Rect::new(12, 8, 16, 10), Rect::new(10, 30, 40, 42)];
        let r = join_blobs(b, &p);
        assert_eq!(r, vec![Rect::new(10, 8, 20, 24), Rect::new(10, 30, 40, 42)]);
    }

    #[test]
    fn finds_dark_and_light_text() {
        // A bar of "letters" on white and one on black.
        let (w, h) = (200u32, 60u32);
        let mut g = vec![255u8; (w * h) as usize];
        for x in (20..80).step_by(6) {
            for y in 10..22 {
                for dx in 0..3 {
                    g[(y * w + x + dx) as usize] = 0;
                }
            }
        }
        for y in 35..60 {
            for x in 100..200 {
                g[(y * w + x) as usize] = 0;
            }
        }
        for x in (110..170).step_by(6) {
            for y in 40..52 {
                for dx in 0..3 {
                    g[(y * w + x + dx) as usize] = 230;
                }
            }
        }
        let r = find_text_regions(&g, w, h, &RegionParams::default()).unwrap();
        assert!(r.iter().any(|r| r.x0 <= 21 && r.x1 >= 77 && r.y0 <= 10 && r.y1 >= 22), "{r:?}");
        assert!(r.iter().any(|r| r.x0 <= 111 && r.x1 >= 167 && r.y0 <= 40 && r.y1 >= 52), "{r:?}");
    }

    #[test]
    fn a_ruler_near_the_edge_of_a_searched_band_keeps_table_cells_apart() {
        // Three cells of "letters" 14 px tall with a grid line (one grey row) under them, the
        // band cut two rows below the line, as a tracker's strip of a scrolled table is.
        let (w, h) = (400u32, 24u32);
        let mut g = vec![255u8; (w * h) as usize];
        for x0 in [20u32, 160, 300] {
            for x in (x0..x0 + 60).step_by(6) {
                for y in 4..18 {
                    for dx in 0..3 {
                        g[(y * w + x + dx) as usize] = 0;
                    }
                }
            }
        }
        for x in 0..w {
            g[((h - 2) * w + x) as usize] = 217;
        }
        let r = find_text_regions(&g, w, h, &RegionParams { tiny_rows: false, ..Default::default() }).unwrap();
        assert_eq!(r.len(), 3, "one region per cell: {r:?}");
        assert!(r.iter().all(|r| r.width() < 100), "{r:?}");
    }
}
