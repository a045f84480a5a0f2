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
use crate::track::{TrackStats, Tracker};

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

/// Decodes the first `frames` frames of `input`, then times both analyses over them.
pub fn compare(cfg: Config, input: &Path, frames: u64, naive_frames: u64) -> Result<BenchResult, VideoError> {
    let t0 = Instant::now();
    let (decoded, fps) = decode(input, frames)?;
    let decode_fps = decoded.len() as f64 / t0.elapsed().as_secs_f64();
    let first = decoded.first().ok_or_else(|| VideoError::Input { path: input.display().to_string(), msg: "no frames".into() })?;
    let (width, height) = (first.width, first.height);
    let (inc_fps, stats) = analyse(&cfg, &decoded)?;
    let mut naive = cfg.clone();
    naive.video.naive = true;
    let nn = (naive_frames as usize).min(decoded.len());
    let (naive_fps, _) = analyse(&naive, &decoded[..nn])?;
    let r = |x: f64| (x * 1000.0).round() / 1000.0;
    let xr = |f: f64| if fps > 0.0 { r(f / fps) } else { 0.0 };
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
    })
}
