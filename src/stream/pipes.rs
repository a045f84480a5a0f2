//! The ends of a live stream: the sources `--from` names, and the window sink of a preview.
//! User-supplied URLs and paths are set as element properties after parsing, never pasted
//! into the pipeline text, so they cannot inject elements.

use gstreamer as gst;
use gstreamer::prelude::*;

#[derive(Debug, thiserror::Error)]
pub enum PipeError {
    #[error("GStreamer: {0}")]
    Gst(String),
    #[error("unsupported source {0}: use srt://…, screen[:DISPLAY], testsrc, pipewire or a file path")]
    Source(String),
    #[error(
        "no virtual camera at {0}: load one with `sudo modprobe v4l2loopback video_nr=10 card_label=screenveil exclusive_caps=1` and pass --to v4l2:/dev/video10"
    )]
    NoCamera(String),
    #[error("no window to preview in: {0}")]
    NoWindow(String),
}

impl crate::error::Kinded for PipeError {
    fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind::*;
        match self {
            // A `--from` this program cannot take.
            PipeError::Source(_) => Usage,
            // A pipeline that fails once running fails at its sink, the output's side.
            PipeError::Gst(_) => Output,
            PipeError::NoCamera(_) | PipeError::NoWindow(_) => Setup,
        }
    }
}

fn gst_err(e: impl std::fmt::Display) -> PipeError {
    PipeError::Gst(crate::gate::scrub(&e.to_string()))
}

/// Starts GStreamer (debug log scrubbed of stream keys; see `video::pipeline::init_gst`).
pub fn init() -> Result<(), PipeError> {
    crate::video::pipeline::init_gst().map_err(gst_err)
}

/// Where frames come from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// SRT listener (OBS streams to it) or caller: the canonical URI built from the parsed
    /// address (a listener binds 127.0.0.1 unless the address names another interface).
    Srt(String),
    /// X11 screen capture (`screen` or `screen:99` for display :99).
    Screen(Option<String>),
    /// PipeWire screen cast (Wayland), where the portal is available.
    PipeWire,
    /// A recording played at its own speed.
    File(std::path::PathBuf),
    /// A moving test pattern.
    Test,
}

impl Source {
    pub fn parse(s: &str) -> Result<Source, PipeError> {
        let l = s.to_ascii_lowercase();
        if crate::gate::dest::has_forbidden_chars(s) {
            return Err(PipeError::Source(crate::gate::mask_url(s)));
        }
        Ok(if l.starts_with("srt://") {
            Source::Srt(srt_source_uri(s)?)
        } else if l == "screen" {
            Source::Screen(None)
        } else if let Some(d) = s.strip_prefix("screen:") {
            // The display goes into the pipeline text (ximagesrc opens it while the pipeline is
            // linked, before a property set afterwards would count), so only a display's own
            // characters pass.
            if d.is_empty() || !d.chars().all(|c| c.is_ascii_alphanumeric() || ".:-_".contains(c)) {
                return Err(PipeError::Source(crate::gate::mask_url(s)));
            }
            Source::Screen(Some(if d.starts_with(':') { d.to_string() } else { format!(":{d}") }))
        } else if l == "pipewire" {
            Source::PipeWire
        } else if l == "testsrc" {
            Source::Test
        } else if l.contains("://") {
            return Err(PipeError::Source(crate::gate::mask_url(s)));
        } else {
            Source::File(s.into())
        })
    }
}

/// The URI an SRT source is opened with. A bare port (`srt://:9000`) listens on 127.0.0.1
/// only: whoever can reach the listener feeds the stream, so other interfaces need to be named
/// (`srt://0.0.0.0:9000`, `srt://192.168.1.5:9000`). Parsed and rebuilt like a destination.
fn srt_source_uri(s: &str) -> Result<String, PipeError> {
    let bad = |e: crate::gate::GateError| PipeError::Source(format!("{} ({e})", crate::gate::mask_url(s)));
    let listener = !s.contains("mode=") || s.contains("mode=listener");
    let mut text = s.to_string();
    if listener && !s.contains("mode=") {
        text.push(if s.contains('?') { '&' } else { '?' });
        text.push_str("mode=listener");
    }
    let mut d = crate::gate::NetDest::parse(&text).map_err(bad)?;
    if listener && d.host.is_none() && !s.contains("localaddress=") {
        d.bind = Some(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
    }
    crate::gate::register_secrets(crate::gate::Destination::Net(d.clone()).secrets());
    if let Some(b) = d.bind.filter(|b| !b.is_loopback()) {
        tracing::warn!(bind = %b, "the SRT input listens beyond this machine: anyone who reaches it can feed the stream");
    }
    d.srt_uri().ok_or_else(|| PipeError::Source(crate::gate::mask_url(s)))
}

/// The sound every destination gets; the sample format is left to the encoder (avenc_aac
/// takes planar float only).
pub(super) const AUDIO_CAPS: &str = "audio/x-raw,rate=48000,channels=2";

/// The window sink for the local preview: the first of the session's own display sinks that
/// opens. autovideosink is no fallback: without a display it picks DirectFB or KMS sinks, which
/// crash or fail late (it segfaulted here with DISPLAY unset). ximagesink comes before
/// xvimagesink, which needs an Xv port that virtual displays lack. The sink that opened is
/// returned still open and goes into the pipeline itself: every close before the next open
/// races an X server that resets when its last client leaves (the next open is refused,
/// "Could not initialise X output": 1 run in 12 failed so under Xvfb).
pub(super) fn preview_sink() -> Result<gst::Element, PipeError> {
    let wayland = std::env::var_os("WAYLAND_DISPLAY");
    let x11 = std::env::var_os("DISPLAY");
    if wayland.is_none() && x11.is_none() {
        return Err(PipeError::NoWindow("neither DISPLAY nor WAYLAND_DISPLAY is set (run it in a desktop session)".into()));
    }
    let candidates = [("waylandsink", wayland.is_some()), ("ximagesink", x11.is_some()), ("xvimagesink", x11.is_some())];
    for (name, usable) in candidates {
        if !usable {
            continue;
        }
        if let Ok(e) = gst::ElementFactory::make(name).name("out").property("sync", false).build() {
            if e.set_state(gst::State::Ready).is_ok() {
                return Ok(e);
            }
            let _ = e.set_state(gst::State::Null);
        }
    }
    let shown = |v: Option<std::ffi::OsString>| v.map(|v| v.to_string_lossy().into_owned()).unwrap_or_else(|| "unset".into());
    Err(PipeError::NoWindow(format!(
        "no display sink could open DISPLAY={} / WAYLAND_DISPLAY={}: is that display running and reachable, and gstreamer1.0-plugins-base installed?",
        shown(x11),
        shown(wayland)
    )))
}

/// The AAC encoder to use, best first (live outputs need AAC: FLV, MPEG-TS, MP4).
pub(super) fn aac_encoder() -> Option<&'static str> {
    ["avenc_aac", "voaacenc", "fdkaacenc"].into_iter().find(|e| gst::ElementFactory::find(e).is_some())
}
