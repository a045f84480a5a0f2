//! Side-by-side throughput of incremental analysis and of the naive baseline (find and OCR
//! every region of every frame), on the same decoded frames, in one run.

use std::path::Path;
use std::time::Instant;

use serde::Serialize;

use super::VideoError;
use super::pipeline::{Codec, Transcoder};
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

/// Decodes the first `frames` frames of `input`, then times both analyses over them.
pub fn compare(cfg: Config, input: &Path, frames: u64, naive_frames: u64) -> Result<BenchResult, VideoError> {
    let tmp = tempfile::Builder::new().suffix(".mkv").tempfile().map_err(|e| VideoError::Input { path: "temp".into(), msg: e.to_string() })?;
    let mut tc = Transcoder::new(input, tmp.path(), Codec::H264, tmp.path())?;
    let t0 = Instant::now();
    let mut decoded = Vec::new();
    let mut info = None;
    while (decoded.len() as u64) < frames {
        let Some((f, _, si)) = tc.pull()? else { break };
        info.get_or_insert(si);
        decoded.push(f);
    }
    let decode_fps = decoded.len() as f64 / t0.elapsed().as_secs_f64();
    drop(tc);
    let info = info.ok_or_else(|| VideoError::Input { path: input.display().to_string(), msg: "no frames".into() })?;
    let (inc_fps, stats) = analyse(&cfg, &decoded)?;
    let mut naive = cfg.clone();
    naive.video.naive = true;
    let nn = (naive_frames as usize).min(decoded.len());
    let (naive_fps, _) = analyse(&naive, &decoded[..nn])?;
    let r = |x: f64| (x * 1000.0).round() / 1000.0;
    let xr = |fps: f64| if info.fps > 0.0 { r(fps / info.fps) } else { 0.0 };
    Ok(BenchResult {
        input: input.display().to_string(),
        width: info.width,
        height: info.height,
        fps_in: info.fps,
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
