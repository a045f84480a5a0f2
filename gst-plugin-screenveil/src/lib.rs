//! The `screenveil` GStreamer plugin: `libgstscreenveil.so`, which holds one element,
//! `screenveil` (see [`screenveil::element`]). Installed into the user's plugin folder by
//! `tools/install-plugin.sh`, after which `gst-inspect-1.0 screenveil` describes it.

use gstreamer as gst;
use gstreamer::glib;

fn plugin_init(plugin: &gst::Plugin) -> Result<(), glib::BoolError> {
    screenveil::element::register(Some(plugin))
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
