//! End-to-end tests of `screenveil video` on recordings generated here: text typed letter by
//! letter, a table scrolling, a notification sliding in, window switching, a window dragged.
//! Frames are rendered with real fonts, encoded by ffmpeg (lossless H.264 RGB, with a FLAC
//! audio track), redacted by the real binary, decoded again, and every sensitive string that
//! is on screen in a frame is checked in that frame: changed pixels, and tesseract must not
//! read it back. Frame count, timestamps and the audio stream (bit for bit) must match.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::*;
use image::RgbImage;
use screenveil::geom::Rect;
use screenveil::ocr::crop;
use screenveil::ocr::tess::{Psm, Tesseract};

const W: u32 = 960;
const H: u32 = 540;

/// One generated recording: frames plus, per frame, the sensitive pieces on screen.
struct Clip {
    frames: Vec<RgbImage>,
    secrets: Vec<Vec<Piece>>,
}

fn push(clip: &mut Clip, s: Screen) {
    clip.secrets.push(s.pieces.iter().filter(|p| p.sensitive).cloned().collect());
    clip.frames.push(s.img);
}

fn encode(clip: &Clip, path: &Path, audio: bool) {
    let secs = format!("{:.3}", clip.frames.len() as f64 / 30.0);
    let mut args: Vec<String> =
        ["-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", &format!("{W}x{H}"), "-r", "30", "-i", "-"].iter().map(|s| s.to_string()).collect();
    if audio {
        args.extend(["-f", "lavfi", "-i", &format!("sine=frequency=440:sample_rate=48000:duration={secs}"), "-c:a", "flac"].iter().map(|s| s.to_string()));
    }
    args.extend(["-c:v", "libx264rgb", "-qp", "0", "-preset", "ultrafast"].iter().map(|s| s.to_string()));
    args.push(path.display().to_string());
    let mut ff = Command::new("ffmpeg").args(&args).stdin(Stdio::piped()).spawn().expect("ffmpeg installed");
    {
        let mut si = ff.stdin.take().unwrap();
        for f in &clip.frames {
            si.write_all(f.as_raw()).unwrap();
        }
    }
    assert!(ff.wait().unwrap().success(), "ffmpeg encodes the fixture");
}

fn decode(path: &Path) -> Vec<RgbImage> {
    let out = Command::new("ffmpeg").args(["-v", "error", "-i"]).arg(path).args(["-f", "rawvideo", "-pix_fmt", "rgb24", "-"]).output().expect("ffmpeg");
    assert!(out.status.success());
    out.stdout.chunks_exact((W * H * 3) as usize).map(|c| RgbImage::from_raw(W, H, c.to_vec()).unwrap()).collect()
}

fn probe(path: &Path, what: &[&str]) -> String {
    let out = Command::new("ffprobe").args(["-v", "error"]).args(what).arg(path).output().expect("ffprobe");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn video_pts(path: &Path) -> Vec<String> {
    probe(path, &["-select_streams", "v:0", "-show_entries", "packet=pts_time", "-of", "csv=p=0"])
        .lines()
        .map(str::to_string)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn audio_md5(path: &Path) -> String {
    let out = Command::new("ffmpeg").args(["-v", "error", "-i"]).arg(path).args(["-map", "0:a", "-c", "copy", "-f", "md5", "-"]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Runs the binary on `clip` and checks every frame. Returns the report text.
fn check_clip(name: &str, clip: &Clip, audio: bool) -> String {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(format!("{name}.mkv"));
    let output = dir.path().join(format!("{name}-out.mkv"));
    let report = dir.path().join(format!("{name}.jsonl"));
    encode(clip, &input, audio);
    let r = Command::new(bin()).arg("video").arg(&input).arg("-o").arg(&output).arg("--report").arg(&report).arg("-q").output().unwrap();
    assert!(r.status.success(), "{name}: {}", String::from_utf8_lossy(&r.stderr));
    let frames_in = decode(&input);
    let frames_out = decode(&output);
    assert_eq!(frames_in.len(), clip.frames.len());
    assert_eq!(frames_out.len(), frames_in.len(), "{name}: same frame count");
    assert_eq!(video_pts(&output), video_pts(&input), "{name}: same timestamps");
    if audio {
        assert!(!audio_md5(&input).is_empty());
        assert_eq!(audio_md5(&output), audio_md5(&input), "{name}: audio passed through bit for bit");
    }
    let mut tess = Tesseract::new("eng").unwrap();
    tess.set_psm(Psm::Line);
    let mut leaks = Vec::new();
    let mut checked = 0;
    for (i, (fin, fout)) in frames_in.iter().zip(&frames_out).enumerate() {
        for p in &clip.secrets[i] {
            let r = p.rect.clamp(W as i32, H as i32);
            if r.is_empty() {
                continue;
            }
            checked += 1;
            if changed_share(fin, fout, r) < 0.10 {
                leaks.push(format!("frame {i}: {:?} unchanged", p.text));
            } else if p.text.chars().count() >= 4 {
                let got = read(&mut tess, fout, r);
                if similarity(&got, &p.text) >= 0.5 {
                    leaks.push(format!("frame {i}: {:?} reads as {got:?}", p.text));
                }
            }
        }
    }
    assert!(checked > 0, "{name}: the clip shows secrets");
    // The same check on the input must see the secrets, or it proves nothing.
    let mut readable_in = 0;
    for (i, f) in frames_in.iter().enumerate().step_by(10) {
        for p in clip.secrets[i].iter().filter(|p| p.text.chars().count() >= 8 && p.rect.x1 <= W as i32 && p.rect.y0 >= 0) {
            readable_in += (similarity(&read(&mut tess, f, p.rect), &p.text) >= 0.5) as usize;
        }
    }
    assert!(readable_in > 0, "{name}: the check reads secrets in the unredacted input");
    assert!(leaks.is_empty(), "{name}: {} leaked box-frames of {checked}:\n{}", leaks.len(), leaks.join("\n"));
    let rep = std::fs::read_to_string(&report).unwrap();
    for f in clip.secrets.iter().flatten() {
        if f.text.chars().count() >= 6 {
            assert!(!rep.contains(&f.text), "{name}: report holds plaintext {:?}", f.text);
        }
    }
    assert!(rep.lines().last().unwrap().contains("\"type\":\"summary\""), "{name}: summary line last");
    rep
}

fn changed_share(a: &RgbImage, b: &RgbImage, r: Rect) -> f32 {
    let mut n = 0;
    for y in r.y0..r.y1 {
        for x in r.x0..r.x1 {
            let (p, q) = (a.get_pixel(x as u32, y as u32), b.get_pixel(x as u32, y as u32));
            n += (0..3).any(|c| p[c].abs_diff(q[c]) > 24) as usize;
        }
    }
    n as f32 / r.area().max(1) as f32
}

fn read(t: &mut Tesseract, img: &RgbImage, r: Rect) -> String {
    let gray: Vec<u8> = img.pixels().map(|p| ((p[0] as u32 * 77 + p[1] as u32 * 150 + p[2] as u32 * 29) >> 8) as u8).collect();
    let c = crop::prepare(&gray, W, H, r);
    let words = t.recognize(&c.pixels, c.width, c.height, c.width as usize, None).unwrap();
    words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
}

fn base(f: &ab_glyph::FontVec) -> Screen {
    let mut s = Screen::new(W, H, false);
    s.line(f, 18.0, 20, 20, &[("Team chat", false)], "eng");
    s.line(f, 16.0, 20, 60, &[("Anna:", false), ("the deploy is done, thanks", false)], "eng");
    s
}

#[test]
fn typed_password_is_never_readable_and_audio_is_untouched() {
    let f = font(DEJAVU);
    let secret = "Zima2024!Kot";
    let mut clip = Clip { frames: Vec::new(), secrets: Vec::new() };
    for i in 0..75usize {
        let mut s = base(&f);
        let typed = secret.chars().take(i.saturating_sub(10) / 2).collect::<String>();
        let right = s.line(&f, 16.0, 20, 100, &[("Password:", false)], "eng");
        if !typed.is_empty() {
            s.line(&f, 16.0, right, 100, &[(&typed, true)], "eng");
        }
        push(&mut clip, s);
    }
    check_clip("typing", &clip, true);
}

/// The value is finished only in the last frames: its prefixes, read while they were typed
/// and harmless alone ("jan@", "jan@wp."), must still be masked once the whole address is
/// known, although the recording ends before the look-ahead is full.
#[test]
fn value_typed_at_the_end_of_a_recording_is_masked_back_to_its_first_character() {
    let f = font(DEJAVU);
    let email = "jan@wp.pl";
    let mut clip = Clip { frames: Vec::new(), secrets: Vec::new() };
    let start = 30usize;
    for i in 0..start + 4 * email.len() + 6 {
        let mut s = base(&f);
        let typed = email.chars().take(i.saturating_sub(start) / 4).collect::<String>();
        let right = s.line(&f, 16.0, 20, 100, &[("Write to me at", false)], "eng");
        if !typed.is_empty() {
            s.line(&f, 16.0, right, 100, &[(&typed, true)], "eng");
        }
        push(&mut clip, s);
    }
    check_clip("typed_at_end", &clip, false);
}

#[test]
fn scrolling_table_and_dragged_window() {
    let f = font(DEJAVU);
    let mut clip = Clip { frames: Vec::new(), secrets: Vec::new() };
    let rows = [("Jan Kowalski", "jan.kowalski@firma.pl"), ("Order 2024/118", "paid"), ("Ona Petraitė", "ona.petraite@gmail.com"), ("Invoice 7781", "sent")];
    for i in 0..60i32 {
        let mut s = Screen::new(W, H, false);
        s.line(&f, 16.0, 20, 10, &[("Customers", false)], "eng");
        // Table scrolling up 2 px per frame inside a band below the title.
        for (k, (a, b)) in rows.iter().enumerate() {
            let y = 120 + k as i32 * 40 - 2 * i;
            if (40..H as i32 - 30).contains(&y) {
                s.line(&f, 16.0, 20, y, &[(a, false)], "eng");
                s.line(&f, 16.0, 260, y, &[(b, b.contains('@'))], "eng");
            }
        }
        // A window with an IBAN dragged 5 px right and 3 px down per frame.
        let (x, y) = (500 + 5 * i, 250 + 3 * i / 2);
        for yy in y - 10..y + 40 {
            for xx in x - 10..(x + 330).min(W as i32) {
                if yy >= 0 && yy < H as i32 {
                    s.img.put_pixel(xx as u32, yy as u32, image::Rgb([225, 232, 245]));
                }
            }
        }
        s.line(&f, 16.0, x, y, &[("IBAN:", false), ("PL61 1090 1014 0000 0712 1981 2874", true)], "eng");
        push(&mut clip, s);
    }
    let rep = check_clip("scroll-drag", &clip, false);
    // The table's rows were followed as a scroll, not searched again on every frame.
    let summary: serde_json::Value = serde_json::from_str(rep.lines().last().unwrap()).unwrap();
    let scrolled = summary["analysis"]["scrolled_spans"].as_u64().unwrap();
    assert!(scrolled >= 20, "scroll followed in {scrolled} frames of 60");
}

/// A lossy recording re-encodes a still line with slightly different pixels whenever
/// something changes next to it. Codec-noise differences must not make it "new" text: it keeps
/// its reading and stays readable while a counter below it ticks.
#[test]
fn still_line_with_codec_noise_next_to_a_change_stays_readable() {
    let f = font(DEJAVU);
    let mut clip = Clip { frames: Vec::new(), secrets: Vec::new() };
    let mut line = Rect::default();
    for i in 0..60u32 {
        let mut s = base(&f);
        let right = s.line(&f, 16.0, 20, 100, &[("Deploy 4812 finished on all servers", false)], "eng");
        line = Rect::new(20, 100, right, 120);
        s.line(&f, 16.0, 20, 124, &[(&format!("uploaded {} files", 100 + i / 2), false)], "eng");
        // Noise of up to 3 grey levels on the still line, different in every frame (a CRF 23
        // re-encoding moves a still line's pixels by ~1–2 levels on average).
        for y in 98..122u32 {
            for x in 18..(right as u32 + 2) {
                let n = ((x * 7 + y * 13 + i * 29) % 7) as i32 - 3;
                let p = s.img.get_pixel_mut(x, y);
                for c in 0..3 {
                    p[c] = (p[c] as i32 + n).clamp(0, 255) as u8;
                }
            }
        }
        push(&mut clip, s);
    }
    let dir = tempfile::tempdir().unwrap();
    let (input, output) = (dir.path().join("noise.mkv"), dir.path().join("noise-out.mkv"));
    encode(&clip, &input, false);
    let r = Command::new(bin()).arg("video").arg(&input).arg("-o").arg(&output).arg("-q").output().unwrap();
    assert!(r.status.success());
    let (fin, fout) = (decode(&input), decode(&output));
    let clear = (10..fin.len()).filter(|&i| changed_share(&fin[i], &fout[i], line) < 0.05).count();
    assert!(clear * 10 >= (fin.len() - 10) * 8, "still line readable in {clear} of {} frames", fin.len() - 10);
}

#[test]
fn notification_slides_in_and_windows_switch() {
    let f = font(DEJAVU);
    let mut clip = Clip { frames: Vec::new(), secrets: Vec::new() };
    for i in 0..70i32 {
        let mut s = Screen::new(W, H, i % 40 >= 20);
        if i % 40 < 20 {
            s.line(&f, 16.0, 20, 40, &[("Notes for Monday", false)], "eng");
        } else {
            s.line(&f, 16.0, 20, 40, &[("E-mail:", false), ("ruta.kazlauskiene@gmail.com", true)], "eng");
            s.line(&f, 16.0, 20, 80, &[("Telefonas:", false), ("+370 612 34567", true)], "eng");
        }
        // Toast sliding in from the right edge, 30 px per frame, then staying.
        let x = (W as i32 - 30 * i).max(600);
        for yy in 440..500 {
            for xx in x.max(0)..W as i32 {
                s.img.put_pixel(xx as u32, yy, image::Rgb([60, 60, 70]));
            }
        }
        let mut t = s;
        t.set_fg(image::Rgb([235, 235, 240]));
        t.line(&f, 15.0, x + 12, 458, &[("New mail from", false), ("tomas.brazauskas@inbox.lt", true)], "eng");
        push(&mut clip, t);
    }
    check_clip("toast-switch", &clip, false);
}

#[test]
fn bad_input_fails_cleanly_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("notes.mp4");
    std::fs::write(&bad, b"this is not a video at all").unwrap();
    let out = dir.path().join("out.mp4");
    let r = Command::new(bin()).arg("video").arg(&bad).arg("-o").arg(&out).arg("-q").output().unwrap();
    assert_eq!(r.status.code(), Some(3), "{}", String::from_utf8_lossy(&r.stderr));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("notes.mp4") && err.lines().count() == 1, "one clear line: {err}");
    assert!(std::fs::read_dir(dir.path()).unwrap().count() == 1, "no output or temporary file left");
    let missing = dir.path().join("missing.mkv");
    let r = Command::new(bin()).arg("video").arg(&missing).arg("-o").arg(&out).arg("-q").output().unwrap();
    assert_eq!(r.status.code(), Some(3));
    assert!(!out.exists());
}

fn small_clip(dir: &Path, name: &str, n: usize) -> PathBuf {
    let f = font(DEJAVU);
    let mut clip = Clip { frames: Vec::new(), secrets: Vec::new() };
    for _ in 0..n {
        let mut s = base(&f);
        s.line(&f, 16.0, 20, 100, &[("E-mail:", false), ("m.nowak@example.pl", true)], "eng");
        push(&mut clip, s);
    }
    let p = dir.join(name);
    encode(&clip, &p, false);
    p
}

#[test]
fn folder_mode_resumes_and_summarises() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("rec");
    std::fs::create_dir_all(src.join("day2")).unwrap();
    small_clip(&src, "a.mkv", 12);
    small_clip(&src.join("day2"), "b.mkv", 12);
    let out = dir.path().join("red");
    let r = Command::new(bin()).arg("video").arg(&src).arg("-o").arg(&out).arg("-q").output().unwrap();
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(r.status.success(), "{err}");
    assert!(out.join("a.mkv").exists() && out.join("day2/b.mkv").exists());
    assert!(out.join("a.mkv.jsonl").exists());
    assert!(err.contains("2 redacted, 0 already done, 0 failed"), "{err}");
    let r = Command::new(bin()).arg("video").arg(&src).arg("-o").arg(&out).arg("-q").output().unwrap();
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("0 redacted, 2 already done"), "{err}");
}

#[test]
fn ctrl_c_leaves_no_output() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let input = small_clip(dir.path(), "long.mkv", 600);
    let out = dir.path().join("out.mkv");
    let mut child = Command::new(bin()).arg("video").arg(&input).arg("-o").arg(&out).stderr(Stdio::piped()).spawn().unwrap();
    // Progress lines (stderr is not a terminal) say when it is mid-way.
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().expect("a progress line").unwrap();
    // Progress is sampled ten times a second: the first line is the first tenth or a little past it.
    let pct: u32 = first.split_once("long.mkv: ").and_then(|(_, r)| r.split('%').next()).and_then(|p| p.parse().ok()).unwrap_or(0);
    assert!((10..=50).contains(&pct), "{first}");
    // SAFETY: sending SIGINT to our own child process.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let st = child.wait().unwrap();
    assert_eq!(st.code(), Some(130), "{rest:?}");
    assert!(rest.iter().any(|l| l.contains("interrupted")), "{rest:?}");
    assert!(!out.exists());
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1, "only the input remains: {left:?}");
}
