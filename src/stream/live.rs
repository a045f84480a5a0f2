//! One live pipeline: the source, its video fitted to one size and rate, the `screenveil`
//! element in live mode (`delay-ms`), the encoder and the approved destination, with the
//! source's sound encoded and muxed beside the picture.
//!
//! Video and sound keep the source's timestamps all the way, so the muxer interleaves them by
//! time (no re-stamping by hand; a sound frame never lends its timestamp to a picture). Sinks
//! do not wait on the clock: a frame leaves as soon as it is redacted and encoded.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use gstreamer as gst;
use gstreamer::prelude::*;

use super::pipes::{PipeError, Source, aac_encoder, preview_sink};
use crate::element::Screenveil;
use crate::gate::{Approved, Destination, Scheme};

/// What the pipeline learnt while it ran, written from its streaming threads.
#[derive(Debug, Default)]
pub struct Seen {
    /// Size every frame is fitted to (the first frame's; the encoder's caps are fixed).
    pub size: Option<(u32, u32)>,
    /// Sound reached the muxer.
    pub audio: bool,
    /// Why a stream of the source could not be linked.
    pub error: Option<String>,
}

/// A built pipeline, not yet playing.
pub struct LivePipe {
    pub pipeline: gst::Pipeline,
    pub element: Screenveil,
    pub seen: Arc<Mutex<Seen>>,
    /// Frames that entered the element.
    pub frames_in: Arc<AtomicU64>,
    /// The frame limit was reached: the run should end (EOS) now.
    pub limit_hit: Arc<AtomicBool>,
}

/// Called with each frame's index as it enters analysis.
pub type FrameHook = Box<dyn Fn(u64) + Send + Sync>;

/// How the pipeline is laid out.
pub struct Layout<'a> {
    pub src: &'a Source,
    pub dest: &'a Approved,
    /// Where a file destination is written (its temporary name).
    pub file: Option<&'a std::path::Path>,
    pub fps: u32,
    pub bitrate_kbps: u32,
    pub delay_ms: u32,
    /// Frames let into the element at most (then the run ends).
    pub max_frames: Option<u64>,
}

fn gst_err(e: impl std::fmt::Display) -> PipeError {
    PipeError::Gst(crate::gate::scrub(&e.to_string()))
}

/// Sound is queued without limit before the encoder: it runs ahead of the picture by the
/// delay line, and a bounded queue there would stall the demuxer and so the picture.
fn unbounded_queue() -> Result<gst::Element, PipeError> {
    gst::ElementFactory::make("queue")
        .property("max-size-buffers", 0u32)
        .property("max-size-bytes", 0u32)
        .property("max-size-time", 0u64)
        .build()
        .map_err(gst_err)
}

/// The part after the element, by destination; `mux` names the muxer sound joins.
fn tail(dest: &Approved, fps: u32, kbps: u32) -> Result<String, PipeError> {
    let enc = format!(
        "videoconvert ! video/x-raw,format=I420 ! x264enc tune=zerolatency speed-preset=superfast bitrate={kbps} key-int-max={} ! video/x-h264,profile=high ! h264parse config-interval=-1 ! queue",
        fps * 2
    );
    Ok(match dest.destination() {
        Destination::Net(n) if n.scheme != Scheme::Srt => format!("{enc} ! flvmux name=mux streamable=true ! rtmp2sink name=out"),
        // SRT carries at most 1316 bytes per message: seven TS packets per buffer, or large
        // frames (every keyframe) are dropped and a receiver never starts decoding.
        Destination::Net(_) => format!("{enc} ! mpegtsmux name=mux alignment=7 ! srtsink name=out wait-for-connection=false"),
        Destination::File(p) => {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("mkv").to_ascii_lowercase();
            let mux = match ext.as_str() {
                "mp4" => "mp4mux fragment-duration=1000",
                "ts" => "mpegtsmux",
                "flv" => "flvmux",
                _ => "matroskamux",
            };
            format!("{enc} ! {mux} name=mux ! filesink name=out")
        }
        // A camera has no sound; a preview plays none.
        Destination::VirtualCam(_) => "videoconvert ! video/x-raw,format=YUY2 ! v4l2sink name=out".to_string(),
        Destination::Preview => "videoconvert name=pre".to_string(),
    })
}

/// Builds the pipeline; nothing connects or opens until it is set playing.
pub fn build(l: &Layout<'_>, hook: Option<FrameHook>) -> Result<LivePipe, PipeError> {
    if let Destination::VirtualCam(dev) = l.dest.destination()
        && !dev.exists()
    {
        return Err(PipeError::NoCamera(dev.display().to_string()));
    }
    super::reach::verify(l.dest)?;
    let head = match l.src {
        Source::Srt(_) => "srtsrc name=src wait-for-connection=true ! queue ! decodebin name=dec dec.".to_string(),
        Source::Screen(None) => "ximagesrc name=src use-damage=false show-pointer=true".to_string(),
        Source::Screen(Some(d)) => format!("ximagesrc name=src use-damage=false show-pointer=true display-name={d}"),
        Source::PipeWire => "pipewiresrc name=src".to_string(),
        // A recording plays at its own speed, as a live source would send it.
        Source::File(_) => "filesrc name=src ! decodebin name=dec dec. ! clocksync".to_string(),
        Source::Test => "videotestsrc name=src is-live=true pattern=ball ! video/x-raw,width=1280,height=720".to_string(),
    };
    // The queue before the element lets the source go on capturing while a frame is analysed;
    // the one after lets encoding overlap the analysis of the next frame.
    let desc = format!(
        "{head} ! videoconvert ! videorate ! videoscale name=scale add-borders=true ! capsfilter name=fit caps=video/x-raw,framerate={fps}/1 \
         ! queue max-size-buffers=2 max-size-bytes=0 max-size-time=0 ! screenveil name=veil delay-ms={delay} ! queue ! {tail}",
        fps = l.fps,
        delay = l.delay_ms,
        tail = tail(l.dest, l.fps, l.bitrate_kbps)?
    );
    let p = gst::parse::launch(&desc).map_err(gst_err)?.downcast::<gst::Pipeline>().map_err(|_| PipeError::Gst("not a pipeline".into()))?;
    let by = |n: &str| p.by_name(n).ok_or_else(|| PipeError::Gst(format!("no element {n}")));
    let element = by("veil")?.downcast::<Screenveil>().map_err(|_| PipeError::Gst("screenveil is not registered".into()))?;
    set_endpoints(&p, l)?;
    let seen = Arc::new(Mutex::new(Seen::default()));
    fit_first_size(&by("scale")?, &by("fit")?, l.fps, &seen);
    if let Some(dec) = p.by_name("dec") {
        sound_branch(&p, &dec, matches!(l.src, Source::File(_)), &seen);
    }
    let (frames_in, limit_hit) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicBool::new(false)));
    let (n, hit, max) = (frames_in.clone(), limit_hit.clone(), l.max_frames);
    element.static_pad("sink").ok_or_else(|| PipeError::Gst("no sink pad".into()))?.add_probe(gst::PadProbeType::BUFFER, move |_, info| {
        let i = n.load(Ordering::SeqCst);
        if max.is_some_and(|m| i >= m) {
            hit.store(true, Ordering::SeqCst);
            // Taken and dropped here (`Drop` would leave the binding a buffer to unref twice).
            info.data.take();
            return gst::PadProbeReturn::Handled;
        }
        if let Some(h) = &hook {
            h(i);
        }
        n.store(i + 1, Ordering::SeqCst);
        gst::PadProbeReturn::Ok
    });
    Ok(LivePipe { pipeline: p, element, seen, frames_in, limit_hit })
}

/// Source and destination addresses set as properties, from the parsed values (never pasted
/// into the pipeline text, so they cannot add elements).
fn set_endpoints(p: &gst::Pipeline, l: &Layout<'_>) -> Result<(), PipeError> {
    let src = p.by_name("src").ok_or_else(|| PipeError::Gst("no source".into()))?;
    match l.src {
        Source::Srt(u) => src.set_property("uri", u),
        Source::File(path) => src.set_property("location", path.to_str().ok_or_else(|| PipeError::Source("the source path is not UTF-8".into()))?),
        _ => {}
    }
    if matches!(l.dest.destination(), Destination::Preview) {
        let window = preview_sink()?;
        p.add(&window).map_err(gst_err)?;
        p.by_name("pre").ok_or_else(|| PipeError::Gst("no converter".into()))?.link(&window).map_err(gst_err)?;
    }
    let out = p.by_name("out").ok_or_else(|| PipeError::Gst("no sink".into()))?;
    // The element holds frames for its delay: a sink waiting to preroll would wait for a
    // frame only let go later; and frames leave as soon as they are ready.
    out.set_property("async", false);
    out.set_property("sync", false);
    if let Some(mux) = p.by_name("mux").filter(|m| m.has_property("latency")) {
        // A live muxer stops waiting for a late stream after its latency; the picture may be
        // late by more than the delay it reports while the analysis catches up.
        mux.set_property("latency", gst::ClockTime::from_seconds(3).nseconds());
    }
    match l.dest.destination() {
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
            let at = l.file.unwrap_or(path);
            out.set_property("location", at.to_str().ok_or_else(|| PipeError::Gst("the output path is not UTF-8".into()))?)
        }
        // An empty device would make v4l2sink open /dev/video0, a camera nobody approved.
        Destination::VirtualCam(d) => out.set_property("device", d.to_str().ok_or_else(|| PipeError::Gst("the camera path is not UTF-8".into()))?),
        Destination::Preview => {}
    }
    Ok(())
}

/// A source that changes size mid-stream (a window capture resized, a new OBS canvas) is
/// fitted to its first size before analysis (borders added), so what is analysed is exactly
/// what leaves and the encoder never sees a new size.
fn fit_first_size(scale: &gst::Element, fit: &gst::Element, fps: u32, seen: &Arc<Mutex<Seen>>) {
    let (fit, seen) = (fit.downgrade(), seen.clone());
    crate::video::pipeline::on_first_video_caps(scale, move |vi| {
        if let Ok(mut seen) = seen.lock()
            && seen.size.is_none()
        {
            let (w, h) = (vi.width(), vi.height());
            seen.size = Some((w, h));
            if let Some(fit) = fit.upgrade() {
                let caps = gst::Caps::builder("video/x-raw")
                    .field("width", w as i32)
                    .field("height", h as i32)
                    .field("framerate", gst::Fraction::new(fps as i32, 1))
                    .build();
                fit.set_property("caps", caps);
            }
        }
    });
}

/// Sound, when the source has some: the demuxer's sound pad gets an encoder and the muxer a
/// pad for it then (a branch laid out in advance would keep a muxer waiting forever on a
/// silent source). A destination that takes no sound gets none.
fn sound_branch(p: &gst::Pipeline, dec: &gst::Element, paced: bool, seen: &Arc<Mutex<Seen>>) {
    let (pipe, seen) = (p.downgrade(), seen.clone());
    dec.connect_pad_added(move |_, pad| {
        let caps = pad.current_caps().unwrap_or_else(|| pad.query_caps(None));
        if !caps.structure(0).is_some_and(|s| s.name().starts_with("audio/")) {
            return;
        }
        let Some(pipe) = pipe.upgrade() else { return };
        if let Err(e) = link_sound(&pipe, pad, paced, &seen) {
            let mut s = seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            s.error.get_or_insert(e);
        }
    });
}

fn link_sound(pipe: &gst::Pipeline, pad: &gst::Pad, paced: bool, seen: &Mutex<Seen>) -> Result<(), String> {
    let make = |n: &str| gst::ElementFactory::make(n).build().map_err(|_| format!("GStreamer element {n} missing"));
    let Some(mux) = pipe.by_name("mux") else {
        let sink = gst::ElementFactory::make("fakesink").property("sync", false).property("async", false).build().map_err(|e| e.to_string())?;
        pipe.add(&sink).map_err(|e| e.to_string())?;
        sink.sync_state_with_parent().map_err(|e| e.to_string())?;
        return pad.link(&sink.static_pad("sink").ok_or("no pad")?).map(|_| ()).map_err(|e| format!("{e:?}"));
    };
    let enc = make(aac_encoder().ok_or("no AAC encoder for the sound (install gstreamer1.0-libav)")?)?;
    enc.set_property_from_str("bitrate", "192000");
    let caps: gst::Caps = super::pipes::AUDIO_CAPS.parse().map_err(|_| "bad caps")?;
    let filter = gst::ElementFactory::make("capsfilter").property("caps", &caps).build().map_err(|e| e.to_string())?;
    let mut els = vec![unbounded_queue().map_err(|e| e.to_string())?];
    if paced {
        els.push(make("clocksync")?);
    }
    els.extend([make("audioconvert")?, make("audioresample")?, filter, enc, make("aacparse")?, make("queue")?]);
    pipe.add_many(&els).map_err(|e| e.to_string())?;
    gst::Element::link_many(&els).map_err(|e| e.to_string())?;
    els.last().ok_or("empty")?.link(&mux).map_err(|_| "the destination's container takes no AAC sound".to_string())?;
    for e in &els {
        e.sync_state_with_parent().map_err(|e| e.to_string())?;
    }
    pad.link(&els[0].static_pad("sink").ok_or("no pad")?).map_err(|e| format!("{e:?}"))?;
    seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner).audio = true;
    Ok(())
}
