//! Live redaction between a source (OBS over SRT, the screen, a file, a test pattern) and a
//! destination the publish gate approved: one GStreamer pipeline ([`live`]) with the
//! `screenveil` element in live mode.
//!
//! Health gate (the element's): frames wait in a bounded delay line (`delay_ms`) for their
//! analysis; a frame whose readings are not done when its time is up leaves with those regions
//! masked; when analysis falls behind, changed bands are masked whole instead of searched
//! (overload); when OCR has stalled (no reading for [`crate::element::STALL_AFTER`]) frames
//! are replaced by a "paused for privacy" slate until it recovers. Frames keep flowing, so the
//! platform connection stays.

pub mod live;
pub mod pipes;
pub mod profile;
pub mod reach;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use gstreamer as gst;
use gstreamer::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::engine::EngineError;
use crate::gate::Approved;
use crate::track::Tracker;
pub use pipes::{PipeError, Source};

#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    #[error(transparent)]
    Pipe(#[from] PipeError),
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("source: {0}")]
    Source(String),
    #[error("destination {dest}: {msg}")]
    Sink { dest: String, msg: String },
    #[error("{0}")]
    Invalid(String),
    #[error("analysis failed: {0}")]
    Analysis(String),
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
}

impl crate::error::Kinded for StreamError {
    fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind::*;
        match self {
            StreamError::Engine(e) => crate::error::Kinded::kind(e),
            StreamError::Pipe(e) => crate::error::Kinded::kind(e),
            StreamError::Source(_) => Input,
            StreamError::Invalid(_) => Usage,
            StreamError::Analysis(_) => Internal,
            StreamError::Sink { .. } | StreamError::Output(_) => Output,
        }
    }
}

/// How long a recording may take to show its first frame before it is judged to have none.
const FIRST_FRAME_FROM_FILE: Duration = Duration::from_secs(10);

/// Longest delay line: each frame waiting in it is held decoded (6 MB at 1080p).
pub const MAX_DELAY_MS: u32 = 5000;

#[derive(Clone, Debug)]
pub struct StreamOptions {
    pub delay_ms: u32,
    pub fps: u32,
    pub bitrate_kbps: u32,
    /// Stop after this many seconds of output (tests, timed recordings).
    pub seconds: Option<f64>,
}

impl StreamOptions {
    /// Refuses values outside what the live path can honour (instead of clamping silently).
    pub fn validate(&self) -> Result<(), StreamError> {
        let bad = |m: String| Err(StreamError::Invalid(m));
        if self.delay_ms == 0 || self.delay_ms > MAX_DELAY_MS {
            return bad(format!("delay_ms must be 1..={MAX_DELAY_MS} (got {})", self.delay_ms));
        }
        if !(1..=120).contains(&self.fps) {
            return bad(format!("fps must be 1..=120 (got {})", self.fps));
        }
        if !(100..=200_000).contains(&self.bitrate_kbps) {
            return bad(format!("bitrate_kbps must be 100..=200000 (got {})", self.bitrate_kbps));
        }
        if let Some(s) = self.seconds
            && !(s.is_finite() && s > 0.0 && s <= 1e7)
        {
            return bad(format!("--seconds must be a positive number of seconds (got {s})"));
        }
        Ok(())
    }
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions { delay_ms: 200, fps: 30, bitrate_kbps: 6000, seconds: None }
    }
}

/// What a live run measured.
#[derive(Clone, Debug, Default, Serialize)]
pub struct StreamStats {
    pub frames: u64,
    pub width: u32,
    pub height: u32,
    /// Frames that left after full analysis (every change searched, read or masked).
    pub analysed_frames: u64,
    /// Frames that left in overload mode: changed bands masked whole instead of searched.
    pub overloaded_frames: u64,
    /// Frames replaced by the privacy slate (OCR made no progress).
    pub slate_frames: u64,
    /// Frames that left with at least one mask.
    pub masked_frames: u64,
    /// Whether sound went out with the picture.
    pub audio: bool,
    /// Time from a frame leaving the source to entering the encoder.
    pub added_latency_ms_p50: f64,
    pub added_latency_ms_p99: f64,
    pub added_latency_ms_max: f64,
    pub cpu_percent: f64,
    pub wall_seconds: f64,
    pub analysis: crate::track::TrackStats,
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() - 1) as f64 * p).round() as usize;
    (v[i] * 10.0).round() / 10.0
}

/// Checks done before anything starts: options in range, and a file destination that may be
/// written (written like every other output: under a temporary name, renamed when complete;
/// never over a device, a link or the source itself).
pub fn preflight(src: &Source, dest: &Approved, opts: &StreamOptions) -> Result<(), StreamError> {
    opts.validate()?;
    if let crate::gate::Destination::File(p) = dest.destination() {
        let inputs: Vec<&std::path::Path> = match src {
            Source::File(f) => vec![f.as_path()],
            _ => Vec::new(),
        };
        crate::output::check_target(p, &inputs)?;
    }
    Ok(())
}

/// The tracker a live run uses: its look-ahead is the delay line (`delay_ms` at `fps`), new
/// text must settle within it, and whatever is still unread when a frame leaves is masked.
pub fn live_tracker(cfg: &Config, opts: &StreamOptions, reader: Box<dyn crate::ocr::reader::Reader>) -> Result<Tracker, StreamError> {
    let video = cfg.video.clone().live(opts.delay_ms as f64, opts.fps as f64);
    Ok(Tracker::with_reader(reader, &cfg.detect, cfg.redact.clone(), video)?)
}

/// Runs until the source ends, `seconds` pass, or Ctrl-C.
pub fn run(cfg: Config, src: &Source, dest: &Approved, opts: &StreamOptions) -> Result<StreamStats, StreamError> {
    preflight(src, dest, opts)?;
    let pool = crate::ocr::pool::OcrPool::new(&cfg.ocr).map_err(EngineError::from)?;
    let tracker = live_tracker(&cfg, opts, Box::new(pool))?;
    run_with(tracker, src, dest, opts, None)
}

/// [`run`] with a tracker of the caller's (a reader that fails on cue, in tests) and a hook
/// called with each frame's index as it enters analysis.
pub fn run_with(tracker: Tracker, src: &Source, dest: &Approved, opts: &StreamOptions, on_frame: Option<live::FrameHook>) -> Result<StreamStats, StreamError> {
    run_keeping(tracker, src, dest, opts, on_frame).0
}

/// [`run_with`] that hands the tracker back after a run that went well, for the next run on
/// the same source (`screenveil obs`: OCR workers are started once, not per stream).
pub fn run_keeping(
    tracker: Tracker,
    src: &Source,
    dest: &Approved,
    opts: &StreamOptions,
    on_frame: Option<live::FrameHook>,
) -> (Result<StreamStats, StreamError>, Option<Tracker>) {
    let mut back = None;
    let r = run_inner(tracker, src, dest, opts, on_frame, &mut back);
    let back = if r.is_ok() { back } else { None };
    (r, back)
}

fn run_inner(
    tracker: Tracker,
    src: &Source,
    dest: &Approved,
    opts: &StreamOptions,
    on_frame: Option<live::FrameHook>,
    back: &mut Option<Tracker>,
) -> Result<StreamStats, StreamError> {
    preflight(src, dest, opts)?;
    let _claim = match dest.destination() {
        crate::gate::Destination::File(p) => Some(crate::output::claim(p)?),
        _ => None,
    };
    pipes::init()?;
    crate::element::register(None).map_err(|e| StreamError::Pipe(PipeError::Gst(e.to_string())))?;
    let tmp = match dest.destination() {
        crate::gate::Destination::File(p) => {
            let ext = p.extension().and_then(|e| e.to_str()).map(|e| format!(".part.{e}")).unwrap_or_else(|| ".part".into());
            Some(crate::output::temp_beside(p, &ext)?)
        }
        _ => None,
    };
    let max_frames = opts.seconds.map(|s| (s * opts.fps as f64).round() as u64);
    let layout =
        live::Layout { src, dest, file: tmp.as_ref().map(|t| t.path()), fps: opts.fps, bitrate_kbps: opts.bitrate_kbps, delay_ms: opts.delay_ms, max_frames };
    let lp = live::build(&layout, on_frame)?;
    lp.element.lend_tracker(tracker);
    let (t0, cpu0) = (Instant::now(), crate::video::progress::cpu_seconds());
    let ran = drive(&lp, src, dest, opts, t0);
    let counts = lp.element.counts();
    let analysis = lp.element.stats();
    let mut held = lp.element.held_ms();
    let _ = lp.pipeline.set_state(gst::State::Null);
    *back = lp.element.take_tracker();
    ran?;
    if counts.frames_out == 0 {
        return Err(StreamError::Source("no video arrived from the source".into()));
    }
    if let (Some(tmp), crate::gate::Destination::File(path)) = (tmp, dest.destination()) {
        crate::output::readable_like_a_new_file(tmp.as_file());
        tmp.persist(path).map_err(|e| crate::output::OutputError::Io { path: path.display().to_string(), source: e.error })?;
    }
    let seen = lp.seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let (width, height) = seen.size.unwrap_or_default();
    let mut lat: Vec<f64> = held.drain(..).map(f64::from).collect();
    Ok(StreamStats {
        frames: counts.frames_out,
        width,
        height,
        analysed_frames: counts.frames_out - counts.overloaded_frames - counts.slate_frames,
        overloaded_frames: counts.overloaded_frames,
        slate_frames: counts.slate_frames,
        masked_frames: counts.masked_frames,
        audio: seen.audio,
        added_latency_ms_p50: percentile(&mut lat, 0.5),
        added_latency_ms_p99: percentile(&mut lat, 0.99),
        added_latency_ms_max: percentile(&mut lat, 1.0),
        cpu_percent: ((crate::video::progress::cpu_seconds() - cpu0) / t0.elapsed().as_secs_f64() * 1000.0).round() / 10.0,
        wall_seconds: (t0.elapsed().as_secs_f64() * 100.0).round() / 100.0,
        analysis,
    })
}

/// Plays the pipeline until the source ends, the time or frame limit is reached, or Ctrl-C;
/// those end it with EOS, so the frames in the delay line and the muxer's tail are written.
fn drive(lp: &live::LivePipe, src: &Source, dest: &Approved, opts: &StreamOptions, t0: Instant) -> Result<(), StreamError> {
    let p = &lp.pipeline;
    let bus = p.bus().ok_or_else(|| StreamError::Source("pipeline without a bus".into()))?;
    p.set_state(gst::State::Playing).map_err(|e| bus_error(&bus, dest).unwrap_or_else(|| StreamError::Source(crate::gate::scrub(&e.to_string()))))?;
    // `--seconds` bounds the run in wall-clock time (a source that never sends still ends),
    // and the output in frames (the probe stops letting frames in at the limit).
    let deadline = opts.seconds.map(|s| t0 + Duration::from_secs_f64(s));
    let mut ending: Option<Instant> = None;
    loop {
        if let Some(e) = lp.seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner).error.take() {
            return Err(StreamError::Source(e));
        }
        let got_frames = lp.frames_in.load(Ordering::SeqCst) > 0;
        if ending.is_none() {
            let out_of_time = deadline.is_some_and(|d| Instant::now() >= d) || lp.limit_hit.load(Ordering::SeqCst);
            if crate::video::INTERRUPTED.load(Ordering::SeqCst) || out_of_time {
                p.send_event(gst::event::Eos::new());
                ending = Some(Instant::now());
            }
            // A recording shows its first frame at once; one that has shown none by now has
            // no video (a live source may wait for its sender as long as it likes).
            if let (false, Source::File(f)) = (got_frames, src)
                && t0.elapsed() > FIRST_FRAME_FROM_FILE
            {
                return Err(StreamError::Source(format!("{}: no video stream", crate::gate::printable(&f.display().to_string()))));
            }
        }
        match ending {
            // Nothing came in: there is nothing to finish writing.
            Some(_) if !got_frames => return Ok(()),
            Some(t) if t.elapsed() > END_WITHIN => {
                return Err(StreamError::Sink {
                    dest: dest.destination().display(),
                    msg: format!("the output did not finish within {} s", END_WITHIN.as_secs()),
                });
            }
            _ => {}
        }
        let Some(m) = bus.timed_pop_filtered(gst::ClockTime::from_mseconds(100), &[gst::MessageType::Eos, gst::MessageType::Error]) else { continue };
        match m.view() {
            gst::MessageView::Error(e) => return Err(classify(e, dest)),
            _ => return Ok(()),
        }
    }
}

/// How long the end of a run may take to be written once asked for.
const END_WITHIN: Duration = Duration::from_secs(10);

fn bus_error(bus: &gst::Bus, dest: &Approved) -> Option<StreamError> {
    while let Some(m) = bus.pop_filtered(&[gst::MessageType::Error]) {
        if let gst::MessageView::Error(e) = m.view() {
            return Some(classify(e, dest));
        }
    }
    None
}

/// An error is the source's when the source, its demuxer or decoder said it, the analysis'
/// when the element did, and otherwise the destination's (encoder, muxer, sink).
fn classify(e: &gst::message::Error, dest: &Approved) -> StreamError {
    let msg = crate::gate::scrub(&e.error().to_string());
    let path = e.src().map(|s| s.path_string().to_string()).unwrap_or_default();
    if e.src().is_some_and(|s| s.type_() == crate::element::Screenveil::static_type()) {
        StreamError::Analysis(msg)
    } else if path.contains(":src") || path.contains(":dec") {
        StreamError::Source(msg)
    } else {
        StreamError::Sink { dest: dest.destination().display(), msg }
    }
}
