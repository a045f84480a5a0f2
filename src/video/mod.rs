//! The recording path: video file in → redacted video file + JSON-lines report out, and
//! folder mode over many recordings.
//!
//! Frames flow decoder → the `screenveil` element ([`crate::element`], which runs the
//! [`Tracker`]: incremental analysis, look-ahead) → encoder, all inside one GStreamer
//! pipeline; the OCR pool reads beside it, and this thread only watches the bus, the progress
//! and the findings. Bounded queues everywhere give back-pressure. Output and report are written under
//! temporary names and renamed only when complete and checked (same frame count in and out).

pub mod bench;
pub mod pipeline;
pub mod progress;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use gstreamer::prelude::*;
use serde::Serialize;

use crate::element::Screenveil;
use crate::engine::EngineError;
use crate::error::{ErrorKind, Kinded};
use crate::output::OutputError;
use crate::track::tracks::Track;
use crate::track::{TrackStats, Tracker};
pub use pipeline::Codec;
use pipeline::{PipelineError, Transcoder};

/// Set by the binary's SIGINT/SIGTERM handler; a run in progress stops, deletes its
/// temporary files and returns [`VideoError::Interrupted`].
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

#[derive(Debug, thiserror::Error)]
pub enum VideoError {
    #[error("{path}: {msg}")]
    Input { path: String, msg: String },
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("{path}: {frames_out} frames written for {frames_in} read; output discarded")]
    FrameCount { path: String, frames_in: u64, frames_out: u64 },
    #[error("interrupted; no output written")]
    Interrupted,
    /// A folder run: its failures' kind when they agree, else [`ErrorKind::Internal`].
    #[error("{failed} of {total} recordings failed")]
    Batch { failed: usize, total: usize, kind: ErrorKind },
}

impl Kinded for VideoError {
    fn kind(&self) -> ErrorKind {
        match self {
            VideoError::Input { .. } => ErrorKind::Input,
            VideoError::Pipeline(e) => e.kind(),
            VideoError::Engine(e) => e.kind(),
            VideoError::Output(e) => e.kind(),
            VideoError::FrameCount { .. } => ErrorKind::Output,
            VideoError::Interrupted => ErrorKind::Interrupted,
            VideoError::Batch { kind, .. } => *kind,
        }
    }
}

#[derive(Clone, Debug)]
pub struct VideoOptions {
    pub codec: Codec,
    pub progress: bool,
}

/// What one recording's run did (also the report's summary line).
#[derive(Clone, Debug, Serialize)]
pub struct VideoSummary {
    #[serde(rename = "type")]
    pub tag: &'static str,
    pub frames: u64,
    pub width: u32,
    pub height: u32,
    pub fps: f64,
    pub duration_s: f64,
    pub tracks: u64,
    pub tracks_by_kind: std::collections::BTreeMap<&'static str, u64>,
    pub frames_with_masks: u64,
    pub passthrough_streams: usize,
    pub seconds: f64,
    /// Media seconds processed per wall-clock second.
    pub speed_x_realtime: f64,
    pub analysis: TrackStats,
}

fn tmp_beside(path: &Path, suffix: &str) -> Result<tempfile::NamedTempFile, OutputError> {
    crate::output::temp_beside(path, suffix)
}

fn write_err(p: &Path) -> impl Fn(std::io::Error) -> VideoError {
    let p = p.display().to_string();
    move |source| VideoError::Output(OutputError::Io { path: p.clone(), source })
}

/// Redacts one recording. `tracker` is lent to this recording's element and comes back
/// after it (its OCR engines stay warm across a folder's files).
pub fn redact_file(tracker: &mut Option<Tracker>, opts: &VideoOptions, input: &Path, output: &Path, report: Option<&Path>) -> Result<VideoSummary, VideoError> {
    let in_s = input.display().to_string();
    match std::fs::metadata(input) {
        Ok(m) if m.is_file() => {}
        Ok(_) => return Err(VideoError::Input { path: in_s, msg: "not a file".into() }),
        Err(e) => return Err(VideoError::Input { path: in_s, msg: e.to_string() }),
    }
    let _claims = crate::output::prepare(input, output, report)?;
    pipeline::init_gst().map_err(|e| PipelineError::Init(e.to_string()))?;
    let element = Screenveil::new();
    element.lend_tracker(tracker.take().ok_or_else(|| VideoError::Input { path: in_s.clone(), msg: "no analysis left after an earlier failure".into() })?);
    let res = redact_with(&element, opts, input, output, report);
    // The pipeline is gone (stopped): the element gives the tracker back.
    *tracker = element.take_tracker();
    res
}

fn redact_with(element: &Screenveil, opts: &VideoOptions, input: &Path, output: &Path, report: Option<&Path>) -> Result<VideoSummary, VideoError> {
    let t0 = Instant::now();
    let in_s = input.display().to_string();
    let ext = output.extension().and_then(|e| e.to_str()).map(|e| format!(".{e}")).unwrap_or_default();
    let out_tmp = tmp_beside(output, &format!(".part{ext}"))?;
    let mut rep = report.map(|r| tmp_beside(r, ".part")).transpose()?;
    let tc = Transcoder::new(input, out_tmp.path(), opts.codec, output, element.upcast_ref())?;
    let label = input.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut prog = progress::Progress::new(&label, opts.progress);
    let mut tracks = TrackTally::default();
    let mut failed = None;
    let mut total_set = false;
    let res = tc.run(|t| {
        if !total_set && let Some(si) = t.info() {
            prog.set_total(si.frames_estimate, si.fps);
            total_set = true;
        }
        prog.update(element.counts().frames_out);
        match tracks.write(element.take_tracks(), rep.as_mut(), report) {
            Ok(()) => true,
            Err(e) => {
                failed = Some(e);
                false
            }
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    res.map_err(|e| match e {
        PipelineError::Interrupted => VideoError::Interrupted,
        e => e.into(),
    })?;
    // EOS drained the look-ahead and closed every open track.
    tracks.write(element.take_tracks(), rep.as_mut(), report)?;
    prog.done();
    let counts = element.counts();
    let (frames_in, frames_out) = (counts.frames_in, tc.frames_written());
    let info = tc.info().ok_or_else(|| VideoError::Input { path: in_s.clone(), msg: "no frames".into() })?;
    let analysis = element.stats();
    drop(tc);
    if frames_out != frames_in || frames_in == 0 {
        return Err(VideoError::FrameCount { path: output.display().to_string(), frames_in, frames_out });
    }
    let seconds = t0.elapsed().as_secs_f64();
    let duration_s = if info.fps > 0.0 { frames_in as f64 / info.fps } else { 0.0 };
    let summary = VideoSummary {
        tag: "summary",
        frames: frames_in,
        width: info.width,
        height: info.height,
        fps: info.fps,
        duration_s: (duration_s * 1000.0).round() / 1000.0,
        tracks: tracks.total,
        tracks_by_kind: tracks.by_kind.clone(),
        frames_with_masks: counts.masked_frames,
        passthrough_streams: info.passthrough_streams,
        seconds: (seconds * 1000.0).round() / 1000.0,
        speed_x_realtime: ((duration_s / seconds.max(1e-9)) * 100.0).round() / 100.0,
        analysis,
    };
    if let (Some(mut f), Some(rp)) = (rep, report) {
        writeln!(f, "{}", serde_json::to_string(&summary).expect("summary serialises")).map_err(write_err(rp))?;
        f.flush().map_err(write_err(rp))?;
        crate::output::readable_like_a_new_file(f.as_file());
        f.persist(rp).map_err(|e| write_err(rp)(e.error))?;
    }
    crate::output::readable_like_a_new_file(out_tmp.as_file());
    if let Err(e) = out_tmp.persist(output) {
        if let Some(rp) = report {
            let _ = std::fs::remove_file(rp);
        }
        return Err(write_err(output)(e.error));
    }
    Ok(summary)
}

/// Finished finding tracks, written to the (temporary) report as they end, and counted.
#[derive(Default)]
struct TrackTally {
    total: u64,
    by_kind: std::collections::BTreeMap<&'static str, u64>,
}

impl TrackTally {
    fn write(&mut self, ended: Vec<Track>, rep: Option<&mut tempfile::NamedTempFile>, report: Option<&Path>) -> Result<(), VideoError> {
        for t in &ended {
            self.total += 1;
            *self.by_kind.entry(t.kind).or_insert(0) += 1;
        }
        if let (Some(f), Some(rp)) = (rep, report) {
            for t in ended {
                writeln!(f, "{}", serde_json::to_string(&t).expect("track serialises")).map_err(write_err(rp))?;
            }
        }
        Ok(())
    }
}

/// File extensions folder mode treats as recordings.
pub const VIDEO_EXTENSIONS: &[&str] = &["mp4", "m4v", "mkv", "webm", "mov", "avi", "ts", "flv"];

/// One line per recording of a folder run, and the totals.
#[derive(Debug, Default)]
pub struct BatchSummary {
    pub done: Vec<(PathBuf, VideoSummary)>,
    pub skipped: Vec<PathBuf>,
    pub failed: Vec<(PathBuf, String)>,
    /// The failures' kinds, in the same order.
    pub kinds: Vec<ErrorKind>,
}

impl BatchSummary {
    /// The failures' common kind, [`ErrorKind::Internal`] when they differ; `None` when none
    /// failed.
    pub fn kind(&self) -> Option<ErrorKind> {
        let (k, rest) = self.kinds.split_first()?;
        Some(if rest.iter().all(|x| x == k) { *k } else { ErrorKind::Internal })
    }
}

/// Redacts every recording under `input` into the same relative path under `output`.
/// Outputs that already exist are finished (they are only ever renamed into place when
/// complete), so a second run resumes where the first stopped.
pub fn redact_folder(
    tracker: &mut Option<Tracker>,
    opts: &VideoOptions,
    input: &Path,
    output: &Path,
    reports: Option<&Path>,
) -> Result<BatchSummary, VideoError> {
    let mut files = Vec::new();
    collect(input, &mut files).map_err(|e| VideoError::Input { path: input.display().to_string(), msg: e.to_string() })?;
    files.retain(|f| !f.starts_with(output) && reports.is_none_or(|r| !f.starts_with(r)));
    files.sort();
    let mut sum = BatchSummary::default();
    for f in files {
        let rel = f.strip_prefix(input).unwrap_or(&f).to_path_buf();
        let out = output.join(&rel);
        let rep = reports.map(|d| d.join(format!("{}.jsonl", rel.display())));
        if out.exists() && rep.as_ref().is_none_or(|r| r.exists()) {
            sum.skipped.push(rel);
            continue;
        }
        for p in std::iter::once(&out).chain(rep.as_ref()) {
            if let Some(d) = p.parent() {
                std::fs::create_dir_all(d).map_err(|source| OutputError::Io { path: d.display().to_string(), source })?;
            }
        }
        match redact_file(tracker, opts, &f, &out, rep.as_deref()) {
            Ok(s) => sum.done.push((rel, s)),
            Err(VideoError::Interrupted) => return Err(VideoError::Interrupted),
            Err(e) => {
                sum.kinds.push(e.kind());
                sum.failed.push((rel, e.to_string()));
            }
        }
    }
    Ok(sum)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            collect(&p, out)?;
        } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| VIDEO_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())) {
            out.push(p);
        }
    }
    Ok(())
}
