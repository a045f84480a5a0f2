//! Live path, with real parts on loopback: nginx with the RTMP module as the "platform",
//! ffmpeg pushing SRT into `screenveil stream`, the RTMP stream pulled back and checked; the
//! publish gate refusing public platforms without connecting (strace); X11 screen capture under
//! Xvfb. OCR failing mid-stream is in `stream_faults.rs`.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::live::*;
use common::*;

/// Length in seconds and frequency (zero crossings) of a recording's sound track.
fn tone(path: &Path) -> (f64, f64) {
    let out = Command::new("ffmpeg").args(["-v", "error", "-i"]).arg(path).args(["-vn", "-f", "s16le", "-ac", "1", "-ar", "48000", "-"]).output().unwrap();
    let a: Vec<i16> = out.stdout.chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]])).collect();
    let secs = a.len() as f64 / 48000.0;
    let crossings = a.windows(2).filter(|w| (w[0] < 0) != (w[1] < 0)).count();
    (secs, if secs > 0.0 { crossings as f64 / 2.0 / secs } else { 0.0 })
}

#[test]
fn gate_refuses_public_platforms_and_connects_nowhere() {
    for url in [
        "rtmps://a.rtmps.youtube.com/live2/abcd-SECRETKEY-1234",
        "rtmp://live.twitch.tv/app/live_SECRETKEY",
        "rtmp://stream.unknown-host.example/live/SECRETKEY",
    ] {
        let has_strace = Command::new("strace").arg("-V").output().is_ok();
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("trace");
        let mut cmd = if has_strace {
            let mut c = Command::new("strace");
            c.args(["-f", "-qq", "-e", "trace=connect", "-o"]).arg(&log).arg(bin());
            c
        } else {
            Command::new(bin())
        };
        let r = cmd.args(["stream", "--from", "testsrc", "--to", url]).output().unwrap();
        assert_eq!(r.status.code(), Some(6), "{url}: {}", String::from_utf8_lossy(&r.stderr));
        let err = String::from_utf8_lossy(&r.stderr);
        assert!(err.contains("refusing to publish") && !err.contains("SECRETKEY"), "{err}");
        if has_strace {
            let t = std::fs::read_to_string(&log).unwrap();
            assert!(!t.contains("AF_INET"), "no network connection attempted:\n{t}");
        }
        let g = Command::new(bin()).args(["gate", url]).output().unwrap();
        assert_eq!(g.status.code(), Some(6));
        assert!(String::from_utf8_lossy(&g.stdout).contains("refused"));
        let g = Command::new(bin()).args(["gate", url, "--private"]).output().unwrap();
        assert_eq!(g.status.code(), Some(0), "marked private: allowed");
    }
}

#[test]
fn obs_like_srt_to_rtmp_on_loopback_never_shows_the_secret() {
    let dir = tempfile::tempdir().unwrap();
    let (screen, secret, label) = secret_screen(false);
    let png = dir.path().join("screen.png");
    screen.save(&png);
    // The "platform": nginx with the RTMP module on a loopback port.
    let (_nginx, rtmp_port) = nginx_rtmp(dir.path());
    let srt_port = free_port();
    let stats = dir.path().join("stats.json");
    let sv = Command::new(bin())
        .args(["stream", "--from", &format!("srt://:{srt_port}"), "--to", &format!("rtmp://127.0.0.1:{rtmp_port}/live/test"), "--seconds", "10", "--stats"])
        .arg(&stats)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    // OBS stand-in: ffmpeg pushes the screen over SRT in real time.
    let _push = Kill(
        Command::new("ffmpeg")
            .args(["-v", "error", "-re", "-loop", "1", "-framerate", "30", "-i"])
            .arg(&png)
            .args(["-re", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"])
            .args([
                "-t",
                "14",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-tune",
                "zerolatency",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-b:a",
                "160k",
                "-f",
                "mpegts",
            ])
            .arg(format!("srt://127.0.0.1:{srt_port}?mode=caller"))
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    std::thread::sleep(Duration::from_millis(3000));
    let got = dir.path().join("got.flv");
    // Bounded: a stream that never goes live must fail the test, not hang it. 90 frames counted
    // from the first keyframe the platform hands a late viewer.
    let rec = Command::new("timeout")
        .args(["30", "ffmpeg", "-v", "error", "-i", &format!("rtmp://127.0.0.1:{rtmp_port}/live/test"), "-frames:v", "90", "-c", "copy", "-y"])
        .arg(&got)
        .output()
        .unwrap();
    assert!(rec.status.success(), "pulled the stream back: {}", String::from_utf8_lossy(&rec.stderr));
    let out = sv.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let frames = decode(&got, 1280, 720);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(frames.len() >= 60, "frames keep flowing: {}; {said}", frames.len());
    // Video timestamps follow the input frames: a steady 1/30 s apart, none repeated.
    let pts =
        Command::new("ffprobe").args(["-v", "error", "-select_streams", "v", "-show_entries", "packet=pts_time", "-of", "csv=p=0"]).arg(&got).output().unwrap();
    let pts: Vec<f64> = String::from_utf8_lossy(&pts.stdout).lines().filter_map(|l| l.trim().parse().ok()).collect();
    assert!(pts.windows(2).all(|w| (0.030..0.037).contains(&(w[1] - w[0]))), "video timestamps step unevenly: {pts:?}");
    let email = screen.pieces[2].clone();
    let labels = assert_no_leak(&frames, &[&secret, &email, &screen.pieces[4]], &label, 5);
    assert!(labels > 0, "the stream carries the screen (label readable)");
    // OBS sends sound with the picture; it reaches the platform, still a 440 Hz tone.
    let (secs, hz) = tone(&got);
    assert!(secs >= 3.0 && (hz - 440.0).abs() < 10.0, "sound passed on: {secs:.2} s at {hz:.0} Hz");
    let st: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&stats).unwrap()).unwrap();
    assert!(st["frames"].as_u64().unwrap() >= 150 && st["audio"] == true, "{st}");
    assert!(st["added_latency_ms_p99"].as_f64().unwrap() > 0.0, "{st}");
    eprintln!("latency p50 {} ms p99 {} ms cpu {} %", st["added_latency_ms_p50"], st["added_latency_ms_p99"], st["cpu_percent"]);
}

#[test]
fn srt_out_to_a_listener_on_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let (clip, secret, label) = clip_with_late_secret(dir.path(), 3.0);
    let port = free_port();
    let got = dir.path().join("got.ts");
    // The receiving end (a restreaming box, another OBS) listens; screenveil calls it.
    let rx = Command::new("ffmpeg")
        .args(["-v", "error", "-i", &format!("srt://127.0.0.1:{port}?mode=listener"), "-c", "copy", "-y"])
        .arg(&got)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut rx = Kill(rx);
    std::thread::sleep(Duration::from_millis(800));
    let r = Command::new(bin()).args(["stream", "--from"]).arg(&clip).args(["--to", &format!("srt://127.0.0.1:{port}")]).output().unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    for _ in 0..50 {
        if rx.0.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let frames = decode(&got, 1280, 720);
    assert!(frames.len() >= 100, "frames arrived over SRT: {}", frames.len());
    let n = assert_no_leak(&frames[50..], &[&secret], &label, 5);
    assert!(n > 0, "the stream carries the screen");
}

#[test]
fn screen_capture_under_xvfb() {
    let dir = tempfile::tempdir().unwrap();
    let (screen, secret, label) = secret_screen(false);
    let png = dir.path().join("screen.png");
    screen.save(&png);
    let (_x, display) = xvfb();
    let _win = Kill(
        Command::new("gst-launch-1.0")
            .args([
                "-q",
                "filesrc",
                &format!("location={}", png.display()),
                "!",
                "pngdec",
                "!",
                "imagefreeze",
                "!",
                "videoconvert",
                "!",
                "ximagesink",
                &format!("display={display}"),
            ])
            .spawn()
            .unwrap(),
    );
    std::thread::sleep(Duration::from_millis(1500));
    let out = dir.path().join("cap.mkv");
    let r = Command::new(bin()).args(["stream", "--from", &format!("screen{display}"), "--to"]).arg(&out).args(["--seconds", "4"]).output().unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let frames = decode(&out, 1280, 720);
    assert!(frames.len() >= 90, "{}", frames.len());
    // The window sits at the top left of the virtual screen, as the image was drawn.
    let n = assert_no_leak(&frames[10..], &[&secret], &label, 10);
    assert!(n > 0, "capture shows the screen");
}

#[test]
fn preview_window_under_xvfb() {
    let dir = tempfile::tempdir().unwrap();
    let (_x, display) = xvfb();
    let windows = || {
        let o = Command::new("xwininfo").args(["-root", "-children", "-display", &display]).output().expect("x11-utils installed");
        String::from_utf8_lossy(&o.stdout).lines().filter(|l| l.trim_start().starts_with("0x")).count()
    };
    let before = windows();
    let stats = dir.path().join("stats.json");
    let sv = Command::new(bin())
        .env("DISPLAY", &display)
        .args(["stream", "--from", "testsrc", "--to", "preview", "--seconds", "4", "--stats"])
        .arg(&stats)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Sampled while the run lasts, not once at a fixed moment: under a loaded test run the
    // window came up after 2.5 s (OCR workers start first).
    let mut sv = sv;
    let mut during = windows();
    while during <= before && sv.try_wait().unwrap().is_none() {
        std::thread::sleep(Duration::from_millis(100));
        during = windows();
    }
    let out = sv.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(during > before, "a preview window opened ({before} → {during} top-level windows)");
    let st: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&stats).unwrap()).unwrap();
    assert!(st["frames"].as_u64().unwrap() >= 100, "{st}");
}

#[test]
fn preview_without_a_display_is_a_clear_error() {
    for display in [None, Some(":250")] {
        let mut c = Command::new(bin());
        c.env_remove("WAYLAND_DISPLAY").args(["stream", "--from", "testsrc", "--to", "preview", "--seconds", "1"]);
        match display {
            Some(d) => c.env("DISPLAY", d),
            None => c.env_remove("DISPLAY"),
        };
        let r = c.output().unwrap();
        let err = String::from_utf8_lossy(&r.stderr);
        // An exit code, not a signal (autovideosink's DirectFB fallback segfaulted).
        assert!(r.status.code().is_some_and(|c| c != 0), "{display:?}: {:?} {err}", r.status);
        assert!(err.contains("no window to preview in") && err.contains("DISPLAY"), "{err}");
    }
}

#[test]
fn missing_virtual_camera_is_a_clear_error() {
    let dev = "/dev/video-screenveil-test-missing";
    let r = Command::new(bin()).args(["stream", "--from", "testsrc", "--to", &format!("v4l2:{dev}"), "--seconds", "1"]).output().unwrap();
    assert!(!r.status.success());
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("no virtual camera") && err.contains("modprobe v4l2loopback"), "{err}");
    // A device that is not a camera: GStreamer's reason, not just "failed to change state".
    let r = Command::new(bin()).args(["stream", "--from", "testsrc", "--to", "v4l2:/dev/null", "--seconds", "1"]).output().unwrap();
    assert!(!r.status.success());
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("/dev/null") && !err.contains("failed to change its state"), "{err}");
}

#[test]
fn private_marking_is_for_the_destination_it_was_said_for() {
    let dir = tempfile::tempdir().unwrap();
    let lan = dir.path().join("lan.toml");
    std::fs::write(&lan, "from = \"testsrc\"\nto = \"srt://192.168.1.20:9000\"\nvisibility = \"private\"\n").unwrap();
    // The LAN profile's marking does not carry to another destination given on the command line.
    let r = Command::new(bin())
        .args(["stream", "--profile"])
        .arg(&lan)
        .args(["--to", "rtmp://live.twitch.tv/app/live_SECRETKEY", "--seconds", "1"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(6), "{err}");
    assert!(err.contains("is for its own `to`") && !err.contains("SECRETKEY"), "{err}");
    // A profile that names the public destination itself marks it; the output says so. In an
    // empty network namespace, so the connection attempt cannot leave the machine.
    if Command::new("unshare").args(["-n", "true"]).status().is_ok_and(|s| s.success()) {
        let own = dir.path().join("own.toml");
        std::fs::write(&own, "from = \"testsrc\"\nto = \"rtmp://live.twitch.tv/app/live_SECRETKEY\"\nvisibility = \"private\"\n").unwrap();
        let r = Command::new("unshare").arg("-n").arg(bin()).args(["stream", "--profile"]).arg(&own).args(["--seconds", "1"]).output().unwrap();
        let err = String::from_utf8_lossy(&r.stderr);
        assert!(err.contains("marked private by visibility = \"private\" in profile"), "{err}");
        assert_ne!(r.status.code(), Some(0), "no network: the sink fails and the run says so: {err}");
        assert!(!err.contains("SECRETKEY"), "{err}");
    }
}

#[test]
fn a_sink_that_fails_is_a_failed_run() {
    let port = free_port();
    let r = Command::new(bin())
        .args(["stream", "--from", "testsrc", "--to", &format!("rtmp://127.0.0.1:{port}/live/SECRETKEY"), "--seconds", "2"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(4), "{err}");
    assert!(err.contains("Connection refused") && !err.contains("SECRETKEY"), "{err}");
}

#[test]
fn the_obs_input_listens_on_loopback_only() {
    let port = free_port();
    let mut c = Kill(
        Command::new(bin())
            .args(["stream", "--from", &format!("srt://:{port}"), "--to", "out-never.mkv", "--seconds", "3"])
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    std::thread::sleep(Duration::from_millis(1500));
    let ss = Command::new("ss").args(["-uln"]).output().unwrap();
    let listing = String::from_utf8_lossy(&ss.stdout);
    let line = listing.lines().find(|l| l.contains(&format!(":{port} "))).unwrap_or_else(|| panic!("listening on {port}:\n{listing}")).to_string();
    assert!(line.contains(&format!("127.0.0.1:{port}")), "bound to loopback: {line}");
    let _ = c.0.wait();
}
