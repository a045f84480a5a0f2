//! What the guard shows: one live line on the terminal, and the same as JSON in a file for
//! other tools (rewritten whole each second, by rename, so a reader never sees half of it).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Serialize;

/// The guard's state; every field is safe to show (destinations masked, no keys).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Status {
    /// obs-websocket is connected.
    pub obs_connected: bool,
    /// OBS's stream output points at screenveil's listener.
    pub obs_points_here: bool,
    /// A stream from OBS is passing through screenveil now.
    pub streaming: bool,
    /// Where redacted streams go (masked).
    pub destination: String,
    /// screenveil's SRT listener OBS streams to.
    pub listener: String,
    /// Stream sessions relayed so far (OBS started streaming this many times).
    pub sessions: u64,
    /// Frames relayed, all sessions together.
    pub frames: u64,
    /// Frames that left with something masked, all finished sessions together.
    pub frames_masked: u64,
    /// The last finished session's 99th-percentile added latency.
    pub latency_ms_p99: Option<f64>,
    /// Streams the guard stopped because they bypassed screenveil.
    pub bypasses_stopped: u64,
    /// The guard's last action and why, for the user.
    pub last_action: Option<String>,
    /// OBS recordings redacted.
    pub recordings_redacted: u64,
    /// The last error, if the last session or request failed.
    pub last_error: Option<String>,
}

/// The status shared by the guard, the relay and the printer.
pub struct Board {
    status: Mutex<Status>,
    /// Frames of the session now running (the relay's frame hook counts them).
    pub frames_now: AtomicU64,
    /// When a frame last came in, as milliseconds since `epoch`.
    last_frame_ms: AtomicU64,
    epoch: Instant,
    /// Set when the run should end (time up, Ctrl-C).
    pub stop: AtomicBool,
}

impl Board {
    pub fn new() -> Arc<Board> {
        Arc::new(Board {
            status: Mutex::default(),
            frames_now: AtomicU64::new(0),
            last_frame_ms: AtomicU64::new(0),
            epoch: Instant::now(),
            stop: AtomicBool::new(false),
        })
    }

    fn since_epoch(&self) -> u64 {
        self.epoch.elapsed().as_millis() as u64
    }

    pub fn update(&self, f: impl FnOnce(&mut Status)) {
        f(&mut self.status.lock().unwrap_or_else(PoisonError::into_inner));
    }

    /// Records an action the user should see: in the status and as its own terminal line.
    pub fn act(&self, what: String) {
        let what = crate::gate::scrub(&what);
        eprintln!("\r\x1b[2Kscreenveil obs: {what}");
        tracing::info!(action = %what, "guard");
        self.update(|s| s.last_action = Some(what));
    }

    pub fn frame_in(&self) {
        self.frames_now.fetch_add(1, Ordering::Relaxed);
        self.last_frame_ms.store(self.since_epoch().max(1), Ordering::Relaxed);
    }

    pub fn snapshot(&self) -> Status {
        let mut s = self.status.lock().unwrap_or_else(PoisonError::into_inner).clone();
        s.frames += self.frames_now.load(Ordering::Relaxed);
        let last = self.last_frame_ms.load(Ordering::Relaxed);
        s.streaming = last > 0 && self.since_epoch().saturating_sub(last) < 2000;
        s
    }

    pub fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst) || crate::video::INTERRUPTED.load(Ordering::SeqCst)
    }
}

/// The one-line form.
pub fn line(s: &Status) -> String {
    let obs = match (s.obs_connected, s.obs_points_here) {
        (false, _) => "OBS not connected",
        (true, false) => "OBS connected, NOT pointed here",
        (true, true) => "OBS connected",
    };
    let live = if s.streaming { "streaming through screenveil" } else { "idle" };
    let lat = s.latency_ms_p99.map(|l| format!(", p99 {l:.0} ms")).unwrap_or_default();
    let act = s.last_action.as_deref().map(|a| format!(" | {a}")).unwrap_or_default();
    format!("{obs} | {live} | {} frames, {} masked{lat} | {} bypass(es) stopped{act}", s.frames, s.frames_masked, s.bypasses_stopped)
}

/// Prints the line (terminal only) and writes the JSON file once a second until `stop`;
/// returns after a last write.
pub fn keep_showing(board: Arc<Board>, file: Option<PathBuf>, done: Arc<AtomicBool>) {
    let tty = std::io::stderr().is_terminal();
    loop {
        let s = board.snapshot();
        if tty {
            let mut l = line(&s);
            l.truncate(l.char_indices().nth(160).map(|(i, _)| i).unwrap_or(l.len()));
            let _ = write!(std::io::stderr(), "\r\x1b[2K{l}");
        }
        if let Some(f) = &file
            && let Err(e) = write_json(f, &s)
        {
            tracing::warn!(error = %e, "cannot write the status file");
        }
        if done.load(Ordering::SeqCst) {
            if tty {
                eprintln!();
            }
            return;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

fn write_json(path: &Path, s: &Status) -> std::io::Result<()> {
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, serde_json::to_vec_pretty(s).map_err(std::io::Error::other)?)?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_says_the_state() {
        let mut s = Status { obs_connected: true, obs_points_here: true, frames: 12, ..Status::default() };
        assert!(line(&s).starts_with("OBS connected | idle | 12 frames"), "{}", line(&s));
        s.obs_points_here = false;
        s.last_action = Some("stopped a stream".into());
        assert!(line(&s).contains("NOT pointed here") && line(&s).ends_with("| stopped a stream"), "{}", line(&s));
        let b = Board::new();
        b.frame_in();
        assert!(b.snapshot().streaming);
        assert_eq!(b.snapshot().frames, 1);
    }
}
