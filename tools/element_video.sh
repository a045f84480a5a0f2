#!/usr/bin/env bash
# Redacts one recording with the GStreamer element through gst-launch-1.0, encoded as
# `screenveil video` encodes (x264 ultrafast, constant quality 18), for scoring the element
# beside the command: tools/element_video.sh IN OUT.mkv
# (run_product.py: --config tools/element_video.toml).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
export GST_PLUGIN_PATH="$here/target/release${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
tmp="$2.part.mkv"
# This build's plugin only, not one installed in the user's folder.
scratch="$(mktemp -d)"
trap 'rm -rf "$tmp" "$scratch"' EXIT
export XDG_DATA_HOME="$scratch" GST_REGISTRY="$scratch/registry.bin"
gst-launch-1.0 -q filesrc location="$1" ! decodebin ! videoconvert ! screenveil ! queue ! videoconvert \
  ! x264enc speed-preset=ultrafast trellis=false pass=qual quantizer=18 ! h264parse \
  ! matroskamux ! filesink location="$tmp"
mv "$tmp" "$2"
