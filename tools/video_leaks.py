#!/usr/bin/env python3
"""Print the leaked box-frames of the last video score (target/eval-out/score.json)."""
import json, sys
p = sys.argv[1] if len(sys.argv) > 1 else "target/eval-out/score.json"
s = json.load(open(p))
for vid, r in s["videos"]["per_video"].items():
    print(vid, "leaked frames", r["leaked_frames"], "recall", r["recall"], "decoy fp", r["decoy_fp_rate"], "over", r["over_redaction_text_area"])
    for e in r["leak_examples"]:
        print("  ", e)
