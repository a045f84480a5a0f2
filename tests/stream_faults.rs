//! The live path when OCR fails mid-stream, driven through the library with a reader that
//! dies or stalls on cue (no hidden command-line flags): the output must stay masked, and a
//! stall must show the privacy slate until OCR is back.

mod common;

use std::path::Path;
use std::sync::Arc;

use common::live::*;
use common::*;
use screenveil::config::Config;
use screenveil::ocr::pool::OcrPool;
use screenveil::ocr::reader::{FaultSwitch, Faults};
use screenveil::stream::{self, Source, StreamOptions, StreamStats};

/// Streams `clip` into `out` (a file) with an OCR reader whose switch `at` pulls on cue.
fn stream_with_faults(clip: &Path, out: &Path, at: impl Fn(u64, &FaultSwitch) + Send + Sync + 'static) -> StreamStats {
    let cfg = Config::default();
    let opts = StreamOptions::default();
    let (reader, switch): (_, Arc<FaultSwitch>) = Faults::new(OcrPool::new(&cfg.ocr).unwrap());
    let tracker = stream::live_tracker(&cfg, &opts, Box::new(reader)).unwrap();
    let dest = screenveil::gate::check(screenveil::gate::Destination::parse(out.to_str().unwrap()).unwrap(), None).unwrap();
    let src = Source::parse(clip.to_str().unwrap()).unwrap();
    stream::run_with(tracker, &src, &dest, &opts, Some(Box::new(move |i| at(i, &switch)))).unwrap()
}

#[test]
fn ocr_workers_dying_mid_stream_keep_the_output_masked() {
    let dir = tempfile::tempdir().unwrap();
    let (clip, secret, label) = clip_with_late_secret(dir.path(), 3.0);
    let out = dir.path().join("live.mkv");
    // Workers die at frame 20; the secret appears at frame 45 and can never be read.
    let st = stream_with_faults(&clip, &out, |i, sw| {
        if i == 20 {
            sw.kill()
        }
    });
    let frames = decode(&out, 1280, 720);
    assert_eq!(frames.len() as u64, st.frames);
    assert!(frames.len() >= 120, "frames keep flowing: {}", frames.len());
    assert_no_leak(&frames[40..], &[&secret], &label, 3);
    // Before the failure the screen was analysed and shown.
    assert!(assert_no_leak(&frames[..15], &[], &label, 5) > 0);
}

#[test]
fn stalled_analysis_shows_the_privacy_slate_until_it_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let (clip, secret, label) = clip_with_late_secret(dir.path(), 6.0);
    let out = dir.path().join("live.mkv");
    // OCR is held from frame 30 (1 s) for 3.5 s; the secret appears at 1.5 s, so its regions
    // wait unanalysed: masked at first, then (no reading for 1.5 s) the slate, then normal
    // frames with the secret found once OCR is back.
    let st = stream_with_faults(&clip, &out, |i, sw| {
        if i == 30 {
            sw.stall_for(3500)
        }
    });
    let frames = decode(&out, 1280, 720);
    assert!(frames.len() >= 210, "frames keep flowing: {}", frames.len());
    let slates: Vec<usize> = (0..frames.len()).filter(|&i| is_slate(&frames[i])).collect();
    assert!(slates.len() >= 10 && st.slate_frames >= 10, "slate shown: {} frames, {} counted", slates.len(), st.slate_frames);
    assert!(!is_slate(&frames[0]) && !is_slate(frames.last().unwrap()), "slate only while stalled");
    let mid = &frames[slates[slates.len() / 2]];
    let band = screenveil::geom::Rect { x0: 0, y0: 300, x1: 1280, y1: 420 };
    let said = read_back(mid, band, "eng");
    assert!(similarity(&said, "PAUSED FOR PRIVACY") >= 0.6, "slate says why: {said:?}");
    assert_no_leak(&frames, &[&secret], &label, 1);
    // Recovered: the last second shows the screen again, label readable, secret masked.
    assert!(assert_no_leak(&frames[frames.len() - 30..], &[&secret], &label, 5) > 0, "recovered");
}
