//! The `screenveil` GStreamer plugin: `libgstscreenveil.so`, which holds one element,
//! `screenveil` ([`element`]). Installed into the user's plugin folder by
//! `tools/install-plugin.sh`, after which `gst-inspect-1.0 screenveil` describes it. The CLI
//! links the same crate and registers the element in-process.

use gstreamer as gst;
use gstreamer::glib;

// The stages keep their module names here, as in every screenveil crate.
use screenveil_core::{frame, geom, scrub};
use screenveil_track::{config, redact, track};

pub mod element;

fn plugin_init(plugin: &gst::Plugin) -> Result<(), glib::BoolError> {
    element::register(Some(plugin))
}

gst::plugin_define!(
    screenveil,
    env!("CARGO_PKG_DESCRIPTION"),
    plugin_init,
    env!("CARGO_PKG_VERSION"),
    // GStreamer's name for the MIT licence (the project is MIT or Apache-2.0).
    "MIT/X11",
    env!("CARGO_PKG_NAME"),
    env!("CARGO_PKG_NAME"),
    // Origin: built from source, not from a distribution package.
    "source",
    "2026-12-01"
);
