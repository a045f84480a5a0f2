//! The screenshot path: image file in → redacted image file (+ report) out.

use std::path::Path;
use std::time::Instant;

use crate::engine::{Engine, EngineError};
use crate::ingest::{load_still, IngestError};
use crate::output::{format_for, write_atomic, write_image, OutputError};
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

/// What one screenshot run did.
#[derive(Debug)]
pub struct ScreenshotSummary {
    pub findings: usize,
    pub masks: usize,
    pub seconds: f64,
}

pub fn redact_file(engine: &mut Engine, input: &Path, output: &Path, report: Option<&Path>) -> Result<ScreenshotSummary, ScreenshotError> {
    let t0 = Instant::now();
    crate::output::check_target(output, &[input])?;
    if let Some(r) = report {
        crate::output::check_target(r, &[input, output])?;
    }
    let still = load_still(input)?;
    let (w, h) = (still.frame.width, still.frame.height);
    engine.send_frame(still.frame);
    let red = engine.receive_frame()?.ok_or(EngineError::Ocr(crate::ocr::pool::OcrError::WorkerDied))?;
    // Masks go onto the original pixels so alpha and bit depth survive.
    let mut img = still.image;
    let cfg = engine.config().redact.clone();
    match &mut img {
        image::DynamicImage::ImageRgb8(b) => crate::redact::apply(b, w, h, 3, &red.masks, &cfg),
        image::DynamicImage::ImageRgba8(b) => crate::redact::apply(b, w, h, 4, &red.masks, &cfg),
        other => {
            let has_alpha = other.color().has_alpha();
            if has_alpha {
                let mut b = other.to_rgba8();
                crate::redact::apply(&mut b, w, h, 4, &red.masks, &cfg);
                *other = image::DynamicImage::ImageRgba8(b);
            } else {
                *other = image::DynamicImage::ImageRgb8(image::RgbImage::from_raw(w, h, red.frame.data.clone()).expect("frame size"));
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
