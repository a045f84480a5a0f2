//! The `screenveil` GStreamer element in-process (gst_check::Harness) and through
//! gst-launch-1.0 with the built plugin: real tesseract, real GStreamer, rendered screens.

mod common;

use std::process::Command;

use common::*;
use gstreamer as gst;
use gstreamer::prelude::*;
use gstreamer_check::Harness;
use image::RgbImage;

fn init() {
    gst::init().unwrap();
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| screenveil::element::register(None).unwrap());
}

const W: u32 = 640;
const H: u32 = 200;
const FPS: i32 = 10;

/// A form with a label, an e-mail under its label and a password: what must go and what stays.
fn form() -> (Screen, Piece, Piece, Piece) {
    let f = font(DEJAVU);
    let mut s = Screen::new(W, H, false);
    s.line(&f, 22.0, 20, 20, &[("Weekly report", false)], "eng");
    s.line(&f, 20.0, 20, 80, &[("E-mail:", false), ("agnieszka.wisniewska@firma.pl", true)], "eng");
    s.line(&f, 20.0, 20, 140, &[("Password:", false), ("Zima2024!Kot", true)], "eng");
    let (label, mail, pass) = (s.pieces[0].clone(), s.pieces[2].clone(), s.pieces[4].clone());
    (s, label, mail, pass)
}

fn buffer(img: &RgbImage, i: u64) -> gst::Buffer {
    let mut b = gst::Buffer::from_slice(img.as_raw().clone());
    let ms = 1000 / FPS as u64;
    let bm = b.get_mut().unwrap();
    bm.set_pts(gst::ClockTime::from_mseconds(i * ms));
    bm.set_duration(gst::ClockTime::from_mseconds(ms));
    b
}

fn image_of(b: &gst::Buffer) -> RgbImage {
    RgbImage::from_raw(W, H, b.map_readable().unwrap().to_vec()).unwrap()
}

fn harness(launch: &str) -> Harness {
    init();
    let mut h = Harness::new_parse(launch);
    h.set_src_caps_str(&format!("video/x-raw,format=RGB,width={W},height={H},framerate={FPS}/1"));
    h.play();
    h
}

fn element_of(h: &Harness) -> gst::Element {
    let top = h.element().unwrap();
    match top.downcast_ref::<gst::Bin>() {
        Some(bin) => bin.iterate_recurse().into_iter().flatten().find(|e| e.factory().is_some_and(|f| f.name() == "screenveil")).unwrap(),
        None => top,
    }
}

#[test]
fn only_redacted_frames_leave_in_order_with_their_timing_in_every_format() {
    let (s, label, mail, pass) = form();
    for fmt in ["RGB", "BGR", "I420", "NV12"] {
        // The element sees `fmt`; the test feeds and reads RGB around it.
        let mut h = harness(&format!(
            "videoconvert ! capsfilter caps=video/x-raw,format={fmt} ! screenveil lookahead=4 stable-frames=2 ! videoconvert ! capsfilter caps=video/x-raw,format=RGB"
        ));
        let bus = gst::Bus::new();
        element_of(&h).set_bus(Some(&bus));
        for i in 0..8 {
            h.push(buffer(&s.img, i)).unwrap();
        }
        // The look-ahead holds frames back: only those beyond it have left.
        assert!(h.buffers_in_queue() <= 4, "{fmt}: {} out before EOS", h.buffers_in_queue());
        assert!(h.push_event(gst::event::Eos::new()));
        let mut out = Vec::new();
        while let Some(b) = h.try_pull() {
            out.push(b);
        }
        assert_eq!(out.len(), 8, "{fmt}: EOS drains the look-ahead, no frame lost");
        for (i, b) in out.iter().enumerate() {
            assert_eq!(b.pts(), Some(gst::ClockTime::from_mseconds(i as u64 * 100)), "{fmt}: frame {i} keeps its time");
            let img = image_of(b);
            for secret in [&mail, &pass] {
                let got = read_back(&img, secret.rect, "eng");
                assert!(similarity(&got, &secret.text) < 0.5, "{fmt} frame {i}: {:?} reads as {got:?}", secret.text);
            }
            assert!(similarity(&read_back(&img, label.rect, "eng"), &label.text) >= 0.6, "{fmt} frame {i}: the heading must stay");
        }
        // Findings went out as element messages: kind, box, masked preview, never the value.
        let mut kinds = Vec::new();
        while let Some(m) = bus.pop() {
            let Some(st) = m.structure() else { continue };
            if st.name() == screenveil::element::FINDING_MESSAGE {
                let preview = st.get::<&str>("preview").unwrap();
                assert!(!preview.contains("wisniewska") && !preview.contains("Zima2024"), "{preview}");
                assert!(st.get::<i32>("width").unwrap() > 0);
                kinds.push(st.get::<&str>("kind").unwrap().to_string());
            }
        }
        assert!(kinds.iter().any(|k| k == "email"), "{fmt}: {kinds:?}");
    }
}

#[test]
fn latency_includes_the_look_ahead_or_the_live_delay() {
    let h = harness("screenveil lookahead=5");
    // 5 frames at 10 fps.
    assert_eq!(h.query_latency(), Some(gst::ClockTime::from_mseconds(500)));
    let h = harness("screenveil delay-ms=300");
    assert_eq!(h.query_latency(), Some(gst::ClockTime::from_mseconds(300)));
}

#[test]
fn live_frames_leave_after_the_delay_with_unread_text_masked() {
    let (s, _, mail, _) = form();
    // 300 ms at 10 fps: three frames in the delay line, less than the text needs to be read.
    let mut h = harness("screenveil delay-ms=300 stable-frames=3");
    for i in 0..3 {
        h.push(buffer(&s.img, i)).unwrap();
    }
    assert_eq!(h.buffers_in_queue(), 0, "held for the delay");
    h.push(buffer(&s.img, 3)).unwrap();
    assert_eq!(h.buffers_in_queue(), 1, "the first frame leaves when the delay line is full");
    let first = image_of(&h.pull().unwrap());
    let got = read_back(&first, mail.rect, "eng");
    assert!(similarity(&got, &mail.text) < 0.5, "not read yet, so masked: {got:?}");
}

#[test]
fn a_missing_config_fails_the_start_with_its_reason() {
    init();
    let e = gst::ElementFactory::make("screenveil").property("config-location", "/nonexistent/screenveil.toml").build().unwrap();
    let bus = gst::Bus::new();
    e.set_bus(Some(&bus));
    assert!(e.set_state(gst::State::Paused).is_err());
    let msg = bus.pop_filtered(&[gst::MessageType::Error]).expect("an error message");
    let gst::MessageView::Error(err) = msg.view() else { unreachable!() };
    assert!(err.error().to_string().contains("/nonexistent/screenveil.toml"), "{}", err.error());
    let _ = e.set_state(gst::State::Null);
}

/// The built plugin through gst-launch-1.0, as a user runs it: a recording in, a redacted
/// recording with every frame out.
#[test]
fn gst_launch_redacts_a_recording_with_the_plugin() {
    // The plugin is a workspace member; build it (a no-op when fresh) so this test never runs
    // a stale library.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let st = Command::new(cargo).current_dir(root).args(["build", "--release", "-q", "-p", "gst-plugin-screenveil"]).status().unwrap();
    assert!(st.success(), "the plugin builds");
    let plugin_dir = root.join("target/release");
    let dir = tempfile::tempdir().unwrap();
    let (s, label, mail, _) = form();
    let png = dir.path().join("f.png");
    s.save(&png);
    let inp = dir.path().join("in.mkv");
    let st = Command::new("gst-launch-1.0")
        .args(["-q", "multifilesrc", &format!("location={}", png.display()), "loop=true", "num-buffers=12", "caps=image/png,framerate=10/1"])
        .args(["!", "pngdec", "!", "videoconvert", "!", "x264enc", "pass=qual", "quantizer=10", "speed-preset=ultrafast", "!", "matroskamux"])
        .args(["!", "filesink", &format!("location={}", inp.display())])
        .status()
        .unwrap();
    assert!(st.success());
    let out = dir.path().join("out.mp4");
    let st = Command::new("gst-launch-1.0")
        .env("GST_PLUGIN_PATH", &plugin_dir)
        // Only this build's plugin: not one installed in the user's folder, not a cached one.
        .env("XDG_DATA_HOME", dir.path())
        .env("GST_REGISTRY", dir.path().join("registry.bin"))
        .args(["-q", "filesrc", &format!("location={}", inp.display()), "!", "decodebin", "!", "videoconvert", "!", "screenveil"])
        .args(["!", "videoconvert", "!", "x264enc", "!", "mp4mux", "!", "filesink", &format!("location={}", out.display())])
        .status()
        .unwrap();
    assert!(st.success());
    let frames = live::decode(&out, W, H);
    assert_eq!(frames.len(), 12, "every frame comes out");
    assert_eq!(live::assert_no_leak(&frames, &[&mail], &label, 1), 12, "the heading reads on every frame");
}
