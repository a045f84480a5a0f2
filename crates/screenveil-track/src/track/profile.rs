//! Where a frame's time goes inside the tracker: each stage's total, so `bench-video` and the
//! reports can say which one to make cheaper (OCR was assumed the cost; measure it).

use std::time::{Duration, Instant};

use serde::Serialize;

/// Milliseconds spent per stage, summed over the run (divide by frames for ms/frame).
#[derive(Clone, Debug, Default, Serialize)]
pub struct StageTimes {
    /// RGB → grey of each frame (change detection, region search and crops work on grey).
    pub gray_ms: f64,
    /// Changed rows and scroll following.
    pub change_ms: f64,
    /// Text-region search inside changed bands (OpenCV).
    pub search_ms: f64,
    /// Content keys, stable-frame bookkeeping and cutting crops for OCR.
    pub keys_ms: f64,
    /// Detectors, column and layout rules over the frame's lines.
    pub detect_ms: f64,
    /// Masks painted into the frame.
    pub mask_ms: f64,
    /// The caller's thread blocked waiting for OCR readings (recordings only; live never waits).
    pub wait_ms: f64,
    /// OCR workers reading, summed over workers (runs beside the stages above).
    pub ocr_ms: f64,
}

impl StageTimes {
    /// Milliseconds per frame for each stage, for printing.
    pub fn per_frame(&self, frames: u64) -> StageTimes {
        let n = frames.max(1) as f64;
        let r = |x: f64| (x / n * 1000.0).round() / 1000.0;
        StageTimes {
            gray_ms: r(self.gray_ms),
            change_ms: r(self.change_ms),
            search_ms: r(self.search_ms),
            keys_ms: r(self.keys_ms),
            detect_ms: r(self.detect_ms),
            mask_ms: r(self.mask_ms),
            wait_ms: r(self.wait_ms),
            ocr_ms: r(self.ocr_ms),
        }
    }
}

/// Adds the time since `t` to `acc` and restarts `t`.
pub(super) fn lap(acc: &mut f64, t: &mut Instant) {
    let now = Instant::now();
    *acc += ms(now - *t);
    *t = now;
}

pub(super) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
