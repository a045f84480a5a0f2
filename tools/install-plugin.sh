#!/usr/bin/env bash
# Installs the built GStreamer plugin (target/release/libgstscreenveil.so, from
# `cargo build --release`) into the user's plugin folder, which GStreamer searches by
# default; then `gst-inspect-1.0 screenveil` shows the element. PREFIX overrides the folder
# (e.g. PREFIX=/usr/local/lib/x86_64-linux-gnu/gstreamer-1.0 for every user).
set -euo pipefail
cd "$(dirname "$0")/.."
lib=target/release/libgstscreenveil.so
[ -f "$lib" ] || { echo "install-plugin: $lib not built; run cargo build --release first" >&2; exit 5; }
dest="${PREFIX:-${XDG_DATA_HOME:-$HOME/.local/share}/gstreamer-1.0/plugins}"
mkdir -p "$dest"
# Copied, not linked: a later `cargo clean` must not break installed pipelines. Written under
# a temporary name first so a running pipeline never loads a half-written library.
install -m 0644 "$lib" "$dest/.libgstscreenveil.so.tmp"
mv -f "$dest/.libgstscreenveil.so.tmp" "$dest/libgstscreenveil.so"
if gst-inspect-1.0 screenveil >/dev/null 2>&1; then
  echo "installed: $dest/libgstscreenveil.so (gst-inspect-1.0 screenveil)"
else
  echo "install-plugin: copied to $dest, but GStreamer does not find it there (GST_PLUGIN_SYSTEM_PATH set?)" >&2
  exit 5
fi
