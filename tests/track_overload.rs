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
    let mut t = Tracker::new(cfg).expect("OCR starts");
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
