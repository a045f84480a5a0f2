#!/usr/bin/env python3
"""The project's own screen families, rendered by a real browser (Debian's Chromium through
Playwright) in the development set's format, so `../shared/eval-dev/score.py` scores them:

    python3 tools/own_screens/render.py target/own-screens          # 22 families x 6 locales
    python3 ../shared/eval-dev/run_product.py target/own-screens target/own-out \
        --bin target/release/screenveil --only images
    python3 ../shared/eval-dev/score.py target/own-screens target/own-out --only images

Every screen draws its layout, theme (light or dark), device scale (1x or 2x), viewport and
font at random (`--seed`). Ground truth comes from the rendered page itself: each marked value's
characters are measured with DOM ranges and grouped into line fragments, every other word is
a `text` box, and each box is shrunk to the ink of its glyphs in the screenshot. The browser runs inside an empty network namespace (`unshare -n`): the pages are
inline markup and must load nothing.
"""
import argparse
import json
import os
import sys

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import families_talk  # noqa: E402
import families_work  # noqa: E402
import locales as L  # noqa: E402
from parts import CSS  # noqa: E402

FAMILIES = families_work.FAMILIES + families_talk.FAMILIES
LOCALES = ["pl_PL", "lt_LT", "nl_NL", "ja_JP", "en_US", "de_DE"]
VIEWPORTS = [(1920, 1080, 1), (1280, 720, 1), (1440, 900, 1), (1280, 720, 2), (1366, 768, 1), (1280, 800, 2)]
FONTS = ["'Liberation Sans'", "'DejaVu Sans'", "'Noto Sans CJK JP'", "'Liberation Serif'"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

MEASURE = """() => {
  const out = [];
  const W = window.innerWidth, H = window.innerHeight;
  const visible = r => r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < W && r.top < H;
  const range = (n, a, b) => { const r = document.createRange(); r.setStart(n, a); r.setEnd(n, b); return r; };
  for (const el of document.querySelectorAll('[data-cls]')) {
    const frags = [];
    const tw = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let n;
    while ((n = tw.nextNode())) {
      for (let i = 0; i < n.data.length; i++) {
        const rs = range(n, i, i + 1).getClientRects();
        if (!rs.length || !visible(rs[0]) || !n.data[i].trim()) continue;
        const r = rs[0];
        let f = frags.find(f => Math.abs(f.top - r.top) < r.height / 2);
        if (!f) { f = {top: r.top, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom, text: ''}; frags.push(f); }
        f.x0 = Math.min(f.x0, r.left); f.x1 = Math.max(f.x1, r.right);
        f.y0 = Math.min(f.y0, r.top); f.y1 = Math.max(f.y1, r.bottom); f.text += n.data[i];
      }
    }
    out.push({cls: el.dataset.cls, kind: el.dataset.kind, sub: el.dataset.sub || el.dataset.kind, lang: el.dataset.lang || null,
              value: el.textContent, frags});
  }
  const tw = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = tw.nextNode())) {
    if (n.parentElement.closest('[data-cls],style,script')) continue;
    const re = /\\S+/g;
    let m;
    while ((m = re.exec(n.data))) {
      const r = range(n, m.index, m.index + m[0].length).getClientRects()[0];
      if (r && visible(r)) out.push({cls: 'text', value: m[0], frags: [{x0: r.left, y0: r.top, x1: r.right, y1: r.bottom, text: m[0]}]});
    }
  }
  return out;
}"""


def page_html(title, body, theme, font, size, mono):
    return (f"<!doctype html><html><head><meta charset='utf-8'><style>{CSS}"
            f":root{{--ff:{font},'Noto Sans CJK JP',sans-serif;--fs:{size}px;--mono:{mono},'Noto Sans Mono CJK JP',monospace}}</style></head>"
            f"<body class='{theme}'><div class='titlebar'><div class='dots'><i></i><i></i><i></i></div>{title}</div>{body}</body></html>")


def has_cjk(s):
    return any("\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" for c in s)


def ink_box(px, b):
    """`b` shrunk to the glyphs' ink inside it (pixels unlike the box's border colour): a DOM
    range is a line box, taller than its text. None where the box shows no ink (a line box
    whose glyphs are still below the screen's edge)."""
    x0, y0, x1, y1 = b
    crop = px[y0:y1, x0:x1].astype(np.int16)
    if crop.size == 0:
        return None
    edge = np.concatenate([crop[0], crop[-1], crop[:, 0], crop[:, -1]])
    colours, counts = np.unique(edge, axis=0, return_counts=True)
    bg = colours[counts.argmax()]
    ink = np.abs(crop - bg).max(axis=2) > 40
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if len(rows) == 0 or ink.sum() < 3:
        return None
    return [x0 + int(cols[0]), y0 + int(rows[0]), x0 + int(cols[-1]) + 1, y0 + int(rows[-1]) + 1]


def gt_items(measured, loc, dpr, w, h, px):
    """The page's measurements as ground-truth items in device pixels, clipped to the screen
    and to the ink of their glyphs."""
    items = []
    for m in measured:
        boxes = []
        for f in m["frags"]:
            b = [max(0, int(f["x0"] * dpr)), max(0, int(f["y0"] * dpr)), min(w, int(f["x1"] * dpr + 0.999)), min(h, int(f["y1"] * dpr + 0.999))]
            if b[2] - b[0] < 2 or b[3] - b[1] < 2:
                continue
            b = ink_box(px, b)
            if b is None:
                continue
            boxes.append(b if m["cls"] == "text" else {"b": b, "text": "".join(f["text"].split()), "partial": False})
        if not boxes:
            continue
        lang = m.get("lang") or ("jpn" if has_cjk(m["value"]) else L.LABELS[loc]["lang"] if m.get("kind") in ("name", "address") or m["cls"] == "text" else "eng")
        item = {"id": len(items), "cls": m["cls"], "value": m["value"], "locale": loc, "lang": lang, "boxes": boxes}
        if m["cls"] != "text":
            item.update(kind=m["kind"], sub=m["sub"])
        items.append(item)
    return items


def netns():
    """Re-runs this script inside an empty network namespace unless it already is in one."""
    if os.environ.get("SV_OWN_SCREENS_NETNS") != "1":
        os.execvp("unshare", ["unshare", "-n", "env", "SV_OWN_SCREENS_NETNS=1", sys.executable] + sys.argv)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir", nargs="?", default="target/own-screens")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--families", nargs="*", help="only these family names")
    a = ap.parse_args()
    netns()
    from playwright.sync_api import sync_playwright

    L.R.seed(a.seed)
    os.makedirs(os.path.join(a.out_dir, "images"), exist_ok=True)
    os.makedirs(os.path.join(a.out_dir, "gt"), exist_ok=True)
    entries = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        pages = {d: browser.new_context(device_scale_factor=d).new_page() for d in (1, 2)}
        for fam in FAMILIES:
            if a.families and fam.__name__ not in a.families:
                continue
            for loc in LOCALES:
                vw, vh, dpr = L.R.choice(VIEWPORTS)
                theme = "dark" if L.R.random() < .4 else "light"
                font = L.R.choice(FONTS)
                size = L.R.choice([12, 13, 14, 15, 16])
                title, body = fam(loc)
                page = pages[dpr]
                page.set_viewport_size({"width": vw, "height": vh})
                page.set_content(page_html(title, body, theme, font, size, L.R.choice(["'DejaVu Sans Mono'", "'Liberation Mono'"])))
                page.evaluate("document.fonts.ready")
                ident = f"own-{fam.__name__}-{loc}"
                w, h = vw * dpr, vh * dpr
                shot = os.path.join(a.out_dir, "images", ident + ".png")
                page.screenshot(path=shot)
                items = gt_items(page.evaluate(MEASURE), loc, dpr, w, h, np.asarray(Image.open(shot).convert("RGB")))
                gt = {"id": ident, "split": "own", "family": fam.__name__, "locale": loc, "width": w, "height": h, "dpr": float(dpr),
                      "theme": theme, "font_px": size, "items": items}
                with open(os.path.join(a.out_dir, "gt", ident + ".json"), "w") as f:
                    json.dump(gt, f, ensure_ascii=False)
                entries.append({"id": ident, "type": "image", "input": f"images/{ident}.png", "gt": f"gt/{ident}.json",
                                "family": fam.__name__, "locale": loc, "width": w, "height": h, "dpr": float(dpr)})
        browser.close()
    write_manifest(a.out_dir, "screenveil-own-screens", entries)
    print(f"{len(entries)} screens in {a.out_dir}")


def write_manifest(out_dir, name, entries):
    """The set's manifest.json in the development set's format."""
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump({"name": name, "format": 1, "entries": entries}, f)


if __name__ == "__main__":
    main()
