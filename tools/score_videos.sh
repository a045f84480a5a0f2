#!/usr/bin/env bash
# Runs screenveil over the dev-set videos and scores them (leaked frames, recall,
# over-redaction, speed). Usage: tools/score_videos.sh [ID ...]
set -euo pipefail
cd "$(dirname "$0")/.."
ids=()
if [ $# -gt 0 ]; then ids=(--ids "$@"); fi
python3 ../shared/eval-dev/run_product.py ../shared/eval-dev target/eval-out --bin target/release/screenveil --only videos "${ids[@]}"
python3 ../shared/eval-dev/score.py ../shared/eval-dev target/eval-out --only videos --jobs 2 "${ids[@]}" | grep -A 12 '^## Videos'
python3 tools/video_leaks.py
