"""The six screen languages' words and values for the own screen families: UI labels as the
applications of each country write them, names, addresses, and valid identifiers drawn from
their specifications (python-stdnum checks every national ID, IBAN and routing number; phone
numbers come from the project's libphonenumber metadata through independent_text.phone).

None of these words or values is taken from the development set: the labels are written
from how common applications of each country name their fields, and the values are random.
"""
import os
import string
import sys

import stdnum.de.idnr
import stdnum.iban
import stdnum.jp.in_
import stdnum.lt.asmens
import stdnum.nl.bsn
import stdnum.pl.pesel
import stdnum.us.rtn
import stdnum.us.ssn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import independent_text as T  # noqa: E402

R = T.R

# One label set per locale; keys are roles, values the field names a UI shows.
LABELS = {
    "pl_PL": dict(answer="Odpowiedź na pytanie", name="Imię i nazwisko", given="Imię", family="Nazwisko", birth="Data urodzenia", address="Adres zamieszkania",
                  street="Ulica i numer", postcode="Kod pocztowy", city="Miejscowość", phone="Numer telefonu", mobile="Komórka",
                  email="Adres e-mail", user="Login", password="Hasło", iban="Numer rachunku", account="Konto", card="Numer karty",
                  expiry="Ważna do", cvc="Kod CVC", natid="PESEL", taxid="NIP", apikey="Klucz API", secret="Sekret", token="Token dostępu",
                  otp="Kod jednorazowy", recovery="Kody zapasowe", website="Strona", notes="Notatki", amount="Kwota", title="Tytuł przelewu",
                  recipient="Odbiorca", invoice="Faktura nr", date="Data", salary="Wynagrodzenie", position="Stanowisko", department="Dział",
                  search="Szukaj", save="Zapisz", cancel="Anuluj", send="Wyślij", balance="Saldo", history="Historia", contacts="Kontakty",
                  inbox="Odebrane", from_="Od", to="Do", cc="DW", subject="Temat", message="Napisz wiadomość", participants="Uczestnicy",
                  modified="Zmieniono", created="Utworzono", status="Status", active="Aktywny", order="Zamówienie", total="Razem",
                  customer="Klient", seller="Sprzedawca", buyer="Nabywca", due="Termin płatności", copy="Kopiuj", show="Pokaż",
                  signin="Zaloguj się", welcome="Witaj ponownie", users="Użytkownicy", role="Rola", lastlogin="Ostatnie logowanie",
                  ticket="Zgłoszenie", priority="Priorytet", birthday="Urodziny", company="Firma", lang="pol"),
    "lt_LT": dict(answer="Atsakymas į klausimą", name="Vardas ir pavardė", given="Vardas", family="Pavardė", birth="Gimimo data", address="Gyvenamoji vieta",
                  street="Gatvė", postcode="Pašto kodas", city="Miestas", phone="Telefono numeris", mobile="Mobilusis",
                  email="El. paštas", user="Vartotojo vardas", password="Slaptažodis", iban="Sąskaitos numeris", account="Sąskaita",
                  card="Kortelės numeris", expiry="Galioja iki", cvc="CVC kodas", natid="Asmens kodas", taxid="PVM kodas",
                  apikey="API raktas", secret="Slaptasis raktas", token="Prieigos raktas", otp="Vienkartinis kodas",
                  recovery="Atsarginiai kodai", website="Svetainė", notes="Pastabos", amount="Suma", title="Mokėjimo paskirtis",
                  recipient="Gavėjas", invoice="Sąskaita faktūra Nr.", date="Data", salary="Atlyginimas", position="Pareigos",
                  department="Skyrius", search="Ieškoti", save="Išsaugoti", cancel="Atšaukti", send="Siųsti", balance="Likutis",
                  history="Istorija", contacts="Kontaktai", inbox="Gauti", from_="Nuo", to="Kam", cc="Kopija", subject="Tema",
                  message="Rašyti žinutę", participants="Dalyviai", modified="Pakeista", created="Sukurta", status="Būsena",
                  active="Aktyvus", order="Užsakymas", total="Iš viso", customer="Klientas", seller="Pardavėjas", buyer="Pirkėjas",
                  due="Apmokėti iki", copy="Kopijuoti", show="Rodyti", signin="Prisijungti", welcome="Sveiki sugrįžę",
                  users="Naudotojai", role="Vaidmuo", lastlogin="Paskutinis prisijungimas", ticket="Užklausa", priority="Prioritetas",
                  birthday="Gimtadienis", company="Įmonė", lang="lit"),
    "nl_NL": dict(answer="Antwoord op vraag", name="Volledige naam", given="Voornaam", family="Achternaam", birth="Geboortedatum", address="Woonadres",
                  street="Straat en huisnummer", postcode="Postcode", city="Woonplaats", phone="Telefoonnummer", mobile="Mobiel",
                  email="E-mailadres", user="Gebruikersnaam", password="Wachtwoord", iban="Rekeningnummer", account="Rekening",
                  card="Kaartnummer", expiry="Geldig tot", cvc="Beveiligingscode", natid="BSN", taxid="Btw-nummer", apikey="API-sleutel",
                  secret="Geheim", token="Toegangstoken", otp="Eenmalige code", recovery="Herstelcodes", website="Website",
                  notes="Notities", amount="Bedrag", title="Omschrijving", recipient="Begunstigde", invoice="Factuurnummer",
                  date="Datum", salary="Salaris", position="Functie", department="Afdeling", search="Zoeken", save="Opslaan",
                  cancel="Annuleren", send="Versturen", balance="Saldo", history="Transacties", contacts="Contacten", inbox="Postvak IN",
                  from_="Van", to="Aan", cc="Cc", subject="Onderwerp", message="Typ een bericht", participants="Deelnemers",
                  modified="Gewijzigd", created="Aangemaakt", status="Status", active="Actief", order="Bestelling", total="Totaal",
                  customer="Klant", seller="Leverancier", buyer="Klant", due="Vervaldatum", copy="Kopiëren", show="Tonen",
                  signin="Inloggen", welcome="Welkom terug", users="Gebruikers", role="Rol", lastlogin="Laatst ingelogd",
                  ticket="Melding", priority="Prioriteit", birthday="Verjaardag", company="Bedrijf", lang="nld"),
    "ja_JP": dict(answer="秘密の質問の答え", name="氏名", given="名", family="姓", birth="生年月日", address="住所", street="番地", postcode="郵便番号",
                  city="市区町村", phone="電話番号", mobile="携帯電話", email="メールアドレス", user="ユーザー名", password="パスワード",
                  iban="口座番号", account="口座", card="カード番号", expiry="有効期限", cvc="セキュリティコード", natid="マイナンバー",
                  taxid="法人番号", apikey="APIキー", secret="シークレット", token="アクセストークン", otp="確認コード",
                  recovery="リカバリーコード", website="ウェブサイト", notes="メモ", amount="金額", title="摘要", recipient="振込先",
                  invoice="請求書番号", date="日付", salary="給与", position="役職", department="部署", search="検索", save="保存",
                  cancel="キャンセル", send="送信", balance="残高", history="入出金明細", contacts="連絡先", inbox="受信トレイ",
                  from_="差出人", to="宛先", cc="CC", subject="件名", message="メッセージを入力", participants="参加者", modified="更新日",
                  created="作成日", status="状態", active="有効", order="注文番号", total="合計", customer="顧客", seller="発行元",
                  buyer="請求先", due="お支払期限", copy="コピー", show="表示", signin="ログイン", welcome="おかえりなさい",
                  users="ユーザー", role="権限", lastlogin="最終ログイン", ticket="問い合わせ", priority="優先度", birthday="誕生日",
                  company="会社", lang="jpn"),
    "en_US": dict(answer="Security answer", name="Full name", given="First name", family="Last name", birth="Date of birth", address="Home address",
                  street="Street address", postcode="ZIP code", city="City", phone="Phone number", mobile="Mobile", email="Email",
                  user="Username", password="Password", iban="Account number", account="Account", card="Card number",
                  expiry="Expiration", cvc="Security code", natid="SSN", taxid="EIN", apikey="API key", secret="Client secret",
                  token="Access token", otp="Verification code", recovery="Recovery codes", website="Website", notes="Notes",
                  amount="Amount", title="Memo", recipient="Payee", invoice="Invoice #", date="Date", salary="Salary",
                  position="Job title", department="Department", search="Search", save="Save", cancel="Cancel", send="Send",
                  balance="Available balance", history="Activity", contacts="Contacts", inbox="Inbox", from_="From", to="To", cc="Cc",
                  subject="Subject", message="Message", participants="Participants", modified="Modified", created="Created",
                  status="Status", active="Active", order="Order", total="Total", customer="Customer", seller="From", buyer="Bill to",
                  due="Due date", copy="Copy", show="Show", signin="Sign in", welcome="Welcome back", users="Users", role="Role",
                  lastlogin="Last sign-in", ticket="Ticket", priority="Priority", birthday="Birthday", company="Company", lang="eng"),
    "de_DE": dict(answer="Sicherheitsantwort", name="Vor- und Nachname", given="Vorname", family="Nachname", birth="Geburtsdatum", address="Anschrift",
                  street="Straße und Hausnummer", postcode="PLZ", city="Ort", phone="Telefonnummer", mobile="Handy", email="E-Mail",
                  user="Benutzername", password="Kennwort", iban="IBAN", account="Konto", card="Kartennummer", expiry="Gültig bis",
                  cvc="Prüfnummer", natid="Steuer-ID", taxid="USt-IdNr.", apikey="API-Schlüssel", secret="Geheimer Schlüssel",
                  token="Zugriffstoken", otp="Bestätigungscode", recovery="Wiederherstellungscodes", website="Webseite",
                  notes="Notizen", amount="Betrag", title="Verwendungszweck", recipient="Empfänger", invoice="Rechnungsnummer",
                  date="Datum", salary="Gehalt", position="Position", department="Abteilung", search="Suchen", save="Speichern",
                  cancel="Abbrechen", send="Senden", balance="Kontostand", history="Umsätze", contacts="Kontakte", inbox="Posteingang",
                  from_="Von", to="An", cc="Kopie", subject="Betreff", message="Nachricht schreiben", participants="Teilnehmer",
                  modified="Geändert", created="Erstellt", status="Status", active="Aktiv", order="Bestellung", total="Gesamt",
                  customer="Kunde", seller="Rechnungssteller", buyer="Rechnungsempfänger", due="Fällig am", copy="Kopieren",
                  show="Anzeigen", signin="Anmelden", welcome="Willkommen zurück", users="Benutzer", role="Rolle",
                  lastlogin="Letzte Anmeldung", ticket="Anfrage", priority="Priorität", birthday="Geburtstag", company="Firma",
                  lang="deu"),
}

PEOPLE = {
    "pl_PL": (["Zofia", "Bartosz", "Magdalena", "Krzysztof", "Agnieszka", "Wojciech", "Natalia", "Grzegorz", "Weronika", "Paweł"],
              ["Wróblewska", "Kaczmarek", "Zielińska", "Szymański", "Dąbrowska", "Jankowski", "Mazur", "Wojciechowski", "Krawczyk", "Piątek"]),
    "lt_LT": (["Rūta", "Mindaugas", "Eglė", "Tomas", "Ieva", "Darius", "Gintarė", "Vytautas", "Aistė", "Andrius"],
              ["Kazlauskienė", "Petrauskas", "Jankauskaitė", "Stankevičius", "Vasiliauskienė", "Žukauskas", "Butkutė", "Paulauskas",
               "Urbonienė", "Navickas"]),
    "nl_NL": (["Sanne", "Thijs", "Femke", "Jeroen", "Lotte", "Bram", "Marloes", "Ruben", "Eva", "Joost"],
              ["van Dijk", "Bakker", "de Vries", "Visser", "Smit", "Meijer", "van den Berg", "Mulder", "de Boer", "Hendriks"]),
    "ja_JP": (["健太", "美咲", "翔", "陽菜", "大輔", "さくら", "拓也", "真由美", "直樹", "彩"],
              ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"]),
    "en_US": (["Emily", "Jacob", "Olivia", "Ethan", "Madison", "Tyler", "Hannah", "Brandon", "Abigail", "Austin"],
              ["Thompson", "Garcia", "Robinson", "Walker", "Ramirez", "Mitchell", "Carter", "Phillips", "Evans", "Turner"]),
    "de_DE": (["Lena", "Jonas", "Katharina", "Maximilian", "Julia", "Florian", "Anna-Lena", "Tobias", "Sophie", "Lukas"],
              ["Schäfer", "Hoffmann", "Becker", "Wagner", "Schulz", "Koch", "Bauer", "Richter", "Klein", "Wolf"]),
}

ADDRESSES = {
    "pl_PL": [("ul. Słowackiego 17/4", "31-159 Kraków"), ("al. Niepodległości 213 m. 8", "02-086 Warszawa"),
              ("ul. Długa 5", "80-827 Gdańsk"), ("os. Piastowskie 41/12", "61-166 Poznań")],
    "lt_LT": [("Savanorių pr. 124-7", "LT-03150 Vilnius"), ("Laisvės al. 58", "LT-44240 Kaunas"),
              ("Taikos pr. 31-15", "LT-91222 Klaipėda"), ("Vilniaus g. 12", "LT-01402 Vilnius")],
    "nl_NL": [("Prinsengracht 263", "1016 GV Amsterdam"), ("Vredenburg 40-2", "3511 BD Utrecht"),
              ("Hoogstraat 112a", "3011 PV Rotterdam"), ("Grote Markt 9", "9711 LV Groningen")],
    "ja_JP": [("東京都世田谷区三軒茶屋2-14-5", "〒154-0024"), ("大阪府大阪市北区梅田3-1-1", "〒530-0001"),
              ("神奈川県横浜市中区山下町27", "〒231-0023"), ("福岡県福岡市中央区天神1-8-1", "〒810-0001")],
    "en_US": [("1842 Maple Avenue, Apt 3B", "Columbus, OH 43215"), ("77 Harbor View Drive", "Portland, ME 04101"),
              ("5120 W Sunset Blvd", "Los Angeles, CA 90027"), ("309 Pine Ridge Road", "Asheville, NC 28804")],
    "de_DE": [("Goethestraße 27", "60313 Frankfurt am Main"), ("Am Mühlbach 4a", "83209 Prien am Chiemsee"),
              ("Schillerplatz 11", "70173 Stuttgart"), ("Lindenallee 58", "14050 Berlin")],
}

COMPANIES = {"pl_PL": "Nordexa Sp. z o.o.", "lt_LT": "UAB Baltlinija", "nl_NL": "Kantelaar B.V.", "ja_JP": "株式会社ミナトシステム",
             "en_US": "Brightline Logistics Inc.", "de_DE": "Feldmann & Partner GmbH"}
CURRENCY = {"pl_PL": "zł", "lt_LT": "€", "nl_NL": "€", "ja_JP": "円", "en_US": "$", "de_DE": "€"}
MONTHS = {"pl_PL": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
          "lt_LT": "sausio vasario kovo balandžio gegužės birželio liepos rugpjūčio rugsėjo spalio lapkričio gruodžio",
          "nl_NL": "januari februari maart april mei juni juli augustus september oktober november december",
          "en_US": "January February March April May June July August September October November December",
          "de_DE": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"}


def digits(n):
    return "".join(R.choice(string.digits) for _ in range(n))


def person(loc):
    g, f = PEOPLE[loc]
    return R.choice(g), R.choice(f)


def full_name(loc):
    g, f = person(loc)
    return f"{f} {g}" if loc == "ja_JP" else f"{g} {f}"


def date(loc, y, mo, d, words=False):
    """A date as the locale writes it, numerically or with the month's name (Japanese: the
    Gregorian or the era calendar)."""
    if loc == "ja_JP":
        if words and y < 1989:
            return f"昭和{y - 1925}年{mo}月{d}日"
        return f"{y}年{mo}月{d}日" if words else f"{y}/{mo:02}/{d:02}"
    if words:
        m = MONTHS[loc].split()[mo - 1]
        return {"pl_PL": f"{d} {m} {y}", "lt_LT": f"{y} m. {m} {d} d.", "nl_NL": f"{d} {m} {y}", "en_US": f"{m} {d}, {y}",
                "de_DE": f"{d}. {m} {y}"}[loc]
    return {"pl_PL": f"{d:02}.{mo:02}.{y}", "lt_LT": f"{y}-{mo:02}-{d:02}", "nl_NL": f"{d:02}-{mo:02}-{y}",
            "en_US": f"{mo:02}/{d:02}/{y}", "de_DE": f"{d:02}.{mo:02}.{y}"}[loc]


def birth_date(loc):
    y, mo, d = T.birth()
    return date(loc, y, mo, d, R.random() < .4), (y, mo, d)


def other_date(loc):
    return date(loc, R.randint(2021, 2026), R.randint(1, 12), R.randint(1, 28), R.random() < .3)


def national_id(loc, ymd=None):
    """The locale's personal number, valid by its specification's check."""
    y, mo, d = ymd or T.birth()
    for _ in range(100000):
        if loc == "pl_PL":
            mm = mo + (20 if y >= 2000 else 0)
            s = f"{y % 100:02}{mm:02}{d:02}{digits(4)}"
            return s + stdnum.pl.pesel.calc_check_digit(s)
        if loc == "lt_LT":
            s = f"{R.choice('34') if y < 2000 else R.choice('56')}{y % 100:02}{mo:02}{d:02}{digits(3)}"
            return s + stdnum.lt.asmens.calc_check_digit(s)
        if loc == "nl_NL":
            s = digits(9)
            if s[0] != "0" and stdnum.nl.bsn.is_valid(s):
                return s if R.random() < .6 else f"{s[:4]}.{s[4:6]}.{s[6:]}"
        if loc == "ja_JP":
            s = digits(11)
            s += stdnum.jp.in_.calc_check_digit(s)
            return f"{s[:4]} {s[4:8]} {s[8:]}" if R.random() < .7 else s
        if loc == "en_US":
            s = f"{R.randint(1, 665):03}{R.randint(1, 99):02}{R.randint(1, 9999):04}"
            if stdnum.us.ssn.is_valid(s):
                return f"{s[:3]}-{s[3:5]}-{s[5:]}"
        if loc == "de_DE":
            # Ten digits where one digit occurs twice and the rest once (the number's rule).
            d9 = R.sample(string.digits, 9)
            d9.insert(R.randrange(10), R.choice(d9))
            s = "".join(d9)
            if s[0] == "0":
                continue
            s += stdnum.de.idnr.mod_11_10.calc_check_digit(s)
            if stdnum.de.idnr.is_valid(s):
                return f"{s[:2]} {s[2:5]} {s[5:8]} {s[8:]}" if R.random() < .5 else s
    raise RuntimeError(loc)


def bank(loc):
    """The account number the locale's banking screens show: an IBAN (Polish screens often
    drop the country code), a Japanese branch + 7-digit account, a US routing + account."""
    if loc == "ja_JP":
        return "bank_account", f"普通 {digits(7)}"
    if loc == "en_US":
        # A Federal Reserve district, thrift or electronic prefix, as real routing numbers have.
        body = R.choice(["0", "1", "2", "3", "6", "7"]) + digits(7)
        body = f"{R.randint(1, 12):02}" + body[2:] if body[0] in "01" else f"{R.choice([21, 26, 31, 61, 67, 71])}" + body[2:]
        return "bank_account", f"{body}{stdnum.us.rtn.calc_check_digit(body)} {digits(10)}"
    s = T.iban(loc[3:])
    if loc == "pl_PL" and R.random() < .4:
        s = s[2:]
        return "iban", f"{s[:2]} " + " ".join(s[i:i + 4] for i in range(2, len(s), 4))
    return "iban", T.iban_written(s)


def phone(loc):
    return T.phone(loc)


def email(loc, given, family):
    if loc == "ja_JP":
        given, family = R.choice(["kenta", "misaki", "sho", "hina", "daisuke"]), R.choice(["sato", "suzuki", "takahashi", "tanaka"])
    dom = {"pl_PL": ["wp.pl", "onet.pl", "nordexa.pl"], "lt_LT": ["gmail.com", "baltlinija.lt", "inbox.lt"],
           "nl_NL": ["ziggo.nl", "kantelaar.nl", "outlook.com"], "ja_JP": ["docomo.ne.jp", "minato-sys.co.jp", "yahoo.co.jp"],
           "en_US": ["gmail.com", "brightline.com", "yahoo.com"], "de_DE": ["gmx.de", "web.de", "feldmann-partner.de"]}[loc]
    return T.email(given, family).split("@")[0] + "@" + R.choice(dom)


def login(loc):
    g, f = person(loc)
    if loc == "ja_JP":
        g, f = R.choice(["kenta", "misaki", "yuto", "aoi"]), R.choice(["sato", "ito", "kato"])
    g, f = T.ascii_fold(g).lower(), T.ascii_fold(f).lower().replace(" ", "")
    return R.choice([f"{g[0]}{f}", f"{g}.{f}", f"{f}{digits(2)}", f"{g}_{f[:3]}{digits(3)}"])


def answer():
    """A security question's answer: a pet's, a street's or a town's name, perhaps with a year."""
    return R.choice(["Burek", "Reksio", "Palanga", "Kyoto", "Sneeuwwitje", "Bello", "Pippi", "Nemunas"]) + R.choice(["", "", str(R.randint(1970, 2010))])


def password():
    return T.password()


def token():
    return T.token()


def card():
    return T.card()


def decoy(loc):
    """What sits next to sensitive values and must stay readable."""
    y = R.randint(2022, 2026)
    n, c = R.randint(1, 9999), digits(2)
    amount = {"en_US": f"${n:,}.{c}", "ja_JP": f"{n * 100:,}円"}.get(loc, f"{n:,},{c} {CURRENCY[loc]}".replace(",", " ", 1 if n >= 1000 else 0))
    return R.choice([
        ("order_no", f"{y}/{R.randint(1, 12):02}/{digits(4)}"),
        ("invoice_no", f"FV/{digits(3)}/{y}"),
        ("amount", amount),
        ("date", other_date(loc)),
        ("version", f"{R.randint(1, 14)}.{R.randint(0, 40)}.{R.randint(0, 9)}"),
        ("sha", T.rnd("0123456789abcdef", 7 if R.random() < .6 else 40)),
        ("uuid", "-".join(T.rnd("0123456789abcdef", n) for n in (8, 4, 4, 4, 12))),
        ("sku", f"SKU-{T.rnd(string.ascii_uppercase, 3)}-{digits(4)}"),
    ])
