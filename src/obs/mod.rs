//! `screenveil obs`: a guard around OBS. OBS's stream output is pointed (over obs-websocket)
//! at screenveil's SRT listener on 127.0.0.1; each stream OBS sends is redacted and published
//! to the user's destination (the one OBS had, or `--to`), which the publish gate approves
//! first. The guard stops any stream OBS sends elsewhere, the listener outlives OBS's stream
//! stops and restarts, and the websocket is reconnected when OBS restarts.

pub mod guard;
pub mod service;
pub mod status;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::gate::{Approved, Marking};
use crate::stream::{Source, StreamError, StreamOptions};
use status::Board;

#[derive(Debug, thiserror::Error)]
pub enum ObsError {
    #[error("cannot reach OBS at {at}: {why} (is OBS running with Tools → WebSocket Server Settings → Enable checked?)")]
    Unreachable { at: String, why: String },
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Gate(#[from] crate::gate::GateError),
    #[error(transparent)]
    Stream(#[from] StreamError),
    #[error("cannot start: {0}")]
    Setup(String),
}

impl crate::error::Kinded for ObsError {
    fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind::*;
        match self {
            ObsError::Unreachable { .. } | ObsError::Setup(_) => Setup,
            ObsError::Usage(_) => Usage,
            ObsError::Gate(e) => e.kind(),
            ObsError::Stream(e) => e.kind(),
        }
    }
}

pub struct ObsOptions {
    pub reach: guard::Reach,
    /// Publish here instead of OBS's own destination.
    pub to: Option<String>,
    pub private: bool,
    /// The SRT port screenveil listens on (127.0.0.1).
    pub listen_port: u16,
    /// Give OBS its own stream settings back on exit.
    pub restore: bool,
    /// Write the status as JSON here.
    pub status_file: Option<PathBuf>,
    /// End after this long (tests, timed sessions).
    pub seconds: Option<f64>,
    /// Redact OBS's finished recordings (`name.redacted.ext` beside each).
    pub redact_recordings: bool,
    /// Delete a recording's original once its redacted copy is written.
    pub delete_originals: bool,
    pub stream: StreamOptions,
}

/// What a run did.
pub type Summary = status::Status;

/// Guards OBS until `seconds` pass or Ctrl-C.
pub fn run(cfg: Config, opts: ObsOptions) -> Result<Summary, ObsError> {
    if opts.seconds.is_some_and(|s| !(s.is_finite() && s > 0.0)) {
        return Err(ObsError::Usage("--seconds must be a positive number of seconds".into()));
    }
    if opts.listen_port == 0 {
        return Err(ObsError::Usage("--listen-port must be a port number (1-65535)".into()));
    }
    let listener = format!("srt://127.0.0.1:{}", opts.listen_port);
    let src = Source::parse(&listener).map_err(StreamError::from)?;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| ObsError::Setup(e.to_string()))?;
    let at = format!("ws://{}:{}", opts.reach.host, opts.reach.port);
    let client = rt
        .block_on(guard::connect(&opts.reach, Duration::from_secs(5)))
        .map_err(|e| ObsError::Unreachable { at: at.clone(), why: crate::gate::scrub(&e.to_string()) })?;
    let original = rt.block_on(guard::service(&client)).map_err(|e| ObsError::Unreachable { at: at.clone(), why: crate::gate::scrub(&e.to_string()) })?;
    // The key OBS holds is a secret from here on: masked in every message and log line.
    if let Some(d) = original.destination().and_then(|d| crate::gate::Destination::parse(&d).ok()) {
        crate::gate::register_secrets(d.secrets());
    }
    let to = match (&opts.to, original.destination()) {
        (Some(t), _) => t.clone(),
        (None, _) if original.goes_through(&listener) => {
            return Err(ObsError::Usage(
                "OBS already streams to screenveil's listener (left from an earlier run?): give the real destination with --to".into(),
            ));
        }
        (None, Some(d)) => d,
        (None, None) => {
            return Err(ObsError::Usage(format!("OBS streams to {}, whose address OBS picks itself: give the destination with --to", original.shown())));
        }
    };
    let dest = crate::gate::Destination::parse(&to)?;
    let approved = crate::gate::check(dest, opts.private.then_some(Marking::Flag))?;
    crate::stream::preflight(&src, &approved, &opts.stream)?;
    let board = Board::new();
    board.update(|s| {
        s.destination = approved.destination().display();
        s.listener = listener.clone();
        s.obs_connected = true;
    });
    let (_, why) = crate::gate::explain(approved.destination(), approved.marking());
    eprintln!("screenveil obs: OBS at {at} streams through {listener}, redacted to {why}");
    drop(client);

    let recordings = opts.redact_recordings.then(|| recordings_worker(board.clone(), opts.delete_originals));
    let guard_thread = {
        let (reach, listener, board, restore) = (opts.reach.clone(), listener.clone(), board.clone(), opts.restore);
        let tx = recordings.as_ref().map(|(tx, _)| tx.clone());
        std::thread::Builder::new()
            .name("obs-guard".into())
            .spawn(move || rt.block_on(guard::run(reach, listener, original, restore, board, tx)))
            .map_err(|e| ObsError::Setup(e.to_string()))?
    };
    let shown = Arc::new(AtomicBool::new(false));
    let printer = {
        let (board, file, shown) = (board.clone(), opts.status_file.clone(), shown.clone());
        std::thread::spawn(move || status::keep_showing(board, file, shown))
    };
    let relayed = relay(&cfg, &src, &approved, &opts, &board);
    board.stop.store(true, Ordering::SeqCst);
    let _ = guard_thread.join();
    if let Some((tx, worker)) = recordings {
        drop(tx);
        let _ = worker.join();
    }
    shown.store(true, Ordering::SeqCst);
    let _ = printer.join();
    relayed?;
    Ok(board.snapshot())
}

/// One stream session after another, each from OBS's connecting to its stopping, until the
/// run ends. The listener is down only for the moment between two sessions (OBS retries).
fn relay(cfg: &Config, src: &Source, dest: &Approved, opts: &ObsOptions, board: &Arc<Board>) -> Result<(), ObsError> {
    let t0 = Instant::now();
    let mut failures = 0u32;
    let mut kept: Option<crate::track::Tracker> = None;
    while !board.stopping() {
        let left = opts.seconds.map(|s| s - t0.elapsed().as_secs_f64());
        if left.is_some_and(|l| l <= 0.05) {
            break;
        }
        let session = StreamOptions { seconds: left, ..opts.stream.clone() };
        let hook_board = board.clone();
        let hook: crate::stream::live::FrameHook = Box::new(move |_| hook_board.frame_in());
        // The listener is down from one session's end to the next one's start: OBS, started
        // again in that gap, fails to connect. The OCR workers of a session that went well
        // serve the next one, so the gap is the pipeline's rebuild only.
        let tracker = match kept.take() {
            Some(mut t) => {
                t.reset();
                t
            }
            None => {
                let pool = crate::ocr::pool::OcrPool::new(&cfg.ocr).map_err(|e| StreamError::from(crate::engine::EngineError::from(e)))?;
                crate::stream::live_tracker(cfg, &session, Box::new(pool))?
            }
        };
        let (ran, back) = crate::stream::run_keeping(tracker, src, dest, &session, Some(hook));
        kept = back;
        let frames = board.frames_now.swap(0, Ordering::Relaxed);
        board.update(|s| s.frames += frames);
        match ran {
            Ok(st) => {
                failures = 0;
                board.update(|s| {
                    s.sessions += 1;
                    s.frames_masked += st.masked_frames;
                    s.latency_ms_p99 = Some(st.added_latency_ms_p99);
                    s.last_error = None;
                });
                board.act(format!("stream session ended: {} frames relayed, p99 added latency {:.0} ms", st.frames, st.added_latency_ms_p99));
            }
            // The time ran out (or Ctrl-C) before OBS sent anything. A listener that ends
            // otherwise without a frame failed (port taken, say): that is an error below, with
            // the pause that keeps the loop from spinning.
            Err(StreamError::Source(_)) if frames == 0 && (board.stopping() || opts.seconds.is_some_and(|s| t0.elapsed().as_secs_f64() >= s - 0.1)) => {}
            Err(e @ (StreamError::Pipe(_) | StreamError::Engine(_) | StreamError::Invalid(_))) => return Err(e.into()),
            Err(e) => {
                // The destination refused or dropped the stream: OBS's connection ends with
                // it, and the next session tries again, slower each time.
                failures += 1;
                let msg = crate::gate::scrub(&e.to_string());
                board.update(|s| s.last_error = Some(msg.clone()));
                board.act(format!("stream session failed: {msg}; listening again"));
                std::thread::sleep(Duration::from_millis(500 * u64::from(failures.min(10))));
            }
        }
    }
    Ok(())
}

type Worker = (std::sync::mpsc::Sender<PathBuf>, std::thread::JoinHandle<()>);

/// Redacts each finished OBS recording with `screenveil video` (a process of its own: a
/// failure there never touches the live relay).
fn recordings_worker(board: Arc<Board>, delete_originals: bool) -> Worker {
    let (tx, rx) = std::sync::mpsc::channel::<PathBuf>();
    let worker = std::thread::spawn(move || {
        for path in rx {
            let Some(out) = redacted_name(&path) else { continue };
            let Ok(exe) = std::env::current_exe() else { return };
            board.act(format!("redacting OBS's recording {}", crate::gate::printable(&path.display().to_string())));
            let ok = std::process::Command::new(exe).arg("video").arg(&path).arg("-o").arg(&out).arg("--quiet").status().is_ok_and(|s| s.success());
            if ok {
                board.update(|s| s.recordings_redacted += 1);
                let removed = delete_originals && std::fs::remove_file(&path).is_ok();
                board.act(format!("recording redacted to {}{}", out.display(), if removed { "; original deleted" } else { "" }));
            } else {
                board.act(format!("could not redact the recording {}", crate::gate::printable(&path.display().to_string())));
            }
        }
    });
    (tx, worker)
}

/// `talk.mkv` → `talk.redacted.mkv`.
pub fn redacted_name(p: &std::path::Path) -> Option<PathBuf> {
    let stem = p.file_stem()?.to_string_lossy();
    let ext = p.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_else(|| "mkv".into());
    Some(p.with_file_name(format!("{stem}.redacted.{ext}")))
}
