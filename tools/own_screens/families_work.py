"""Screen families of vaults, banking, HR, CRM, sheets, invoices and forms. Each returns the
window title and the body markup; values are drawn afresh per call."""
import string

import locales as L
from parts import D, S, address_lines, decoy, field, name_value, t, table

R = L.R


def _login_entry(loc, sel=False):
    site = R.choice(["github.com", "allegro.pl", "bol.com", "amazon.de", "rakuten.co.jp", "linkedin.com", "booking.com", "zalando.de",
                     "seb.lt", "ing.nl", "mercari.com", "paypal.com", "dropbox.com", "notion.so"])
    user = R.choice([L.login(loc), L.email(loc, *L.person(loc))])
    kind = "email" if "@" in user else "username"
    return site, user, f'<div class="item{" sel" if sel else ""}"><div>{t(site)}</div><div class="sub">{S(kind, user)}</div></div>'


def vault_list(loc):
    lb = L.LABELS[loc]
    entries = [_login_entry(loc, i == 2) for i in range(9)]
    site, user, _ = entries[2]
    otp = L.digits(6)
    side = f'<div class="box small mut">{t(lb["search"])}…</div>' + "".join(e[2] for e in entries)
    pw = L.password()
    detail = (f'<h1>{t(site)}</h1><div class="card">'
              + field(lb["user"], S("email" if "@" in user else "username", user), "left")
              + field(lb["password"], S("password", pw), "left")
              + field(lb["website"], t("https://" + site + "/login"), "left")
              + field(lb["otp"], S("password", f"{otp[:3]} {otp[3:]}", "otp") + ' <span class="badge">24 s</span>', "left")
              + field(lb["answer"], S("password", L.answer(), "security_answer"), "left")
              + field(lb["notes"], "PIN " + S("password", L.digits(4), "pin"), "left")
              + field(lb["modified"], D("date", L.other_date(loc)), "left") + "</div>"
              + f'<span class="btn">{t(lb["copy"])}</span><span class="btn sec">{t(lb["show"])}</span>')
    return "Vault", f'<div class="app"><div class="side">{side}</div><div class="main">{detail}</div></div>'


def vault_large(loc):
    lb = L.LABELS[loc]
    site, user, entry = _login_entry(loc, True)
    size = R.choice([90, 120, 150, 180])
    body = (f'<div class="app"><div class="side">{entry}</div><div class="main"><div class="card">'
            f'<div class="mut">{t(lb["password"])} — {t(site)}</div>'
            f'<div class="mono" style="font-size:{size}px;line-height:1.2">{S("password", L.password())}</div></div></div></div>')
    return "Vault — Large Type", body


def bank_dashboard(loc):
    lb = L.LABELS[loc]
    kind, acct = L.bank(loc)
    rows = []
    for _ in range(7):
        k2, a2 = L.bank(loc)
        rows.append([D("date", L.other_date(loc)), name_value(loc) + "<br>" + f'<span class="small mut">{S(k2, a2)}</span>',
                     t(R.choice(["Czynsz", "Nuoma", "Huur", "家賃", "Rent", "Miete"])), D("amount", _amount(loc))])
    body = (f'<div class="app"><div class="side"><div class="item sel">{t(lb["account"])}</div><div class="item">{t(lb["history"])}</div>'
            f'<div class="item">{t(lb["card"])}</div></div><div class="main"><div class="card"><div class="mut">{t(lb["account"])}</div>'
            f'<div class="mono">{S(kind, acct)}</div><div class="mut" style="margin-top:8px">{t(lb["balance"])}</div>'
            f'<h1>{D("amount", _amount(loc))}</h1></div><h2>{t(lb["history"])}</h2>'
            + table([lb["date"], lb["recipient"], lb["title"], lb["amount"]], rows) + "</div></div>")
    return "Online banking", body


def _amount(loc):
    while True:
        k, v = L.decoy(loc)
        if k == "amount":
            return v


def bank_transfer(loc):
    lb = L.LABELS[loc]
    kind, acct = L.bank(loc)
    style = R.choice(["float", "stack", "inside"])
    form = ('<div class="card" style="max-width:620px">' + f'<h1>{t(lb["recipient"])}</h1>'
            + field(lb["recipient"], name_value(loc), style) + field(lb["iban"], S(kind, acct), style)
            + field(lb["address"], address_lines(loc, True), style) + field(lb["amount"], D("amount", _amount(loc)), style)
            + field(lb["title"], t(lb["invoice"]) + " " + D("invoice_no", f"FV/{L.digits(3)}/2025"), style)
            + f'<div style="margin-top:14px"><span class="btn">{t(lb["send"])}</span><span class="btn sec">{t(lb["cancel"])}</span></div></div>')
    return "Online banking — transfer", f'<div class="app"><div class="main">{form}</div></div>'


def hr_profile(loc):
    lb = L.LABELS[loc]
    bd, ymd = L.birth_date(loc)
    kind, acct = L.bank(loc)
    g, f = L.person(loc)
    style = R.choice(["left", "stack", "colon"])
    cols = [field(lb["name"], name_value(loc), style), field(lb["birth"], S("birth_date", bd), style),
            field(lb["natid"], S("national_id", L.national_id(loc, ymd)), style), field(lb["address"], address_lines(loc, False), style),
            field(lb["mobile"], S("phone", L.phone(loc)), style), field(lb["email"], S("email", L.email(loc, g, f)), style),
            field(lb["iban"], S(kind, acct), style), field(lb["salary"], D("amount", _amount(loc)), style),
            field(lb["position"], t(R.choice(["Controller", "DevOps Engineer", "Key Account Manager"])), style),
            field(lb["department"], t(R.choice(["Finance", "IT", "Sales"])), style)]
    body = (f'<div class="app"><div class="side"><div class="item sel">{t(lb["users"])}</div><div class="item">{t(lb["salary"])}</div></div>'
            f'<div class="main"><h1>HR</h1><div class="card grid2">' + "".join(cols) + "</div></div></div>")
    return "HR — Personnel file", body


def crm_contacts(loc):
    lb = L.LABELS[loc]
    rows = []
    for _ in range(R.randint(8, 12)):
        g, f = L.person(loc)
        rows.append([name_value(loc), t(L.COMPANIES[loc]), S("email", L.email(loc, g, f)), S("phone", L.phone(loc)),
                     D("date", L.other_date(loc))])
    body = (f'<div class="app"><div class="side"><div class="item sel">{t(lb["contacts"])}</div><div class="item">{t(lb["order"])}</div></div>'
            f'<div class="main"><h1>{t(lb["contacts"])}</h1>'
            + table([lb["name"], lb["company"], lb["email"], lb["phone"], lb["modified"]], rows) + "</div></div>")
    return "CRM", body


def spreadsheet(loc):
    lb = L.LABELS[loc]
    heads = ["", "A", "B", "C", "D", "E"]
    cols = [lb["name"], lb["birth"], lb["natid"], lb["iban"], lb["phone"]]
    rows = [["1"] + [t(c) for c in cols]]
    for i in range(R.randint(12, 18)):
        bd, ymd = L.birth_date(loc)
        kind, acct = L.bank(loc)
        rows.append([str(i + 2), name_value(loc), S("birth_date", bd), S("national_id", L.national_id(loc, ymd)), S(kind, acct),
                     S("phone", L.phone(loc))])
    head = "".join(f"<th>{h}</th>" for h in heads)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return "Sheet — kadry.xlsx", f'<div style="padding:8px"><table class="sheet"><tr>{head}</tr>{body}</table></div>'


def invoice(loc):
    lb = L.LABELS[loc]
    kind, acct = L.bank(loc)
    g, f = L.person(loc)
    items = [[t(R.choice(["Consulting", "Licence", "Support", "Hosting"])), str(R.randint(1, 9)), D("amount", _amount(loc))] for _ in range(4)]
    page = (f'<div style="background:#fff;color:#111;width:780px;margin:16px auto;padding:40px 50px;box-shadow:0 0 8px #0004">'
            f'<h1>{t(lb["invoice"])} {D("invoice_no", f"FV/{L.digits(3)}/2025")}</h1>'
            f'<div class="grid2"><div><b>{t(lb["seller"])}</b><br>{t(L.COMPANIES[loc])}<br>{t(lb["iban"])}: {S(kind, acct)}</div>'
            f'<div><b>{t(lb["buyer"])}</b><br>{name_value(loc)}<br>{address_lines(loc, False)}<br>{S("email", L.email(loc, g, f))}</div></div>'
            f'<p>{t(lb["date"])}: {D("date", L.other_date(loc))} · {t(lb["due"])}: {D("date", L.other_date(loc))}</p>'
            + table(["", "Qty", lb["amount"]], items) + f'<p><b>{t(lb["total"])}: {D("amount", _amount(loc))}</b></p></div>')
    return "invoice.pdf — Document Viewer", f'<div style="background:#525659;height:100%;overflow:hidden">{page}</div>'


def checkout(loc):
    lb = L.LABELS[loc]
    g, f = L.person(loc)
    style = R.choice(["inside", "stack", "float"])
    exp = f"{R.randint(1, 12):02}/{R.randint(26, 31)}"
    form = ('<div class="card" style="max-width:560px">'
            + field(lb["email"], S("email", L.email(loc, g, f)), style) + field(lb["card"], S("card", L.card()), style)
            + f'<div class="grid2">{field(lb["expiry"], S("card", exp, "card_expiry"), style)}'
            f'{field(lb["cvc"], S("card", L.digits(R.choice([3, 3, 4])), "cvc"), style)}</div>'
            + field(lb["name"], name_value(loc), style) + field(lb["address"], address_lines(loc, True), style)
            + f'<div style="margin-top:12px"><span class="btn">{t(lb["total"])} {D("amount", _amount(loc))}</span></div></div>')
    side = f'<div class="card"><h2>{t(lb["order"])} {D("order_no", f"{L.digits(6)}")}</h2>' + "".join(
        f'<div class="line">{t(R.choice(["Sneakers", "Backpack", "Lamp"]))} {D("sku", "SKU-" + L.digits(5))}</div>'
        for _ in range(3)) + "</div>"
    return "Checkout", f'<div class="app"><div class="main grid2"><div>{form}</div><div>{side}</div></div></div>'


def signup(loc):
    lb = L.LABELS[loc]
    g, f = L.person(loc)
    bd, _ = L.birth_date(loc)
    lang = "jpn" if loc == "ja_JP" else None
    style = R.choice(["float", "inside"])
    form = ('<div class="card" style="max-width:520px;margin:20px auto">' + f'<h1>{t(lb["signin"])}</h1><div class="grid2">'
            + field(lb["given"], S("name", g, lang=lang), style) + field(lb["family"], S("name", f, lang=lang), style) + "</div>"
            + field(lb["email"], S("email", L.email(loc, g, f)), style) + field(lb["phone"], S("phone", L.phone(loc)), style)
            + field(lb["birth"], S("birth_date", bd), style) + field(lb["user"], S("username", L.login(loc)), style)
            + field(lb["password"], S("password", L.password()), style)
            + f'<span class="btn">{t(lb["save"])}</span></div>')
    return "Sign up", f'<div class="app"><div class="main">{form}</div></div>'


def admin_users(loc):
    lb = L.LABELS[loc]
    rows = []
    for _ in range(R.randint(9, 13)):
        g, f = L.person(loc)
        rows.append([S("username", L.login(loc)), S("email", L.email(loc, g, f)), t(R.choice(["admin", "editor", "viewer"])),
                     D("date", L.other_date(loc)), f'<span class="badge">{t(lb["active"])}</span>'])
    body = (f'<div class="app"><div class="side"><div class="item sel">{t(lb["users"])}</div><div class="item">{t(lb["role"])}</div></div>'
            f'<div class="main"><h1>{t(lb["users"])}</h1>'
            + table([lb["user"], lb["email"], lb["role"], lb["lastlogin"], lb["status"]], rows) + "</div></div>")
    return "Admin console", body


def two_factor(loc):
    lb = L.LABELS[loc]
    seed = L.T.rnd(string.ascii_uppercase + "234567", 32)
    code = L.digits(6)
    rec = "".join(f'<div class="mono">{S("token", L.T.rnd("abcdefghjkmnpqrstuvwxyz23456789", 5) + "-" + L.T.rnd("abcdefghjkmnpqrstuvwxyz23456789", 5), "recovery_code")}</div>' for _ in range(8))
    body = (f'<div class="app"><div class="main"><div class="card" style="max-width:700px"><h1>2FA</h1>'
            f'<div class="mut">{t(lb["secret"])}</div><div class="mono">{S("token", " ".join(seed[i:i + 4] for i in range(0, 32, 4)), "totp_secret")}</div>'
            f'<div class="mut" style="margin-top:14px">{t(lb["otp"])}</div><div class="big mono">{S("password", code[:3] + " " + code[3:], "otp")}</div>'
            f'<div class="mut" style="margin-top:14px">{t(lb["recovery"])}</div><div class="grid2">{rec}</div></div></div></div>')
    return "Security settings", body


FAMILIES = [vault_list, vault_large, bank_dashboard, bank_transfer, hr_profile, crm_contacts, spreadsheet, invoice, checkout, signup,
            admin_users, two_factor]
