//! GStreamer halves of a live stream: a source that ends in an RGB appsink, and a sink that
//! starts with an appsrc. Sinks need an [`Approved`] destination from the publish gate.
//! User-supplied URLs and paths are set as element properties after parsing, never pasted
//! into the pipeline text, so they cannot inject elements.

use gstreamer as gst;
use gstreamer::prelude::*;
use gstreamer_app as gst_app;

use crate::gate::{Approved, Destination, Scheme};

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
            Source::Screen(Some(d.to_string()))
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

/// Raw audio between the source and sink pipelines: what every encoder accepts.
const AUDIO_CAPS: &str = "audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=2";

/// A running source: video frames arrive RGB at `fps` on `frames`; a source that carries
/// sound (OBS over SRT, a recording) also delivers raw audio on `audio`.
pub struct SourcePipe {
    pub pipeline: gst::Pipeline,
    pub frames: gst_app::AppSink,
    pub audio: Option<gst_app::AppSink>,
}

impl SourcePipe {
    /// Whether the source turned out to have a sound track (known once video flows:
    /// decodebin exposes a stream's pads together).
    pub fn has_audio(&self) -> bool {
        self.audio.as_ref().is_some_and(|a| a.parent().is_some())
    }
}

/// Builds the source pipeline.
pub fn source(src: &Source, fps: u32) -> Result<SourcePipe, PipeError> {
    let head = match src {
        Source::Srt(_) => "srtsrc name=src wait-for-connection=true ! queue ! decodebin name=dec",
        Source::Screen(_) => "ximagesrc name=src use-damage=false show-pointer=true",
        Source::PipeWire => "pipewiresrc name=src",
        Source::File(_) => "filesrc name=src ! decodebin name=dec",
        Source::Test => "videotestsrc name=src is-live=true pattern=ball ! video/x-raw,width=1280,height=720",
    };
    let sync = matches!(src, Source::File(_));
    let demuxed = matches!(src, Source::Srt(_) | Source::File(_));
    // decodebin's pads link by caps: video to videoconvert, sound to audioconvert; each has
    // its own thread inside decodebin, so a slow consumer of one does not stall the other.
    let video_in = if demuxed { "dec. !" } else { "!" };
    let desc = format!(
        "{head} {video_in} videoconvert ! videorate ! video/x-raw,format=RGB,framerate={fps}/1 ! appsink name=frames max-buffers=2 drop=false sync={sync}"
    );
    let p = gst::parse::launch(&desc).map_err(gst_err)?.downcast::<gst::Pipeline>().map_err(|_| PipeError::Gst("not a pipeline".into()))?;
    let el = p.by_name("src").ok_or_else(|| PipeError::Gst("no source".into()))?;
    match src {
        Source::Srt(u) => el.set_property("uri", u),
        Source::Screen(Some(d)) => el.set_property("display-name", if d.starts_with(':') { d.clone() } else { format!(":{d}") }),
        Source::File(path) => el.set_property("location", path.to_str().unwrap_or_default()),
        _ => {}
    }
    let frames = p.by_name("frames").and_then(|e| e.downcast::<gst_app::AppSink>().ok()).ok_or_else(|| PipeError::Gst("no appsink".into()))?;
    let audio = match p.by_name("dec") {
        Some(dec) => Some(audio_branch(&p, &dec, sync)?),
        None => None,
    };
    Ok(SourcePipe { pipeline: p, frames, audio })
}

/// Sound, when the stream has some: decodebin's audio pad gets a converter and an appsink
/// added then. (A branch laid out in advance would never preroll on a silent source and
/// hold the whole pipeline in PAUSED.)
fn audio_branch(p: &gst::Pipeline, dec: &gst::Element, sync: bool) -> Result<gst_app::AppSink, PipeError> {
    let caps: gst::Caps = AUDIO_CAPS.parse().map_err(gst_err)?;
    let sink = gst_app::AppSink::builder().name("audio").caps(&caps).sync(sync).drop(false).build();
    let pipe = p.downgrade();
    let appsink = sink.clone();
    dec.connect_pad_added(move |_, pad| {
        let caps = pad.current_caps().unwrap_or_else(|| pad.query_caps(None));
        let is_audio = caps.structure(0).is_some_and(|s| s.name().starts_with("audio/"));
        let Some(pipe) = pipe.upgrade() else { return };
        if !is_audio || appsink.parent().is_some() {
            return;
        }
        let (Ok(conv), Ok(res)) = (gst::ElementFactory::make("audioconvert").build(), gst::ElementFactory::make("audioresample").build()) else {
            tracing::warn!("audioconvert/audioresample missing: sound dropped");
            return;
        };
        let els = [&conv, &res, appsink.upcast_ref::<gst::Element>()];
        if pipe.add_many(els).is_err() || gst::Element::link_many(els).is_err() {
            tracing::warn!("could not add the sound branch: sound dropped");
            return;
        }
        for e in els {
            let _ = e.sync_state_with_parent();
        }
        match conv.static_pad("sink").map(|sp| pad.link(&sp)) {
            Some(Ok(_)) => {}
            other => tracing::warn!(?other, "could not link the sound pad: sound dropped"),
        }
    });
    Ok(sink)
}

/// The window sink for the local preview: the first of the session's own display sinks that
/// opens. autovideosink is no fallback: without a display it picks DirectFB or KMS sinks, which
/// crash or fail late (it segfaulted here with DISPLAY unset). ximagesink comes before
/// xvimagesink, which needs an Xv port that virtual displays lack. The sink that opened is
/// returned still open and goes into the pipeline itself: every close before the next open
/// races an X server that resets when its last client leaves (the next open is refused,
/// "Could not initialise X output": 1 run in 12 failed so under Xvfb).
fn preview_sink() -> Result<gst::Element, PipeError> {
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
fn aac_encoder() -> Option<&'static str> {
    ["avenc_aac bitrate=192000", "voaacenc bitrate=192000", "fdkaacenc bitrate=192000"]
        .into_iter()
        .find(|e| gst::ElementFactory::find(e.split(' ').next().unwrap_or_default()).is_some())
}

/// A running sink: video frames go into `frames`, raw audio (when the destination takes
/// sound and the source has it) into `audio`.
pub struct SinkPipe {
    pub pipeline: gst::Pipeline,
    pub frames: gst_app::AppSrc,
    pub audio: Option<gst_app::AppSrc>,
}

/// Builds the sink pipeline for an approved destination.
/// `file` overrides where a file destination is written (its temporary name).
pub fn sink(dest: &Approved, file: Option<&std::path::Path>, width: u32, height: u32, fps: u32, kbps: u32, with_audio: bool) -> Result<SinkPipe, PipeError> {
    if let Destination::VirtualCam(dev) = dest.destination()
        && !dev.exists()
    {
        return Err(PipeError::NoCamera(dev.display().to_string()));
    }
    let enc = format!(
        "x264enc tune=zerolatency speed-preset=veryfast bitrate={kbps} key-int-max={} ! video/x-h264,profile=high ! h264parse config-interval=-1",
        fps * 2
    );
    let (tail, takes_audio) = match dest.destination() {
        Destination::Net(n) if n.scheme != Scheme::Srt => (format!("{enc} ! queue ! flvmux name=mux streamable=true ! rtmp2sink name=out"), true),
        // SRT carries at most 1316 bytes per message: seven TS packets per buffer, or large
        // frames (every keyframe) are dropped and a receiver never starts decoding.
        Destination::Net(_) => (format!("{enc} ! queue ! mpegtsmux name=mux alignment=7 ! srtsink name=out wait-for-connection=false"), true),
        Destination::File(p) => {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("mkv").to_ascii_lowercase();
            let mux = match ext.as_str() {
                "mp4" => "mp4mux fragment-duration=1000",
                "ts" => "mpegtsmux",
                "flv" => "flvmux",
                _ => "matroskamux",
            };
            (format!("{enc} ! queue ! {mux} name=mux ! filesink name=out"), true)
        }
        // A camera has no sound; a preview plays none.
        Destination::VirtualCam(_) => ("videoconvert ! video/x-raw,format=YUY2 ! v4l2sink name=out sync=false".to_string(), false),
        Destination::Preview => ("videoconvert name=pre".to_string(), false),
    };
    let mut desc = format!("appsrc name=frames is-live=true format=time do-timestamp=false ! videoconvert ! video/x-raw,format=I420 ! {tail}");
    let audio = with_audio && takes_audio;
    if audio {
        let aenc = aac_encoder().ok_or_else(|| PipeError::Gst("no AAC encoder (install gstreamer1.0-libav)".into()))?;
        desc.push_str(&format!(
            " appsrc name=audio is-live=true format=time do-timestamp=false caps={AUDIO_CAPS} ! audioconvert ! {aenc} ! aacparse ! queue ! mux."
        ));
    }
    super::reach::verify(dest)?;
    let p = gst::parse::launch(&desc).map_err(gst_err)?.downcast::<gst::Pipeline>().map_err(|_| PipeError::Gst("not a pipeline".into()))?;
    if matches!(dest.destination(), Destination::Preview) {
        let window = preview_sink()?;
        p.add(&window).map_err(gst_err)?;
        p.by_name("pre").ok_or_else(|| PipeError::Gst("no converter".into()))?.link(&window).map_err(gst_err)?;
    }
    let out = p.by_name("out").ok_or_else(|| PipeError::Gst("no sink".into()))?;
    match dest.destination() {
        // Built from the value the gate classified, never from the user's string.
        Destination::Net(n) => {
            if let Some(loc) = n.rtmp_location() {
                out.set_property("location", loc);
                if let Some((u, pw)) = n.rtmp_credentials() {
                    out.set_property("username", u);
                    out.set_property("password", pw);
                }
            } else if let Some(uri) = n.srt_uri() {
                out.set_property("uri", uri);
            }
        }
        Destination::File(path) => {
            out.set_property("location", file.unwrap_or(path).to_str().ok_or_else(|| PipeError::Gst("the output path is not UTF-8".into()))?)
        }
        Destination::VirtualCam(d) => out.set_property("device", d.to_str().unwrap_or_default()),
        Destination::Preview => {}
    }
    let src = p.by_name("frames").and_then(|e| e.downcast::<gst_app::AppSrc>().ok()).ok_or_else(|| PipeError::Gst("no appsrc".into()))?;
    let audio_src = p.by_name("audio").and_then(|e| e.downcast::<gst_app::AppSrc>().ok());
    let caps = gstreamer_video::VideoCapsBuilder::new()
        .format(gstreamer_video::VideoFormat::Rgb)
        .width(width as i32)
        .height(height as i32)
        .framerate(gst::Fraction::new(fps as i32, 1))
        .build();
    src.set_caps(Some(&caps));
    Ok(SinkPipe { pipeline: p, frames: src, audio: audio_src })
}
