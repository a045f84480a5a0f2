//! Helpers of the live-path tests: processes stopped on drop, generated clips with secrets
//! appearing mid-way, and read-back of decoded output frames.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use image::RgbImage;

use super::*;

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub struct Kill(pub Child);
impl Drop for Kill {
    fn drop(&mut self) {
        // SIGTERM first: Xvfb then removes its lock file and socket, which a SIGKILL leaves
        // behind for the next run to trip over.
        let _ = Command::new("kill").arg(self.0.id().to_string()).status();
        for _ in 0..40 {
            if self.0.try_wait().is_ok_and(|s| s.is_some()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A 1280×720 screen with a secret and a plain label; returns (image, secret piece, label piece).
pub fn secret_screen(dark: bool) -> (Screen, Piece, Piece) {
    let f = font(DEJAVU);
    let mut s = Screen::new(1280, 720, dark);
    s.line(&f, 22.0, 40, 60, &[("Weekly report", false)], "eng");
    s.line(&f, 20.0, 40, 140, &[("E-mail:", false), ("agnieszka.wisniewska@firma.pl", true)], "eng");
    s.line(&f, 20.0, 40, 200, &[("Hasło:", false), ("Zima2024!Kot", true)], "eng");
    let secret = s.pieces[2].clone();
    let label = s.pieces[0].clone();
    (s, secret, label)
}

pub fn decode(path: &Path, w: u32, h: u32) -> Vec<RgbImage> {
    let out = Command::new("ffmpeg").args(["-v", "error", "-i"]).arg(path).args(["-f", "rawvideo", "-pix_fmt", "rgb24", "-"]).output().unwrap();
    out.stdout.chunks_exact((w * h * 3) as usize).map(|c| RgbImage::from_raw(w, h, c.to_vec()).unwrap()).collect()
}

/// Every `step`-th frame: the secret must not read back; returns how many frames showed the
/// label readable (proof the frames carry the screen, not a blank).
pub fn assert_no_leak(frames: &[RgbImage], secrets: &[&Piece], label: &Piece, step: usize) -> usize {
    let mut readable_label = 0;
    for (i, f) in frames.iter().enumerate().step_by(step) {
        for s in secrets {
            let got = read_back(f, s.rect, "eng");
            assert!(similarity(&got, &s.text) < 0.5, "frame {i}: {:?} reads as {got:?}", s.text);
        }
        readable_label += (similarity(&read_back(f, label.rect, "eng"), &label.text) >= 0.6) as usize;
    }
    readable_label
}

/// 1.5 s of a plain screen, then `secs` seconds of the screen with secrets.
pub fn clip_with_late_secret(dir: &Path, secs: f64) -> (PathBuf, Piece, Piece) {
    let (plain, _, _) = {
        let f = font(DEJAVU);
        let mut s = Screen::new(1280, 720, false);
        s.line(&f, 22.0, 40, 60, &[("Weekly report", false)], "eng");
        (s, (), ())
    };
    let (screen, secret, label) = secret_screen(false);
    let a = dir.join("a.png");
    let b = dir.join("b.png");
    plain.save(&a);
    screen.save(&b);
    let clip = dir.join("clip.mkv");
    let st = Command::new("ffmpeg")
        .args(["-v", "error", "-loop", "1", "-framerate", "30", "-t", "1.5", "-i"])
        .arg(&a)
        .args(["-loop", "1", "-framerate", "30", "-t", &secs.to_string(), "-i"])
        .arg(&b)
        .args(["-filter_complex", "[0][1]concat=n=2:v=1", "-c:v", "libx264rgb", "-qp", "0", "-preset", "ultrafast", "-y"])
        .arg(&clip)
        .status()
        .unwrap();
    assert!(st.success());
    (clip, secret, label)
}

/// The slate is a dark frame (40, 40, 48) with light block letters; the screens here are light.
pub fn is_slate(f: &RgbImage) -> bool {
    [(4, 4), (f.width() - 5, f.height() - 5)].iter().all(|&(x, y)| {
        let p = f.get_pixel(x, y).0;
        p.iter().zip([40u8, 40, 48]).all(|(a, b)| a.abs_diff(b) < 16)
    })
}

/// Starts Xvfb on a free display: it picks the number itself and writes it once it accepts
/// clients (no fixed number that another run may hold, no fixed wait). It resets when its last
/// client leaves, as a bare X server does: the preview must not depend on another client.
pub fn xvfb() -> (Kill, String) {
    use std::io::BufRead;
    let mut c = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", "1280x720x24", "-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb installed");
    let mut line = String::new();
    std::io::BufReader::new(c.stdout.take().expect("piped")).read_line(&mut line).expect("Xvfb reports its display");
    assert!(!line.trim().is_empty(), "Xvfb started");
    (Kill(c), format!(":{}", line.trim()))
}

/// The "platform": nginx with the RTMP module on a free loopback port (application `live`).
pub fn nginx_rtmp(dir: &Path) -> (Kill, u16) {
    let port = free_port();
    let conf = dir.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "daemon off; master_process off; pid {d}/nginx.pid; error_log {d}/error.log; load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;\nevents {{}}\nrtmp {{ server {{ listen 127.0.0.1:{port}; application live {{ live on; record off; }} }} }}\n",
            d = dir.display()
        ),
    )
    .unwrap();
    (Kill(Command::new("nginx").arg("-c").arg(&conf).arg("-p").arg(dir).spawn().expect("nginx installed")), port)
}
