//! The GStreamer side of a recording: decode the video stream, redact it with the
//! `screenveil` element ([`crate::element`]), encode and mux it with every other stream of the
//! input passed through as it was (audio is demuxed and parsed, never decoded or re-encoded).
//!
//! One pipeline holds everything so the muxer interleaves by timestamp; the pass-through
//! queues are unbounded in size because audio runs ahead of video by the look-ahead plus the
//! encoder's latency, and a bounded queue there would stall the demuxer (and so the video).

use std::path::Path;
use std::sync::{Arc, Mutex};

use gstreamer as gst;
use gstreamer::glib;
use gstreamer::prelude::*;
use gstreamer_video as gst_video;

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("GStreamer could not start: {0}")]
    Init(String),
    #[error("a GStreamer element is missing ({0}); install the GStreamer plugin packages (see .ci/install)")]
    MissingElement(&'static str),
    #[error("{path}: cannot decode: {msg}")]
    Decode { path: String, msg: String },
    #[error("{path}: no video stream found")]
    NoVideo { path: String },
    #[error("{path}: more than one video stream; screenveil redacts one video stream per file")]
    ManyVideos { path: String },
    #[error("cannot write {path}: {msg}")]
    Encode { path: String, msg: String },
    #[error("output {path}: unsupported container (use .mp4, .mkv, .mov or .webm)")]
    Container { path: String },
    #[error("interrupted; no output written")]
    Interrupted,
    #[error("analysis failed: {0}")]
    Analysis(String),
}

impl crate::error::Kinded for PipelineError {
    fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind::*;
        match self {
            PipelineError::Init(_) | PipelineError::MissingElement(_) => Setup,
            PipelineError::Decode { .. } | PipelineError::NoVideo { .. } | PipelineError::ManyVideos { .. } => Input,
            PipelineError::Encode { .. } | PipelineError::Container { .. } => Output,
            PipelineError::Interrupted => Interrupted,
            PipelineError::Analysis(_) => Internal,
        }
    }
}

/// How long a file may show streams without a video one before it is judged to have none
/// (some demuxers never say that they exposed their last stream).
const NO_VIDEO_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

/// Output video codec.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Codec {
    /// H.264 4:2:0 at constant quality 18 (text stays sharp; plays everywhere).
    #[default]
    H264,
    /// H.264 4:4:4 at QP 0: lossless in YUV, no chroma blur on coloured text.
    H264Lossless,
    /// FFV1, bit-exact lossless RGB (.mkv only).
    Ffv1,
    /// VP9 at constant quality (.webm or .mkv).
    Vp9,
}

/// Starts GStreamer with its debug log (GST_DEBUG) passed through the scrubber: element debug
/// lines quote locations and URIs, stream keys included.
pub fn init_gst() -> Result<(), glib::Error> {
    static ONCE: std::sync::Once = std::sync::Once::new();
    gst::init()?;
    ONCE.call_once(|| {
        gst::log::remove_default_log_function();
        gst::log::add_log_function(|cat, level, file, function, line, obj, msg| {
            let text = msg.get().map(|m| m.to_string()).unwrap_or_default();
            let who = obj.map(|o| o.to_string()).unwrap_or_default();
            eprintln!("{level:?} {} {file}:{line}:{function}:<{}> {}", cat.name(), crate::gate::scrub(&who), crate::gate::scrub(&text));
        });
    });
    Ok(())
}

fn make(name: &'static str) -> Result<gst::Element, PipelineError> {
    gst::ElementFactory::make(name).build().map_err(|_| PipelineError::MissingElement(name))
}

/// Stream facts known once the first frame is decoded.
#[derive(Clone, Debug, Default)]
pub struct StreamInfo {
    pub width: u32,
    pub height: u32,
    /// Frames per second (0 when variable).
    pub fps: f64,
    /// Estimated frame count from the container duration (0 when unknown).
    pub frames_estimate: u64,
    pub passthrough_streams: usize,
}

#[derive(Default)]
struct Shared {
    error: Option<String>,
    videos: usize,
    others: usize,
    no_more_pads: bool,
    last_pad: Option<std::time::Instant>,
    /// Set from the first decoded caps (size and rate after rotation).
    info: Option<StreamInfo>,
}

/// One recording through one pipeline: demuxed and parsed, the video decoded, turned upright,
/// fitted to its first size, redacted by the `screenveil` element and encoded; every other
/// stream muxed as it came.
pub struct Transcoder {
    pipeline: gst::Pipeline,
    shared: Arc<Mutex<Shared>>,
    /// Frames that reached the encoder.
    written: Arc<std::sync::atomic::AtomicU64>,
    input: String,
    output: String,
    started: std::time::Instant,
}

/// The parts of the output side that the video branch, linked later, needs.
#[derive(Clone)]
struct OutSide {
    /// The redaction element; the decoded video is linked to its sink pad.
    element: gst::Element,
    /// The encoder's input format filter: 4:2:0 needs even sizes, so an odd-sized recording
    /// is encoded 4:4:4 instead (same quality setting, nothing cropped or padded).
    fmt_filter: gst::Element,
    codec: Codec,
    mux: gst::Element,
}

impl Transcoder {
    /// Builds and starts the pipeline `input` → `element` → `output`.
    pub fn new(input: &Path, output: &Path, codec: Codec, container_hint: &Path, element: &gst::Element) -> Result<Transcoder, PipelineError> {
        init_gst().map_err(|e| PipelineError::Init(e.to_string()))?;
        let in_s = input.display().to_string();
        let out_s = container_hint.display().to_string();
        let ext = container_hint.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        let mux_name = match ext.as_str() {
            "mp4" | "m4v" => "mp4mux",
            "mov" => "qtmux",
            "mkv" => "matroskamux",
            "webm" => "webmmux",
            _ => return Err(PipelineError::Container { path: out_s }),
        };
        let codec = if ext == "webm" && codec == Codec::H264 { Codec::Vp9 } else { codec };
        if (codec == Codec::Ffv1 && ext != "mkv") || (ext == "webm" && codec != Codec::Vp9) {
            return Err(PipelineError::Encode { path: out_s, msg: format!("codec {codec:?} cannot be stored in .{ext}") });
        }
        let pipeline = gst::Pipeline::new();
        let filesrc = make("filesrc")?;
        filesrc.set_property("location", input.to_str().unwrap_or_default());
        let parsebin = make("parsebin")?;
        // Output elements are named "out-…": an error from them is an output error, an error
        // from anything else (demuxers, parsers, decoders) is the input's.
        let mux = gst::ElementFactory::make(mux_name).name("out-mux").build().map_err(|_| PipelineError::MissingElement(mux_name))?;
        let filesink = gst::ElementFactory::make("filesink").name("out-file").build().map_err(|_| PipelineError::MissingElement("filesink"))?;
        filesink.set_property("location", output.to_str().unwrap_or_default());
        // The look-ahead holds frames back: if the sink had to preroll first, the pipeline
        // would wait for a buffer the element only lets go later.
        filesink.set_property("async", false);
        // Encoding runs on its own thread, beside the analysis.
        let to_enc = gst::ElementFactory::make("queue").name("out-queue").build().map_err(|_| PipelineError::MissingElement("queue"))?;
        let conv_out = gst::ElementFactory::make("videoconvert").name("out-convert").build().map_err(|_| PipelineError::MissingElement("videoconvert"))?;
        conv_out.set_property("n-threads", 2u32);
        let enc_chain = encoder_chain(codec)?;
        pipeline.add_many([&filesrc, &parsebin, element, &to_enc, &conv_out, &mux, &filesink]).map_err(init_err)?;
        pipeline.add_many(enc_chain.iter()).map_err(init_err)?;
        filesrc.link(&parsebin).map_err(init_err)?;
        let mut chain: Vec<&gst::Element> = vec![element, &to_enc, &conv_out];
        chain.extend(enc_chain.iter());
        gst::Element::link_many(chain).map_err(init_err)?;
        let vpad = mux.request_pad_simple("video_%u").ok_or_else(|| PipelineError::Encode { path: out_s.clone(), msg: "muxer has no video pad".into() })?;
        enc_chain
            .last()
            .expect("encoder")
            .static_pad("src")
            .expect("src pad")
            .link(&vpad)
            .map_err(|e| PipelineError::Encode { path: out_s.clone(), msg: format!("{e:?}") })?;
        mux.link(&filesink).map_err(init_err)?;
        let written = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let w = written.clone();
        conv_out.static_pad("sink").expect("sink pad").add_probe(gst::PadProbeType::BUFFER, move |_, _| {
            w.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            gst::PadProbeReturn::Ok
        });

        let shared = Arc::new(Mutex::new(Shared::default()));
        let out = OutSide { element: element.clone(), fmt_filter: enc_chain[0].clone(), codec, mux };
        let (pl, sh) = (pipeline.downgrade(), shared.clone());
        parsebin.connect_pad_added(move |_, pad| {
            let Some(pipeline) = pl.upgrade() else { return };
            let res = link_stream(&pipeline, pad, &out, &sh);
            sh.lock().expect("shared").last_pad = Some(std::time::Instant::now());
            if let Err(msg) = res {
                sh.lock().expect("shared").error.get_or_insert(msg);
            }
        });
        let sh = shared.clone();
        parsebin.connect_no_more_pads(move |_| sh.lock().expect("shared").no_more_pads = true);
        pipeline.set_state(gst::State::Playing).map_err(|_| PipelineError::Decode { path: in_s.clone(), msg: "pipeline failed to start".into() })?;
        Ok(Transcoder { pipeline, shared, written, input: in_s, output: out_s, started: std::time::Instant::now() })
    }

    /// Runs to the end of the input; `tick` is called about ten times a second (progress,
    /// findings, interruption) and stops the run by returning `false`.
    pub fn run(&self, mut tick: impl FnMut(&Transcoder) -> bool) -> Result<(), PipelineError> {
        let bus = self.pipeline.bus().expect("pipeline bus");
        loop {
            if !tick(self) || super::INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst) {
                return Err(PipelineError::Interrupted);
            }
            self.check_streams()?;
            let Some(m) = bus.timed_pop_filtered(gst::ClockTime::from_mseconds(100), &[gst::MessageType::Eos, gst::MessageType::Error]) else { continue };
            match m.view() {
                gst::MessageView::Error(e) => return Err(self.error_of(e)),
                _ => {
                    self.check_streams()?;
                    if self.shared.lock().expect("shared").info.is_none() {
                        return Err(PipelineError::NoVideo { path: self.input.clone() });
                    }
                    return Ok(());
                }
            }
        }
    }

    /// Size, rate and stream count, once the first frame's caps are known.
    pub fn info(&self) -> Option<StreamInfo> {
        let mut si = self.shared.lock().expect("shared").info.clone()?;
        let dur = self.pipeline.query_duration::<gst::ClockTime>().map_or(0.0, |d| d.seconds_f64());
        si.frames_estimate = (dur * si.fps).round() as u64;
        si.passthrough_streams = self.shared.lock().expect("shared").others;
        Some(si)
    }

    /// Frames handed to the encoder so far.
    pub fn frames_written(&self) -> u64 {
        self.written.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A stream that could not be linked, or a file that shows no video stream.
    fn check_streams(&self) -> Result<(), PipelineError> {
        let sh = self.shared.lock().expect("shared");
        if let Some(msg) = sh.error.clone() {
            return Err(if msg.starts_with("many-videos") {
                PipelineError::ManyVideos { path: self.input.clone() }
            } else {
                PipelineError::Decode { path: self.input.clone(), msg }
            });
        }
        let quiet = sh.last_pad.map_or(self.started.elapsed(), |t| t.elapsed()) >= NO_VIDEO_AFTER;
        if sh.videos == 0 && (sh.no_more_pads || quiet) {
            return Err(PipelineError::NoVideo { path: self.input.clone() });
        }
        Ok(())
    }

    fn error_of(&self, e: &gst::message::Error) -> PipelineError {
        let path = e.src().map(|s| s.path_string().to_string()).unwrap_or_default();
        let msg = crate::gate::scrub(&e.error().to_string());
        if path.contains("/out-") || path.contains("x264enc") || path.contains("vp9enc") || path.contains("avenc_ffv1") {
            PipelineError::Encode { path: self.output.clone(), msg }
        } else if e.src().is_some_and(|s| s.type_() == crate::element::Screenveil::static_type()) {
            PipelineError::Analysis(msg)
        } else {
            PipelineError::Decode { path: self.input.clone(), msg }
        }
    }
}

impl Drop for Transcoder {
    fn drop(&mut self) {
        let _ = self.pipeline.set_state(gst::State::Null);
    }
}

/// Calls `f` once with the first video caps that reach `element`'s sink pad: the size every
/// frame is then fitted to (an encoder's caps are fixed once it starts, and a source may
/// change size mid-stream). Shared by recordings and live streams.
pub fn on_first_video_caps(element: &gst::Element, f: impl FnOnce(&gst_video::VideoInfo) + Send + 'static) {
    let Some(pad) = element.static_pad("sink") else { return };
    let f = Mutex::new(Some(f));
    pad.add_probe(gst::PadProbeType::EVENT_DOWNSTREAM, move |_, info| {
        if let Some(gst::PadProbeData::Event(ev)) = &info.data
            && let gst::EventView::Caps(c) = ev.view()
            && let Ok(vi) = gst_video::VideoInfo::from_caps(c.caps())
            && let Some(f) = f.lock().ok().and_then(|mut f| f.take())
        {
            f(&vi);
            return gst::PadProbeReturn::Remove;
        }
        gst::PadProbeReturn::Ok
    });
}

fn init_err(e: impl std::fmt::Debug) -> PipelineError {
    PipelineError::Init(format!("{e:?}"))
}

pub(crate) fn encoder_chain(codec: Codec) -> Result<Vec<gst::Element>, PipelineError> {
    let caps = |fmt: &str| -> Result<gst::Element, PipelineError> {
        let f = make("capsfilter")?;
        f.set_property("caps", gst::Caps::builder("video/x-raw").field("format", fmt).build());
        Ok(f)
    };
    Ok(match codec {
        Codec::H264 | Codec::H264Lossless => {
            let lossless = codec == Codec::H264Lossless;
            let enc = make("x264enc")?;
            // ultrafast: at a fixed quantiser the text is as sharp as with slower presets; the
            // file is ~5 % larger than superfast's and encoding takes ~40 % less CPU (measured
            // on the dev spreadsheet scroll: 1.5 s against 2.5 s for 300 frames at 1080p),
            // which the OCR workers need more.
            enc.set_property_from_str("speed-preset", "ultrafast");
            enc.set_property("trellis", false);
            enc.set_property_from_str("pass", if lossless { "quant" } else { "qual" });
            enc.set_property("quantizer", if lossless { 0u32 } else { 18u32 });
            vec![caps(if lossless { "Y444" } else { "I420" })?, enc, make("h264parse")?]
        }
        Codec::Ffv1 => vec![caps("BGRx")?, make("avenc_ffv1")?],
        Codec::Vp9 => {
            let enc = make("vp9enc")?;
            enc.set_property_from_str("end-usage", "cq");
            enc.set_property("cq-level", 20i32);
            enc.set_property("deadline", 1i64);
            enc.set_property("cpu-used", 8i32);
            enc.set_property("threads", 2i32);
            vec![caps("I420")?, enc]
        }
    })
}

/// Links one elementary stream found by parsebin: the video through the decoder to the
/// redaction element, anything else straight to the muxer.
fn link_stream(pipeline: &gst::Pipeline, pad: &gst::Pad, out: &OutSide, shared: &Arc<Mutex<Shared>>) -> Result<(), String> {
    let mux = &out.mux;
    let caps = pad.current_caps().or_else(|| Some(pad.query_caps(None))).ok_or("stream without caps")?;
    let name = caps.structure(0).map(|s| s.name().to_string()).unwrap_or_default();
    let queue = make("queue").map_err(|e| e.to_string())?;
    if name.starts_with("video/") || name.starts_with("image/") {
        {
            let mut sh = shared.lock().map_err(|_| "lock")?;
            sh.videos += 1;
            if sh.videos > 1 {
                return Err("many-videos".into());
            }
        }
        let dec = make("decodebin").map_err(|e| e.to_string())?;
        let conv = make("videoconvert").map_err(|e| e.to_string())?;
        conv.set_property("n-threads", 2u32);
        // A recording with a rotation (display matrix, orientation tag) is turned upright as
        // it is shown: text must be upright for OCR, and the output carries no rotation.
        let flip = make("videoflip").map_err(|e| e.to_string())?;
        flip.set_property_from_str("video-direction", "auto");
        // A recording whose size changes mid-way (a window capture resized) keeps its first
        // size: later frames are scaled into it (borders added) before analysis, so what is
        // analysed is exactly what is written and the encoder never sees a new size.
        let scale = make("videoscale").map_err(|e| e.to_string())?;
        scale.set_property("add-borders", true);
        let fit = make("capsfilter").map_err(|e| e.to_string())?;
        let conv2 = make("videoconvert").map_err(|e| e.to_string())?;
        conv2.set_property("n-threads", 2u32);
        // The element takes YUV as decoded (frames without masks then leave unconverted) and
        // RGB-family video as packed RGB, the layout it analyses (else videoconvert picks BGRx
        // and every frame is converted twice more).
        let fmt_in = make("capsfilter").map_err(|e| e.to_string())?;
        // Decoding and analysis on threads of their own, a few frames apart.
        let to_analysis = make("queue").map_err(|e| e.to_string())?;
        to_analysis.set_property("max-size-buffers", 4u32);
        to_analysis.set_property("max-size-bytes", 0u32);
        to_analysis.set_property("max-size-time", 0u64);
        pipeline.add_many([&queue, &dec, &conv, &flip, &scale, &fit, &conv2, &fmt_in, &to_analysis]).map_err(|e| e.to_string())?;
        queue.link(&dec).map_err(|e| e.to_string())?;
        gst::Element::link_many([&conv, &flip, &scale, &fit, &conv2, &fmt_in, &to_analysis, &out.element]).map_err(|e| e.to_string())?;
        let conv_w = conv.downgrade();
        dec.connect_pad_added(move |_, p| {
            if let Some(c) = conv_w.upgrade() {
                let _ = p.link(&c.static_pad("sink").expect("sink pad"));
            }
        });
        let (fit_w, fmt_w, sh, fmt_filter, codec) = (fit.downgrade(), fmt_in.downgrade(), shared.clone(), out.fmt_filter.clone(), out.codec);
        on_first_video_caps(&scale, move |vi| {
            if let Ok(mut sh) = sh.lock()
                && sh.info.is_none()
            {
                let (w, h) = (vi.width(), vi.height());
                if let Some(fit) = fit_w.upgrade() {
                    fit.set_property("caps", gst::Caps::builder("video/x-raw").field("width", w as i32).field("height", h as i32).build());
                }
                if let Some(f) = fmt_w.upgrade().filter(|_| vi.format_info().is_rgb()) {
                    f.set_property("caps", gst::Caps::builder("video/x-raw").field("format", "RGB").build());
                }
                if (w % 2 == 1 || h % 2 == 1) && codec == Codec::H264 {
                    fmt_filter.set_property("caps", gst::Caps::builder("video/x-raw").field("format", "Y444").build());
                }
                let fps = vi.fps();
                let fps = if fps.denom() > 0 && fps.numer() > 0 { fps.numer() as f64 / fps.denom() as f64 } else { 0.0 };
                sh.info = Some(StreamInfo { width: w, height: h, fps, ..StreamInfo::default() });
            }
        });
        for e in [&queue, &dec, &conv, &flip, &scale, &fit, &conv2, &fmt_in, &to_analysis] {
            e.sync_state_with_parent().map_err(|e| e.to_string())?;
        }
    } else {
        let template = if name.starts_with("audio/") {
            "audio_%u"
        } else if name.starts_with("text/") || name.starts_with("subtitle/") || name.starts_with("application/x-ssa") || name.starts_with("application/x-ass") {
            "subtitle_%u"
        } else {
            return Err(format!("stream of type {name} cannot be passed through"));
        };
        // Unbounded: audio runs ahead of the (delayed) video; see the module comment.
        queue.set_property("max-size-buffers", 0u32);
        queue.set_property("max-size-bytes", 0u32);
        queue.set_property("max-size-time", 0u64);
        pipeline.add(&queue).map_err(|e| e.to_string())?;
        let mpad = mux.request_pad_simple(template).ok_or_else(|| format!("the output container cannot carry the input's {name} stream; use .mkv"))?;
        // Matroska's and MP4's text subtitles come out of the demuxer labelled Pango markup
        // (SRT may hold <i> tags); the muxers take them as UTF-8 text. The bytes are the
        // same, so only the label is changed: the subtitles are copied as they were.
        let markup = name == "text/x-raw" && caps.structure(0).and_then(|s| s.get::<&str>("format").ok()) != Some("utf8");
        let tail = if markup {
            let relabel = make("capssetter").map_err(|e| e.to_string())?;
            relabel.set_property("caps", gst::Caps::builder("text/x-raw").field("format", "utf8").build());
            relabel.set_property("replace", true);
            pipeline.add(&relabel).map_err(|e| e.to_string())?;
            queue.link(&relabel).map_err(|e| e.to_string())?;
            relabel.sync_state_with_parent().map_err(|e| e.to_string())?;
            relabel
        } else {
            queue.clone()
        };
        tail.static_pad("src")
            .expect("src")
            .link(&mpad)
            .map_err(|_| format!("the output container cannot carry the input's {name} stream unchanged; use .mkv"))?;
        queue.sync_state_with_parent().map_err(|e| e.to_string())?;
        shared.lock().map_err(|_| "lock")?.others += 1;
    }
    pad.link(&queue.static_pad("sink").expect("sink")).map_err(|e| format!("{e:?}"))?;
    Ok(())
}
