//! Hostile and unusual inputs and outputs, generated here (image crate, ffmpeg): each fails
//! with the documented exit code, one line on stderr and nothing left behind, or succeeds
//! with the secret drawn into it unreadable in the output.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use image::RgbImage;

/// A screen with one labelled e-mail address (sensitive) and a title (not).
fn screen(w: u32, h: u32) -> Screen {
    let f = font(DEJAVU);
    let mut s = Screen::new(w, h, false);
    s.line(&f, 22.0, 20, 20, &[("Weekly report", false)], "eng");
    s.line(&f, 22.0, 20, 80, &[("E-mail:", false), ("agnieszka.wisniewska@firma.pl", true)], "eng");
    s
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

/// Runs screenveil in `dir`; asserts exit `code`, one stderr line containing `says`, and that
/// no file appeared in `dir`.
fn fails(dir: &Path, args: &[&str], code: i32, says: &str) {
    let before = files_in(dir);
    let r = Command::new(bin()).current_dir(dir).args(args).output().unwrap();
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(code), "{args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: one line: {err}");
    assert!(err.contains(says), "{args:?}: {err}");
    assert_eq!(files_in(dir), before, "{args:?}: nothing left behind");
}

fn ffmpeg(dir: &Path, args: &[&str]) {
    let st = Command::new("ffmpeg").current_dir(dir).args(["-v", "error", "-y"]).args(args).status().unwrap();
    assert!(st.success(), "ffmpeg {args:?}");
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in bytes {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
    }
    !c
}

/// A JPEG whose pixels are stored turned a quarter to the left, with an EXIF orientation
/// (6: turn right to display) saying so, as phones and rotated monitors write them.
fn rotated_jpeg(upright: &RgbImage, path: &Path) {
    let stored = image::imageops::rotate270(upright);
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95).encode_image(&stored).unwrap();
    // APP1 "Exif\0\0" + little-endian TIFF with one IFD entry: Orientation (0x0112) = 6.
    let mut tiff = b"II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x06\0\0\0\0\0\0\0".to_vec();
    let mut app1 = b"Exif\0\0".to_vec();
    app1.append(&mut tiff);
    let len = (app1.len() + 2) as u16;
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    std::fs::write(path, out).unwrap();
}

#[test]
fn exif_rotated_screenshot_is_analysed_upright_and_written_as_shown() {
    let dir = tempfile::tempdir().unwrap();
    let s = screen(720, 160);
    let input = dir.path().join("phone.jpg");
    rotated_jpeg(&s.img, &input);
    let out = dir.path().join("safe.png");
    let r = Command::new(bin()).args(["image"]).arg(&input).arg("-o").arg(&out).output().unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let got = image::open(&out).unwrap().to_rgb8();
    assert_eq!(got.dimensions(), (720, 160), "written as it is shown (upright)");
    let secret = &s.pieces[2];
    let read = read_back(&got, secret.rect, "eng");
    assert!(similarity(&read, &secret.text) < 0.5, "secret reads as {read:?}");
    assert!(similarity(&read_back(&got, s.pieces[0].rect, "eng"), "Weekly report") >= 0.6, "the title still reads");
}

#[test]
fn hostile_images_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A PNG header that declares 100000 x 100000 pixels.
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png).write_image(&[0u8; 3], 1, 1, image::ExtendedColorType::Rgb8).map(|_| ()).unwrap_or(());
    png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    std::fs::write(d.join("huge.png"), &png).unwrap();
    fails(d, &["image", "huge.png", "-o", "out.png"], 3, "too large");
    // A JPEG cut in half.
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90).encode_image(&screen(640, 160).img).unwrap();
    std::fs::write(d.join("cut.jpg"), &jpeg[..jpeg.len() / 2]).unwrap();
    fails(d, &["image", "cut.jpg", "-o", "out.jpg"], 3, "truncated");
    // A two-page TIFF: page 2 would be dropped unredacted.
    let mut tif = std::io::Cursor::new(Vec::new());
    {
        let mut enc = tiff::encoder::TiffEncoder::new(&mut tif).unwrap();
        let px = vec![200u8; 16 * 16 * 3];
        enc.write_image::<tiff::encoder::colortype::RGB8>(16, 16, &px).unwrap();
        enc.write_image::<tiff::encoder::colortype::RGB8>(16, 16, &px).unwrap();
    }
    std::fs::write(d.join("pages.tif"), tif.into_inner()).unwrap();
    fails(d, &["image", "pages.tif", "-o", "out.tif"], 3, "multi-page TIFF");
}

use image::ImageEncoder as _;

#[test]
fn outputs_never_replace_what_is_not_an_old_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    screen(640, 160).save(&d.join("in.png"));
    let input = std::fs::read(d.join("in.png")).unwrap();
    fails(d, &["image", "in.png", "-o", "in.png"], 4, "is the input");
    assert_eq!(std::fs::read(d.join("in.png")).unwrap(), input, "input untouched");
    std::os::unix::fs::symlink("/proc/self/fd/1", d.join("link.png")).unwrap();
    fails(d, &["image", "in.png", "-o", "link.png"], 4, "symbolic link");
    assert!(std::fs::symlink_metadata(d.join("link.png")).unwrap().file_type().is_symlink());
    fails(d, &["image", "in.png", "-o", "/dev/null"], 4, "not a regular file");
    // A temporary file a killed run left (its process is gone) is removed by the next run.
    let stale = d.join(".out.png.screenveil-999999999-abc.part");
    std::fs::write(&stale, b"partial").unwrap();
    let r = Command::new(bin()).current_dir(d).args(["image", "in.png", "-o", "out.png"]).output().unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(!stale.exists(), "stale .part removed");
}

#[test]
fn grey_and_16_bit_images_keep_their_type() {
    let dir = tempfile::tempdir().unwrap();
    let s = screen(720, 160);
    let grey16 = image::DynamicImage::ImageRgb8(s.img.clone()).to_luma16();
    let input = dir.path().join("g16.png");
    grey16.save(&input).unwrap();
    let out = dir.path().join("g16-out.png");
    let r = Command::new(bin()).arg("image").arg(&input).arg("-o").arg(&out).output().unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let got = image::open(&out).unwrap();
    assert_eq!(got.color(), image::ColorType::L16);
    let rgb = got.to_rgb8();
    let secret = &s.pieces[2];
    assert!(similarity(&read_back(&rgb, secret.rect, "eng"), &secret.text) < 0.5);
    // Outside the masks the 16-bit values are the input's own.
    let (a, b) = (grey16.get_pixel(700, 150)[0], got.as_luma16().unwrap().get_pixel(700, 150)[0]);
    assert_eq!(a, b);
}

fn frames_of(path: &Path) -> u64 {
    let o = Command::new("ffprobe")
        .args(["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0"])
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).trim().parse().unwrap_or(0)
}

#[test]
fn hostile_recordings_fail_cleanly_or_are_redacted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // No video at all: exit 3 at once, not a hang.
    ffmpeg(d, &["-f", "lavfi", "-i", "sine=d=2", "-c:a", "aac", "audio.m4a"]);
    let t0 = std::time::Instant::now();
    fails(d, &["video", "audio.m4a", "-o", "out.mp4", "-q"], 3, "no video");
    assert!(t0.elapsed().as_secs() < 20, "no hang: {:?}", t0.elapsed());
    // An MP4 cut before its index (moov): the input's fault, exit 3.
    ffmpeg(d, &["-f", "lavfi", "-i", "testsrc=size=640x360:rate=30:d=3", "-c:v", "libx264", "full.mp4"]);
    let full = std::fs::read(d.join("full.mp4")).unwrap();
    std::fs::write(d.join("cut.mp4"), &full[..full.len() / 2]).unwrap();
    std::fs::remove_file(d.join("full.mp4")).unwrap();
    fails(d, &["video", "cut.mp4", "-o", "out.mp4", "-q"], 3, "cut.mp4");
    // Size changing mid-stream, odd sizes, a tiny picture, subtitles: redacted, every frame.
    ffmpeg(d, &["-f", "lavfi", "-i", "testsrc=size=320x240:rate=30:d=1", "-c:v", "libx264", "a.ts"]);
    ffmpeg(d, &["-f", "lavfi", "-i", "testsrc=size=640x480:rate=30:d=1", "-c:v", "libx264", "b.ts"]);
    let ab = [std::fs::read(d.join("a.ts")).unwrap(), std::fs::read(d.join("b.ts")).unwrap()].concat();
    std::fs::write(d.join("ab.ts"), ab).unwrap();
    ffmpeg(d, &["-f", "lavfi", "-i", "testsrc=size=321x241:rate=30:d=1", "-c:v", "ffv1", "odd.mkv"]);
    ffmpeg(d, &["-f", "lavfi", "-i", "testsrc=size=7x7:rate=30:d=1", "-c:v", "ffv1", "tiny.mkv"]);
    ffmpeg(d, &["-f", "lavfi", "-i", "testsrc=size=320x240:rate=30:d=2", "-c:v", "libx264", "v.mkv"]);
    std::fs::write(d.join("s.srt"), "1\n00:00:00,000 --> 00:00:01,500\nHello subtitle\n").unwrap();
    ffmpeg(d, &["-i", "v.mkv", "-i", "s.srt", "-map", "0", "-map", "1", "-c", "copy", "sub.mkv"]);
    for (input, output, frames) in
        [("ab.ts", "ab-out.mkv", 60), ("odd.mkv", "odd-out.mp4", 30), ("tiny.mkv", "tiny-out.mkv", 30), ("sub.mkv", "sub-out.mkv", 60)]
    {
        let r = Command::new(bin()).current_dir(d).args(["video", input, "-o", output, "-q"]).output().unwrap();
        assert!(r.status.success(), "{input}: {}", String::from_utf8_lossy(&r.stderr));
        assert_eq!(frames_of(&d.join(output)), frames, "{input}: every frame");
    }
    let streams =
        Command::new("ffprobe").args(["-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0"]).arg(d.join("sub-out.mkv")).output().unwrap();
    assert!(String::from_utf8_lossy(&streams.stdout).contains("subtitle"), "subtitles copied");
}

#[test]
fn rotated_recording_is_analysed_upright() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = screen(640, 160);
    // Stored a quarter turn to the left, with a display matrix turning it back.
    image::imageops::rotate270(&s.img).save(d.join("stored.png")).unwrap();
    ffmpeg(d, &["-loop", "1", "-framerate", "30", "-t", "1", "-i", "stored.png", "-c:v", "libx264", "-pix_fmt", "yuv444p", "raw.mp4"]);
    ffmpeg(d, &["-i", "raw.mp4", "-c", "copy", "-metadata:s:v:0", "rotate=90", "rot.mp4"]);
    let r = Command::new(bin()).current_dir(d).args(["video", "rot.mp4", "-o", "out.mkv", "-q"]).output().unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let out = d.join("out.mkv");
    let raw = Command::new("ffmpeg").args(["-v", "error", "-i"]).arg(&out).args(["-f", "rawvideo", "-pix_fmt", "rgb24", "-"]).output().unwrap();
    let size = 640 * 160 * 3;
    assert!(raw.stdout.len() >= size && raw.stdout.len().is_multiple_of(size), "upright 640x160 frames: {} bytes", raw.stdout.len());
    let secret: &Piece = &s.pieces[2];
    for (i, f) in raw.stdout.chunks_exact(size).enumerate().step_by(5) {
        let img = RgbImage::from_raw(640, 160, f.to_vec()).unwrap();
        let got = read_back(&img, secret.rect, "eng");
        assert!(similarity(&got, &secret.text) < 0.5, "frame {i}: {got:?}");
    }
}

#[test]
fn stream_options_and_file_outputs_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (args, says) in [
        (vec!["stream", "--from", "testsrc", "--to", "o.mkv", "--seconds", "0"], "--seconds"),
        (vec!["stream", "--from", "testsrc", "--to", "o.mkv", "--delay-ms", "100000"], "delay_ms"),
        (vec!["stream", "--from", "testsrc", "--to", "o.mkv", "--fps", "0"], "fps"),
    ] {
        fails(d, &args, 2, says);
    }
    ffmpeg(d, &["-f", "lavfi", "-i", "testsrc=size=320x240:rate=30:d=1", "-c:v", "libx264", "src.mkv"]);
    let before = std::fs::read(d.join("src.mkv")).unwrap();
    fails(d, &["stream", "--from", "src.mkv", "--to", "src.mkv"], 4, "is the input");
    assert_eq!(std::fs::read(d.join("src.mkv")).unwrap(), before, "source untouched");
    let path: PathBuf = d.join("live.mkv");
    let r = Command::new(bin()).current_dir(d).args(["stream", "--from", "src.mkv", "--to", "live.mkv"]).output().unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(frames_of(&path) >= 25, "written and renamed into place");
    assert_eq!(files_in(d), vec!["live.mkv", "src.mkv"], "no temporary file left");
}

#[test]
fn two_runs_never_write_one_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut first = Command::new(bin()).current_dir(d).args(["stream", "--from", "testsrc", "--to", "live.mkv", "--seconds", "3"]).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let r = Command::new(bin()).current_dir(d).args(["stream", "--from", "testsrc", "--to", "live.mkv", "--seconds", "1"]).output().unwrap();
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(4), "{err}");
    assert!(err.contains("another screenveil run is writing it"), "{err}");
    assert!(first.wait().unwrap().success(), "the first run finishes");
    assert_eq!(files_in(d), vec!["live.mkv"], "output in place, no lock or temporary file left");
}
