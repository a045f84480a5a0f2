#!/usr/bin/env python3
"""Writes a screen-text set for 14 European locales that the development corpus does not have,
in its format, with templates, wording and values of its own, clean and OCR-damaged:

    python3 tools/independent_text.py > target/indep.jsonl
    python3 ../shared/eval-dev/text/score.py target/indep.jsonl \
        --cmd 'target/release/screenveil scan-text {file}' --jobs 2

Values are made to their specifications (IBANs and national numbers accepted by python-stdnum,
cards by Luhn in each network's range, phone numbers in each numbering plan's national and
international forms, tokens in their vendors' formats); nothing is taken from any corpus. The
seed is fixed so that figures compare run to run; `--seed N` gives another draw.
"""
import json
import random
import string
import sys

import stdnum.at.vnr
import stdnum.cz.rc
import stdnum.dk.cpr
import stdnum.es.dni
import stdnum.fi.hetu
import stdnum.fr.nir
import stdnum.gr.amka
import stdnum.iso7064.mod_11_10
import stdnum.iban
import stdnum.it.codicefiscale
import stdnum.luhn
import stdnum.no.fodselsnummer
import stdnum.pt.nif
import stdnum.ro.cnp
import stdnum.se.personnummer

SEED = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 11
R = random.Random(SEED)

# Per locale: labels (name, birth, address, phone, email, iban, id, password, user, card,
# cvv, expiry), given and family names, month names as written in a date, date order,
# addresses, phone numbering (national digits after the trunk prefix, country code, groupings),
# IBAN country and BBAN length, national-number module and how to draw one.
L = {
    "cs_CZ": dict(
        labels=["Jméno a příjmení", "Datum narození", "Adresa bydliště", "Telefon", "E-mail", "Číslo účtu (IBAN)",
                "Rodné číslo", "Heslo", "Uživatelské jméno", "Číslo karty", "CVV", "Platnost"],
        given=["Jana", "Petr", "Lucie", "Tomáš", "Kateřina", "Ondřej"], family=["Svobodová", "Procházka", "Černá", "Kučera", "Veselý", "Horáková"],
        months=["ledna", "února", "března", "dubna", "května", "června", "července", "srpna", "září", "října", "listopadu", "prosince"],
        date="{d}. {m} {y}", numdate="{d}. {mo}. {y}",
        addr=[("Vinohradská 112", "130 00 Praha 3"), ("Masarykova 27", "602 00 Brno"), ("Nádražní 8", "702 00 Ostrava")],
        cc="420", phone=[("6", 9, "{0:3} {3:3} {6:3}"), ("7", 9, "{0:3} {3:3} {6:3}"), ("2", 9, "{0:3} {3:3} {6:3}")], trunk="",
        iban=("CZ", 20), idgen="cz"),
    "sv_SE": dict(
        labels=["Namn", "Födelsedatum", "Adress", "Mobilnummer", "E-post", "IBAN", "Personnummer", "Lösenord", "Användarnamn",
                "Kortnummer", "CVC", "Giltig till"],
        given=["Karin", "Erik", "Maja", "Johan", "Elsa", "Oskar"], family=["Andersson", "Johansson", "Lindberg", "Nilsson", "Ekström", "Holm"],
        months=["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"],
        date="{d} {m} {y}", numdate="{y}-{mo:02}-{d:02}",
        addr=[("Storgatan 14", "411 38 Göteborg"), ("Sveavägen 52", "113 59 Stockholm"), ("Östra Hamngatan 3", "211 22 Malmö")],
        cc="46", phone=[("70", 9, "{0:2}-{2:3} {5:2} {7:2}"), ("73", 9, "{0:2}-{2:3} {5:2} {7:2}"), ("8", 9, "{0:1}-{1:3} {4:3} {7:2}")], trunk="0",
        iban=("SE", 20), idgen="se"),
    "it_IT": dict(
        labels=["Nome e cognome", "Data di nascita", "Indirizzo", "Cellulare", "E-mail", "IBAN", "Codice fiscale", "Password",
                "Nome utente", "Numero carta", "CVV", "Scadenza"],
        given=["Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro"], family=["Rossi", "Bianchi", "Esposito", "Romano", "Colombo", "Ricci"],
        months=["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
        date="{d} {m} {y}", numdate="{d:02}/{mo:02}/{y}",
        addr=[("Via Garibaldi 45", "10122 Torino (TO)"), ("Piazza Navona 12", "00186 Roma"), ("Corso Buenos Aires 77", "20124 Milano")],
        cc="39", phone=[("3", 10, "{0:3} {3:3} {6:4}"), ("06", 10, "{0:2} {2:4} {6:4}"), ("02", 10, "{0:2} {2:8}")], trunk="", keep_zero=True,
        iban=("IT", 23), idgen="it"),
    "es_ES": dict(
        labels=["Nombre completo", "Fecha de nacimiento", "Domicilio", "Teléfono móvil", "Correo electrónico", "IBAN", "DNI",
                "Contraseña", "Usuario", "Número de tarjeta", "CVV", "Caducidad"],
        given=["María", "Javier", "Carmen", "Alejandro", "Lucía", "Pablo"], family=["García López", "Martínez", "Fernández Ruiz", "Sánchez", "Moreno", "Jiménez"],
        months=["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
        date="{d} de {m} de {y}", numdate="{d:02}/{mo:02}/{y}",
        addr=[("Calle Mayor 18, 3º B", "28013 Madrid"), ("Avinguda Diagonal 405", "08008 Barcelona"), ("Calle Larios 5", "29005 Málaga")],
        cc="34", phone=[("6", 9, "{0:3} {3:2} {5:2} {7:2}"), ("91", 9, "{0:3} {3:3} {6:3}"), ("7", 9, "{0:3} {3:3} {6:3}")], trunk="",
        iban=("ES", 24), idgen="es"),
    "fr_FR": dict(
        labels=["Nom complet", "Date de naissance", "Adresse postale", "Téléphone", "Courriel", "IBAN", "Numéro de sécurité sociale",
                "Mot de passe", "Identifiant", "Numéro de carte", "Cryptogramme", "Date d'expiration"],
        given=["Camille", "Julien", "Manon", "Nicolas", "Chloé", "Antoine"], family=["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Girard"],
        months=["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        date="{d} {m} {y}", numdate="{d:02}/{mo:02}/{y}",
        addr=[("12 rue de la République", "69002 Lyon"), ("45 boulevard Haussmann", "75009 Paris"), ("7 allée des Tilleuls", "33000 Bordeaux")],
        cc="33", phone=[("6", 9, "{0:1} {1:2} {3:2} {5:2} {7:2}"), ("7", 9, "{0:1}.{1:2}.{3:2}.{5:2}.{7:2}"), ("1", 9, "{0:1} {1:2} {3:2} {5:2} {7:2}")], trunk="0",
        iban=("FR", 23), idgen="fr"),
    "pt_PT": dict(
        labels=["Nome", "Data de nascimento", "Morada", "Telemóvel", "E-mail", "IBAN", "NIF", "Palavra-passe", "Utilizador",
                "Número do cartão", "CVV", "Validade"],
        given=["Ana", "João", "Beatriz", "Miguel", "Mariana", "Tiago"], family=["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa"],
        months=["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
        date="{d} de {m} de {y}", numdate="{d:02}-{mo:02}-{y}",
        addr=[("Avenida da Liberdade 190", "1250-147 Lisboa"), ("Rua das Flores 63", "4050-265 Porto"), ("Rua Ferreira Borges 20", "3000-180 Coimbra")],
        cc="351", phone=[("91", 9, "{0:3} {3:3} {6:3}"), ("96", 9, "{0:3} {3:3} {6:3}"), ("21", 9, "{0:3} {3:3} {6:3}")], trunk="",
        iban=("PT", 25), idgen="pt"),
    "da_DK": dict(
        labels=["Navn", "Fødselsdato", "Adresse", "Telefon", "E-mail", "IBAN", "CPR-nummer", "Adgangskode", "Brugernavn",
                "Kortnummer", "Kontrolcifre", "Udløbsdato"],
        given=["Mette", "Lars", "Sofie", "Rasmus", "Ida", "Mikkel"], family=["Nielsen", "Jensen", "Hansen", "Pedersen", "Christensen", "Larsen"],
        months=["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"],
        date="{d}. {m} {y}", numdate="{d:02}-{mo:02}-{y}",
        addr=[("Nørregade 24", "1165 København K"), ("Vestergade 8, 2. tv.", "8000 Aarhus C"), ("Algade 31", "9000 Aalborg")],
        cc="45", phone=[("2", 8, "{0:2} {2:2} {4:2} {6:2}"), ("4", 8, "{0:4} {4:4}"), ("3", 8, "{0:2} {2:2} {4:2} {6:2}")], trunk="",
        iban=("DK", 18), idgen="dk"),
    "fi_FI": dict(
        labels=["Nimi", "Syntymäaika", "Osoite", "Puhelin", "Sähköposti", "IBAN", "Henkilötunnus", "Salasana", "Käyttäjätunnus",
                "Kortin numero", "CVV", "Voimassa"],
        given=["Aino", "Mikko", "Emilia", "Juha", "Sanna", "Antti"], family=["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Heikkinen", "Laine"],
        months=["tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta", "toukokuuta", "kesäkuuta", "heinäkuuta", "elokuuta", "syyskuuta", "lokakuuta", "marraskuuta", "joulukuuta"],
        date="{d}. {m} {y}", numdate="{d}.{mo}.{y}",
        addr=[("Mannerheimintie 14 B 22", "00100 Helsinki"), ("Hämeenkatu 9", "33100 Tampere"), ("Kauppakatu 3 A", "40100 Jyväskylä")],
        cc="358", phone=[("40", 9, "{0:3} {3:3} {6:4}"), ("50", 10, "{0:3} {3:3} {6:4}"), ("9", 9, "{0:1} {1:4} {5:4}")], trunk="0",
        iban=("FI", 18), idgen="fi"),
    "hu_HU": dict(
        labels=["Név", "Születési dátum", "Lakcím", "Telefonszám", "E-mail", "IBAN", "Adóazonosító jel", "Jelszó", "Felhasználónév",
                "Kártyaszám", "CVC", "Lejárat"],
        given=["Eszter", "Balázs", "Katalin", "Gábor", "Réka", "Zoltán"], family=["Nagy", "Tóth", "Szabó", "Horváth", "Varga", "Kiss"],
        months=["január", "február", "március", "április", "május", "június", "július", "augusztus", "szeptember", "október", "november", "december"],
        date="{y}. {m} {d}.", numdate="{y}.{mo:02}.{d:02}.",
        addr=[("Váci utca 19.", "1052 Budapest"), ("Piac utca 40. 2/5", "4025 Debrecen"), ("Kárász u. 6.", "6720 Szeged")],
        cc="36", phone=[("20", 9, "{0:2} {2:3} {5:4}"), ("30", 9, "{0:2} {2:3} {5:4}"), ("1", 8, "{0:1} {1:3} {4:4}")], trunk="06",
        iban=("HU", 28), idgen="hu"),
    "ro_RO": dict(
        labels=["Nume complet", "Data nașterii", "Adresa", "Telefon mobil", "E-mail", "IBAN", "CNP", "Parolă", "Nume utilizator",
                "Număr card", "CVV", "Data expirării"],
        given=["Andreea", "Mihai", "Elena", "Andrei", "Ioana", "Cristian"], family=["Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Constantin"],
        months=["ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august", "septembrie", "octombrie", "noiembrie", "decembrie"],
        date="{d} {m} {y}", numdate="{d:02}.{mo:02}.{y}",
        addr=[("Str. Lipscani nr. 25", "030031 București"), ("Bd. Eroilor 12, ap. 4", "400129 Cluj-Napoca"), ("Str. Lăpușneanu 7", "700057 Iași")],
        cc="40", phone=[("7", 9, "{0:3} {3:3} {6:3}"), ("21", 9, "{0:2} {2:3} {5:4}"), ("7", 9, "{0:3}.{3:3}.{6:3}")], trunk="0",
        iban=("RO", 24), idgen="ro"),
    "el_GR": dict(
        labels=["Ονοματεπώνυμο", "Ημερομηνία γέννησης", "Διεύθυνση", "Κινητό", "Email", "IBAN", "ΑΜΚΑ", "Κωδικός πρόσβασης",
                "Όνομα χρήστη", "Αριθμός κάρτας", "CVV", "Λήξη"],
        given=["Μαρία", "Γιώργος", "Ελένη", "Νίκος", "Κατερίνα", "Δημήτρης"], family=["Παπαδοπούλου", "Νικολάου", "Γεωργίου", "Οικονόμου", "Παππάς", "Αντωνίου"],
        months=["Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου", "Απριλίου", "Μαΐου", "Ιουνίου", "Ιουλίου", "Αυγούστου", "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου", "Δεκεμβρίου"],
        date="{d} {m} {y}", numdate="{d:02}/{mo:02}/{y}",
        addr=[("Ερμού 25", "105 63 Αθήνα"), ("Τσιμισκή 48", "546 23 Θεσσαλονίκη"), ("Αγίου Νικολάου 10", "262 21 Πάτρα")],
        cc="30", phone=[("69", 10, "{0:3} {3:3} {6:4}"), ("21", 10, "{0:3} {3:3} {6:4}"), ("69", 10, "{0:10}")], trunk="",
        iban=("GR", 27), idgen="gr"),
    "no_NO": dict(
        labels=["Navn", "Fødselsdato", "Adresse", "Mobil", "E-post", "IBAN", "Fødselsnummer", "Passord", "Brukernavn",
                "Kortnummer", "CVC", "Utløpsdato"],
        given=["Ingrid", "Ola", "Nora", "Henrik", "Silje", "Magnus"], family=["Hansen", "Olsen", "Berg", "Haugen", "Johansen", "Bakken"],
        months=["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"],
        date="{d}. {m} {y}", numdate="{d:02}.{mo:02}.{y}",
        addr=[("Karl Johans gate 31", "0159 Oslo"), ("Bryggen 9", "5003 Bergen"), ("Munkegata 20", "7011 Trondheim")],
        cc="47", phone=[("4", 8, "{0:3} {3:2} {5:3}"), ("9", 8, "{0:3} {3:2} {5:3}"), ("2", 8, "{0:2} {2:2} {4:2} {6:2}")], trunk="",
        iban=("NO", 15), idgen="no"),
    "de_AT": dict(
        labels=["Vor- und Zuname", "Geburtsdatum", "Wohnadresse", "Handynummer", "E-Mail-Adresse", "IBAN", "Sozialversicherungsnummer",
                "Kennwort", "Benutzername", "Kartennummer", "Prüfziffer", "Gültig bis"],
        given=["Katharina", "Lukas", "Theresa", "Florian", "Magdalena", "Stefan"], family=["Gruber", "Huber", "Wagner", "Pichler", "Steiner", "Moser"],
        months=["Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
        date="{d}. {m} {y}", numdate="{d:02}.{mo:02}.{y}",
        addr=[("Landstraßer Hauptstraße 71/2/14", "1030 Wien"), ("Herrengasse 16", "8010 Graz"), ("Linzer Gasse 4", "5020 Salzburg")],
        cc="43", phone=[("664", 10, "{0:3} {3:7}"), ("676", 10, "{0:3} {3:3} {6:4}"), ("1", 8, "{0:1} {1:3} {4:4}")], trunk="0",
        iban=("AT", 16), idgen="at"),
    "hr_HR": dict(
        labels=["Ime i prezime", "Datum rođenja", "Adresa", "Mobitel", "E-pošta", "IBAN", "OIB", "Lozinka", "Korisničko ime",
                "Broj kartice", "CVV", "Vrijedi do"],
        given=["Ana", "Ivan", "Marija", "Luka", "Petra", "Marko"], family=["Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Knežević"],
        months=["siječnja", "veljače", "ožujka", "travnja", "svibnja", "lipnja", "srpnja", "kolovoza", "rujna", "listopada", "studenoga", "prosinca"],
        date="{d}. {m} {y}.", numdate="{d:02}.{mo:02}.{y}.",
        addr=[("Ilica 142", "10000 Zagreb"), ("Riva 8", "21000 Split"), ("Korzo 22", "51000 Rijeka")],
        cc="385", phone=[("91", 9, "{0:2} {2:3} {5:4}"), ("98", 9, "{0:2} {2:3} {5:4}"), ("1", 8, "{0:1} {1:3} {4:4}")], trunk="0",
        iban=("HR", 19), idgen="hr"),
}


def digits(n):
    return "".join(R.choice(string.digits) for _ in range(n))


def birth():
    return R.randint(1948, 2004), R.randint(1, 12), R.randint(1, 28)


def national_id(kind, y, mo, d):
    """A number its country's checker (python-stdnum) accepts, for the given birth date where the
    number carries one."""
    for _ in range(100000):
        if kind == "cz":
            s = f"{y % 100:02}{mo + (50 if R.random() < .5 else 0):02}{d:02}{digits(4)}"
            if stdnum.cz.rc.is_valid(s) and y >= 1954:
                return s[:6] + "/" + s[6:]
            if y < 1954:
                y = 1960
        elif kind == "se":
            s = f"{y % 100:02}{mo:02}{d:02}-{digits(4)}"
            if stdnum.se.personnummer.is_valid(s):
                return s if R.random() < .6 else f"{y // 100}{s}"
        elif kind == "it":
            s = "".join(R.choice(string.ascii_uppercase) for _ in range(6)) + f"{y % 100:02}" + "ABCDEHLMPRST"[mo - 1] + f"{d + (40 if R.random() < .5 else 0):02}" + R.choice("ABCDEFGHILM") + digits(3)
            return s + stdnum.it.codicefiscale.calc_check_digit(s)
        elif kind == "es":
            n = digits(8)
            return n + stdnum.es.dni.calc_check_digit(n)
        elif kind == "fr":
            s = f"{R.choice('12')}{y % 100:02}{mo:02}{R.randint(1, 95):02}{digits(3)}{digits(3)}"
            k = stdnum.fr.nir.calc_check_digits(s)
            return f"{s[0]} {s[1:3]} {s[3:5]} {s[5:7]} {s[7:10]} {s[10:13]} {k}"
        elif kind == "pt":
            n = R.choice("12") + digits(7)
            return n + stdnum.pt.nif.calc_check_digit(n)
        elif kind == "dk":
            s = f"{d:02}{mo:02}{y % 100:02}{digits(4)}"
            if stdnum.dk.cpr.is_valid(s):
                return s[:6] + "-" + s[6:]
        elif kind == "fi":
            sep = "-" if y < 2000 else "A"
            s = f"{d:02}{mo:02}{y % 100:02}{sep}{R.randint(2, 899):03}"
            return s + stdnum.fi.hetu._calc_checksum(s.replace(sep, ""))
        elif kind == "hu":
            s = "8" + digits(9)
            if sum(int(c) * (i + 1) for i, c in enumerate(s[:9])) % 11 == int(s[9]):
                return s
        elif kind == "ro":
            s = f"{R.choice('12' if y < 2000 else '56')}{y % 100:02}{mo:02}{d:02}{R.randint(1, 46):02}{digits(3)}"
            return s + stdnum.ro.cnp.calc_check_digit(s)
        elif kind == "gr":
            s = f"{d:02}{mo:02}{y % 100:02}{digits(5)}"
            if stdnum.gr.amka.is_valid(s):
                return s
        elif kind == "no":
            s = f"{d:02}{mo:02}{y % 100:02}{digits(5)}"
            if stdnum.no.fodselsnummer.is_valid(s):
                return s
        elif kind == "at":
            s = f"{digits(3)}0{d:02}{mo:02}{y % 100:02}"
            s = s[:3] + stdnum.at.vnr.calc_check_digit(s) + s[4:]
            if stdnum.at.vnr.is_valid(s):
                return s[:4] + " " + s[4:]
        elif kind == "hr":
            n = digits(10)
            return n + stdnum.iso7064.mod_11_10.calc_check_digit(n)
    raise RuntimeError(kind)


def bad_check(value):
    """The same shape with the last digit changed: fails its check digit (a decoy)."""
    i = max(i for i, c in enumerate(value) if c.isdigit())
    return value[:i] + str((int(value[i]) + R.randint(1, 8)) % 10) + value[i + 1:]


def iban(cc):
    """A random BBAN in the registry's structure for `cc`, its check digits by ISO 7064, kept
    only when python-stdnum accepts it (some countries add a national check)."""
    bban_struct = stdnum.iban._ibandb.info(cc)[0][1]["bban"]
    pools = {"n": string.digits, "a": string.ascii_uppercase, "c": string.ascii_uppercase + string.digits}
    import re
    for _ in range(100000):
        bban = "".join("".join(R.choice(pools[k]) for _ in range(int(n))) for n, k in re.findall(r"(\d+)!([nac])", bban_struct))
        s = cc + "00" + bban
        s = cc + stdnum.iban.calc_check_digits(s) + bban
        if stdnum.iban.is_valid(s):
            return s
    raise RuntimeError(cc)


def iban_written(s):
    r = R.random()
    if r < .4:
        return s
    if r < .85:
        return " ".join(s[i:i + 4] for i in range(0, len(s), 4))
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4)).lower() if R.random() < .5 else s.lower()


PLAN = {}


def numbering_plan(region):
    """The region's country code, trunk prefix, mobile and fixed-line patterns with example
    numbers, and national formats, from libphonenumber's metadata (the project's copy)."""
    if not PLAN:
        import os
        import xml.etree.ElementTree as ET
        here = os.path.dirname(os.path.abspath(__file__))
        root = ET.parse(os.path.join(here, "..", "models", "phones", "PhoneNumberMetadata-covered.xml")).getroot()
        for terr in root.iter("territory"):
            types = {}
            for kind in ("mobile", "fixedLine"):
                el = terr.find(kind)
                if el is not None and el.find("exampleNumber") is not None:
                    pat = "".join(el.find("nationalNumberPattern").text.split())
                    types[kind] = (el.find("exampleNumber").text.strip(), pat)
            formats = []
            for nf in terr.iter("numberFormat"):
                lead = [("".join(x.text.split())) for x in nf.findall("leadingDigits")]
                rule = nf.get("nationalPrefixFormattingRule") or terr.get("nationalPrefixFormattingRule") or "$FG"
                formats.append((nf.get("pattern"), nf.find("format").text, lead[-1] if lead else "", rule))
            PLAN[terr.get("id")] = (terr.get("countryCode"), terr.get("nationalPrefix") or "", types, formats)
    return PLAN[region]


def phone(loc):
    """A number the region's numbering plan calls valid (its example number with the digits after
    the first one to three drawn afresh until the plan's pattern accepts them), grouped by the
    plan's own formats, written nationally with the trunk prefix or internationally, with the
    separators people use (space, dash, dot, none)."""
    import re
    cc, trunk, types, formats = numbering_plan({"el_GR": "GR"}.get(loc, loc[3:]))
    example, pattern = types["mobile" if R.random() < .65 else "fixedLine"]
    for _ in range(5000):
        keep = R.randint(1, 3)
        nsn = example[:keep] + digits(len(example) - keep)
        if re.fullmatch(pattern, nsn):
            break
    else:
        nsn = example
    groups = [nsn]
    rule = "$FG"
    for pat, fmt, lead, rl in formats:
        if re.match(lead, nsn) and re.fullmatch(pat, nsn):
            m = re.fullmatch(pat, nsn)
            groups = list(m.groups())
            rule = rl
            break
    sep = R.choice([" ", " ", " ", "-", ".", ""])
    if R.random() < .5:
        return R.choice(["+", "00"]) + cc + " " + sep.join(groups)
    first = rule.replace("$NP", trunk).replace("$FG", groups[0])
    return first + (" " if "(" in rule else sep) + sep.join(groups[1:])


CARD_RANGES = [("4", 16, "visa"), ("51", 16, "mastercard"), ("2221", 16, "mastercard"), ("2720", 16, "mastercard"),
               ("34", 15, "amex"), ("37", 15, "amex"), ("6011", 16, "discover"), ("65", 16, "discover"),
               ("3528", 16, "jcb"), ("36", 14, "diners"), ("6759", 16, "maestro")]


def card():
    prefix, n, net = R.choice(CARD_RANGES)
    body = prefix + digits(n - len(prefix) - 1)
    num = body + stdnum.luhn.calc_check_digit(body)
    if n == 15:
        return f"{num[:4]} {num[4:10]} {num[10:]}"
    if n == 14:
        return f"{num[:4]} {num[4:10]} {num[10:]}"
    return " ".join(num[i:i + 4] for i in range(0, 16, 4)) if R.random() < .8 else num


B62 = string.ascii_letters + string.digits
B64URL = B62 + "-_"


def rnd(pool, n):
    return "".join(R.choice(pool) for _ in range(n))


def token():
    """A credential in one vendor's published format, and the variable a config names it by."""
    import base64
    jwt_head = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=")
    body = base64.urlsafe_b64encode(json.dumps({"sub": digits(6), "iat": int(digits(10))}).encode()).decode().rstrip("=")
    return R.choice([
        ("GITHUB_TOKEN", "ghp_" + rnd(B62, 36)),
        ("GH_TOKEN", "github_pat_" + rnd(B62, 22) + "_" + rnd(B62, 59)),
        ("GITLAB_TOKEN", "glpat-" + rnd(B64URL, 20)),
        ("SLACK_TOKEN", f"xoxb-{digits(12)}-{digits(13)}-{rnd(B62, 24)}"),
        ("AWS_ACCESS_KEY_ID", "AKIA" + rnd(string.ascii_uppercase + "234567", 16)),
        ("AWS_SECRET_ACCESS_KEY", rnd(B62 + "/+", 40)),
        ("STRIPE_KEY", "sk_live_" + rnd(B62, 24)),
        ("SENDGRID_API_KEY", "SG." + rnd(B64URL, 22) + "." + rnd(B64URL, 43)),
        ("GOOGLE_MAPS_KEY", "AIza" + rnd(B64URL, 35)),
        ("NPM_TOKEN", "npm_" + rnd(B62, 36)),
        ("HF_TOKEN", "hf_" + rnd(string.ascii_letters, 34)),
        ("DIGITALOCEAN_TOKEN", "dop_v1_" + rnd("0123456789abcdef", 64)),
        ("SHOPIFY_TOKEN", "shpat_" + rnd("0123456789abcdef", 32)),
        ("OPENAI_API_KEY", "sk-proj-" + rnd(B64URL, 48)),
        ("ANTHROPIC_API_KEY", "sk-ant-api03-" + rnd(B64URL, 93) + "AA"),
        ("TWILIO_API_KEY", "SK" + rnd("0123456789abcdef", 32)),
        ("SESSION_SECRET", rnd("0123456789abcdef", 64)),
        ("JWT", f"{jwt_head}.{body}.{rnd(B64URL, 43)}"),
        ("TOTP_SECRET", rnd(string.ascii_uppercase + "234567", 32)),
        ("DATABASE_URL", ("postgres://app:", rnd(B62, 14), "@db.internal:5432/app")),
    ])


def password():
    return R.choice([
        rnd(B62, 4) + R.choice("!?#%&*") + rnd(B62, 6),
        R.choice(["sommer", "kwiatek", "zonnig", "tulipano", "sakura", "kaffe", "mareblu"]) + digits(2) + R.choice("!?$"),
        rnd(string.ascii_lowercase, 3) + "-" + rnd(string.ascii_lowercase, 4) + "-" + digits(3),
    ])


def fmt_date(p, y, mo, d, words):
    return (p["date"] if words else p["numdate"]).format(d=d, m=p["months"][mo - 1], mo=mo, y=y)


# What screens show next to sensitive values: none of these may be flagged.
def decoys(p):
    y = R.randint(2019, 2026)
    return [
        ("order_number", f"{R.choice(['Order', 'Obj.', 'Nr.', 'Ref.'])} {digits(7)}"),
        ("invoice_number", f"INV-{y}-{digits(5)}"),
        ("price", f"{R.randint(10, 9999)},{digits(2)} {R.choice(['EUR', 'Kč', 'kr', 'Ft', 'lei', '€'])}"),
        ("date", fmt_date(p, y, R.randint(1, 12), R.randint(1, 28), R.random() < .5)),
        ("version", f"v{R.randint(1, 9)}.{R.randint(0, 30)}.{R.randint(0, 99)}"),
        ("git_commit_hash", rnd("0123456789abcdef", 40)),
        ("uuid", "-".join(rnd("0123456789abcdef", n) for n in (8, 4, 4, 4, 12))),
        ("tracking_number", f"1Z{rnd(string.ascii_uppercase + string.digits, 16)}"),
    ]


def confuse(s):
    """OCR-style damage: confused letters and digits, a dropped or doubled space."""
    table = {"0": "O", "O": "0", "1": "l", "l": "1", "I": "l", "5": "S", "S": "5", "8": "B", "B": "8", "e": "c", "rn": "m"}
    out, i = [], 0
    while i < len(s):
        c = s[i]
        r = R.random()
        if c in table and r < .06:
            out.append(table[c])
        elif c == " " and r < .04:
            pass
        elif c == " " and r < .08:
            out.append("  ")
        else:
            out.append(c)
        i += 1
    return "".join(out)


def ascii_fold(s):
    import unicodedata
    s = unicodedata.normalize("NFKD", s.replace("ł", "l").replace("ø", "o").replace("æ", "ae"))
    s = "".join(c for c in s if c.isascii())
    return s if s.strip() else rnd(string.ascii_lowercase, 6)


def email(given, family):
    dom = R.choice(["gmail.com", "seznam.cz", "libero.it", "orange.fr", "telia.se", "sapo.pt", "firma.eu", "web.de", "kpn-mail.nl"])
    g, f = ascii_fold(given).lower(), ascii_fold(family.split()[0]).lower()
    return R.choice([f"{g}.{f}@{dom}", f"{g[0]}{f}@{dom}", f"{f}.{g}{digits(2)}@{dom}", f"{g}_{f}@{dom}"])


class Doc:
    def __init__(self, locale, kind, noise):
        self.locale, self.kind, self.noise = locale, kind, noise
        self.text, self.spans, self.decoys, self.ignore = "", [], [], []

    def add(self, s, category=None, typ=None, decoy=None):
        if self.noise:
            s = confuse(s)
        start = len(self.text.encode())
        self.text += s
        end = len(self.text.encode())
        if category == "ignore":
            # A login is not one of the scored categories; flagging it is neither found nor false.
            self.ignore.append({"start": start, "end": end, "type": typ, "text": s})
        elif category:
            self.spans.append({"start": start, "end": end, "category": category, "type": typ, "text": s})
        if decoy:
            self.decoys.append({"start": start, "end": end, "type": decoy, "text": s})
        return self

    def decoy(self, p):
        typ, s = R.choice(decoys(p))
        return self.add(s, decoy=typ)

    def json(self, i):
        return json.dumps({"id": f"i{i:05d}", "locale": self.locale, "kind": self.kind, "noise": self.noise,
                           "text": self.text, "spans": self.spans, "decoys": self.decoys, "ignore": self.ignore}, ensure_ascii=False)


def person(p):
    return R.choice(p["given"]), R.choice(p["family"])


def form(loc, noise):
    """Label/value rows: label left with a colon, label left in a column, or label above."""
    p, d = L[loc], Doc(loc, "form", noise)
    lab = p["labels"]
    given, family = person(p)
    y, mo, dd = birth()
    street, town = R.choice(p["addr"])
    rows = [(lab[0], f"{given} {family}", "person_name", "full_name"),
            (lab[1], fmt_date(p, y, mo, dd, R.random() < .5), "birth_date", "birth_date"),
            (lab[2], f"{street}, {town}", "address", "postal_address"),
            (lab[3], phone(loc), "phone", "phone"),
            (lab[4], email(given, family), "email", "email"),
            (lab[5], iban_written(iban(p["iban"][0])), "iban", "iban_" + p["iban"][0].lower()),
            (lab[6], national_id(p["idgen"], y, mo, dd), "national_id", "national_id"),
            (lab[8], ascii_fold(given).lower() + digits(2), "ignore", "username"),
            (lab[7], password(), "password", "password_after_label")]
    R.shuffle(rows)
    style = R.choice(["colon", "column", "above"])
    d.add(R.choice(["Profil", "Klient", "Personal data", "Konto", "CRM"]) + "\n\n")
    width = max(len(r[0]) for r in rows) + 3
    for label, value, cat, typ in rows:
        if style == "colon":
            d.add(f"{label}: ")
        elif style == "column":
            d.add(label.ljust(width))
        else:
            d.add(f"{label}\n")
        d.add(value, cat, typ).add("\n")
    d.add(R.choice(["Aktualizováno", "Updated", "Stand"]) + " ").decoy(p).add("\n")
    return d


def table(loc, noise):
    """A customer list: a header row and rows of cells split by spaces or bars."""
    p, d = L[loc], Doc(loc, "crm_table", noise)
    lab = p["labels"]
    sep = R.choice(["  ", "   ", " | ", "\t"])
    d.add(sep.join(["#", lab[0], lab[4], lab[3], lab[1]]) + "\n")
    for i in range(R.randint(3, 6)):
        given, family = person(p)
        y, mo, dd = birth()
        d.add(f"{i + 1}{sep}").add(f"{given} {family}", "person_name", "full_name").add(sep)
        d.add(email(given, family), "email", "email").add(sep)
        d.add(phone(loc), "phone", "phone").add(sep)
        d.add(fmt_date(p, y, mo, dd, False), "birth_date", "birth_date").add("\n")
    d.add(R.choice(["Total", "Celkem", "Summe"]) + ": ").decoy(p).add("\n")
    return d


def mail(loc, noise):
    """An e-mail: header lines, a greeting, a payment request in prose, a signature."""
    p, d = L[loc], Doc(loc, "email", noise)
    given, family = person(p)
    sg, sf = person(p)
    d.add("From: ").add(f"{sg} {sf}", "person_name", "full_name").add(" <").add(email(sg, sf), "email", "email").add(">\n")
    d.add("Subject: ").decoy(p).add("\n\n")
    d.add(R.choice(["Hi", "Dear", "Hello"]) + " ").add(given, "person_name", "first_name").add(",\n\n")
    d.add("please send the deposit to ").add(iban_written(iban(p["iban"][0])), "iban", "iban_" + p["iban"][0].lower())
    d.add(" by Friday, reference ").decoy(p).add(". You can also call me on ").add(phone(loc), "phone", "phone").add(".\n\n")
    d.add("-- \n").add(f"{sg} {sf}", "person_name", "full_name").add("\n")
    street, town = R.choice(p["addr"])
    d.add(street, "address", "street").add("\n").add(town, "address", "postcode_city").add("\n")
    d.add(R.choice(["Tel.", "Mob.", "T:", "☎"]) + " ").add(phone(loc), "phone", "phone").add("\n")
    return d


def chat(loc, noise):
    """A chat: author and time, then the message; credentials and numbers typed in passing."""
    p, d = L[loc], Doc(loc, "chat", noise)
    lab = p["labels"]
    people = [person(p) for _ in range(2)]
    for i in range(R.randint(3, 5)):
        g, f = people[i % 2]
        d.add(f"{g} {f}", "person_name", "full_name").add(f"  {R.randint(8, 18)}:{digits(1)}{digits(1)}\n")
        r = R.random()
        if r < .3:
            d.add(f"{lab[7]}: ").add(password(), "password", "password_after_label").add(" 🙂\n")
        elif r < .55:
            d.add("new number ").add(phone(loc), "phone", "phone").add("\n")
        elif r < .7:
            y, mo, dd = birth()
            d.add(f"{lab[6]} ").add(national_id(p["idgen"], y, mo, dd), "national_id", "national_id").add("\n")
        else:
            d.add("ok, see ").decoy(p).add("\n")
    return d


def checkout(loc, noise):
    p, d = L[loc], Doc(loc, "checkout", noise)
    lab = p["labels"]
    given, family = person(p)
    d.add(f"{lab[0]}: ").add(f"{given} {family}".upper() if R.random() < .4 else f"{given} {family}", "person_name", "full_name").add("\n")
    d.add(f"{lab[9]}: ").add(card(), "payment_card", "card").add("\n")
    d.add(f"{lab[11]}: ").add(f"{R.randint(1, 12):02}/{R.randint(27, 31)}", "payment_card", "card_expiry").add("   ")
    d.add(f"{lab[10]}: ").add(digits(3), "payment_card", "card_cvv").add("\n")
    d.add(R.choice(["Celkem", "Total", "Summe", "Totale"]) + " ").add(decoys(p)[2][1], decoy="price").add("\n")
    return d


def config(loc, noise):
    """A .env file or a terminal: vendors' tokens under their variables, one password."""
    p, d = L[loc], Doc(loc, "env_config", noise)
    d.add(R.choice(["$ cat .env\n", "# production\n", "~/app $ env | grep -i key\n"]))
    for _ in range(R.randint(3, 5)):
        name, value = token()
        if isinstance(value, tuple):
            # A connection URL: its password is the secret.
            d.add(f"{name}={value[0]}").add(value[1], "secret", "url_credentials").add(value[2] + "\n")
            continue
        d.add(f"{name}=").add(value, "secret", name.lower()).add("\n")
    d.add("DB_PASSWORD=").add(password(), "password", "password_assignment").add("\n")
    d.add("APP_VERSION=").decoy(p).add("\n")
    d.add("BUILD=").add(rnd("0123456789abcdef", 40), decoy="git_commit_hash").add("\n")
    return d


def hr_record(loc, noise):
    """An HR record: a name heading, the ID and birth date with their labels, an account."""
    p, d = L[loc], Doc(loc, "hr_record", noise)
    lab = p["labels"]
    given, family = person(p)
    y, mo, dd = birth()
    d.add(f"{family.upper()}, {given}" if R.random() < .3 else f"{given} {family}", "person_name", "full_name").add("\n")
    d.add(f"{lab[1]}  ").add(fmt_date(p, y, mo, dd, True), "birth_date", "birth_date").add("\n")
    nid = national_id(p["idgen"], y, mo, dd)
    d.add(f"{lab[6]}  ").add(nid, "national_id", "national_id").add("\n")
    d.add(f"{lab[5]}  ").add(iban_written(iban(p["iban"][0])), "iban", "iban_" + p["iban"][0].lower()).add("\n")
    d.add(f"{lab[2]}\n")
    street, town = R.choice(p["addr"])
    d.add(street, "address", "street").add("\n").add(town, "address", "postcode_city").add("\n")
    d.add("Contract start ").decoy(p).add("\n")
    return d


KINDS = [form, table, mail, chat, checkout, config, hr_record]

if __name__ == "__main__":
    n = 0
    for loc in L:
        for kind in KINDS:
            for noise in (False, False, True):
                print(kind(loc, noise).json(n))
                n += 1
