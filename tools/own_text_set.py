#!/usr/bin/env python3
"""Writes a small screen-text set in the format of ../shared/eval-dev/text/corpus.jsonl,
with templates and values of our own (other countries, other layouts), to measure the
detectors next to the development corpus:

    python3 tools/own_text_set.py > target/own.jsonl
    python3 ../shared/eval-dev/text/score.py target/own.jsonl --cmd 'target/release/screenveil scan-text {file}'
"""
import json
import random

random.seed(7)

# (street line, postcode + town) in each country's own form.
ADDRESSES = [
    ("sv_SE", "Drottninggatan 71", "111 36 Stockholm"),
    ("sv_SE", "Kungsvägen 4B", "753 20 Uppsala"),
    ("cs_CZ", "Národní 37", "110 00 Praha 1"),
    ("cs_CZ", "Palackého 12", "602 00 Brno"),
    ("it_IT", "Corso Vittorio Emanuele 118", "80121 Napoli (NA)"),
    ("it_IT", "Viale Monza 9", "20125 Milano"),
    ("es_ES", "Avenida de la Constitución 14", "41004 Sevilla"),
    ("es_ES", "Calle de Alcalá 230", "28028 Madrid"),
    ("pt_PT", "Rua de Santa Catarina 311", "4000-443 Porto"),
    ("fr_FR", "18 avenue Jean Jaurès", "69007 Lyon"),
    ("fr_FR", "3 boulevard Victor Hugo", "06000 Nice"),
    ("hu_HU", "Andrássy út 61", "1062 Budapest"),
    ("lv_LV", "Elizabetes iela 23", "LV-1010 Rīga"),
    ("et_EE", "Narva mnt 7", "10117 Tallinn"),
    ("da_DK", "Vesterbrogade 41", "1620 København V"),
    ("fi_FI", "Hämeenkatu 20", "33200 Tampere"),
    ("no_NO", "Storgata 15", "0184 Oslo"),
    ("de_AT", "Mariahilfer Straße 88", "1070 Wien"),
    ("nl_BE", "Meir 50", "2000 Antwerpen"),
    ("en_IE", "27 Grafton Street", "Dublin D02 VF65"),
    ("en_GB", "221 Baker Street", "London NW1 6XE"),
    ("ro_RO", "Bulevardul Unirii 22", "030833 București"),
    ("hr_HR", "Ilica 45", "10000 Zagreb"),
    ("sl_SI", "Slovenska cesta 9", "1000 Ljubljana"),
    ("sk_SK", "Obchodná 18", "811 06 Bratislava"),
    ("pl_PL", "al. Jerozolimskie 65/79", "00-697 Warszawa"),
]

# (locale, greeting, closing, given, family)
PEOPLE = [
    ("cs_CZ", "Dobrý den", "S pozdravem", "Tereza", "Dvořáková"),
    ("sv_SE", "Hej", "Vänliga hälsningar", "Ingrid", "Lindqvist"),
    ("it_IT", "Buongiorno", "Cordiali saluti", "Giulia", "Ferraro"),
    ("es_ES", "Hola", "Saludos", "Lucía", "Navarro"),
    ("fr_FR", "Bonjour", "Cordialement", "Camille", "Lefebvre"),
    ("hu_HU", "Kedves", "Üdvözlettel", "Zsófia", "Kovács"),
    ("fi_FI", "Hei", "Ystävällisin terveisin", "Aino", "Virtanen"),
    ("da_DK", "Hej", "Med venlig hilsen", "Mette", "Kristensen"),
    ("pt_PT", "Olá", "Cumprimentos", "Inês", "Carvalho"),
    ("ro_RO", "Bună ziua", "Cu stimă", "Ioana", "Popescu"),
    ("de_AT", "Servus", "Liebe Grüße", "Florian", "Gruber"),
    ("nl_NL", "Hoi", "Groeten", "Sanne", "Bakker"),
    ("bg_BG", "Здравейте", "Поздрави", "Десислава", "Петрова"),
    ("el_GR", "Καλημέρα", "Με εκτίμηση", "Κωνσταντίνος", "Παπαδόπουλος"),
    ("hr_HR", "Poštovani", "Lijep pozdrav", "Ivana", "Horvat"),
    ("sl_SI", "Pozdravljeni", "Lep pozdrav", "Matej", "Novak"),
    ("is_IS", "Sæl", "Kveðja", "Guðrún", "Sigurðardóttir"),
    ("en_IE", "Dear", "Kind regards", "Siobhán", "O'Sullivan"),
]

# National numbers of the countries added from their specifications, under labels of their
# own languages (values made with python-stdnum's calculators, not taken from any corpus).
IDS = [
    ("bg_BG", "ЕГН", "8001010008"),
    ("hr_HR", "OIB", "33392005961"),
    ("sl_SI", "EMŠO", "2405987500066"),
    ("is_IS", "Kennitala", "010130-2989"),
    ("el_GR", "ΑΜΚΑ", "15047101595"),
    ("el_GR", "ΑΦΜ", "090000045"),
    ("hu_HU", "Adóazonosító jel", "8360171254"),
    ("en_IE", "PPS No.", "1234567TW"),
    ("fr_LU", "Matricule", "1985061201225"),
    ("el_CY", "ΑΦΤ", "10000000D"),
]

DECOYS = ["Version 3.12.4 released", "Order 774120 shipped", "Zeitplan 2025", "Total 1 240,00 EUR", "Build 2024.11 passed", "Ticket #48213 closed"]


class Doc:
    def __init__(self, locale, kind):
        self.locale, self.kind, self.text, self.spans, self.decoys = locale, kind, "", [], []

    def add(self, s, category=None, typ=None, decoy=None):
        start = len(self.text.encode())
        self.text += s
        end = len(self.text.encode())
        if category:
            self.spans.append({"start": start, "end": end, "category": category, "type": typ, "text": s})
        if decoy:
            self.decoys.append({"start": start, "end": end, "type": decoy, "text": s})

    def json(self, i):
        return json.dumps({"id": f"o{i:04d}", "locale": self.locale, "kind": self.kind, "noise": False, "text": self.text, "spans": self.spans, "decoys": self.decoys, "ignore": []}, ensure_ascii=False)


docs = []
for loc, street, town in ADDRESSES:
    d = Doc(loc, "signature")
    d.add("Firma s.r.o.\n")
    d.add(street, "address", "street")
    d.add("\n")
    d.add(town, "address", "postcode_city")
    d.add("\n")
    d.add(random.choice(DECOYS), decoy="other")
    d.add("\n")
    docs.append(d)
    d = Doc(loc, "form")
    d.add("Address: ")
    d.add(f"{street}, {town}", "address", "postal_address")
    d.add("\n")
    docs.append(d)
for loc, greet, close, given, family in PEOPLE:
    d = Doc(loc, "email")
    d.add(f"{greet} ")
    d.add(given, "person_name", "first_name")
    d.add(",\n\nthe files are attached.\n\n")
    d.add(f"{close}\n")
    d.add(f"{given} {family}", "person_name", "full_name")
    d.add("\n")
    docs.append(d)
    d = Doc(loc, "chat")
    d.add("[09:41] ")
    d.add(f"{given} {family}", "person_name", "full_name")
    d.add(": meeting at ten?\n[09:42] ")
    d.add(given, "person_name", "first_name")
    d.add(": ok\n")
    d.add(random.choice(DECOYS), decoy="other")
    d.add("\n")
    docs.append(d)
for loc, label, value in IDS:
    d = Doc(loc, "hr_record")
    d.add(f"{label}: ")
    d.add(value, "national_id", "national_id")
    d.add("\nOrder ")
    d.add(value.replace("-", "")[:-1] + str((int(value.replace("-", "")[-2]) + 1) % 10) if value[-1].isdigit() else "4411020", decoy="bad_checksum_id")
    d.add("\n")
    docs.append(d)
for i, d in enumerate(docs):
    print(d.json(i))
