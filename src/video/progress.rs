//! Progress on stderr: a redrawn bar with fps and ETA on a terminal, plain lines otherwise
//! (logs of batch jobs stay readable).

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub struct Progress {
    label: String,
    total: u64,
    fps_in: f64,
    start: Instant,
    last: Instant,
    last_pct: u64,
    tty: bool,
    enabled: bool,
}

impl Progress {
    pub fn new(label: &str, enabled: bool) -> Progress {
        let now = Instant::now();
        Progress { label: label.to_string(), total: 0, fps_in: 0.0, start: now, last: now, last_pct: 0, tty: std::io::stderr().is_terminal(), enabled }
    }

    /// Sets the expected frame count and the input frame rate once known.
    pub fn set_total(&mut self, total: u64, fps_in: f64) {
        self.total = total;
        self.fps_in = fps_in;
    }

    pub fn update(&mut self, done: u64) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        let el = now.duration_since(self.start).as_secs_f64().max(1e-6);
        let fps = done as f64 / el;
        let pct = (done * 100).checked_div(self.total).map_or(0, |p| p.min(100));
        if self.tty {
            if now.duration_since(self.last) < Duration::from_millis(250) {
                return;
            }
            self.last = now;
            let width = 30usize;
            let fill = (pct as usize * width / 100).min(width);
            let eta = if self.total > done && fps > 0.0 { format!("ETA {}", clock((self.total - done) as f64 / fps)) } else { String::new() };
            let speed = if self.fps_in > 0.0 { format!(" {:.2}x", fps / self.fps_in) } else { String::new() };
            eprint!(
                "\r{} [{}{}] {:>3}% {}/{} {:.1} fps{} {}  ",
                self.label,
                "=".repeat(fill),
                " ".repeat(width - fill),
                pct,
                done,
                self.total,
                fps,
                speed,
                eta
            );
            let _ = std::io::stderr().flush();
        } else if (pct >= self.last_pct + 10) || now.duration_since(self.last) >= Duration::from_secs(30) {
            self.last = now;
            self.last_pct = pct - pct % 10;
            eprintln!("{}: {}% ({}/{} frames, {:.1} fps)", self.label, pct, done, self.total, fps);
        }
    }

    /// Ends the bar line.
    pub fn done(&mut self) {
        if self.enabled && self.tty {
            eprintln!();
        }
    }
}

fn clock(s: f64) -> String {
    let s = s.round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// CPU seconds this process has used so far, all threads (user and system).
pub fn cpu_seconds() -> f64 {
    // SAFETY: getrusage fills the struct we own.
    unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut u);
        (u.ru_utime.tv_sec + u.ru_stime.tv_sec) as f64 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) as f64 / 1e6
    }
}
