#!/usr/bin/env python3
"""Stricter than the scorer: reads back every sensitive name, e-mail, password and phone box of
the redacted dev-set videos (target/eval-out/videos) with tesseract and reports frames where 5 or
more consecutive characters of the value are readable. The scorer calls a box leaked only when
half the value reads back; a surname or half a password is still a leak to a person.

Usage: tools/video_fragments.py [--every N] [ID ...]   (run tools/score_videos.sh first)
"""
import argparse, glob, gzip, json, os, unicodedata

import cv2
import tesserocr
from PIL import Image

ap = argparse.ArgumentParser()
ap.add_argument("--every", type=int, default=2, help="check every Nth frame")
ap.add_argument("ids", nargs="*")
a = ap.parse_args()
dev = "../shared/eval-dev"
tessdata = next(iter(sorted(glob.glob("/usr/share/tesseract-ocr/*/tessdata"))), None)
apis = {}


def norm(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s.lower()) if c.isalnum())


def longest_common_run(val, txt):
    return max((k for k in range(5, len(val) + 1) for i in range(len(val) - k + 1) if val[i : i + k] in txt), default=0)


manifest = json.load(open(f"{dev}/manifest.json"))
entries = manifest if isinstance(manifest, list) else manifest.get("entries", [])
total = 0
for m in entries:
    if m.get("type") != "video" or (a.ids and m["id"] not in a.ids):
        continue
    out = f"target/eval-out/videos/{m['id']}.mkv"
    if not os.path.exists(out):
        print(m["id"], "no output")
        continue
    g = json.load(gzip.open(os.path.join(dev, m["gt"])))
    items = {it["id"]: it for it in g["items"]}
    cap = cv2.VideoCapture(out)
    hits, f = [], 0
    while True:
        ok, fr = cap.read()
        if not ok:
            break
        if f % a.every == 0:
            for e in g["frames"][f]:
                it = items[e[0]]
                if it.get("cls") != "sensitive" or it["kind"] not in ("name", "email", "password", "phone"):
                    continue
                x0, y0, x1, y1 = e[1:5]
                crop = fr[max(0, y0 - 2) : y1 + 2, max(0, x0 - 2) : x1 + 2]
                if crop.size == 0:
                    continue
                im = Image.fromarray(cv2.cvtColor(crop, cv2.COLOR_BGR2RGB))
                im = im.resize((im.width * 3, im.height * 3))
                lang = it.get("lang", "eng")
                if lang not in apis:
                    kw = {"path": tessdata + "/"} if tessdata else {}
                    apis[lang] = tesserocr.PyTessBaseAPI(lang=lang, psm=tesserocr.PSM.SINGLE_LINE, **kw)
                apis[lang].SetImage(im)
                run = longest_common_run(norm(e[5] if len(e) > 5 and e[5] else it["value"]), norm(apis[lang].GetUTF8Text()))
                if run >= 5:
                    hits.append((f, e[0], it["kind"], run))
        f += 1
    total += len(hits)
    print(f"{m['id']}: {len(hits)} box-frames with a readable fragment (one frame in {a.every} checked)")
    for h in hits[:10]:
        print("   frame %d item %d %s: %d characters" % h)
raise SystemExit(1 if total else 0)
