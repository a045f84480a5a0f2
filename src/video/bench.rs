//! Side-by-side throughput of incremental analysis and of the naive baseline (find and OCR
//! every region of every frame), on the same decoded frames, in one run.

use std::path::Path;
use std::time::Instant;

use serde::Serialize;

use gstreamer as gst;
use gstreamer::prelude::*;

use super::VideoError;
use super::pipeline::PipelineError;
use crate::config::Config;
use crate::frame::Frame;
use crate::track::profile::StageTimes;
use crate::track::{TrackStats, Tracker};

use super::pipeline::{Codec, encoder_chain};
use super::progress::cpu_seconds;

#[derive(Debug, Serialize)]
pub struct BenchResult {
    pub input: String,
    pub width: u32,
    pub height: u32,
    pub fps_in: f64,
    pub decode_fps: f64,
    pub incremental_frames: u64,
    pub incremental_fps: f64,
    pub incremental_x_realtime: f64,
    pub incremental_stats: TrackStats,
    pub naive_frames: u64,
    pub naive_fps: f64,
    pub naive_x_realtime: f64,
    /// incremental_fps / naive_fps
    pub speedup: f64,
    /// Where a frame's time goes (CPU milliseconds per frame, each stage measured alone).
    pub ms_per_frame: Profile,
    /// The whole `screenveil video` run on the same recording (decode, element, encode, mux
    /// overlapping on every core), when asked for.
    pub end_to_end: Option<EndToEnd>,
}

/// CPU milliseconds per frame by stage: decoding and encoding timed on their own over the
/// same frames, the tracker's stages from its own clocks (OCR summed over its workers).
#[derive(Debug, Serialize)]
pub struct Profile {
    pub decode_ms: f64,
    pub encode_ms: f64,
    #[serde(flatten)]
    pub tracker: StageTimes,
    /// Naive baseline: every region of every frame found and read (wall ms per frame).
    pub naive_ms: f64,
}

#[derive(Debug, Serialize)]
pub struct EndToEnd {
    pub frames: u64,
    pub seconds: f64,
    pub x_realtime: f64,
    pub cpu_percent: f64,
}

fn analyse(cfg: &Config, frames: &[Frame]) -> Result<(f64, TrackStats), VideoError> {
    let mut t = Tracker::new(&cfg.ocr, &cfg.detect, cfg.redact.clone(), cfg.video.clone())?;
    let t0 = Instant::now();
    let mut n = 0;
    for f in frames {
        t.send_frame(f.clone())?;
        while t.receive_frame()?.is_some() {
            n += 1;
        }
    }
    t.flush()?;
    while t.receive_frame()?.is_some() {
        n += 1;
    }
    assert_eq!(n, frames.len(), "every frame comes back");
    Ok((frames.len() as f64 / t0.elapsed().as_secs_f64(), t.stats.clone()))
}

/// The first `max` frames of `input` as RGB, upright, and the frame rate: the benchmark
/// times analysis alone, so frames are decoded into memory first.
fn decode(input: &Path, max: u64) -> Result<(Vec<Frame>, f64), VideoError> {
    super::pipeline::init_gst().map_err(|e| PipelineError::Init(e.to_string()))?;
    let loc = input.to_str().ok_or_else(|| VideoError::Input { path: input.display().to_string(), msg: "not a UTF-8 path".into() })?;
    let desc =
        "filesrc name=src ! decodebin ! videoconvert ! videoflip video-direction=auto ! videoconvert ! video/x-raw,format=RGB ! appsink name=sink sync=false";
    let bad = |msg: String| VideoError::Input { path: input.display().to_string(), msg };
    let pipeline = gst::parse::launch(desc).map_err(|e| bad(e.to_string()))?.downcast::<gst::Bin>().map_err(|_| bad("not a bin".into()))?;
    pipeline.by_name("src").ok_or_else(|| bad("no source".into()))?.set_property("location", loc);
    let sink = pipeline.by_name("sink").and_then(|s| s.downcast::<gstreamer_app::AppSink>().ok()).ok_or_else(|| bad("no sink".into()))?;
    pipeline.set_state(gst::State::Playing).map_err(|e| bad(e.to_string()))?;
    let (mut frames, mut fps) = (Vec::new(), 0.0);
    while (frames.len() as u64) < max {
        let Ok(sample) = sink.pull_sample() else { break };
        let (Some(caps), Some(buf)) = (sample.caps(), sample.buffer()) else { break };
        let info = gstreamer_video::VideoInfo::from_caps(caps).map_err(|e| bad(e.to_string()))?;
        let f = info.fps();
        fps = if f.denom() > 0 { f.numer() as f64 / f.denom() as f64 } else { 0.0 };
        let map = buf.map_readable().map_err(|e| bad(e.to_string()))?;
        let mut frame =
            Frame::from_strided(info.width(), info.height(), info.stride()[0] as usize, info.offset()[0], &map).ok_or_else(|| bad("short buffer".into()))?;
        frame.pts_ns = buf.pts().map_or(0, |t| t.nseconds());
        frames.push(frame);
    }
    let _ = pipeline.set_state(gst::State::Null);
    Ok((frames, fps))
}

/// CPU seconds to encode `frames` with the recordings' encoder (H.264, the settings
/// `screenveil video` uses), frames handed in from memory.
fn encode(frames: &[Frame], fps: f64) -> Result<f64, VideoError> {
    let Some(first) = frames.first() else { return Ok(0.0) };
    let bad = |msg: String| VideoError::Pipeline(PipelineError::Init(msg));
    let pipeline = gst::Pipeline::new();
    let caps = gstreamer_video::VideoInfo::builder(gstreamer_video::VideoFormat::Rgb, first.width, first.height)
        .fps(gst::Fraction::new((fps.round() as i32).max(1), 1))
        .build()
        .and_then(|i| i.to_caps())
        .map_err(|e| bad(e.to_string()))?;
    let src = gstreamer_app::AppSrc::builder().caps(&caps).format(gst::Format::Time).block(true).build();
    let conv = gst::ElementFactory::make("videoconvert").build().map_err(|e| bad(e.to_string()))?;
    let sink = gst::ElementFactory::make("fakesink").property("sync", false).build().map_err(|e| bad(e.to_string()))?;
    let enc = encoder_chain(Codec::H264)?;
    let mut chain: Vec<&gst::Element> = vec![src.upcast_ref(), &conv];
    chain.extend(enc.iter());
    chain.push(&sink);
    pipeline.add_many(chain.iter().copied()).map_err(|e| bad(e.to_string()))?;
    gst::Element::link_many(chain.iter().copied()).map_err(|e| bad(e.to_string()))?;
    pipeline.set_state(gst::State::Playing).map_err(|e| bad(e.to_string()))?;
    let step = 1e9 / fps.max(1.0);
    let cpu0 = cpu_seconds();
    for (i, f) in frames.iter().enumerate() {
        let mut b = gst::Buffer::from_slice(f.data.clone());
        b.get_mut().expect("new buffer").set_pts(gst::ClockTime::from_nseconds((i as f64 * step) as u64));
        if src.push_buffer(b).is_err() {
            break;
        }
    }
    let _ = src.end_of_stream();
    let bus = pipeline.bus().ok_or_else(|| bad("no bus".into()))?;
    let _ = bus.timed_pop_filtered(gst::ClockTime::from_seconds(120), &[gst::MessageType::Eos, gst::MessageType::Error]);
    let cpu = cpu_seconds() - cpu0;
    let _ = pipeline.set_state(gst::State::Null);
    Ok(cpu)
}

/// CPU seconds to decode the first `max` frames of `input` into RGB, frames dropped (keeping
/// them in memory, as the analysis timings need, costs page faults that are no decoding).
fn decode_cost(input: &Path, max: u64) -> Result<f64, VideoError> {
    let loc = input.to_str().ok_or_else(|| VideoError::Input { path: input.display().to_string(), msg: "not a UTF-8 path".into() })?;
    let bad = |msg: String| VideoError::Input { path: input.display().to_string(), msg };
    let desc = format!(
        "filesrc name=src ! decodebin ! videoconvert ! videoflip video-direction=auto ! videoconvert ! video/x-raw,format=RGB ! identity eos-after={} ! fakesink sync=false",
        max.clamp(1, i32::MAX as u64)
    );
    let pipeline = gst::parse::launch(&desc).map_err(|e| bad(e.to_string()))?.downcast::<gst::Bin>().map_err(|_| bad("not a bin".into()))?;
    pipeline.by_name("src").ok_or_else(|| bad("no source".into()))?.set_property("location", loc);
    let cpu0 = cpu_seconds();
    pipeline.set_state(gst::State::Playing).map_err(|e| bad(e.to_string()))?;
    let bus = pipeline.bus().ok_or_else(|| bad("no bus".into()))?;
    let _ = bus.timed_pop_filtered(gst::ClockTime::from_seconds(300), &[gst::MessageType::Eos, gst::MessageType::Error]);
    let cpu = cpu_seconds() - cpu0;
    let _ = pipeline.set_state(gst::State::Null);
    Ok(cpu)
}

/// The whole `screenveil video` run of `input` into a temporary file.
fn end_to_end(cfg: &Config, input: &Path) -> Result<EndToEnd, VideoError> {
    let dir = tempfile::tempdir().map_err(|e| VideoError::Input { path: input.display().to_string(), msg: e.to_string() })?;
    let out = dir.path().join("bench.mkv");
    let mut tracker = Some(Tracker::new(&cfg.ocr, &cfg.detect, cfg.redact.clone(), cfg.video.clone())?);
    let (t0, cpu0) = (Instant::now(), cpu_seconds());
    let s = super::redact_file(&mut tracker, &super::VideoOptions { codec: Codec::H264, progress: false }, input, &out, None)?;
    let (secs, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - cpu0);
    let r = |x: f64| (x * 1000.0).round() / 1000.0;
    Ok(EndToEnd { frames: s.frames, seconds: r(secs), x_realtime: r(s.duration_s / secs), cpu_percent: (cpu / secs * 1000.0).round() / 10.0 })
}

/// Decodes the first `frames` frames of `input`, then times both analyses over them, the
/// encoder over them, and, with `whole`, the complete run.
pub fn compare(cfg: Config, input: &Path, frames: u64, naive_frames: u64, whole: bool) -> Result<BenchResult, VideoError> {
    let t0 = Instant::now();
    let (decoded, fps) = decode(input, frames)?;
    let decode_fps = decoded.len() as f64 / t0.elapsed().as_secs_f64();
    let decode_cpu = decode_cost(input, decoded.len() as u64)?;
    let first = decoded.first().ok_or_else(|| VideoError::Input { path: input.display().to_string(), msg: "no frames".into() })?;
    let (width, height) = (first.width, first.height);
    let (inc_fps, stats) = analyse(&cfg, &decoded)?;
    let mut naive = cfg.clone();
    naive.video.naive = true;
    let nn = (naive_frames as usize).min(decoded.len());
    let (naive_fps, _) = analyse(&naive, &decoded[..nn])?;
    let encode_cpu = encode(&decoded, fps)?;
    let end_to_end = if whole { Some(end_to_end(&cfg, input)?) } else { None };
    let r = |x: f64| (x * 1000.0).round() / 1000.0;
    let xr = |f: f64| if fps > 0.0 { r(f / fps) } else { 0.0 };
    let n = decoded.len().max(1) as f64;
    let ms_per_frame = Profile {
        decode_ms: r(decode_cpu * 1000.0 / n),
        encode_ms: r(encode_cpu * 1000.0 / n),
        tracker: stats.time.per_frame(stats.frames),
        naive_ms: r(1000.0 / naive_fps),
    };
    Ok(BenchResult {
        input: input.display().to_string(),
        width,
        height,
        fps_in: fps,
        decode_fps: r(decode_fps),
        incremental_frames: decoded.len() as u64,
        incremental_fps: r(inc_fps),
        incremental_x_realtime: xr(inc_fps),
        incremental_stats: stats,
        naive_frames: nn as u64,
        naive_fps: r(naive_fps),
        naive_x_realtime: xr(naive_fps),
        speedup: r(inc_fps / naive_fps),
        ms_per_frame,
        end_to_end,
    })
}

/// The benchmark in a few lines for a terminal: speeds side by side, then the profile.
pub fn summary(r: &BenchResult) -> String {
    let p = &r.ms_per_frame;
    let t = &p.tracker;
    let mut out = format!(
        "{}x{} @ {:.0} fps, {} frames: incremental {:.2}x real time, naive {:.3}x ({} frames), ratio {:.1}x\n",
        r.width, r.height, r.fps_in, r.incremental_frames, r.incremental_x_realtime, r.naive_x_realtime, r.naive_frames, r.speedup
    );
    if let Some(e) = &r.end_to_end {
        out.push_str(&format!("whole run: {} frames in {:.2} s, {:.2}x real time, CPU {:.0} %\n", e.frames, e.seconds, e.x_realtime, e.cpu_percent));
    }
    let stages = [
        ("decode", p.decode_ms),
        ("grey", t.gray_ms),
        ("change+scroll", t.change_ms),
        ("region search", t.search_ms),
        ("keys+crops", t.keys_ms),
        ("OCR (workers)", t.ocr_ms),
        ("detect", t.detect_ms),
        ("mask", t.mask_ms),
        ("encode", p.encode_ms),
    ];
    let total: f64 = stages.iter().map(|s| s.1).sum();
    out.push_str("CPU ms per frame:");
    for (name, ms) in stages {
        out.push_str(&format!("  {name} {ms:.2} ({:.0} %)", ms / total.max(1e-9) * 100.0));
    }
    out.push_str(&format!(
        "\n  total {total:.1} ms/frame ({:.2}x real time on one core); waiting for OCR {:.2}; naive {:.0} ms/frame",
        1000.0 / r.fps_in.max(1.0) / total.max(1e-9),
        t.wait_ms,
        p.naive_ms
    ));
    let st = &r.incremental_stats;
    out.push_str(&format!("\n  lines read: {} ({} of them from the glyph book), readings reused {}", st.ocr_reads, st.book_reads, st.reused_readings));
    out
}
