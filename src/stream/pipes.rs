//! GStreamer halves of a live stream: a source that ends in an RGB appsink, and a sink that
//! starts with an appsrc. Sinks need an [`Approved`] destination from the publish gate.
//! User-supplied URLs and paths are set as element properties after parsing, never pasted
//! into the pipeline text, so they cannot inject elements.

use gstreamer as gst;
use gstreamer::prelude::*;
use gstreamer_app as gst_app;

use crate::gate::{Approved, Destination};

#[derive(Debug, thiserror::Error)]
pub enum PipeError {
    #[error("GStreamer: {0}")]
    Gst(String),
    #[error("unsupported source {0}: use srt://…, screen[:DISPLAY], testsrc, pipewire or a file path")]
    Source(String),
}

fn gst_err(e: impl std::fmt::Display) -> PipeError {
    PipeError::Gst(e.to_string())
}

/// Where frames come from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// SRT listener (OBS streams to it) or caller.
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
        Ok(if l.starts_with("srt://") {
            Source::Srt(s.to_string())
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

/// Builds the source pipeline; frames arrive RGB at `fps` on the appsink named `frames`.
pub fn source(src: &Source, fps: u32) -> Result<(gst::Pipeline, gst_app::AppSink), PipeError> {
    let head = match src {
        Source::Srt(_) => "srtsrc name=src wait-for-connection=true ! queue ! decodebin",
        Source::Screen(_) => "ximagesrc name=src use-damage=false show-pointer=true",
        Source::PipeWire => "pipewiresrc name=src",
        Source::File(_) => "filesrc name=src ! decodebin",
        Source::Test => "videotestsrc name=src is-live=true pattern=ball ! video/x-raw,width=1280,height=720",
    };
    let desc = format!(
        "{head} ! videoconvert ! videorate ! video/x-raw,format=RGB,framerate={fps}/1 ! appsink name=frames max-buffers=2 drop=false sync={}",
        matches!(src, Source::File(_))
    );
    let p = gst::parse::launch(&desc).map_err(gst_err)?.downcast::<gst::Pipeline>().map_err(|_| PipeError::Gst("not a pipeline".into()))?;
    let el = p.by_name("src").ok_or_else(|| PipeError::Gst("no source".into()))?;
    match src {
        Source::Srt(u) => {
            // A bare port (srt://:9000) listens: OBS connects to us.
            let u = if u.contains("mode=") { u.clone() } else if u.contains('?') { format!("{u}&mode=listener") } else { format!("{u}?mode=listener") };
            el.set_property("uri", u);
        }
        Source::Screen(Some(d)) => el.set_property("display-name", if d.starts_with(':') { d.clone() } else { format!(":{d}") }),
        Source::File(path) => el.set_property("location", path.to_str().unwrap_or_default()),
        _ => {}
    }
    let sink = p.by_name("frames").and_then(|e| e.downcast::<gst_app::AppSink>().ok()).ok_or_else(|| PipeError::Gst("no appsink".into()))?;
    Ok((p, sink))
}

/// Builds the sink pipeline for an approved destination; frames go into the appsrc.
pub fn sink(dest: &Approved, width: u32, height: u32, fps: u32, kbps: u32) -> Result<(gst::Pipeline, gst_app::AppSrc), PipeError> {
    let enc = format!("x264enc tune=zerolatency speed-preset=veryfast bitrate={kbps} key-int-max={} ! video/x-h264,profile=high ! h264parse", fps * 2);
    let tail = match dest.destination() {
        Destination::Rtmp(_) => format!("{enc} ! flvmux streamable=true ! rtmp2sink name=out"),
        Destination::Srt(_) => format!("{enc} ! mpegtsmux ! srtsink name=out wait-for-connection=false"),
        Destination::File(p) => {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("mkv").to_ascii_lowercase();
            let mux = match ext.as_str() {
                "mp4" => "mp4mux fragment-duration=1000",
                "ts" => "mpegtsmux",
                "flv" => "flvmux",
                _ => "matroskamux",
            };
            format!("{enc} ! {mux} ! filesink name=out")
        }
        Destination::VirtualCam(_) => "videoconvert ! video/x-raw,format=YUY2 ! v4l2sink name=out sync=false".to_string(),
        Destination::Preview => "videoconvert ! autovideosink name=out sync=false".to_string(),
    };
    let desc = format!("appsrc name=frames is-live=true format=time do-timestamp=false ! videoconvert ! video/x-raw,format=I420 ! {tail}");
    let p = gst::parse::launch(&desc).map_err(gst_err)?.downcast::<gst::Pipeline>().map_err(|_| PipeError::Gst("not a pipeline".into()))?;
    let out = p.by_name("out").ok_or_else(|| PipeError::Gst("no sink".into()))?;
    match dest.destination() {
        Destination::Rtmp(u) => out.set_property("location", u),
        Destination::Srt(u) => out.set_property("uri", u),
        Destination::File(path) => out.set_property("location", path.to_str().unwrap_or_default()),
        Destination::VirtualCam(d) => out.set_property("device", d),
        Destination::Preview => {}
    }
    let src = p.by_name("frames").and_then(|e| e.downcast::<gst_app::AppSrc>().ok()).ok_or_else(|| PipeError::Gst("no appsrc".into()))?;
    let caps = gstreamer_video::VideoCapsBuilder::new().format(gstreamer_video::VideoFormat::Rgb).width(width as i32).height(height as i32).framerate(gst::Fraction::new(fps as i32, 1)).build();
    src.set_caps(Some(&caps));
    Ok((p, src))
}
