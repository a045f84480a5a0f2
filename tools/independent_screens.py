#!/usr/bin/env python3
"""Renders the independent text set (tools/independent_text.py: 14 more locales, other
templates and values) as screens with real fonts, in the development set's format, so that
`../shared/eval-dev/score.py` scores `screenveil image` on them:

    python3 tools/independent_screens.py target/indep-screens
    python3 ../shared/eval-dev/run_product.py target/indep-screens target/indep-out \
        --bin target/release/screenveil --only images
    python3 ../shared/eval-dev/score.py target/indep-screens target/indep-out --only images

Each clean document becomes one window: a title bar, then its lines in one of three fonts,
light or dark, 12-20 px, at 1x or 2x device scale. Every labelled value is a `sensitive`
item with its box, every decoy a `decoy`, every other word `text` (for over-redaction).
Greek documents are left out: the product reads Latin and Japanese scripts only (no Greek
OCR model is installed), which the closing note states as a gap rather than hiding it here.
"""
import json
import os
import random
import sys

from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import independent_text as T  # noqa: E402

FONTS = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
         "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"]
KIND = {"person_name": "name", "birth_date": "birth_date", "phone": "phone", "email": "email", "iban": "iban", "national_id": "national_id",
        "password": "password", "secret": "api_key", "payment_card": "card", "address": "address", "bank_account": "bank_account"}
APPS = {"form": "Customer profile", "crm_table": "CRM — Contacts", "email": "Mail — Inbox", "chat": "Team chat", "checkout": "Checkout",
        "env_config": "Terminal — bash", "hr_record": "HR — Employee"}


def render(doc, n, out_dir, rng):
    dpr = rng.choice([1, 1, 2])
    px = rng.choice([12, 13, 14, 16, 18, 20]) * dpr
    font = ImageFont.truetype(FONTS[2] if doc["kind"] == "env_config" else rng.choice(FONTS[:2]), px)
    dark = rng.random() < 0.35
    bg, fg, bar = ((30, 31, 36), (222, 222, 222), (48, 50, 58)) if dark else ((250, 250, 248), (28, 28, 32), (228, 230, 236))
    text = doc["text"].replace("\t", "    ")
    lines = text.split("\n")
    lh = int(px * 1.7)
    w = 1280 * dpr
    h = max(720 * dpr, 60 * dpr + lh * (len(lines) + 2))
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, 36 * dpr], fill=bar)
    title_font = ImageFont.truetype(FONTS[0], 14 * dpr)
    d.text((16 * dpr, 10 * dpr), APPS.get(doc["kind"], "Window"), font=title_font, fill=fg)
    items = []
    # Byte offsets of the original text to character offsets of the rendered text (tabs
    # became four spaces).
    raw = doc["text"]
    char_of_byte, c = {}, 0
    for i, ch in enumerate(raw):
        char_of_byte[len(raw[:i].encode())] = c
        c += 4 if ch == "\t" else 1
    char_of_byte[len(raw.encode())] = c
    marks = [(s, "sensitive") for s in doc["spans"]] + [(s, "decoy") for s in doc["decoys"]] + [(s, "ignore") for s in doc.get("ignore", [])]
    x0, y = 40 * dpr, 60 * dpr
    start = 0
    covered = []
    # A table's cells go in columns, as a table shows them: (line, cells as (start, end) in
    # the line), then each column as wide as its widest cell.
    import re
    table = doc["kind"] == "crm_table"
    cells_of = [[(m.start(), m.end()) for m in re.finditer(r"(?:(?! {2,}| \| |    ).)+", ln)] if table else [(0, len(ln))] for ln in lines]
    ncol = max(len(c) for c in cells_of)
    col_w = [0] * ncol
    for ln, cs in zip(lines, cells_of):
        if len(cs) == ncol:
            for k, (a, b) in enumerate(cs):
                col_w[k] = max(col_w[k], int(font.getlength(ln[a:b])))
    col_x = [x0 + sum(col_w[:k]) + 24 * dpr * k for k in range(ncol)]
    for line, cs in zip(lines, cells_of):
        end = start + len(line)
        placed = [(col_x[k] if table and len(cs) == ncol else x0 + int(font.getlength(line[:a])), a, b) for k, (a, b) in enumerate(cs)]
        for cx, a, b in placed:
            d.text((cx, y), line[a:b], font=font, fill=fg)
        top, bottom = y + int(px * 0.1), y + int(px * 1.25)

        def box(a, b, line=line, placed=placed, start=start):
            a, b = a - start, b - start
            cx, ca, cb = next(((cx, ca, cb) for cx, ca, cb in placed if ca <= a < cb), placed[0] if placed else (x0, 0, 0))
            xa = cx + int(font.getlength(line[ca:a]))
            xb = cx + int(font.getlength(line[ca:min(b, cb)])) + 1
            return [max(0, xa - 1), top, min(w, xb), bottom]

        for s, cls in marks:
            a, b = char_of_byte[s["start"]], char_of_byte[s["end"]]
            a, b = max(a, start), min(b, end)
            if a >= b:
                continue
            part = text[a:b]
            if not part.strip():
                continue
            bx = box(a, b)
            # A long line runs past the window's right edge: what lies beyond it is not on
            # the screen (nothing to hide or keep), what is cut there is a partial value.
            if bx[0] >= bx[2] - 2:
                continue
            item = {"cls": cls, "kind": KIND.get(s.get("category"), s.get("type", "other")) if cls == "sensitive" else s.get("type", "other"),
                    "sub": s.get("type", ""), "value": s["text"], "locale": doc["locale"], "lang": "eng",
                    "boxes": [{"b": bx, "text": part.replace(" ", ""), "partial": bx[2] >= w, "ref": 1.0}], "id": len(items)}
            items.append(item)
            covered.append((a, b))
        # Every other word: text that must stay readable.
        pos = start
        for word in line.split(" "):
            a, b = pos, pos + len(word)
            pos = b + 1
            if not word.strip() or any(ca < b and a < cb for ca, cb in covered):
                continue
            if box(a, b)[0] < box(a, b)[2] - 2:
                items.append({"cls": "text", "value": word, "boxes": [box(a, b)], "id": len(items)})
        start = end + 1
        y += lh
    ident = f"ind-{doc['kind']}-{n:03d}-{doc['locale']}"
    img.save(os.path.join(out_dir, "images", ident + ".png"))
    gt = {"id": ident, "split": "own", "family": doc["kind"], "locale": doc["locale"], "width": w, "height": h, "dpr": float(dpr),
          "theme": "dark" if dark else "light", "font_px": px / dpr, "image": f"images/{ident}.png", "items": items}
    with open(os.path.join(out_dir, "gt", ident + ".json"), "w") as f:
        json.dump(gt, f, ensure_ascii=False)
    return {"id": ident, "type": "image", "input": f"images/{ident}.png", "gt": f"gt/{ident}.json", "family": doc["kind"],
            "locale": doc["locale"], "width": w, "height": h, "dpr": float(dpr)}


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "target/indep-screens"
    os.makedirs(os.path.join(out_dir, "images"), exist_ok=True)
    os.makedirs(os.path.join(out_dir, "gt"), exist_ok=True)
    rng = random.Random(5)
    entries = []
    n = 0
    for loc in T.L:
        if loc == "el_GR":
            continue
        for kind in T.KINDS:
            doc = json.loads(kind(loc, False).json(n))
            entries.append(render(doc, n, out_dir, rng))
            n += 1
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump({"name": "screenveil-independent-screens", "format": 1, "entries": entries}, f)
    print(f"{len(entries)} screens in {out_dir}")


if __name__ == "__main__":
    main()
