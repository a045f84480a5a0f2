#!/usr/bin/env python3
"""Recordings over the own screen families, rendered frame by frame by Chromium and encoded
losslessly (H.264 RGB, qp 0, 30 fps), in the development set's video format:

    python3 tools/own_screens/record.py target/own-videos
    python3 ../shared/eval-dev/run_product.py target/own-videos target/own-vout \
        --bin target/release/screenveil --only videos
    python3 ../shared/eval-dev/score.py target/own-videos target/own-vout --only videos

Scenarios: a password typed letter by letter into a sign-in form; a contact table scrolled
pixel by pixel; a terminal window dragged across another window; switching between a mail
window and a banking window; a notification toast sliding in over a chat. Ground truth is
measured on every frame from the page (see render.py); a value still being typed, cut by the
screen edge or covered by another window is `partial`. One recording carries an audio track.
"""
import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import families_talk as FT  # noqa: E402
import families_work as FW  # noqa: E402
import locales as L  # noqa: E402
import render  # noqa: E402
from parts import S  # noqa: E402

FPS = 30
W, H = 1280, 720

# Per frame: marked values by their data-id, other words by text node and offset; each with
# its line fragments, clipped by the viewport and by any element painted over them.
MEASURE = r"""() => {
  const out = [];
  const W = window.innerWidth, H = window.innerHeight;
  const range = (n, a, b) => { const r = document.createRange(); r.setStart(n, a); r.setEnd(n, b); return r; };
  const covered = (r, el) => {
    const x = Math.min(W - 1, Math.max(0, (r.left + r.right) / 2)), y = Math.min(H - 1, Math.max(0, (r.top + r.bottom) / 2));
    const top = document.elementFromPoint(x, y);
    return top && !el.contains(top) && !top.contains(el);
  };
  const visible = r => r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < W && r.top < H;
  for (const el of document.querySelectorAll('[data-cls]')) {
    const frags = [];
    const tw = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let n;
    while ((n = tw.nextNode())) {
      for (let i = 0; i < n.data.length; i++) {
        const rs = range(n, i, i + 1).getClientRects();
        if (!rs.length || !visible(rs[0]) || !n.data[i].trim() || covered(rs[0], el)) continue;
        const r = rs[0];
        let f = frags.find(f => Math.abs(f.top - r.top) < r.height / 2);
        if (!f) { f = {top: r.top, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom, text: ''}; frags.push(f); }
        f.x0 = Math.min(f.x0, r.left); f.x1 = Math.max(f.x1, r.right);
        f.y0 = Math.min(f.y0, r.top); f.y1 = Math.max(f.y1, r.bottom); f.text += n.data[i];
      }
    }
    out.push({key: 'm' + el.dataset.id, cls: el.dataset.cls, kind: el.dataset.kind, sub: el.dataset.sub || el.dataset.kind,
              lang: el.dataset.lang || null, value: el.dataset.full || el.textContent, shown: el.textContent, frags});
  }
  const tw = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n, k = 0;
  while ((n = tw.nextNode())) {
    k++;
    if (n.parentElement.closest('[data-cls],style,script')) continue;
    const re = /\S+/g;
    let m;
    while ((m = re.exec(n.data))) {
      const r = range(n, m.index, m.index + m[0].length).getClientRects()[0];
      if (r && visible(r) && !covered(r, n.parentElement))
        out.push({key: 't' + k + ':' + m.index, cls: 'text', value: m[0], frags: [{x0: r.left, y0: r.top, x1: r.right, y1: r.bottom, text: m[0]}]});
    }
  }
  return out;
}"""

TAG = "() => document.querySelectorAll('[data-cls]').forEach((e, i) => e.dataset.id = i)"


def typing(loc):
    """A sign-in form; the password is typed one character every three frames."""
    _, body = FT.sign_in(loc)
    pw = L.password()
    body = body.replace('data-kind="password" data-sub="password">', f'data-kind="password" data-sub="password" data-full="{pw}" id="typed">', 1)
    n = 20 + 3 * len(pw) + 30

    def step(f):
        k = max(0, min(len(pw), (f - 20) // 3 + 1)) if f >= 20 else 0
        return f"document.getElementById('typed').textContent = {json.dumps(pw[:k])}"
    return "Sign in", body, n, step


def scrolling(loc):
    """A long contact table scrolled two pixels a frame."""
    _, body = FW.crm_contacts(loc)
    body = body.replace('<div class="main">', '<div class="main" id="sc" style="overflow:hidden">', 1)
    body = body.replace("</table>", "".join(FW.crm_contacts(loc)[1].split("</th></tr>", 1)[1].split("</table>")[0] for _ in range(2)) + "</table>", 1)
    return "CRM", body, 150, lambda f: f"document.getElementById('sc').scrollTop = {2 * f}"


def dragging(loc):
    """A terminal window dragged across a mail window."""
    _, mail = FT.webmail(loc)
    _, term = FT.terminal(loc)
    body = (mail + f'<div id="win" style="position:absolute;left:40px;top:300px;width:760px;height:330px;border:1px solid #555;'
            f'box-shadow:0 6px 24px #0008;overflow:hidden">{term}</div>')
    return "Mail", body, 120, lambda f: f"const w = document.getElementById('win'); w.style.left = '{40 + 4 * f}px'; w.style.top = '{300 - f}px'"


def switching(loc):
    """Alt-tab between a mail window and a banking window, one second each."""
    _, a = FT.webmail(loc)
    _, b = FW.bank_dashboard(loc)
    body = f'<div id="wa" style="height:100%">{a}</div><div id="wb" style="height:100%;display:none">{b}</div>'

    def step(f):
        first = (f // FPS) % 2 == 0
        return (f"document.getElementById('wa').style.display = '{'block' if first else 'none'}';"
                f"document.getElementById('wb').style.display = '{'none' if first else 'block'}'")
    return "Mail", body, 120, step


def toast(loc):
    """A notification sliding in over a chat, carrying a one-time code and its sender."""
    _, chat = FT.team_chat(loc)
    lb = L.LABELS[loc]
    code = L.digits(6)
    note = (f'<div id="toast" style="position:absolute;right:-420px;top:60px;width:380px;padding:14px 18px;border-radius:10px;'
            f'background:#2b2f36;color:#fff;box-shadow:0 6px 24px #0008">'
            f'<b>{S("name", L.full_name(loc), lang="jpn" if loc == "ja_JP" else None)}</b><br>{lb["otp"]}: {S("password", code, "otp")}</div>')
    return "Team chat", chat + note, 120, lambda f: f"document.getElementById('toast').style.right = '{min(20, -420 + 14 * f)}px'"


SCENARIOS = [typing, scrolling, dragging, switching, toast]


def frame_items(measured, ids, items, loc, px):
    """One frame's boxes as [item id, x0, y0, x1, y1, text, partial]; new items registered."""
    rows = []
    for m in measured:
        if m["key"] not in ids:
            lang = m.get("lang") or ("jpn" if render.has_cjk(m["value"]) else L.LABELS[loc]["lang"] if m.get("kind") in ("name", "address") or m["cls"] == "text" else "eng")
            it = {"id": len(items), "cls": m["cls"], "value": m["value"], "locale": loc, "lang": lang}
            if m["cls"] != "text":
                it.update(kind=m["kind"], sub=m["sub"])
            ids[m["key"]] = it["id"]
            items.append(it)
        for fr in m["frags"]:
            b = [max(0, int(fr["x0"])), max(0, int(fr["y0"])), min(W, int(fr["x1"] + 0.999)), min(H, int(fr["y1"] + 0.999))]
            if b[2] - b[0] < 2 or b[3] - b[1] < 2:
                continue
            raw = b
            b = render.ink_box(px, b)
            if b is None:
                continue
            text = "".join(fr["text"].split())
            whole = "".join(m["value"].split())
            # Still being typed, cut by the screen edge, or partly covered by another window.
            clipped = raw[2] - raw[0] < (fr["x1"] - fr["x0"]) - 1 or raw[3] - raw[1] < (fr["y1"] - fr["y0"]) - 1
            partial = m["cls"] != "text" and (text != whole and len(m["frags"]) == 1 or clipped or "".join(m.get("shown", "").split()) != whole)
            rows.append([ids[m["key"]], *b, text, int(bool(partial))] if m["cls"] != "text" else [ids[m["key"]], *b])
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir", nargs="?", default="target/own-videos")
    ap.add_argument("--seed", type=int, default=23)
    ap.add_argument("--per-scenario", type=int, default=2, help="recordings per scenario, each in the next locale")
    a = ap.parse_args()
    render.netns()
    from playwright.sync_api import sync_playwright

    L.R.seed(a.seed)
    for d in ("videos", "gt"):
        os.makedirs(os.path.join(a.out_dir, d), exist_ok=True)
    entries, turn = [], 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=render.CHROMIUM_ARGS)
        page = browser.new_context(device_scale_factor=1, viewport={"width": W, "height": H}).new_page()
        for scen in SCENARIOS:
            for _ in range(a.per_scenario):
                loc = render.LOCALES[turn % len(render.LOCALES)]
                turn += 1
                title, body, n, step = scen(loc)
                theme = "dark" if L.R.random() < .4 else "light"
                page.set_content(render.page_html(title, body, theme, L.R.choice(render.FONTS[:2]), L.R.choice([13, 14, 15]), "'DejaVu Sans Mono'"))
                page.evaluate("document.fonts.ready")
                page.evaluate(TAG)
                ident = f"own-video-{scen.__name__}-{loc}"
                tmp = tempfile.mkdtemp()
                ids, items, frames = {}, [], []
                for f in range(n):
                    page.evaluate(f"() => {{ {step(f)} }}")
                    shot = os.path.join(tmp, f"{f:05d}.png")
                    page.screenshot(path=shot)
                    frames.append(frame_items(page.evaluate(MEASURE), ids, items, loc, np.asarray(Image.open(shot).convert("RGB"))))
                audio = scen is typing
                out = os.path.join(a.out_dir, "videos", ident + ".mkv")
                cmd = ["ffmpeg", "-loglevel", "error", "-y", "-framerate", str(FPS), "-i", os.path.join(tmp, "%05d.png")]
                if audio:
                    cmd += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={n / FPS}", "-c:a", "flac"]
                cmd += ["-c:v", "libx264rgb", "-qp", "0", "-preset", "veryfast", "-pix_fmt", "rgb24", out]
                subprocess.run(cmd, check=True)
                shutil.rmtree(tmp)
                gt = {"id": ident, "split": "own", "scenario": scen.__name__, "family": scen.__name__, "locale": loc, "audio": audio, "fps": FPS,
                      "n_frames": n, "width": W, "height": H, "dpr": 1.0, "items": items, "frames": frames}
                with gzip.open(os.path.join(a.out_dir, "gt", ident + ".json.gz"), "wt") as g:
                    json.dump(gt, g, ensure_ascii=False)
                entries.append({"id": ident, "type": "video", "input": f"videos/{ident}.mkv", "gt": f"gt/{ident}.json.gz", "family": scen.__name__,
                                "locale": loc, "width": W, "height": H, "scenario": scen.__name__, "seconds": n / FPS, "lossy": False})
                print(ident, n, "frames", flush=True)
        browser.close()
    render.write_manifest(a.out_dir, "screenveil-own-videos", entries)
    print(f"{len(entries)} recordings in {a.out_dir}")


if __name__ == "__main__":
    main()
