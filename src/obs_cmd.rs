//! `screenveil obs`: its flags, and the guard's options assembled from them, OBS's own
//! configuration and the environment.

use std::path::PathBuf;

use crate::exit::{FailAs, Failure};
use screenveil::config::Config;
use screenveil::error::ErrorKind;

#[derive(clap::Args)]
pub struct ObsArgs {
    /// Publish here (rtmp(s)://…, srt://…) instead of the destination set in OBS.
    #[arg(long)]
    to: Option<String>,
    /// The stream on the destination is private/unlisted: let the gate pass it.
    #[arg(long)]
    private: bool,
    /// obs-websocket host (OBS on this machine: 127.0.0.1).
    #[arg(long, default_value = "127.0.0.1")]
    obs_host: String,
    /// obs-websocket port [default: OBS's configured port, else 4455].
    #[arg(long)]
    obs_port: Option<u16>,
    /// File holding the obs-websocket password [default: $SCREENVEIL_OBS_PASSWORD, else the
    /// password in OBS's configuration].
    #[arg(long)]
    obs_password_file: Option<PathBuf>,
    /// OBS's configuration folder [default: ~/.config/obs-studio].
    #[arg(long)]
    obs_config: Option<PathBuf>,
    /// SRT port on 127.0.0.1 that OBS streams to.
    #[arg(long, default_value_t = 9710)]
    listen_port: u16,
    /// Give OBS its own stream settings back on exit.
    #[arg(long)]
    restore: bool,
    /// Keep a JSON status here, rewritten every half second.
    #[arg(long)]
    status: Option<PathBuf>,
    /// Redact OBS's recordings when they finish (NAME.redacted.EXT beside each).
    #[arg(long)]
    redact_recordings: bool,
    /// With --redact-recordings: delete each original once its redacted copy is written.
    #[arg(long, requires = "redact_recordings")]
    delete_originals: bool,
    #[command(flatten)]
    live: crate::LiveFlags,
}

pub fn run(cfg: Config, a: ObsArgs) -> Result<(), Failure> {
    use screenveil::obs::{self, service};
    let obs_cfg = a.obs_config.clone().or_else(service::default_config_dir).and_then(|d| service::websocket_config(&d)).unwrap_or_default();
    let password = match &a.obs_password_file {
        Some(f) => Some(std::fs::read_to_string(f).fail_as(ErrorKind::Usage, || format!("cannot read {}", f.display()))?.trim().to_string()),
        None => std::env::var("SCREENVEIL_OBS_PASSWORD").ok().filter(|p| !p.is_empty()).or(obs_cfg.password),
    };
    if let Some(p) = &password {
        screenveil::gate::register_secrets(vec![p.clone()]);
    }
    let d = screenveil::stream::StreamOptions::default();
    let opts = obs::ObsOptions {
        reach: obs::guard::Reach { host: a.obs_host, port: a.obs_port.or(obs_cfg.port).unwrap_or(4455), password },
        to: a.to,
        private: a.private,
        listen_port: a.listen_port,
        restore: a.restore,
        status_file: a.status,
        seconds: a.live.seconds,
        redact_recordings: a.redact_recordings,
        delete_originals: a.delete_originals,
        stream: screenveil::stream::StreamOptions {
            delay_ms: a.live.delay_ms.unwrap_or(d.delay_ms),
            fps: a.live.fps.unwrap_or(d.fps),
            bitrate_kbps: a.live.bitrate_kbps.unwrap_or(d.bitrate_kbps),
            seconds: None,
        },
    };
    let s = obs::run(cfg, opts)?;
    eprintln!("screenveil obs: {}", obs::status::line(&s));
    Ok(())
}
