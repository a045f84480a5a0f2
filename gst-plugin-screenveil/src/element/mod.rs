//! `screenveil`, the GStreamer element: a video filter that lets only redacted frames through.
//!
//! ```text
//! gst-launch-1.0 filesrc location=in.mp4 ! decodebin ! videoconvert ! screenveil \
//!     ! videoconvert ! x264enc ! mp4mux ! filesink location=out.mp4
//! ```
//!
//! Frames are held for the look-ahead (a value recognised late is carried back over the frames
//! where it was being typed), answered for in the latency query, and pushed in order with
//! their own timestamps once every changed region in them is read or masked. With `delay-ms`
//! set the element is live: a frame leaves after that delay with whatever is still unread
//! masked, and while OCR makes no progress at all frames are replaced by a "paused for
//! privacy" slate. Findings are posted as element messages ([`FINDING_MESSAGE`]) that carry the
//! kind, box, frame and masked preview, never the value. EOS drains the look-ahead.
//!
//! The plugin crate (`gst-plugin-screenveil`) registers it for `gst-launch-1.0` and
//! `gst-inspect-1.0`; `screenveil video` registers it in-process ([`register`]).

mod imp;
pub mod planes;
pub mod slate;
mod yuv;

use gstreamer as gst;
use gstreamer::glib;
use gstreamer::prelude::*;
use gstreamer::subclass::prelude::ObjectSubclassIsExt;

pub use imp::{Counts, DEFAULT_LOOKAHEAD, DEFAULT_STABLE_FRAMES, STALL_AFTER};

/// Name of the element message posted when a value is first seen (one per finding track).
pub const FINDING_MESSAGE: &str = "screenveil-finding";
/// Name of the element message posted at EOS with the run's counters.
pub const STATS_MESSAGE: &str = "screenveil-stats";

glib::wrapper! {
    /// The `screenveil` redaction filter.
    pub struct Screenveil(ObjectSubclass<imp::Screenveil>) @extends gst::Element, gst::Object;
}

impl Screenveil {
    /// What the analysis did so far (counters of the tracker; reset at each start).
    pub fn stats(&self) -> crate::track::TrackStats {
        self.imp().stats()
    }

    /// Finding tracks finished since the last call, and at EOS every one still open: the
    /// report of an in-process run (the bus gets one message per track as it opens).
    pub fn take_tracks(&self) -> Vec<crate::track::tracks::Track> {
        self.imp().take_tracks()
    }

    /// A new element (`gst::ElementFactory::make("screenveil")` once [`register`]ed).
    pub fn new() -> Screenveil {
        gst::glib::Object::new()
    }

    /// Uses `tracker` (its OCR engines warm, its own settings) instead of building one from
    /// the properties, from the next start on; it comes back from [`take_tracker`](Self::take_tracker)
    /// once the element is stopped (READY or NULL).
    pub fn lend_tracker(&self, tracker: crate::track::Tracker) {
        self.imp().lend_tracker(tracker)
    }

    /// The lent tracker back (or, stopped or not, the one in use).
    pub fn take_tracker(&self) -> Option<crate::track::Tracker> {
        self.imp().take_tracker()
    }

    /// How long each frame pushed out so far was held, in milliseconds (the latency the
    /// element added), in order.
    pub fn held_ms(&self) -> Vec<f32> {
        self.imp().held_ms()
    }

    /// Frames taken in and pushed out so far, and how those out were analysed.
    pub fn counts(&self) -> Counts {
        self.imp().counts()
    }
}

impl Default for Screenveil {
    fn default() -> Self {
        Self::new()
    }
}

/// How masks look (the `style` property).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, glib::Enum)]
#[repr(u32)]
#[enum_type(name = "GstScreenveilStyle")]
pub enum Style {
    #[default]
    #[enum_value(name = "Solid fill (irreversible)", nick = "fill")]
    Fill,
    #[enum_value(name = "Coarse mosaic (weaker)", nick = "pixelate")]
    Pixelate,
    #[enum_value(name = "Heavy blur (weaker)", nick = "blur")]
    Blur,
}

impl From<Style> for crate::redact::Style {
    fn from(s: Style) -> Self {
        match s {
            Style::Fill => crate::redact::Style::Fill,
            Style::Pixelate => crate::redact::Style::Pixelate,
            Style::Blur => crate::redact::Style::Blur,
        }
    }
}

/// Registers the element with `plugin`, or for this process only with `None`.
pub fn register(plugin: Option<&gst::Plugin>) -> Result<(), glib::BoolError> {
    gst::Element::register(plugin, "screenveil", gst::Rank::NONE, Screenveil::static_type())
}
