//! Test helpers: render known text with real fonts, run the real binary, read pixels back
//! with real tesseract.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ab_glyph::{FontVec, PxScale};
use image::{Rgb, RgbImage};
use screenveil::geom::Rect;
use screenveil::ocr::crop;
use screenveil::ocr::tess::{Psm, Tesseract};

pub const DEJAVU: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
pub const DEJAVU_MONO: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";
pub const LIBERATION: &str = "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf";
pub const NOTO_CJK: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

pub fn font(path: &str) -> FontVec {
    let data = std::fs::read(path).unwrap_or_else(|e| panic!("font {path}: {e} (install fonts-dejavu-core, fonts-liberation2, fonts-noto-cjk)"));
    FontVec::try_from_vec_and_index(data, 0).expect("font parses")
}

/// A piece of text drawn on a test screen, with the box it occupies.
#[derive(Clone, Debug)]
pub struct Piece {
    pub text: String,
    pub rect: Rect,
    pub sensitive: bool,
    pub lang: &'static str,
}

/// A synthetic screen: draws text runs and remembers where each run landed.
pub struct Screen {
    pub img: RgbImage,
    pub pieces: Vec<Piece>,
    fg: Rgb<u8>,
}

impl Screen {
    pub fn new(w: u32, h: u32, dark: bool) -> Screen {
        let (bg, fg) = if dark { (Rgb([30, 30, 36]), Rgb([220, 220, 220])) } else { (Rgb([250, 250, 248]), Rgb([25, 25, 30])) };
        Screen { img: RgbImage::from_pixel(w, h, bg), pieces: Vec::new(), fg }
    }

    /// Text colour for the next lines.
    pub fn set_fg(&mut self, c: Rgb<u8>) {
        self.fg = c;
    }

    /// Draws `parts` left to right on one line; `(text, sensitive)`. Returns the line's right edge.
    pub fn line(&mut self, f: &FontVec, px: f32, x: i32, y: i32, parts: &[(&str, bool)], lang: &'static str) -> i32 {
        let scale = PxScale::from(px);
        let space = imageproc::drawing::text_size(scale, f, "a a").0 as i32 - imageproc::drawing::text_size(scale, f, "aa").0 as i32;
        let mut cx = x;
        for (t, sensitive) in parts {
            imageproc::drawing::draw_text_mut(&mut self.img, self.fg, cx, y, scale, f, t);
            let (w, _) = imageproc::drawing::text_size(scale, f, t);
            let rect = Rect::new(cx, y, cx + w as i32, y + (px * 1.2).ceil() as i32);
            self.pieces.push(Piece { text: t.to_string(), rect, sensitive: *sensitive, lang });
            cx += w as i32 + space.max(3);
        }
        cx
    }

    pub fn save(&self, path: &Path) {
        self.img.save(path).expect("save test screen");
    }
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_screenveil"))
}

pub fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(bin()).args(args).output().expect("run screenveil")
}

/// Normalised similarity of two strings (1 - Levenshtein / longer length), ignoring spaces.
pub fn similarity(a: &str, b: &str) -> f32 {
    let a: Vec<char> = a.chars().filter(|c| !c.is_whitespace()).collect();
    let b: Vec<char> = b.chars().filter(|c| !c.is_whitespace()).collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    1.0 - prev[b.len()] as f32 / a.len().max(b.len()) as f32
}

/// What tesseract reads in `rect` of an image (upscaled, polarity-normalised, one line).
pub fn read_back(img: &RgbImage, rect: Rect, lang: &str) -> String {
    let (w, h) = img.dimensions();
    let gray: Vec<u8> = img.pixels().map(|p| ((p[0] as u32 * 77 + p[1] as u32 * 150 + p[2] as u32 * 29) >> 8) as u8).collect();
    let c = crop::prepare(&gray, w, h, rect);
    let mut t = Tesseract::new(lang).expect("tesseract language installed");
    t.set_psm(Psm::Line);
    let words = t.recognize(&c.pixels, c.width, c.height, c.width as usize, None).expect("ocr");
    words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
}

/// Asserts every sensitive piece is unreadable in `out` and every other piece still reads.
pub fn assert_redacted(input: &Screen, out: &RgbImage) {
    let mut failures = Vec::new();
    for p in &input.pieces {
        // Sanity: the input itself must be readable, or the test proves nothing.
        let before = similarity(&read_back(&input.img, p.rect, p.lang), &p.text);
        let after_text = read_back(out, p.rect, p.lang);
        let after = similarity(&after_text, &p.text);
        if before < 0.6 {
            failures.push(format!("fixture not readable before redaction: {:?} ({before:.2})", p.text));
        } else if p.sensitive && after >= 0.5 {
            failures.push(format!("LEAK: {:?} still reads as {:?} ({after:.2})", p.text, after_text));
        } else if !p.sensitive && after < 0.6 {
            failures.push(format!("over-redacted: {:?} now reads {:?} ({after:.2})", p.text, after_text));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
/// Hands `frames` to a tracker as fast as it takes them, then flushes it: every frame it
/// returned, in order.
pub fn track_all(t: &mut screenveil::track::Tracker, frames: impl IntoIterator<Item = screenveil::frame::Frame>) -> Vec<screenveil::track::TrackedFrame> {
    let mut out = Vec::new();
    for fr in frames {
        t.send_frame(fr).expect("frame accepted");
        while let Some(tf) = t.receive_frame().expect("frame analysed") {
            out.push(tf);
        }
    }
    t.flush().expect("flushed");
    while let Some(tf) = t.receive_frame().expect("frame analysed") {
        out.push(tf);
    }
    out
}

pub mod live;
