"""Screen families of mail, chats, calls, terminals, editors, consoles, address books and
tickets. Each returns the window title and the body markup."""
import base64
import os

import locales as L
from parts import D, G, S, address_lines, decoy, field, name_value, t, table

R = L.R
LINES = {
    "pl_PL": ["Cześć, przesyłam dane do logowania", "Dzięki, działa!", "Spotkanie przesunięte na jutro", "Zadzwoń, jak będziesz mógł"],
    "lt_LT": ["Sveiki, siunčiu prisijungimo duomenis", "Ačiū, veikia!", "Susitikimas perkeltas į rytoj", "Paskambink, kai galėsi"],
    "nl_NL": ["Hoi, hierbij de inloggegevens", "Dank je, het werkt!", "Overleg is verzet naar morgen", "Bel me even als het kan"],
    "ja_JP": ["お疲れ様です、ログイン情報を送ります", "ありがとうございます！", "会議は明日に変更です", "都合のいい時に電話ください"],
    "en_US": ["Hey, here are the login details", "Thanks, that works!", "Standup moved to tomorrow", "Call me when you get a chance"],
    "de_DE": ["Hallo, anbei die Zugangsdaten", "Danke, klappt!", "Meeting auf morgen verschoben", "Ruf mich bitte kurz an"],
}


def _secret_value(name_value_pair):
    name, value = name_value_pair
    if isinstance(value, tuple):
        pre, pw, post = value
        return name, G(pre) + S("password", pw, "db_password") + G(post)
    kind = "token" if any(k in name for k in ("TOKEN", "JWT", "SESSION")) else "api_key"
    return name, S(kind, value, name.lower())


def _time():
    return f"{R.randint(7, 19):02}:{R.randint(0, 59):02}"


def webmail(loc):
    lb = L.LABELS[loc]
    lst = "".join(f'<div class="item{" sel" if i == 1 else ""}"><div>{name_value(loc)}</div><div class="sub">{t(R.choice(LINES[loc]))}</div></div>'
                  for i in range(8))
    g, f = L.person(loc)
    g2, f2 = L.person(loc)
    head = (f'<div class="line mut">{t(lb["from_"])}: {name_value(loc)} &lt;{S("email", L.email(loc, g, f))}&gt;</div>'
            f'<div class="line mut">{t(lb["to"])}: {S("email", L.email(loc, g2, f2))}</div>'
            f'<div class="line mut">{t(lb["cc"])}: {name_value(loc)}</div>'
            f'<div class="line mut">{t(lb["subject"])}: {t(lb["invoice"])} {decoy(loc)}</div>')
    body = (f'<p>{t(LINES[loc][0])}:</p><p>{t(lb["user"])}: {S("username", L.login(loc))}<br>{t(lb["password"])}: {S("password", L.password())}</p>'
            f'<p>{t(lb["phone"])}: {S("phone", L.phone(loc))}</p><p>{name_value(loc)}<br>{t(L.COMPANIES[loc])}</p>')
    return "Mail — " + lb["inbox"], (f'<div class="app"><div class="side" style="width:330px">{lst}</div>'
                                     f'<div class="main"><div class="card">{head}</div><div class="card">{body}</div></div></div>')


def team_chat(loc):
    lb = L.LABELS[loc]
    chans = "".join(f'<div class="item">#{c}</div>' for c in ("general", "devops", "random", "sales"))
    msgs = []
    for i in range(6):
        text = t(R.choice(LINES[loc]))
        if i == 2:
            text = f'{t(lb["password"])}: {S("password", L.password())}'
        if i == 3:
            name, val = _secret_value(L.token())
            text = f'<span class="mono">{t(name)}={val}</span>'
        if i == 4:
            text = f'{t(lb["mobile"])} {S("phone", L.phone(loc))}'
        msgs.append(f'<div class="msg"><div class="av"></div><div><span class="author">{name_value(loc)}</span>'
                    f'<span class="time">{_time()}</span><div>{text}</div></div></div>')
    box = f'<div class="box mut">{t(lb["message"])}</div>'
    return "Team chat — #devops", f'<div class="app"><div class="side">{chans}</div><div class="main">{"".join(msgs)}{box}</div></div>'


def messenger(loc):
    lb = L.LABELS[loc]
    contacts = "".join(f'<div class="item{" sel" if i == 0 else ""}"><div>{name_value(loc)} <span class="time">{_time()}</span></div>'
                       f'<div class="sub">{t(R.choice(LINES[loc]))}</div></div>' for i in range(9))
    kind, acct = L.bank(loc)
    bubbles = [(False, t(LINES[loc][3])), (True, S("phone", L.phone(loc))), (False, f'{t(lb["iban"])}: {S(kind, acct)}'),
               (True, address_lines(loc, True)), (False, t(LINES[loc][1]))]
    conv = "".join(f'<div class="bubble{" me" if me else ""}">{b}<span class="time">{_time()}</span></div>' for me, b in bubbles)
    return "Messenger", f'<div class="app"><div class="side" style="width:320px">{contacts}</div><div class="main">{conv}</div></div>'


def video_call(loc):
    lb = L.LABELS[loc]
    tiles = "".join(f'<div class="tile">{name_value(loc)}</div>' for _ in range(6))
    people = "".join(f'<div class="item">{name_value(loc)}<div class="sub">{S("email", L.email(loc, *L.person(loc)))}</div></div>'
                     for _ in range(5))
    chat = f'<div class="line"><b>{name_value(loc)}</b>: Passcode {S("password", L.digits(R.choice([6, 8])), "meeting_passcode")}</div>'
    return "Meeting", (f'<div class="app"><div class="main" style="display:grid;grid-template-columns:1fr 1fr 1fr;gap:10px">{tiles}</div>'
                       f'<div class="side" style="width:330px"><h2>{t(lb["participants"])}</h2>{people}<hr>{chat}</div></div>')


def terminal(loc):
    host = R.choice(["deploy@web-01", "jan@laptop", "root@db-prod", "ci@runner-7"])
    out = [f'<span class="p">{host}:~/app$</span> cat .env']
    for _ in range(R.randint(4, 6)):
        name, val = _secret_value(L.token())
        out.append(f"{t(name)}={val}")
    out.append("APP_ENV=production")
    out.append(f'<span class="p">{host}:~/app$</span> export API_TOKEN={S("token", L.T.rnd(L.T.B62, 40), "api_token")}')
    name, val = _secret_value(L.token())
    out.append(f'<span class="p">{host}:~/app$</span> curl -H "Authorization: Bearer {val}" https://api.internal/v1/me')
    out.append('{"ok":true,"user":"' + S("email", L.email(loc, *L.person(loc))) + '","build":"' + decoy(loc) + '"}')
    out.append(f'<span class="p">{host}:~/app$</span> git log -1 --oneline')
    out.append(decoy(loc) + " Fix retry")
    return "Terminal — bash", f'<div class="term"><pre>{"<br>".join(out)}</pre></div>'


def _pem():
    body = base64.b64encode(os.urandom(R.choice([180, 240]))).decode()
    return [body[i:i + 64] for i in range(0, len(body), 64)]


def ide(loc):
    name, val = _secret_value(L.token())
    pw = L.password()
    lines = ["database:", "  host: db.internal", f"  user: {S('username', L.login(loc))}", f"  password: {S('password', pw)}",
             "  pool: 10", "stripe:", f"  api_key: {S('api_key', 'sk_live_' + L.T.rnd(L.T.B62, 24), 'stripe')}",
             f"  {name.lower()}: {val}", "tls:", "  key: |", "    -----BEGIN RSA PRIVATE KEY-----"]
    lines += [f"    {S('private_key', ln)}" for ln in _pem()] + ["    -----END RSA PRIVATE KEY-----", f"release: {decoy(loc)}"]
    numbered = "<br>".join(f'<span class="mut">{i + 1:>3}</span>  {ln}' for i, ln in enumerate(lines))
    tree = "".join(f'<div class="item{" sel" if f == "config.yaml" else ""}">{f}</div>' for f in ("src", "tests", "config.yaml", "Cargo.toml", "README.md"))
    return "config.yaml — Editor", f'<div class="app"><div class="side" style="width:200px">{tree}</div><div class="main"><pre>{numbered}</pre></div></div>'


def cloud_console(loc):
    lb = L.LABELS[loc]
    rows = [[S("api_key", "AKIA" + L.T.rnd("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), "aws_access_key_id"), t(lb["active"]),
             decoy(loc)] for _ in range(2)]
    secret = L.T.rnd(L.T.B62 + "/+", 40)
    body = (f'<div class="app"><div class="side"><div class="item">IAM</div><div class="item sel">{t(lb["users"])}</div></div><div class="main">'
            f'<h1>{S("username", L.login(loc))}</h1><div class="card">' + table(["Access key ID", lb["status"], lb["created"]], rows)
            + f'</div><div class="card"><div class="mut">Secret access key</div><div class="mono">{S("api_key", secret, "aws_secret_access_key")}</div>'
            f'<div class="mut" style="margin-top:8px">ARN</div><div class="mono">arn:aws:iam::{L.digits(12)}:user/ci</div></div></div></div>')
    return "Cloud console — IAM", body


def contact_card(loc):
    lb = L.LABELS[loc]
    g, f = L.person(loc)
    bd, _ = L.birth_date(loc)
    style = R.choice(["left", "stack"])
    lang = "jpn" if loc == "ja_JP" else None
    full = f"{f} {g}" if loc == "ja_JP" else f"{g} {f}"
    card = (f'<div class="card" style="max-width:640px"><h1>{S("name", full, lang=lang)}</h1>'
            + field(lb["mobile"], S("phone", L.phone(loc)), style) + field(lb["phone"], S("phone", L.phone(loc)), style)
            + field(lb["email"], S("email", L.email(loc, g, f)), style) + field(lb["address"], address_lines(loc, False), style)
            + field(lb["birthday"], S("birth_date", bd), style) + field(lb["company"], t(L.COMPANIES[loc]), style) + "</div>")
    lst = "".join(f'<div class="item">{name_value(loc)}</div>' for _ in range(10))
    return lb["contacts"], f'<div class="app"><div class="side">{lst}</div><div class="main">{card}</div></div>'


def ticket(loc):
    lb = L.LABELS[loc]
    g, f = L.person(loc)
    rows = [[D("order_no", f"{L.digits(4)}-{L.digits(4)}"), name_value(loc), t(R.choice(["Hoch", "High", "高", "Wysoki"])), decoy(loc)] for _ in range(5)]
    detail = (f'<div class="card"><h2>{t(lb["ticket"])} #{L.digits(5)}</h2>'
              + field(lb["customer"], name_value(loc), "colon") + field(lb["email"], S("email", L.email(loc, g, f)), "colon")
              + field(lb["phone"], S("phone", L.phone(loc)), "colon") + field(lb["order"], decoy(loc), "colon")
              + f'<p>{t(R.choice(LINES[loc]))}</p></div>')
    return "Helpdesk", (f'<div class="app"><div class="main">{detail}'
                        + table([lb["order"], lb["customer"], lb["priority"], lb["date"]], rows) + "</div></div>")


def sign_in(loc):
    lb = L.LABELS[loc]
    style = R.choice(["float", "stack", "inside"])
    form = (f'<div class="card" style="max-width:440px;margin:60px auto"><h1>{t(lb["welcome"])}</h1>'
            + field(lb["email"], S("email", L.email(loc, *L.person(loc))), style)
            + field(lb["password"], S("password", L.password()) + ' <span class="mut small">◉</span>', style)
            + f'<span class="btn">{t(lb["signin"])}</span></div>')
    return lb["signin"], f'<div class="app"><div class="main">{form}</div></div>'


FAMILIES = [webmail, team_chat, messenger, video_call, terminal, ide, cloud_console, contact_card, ticket, sign_in]
