//! The `screenveil` command: parses arguments, calls the library, maps errors to exit codes.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use exit::{FailAs, Failure, KindedContext};
use screenveil::error::ErrorKind;

use screenveil::config::Config;
use screenveil::engine::Engine;
use screenveil::redact::Style;
use screenveil::screenshot::redact_file;
use screenveil::track::Tracker;
use screenveil::video::{Codec, VideoError, VideoOptions, redact_file as redact_video, redact_folder};

mod exit;
mod obs_cmd;

/// The detectors build and drop many short strings per line; mimalloc serves them in a
/// tenth fewer instructions than glibc's allocator (`cargo bench --bench scan_text`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "screenveil", version, about = "Hide secrets and personal data in screenshots, recordings and streams")]
struct Cli {
    /// Configuration file (TOML).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Log level (error, warn, info, debug).
    #[arg(long, global = true, default_value = "warn")]
    log: String,
    #[command(subcommand)]
    cmd: Cmd,
}

/// `--style` (the library's `Style` knows nothing of the command line).
#[derive(Clone, Copy, clap::ValueEnum)]
enum StyleArg {
    Fill,
    Pixelate,
    Blur,
}

/// OCR and redaction flags shared by `image` and `video`.
#[derive(clap::Args)]
struct OcrFlags {
    /// OCR language(s) read first, tesseract syntax (e.g. `eng`, `eng+pol`).
    #[arg(long)]
    lang: Option<String>,
    /// How masks look: a solid fill (default; irreversible), or weaker pixelation or blur.
    #[arg(long, value_enum)]
    style: Option<StyleArg>,
    /// OCR worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Redact one screenshot.
    Image {
        input: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// Write a JSON report of what was hidden (no plaintext values).
        #[arg(long)]
        report: Option<PathBuf>,
        #[command(flatten)]
        flags: OcrFlags,
    },
    /// Redact a screen recording (or every recording in a folder).
    ///
    /// Output keeps resolution, frame count and timestamps; audio and subtitle streams are
    /// copied unchanged. In folder mode OUTPUT is a folder, finished outputs are skipped
    /// (resume), and reports go to REPORT/<relative name>.jsonl.
    Video {
        input: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// JSON-lines report: one line per finding track, then a summary line.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Output video codec.
        #[arg(long, value_enum, default_value_t = Codec::H264)]
        codec: Codec,
        /// Frames held back so late recognitions can mask earlier frames.
        #[arg(long)]
        lookahead: Option<usize>,
        /// Frames new text must stay unchanged before it is read (masked until then).
        #[arg(long)]
        stable_frames: Option<usize>,
        #[command(flatten)]
        flags: OcrFlags,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Redact live: from OBS (SRT), the screen, a file or a test pattern to RTMP/SRT, a file,
    /// a virtual camera or a preview window. Public destinations need --private.
    Stream {
        /// Source: srt://:9000 (listen for OBS), screen[:DISPLAY], pipewire, testsrc, or a file.
        #[arg(long)]
        from: Option<String>,
        /// Destination: rtmp(s)://…, srt://…, a file path, v4l2:/dev/videoN, or preview.
        #[arg(long)]
        to: Option<String>,
        /// The stream on this destination is private/unlisted: let the gate pass it.
        #[arg(long)]
        private: bool,
        /// A ready pipeline from pipelines/ by name (obs-srt-to-rtmp, screen-to-rtmp, …).
        #[arg(long)]
        pipeline: Option<String>,
        /// A profile TOML overriding the pipeline's fields.
        #[arg(long)]
        profile: Option<PathBuf>,
        #[command(flatten)]
        live: LiveFlags,
        /// Write latency/CPU statistics as JSON here at the end.
        #[arg(long)]
        stats: Option<PathBuf>,
    },
    /// Guard OBS: point its stream at screenveil (over obs-websocket), publish each stream
    /// redacted to OBS's own destination (or --to), and stop any stream OBS sends elsewhere.
    Obs(obs_cmd::ObsArgs),
    /// Explain what the publish gate decides for a destination; connects nowhere.
    /// Exit status 0 when allowed, 6 when refused.
    Gate {
        destination: String,
        #[arg(long)]
        private: bool,
    },
    /// Measure incremental analysis against OCR of every full frame on the first frames of a
    /// recording (decode + analysis, no encode), side by side in one run.
    #[command(hide = true)]
    BenchVideo {
        input: PathBuf,
        #[arg(long, default_value_t = 60)]
        frames: u64,
        /// Frames for the naive baseline (it is ~100x slower).
        #[arg(long, default_value_t = 10)]
        naive_frames: u64,
        /// Also time the whole `screenveil video` run of the recording (all of it).
        #[arg(long)]
        end_to_end: bool,
    },
    /// Print the text OCR reads on an image, line by line with boxes and detected kinds
    /// (diagnostics: prints what is on the screen, secrets included).
    #[command(hide = true)]
    Ocr { input: PathBuf },
    /// List or check detection rules (`models/rules/*.toml`).
    Rules {
        #[command(subcommand)]
        cmd: RulesCmd,
    },
    /// Measure the detectors on the generated, labelled corpus: per-category precision/recall.
    DetectEval {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Lines per template family.
        #[arg(long, default_value_t = 200)]
        n: usize,
        /// Also print every miss and false alarm.
        #[arg(long)]
        show_errors: bool,
    },
    /// Find sensitive values in text; one JSON object per finding per line.
    ScanText {
        /// Text file, or `-` / nothing for standard input.
        file: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum RulesCmd {
    /// One line per built-in rule: id, category, name.
    List,
    /// Parse a rule file (or the built-in rules) and run every example and negative example.
    Check { file: Option<PathBuf> },
}

/// Tesseract's OpenMP threads make it several times slower on small machines; libgomp reads
/// `OMP_THREAD_LIMIT` only at load, so the process re-executes itself once with it set.
fn ensure_single_threaded_ocr() {
    if std::env::var_os("OMP_THREAD_LIMIT").is_some() {
        return;
    }
    #[cfg(unix)]
    if let Ok(exe) = std::env::current_exe() {
        use std::os::unix::process::CommandExt;
        let err = std::process::Command::new(exe).args(std::env::args_os().skip(1)).env("OMP_THREAD_LIMIT", "1").exec();
        eprintln!("screenveil: warning: could not re-execute with OMP_THREAD_LIMIT=1: {err}");
    }
}

/// The live output's flags, shared by `stream` and `obs`.
#[derive(clap::Args)]
struct LiveFlags {
    /// Delay line: how long frames wait for analysis before leaving masked.
    #[arg(long)]
    delay_ms: Option<u32>,
    /// Frame rate of the output (frames are fitted to it).
    #[arg(long)]
    fps: Option<u32>,
    /// Video bitrate of the output, kb/s.
    #[arg(long)]
    bitrate_kbps: Option<u32>,
    /// Stop after this many seconds.
    #[arg(long)]
    seconds: Option<f64>,
}

/// Ctrl-C / SIGTERM: a recording in progress stops at the next frame and removes its
/// temporary files; a second Ctrl-C ends the process at once.
fn install_interrupt_handler() {
    extern "C" fn on_signal(sig: libc::c_int) {
        screenveil::video::INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
        // SAFETY: signal() is async-signal-safe; the next signal gets the default action.
        unsafe {
            libc::signal(sig, libc::SIG_DFL);
        }
    }
    #[cfg(unix)]
    // SAFETY: installs a handler that only stores to an atomic and resets the disposition.
    unsafe {
        libc::signal(libc::SIGINT, on_signal as *const () as libc::sighandler_t);
        libc::signal(libc::SIGTERM, on_signal as *const () as libc::sighandler_t);
    }
}

fn main() -> ExitCode {
    // Behave like a Unix tool when output is piped into `head`: end quietly, do not panic.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    ensure_single_threaded_ocr();
    install_interrupt_handler();
    // A bug is one line too, never a backtrace that could quote a value.
    std::panic::set_hook(Box::new(|info| {
        let msg = info.payload().downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| info.payload().downcast_ref::<String>().cloned()).unwrap_or_default();
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("screenveil: internal error: {}{at}", screenveil::gate::scrub(&msg));
    }));
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            // obws warns on every connection that skips its OBS version check (see obs::guard).
            tracing_subscriber::EnvFilter::try_new(&cli.log)
                .unwrap_or_else(|_| "warn".into())
                .add_directive("obws::client=error".parse().expect("a valid directive")),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            // One line, with stream keys and control characters removed whatever the source.
            eprintln!("screenveil: error: {}", screenveil::gate::scrub(&format!("{:#}", f.error)));
            ExitCode::from(f.exit_code())
        }
    }
}

/// Applies `image`/`video` flags over the configuration file's values.
fn apply_flags(cfg: &mut Config, f: OcrFlags) {
    if let Some(l) = f.lang {
        cfg.ocr.primary = l;
    }
    if let Some(s) = f.style {
        cfg.redact.style = match s {
            StyleArg::Fill => Style::Fill,
            StyleArg::Pixelate => Style::Pixelate,
            StyleArg::Blur => Style::Blur,
        };
    }
    if let Some(t) = f.threads {
        cfg.ocr.threads = t;
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let mut cfg = match &cli.config {
        Some(p) => Config::load(p)?,
        None => Config::default(),
    };
    match cli.cmd {
        Cmd::Image { input, output, report, flags } => {
            apply_flags(&mut cfg, flags);
            let mut engine = Engine::new(&cfg.ocr, &cfg.detect, cfg.redact).context("cannot start OCR")?;
            let s = redact_file(&mut engine, &input, &output, report.as_deref())?;
            tracing::info!(findings = s.findings, masks = s.masks, seconds = s.seconds, "redacted");
            eprintln!("screenveil: {} finding(s) hidden in {} ({:.2} s)", s.findings, output.display(), s.seconds);
            Ok(())
        }
        Cmd::Video { input, output, report, codec, lookahead, stable_frames, flags, quiet } => {
            apply_flags(&mut cfg, flags);
            if let Some(n) = lookahead {
                cfg.video.lookahead = n;
            }
            if let Some(n) = stable_frames {
                cfg.video.stable_frames = n;
            }
            let mut tracker = Some(Tracker::new(&cfg.ocr, &cfg.detect, cfg.redact, cfg.video).context("cannot start OCR")?);
            let opts = VideoOptions { codec, progress: !quiet };
            if input.is_dir() {
                let reports = report.clone().or_else(|| Some(output.clone()));
                let sum = redact_folder(&mut tracker, &opts, &input, &output, reports.as_deref())?;
                for (p, s) in &sum.done {
                    eprintln!("  done     {} ({} frames, {} finding tracks, {:.2}x real time)", p.display(), s.frames, s.tracks, s.speed_x_realtime);
                }
                for p in &sum.skipped {
                    eprintln!("  skipped  {} (already redacted)", p.display());
                }
                for (p, e) in &sum.failed {
                    eprintln!("  FAILED   {}: {e}", p.display());
                }
                let total = sum.done.len() + sum.skipped.len() + sum.failed.len();
                eprintln!("screenveil: {total} recording(s): {} redacted, {} already done, {} failed", sum.done.len(), sum.skipped.len(), sum.failed.len());
                if !sum.failed.is_empty() {
                    return Err(VideoError::Batch { failed: sum.failed.len(), total, kind: sum.kind().unwrap_or(ErrorKind::Internal) }.into());
                }
                return Ok(());
            }
            let s = redact_video(&mut tracker, &opts, &input, &output, report.as_deref())?;
            eprintln!(
                "screenveil: {} frames, {} finding track(s) hidden in {} ({:.1} s, {:.2}x real time)",
                s.frames,
                s.tracks,
                output.display(),
                s.seconds,
                s.speed_x_realtime
            );
            Ok(())
        }
        Cmd::Stream { from, to, private, pipeline, profile, live: LiveFlags { delay_ms, fps, bitrate_kbps, seconds }, stats } => {
            use screenveil::stream::profile::{self as prof, Profile, Visibility};
            let mut p = match &pipeline {
                Some(n) => prof::builtin(n)?,
                None => Profile::default(),
            };
            // A profile's private marking is for the destination it names, never for another.
            let mut profile_marking = None;
            if let Some(f) = &profile {
                let text = std::fs::read_to_string(f).fail_as(ErrorKind::Usage, || format!("cannot read {}", f.display()))?;
                let fp = prof::parse(&f.display().to_string(), &text)?;
                if fp.visibility == Some(Visibility::Private) {
                    profile_marking = fp.to.clone().map(|t| (t, screenveil::gate::Marking::Profile(f.display().to_string())));
                }
                p = p.merged(Profile { visibility: None, ..fp });
            }
            p = p.merged(Profile { from, to, visibility: None, delay_ms, fps, bitrate_kbps });
            let from = p.from.clone().fail_as(ErrorKind::Usage, || "no source: give --from or --pipeline".into())?;
            let to = p.to.clone().fail_as(ErrorKind::Usage, || "no destination: give --to or --pipeline".into())?;
            let marking = if private {
                Some(screenveil::gate::Marking::Flag)
            } else {
                match profile_marking {
                    Some((t, m)) if t == to => Some(m),
                    Some(_) => {
                        eprintln!(
                            "screenveil: note: the profile's visibility = \"private\" is for its own `to`, not for {}",
                            screenveil::gate::Destination::parse(&to).map(|d| d.display()).unwrap_or_else(|_| screenveil::gate::mask_url(&to))
                        );
                        None
                    }
                    None => None,
                }
            };
            let dest = screenveil::gate::Destination::parse(&to)?;
            let approved = screenveil::gate::check(dest, marking)?;
            let src = screenveil::stream::Source::parse(&from)?;
            let d = screenveil::stream::StreamOptions::default();
            let opts = screenveil::stream::StreamOptions {
                delay_ms: p.delay_ms.unwrap_or(d.delay_ms),
                fps: p.fps.unwrap_or(d.fps),
                bitrate_kbps: p.bitrate_kbps.unwrap_or(d.bitrate_kbps),
                seconds,
            };
            screenveil::stream::preflight(&src, &approved, &opts)?;
            let (_, why) = screenveil::gate::explain(approved.destination(), approved.marking());
            eprintln!("screenveil: streaming to {why}");
            let st = screenveil::stream::run(cfg, &src, &approved, &opts)?;
            let json = serde_json::to_string_pretty(&st).fail_as(ErrorKind::Internal, || "cannot write statistics".into())?;
            if let Some(path) = stats {
                std::fs::write(&path, &json).fail_as(ErrorKind::Output, || format!("cannot write {}", path.display()))?;
            }
            eprintln!(
                "screenveil: {} frames, added latency p50 {:.0} ms / p99 {:.0} ms, CPU {:.0} %, {} slate frame(s)",
                st.frames, st.added_latency_ms_p50, st.added_latency_ms_p99, st.cpu_percent, st.slate_frames
            );
            Ok(())
        }
        Cmd::Obs(a) => obs_cmd::run(cfg, a),
        Cmd::Gate { destination, private } => {
            let dest = screenveil::gate::Destination::parse(&destination)?;
            let marking = private.then_some(screenveil::gate::Marking::Flag);
            let (allowed, line) = screenveil::gate::explain(&dest, marking.as_ref());
            println!("{line}");
            if !allowed {
                screenveil::gate::check(dest, marking)?;
            }
            Ok(())
        }
        Cmd::BenchVideo { input, frames, naive_frames, end_to_end } => {
            let r = screenveil::video::bench::compare(cfg, &input, frames, naive_frames, end_to_end)?;
            println!("{}", serde_json::to_string_pretty(&r).fail_as(ErrorKind::Internal, || "cannot print the benchmark".into())?);
            eprintln!("{}", screenveil::video::bench::summary(&r));
            Ok(())
        }
        Cmd::Ocr { input } => {
            let engine = Engine::new(&cfg.ocr, &cfg.detect, cfg.redact).context("cannot start OCR")?;
            let still = screenveil::ingest::load_still(&input)?;
            for (line, ctx, found) in engine.explain(&still.frame)? {
                println!("{:?} {:?} [{}] {}", line.rect, ctx.label, found.join(","), line.text);
                for w in &line.words {
                    println!("    {:?} {:.0} {}", w.rect, w.conf, w.text);
                }
            }
            Ok(())
        }
        Cmd::Rules { cmd: RulesCmd::List } => {
            for r in &screenveil::detect::rules::BUILTIN.rules {
                println!("{:<40} {:<12} {}", r.spec.id, r.spec.category.as_str(), r.spec.name);
            }
            Ok(())
        }
        Cmd::Rules { cmd: RulesCmd::Check { file } } => {
            use screenveil::detect::rules::{BUILTIN_RULES, RuleSet};
            let (name, text);
            let set = match &file {
                Some(p) => {
                    text = std::fs::read_to_string(p).fail_as(ErrorKind::Usage, || format!("cannot read {}", p.display()))?;
                    name = p.display().to_string();
                    RuleSet::from_sources([(name.as_str(), text.as_str())])?
                }
                None => RuleSet::from_sources(BUILTIN_RULES.iter().copied())?,
            };
            let fails = set.self_check();
            for f in &fails {
                println!("FAIL {f}");
            }
            let n_ex: usize = set.rules.iter().map(|r| r.spec.examples.len() + r.spec.negative_examples.len()).sum();
            println!("{} rules, {} examples checked, {} failed", set.rules.len(), n_ex, fails.len());
            if !fails.is_empty() {
                return Err(Failure::new(ErrorKind::Usage, anyhow::anyhow!("{} rule example(s) failed", fails.len())));
            }
            Ok(())
        }
        Cmd::DetectEval { seed, n, show_errors } => {
            use screenveil::detect::corpus;
            let samples = corpus::generate(seed, n);
            let t0 = std::time::Instant::now();
            let stats = corpus::evaluate(&samples);
            let secs = t0.elapsed().as_secs_f64();
            println!("{:<12} {:>9} {:>7} {:>6} {:>6} {:>6}", "category", "precision", "recall", "tp", "fp", "fn");
            for (cat, t) in &stats {
                let (p, r) = corpus::precision_recall(*t);
                println!("{cat:<12} {p:>9.3} {r:>7.3} {:>6} {:>6} {:>6}", t.0, t.1, t.2);
            }
            println!("{} lines, {:.0} lines/s", samples.len(), samples.len() as f64 / secs);
            if show_errors {
                for e in corpus::errors(&samples) {
                    println!("{e}");
                }
            }
            Ok(())
        }
        Cmd::ScanText { file } => {
            // The detectors build while the input is read.
            screenveil::detect::warm_up();
            let mut text = String::new();
            match file.as_deref() {
                None => std::io::stdin().read_to_string(&mut text).fail_as(ErrorKind::Input, || "cannot read standard input".into())?,
                Some(p) if p.as_os_str() == "-" => {
                    std::io::stdin().read_to_string(&mut text).fail_as(ErrorKind::Input, || "cannot read standard input".into())?
                }
                Some(p) => {
                    text = std::fs::read_to_string(p).fail_as(ErrorKind::Input, || format!("cannot read {}", p.display()))?;
                    0
                }
            };
            for line in screenveil::detect::scan::scan_text(&text) {
                println!("{}", serde_json::to_string(&line).fail_as(ErrorKind::Internal, || "cannot print a finding".into())?);
            }
            Ok(())
        }
    }
}
