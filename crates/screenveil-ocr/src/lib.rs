//! OCR stage: text regions of a frame → words with boxes in frame pixels.
//!
//! Regions come from [`regions`], are normalised by [`crop`], and are read by a pool of
//! tesseract engines ([`pool`]), one per worker thread. Each region is read with the primary
//! language; a region read with low confidence (typically CJK text read as Latin) is read
//! again with each fallback language, and the more confident reading wins.

// The shared values keep their module names here, as in every screenveil crate.
use screenveil_core::{frame, geom, text};

pub mod crop;
pub mod glyphs;
pub mod pool;
pub mod reader;
mod reading;
pub mod regions;
pub mod tess;

use serde::{Deserialize, Serialize};

pub use crate::text::{TextLine, Word, weighted_conf};

/// OCR settings (the `[ocr]` table of the config file).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct OcrConfig {
    /// Language every region is read with first (tesseract names, `eng+pol` allowed).
    pub primary: String,
    /// Languages tried on regions the primary reads with low confidence.
    pub fallback: Vec<String>,
    /// Mean word confidence below which fallbacks are tried.
    pub fallback_below: f32,
    /// Worker threads (0 = one per core).
    pub threads: usize,
    /// Lines made only of glyphs tesseract has read before are read from those glyphs'
    /// pixels ([`glyphs`]); off, every line goes to tesseract.
    pub glyph_book: bool,
}

impl Default for OcrConfig {
    fn default() -> Self {
        OcrConfig { primary: "eng".into(), fallback: vec!["jpn".into()], fallback_below: 70.0, threads: 0, glyph_book: true }
    }
}

/// Reads the text of `regions` (or of every detected region when `None`) of a frame.
pub fn read_frame(
    pool: &pool::OcrPool,
    frame: &crate::frame::Frame,
    regions: Option<&[crate::geom::Rect]>,
    params: &regions::RegionParams,
) -> Result<Vec<TextLine>, OcrFrameError> {
    let gray = regions::rgb_to_gray(&frame.data, frame.width, frame.height);
    let found;
    let regs = match regions {
        Some(r) => r,
        None => {
            found = regions::find_text_regions(&gray, frame.width, frame.height, params)?;
            &found
        }
    };
    let crops: Vec<crop::Crop> = regs.iter().map(|r| crop::prepare(&gray, frame.width, frame.height, *r)).collect();
    let mut per_region = pool.read(crops)?;
    // A screen where several regions were read better in a fallback script (Japanese) has
    // more of it: short CJK labels and names that the primary model "read" as short Latin
    // gibberish with some confidence. Those regions get a second, fallback-first reading.
    let foreign = per_region.iter().filter(|ls| ls.iter().any(|l| confident_foreign(l, pool.primary()))).count();
    if foreign >= FOREIGN_SCREEN.max(per_region.len() / 20) {
        let again: Vec<usize> =
            (0..per_region.len()).filter(|&i| per_region[i].iter().all(|l| l.lang == pool.primary()) && suspicious_latin(&per_region[i])).collect();
        if !again.is_empty() {
            let crops: Vec<crop::Crop> = again.iter().map(|&i| crop::prepare(&gray, frame.width, frame.height, regs[i])).collect();
            for (i, lines) in again.into_iter().zip(pool.read_forcing_fallback(crops)?) {
                per_region[i] = lines;
            }
        }
    }
    Ok(per_region.into_iter().flatten().collect())
}

/// Regions read confidently in a fallback script that make a screen (or a recording) one
/// with that script, whose doubtful Latin readings then get a fallback-first reading.
pub const FOREIGN_SCREEN: usize = 3;

/// A line a fallback model read with confidence, in its own script (two CJK characters or more).
pub fn confident_foreign(l: &TextLine, primary: &str) -> bool {
    l.lang != primary && l.mean_conf() >= 75.0 && l.text.chars().filter(|&c| crate::text::is_cjk(c)).count() >= 2
}

/// A primary-language reading that may be another script read wrongly: short, or not clearly
/// confident. (An address or URL in it must survive the second reading as written.)
pub fn suspicious_latin(lines: &[TextLine]) -> bool {
    let text: String = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" ");
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let conf = if lines.is_empty() { 0.0 } else { lines.iter().map(TextLine::mean_conf).sum::<f32>() / lines.len() as f32 };
    letters <= 8 || conf < 88.0
}

#[derive(Debug, thiserror::Error)]
pub enum OcrFrameError {
    #[error(transparent)]
    Regions(#[from] regions::RegionError),
    #[error(transparent)]
    Ocr(#[from] pool::OcrError),
}
