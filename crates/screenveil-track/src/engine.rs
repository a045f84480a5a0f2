//! The one engine API every path uses (screenshot, recording, live), in rav1e's style:
//! `send_frame` hands a frame in, `receive_frame` hands a redacted frame out, in order.
//!
//! A frame only comes out after all its text has been analysed, or with everything that
//! could not be analysed masked: the engine never returns an unanalysed frame unmasked.

use std::collections::VecDeque;

use crate::detect::policy::DetectPolicy;
use crate::detect::{self, Finding};
use crate::frame::Frame;
use crate::ocr::OcrConfig;
use crate::ocr::{self, pool::OcrPool, regions::RegionParams};
use crate::redact::RedactConfig;
use crate::redact::{self, Mask};

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Ocr(#[from] ocr::pool::OcrError),
    #[error(transparent)]
    Frame(#[from] ocr::OcrFrameError),
    #[error(transparent)]
    Policy(#[from] detect::policy::PolicyError),
}

impl crate::error::Kinded for EngineError {
    fn kind(&self) -> crate::error::ErrorKind {
        match self {
            // The detectors' configuration (a rule, a category to disable) is the user's.
            EngineError::Policy(_) => crate::error::ErrorKind::Usage,
            EngineError::Ocr(_) | EngineError::Frame(_) => crate::error::ErrorKind::Setup,
        }
    }
}

/// One OCR'd line with its layout context and the rules that fired in it (diagnostics).
pub type Explained = (ocr::TextLine, detect::Context, Vec<&'static str>);

/// A frame after analysis: its pixels with masks applied, and what was found.
pub struct Redacted {
    pub frame: Frame,
    pub findings: Vec<Finding>,
    pub masks: Vec<Mask>,
}

pub struct Engine {
    redact: RedactConfig,
    detector: detect::policy::Detector,
    pool: OcrPool,
    params: RegionParams,
    queue: VecDeque<Frame>,
}

impl Engine {
    /// Starts the OCR engines (one per worker) loading in the background, so the caller can
    /// decode its input meanwhile; fails at once if language data is missing.
    /// Starts the OCR engines; each stage brings its own settings.
    pub fn new(ocr: &OcrConfig, detect: &DetectPolicy, redact: RedactConfig) -> Result<Engine, EngineError> {
        let detector = detect::policy::Detector::new(detect)?;
        let pool = OcrPool::start(ocr)?;
        Ok(Engine { redact, detector, pool, params: RegionParams::default(), queue: VecDeque::new() })
    }

    /// How this engine masks what it finds.
    pub fn redact_config(&self) -> &RedactConfig {
        &self.redact
    }

    pub fn send_frame(&mut self, frame: Frame) {
        self.queue.push_back(frame);
    }

    /// The next frame, redacted; `None` when no frame is waiting.
    pub fn receive_frame(&mut self) -> Result<Option<Redacted>, EngineError> {
        let Some(mut frame) = self.queue.pop_front() else { return Ok(None) };
        let findings = self.analyse(&frame)?;
        let masks = redact::masks_for(&findings, self.redact.padding, frame.width, frame.height);
        redact::apply(&mut frame.data, frame.width, frame.height, 3, &masks, &self.redact);
        Ok(Some(Redacted { frame, findings, masks }))
    }

    /// Each OCR'd line with its layout context and the categories found in it (diagnostics).
    pub fn explain(&self, frame: &Frame) -> Result<Vec<Explained>, EngineError> {
        let lines = ocr::read_frame(&self.pool, frame, None, &self.params)?;
        let ctx = detect::layout::contexts(&lines);
        Ok(lines
            .into_iter()
            .zip(ctx)
            .map(|(l, c)| {
                let found = detect::detect_text(&l.text, &c).iter().map(|m| m.rule).collect();
                (l, c, found)
            })
            .collect())
    }

    /// Findings of one frame, after the policy (disabled categories, confidence floor).
    pub fn analyse(&self, frame: &Frame) -> Result<Vec<Finding>, EngineError> {
        let lines = ocr::read_frame(&self.pool, frame, None, &self.params)?;
        Ok(self.detector.detect_page(&lines))
    }
}
