//! The live tracker under overload, deterministically: the secrets appear and every frame from
//! then on is analysed in overload mode, so their first readings land while frames leave late.
//! Every frame must leave with the secrets masked: overload masks more, never less.

mod common;

use common::*;
use screenveil::config::Config;
use screenveil::frame::Frame;
use screenveil::track::Tracker;

fn frame(s: &Screen) -> Frame {
    Frame::from_rgb(s.img.width(), s.img.height(), s.img.as_raw().clone()).unwrap()
}

#[test]
fn readings_that_land_during_overload_are_still_detected() {
    let f = font(DEJAVU);
    let mut plain = Screen::new(960, 320, false);
    plain.line(&f, 20.0, 30, 30, &[("Weekly report", false)], "eng");
    let mut secret = Screen::new(960, 320, false);
    secret.line(&f, 20.0, 30, 30, &[("Weekly report", false)], "eng");
    secret.line(&f, 20.0, 30, 110, &[("E-mail:", false), ("agnieszka.wisniewska@firma.pl", true)], "eng");
    secret.line(&f, 20.0, 30, 170, &[("Hasło:", false), ("Zima2024!Kot", true)], "eng");
    let secrets: Vec<Piece> = secret.pieces.iter().filter(|p| p.sensitive).cloned().collect();

    let mut cfg = Config::default();
    cfg.video.lookahead = 6;
    cfg.video.stable_frames = 3;
    cfg.video.mask_pending = true;
    let mut t = Tracker::new(&cfg.ocr, &cfg.detect, cfg.redact, cfg.video).expect("OCR starts");
    let mut out = Vec::new();
    for i in 0..90u64 {
        let s = if i < 10 { &plain } else { &secret };
        // From the moment the secrets appear the loop is "behind real time" for good.
        t.set_overloaded(i >= 10);
        let mut fr = frame(s);
        fr.pts_ns = i * 33_333_333;
        t.send_frame(fr).unwrap();
        while let Some(tf) = t.receive_frame().unwrap() {
            out.push(tf);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    t.flush().unwrap();
    while let Some(tf) = t.receive_frame().unwrap() {
        out.push(tf);
    }
    assert_eq!(out.len(), 90);
    assert!(t.stats.ocr_reads > 0, "the secrets were read during overload: {:?}", t.stats);
    // Every frame from the secrets' appearance on is read back.
    for tf in &out[10..] {
        assert!(tf.overloaded, "frame {} analysed in overload mode", tf.index);
        let img = image::RgbImage::from_raw(tf.frame.width, tf.frame.height, tf.frame.data.clone()).unwrap();
        for p in &secrets {
            let got = read_back(&img, p.rect, "eng");
            assert!(similarity(&got, &p.text) < 0.5, "frame {}: {:?} reads as {got:?}", tf.index, p.text);
        }
    }
}

/// A line scrolling in at the bottom edge shows a sliver of its glyphs before the region
/// search can find it: every frame's changed ink in the edge rows leaves masked.
#[test]
fn a_line_scrolling_in_at_the_edge_is_masked_from_its_first_pixels() {
    let f = font(DEJAVU);
    let (w, h) = (640u32, 200u32);
    let mut cfg = Config::default();
    cfg.video.lookahead = 6;
    cfg.video.stable_frames = 3;
    let mut t = Tracker::new(&cfg.ocr, &cfg.detect, cfg.redact, cfg.video).expect("OCR starts");
    let mut inputs = Vec::new();
    let frames: Vec<Frame> = (0..24i32)
        .map(|i| {
            let mut s = Screen::new(w, h, false);
            s.line(&f, 18.0, 30, 20, &[("Customers", false)], "eng");
            // One pixel a frame up from below the edge.
            s.line(&f, 18.0, 30, h as i32 - i, &[("jan.kowalski@example.pl", false)], "eng");
            let mut fr = frame(&s);
            fr.pts_ns = i as u64 * 33_333_333;
            inputs.push(s.img);
            fr
        })
        .collect();
    let out = track_all(&mut t, frames);
    assert_eq!(out.len(), 24);
    let mut checked = 0;
    for (k, tf) in out.iter().enumerate().skip(1) {
        let (a, b) = (&inputs[k], image::RgbImage::from_raw(w, h, tf.frame.data.clone()).unwrap());
        // Ink in the bottom rows of the input (dark pixels) that is still there in the output.
        let ink = |img: &image::RgbImage, x: u32, y: u32| img.get_pixel(x, y)[0] < 128;
        let (mut inked, mut kept) = (0, 0);
        for y in h - 6..h {
            for x in 0..w {
                if ink(a, x, y) {
                    inked += 1;
                    kept += (b.get_pixel(x, y) == a.get_pixel(x, y)) as u32;
                }
            }
        }
        if inked > 0 {
            checked += 1;
            assert!(kept * 10 <= inked, "frame {k}: {kept} of {inked} ink pixels of the edge rows left as they were");
        }
    }
    assert!(checked >= 3, "the line's first rows reached the edge rows in {checked} frames");
}
