//! The screenshot path: image file in → redacted image file (+ report) out.

use std::path::Path;
use std::time::Instant;

use crate::engine::{Engine, EngineError};
use crate::ingest::{IngestError, load_still};
use crate::output::{OutputError, format_for, write_atomic, write_image};
use crate::report::ImageReport;

#[derive(Debug, thiserror::Error)]
pub enum ScreenshotError {
    #[error(transparent)]
    Input(#[from] IngestError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Engine(#[from] EngineError),
}

impl crate::error::Kinded for ScreenshotError {
    fn kind(&self) -> crate::error::ErrorKind {
        match self {
            ScreenshotError::Input(e) => e.kind(),
            ScreenshotError::Output(e) => e.kind(),
            ScreenshotError::Engine(e) => e.kind(),
        }
    }
}

/// What one screenshot run did.
#[derive(Debug)]
pub struct ScreenshotSummary {
    pub findings: usize,
    pub masks: usize,
    pub seconds: f64,
}

pub fn redact_file(engine: &mut Engine, input: &Path, output: &Path, report: Option<&Path>) -> Result<ScreenshotSummary, ScreenshotError> {
    let t0 = Instant::now();
    let _claims = crate::output::prepare(input, output, report)?;
    let still = load_still(input)?;
    let (w, h) = (still.frame.width, still.frame.height);
    engine.send_frame(still.frame);
    let red = engine.receive_frame()?.ok_or(EngineError::Ocr(crate::ocr::pool::OcrError::WorkerDied))?;
    // Masks go onto the original pixels so alpha and bit depth survive.
    let mut img = still.image;
    let cfg = engine.redact_config().clone();
    match &mut img {
        image::DynamicImage::ImageRgb8(b) => crate::redact::apply(b, w, h, 3, &red.masks, &cfg),
        image::DynamicImage::ImageRgba8(b) => crate::redact::apply(b, w, h, 4, &red.masks, &cfg),
        other => {
            // Grey, 16-bit and float images keep their type and depth: the masks are drawn on
            // an 8-bit copy and only the masked boxes are copied back, converted.
            let mut red8 =
                if other.color().has_alpha() { image::DynamicImage::ImageRgba8(other.to_rgba8()) } else { image::DynamicImage::ImageRgb8(other.to_rgb8()) };
            match &mut red8 {
                image::DynamicImage::ImageRgba8(b) => crate::redact::apply(b, w, h, 4, &red.masks, &cfg),
                image::DynamicImage::ImageRgb8(b) => crate::redact::apply(b, w, h, 3, &red.masks, &cfg),
                _ => unreachable!("made above"),
            }
            let back = convert_like(&red8, other.color());
            for m in &red.masks {
                let r = m.rect.clamp(w as i32, h as i32);
                if r.is_empty() {
                    continue;
                }
                let part = back.crop_imm(r.x0 as u32, r.y0 as u32, r.width() as u32, r.height() as u32);
                image::imageops::replace(other, &part, r.x0 as i64, r.y0 as i64);
            }
        }
    }
    let seconds = t0.elapsed().as_secs_f64();
    let input_name = input.display().to_string();
    // Report first: if it cannot be written, no redacted image claims a complete run.
    if let Some(rp) = report {
        let rep = ImageReport::new(&input_name, w, h, &red.findings, seconds);
        let json = serde_json::to_vec_pretty(&rep).map_err(|e| OutputError::Encode { path: rp.display().to_string(), msg: e.to_string() })?;
        write_atomic(rp, |f| {
            use std::io::Write;
            f.write_all(&json).map_err(|source| OutputError::Io { path: rp.display().to_string(), source })
        })?;
    }
    if let Err(e) = write_image(output, &img, format_for(output, still.format)) {
        if let Some(rp) = report {
            let _ = std::fs::remove_file(rp);
        }
        return Err(e.into());
    }
    Ok(ScreenshotSummary { findings: red.findings.len(), masks: red.masks.len(), seconds })
}

/// `img` converted to the colour type `like` (the input's).
fn convert_like(img: &image::DynamicImage, like: image::ColorType) -> image::DynamicImage {
    use image::{ColorType as C, DynamicImage as D};
    match like {
        C::L8 => D::ImageLuma8(img.to_luma8()),
        C::La8 => D::ImageLumaA8(img.to_luma_alpha8()),
        C::L16 => D::ImageLuma16(img.to_luma16()),
        C::La16 => D::ImageLumaA16(img.to_luma_alpha16()),
        C::Rgb16 => D::ImageRgb16(img.to_rgb16()),
        C::Rgba16 => D::ImageRgba16(img.to_rgba16()),
        C::Rgb32F => D::ImageRgb32F(img.to_rgb32f()),
        C::Rgba32F => D::ImageRgba32F(img.to_rgba32f()),
        _ => img.clone(),
    }
}
