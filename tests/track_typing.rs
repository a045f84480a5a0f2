//! A value typed into a recording is found only once it is whole, after its prefixes were read
//! and judged harmless; its mask is carried back over those prefixes. Whether that reached a
//! prefix frame must not depend on how far OCR lags behind decoding: here frames are handed in
//! far faster than OCR reads (no pause at all), the slowest machine there is.

mod common;

use common::*;
use screenveil::config::Config;
use screenveil::frame::Frame;
use screenveil::geom::Rect;
use screenveil::track::Tracker;

/// Share of `r`'s pixels under the union of `masks`.
fn covered(r: Rect, masks: &[screenveil::redact::Mask]) -> f32 {
    let mut hit = 0;
    for y in r.y0..r.y1 {
        for x in r.x0..r.x1 {
            hit += usize::from(masks.iter().any(|m| m.rect.x0 <= x && x < m.rect.x1 && m.rect.y0 <= y && y < m.rect.y1));
        }
    }
    hit as f32 / r.area().max(1) as f32
}

#[test]
fn typed_prefixes_are_masked_however_far_ocr_lags() {
    let f = font(DEJAVU);
    let email = "jan@wp.pl";
    let (start, per_char) = (12usize, 3usize);
    let mut cfg = Config::default();
    cfg.video.stable_frames = 2;
    cfg.video.lookahead = 45;
    let mut t = Tracker::new(&cfg.ocr, &cfg.detect, cfg.redact, cfg.video).expect("OCR starts");
    let mut typed_at = Vec::new();
    let n = start + per_char * email.len() + 60;
    let frames: Vec<Frame> = (0..n)
        .map(|i| {
            let mut s = Screen::new(640, 160, false);
            s.line(&f, 18.0, 20, 20, &[("Team chat", false)], "eng");
            s.line(&f, 16.0, 20, 60, &[("Anna:", false), ("the deploy is done, thanks", false)], "eng");
            let right = s.line(&f, 16.0, 20, 100, &[("Write to me at", false)], "eng");
            let typed: String = email.chars().take(i.saturating_sub(start) / per_char).collect();
            let partial = !typed.is_empty() && typed.len() < email.len();
            typed_at.push(partial.then(|| s.line(&f, 16.0, right, 100, &[(&typed, true)], "eng")).map(|_| s.pieces.last().unwrap().rect));
            let mut fr = Frame::from_rgb(640, 160, s.img.into_raw()).unwrap();
            fr.pts_ns = i as u64 * 33_333_333;
            fr
        })
        .collect();
    // All frames are decoded before the first reading is back: OCR as far behind as it gets.
    let out = track_all(&mut t, frames);
    assert_eq!(out.len(), n);
    assert!(t.stats.carried_back_masks > 0, "the whole address was found and carried back: {:?}", t.stats);
    let leaked: Vec<u64> = out.iter().zip(&typed_at).filter_map(|(tf, r)| r.filter(|r| covered(*r, &tf.masks) < 0.9).map(|_| tf.index)).collect();
    assert!(leaked.is_empty(), "typed prefixes left unmasked in frames {leaked:?}");
}
