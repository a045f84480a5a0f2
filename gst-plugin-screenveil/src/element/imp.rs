//! The element's work: pads, properties, frames through the [`Tracker`], events and queries.
//!
//! The tracker is made when the first caps arrive (its look-ahead in live mode depends on the
//! frame rate) and lives until the element goes back to READY, so OCR engines stay warm across
//! flushes and caps changes. Buffers wait in `held` beside the tracker's copy of their
//! pictures; the redacted pixels are written back into the buffer that came in, so its
//! timestamps, flags and metas leave with it.

use std::collections::VecDeque;
use std::sync::{LazyLock, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use gstreamer as gst;
use gstreamer::glib;
use gstreamer::prelude::*;
use gstreamer::subclass::prelude::*;
use gstreamer_video as gst_video;

use super::Style;
use super::planes::Formats;
use crate::config::Config;
use crate::geom::Rect;
use crate::track::tracks::{Track, Tracks};
use crate::track::{TrackConfig, TrackStats, Tracker};

static CAT: LazyLock<gst::DebugCategory> =
    LazyLock::new(|| gst::DebugCategory::new("screenveil", gst::DebugColorFlags::empty(), Some("Redaction of secrets and personal data on screen video")));

pub const DEFAULT_LOOKAHEAD: u32 = 45;
pub const DEFAULT_STABLE_FRAMES: u32 = 3;
/// Live mode: OCR silent this long with readings waiting → the slate instead of the picture.
pub const STALL_AFTER: Duration = Duration::from_millis(1500);
/// Longest live delay: each frame waiting is held decoded (6 MB at 1080p).
const MAX_DELAY_MS: u32 = 5000;
/// Frame rate assumed where the caps give none (variable-rate screen capture).
const FALLBACK_FPS: f64 = 30.0;

/// Property values; `None` where the configuration file (or its default) decides.
#[derive(Clone, Debug, Default)]
struct Settings {
    lookahead: Option<u32>,
    stable_frames: Option<u32>,
    style: Option<Style>,
    config_location: Option<String>,
    delay_ms: u32,
}

/// Frames in and out, and how those out were analysed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub frames_in: u64,
    pub frames_out: u64,
    pub masked_frames: u64,
    /// Live: changed bands were masked whole instead of searched (the loop fell behind).
    pub overloaded_frames: u64,
    /// Live: replaced by the slate because OCR made no progress.
    pub slate_frames: u64,
}

struct State {
    config: Config,
    delay_ms: u32,
    tracker: Option<Tracker>,
    /// The tracker was lent ([`Screenveil::lend_tracker`]): it goes back at stop.
    is_lent: bool,
    formats: Option<Formats>,
    held: VecDeque<gst::Buffer>,
    tracks: Tracks,
    finished: Vec<Track>,
    counts: Counts,
    frame_interval: Duration,
    /// Time the element spends on a frame, smoothed (milliseconds): one frame preempted by
    /// the encoder or OCR on a small machine does not switch overload on.
    busy_ms: f64,
    /// When each held buffer came in (live: how long frames are held, and whether the
    /// element has fallen behind).
    arrived: VecDeque<Instant>,
    /// Milliseconds each frame out was held, in order.
    held_ms: Vec<f32>,
}

/// Buffers ready to push and the findings to post, made under the state lock and sent after.
#[derive(Default)]
struct Ready {
    buffers: Vec<gst::Buffer>,
    messages: Vec<gst::Structure>,
}

impl State {
    /// Takes every frame the tracker lets go, writes its masks into its buffer.
    fn collect(&mut self) -> Result<Ready, String> {
        let mut ready = Ready::default();
        let (Some(fm), Some(tracker)) = (self.formats.as_ref(), self.tracker.as_mut()) else { return Ok(ready) };
        let stalled = self.delay_ms > 0 && tracker.ocr_stalled(STALL_AFTER);
        while let Some(tf) = tracker.receive_frame().map_err(|e| crate::scrub::scrub(&e.to_string()))? {
            let mut buf = self.held.pop_front().ok_or("a frame left the tracker that never entered it")?;
            self.finished.extend(self.tracks.push(tf.index, tf.frame.pts_ns as f64 / 1e9, &tf.findings));
            ready.messages.extend(self.tracks.opened_at(tf.index).map(|t| finding_message(t, buf.pts())));
            let (w, h) = (tf.frame.width, tf.frame.height);
            let c = &mut self.counts;
            if stalled {
                c.slate_frames += 1;
                fm.write_back(&mut buf, super::slate::slate(w, h, tf.frame.pts_ns), &[Rect::new(0, 0, w as i32, h as i32)])
            } else {
                c.overloaded_frames += tf.overloaded as u64;
                c.masked_frames += !tf.masks.is_empty() as u64;
                let rects: Vec<Rect> = tf.masks.iter().map(|m| m.rect).collect();
                fm.write_back(&mut buf, tf.frame, &rects)
            }
            .map_err(|e| format!("cannot write a redacted frame: {e:?}"))?;
            c.frames_out += 1;
            if let Some(t) = self.arrived.pop_front() {
                self.held_ms.push(t.elapsed().as_secs_f32() * 1000.0);
            }
            ready.buffers.push(buf);
        }
        Ok(ready)
    }

    /// End of a sequence: everything still held is analysed and let go.
    fn drain(&mut self) -> Result<Ready, String> {
        if let Some(t) = self.tracker.as_mut() {
            t.flush().map_err(|e| crate::scrub::scrub(&e.to_string()))?;
        }
        self.collect()
    }

    /// Frames held before output: the look-ahead, or the live delay.
    fn held_for(&self) -> gst::ClockTime {
        if self.delay_ms > 0 {
            return gst::ClockTime::from_mseconds(self.delay_ms as u64);
        }
        gst::ClockTime::from_nseconds(self.frame_interval.as_nanos() as u64 * self.config.video.lookahead as u64)
    }
}

fn finding_message(t: &Track, pts: Option<gst::ClockTime>) -> gst::Structure {
    let b = t.boxes.first().copied().unwrap_or_default();
    gst::Structure::builder(super::FINDING_MESSAGE)
        .field("kind", t.kind)
        .field("rule", t.rule)
        .field("preview", t.preview.as_str())
        .field("frame", t.start_frame)
        .field("pts", pts.map_or(u64::MAX, |p| p.nseconds()))
        .field("x", b[1] as i32)
        .field("y", b[2] as i32)
        .field("width", (b[3] - b[1]) as i32)
        .field("height", (b[4] - b[2]) as i32)
        .build()
}

pub struct Screenveil {
    sinkpad: gst::Pad,
    srcpad: gst::Pad,
    settings: Mutex<Settings>,
    state: Mutex<Option<State>>,
    /// A tracker handed in by an in-process user (warm OCR engines across recordings); used
    /// instead of one built from the properties, and given back when the element stops.
    lent: Mutex<Option<Tracker>>,
}

impl Screenveil {
    fn state(&self) -> MutexGuard<'_, Option<State>> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn settings(&self) -> MutexGuard<'_, Settings> {
        self.settings.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn stats(&self) -> TrackStats {
        self.state().as_ref().and_then(|s| s.tracker.as_ref()).map(|t| t.stats.clone()).unwrap_or_default()
    }

    pub fn take_tracks(&self) -> Vec<Track> {
        self.state().as_mut().map(|s| std::mem::take(&mut s.finished)).unwrap_or_default()
    }

    pub fn lend_tracker(&self, t: Tracker) {
        *self.lent.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(t);
    }

    pub fn take_tracker(&self) -> Option<Tracker> {
        let lent = self.lent.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        lent.or_else(|| self.state().as_mut().and_then(|s| s.tracker.take()))
    }

    pub fn counts(&self) -> Counts {
        self.state().as_ref().map(|s| s.counts).unwrap_or_default()
    }

    pub fn held_ms(&self) -> Vec<f32> {
        self.state().as_ref().map(|s| s.held_ms.clone()).unwrap_or_default()
    }

    /// Pushes what a step made ready and posts its findings; the lock is not held here, so
    /// downstream may block (back-pressure) or query us.
    fn send(&self, ready: Ready) -> Result<gst::FlowSuccess, gst::FlowError> {
        let obj = self.obj();
        for s in ready.messages {
            let _ = obj.post_message(gst::message::Element::builder(s).src(&*obj).build());
        }
        let mut res = Ok(gst::FlowSuccess::Ok);
        for b in ready.buffers {
            res = self.srcpad.push(b);
            if res.is_err() {
                break;
            }
        }
        res
    }

    fn fail(&self, msg: &str) -> gst::FlowError {
        gst::element_imp_error!(self, gst::StreamError::Failed, ("{}", msg));
        gst::FlowError::Error
    }

    fn sink_chain(&self, buffer: gst::Buffer) -> Result<gst::FlowSuccess, gst::FlowError> {
        let t0 = Instant::now();
        let ready = {
            let mut guard = self.state();
            let st = guard.as_mut().ok_or(gst::FlowError::Flushing)?;
            let (Some(fm), Some(tracker)) = (st.formats.as_ref(), st.tracker.as_mut()) else {
                return Err(gst::FlowError::NotNegotiated);
            };
            let frame = fm.to_frame(&buffer).ok_or_else(|| self.fail("cannot map a video buffer"))?;
            if st.delay_ms > 0 {
                // Behind real time (frames take longer than a frame interval, smoothed over the
                // last few, or the last frame out was held past the delay): changed bands are
                // masked whole instead of searched, until frames leave on time again.
                let late = st.held_ms.last().is_some_and(|&ms| ms as f64 > st.delay_ms as f64 + st.frame_interval.as_secs_f64() * 1000.0);
                tracker.set_overloaded(late || st.busy_ms > st.frame_interval.as_secs_f64() * 1000.0);
            }
            st.held.push_back(buffer);
            st.arrived.push_back(t0);
            st.counts.frames_in += 1;
            tracker.send_frame(frame).map_err(|e| self.fail(&crate::scrub::scrub(&e.to_string())))?;
            let ready = st.collect().map_err(|m| self.fail(&m))?;
            st.busy_ms = 0.75 * st.busy_ms + 0.25 * t0.elapsed().as_secs_f64() * 1000.0;
            ready
        };
        self.send(ready)
    }

    fn sink_event(&self, pad: &gst::Pad, event: gst::Event) -> bool {
        match event.view() {
            gst::EventView::Caps(c) => {
                let caps = c.caps_owned();
                self.set_caps(&caps) && self.srcpad.push_event(event)
            }
            gst::EventView::Eos(_) => {
                let drained = self.state().as_mut().map(|st| {
                    st.drain().map(|mut r| {
                        st.finished.extend(st.tracks.finish());
                        let s = st.tracker.as_ref().map(|t| t.stats.clone()).unwrap_or_default();
                        r.messages.push(
                            gst::Structure::builder(super::STATS_MESSAGE)
                                .field("frames", st.counts.frames_out)
                                .field("masked-frames", st.counts.masked_frames)
                                .field("tracks", st.tracks.total)
                                .field("ocr-reads", s.ocr_reads)
                                .build(),
                        );
                        r
                    })
                });
                match drained {
                    Some(Err(m)) => {
                        let _ = self.fail(&m);
                        return false;
                    }
                    Some(Ok(r)) => {
                        // Downstream gone or flushing: EOS still goes out.
                        let _ = self.send(r);
                    }
                    None => {}
                }
                self.srcpad.push_event(event)
            }
            gst::EventView::FlushStop(_) => {
                // A seek: what was held belongs to the old position and is dropped (never
                // pushed unanalysed); the readings stay, the frame history does not.
                if let Some(st) = self.state().as_mut() {
                    st.held.clear();
                    st.arrived.clear();
                    if let Some(t) = st.tracker.as_mut() {
                        t.reset();
                    }
                    st.tracks = Tracks::default();
                }
                self.srcpad.push_event(event)
            }
            _ => gst::Pad::event_default(pad, Some(&*self.obj()), event),
        }
    }

    /// New caps: frames of the old format leave first, then the tracker is made (first caps)
    /// or kept (a new size starts a new sequence inside it).
    fn set_caps(&self, caps: &gst::Caps) -> bool {
        let Ok(info) = gst_video::VideoInfo::from_caps(caps) else {
            gst::error!(CAT, imp = self, "unusable caps {caps:?}");
            return false;
        };
        let (w, h) = (info.width(), info.height());
        if w == 0 || h == 0 || w > crate::frame::MAX_SIDE || h > crate::frame::MAX_SIDE {
            gst::element_imp_error!(self, gst::StreamError::Format, ("unsupported frame size {}x{}", w, h));
            return false;
        }
        let pending = self.state().as_mut().filter(|st| st.formats.as_ref().is_some_and(|f| f.info != info)).map(State::drain);
        let sent = match pending {
            Some(Err(m)) => Err(self.fail(&m)),
            Some(Ok(r)) => self.send(r),
            None => Ok(gst::FlowSuccess::Ok),
        };
        if sent.is_err() {
            return false;
        }
        let mut guard = self.state();
        let Some(st) = guard.as_mut() else { return false };
        let fps = info.fps();
        let fps = if fps.numer() > 0 && fps.denom() > 0 { fps.numer() as f64 / fps.denom() as f64 } else { FALLBACK_FPS };
        st.frame_interval = Duration::from_secs_f64(1.0 / fps);
        match Formats::new(info) {
            Ok(f) => st.formats = Some(f),
            Err(e) => {
                gst::element_imp_error!(self, gst::CoreError::Negotiation, ("cannot convert this format: {}", e));
                return false;
            }
        }
        if st.tracker.is_none() {
            let mut tc: TrackConfig = st.config.video.clone();
            if st.delay_ms > 0 {
                // Live: a frame leaves once the delay line is full, with what is still
                // unread masked; text must settle within the delay to be read at all.
                tc = tc.live(st.delay_ms as f64, fps);
            }
            st.config.video = tc.clone();
            match Tracker::new(&st.config.ocr, &st.config.detect, st.config.redact.clone(), tc) {
                Ok(t) => st.tracker = Some(t),
                Err(e) => {
                    gst::element_imp_error!(self, gst::LibraryError::Init, ("{}", crate::scrub::scrub(&e.to_string())));
                    return false;
                }
            }
        }
        true
    }

    fn src_query(&self, pad: &gst::Pad, query: &mut gst::QueryRef) -> bool {
        if !matches!(query.view(), gst::QueryView::Latency(_)) {
            return gst::Pad::query_default(pad, Some(&*self.obj()), query);
        }
        if !self.sinkpad.peer_query(query) {
            return false;
        }
        let ours = self.state().as_ref().map(State::held_for).unwrap_or_else(|| {
            let s = self.settings();
            if s.delay_ms > 0 {
                gst::ClockTime::from_mseconds(s.delay_ms as u64)
            } else {
                gst::ClockTime::from_nseconds((1e9 / FALLBACK_FPS) as u64 * s.lookahead.unwrap_or(DEFAULT_LOOKAHEAD) as u64)
            }
        });
        if let gst::QueryViewMut::Latency(q) = query.view_mut() {
            let (live, min, max) = q.result();
            gst::debug!(CAT, imp = self, "upstream latency {min}..{max:?}, adding {ours}");
            q.set(live, min + ours, max.map(|m| m + ours));
        }
        true
    }

    /// READY → PAUSED: the configuration file is read now, so a bad one fails the state
    /// change with its reason instead of the first frame.
    fn start(&self) -> Result<(), gst::StateChangeError> {
        let s = self.settings().clone();
        let mut config = match &s.config_location {
            Some(p) => Config::load(std::path::Path::new(p)).map_err(|e| {
                gst::element_imp_error!(self, gst::ResourceError::Settings, ("{}", e));
                gst::StateChangeError
            })?,
            None => Config::default(),
        };
        if let Some(n) = s.lookahead {
            config.video.lookahead = n as usize;
        }
        if let Some(n) = s.stable_frames {
            config.video.stable_frames = n as usize;
        }
        if let Some(st) = s.style {
            config.redact.style = st.into();
        }
        let lent = self.lent.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take().map(|mut t| {
            t.reset();
            config.video.lookahead = t.lookahead();
            t
        });
        *self.state() = Some(State {
            config,
            delay_ms: s.delay_ms,
            is_lent: lent.is_some(),
            tracker: lent,
            formats: None,
            held: VecDeque::new(),
            tracks: Tracks::default(),
            finished: Vec::new(),
            counts: Counts::default(),
            frame_interval: Duration::from_secs_f64(1.0 / FALLBACK_FPS),
            busy_ms: 0.0,
            arrived: VecDeque::new(),
            held_ms: Vec::new(),
        });
        Ok(())
    }
}

#[glib::object_subclass]
impl ObjectSubclass for Screenveil {
    const NAME: &'static str = "GstScreenveil";
    type Type = super::Screenveil;
    type ParentType = gst::Element;

    fn with_class(klass: &Self::Class) -> Self {
        let templ = klass.pad_template("sink").expect("sink template");
        let sinkpad = gst::Pad::builder_from_template(&templ)
            .chain_function(|_, parent, buffer| Screenveil::catch_panic_pad_function(parent, || Err(gst::FlowError::Error), |s| s.sink_chain(buffer)))
            .event_function(|pad, parent, event| Screenveil::catch_panic_pad_function(parent, || false, |s| s.sink_event(pad, event)))
            .flags(gst::PadFlags::PROXY_CAPS)
            .build();
        let templ = klass.pad_template("src").expect("src template");
        let srcpad = gst::Pad::builder_from_template(&templ)
            .query_function(|pad, parent, query| Screenveil::catch_panic_pad_function(parent, || false, |s| s.src_query(pad, query)))
            .flags(gst::PadFlags::PROXY_CAPS)
            .build();
        Screenveil { sinkpad, srcpad, settings: Mutex::new(Settings::default()), state: Mutex::new(None), lent: Mutex::new(None) }
    }
}

impl ObjectImpl for Screenveil {
    fn properties() -> &'static [glib::ParamSpec] {
        static PROPS: LazyLock<Vec<glib::ParamSpec>> = LazyLock::new(|| {
            vec![
                glib::ParamSpecUInt::builder("lookahead")
                    .nick("Look-ahead")
                    .blurb("Frames held back so a value recognised late is also masked where it was being typed (default: the config file's, else 45)")
                    .minimum(1)
                    .maximum(600)
                    .default_value(DEFAULT_LOOKAHEAD)
                    .mutable_ready()
                    .build(),
                glib::ParamSpecUInt::builder("stable-frames")
                    .nick("Stable frames")
                    .blurb("Frames new text must stay unchanged before it is read; until then it is masked")
                    .minimum(1)
                    .maximum(60)
                    .default_value(DEFAULT_STABLE_FRAMES)
                    .mutable_ready()
                    .build(),
                glib::ParamSpecEnum::builder_with_default("style", Style::Fill).nick("Style").blurb("How masks look (fill is the only irreversible one)").mutable_ready().build(),
                glib::ParamSpecString::builder("config-location").nick("Config file").blurb("screenveil TOML configuration (OCR languages, detectors, redaction)").mutable_ready().build(),
                glib::ParamSpecUInt::builder("delay-ms")
                    .nick("Live delay")
                    .blurb("0: frames wait for their analysis (recordings). Otherwise each frame leaves after this many ms with what is still unread masked (live)")
                    .maximum(MAX_DELAY_MS)
                    .default_value(0)
                    .mutable_ready()
                    .build(),
            ]
        });
        PROPS.as_ref()
    }

    fn set_property(&self, _id: usize, value: &glib::Value, pspec: &glib::ParamSpec) {
        let mut s = self.settings();
        match pspec.name() {
            "lookahead" => s.lookahead = value.get().ok(),
            "stable-frames" => s.stable_frames = value.get().ok(),
            "style" => s.style = value.get().ok(),
            "config-location" => s.config_location = value.get::<Option<String>>().ok().flatten(),
            "delay-ms" => s.delay_ms = value.get().unwrap_or(0),
            other => gst::warning!(CAT, imp = self, "no property {other}"),
        }
    }

    fn property(&self, _id: usize, pspec: &glib::ParamSpec) -> glib::Value {
        let s = self.settings();
        match pspec.name() {
            "lookahead" => s.lookahead.unwrap_or(DEFAULT_LOOKAHEAD).to_value(),
            "stable-frames" => s.stable_frames.unwrap_or(DEFAULT_STABLE_FRAMES).to_value(),
            "style" => s.style.unwrap_or_default().to_value(),
            "config-location" => s.config_location.to_value(),
            _ => s.delay_ms.to_value(),
        }
    }

    fn constructed(&self) {
        self.parent_constructed();
        let obj = self.obj();
        obj.add_pad(&self.sinkpad).expect("sink pad added once");
        obj.add_pad(&self.srcpad).expect("src pad added once");
    }
}

impl GstObjectImpl for Screenveil {}

impl ElementImpl for Screenveil {
    fn metadata() -> Option<&'static gst::subclass::ElementMetadata> {
        static META: LazyLock<gst::subclass::ElementMetadata> = LazyLock::new(|| {
            gst::subclass::ElementMetadata::new(
                "Screen redaction",
                "Filter/Effect/Video",
                "Masks secrets and personal data (passwords, tokens, e-mails, IDs, IBANs, names, addresses) in screen video",
                "screenveil developers",
            )
        });
        Some(&*META)
    }

    fn pad_templates() -> &'static [gst::PadTemplate] {
        static TEMPLATES: LazyLock<Vec<gst::PadTemplate>> = LazyLock::new(|| {
            use gst_video::VideoFormat::*;
            let caps = gst_video::VideoCapsBuilder::new().format_list([Rgb, Bgr, Rgbx, Bgrx, Rgba, Bgra, I420, Nv12, Y444]).build();
            vec![
                gst::PadTemplate::new("src", gst::PadDirection::Src, gst::PadPresence::Always, &caps).expect("src template"),
                gst::PadTemplate::new("sink", gst::PadDirection::Sink, gst::PadPresence::Always, &caps).expect("sink template"),
            ]
        });
        TEMPLATES.as_ref()
    }

    fn change_state(&self, transition: gst::StateChange) -> Result<gst::StateChangeSuccess, gst::StateChangeError> {
        if transition == gst::StateChange::ReadyToPaused {
            self.start()?;
        }
        let res = self.parent_change_state(transition)?;
        if transition == gst::StateChange::PausedToReady {
            // Drops the tracker (its OCR workers stop) unless it was lent: then it goes back.
            if let Some(State { tracker: Some(t), is_lent: true, .. }) = self.state().take() {
                *self.lent.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(t);
            }
        }
        Ok(res)
    }
}
