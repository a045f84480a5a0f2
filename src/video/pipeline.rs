//! The GStreamer side of a recording: decode the video stream to RGB frames (appsink), take
//! redacted frames back (appsrc), encode and mux them with every other stream of the input
//! passed through as it was (audio is demuxed and parsed, never decoded or re-encoded).
//!
//! One pipeline holds both halves so the muxer interleaves by timestamp; the pass-through
//! queues are unbounded in size because audio runs ahead of video by the look-ahead plus the
//! encoder's latency, and a bounded queue there would stall the demuxer (and so the video).

use std::path::Path;
use std::sync::{Arc, Mutex};

use gstreamer as gst;
use gstreamer::glib;
use gstreamer::prelude::*;
use gstreamer_app as gst_app;
use gstreamer_video as gst_video;

use crate::frame::Frame;

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
}

impl crate::error::Kinded for PipelineError {
    fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind::*;
        match self {
            PipelineError::Init(_) | PipelineError::MissingElement(_) => Setup,
            PipelineError::Decode { .. } | PipelineError::NoVideo { .. } | PipelineError::ManyVideos { .. } => Input,
            PipelineError::Encode { .. } | PipelineError::Container { .. } => Output,
            PipelineError::Interrupted => Interrupted,
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

/// Timing of one decoded frame, given back unchanged to the encoder.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    pub pts: Option<gst::ClockTime>,
    pub duration: Option<gst::ClockTime>,
}

/// Stream facts known once the first frame is decoded.
#[derive(Clone, Debug)]
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
}

pub struct Transcoder {
    pipeline: gst::Pipeline,
    sink: gst_app::AppSink,
    src: gst_app::AppSrc,
    shared: Arc<Mutex<Shared>>,
    input: String,
    output: String,
    out_info: Option<gst_video::VideoInfo>,
    started_push: bool,
    /// The encoder's input format filter: 4:2:0 needs even sizes, so an odd-sized recording
    /// is encoded 4:4:4 instead (same quality setting, nothing cropped or padded).
    fmt_filter: gst::Element,
    codec: Codec,
    started: std::time::Instant,
}

impl Transcoder {
    /// Builds and starts the pipeline `input` → (frames) … (frames) → `output`.
    pub fn new(input: &Path, output: &Path, codec: Codec, container_hint: &Path) -> Result<Transcoder, PipelineError> {
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
        let sink = gst_app::AppSink::builder()
            .caps(&gst_video::VideoCapsBuilder::new().format(gst_video::VideoFormat::Rgb).build())
            .max_buffers(4)
            .drop(false)
            .sync(false)
            .build();
        let src = gst_app::AppSrc::builder().format(gst::Format::Time).max_bytes(64 << 20).block(true).build();
        // Output elements are named "out-…": an error from them is an output error, an error
        // from anything else (demuxers, parsers, decoders) is the input's.
        let mux = gst::ElementFactory::make(mux_name).name("out-mux").build().map_err(|_| PipelineError::MissingElement(mux_name))?;
        let filesink = gst::ElementFactory::make("filesink").name("out-file").build().map_err(|_| PipelineError::MissingElement("filesink"))?;
        filesink.set_property("location", output.to_str().unwrap_or_default());
        // The file sink only gets data after frames went through us; if it took part in
        // prerolling, the pipeline would never reach PLAYING and appsink would never let go.
        filesink.set_property("async", false);
        let conv_out = gst::ElementFactory::make("videoconvert").name("out-convert").build().map_err(|_| PipelineError::MissingElement("videoconvert"))?;
        conv_out.set_property("n-threads", 2u32);
        let enc_chain = encoder_chain(codec)?;
        let fmt_filter = enc_chain[0].clone();
        pipeline.add_many([&filesrc, &parsebin, sink.upcast_ref(), src.upcast_ref(), &conv_out, &mux, &filesink]).map_err(init_err)?;
        pipeline.add_many(enc_chain.iter()).map_err(init_err)?;
        filesrc.link(&parsebin).map_err(init_err)?;
        let mut chain: Vec<&gst::Element> = vec![src.upcast_ref(), &conv_out];
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

        let shared = Arc::new(Mutex::new(Shared::default()));
        let (pl, sh, mx, sk) = (pipeline.downgrade(), shared.clone(), mux.clone(), sink.clone());
        parsebin.connect_pad_added(move |_, pad| {
            let Some(pipeline) = pl.upgrade() else { return };
            let res = link_stream(&pipeline, pad, &mx, &sk, &sh);
            sh.lock().expect("shared").last_pad = Some(std::time::Instant::now());
            if let Err(msg) = res {
                sh.lock().expect("shared").error.get_or_insert(msg);
            }
        });
        let sh = shared.clone();
        parsebin.connect_no_more_pads(move |_| sh.lock().expect("shared").no_more_pads = true);
        pipeline.set_state(gst::State::Playing).map_err(|_| PipelineError::Decode { path: in_s.clone(), msg: "pipeline failed to start".into() })?;
        Ok(Transcoder {
            pipeline,
            sink,
            src,
            shared,
            input: in_s,
            output: out_s,
            out_info: None,
            started_push: false,
            fmt_filter,
            codec,
            started: std::time::Instant::now(),
        })
    }

    /// The next decoded frame with its timing; `None` at the end of the input.
    pub fn pull(&mut self) -> Result<Option<(Frame, Timing, StreamInfo)>, PipelineError> {
        loop {
            if super::INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst) {
                return Err(PipelineError::Interrupted);
            }
            self.check_bus()?;
            if let Some(sample) = self.sink.try_pull_sample(gst::ClockTime::from_mseconds(100)) {
                return self.frame_of(&sample).map(Some);
            }
            if self.sink.is_eos() {
                self.check_bus()?;
                if self.shared.lock().expect("shared").videos == 0 {
                    return Err(PipelineError::NoVideo { path: self.input.clone() });
                }
                return Ok(None);
            }
            let sh = self.shared.lock().expect("shared");
            let quiet = sh.last_pad.map_or(self.started.elapsed(), |t| t.elapsed()) >= NO_VIDEO_AFTER;
            if sh.videos == 0 && (sh.no_more_pads || quiet) {
                return Err(PipelineError::NoVideo { path: self.input.clone() });
            }
        }
    }

    fn frame_of(&mut self, sample: &gst::Sample) -> Result<(Frame, Timing, StreamInfo), PipelineError> {
        let dec = |m: &str| PipelineError::Decode { path: self.input.clone(), msg: m.to_string() };
        let caps = sample.caps().ok_or_else(|| dec("sample without caps"))?;
        let info = gst_video::VideoInfo::from_caps(caps).map_err(|_| dec("unreadable video caps"))?;
        let buf = sample.buffer().ok_or_else(|| dec("sample without buffer"))?;
        let map = buf.map_readable().map_err(|_| dec("unmappable buffer"))?;
        let (w, h) = (info.width(), info.height());
        if w == 0 || h == 0 || w > crate::ingest::MAX_SIDE || h > crate::ingest::MAX_SIDE {
            return Err(dec(&format!("unsupported frame size {w}x{h}")));
        }
        let timing = Timing { pts: buf.pts(), duration: buf.duration() };
        let mut frame = Frame::from_strided(w, h, info.stride()[0] as usize, info.offset()[0], &map).ok_or_else(|| dec("short buffer"))?;
        frame.pts_ns = buf.pts().map_or(0, |t| t.nseconds());
        // A recording whose size changes mid-way (a window capture resized) keeps the first
        // size: later frames are cropped or padded to it before analysis, so what is analysed
        // is exactly what is written.
        if let Some(oi) = &self.out_info {
            frame = frame.fitted(oi.width(), oi.height());
        }
        let fps = info.fps();
        let fps = if fps.denom() > 0 && fps.numer() > 0 { fps.numer() as f64 / fps.denom() as f64 } else { 0.0 };
        if self.out_info.is_none() {
            if (w % 2 == 1 || h % 2 == 1) && self.codec == Codec::H264 {
                self.fmt_filter.set_property("caps", gst::Caps::builder("video/x-raw").field("format", "Y444").build());
            }
            let caps = gst_video::VideoCapsBuilder::new().format(gst_video::VideoFormat::Rgb).width(w as i32).height(h as i32).framerate(info.fps()).build();
            self.src.set_caps(Some(&caps));
            self.out_info = Some(gst_video::VideoInfo::from_caps(&caps).map_err(|_| dec("output caps"))?);
        }
        let dur = self.pipeline.query_duration::<gst::ClockTime>().map_or(0.0, |d| d.seconds_f64());
        let sh = self.shared.lock().expect("shared");
        let si = StreamInfo { width: w, height: h, fps, frames_estimate: (dur * fps).round() as u64, passthrough_streams: sh.others };
        Ok((frame, timing, si))
    }

    /// Sends one redacted frame to the encoder with its original timing.
    pub fn push(&mut self, frame: &Frame, timing: Timing) -> Result<(), PipelineError> {
        if !self.started_push {
            // Every stream of the input must be linked to the muxer before it starts writing.
            // Demuxers expose their streams before data flows, but parsebin does not always
            // say it is done: the streams are taken as complete once a frame was decoded and
            // no new one appeared for a moment.
            let t0 = std::time::Instant::now();
            loop {
                let settled = {
                    let sh = self.shared.lock().expect("shared");
                    sh.no_more_pads || sh.last_pad.is_some_and(|t| t.elapsed() >= std::time::Duration::from_millis(150))
                };
                if settled || t0.elapsed().as_secs() >= 5 {
                    break;
                }
                self.check_bus()?;
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            self.started_push = true;
            tracing::debug!(waited_ms = t0.elapsed().as_millis() as u64, "all input streams linked");
        }
        let info = self.out_info.as_ref().ok_or_else(|| PipelineError::Encode { path: self.output.clone(), msg: "no caps".into() })?;
        let data = frame.to_strided(info.stride()[0] as usize, info.size());
        let mut buf = gst::Buffer::from_mut_slice(data);
        {
            let b = buf.get_mut().expect("new buffer is writable");
            b.set_pts(timing.pts);
            b.set_duration(timing.duration);
        }
        self.src.push_buffer(buf).map_err(|e| {
            let detail = self.bus_error().unwrap_or_else(|| format!("{e:?}"));
            PipelineError::Encode { path: self.output.clone(), msg: detail }
        })?;
        Ok(())
    }

    /// Ends the stream and waits until the muxer has written everything.
    pub fn finish(self) -> Result<(), PipelineError> {
        let _ = self.src.end_of_stream();
        let bus = self.pipeline.bus().expect("pipeline bus");
        let res = match bus.timed_pop_filtered(gst::ClockTime::from_seconds(600), &[gst::MessageType::Eos, gst::MessageType::Error]) {
            Some(m) => match m.view() {
                gst::MessageView::Error(e) => Err(PipelineError::Encode { path: self.output.clone(), msg: e.error().to_string() }),
                _ => Ok(()),
            },
            None => Err(PipelineError::Encode { path: self.output.clone(), msg: "timed out finishing the file".into() }),
        };
        let _ = self.pipeline.set_state(gst::State::Null);
        res
    }

    fn bus_error(&self) -> Option<String> {
        let bus = self.pipeline.bus()?;
        while let Some(m) = bus.pop_filtered(&[gst::MessageType::Error]) {
            if let gst::MessageView::Error(e) = m.view() {
                return Some(e.error().to_string());
            }
        }
        self.shared.lock().ok()?.error.clone()
    }

    fn check_bus(&self) -> Result<(), PipelineError> {
        if let Some(msg) = self.shared.lock().expect("shared").error.clone() {
            return Err(if msg.starts_with("many-videos") {
                PipelineError::ManyVideos { path: self.input.clone() }
            } else {
                PipelineError::Decode { path: self.input.clone(), msg }
            });
        }
        let Some(bus) = self.pipeline.bus() else { return Ok(()) };
        while let Some(m) = bus.pop_filtered(&[gst::MessageType::Error]) {
            if let gst::MessageView::Error(e) = m.view() {
                let from_output = e.src().is_some_and(|s| {
                    let n = s.path_string();
                    n.contains("/out-") || n.contains("x264enc") || n.contains("vp9enc") || n.contains("avenc_ffv1")
                });
                let msg = e.error().to_string();
                return Err(if from_output {
                    PipelineError::Encode { path: self.output.clone(), msg }
                } else {
                    PipelineError::Decode { path: self.input.clone(), msg }
                });
            }
        }
        Ok(())
    }
}

impl Drop for Transcoder {
    fn drop(&mut self) {
        let _ = self.pipeline.set_state(gst::State::Null);
    }
}

fn init_err(e: impl std::fmt::Debug) -> PipelineError {
    PipelineError::Init(format!("{e:?}"))
}

fn encoder_chain(codec: Codec) -> Result<Vec<gst::Element>, PipelineError> {
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

/// Links one elementary stream found by parsebin: the video to the decoder and appsink,
/// anything else straight to the muxer.
fn link_stream(pipeline: &gst::Pipeline, pad: &gst::Pad, mux: &gst::Element, sink: &gst_app::AppSink, shared: &Arc<Mutex<Shared>>) -> Result<(), String> {
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
        let conv2 = make("videoconvert").map_err(|e| e.to_string())?;
        // The flip passes the decoder's format through; the conversion to RGB happens here.
        conv2.set_property("n-threads", 2u32);
        pipeline.add_many([&queue, &dec, &conv, &flip, &conv2]).map_err(|e| e.to_string())?;
        queue.link(&dec).map_err(|e| e.to_string())?;
        gst::Element::link_many([&conv, &flip, &conv2]).map_err(|e| e.to_string())?;
        conv2.link(sink).map_err(|e| e.to_string())?;
        let conv_w = conv.downgrade();
        dec.connect_pad_added(move |_, p| {
            if let Some(c) = conv_w.upgrade() {
                let _ = p.link(&c.static_pad("sink").expect("sink pad"));
            }
        });
        for e in [&queue, &dec, &conv, &flip, &conv2] {
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
