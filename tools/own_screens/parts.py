"""Markup pieces shared by the families: a value marked with its ground-truth class, and the
field layouts applications use (label left, above, floating in the top border, inside the
box, in a column header). The page's CSS lives here too, so every family shares one look
per theme."""
import html

import locales as L


def S(kind, value, sub=None, lang=None):
    """A sensitive value: must be unreadable in the output."""
    return (f'<span data-cls="sensitive" data-kind="{kind}" data-sub="{sub or kind}"'
            f'{f" data-lang={chr(34)}{lang}{chr(34)}" if lang else ""}>{html.escape(value)}</span>')


def D(kind, value):
    """A decoy: looks interesting, must stay readable."""
    return f'<span data-cls="decoy" data-kind="{kind}">{html.escape(value)}</span>'


def G(value):
    """Neither scored as a leak nor as over-redaction (the host around a URL's password)."""
    return f'<span data-cls="ignore" data-kind="other">{html.escape(value)}</span>'


def t(s):
    return html.escape(s)


def decoy(loc):
    k, v = L.decoy(loc)
    return D(k, v)


def field(label, value, style):
    """One labelled field in one of the layouts forms use."""
    if style == "left":
        return f'<div class="row"><div class="lab">{t(label)}</div><div class="val">{value}</div></div>'
    if style == "colon":
        return f'<div class="line">{t(label)}: {value}</div>'
    if style == "float":
        return f'<div class="float"><div class="fl">{t(label)}</div><div class="box">{value}</div></div>'
    if style == "inside":
        return f'<div class="inside"><div class="il">{t(label)}</div><div>{value}</div></div>'
    return f'<div class="stack"><div class="lab">{t(label)}</div><div class="box">{value}</div></div>'


def table(headers, rows, cls="tbl"):
    head = "".join(f"<th>{t(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><tr>{head}</tr>{body}</table>'


def name_value(loc):
    return S("name", L.full_name(loc), lang="jpn" if loc == "ja_JP" else None)


def address_lines(loc, one_line):
    street, town = L.R.choice(L.ADDRESSES[loc])
    lang = "jpn" if loc == "ja_JP" else None
    if loc == "ja_JP":
        return S("address", f"{town} {street}", lang=lang) if one_line else S("address", town, lang=lang) + "<br>" + S("address", street, lang=lang)
    if one_line:
        return S("address", f"{street}, {town}", lang=lang)
    return S("address", street, lang=lang) + "<br>" + S("address", town, lang=lang)


CSS = """
:root{--bg:#f4f5f7;--fg:#1c1f24;--mut:#677080;--panel:#ffffff;--line:#d5d9e0;--acc:#2463eb;--sel:#e3ecff;--bub:#dcf4d8;--bub2:#ffffff}
body.dark{--bg:#15171c;--fg:#e4e6ea;--mut:#98a0ad;--panel:#1e2229;--line:#363c47;--acc:#5b9bff;--sel:#27344d;--bub:#245a3a;--bub2:#2a2f38}
*{box-sizing:border-box}
html,body{margin:0;height:100%;overflow:hidden}
body{background:var(--bg);color:var(--fg);font-family:var(--ff);font-size:var(--fs);line-height:1.45}
.titlebar{height:34px;display:flex;align-items:center;padding:0 14px;background:var(--panel);border-bottom:1px solid var(--line);font-size:13px;gap:10px}
.dots{display:flex;gap:6px}.dots i{width:11px;height:11px;border-radius:50%;background:#e5534b;display:block}.dots i+i{background:#e0a526}.dots i+i+i{background:#3fb950}
.app{display:flex;height:calc(100% - 34px)}
.side{width:250px;background:var(--panel);border-right:1px solid var(--line);padding:12px;overflow:hidden;flex:none}
.main{flex:1;padding:20px 28px;overflow:hidden}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin-bottom:14px}
h1{font-size:1.45em;margin:0 0 12px}h2{font-size:1.15em;margin:0 0 10px}
.mut{color:var(--mut)}.small{font-size:.85em}
.row{display:flex;gap:16px;padding:6px 0;border-bottom:1px solid var(--line)}.row .lab{width:190px;color:var(--mut);flex:none}
.stack{margin:8px 0}.stack .lab{color:var(--mut);font-size:.85em;margin-bottom:3px}
.box{border:1px solid var(--line);border-radius:6px;padding:7px 10px;background:var(--bg);min-height:2.2em}
.float{position:relative;margin:18px 0 8px}.float .fl{position:absolute;top:-.75em;left:10px;padding:0 5px;background:var(--panel);color:var(--acc);font-size:.8em}
.inside{border:1px solid var(--line);border-radius:6px;padding:4px 10px 6px;margin:8px 0;background:var(--bg)}.inside .il{font-size:.75em;color:var(--mut)}
.line{padding:3px 0}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:0 24px}
.tbl{border-collapse:collapse;width:100%}.tbl th{text-align:left;color:var(--mut);font-weight:600;border-bottom:2px solid var(--line);padding:6px 8px}
.tbl td{border-bottom:1px solid var(--line);padding:6px 8px;white-space:nowrap}
.sheet td,.sheet th{border:1px solid var(--line);padding:3px 6px;white-space:nowrap;font-size:.92em}.sheet{border-collapse:collapse}.sheet th{background:var(--sel);font-weight:normal}
.item{padding:8px 10px;border-radius:6px}.item.sel{background:var(--sel)}.item .sub{color:var(--mut);font-size:.88em}
.btn{display:inline-block;padding:6px 14px;border-radius:6px;background:var(--acc);color:#fff;margin-right:8px}
.btn.sec{background:transparent;border:1px solid var(--line);color:var(--fg)}
.mono{font-family:var(--mono)}
pre{margin:0;font-family:var(--mono);white-space:pre-wrap;word-break:break-all}
.term{background:#0f1115;color:#d6d6d6;padding:14px 18px;height:100%}.term .p{color:#6cc26c}
.bubble{max-width:62%;padding:8px 12px;border-radius:10px;margin:6px 0;background:var(--bub2);border:1px solid var(--line)}
.bubble.me{margin-left:auto;background:var(--bub)}
.author{font-weight:600}.time{color:var(--mut);font-size:.8em;margin-left:8px}
.msg{display:flex;gap:10px;margin:10px 0}.av{width:34px;height:34px;border-radius:6px;background:var(--acc);flex:none;opacity:.7}
.tile{background:#2b2f36;border-radius:10px;display:flex;align-items:flex-end;padding:8px;color:#fff;height:170px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;background:var(--sel);font-size:.85em}
.big{font-size:2.2em;letter-spacing:.06em}
"""
