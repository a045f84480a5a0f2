//! Live redaction between a source (OBS over SRT, the screen, a file, a test pattern) and a
//! destination the publish gate approved.
//!
//! Health gate: frames wait in a bounded delay line (`delay_ms`) for their analysis; a frame
//! whose readings are not done when its time is up leaves with those regions masked; when
//! the loop falls behind it masks changed bands whole instead of searching them (overload);
//! when OCR has stalled (no reading for `stall_ms`) frames are replaced by a "paused for
//! privacy" slate until it recovers. Frames keep flowing, so the platform connection stays.

pub mod pipes;
pub mod profile;
pub mod reach;

use std::collections::VecDeque;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use gstreamer as gst;
use gstreamer::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::engine::EngineError;
use crate::frame::Frame;
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
    /// OCR silent this long → slate.
    pub stall_ms: u32,
    /// Diagnostics/tests: make every OCR worker die after this many frames.
    pub kill_ocr_after: Option<u64>,
    /// Diagnostics/tests: at this frame, hold every OCR worker for the given milliseconds.
    pub stall_ocr: Option<(u64, u64)>,
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
        StreamOptions { delay_ms: 200, fps: 30, bitrate_kbps: 6000, seconds: None, stall_ms: 1500, kill_ocr_after: None, stall_ocr: None }
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

fn cpu_seconds() -> f64 {
    // SAFETY: getrusage fills the struct we own.
    unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut u);
        (u.ru_utime.tv_sec + u.ru_stime.tv_sec) as f64 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) as f64 / 1e6
    }
}

fn bus_error(p: &gst::Pipeline) -> Option<String> {
    let bus = p.bus()?;
    while let Some(m) = bus.pop_filtered(&[gst::MessageType::Error, gst::MessageType::Eos]) {
        match m.view() {
            gst::MessageView::Error(e) => return Some(crate::gate::scrub(&e.error().to_string())),
            gst::MessageView::Eos(_) => return Some("end of stream".into()),
            _ => {}
        }
    }
    None
}

/// Where the live frames of a run went; the temporary file of a file destination.
struct Out {
    sink: pipes::SinkPipe,
    /// Size every frame is fitted to (the first frame's; the encoder's caps are fixed).
    size: (u32, u32),
    tmp: Option<tempfile::NamedTempFile>,
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

/// Runs until the source ends, `seconds` pass, or Ctrl-C.
pub fn run(mut cfg: Config, src: &Source, dest: &Approved, opts: &StreamOptions) -> Result<StreamStats, StreamError> {
    preflight(src, dest, opts)?;
    let _claim = match dest.destination() {
        crate::gate::Destination::File(p) => Some(crate::output::claim(p)?),
        _ => None,
    };
    pipes::init()?;
    let fps = opts.fps;
    let frame_ns = 1_000_000_000u64 / fps as u64;
    let delay_frames = ((opts.delay_ms as u64 * fps as u64) / 1000).max(1) as usize;
    cfg.video.lookahead = delay_frames;
    cfg.video.stable_frames = cfg.video.stable_frames.min(delay_frames).max(1);
    cfg.video.mask_pending = true;
    // The hidden diagnostics (`--kill-ocr-after`, `--stall-ocr`) act on this run's reader only.
    let (reader, faults) = crate::ocr::reader::Faults::new(crate::ocr::pool::OcrPool::new(&cfg.ocr).map_err(EngineError::from)?);
    let mut tracker = Tracker::with_reader(Box::new(reader), &cfg.detect, cfg.redact, cfg.video)?;
    let source = pipes::source(src, fps)?;
    let (src_pipe, appsink) = (&source.pipeline, &source.frames);
    src_pipe.set_state(gst::State::Playing).map_err(|e| StreamError::Source(bus_error(src_pipe).unwrap_or_else(|| e.to_string())))?;
    let mut out: Option<Out> = None;
    let mut sound = AudioLine::default();
    let mut stats = StreamStats::default();
    let mut clock = Clock::default();
    let (t0, cpu0) = (Instant::now(), cpu_seconds());
    // `--seconds` bounds the run in wall-clock time (a source that never sends still ends),
    // and the output in frames (a file source read faster than real time ends on time).
    let deadline = opts.seconds.map(|s| t0 + Duration::from_secs_f64(s));
    let max_frames = opts.seconds.map(|s| (s * fps as f64).round() as u64);
    let mut index = 0u64;
    let mut last_busy = Duration::ZERO;
    let result = loop {
        let out_of_time = deadline.is_some_and(|d| Instant::now() >= d) || max_frames.is_some_and(|m| stats.frames >= m);
        if crate::video::INTERRUPTED.load(Ordering::SeqCst) || out_of_time {
            break Ok(());
        }
        sound.pull(source.audio.as_ref());
        let Some(sample) = appsink.try_pull_sample(gst::ClockTime::from_mseconds(100)) else {
            if appsink.is_eos() {
                break Ok(());
            }
            // A recording shows its first frame at once; one that has shown none by now has
            // no video (a live source may wait for its sender as long as it likes).
            if let (None, Source::File(f)) = (&out, src)
                && t0.elapsed() > FIRST_FRAME_FROM_FILE
            {
                break Err(StreamError::Source(format!("{}: no video stream", crate::gate::printable(&f.display().to_string()))));
            }
            if let Some(e) = bus_error(src_pipe) {
                break Err(StreamError::Source(e));
            }
            continue;
        };
        let t_in = Instant::now();
        let Some(frame) = sample_frame(&sample) else {
            continue;
        };
        if out.is_none() {
            let tmp = match dest.destination() {
                crate::gate::Destination::File(p) => {
                    let ext = p.extension().and_then(|e| e.to_str()).map(|e| format!(".part.{e}")).unwrap_or_else(|| ".part".into());
                    Some(crate::output::temp_beside(p, &ext)?)
                }
                _ => None,
            };
            let s = pipes::sink(dest, tmp.as_ref().map(|t| t.path()), frame.width, frame.height, fps, opts.bitrate_kbps, source.has_audio())?;
            // The bus says why a sink would not start ("Cannot identify device"), the state
            // change only that it did not.
            s.pipeline.set_state(gst::State::Playing).map_err(|e| StreamError::Sink {
                dest: dest.destination().display(),
                msg: bus_error(&s.pipeline).unwrap_or_else(|| crate::gate::scrub(&e.to_string())),
            })?;
            stats.width = frame.width;
            stats.height = frame.height;
            stats.audio = s.audio.is_some();
            // The first frame is time 0 of the output; sound before it is dropped.
            sound.base = Some(sample.buffer().and_then(|b| b.pts()).map_or(0, |t| t.nseconds()));
            out = Some(Out { sink: s, size: (frame.width, frame.height), tmp });
        }
        let o = out.as_ref().expect("sink started");
        if opts.kill_ocr_after == Some(index) {
            faults.kill();
        }
        if let Some((at, ms)) = opts.stall_ocr.filter(|(at, _)| *at == index) {
            tracing::info!(frame = at, ms, "holding OCR workers (diagnostic)");
            faults.stall_for(ms);
        }
        // Behind real time (frames leave later than the delay line allows, or one frame took
        // longer than a frame interval): search less, mask more, until latency is back.
        let late = clock.lat.last().is_some_and(|&ms| ms > opts.delay_ms as f64 + 1000.0 / fps as f64);
        tracker.set_overloaded(late || last_busy > Duration::from_nanos(frame_ns));
        // A source that changes size mid-stream (a window capture resized, a new OBS canvas)
        // is fitted to the size the encoder was started with, before analysis, so what is
        // analysed is exactly what leaves.
        let mut frame = frame.fitted(o.size.0, o.size.1);
        frame.pts_ns = index * frame_ns;
        index += 1;
        clock.arrived.push_back(t_in);
        tracker.send_frame(frame)?;
        send_ready(&mut tracker, o, &mut sound, &mut stats, &mut clock, opts, dest)?;
        last_busy = t_in.elapsed();
        if let Some(e) = bus_error(&o.sink.pipeline) {
            break Err(StreamError::Sink { dest: dest.destination().display(), msg: e });
        }
    };
    // A source that ended (a file) still has frames in the delay line: send them too.
    let result = result.and_then(|()| {
        let Some(o) = out.as_ref() else { return Ok(()) };
        tracker.flush()?;
        sound.pull(source.audio.as_ref());
        send_ready(&mut tracker, o, &mut sound, &mut stats, &mut clock, opts, dest)
    });
    let _ = src_pipe.set_state(gst::State::Null);
    let finished = match out {
        Some(o) => finish(o, dest, result.is_ok()),
        None => Ok(()),
    };
    result?;
    finished?;
    if stats.frames == 0 {
        return Err(StreamError::Source("no video arrived from the source".into()));
    }
    stats.wall_seconds = (t0.elapsed().as_secs_f64() * 100.0).round() / 100.0;
    stats.cpu_percent = ((cpu_seconds() - cpu0) / t0.elapsed().as_secs_f64() * 1000.0).round() / 10.0;
    stats.added_latency_ms_p50 = percentile(&mut clock.lat, 0.5);
    stats.added_latency_ms_p99 = percentile(&mut clock.lat, 0.99);
    stats.added_latency_ms_max = percentile(&mut clock.lat, 1.0);
    stats.analysis = tracker.stats.clone();
    Ok(stats)
}

/// When each queued frame arrived, and how long each that left had waited (ms).
#[derive(Default)]
struct Clock {
    arrived: VecDeque<Instant>,
    lat: Vec<f64>,
}

/// Sends every frame the tracker lets go (the slate instead while OCR is stalled).
fn send_ready(
    tracker: &mut Tracker,
    o: &Out,
    sound: &mut AudioLine,
    stats: &mut StreamStats,
    clock: &mut Clock,
    opts: &StreamOptions,
    dest: &Approved,
) -> Result<(), StreamError> {
    let frame_ns = 1_000_000_000u64 / opts.fps as u64;
    let stalled = tracker.ocr_stalled(Duration::from_millis(opts.stall_ms as u64));
    while let Some(tf) = tracker.receive_frame()? {
        let frame = leaving(stats, tf, stalled);
        emit(&o.sink, sound, &frame, frame_ns, dest)?;
        if let Some(t) = clock.arrived.pop_front() {
            clock.lat.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    Ok(())
}

/// Counts the path a frame leaves on and returns what is sent: the slate while OCR is stalled.
fn leaving(stats: &mut StreamStats, tf: crate::track::TrackedFrame, stalled: bool) -> Frame {
    stats.frames += 1;
    if stalled {
        stats.slate_frames += 1;
        return crate::element::slate::slate(tf.frame.width, tf.frame.height, tf.frame.pts_ns);
    }
    if tf.overloaded {
        stats.overloaded_frames += 1;
    } else {
        stats.analysed_frames += 1;
    }
    tf.frame
}

/// Ends the sink: end-of-stream, wait for it to be written, and for a file, rename the
/// temporary file into place. An error on the sink's bus (a refused or dropped connection, a
/// full disk) is the run's error: a stream that did not reach its destination never exits 0.
fn finish(o: Out, dest: &Approved, ok: bool) -> Result<(), StreamError> {
    let p = &o.sink.pipeline;
    let _ = o.sink.frames.end_of_stream();
    if let Some(a) = &o.sink.audio {
        let _ = a.end_of_stream();
    }
    let err = |msg: String| StreamError::Sink { dest: dest.destination().display(), msg };
    let mut res = Ok(());
    if let Some(bus) = p.bus() {
        match bus.timed_pop_filtered(gst::ClockTime::from_seconds(10), &[gst::MessageType::Eos, gst::MessageType::Error]).as_ref().map(|m| m.view()) {
            Some(gst::MessageView::Error(e)) => res = Err(err(crate::gate::scrub(&e.error().to_string()))),
            Some(_) => {}
            None => res = Err(err("the output did not finish within 10 s".into())),
        }
    }
    let _ = p.set_state(gst::State::Null);
    res?;
    if let (Some(tmp), crate::gate::Destination::File(path), true) = (o.tmp, dest.destination(), ok) {
        crate::output::readable_like_a_new_file(tmp.as_file());
        tmp.persist(path).map_err(|e| crate::output::OutputError::Io { path: path.display().to_string(), source: e.error })?;
    }
    Ok(())
}

/// Sound waits beside the delay line: a buffer is sent once the picture up to its time has
/// been sent, so the muxer receives both in order and sound stays in sync with the delayed
/// picture.
#[derive(Default)]
struct AudioLine {
    /// Source time of the first frame (output time 0).
    base: Option<u64>,
    queue: VecDeque<gst::Buffer>,
}

impl AudioLine {
    /// Takes what the source has decoded, without waiting.
    fn pull(&mut self, from: Option<&gstreamer_app::AppSink>) {
        let Some(a) = from else { return };
        while let Some(s) = a.try_pull_sample(gst::ClockTime::ZERO) {
            if let Some(b) = s.buffer_owned() {
                self.queue.push_back(b);
            }
        }
        // No picture yet (the source has not started video): keep the last ~10 s only.
        if self.base.is_none() {
            while self.queue.len() > 1000 {
                self.queue.pop_front();
            }
        }
    }

    /// Sends the sound up to `until_ns` of output time (or drops it when the destination
    /// takes none).
    fn send_until(&mut self, to: Option<&gstreamer_app::AppSrc>, until_ns: u64) -> Result<(), String> {
        let Some(base) = self.base else { return Ok(()) };
        while let Some(b) = self.queue.front() {
            let Some(pts) = b.pts().map(|t| t.nseconds()) else {
                self.queue.pop_front();
                continue;
            };
            if pts >= base && pts - base >= until_ns {
                break;
            }
            let mut b = self.queue.pop_front().expect("front exists");
            if pts < base {
                continue;
            }
            b.make_mut().set_pts(gst::ClockTime::from_nseconds(pts - base));
            if let Some(a) = to {
                a.push_buffer(b).map_err(|e| format!("{e:?}"))?;
            }
        }
        Ok(())
    }
}

fn sample_frame(sample: &gst::Sample) -> Option<Frame> {
    let info = gstreamer_video::VideoInfo::from_caps(sample.caps()?).ok()?;
    let buf = sample.buffer()?.map_readable().ok()?;
    Frame::from_strided(info.width(), info.height(), info.stride()[0] as usize, info.offset()[0], &buf)
}

/// Sends one frame out, then the sound up to its end.
fn emit(sp: &pipes::SinkPipe, sound: &mut AudioLine, f: &Frame, frame_ns: u64, dest: &Approved) -> Result<(), StreamError> {
    let err = |msg: String| StreamError::Sink { dest: dest.destination().display(), msg };
    push(&sp.frames, f, frame_ns).map_err(|msg| err(bus_error(&sp.pipeline).unwrap_or(msg)))?;
    sound.send_until(sp.audio.as_ref(), f.pts_ns + frame_ns).map_err(err)
}

fn push(appsrc: &gstreamer_app::AppSrc, f: &Frame, frame_ns: u64) -> Result<(), String> {
    // GStreamer's RGB rows are padded to 4 bytes.
    let stride = (f.width as usize * 3 + 3) & !3;
    let data = f.to_strided(stride, stride * f.height as usize);
    let mut b = gst::Buffer::from_mut_slice(data);
    {
        let b = b.get_mut().expect("new buffer");
        b.set_pts(gst::ClockTime::from_nseconds(f.pts_ns));
        b.set_duration(gst::ClockTime::from_nseconds(frame_ns));
    }
    appsrc.push_buffer(b).map(|_| ()).map_err(|e| format!("{e:?}"))
}
