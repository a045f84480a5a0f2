//! Postal addresses, built from the street forms and postal codes of each country
//! (`models/addresses/streets.toml`): a street line (a type word before or after the name,
//! or an ending glued to it, and a house number), a postal code with its town, or both on
//! one line. A two-line address is found line by line: the postcode line is taken when its
//! code is distinctive, when the line holds nothing else, or when it follows a street.

use std::sync::LazyLock;

use regex::Regex;

use super::{Category, Context, Match};

const STREETS: &str = include_str!("../../../models/addresses/streets.toml");

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct StreetData {
    prefix: Vec<String>,
    number_first_prefix: Vec<String>,
    after: Vec<String>,
    suffix: Vec<String>,
    english: Vec<String>,
    postcode: Vec<Postcode>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Postcode {
    #[allow(dead_code)]
    countries: String,
    pattern: String,
    distinctive: bool,
    /// Written after the town ("London SW1A 2AA").
    #[serde(default)]
    town_first: bool,
}

struct Patterns {
    streets: Vec<(&'static str, Regex)>,
    /// Postal code + town, the code distinctive on its own.
    town_distinctive: Regex,
    /// Postal code + town for plain numeric codes.
    town_plain: Regex,
    /// A postal code right after a street, and the words of its clause: the town as OCR read
    /// it (see [`find`]).
    code_after_street: Regex,
    us_town: Regex,
    japanese: Vec<(&'static str, Regex)>,
}

fn alternation(words: &[String]) -> String {
    let mut w: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    w.sort_by_key(|s| std::cmp::Reverse(s.len()));
    w.dedup();
    w.join("|")
}

/// Japan's 47 prefectures as addresses begin with them.
const PREFECTURES: &str = "北海道|青森県|岩手県|宮城県|秋田県|山形県|福島県|茨城県|栃木県|群馬県|埼玉県|千葉県|東京都|神奈川県|新潟県|富山県|石川県|福井県|山梨県|長野県|岐阜県|静岡県|愛知県|三重県|滋賀県|京都府|大阪府|兵庫県|奈良県|和歌山県|鳥取県|島根県|岡山県|広島県|山口県|徳島県|香川県|愛媛県|高知県|福岡県|佐賀県|長崎県|熊本県|大分県|宮崎県|鹿児島県|沖縄県";

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let d: StreetData = toml::from_str(STREETS).expect("models/addresses/streets.toml");
    let r = |s: &str| Regex::new(&european_letters(s)).unwrap_or_else(|e| panic!("address pattern: {e}"));
    // A house number: 12, 12a, 12/3, 53-10, 06/82/63, "nr. 5", "n.º 12".
    // Then a flat, floor or door as Europe writes them: "3º B", "B 22", "ap. 4", "2. tv.",
    // "int. 4", "Top 5", "lgh 1102", "40. 2/5".
    let unit = r"(?:,?\s(?:(?i:ap|apt|app|appt|int|lok|m|et|esc|piso|bl|sc|tv|th|st|lgh|top|stiege|stg|whg|flat|unit|suite|ste|pta|byt)\.?\s?\d{1,4}[A-Za-z]?|\d{1,2}\s?[º°ª](?:\s?[A-Z](?-u:\b))?|\d{1,2}\.\s?(?:sal|tv|th|mf|sal)\.?|[A-Z](?:\s\d{1,3})?(?-u:\b)|\d{1,2}/\d{1,3}))";
    let num = format!(r"(?:(?:nr\.?|n\.?º|no\.?|č\.)\s?)?\d{{1,5}}[A-Za-z]?(?:\s?[/-]\s?\d{{1,5}}[A-Za-z]?){{0,2}}(?:\.?{unit}){{0,2}}");
    let num = num.as_str();
    // A word of a street name: capitalised, possibly with a glued article ("il-Kbira").
    let word = r"(?:[a-z]{1,3}-)?\p{Lu}[\p{L}\d.'’-]*";
    // Longest first and whole words: "des" is not "de" and an "s".
    let particle = r"(?:(?:de la|del|dos|das|des|den|der|les|van|von|the|il-|ta'|tal-|tas-|de|la|le|di|da|do|du|am|an|im|of|on|na|z|i|e|y|a)(?-u:\b))";
    // An ordinal may open a name ("ul. 3 Maja", "Via XX Settembre").
    let name = format!(r"(?:\d{{1,2}}\.?\s|{particle}\s)?{word}(?:\s(?:{word}|{particle})){{0,5}}");
    let city = r"\p{Lu}[\p{L}'’.-]+(?:[\s-](?:\p{Lu}[\p{L}'’.-]+|am|an|der|de|la|le|les|sur|en|aan|den|van|op|bij|ter|te|bei|nad|pod|pri|na|im|in|ob|upon|on|di|del|sul)){0,3}(?:\s\d{1,2}|\s\p{Lu}(?-u:\b))?(?:\s\([A-Z]{2}\))?";
    let (prefix, nf_prefix, after, suffix, english) =
        (alternation(&d.prefix), alternation(&d.number_first_prefix), alternation(&d.after), alternation(&d.suffix), alternation(&d.english));
    let codes =
        |distinctive: bool| d.postcode.iter().filter(|p| p.distinctive == distinctive).map(|p| format!("(?:{})", p.pattern)).collect::<Vec<_>>().join("|");
    let town_first = d.postcode.iter().filter(|p| p.town_first).map(|p| format!("(?:{})", p.pattern)).collect::<Vec<_>>().join("|");
    let any_code = format!("{}|{}", codes(true), codes(false));
    let streets = vec![
        ("address.street_prefix", r(&format!(r"(?:^|[\s,(:])((?i:{prefix})\s{{0,2}}{name},?\s{num})(?:(?-u:\b)|$)"))),
        (
            "address.street_number_first",
            r(&format!(r"(?:^|[\s,(])(\d{{1,5}}[a-zA-Z]?(?:\s?(?:bis|ter))?,?\s(?i:{nf_prefix})\s(?:{word}|{particle})(?:\s(?:{word}|{particle})){{0,5}})")),
        ),
        ("address.street_after", r(&format!(r"(?:^|[\s,(])({word}(?:\s{word}){{0,3}}\s(?i:{after})\s{num})(?:(?-u:\b)|$)"))),
        // One or two capitalised words may come first ("Landstraßer Hauptstraße 71/2/14").
        ("address.street_suffix", r(&format!(r"(?:^|[\s,(:])((?:\p{{Lu}}[\p{{L}}'’-]*\s){{0,2}}\p{{Lu}}[\p{{L}}'’-]*(?i:{suffix})\s?{num})(?:(?-u:\b)|$)"))),
        (
            "address.street_english",
            r(&format!(
                r"(?:^|[\s,(])(\d{{1,6}}[A-Za-z]?\s(?:{word}\s){{1,3}}(?:{english})\.?(?:\s(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Floor|#)\s?[A-Za-z0-9-]+)?)(?:(?-u:\b)|$)"
            )),
        ),
    ];
    let streets = [
        streets,
        vec![
            // Any street name and number right before a postal code and town ("Damrak 1, 1012 LG
            // Amsterdam", "Husova 5, 110 00 Praha 1"): the code says it is an address.
            ("address.street_before_code", r(&format!(r"(?:^|[\s,(])({name}\s{num}),\s(?:{any_code}),?\s{city}"))),
            ("address.town_code", r(&format!(r"(?:^|[\s,(])({city},?\s(?:{town_first}))(?:(?-u:\b)|$)"))),
        ],
    ]
    .concat();
    let japanese = vec![
        // 〒123-4567 then the rest of the line's address text
        ("address.jp_postal", r(r"〒\s?\d{3}\s?-\s?\d{4}[^\n]*")),
        // The postal mark read as a letter on a line of its own ("T 231-0023" over the address).
        ("address.jp_postal", r(r"^\s*[T干]\s?\d{3}\s?-\s?\d{4}\s*$")),
        // One of the 47 prefectures, a municipality, a town and its block number in digits
        // ("神奈川県横浜市中区山下町27", "大阪府大阪市北区梅田3-1-1"): the way most addresses are
        // written, without 丁目 or 番地.
        (
            "address.jp",
            r(&format!(
                r"(?:{PREFECTURES})[\p{{Han}}\p{{Hiragana}}\p{{Katakana}}ー]{{1,12}}[市区町村郡][\p{{Han}}\p{{Hiragana}}\p{{Katakana}}ー]{{0,12}}\s?[0-9０-９]{{1,4}}(?:\s?[-ー－‐]\s?[0-9０-９]{{1,4}}){{0,3}}[\p{{Han}}\p{{Katakana}}ーA-Za-zＡ-Ｚａ-ｚ0-9０-９\s|-]*"
            )),
        ),
        // prefecture … city/ward … chome/banchi
        (
            "address.jp",
            r(
                // A prefecture is one to three kanji before 都道府県. Block numbers as OCR reads
                // them too ("Z7丁目11番I2号"); a building's name after them in kanji, katakana
                // or Latin letters ("シャルム2IB"), up to the sentence's kana ("…へ発送").
                r"\p{Han}{1,3}[都道府県][\p{Han}\p{Hiragana}\p{Katakana}ー]{1,12}[市区町村郡][\p{Han}\p{Hiragana}\p{Katakana}ーA-Za-zＡ-Ｚａ-ｚ0-9０-９\s|]*(?:丁目|番地|番|号)[\p{Han}\p{Katakana}ーA-Za-zＡ-Ｚａ-ｚ0-9０-９\s|-]*",
            ),
        ),
    ];
    Patterns {
        streets,
        town_distinctive: r(&format!(r"(?:^|[\s,(:])((?:{}),?\s{{1,2}}{city})", codes(true))),
        town_plain: r(&format!(r"(?:^|,\s?)((?:{}),?\s{{1,2}}{city})(\s*$)?", codes(false))),
        code_after_street: r(&format!(r"^,?\s{{1,2}}((?:{any_code})(?:,?\s{{1,2}}[^\s,]+(?:\s[^\s,]+){{0,3}})?)")),
        us_town: r(r"(?:^|,\s?)(\p{Lu}[\p{L} .'-]+,\s?[A-Z]{2}\s\d{5}(?:-\d{4})?)(?-u:\b)"),
        japanese,
    }
});

/// Streets and towns of the covered countries are written in Latin, Greek or Cyrillic letters
/// (Japanese addresses have patterns of their own): `\p{L}` and `\p{Lu}` (written inside a
/// class) narrowed to those scripts make automata a third the size, and start-up shorter.
fn european_letters(pattern: &str) -> String {
    pattern.replace(r"\p{Lu}", r"[\p{Lu}&&[\p{Latin}\p{Greek}\p{Cyrillic}]]").replace(r"\p{L}", r"\p{Latin}\p{Greek}\p{Cyrillic}")
}

/// A street name and a house number, nothing else: "Národní 37", "Meir 50", "Ilica 45a".
static STREET_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&european_letters(r"^\p{Lu}[\p{L}'’.-]+(?:\s[\p{L}'’.-]+){0,3}\s\d{1,5}[A-Za-z]?(?:\s?[/-]\s?\d{1,5}[A-Za-z]?)?$")).expect("street line")
});

/// Whether a line is only a street and house number (see [`STREET_LINE`]).
pub fn is_street_line(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() <= 48 && STREET_LINE.is_match(t) && !year_number(t)
}

/// A house number that is a year ("Zeitplan 2025") is not an address.
fn year_number(s: &str) -> bool {
    let digits: String = s.chars().rev().take_while(|c| c.is_ascii_digit()).collect();
    digits.len() == 4 && (digits.ends_with("91") || digits.ends_with("02"))
}

pub fn find(text: &str, ctx: &Context, out: &mut Vec<Match>) {
    let p = &*PATTERNS;
    for (rule, re) in &p.japanese {
        for m in re.find_iter(text) {
            let v = m.as_str().trim_end();
            out.push(Match::new(m.start()..m.start() + v.len(), Category::Address, rule, 0.9));
        }
    }
    // Every other form has a house number or a postal code (most lines have neither).
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    let mut street_end = None;
    for (rule, re) in &p.streets {
        for c in re.captures_iter(text) {
            let m = c.get(1).expect("group");
            let v = m.as_str().trim_end_matches([',', ' ']);
            if *rule != "address.street_english" && year_number(v) {
                continue;
            }
            let end = m.start() + v.len();
            out.push(Match::new(m.start()..end, Category::Address, rule, 0.8));
            street_end = Some(street_end.unwrap_or(0).max(end));
            // A postal code right after a street ("Kyanoring 415, 2110VJ, …") says the words
            // after it, up to the clause's end, are the town, whatever OCR made of them: a
            // misread first letter ("0nstwedde") fails the town's capital, and the town alone
            // stayed readable beside its masked street and code.
            if let Some(t) = p.code_after_street.captures(&text[end..]).and_then(|c| c.get(1)) {
                out.push(Match::new(end + t.start()..end + t.end(), Category::Address, "address.postcode_town", 0.8));
            }
        }
    }
    for c in p.town_distinctive.captures_iter(text) {
        let m = c.get(1).expect("group");
        out.push(Match::new(m.range(), Category::Address, "address.postcode_town", 0.8));
    }
    // A plain numeric code ("48502 Saarbrücken") only as a line of its own, after a street
    // on the same line, or under an address label.
    for c in p.town_plain.captures_iter(text) {
        let m = c.get(1).expect("group");
        // Alone on its line (the code and town end it), or anywhere right after a street.
        let alone = text[..m.start()].trim().is_empty() && c.get(2).is_some();
        // (A street match may have taken the code for a house number: "rue de la Paix, 75002".)
        let after_street = street_end.is_some_and(|e| e <= m.end() && (e >= m.start() || text[e..m.start()].trim_matches([',', ' ']).is_empty()));
        if alone || after_street || ctx.label == Some(Category::Address) {
            out.push(Match::new(m.range(), Category::Address, "address.postcode_town", if alone { 0.7 } else { 0.8 }));
        }
    }
    join_street_and_town(text, out);
    for c in p.us_town.captures_iter(text) {
        let m = c.get(1).expect("group");
        out.push(Match::new(m.range(), Category::Address, "address.us_town", 0.8));
    }
}

/// A street and its postcode and town on one line ("Riva 8, 21000 Split") are one address:
/// the comma between them is masked too, as a part of it.
fn join_street_and_town(text: &str, out: &mut Vec<Match>) {
    let ours = |m: &&Match| m.category == Category::Address;
    let streets: Vec<_> = out.iter().filter(ours).filter(|m| m.rule.starts_with("address.street")).map(|m| m.range.clone()).collect();
    let towns: Vec<_> = out.iter().filter(ours).filter(|m| m.rule == "address.postcode_town").map(|m| m.range.clone()).collect();
    for s in &streets {
        for t in &towns {
            if s.end < t.start && text[s.end..t.start].trim_matches([',', ' ']).is_empty() {
                out.push(Match::new(s.start..t.end, Category::Address, "address.street_and_town", 0.85));
            }
        }
    }
}

/// Builds this detector's patterns and tables (see [`super::warm_up`]).
pub(super) fn warm() {
    LazyLock::force(&PATTERNS);
    LazyLock::force(&STREET_LINE);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(t: &str) -> Vec<String> {
        let mut m = Vec::new();
        find(t, &Context::default(), &mut m);
        m.into_iter().map(|m| t[m.range].to_string()).collect()
    }

    /// Every part of `want` is covered by some finding.
    fn covered(t: &str, want: &str) -> bool {
        let mut m = Vec::new();
        find(t, &Context::default(), &mut m);
        let s = t.find(want).expect("in text");
        (s..s + want.len()).filter(|&i| t.as_bytes()[i] != b' ' && t.as_bytes()[i] != b',').all(|i| m.iter().any(|m| m.range.contains(&i)))
    }

    #[test]
    fn addresses_by_country() {
        // Examples in the form of each postal operator's addressing guidelines.
        let cases = [
            "ulica Szewska 50/33, 70-634 Nowy Sącz",
            "pl. Jana III Sobieskiego 55, 09-324 Kielce",
            "ul. Łąkowa 06/82/63, 47-299 Włocławek",
            "Taikos pr. 20-44, LT-30976 Kaunas",
            "Ukmergės g. 105-79, LT-87446 Panevėžys",
            "Holzapfelring 889, 84826 Luckau",
            "Rosa-Döring-Gasse 70-94, 62423 Pritzwalk",
            "Storgatan 12, 411 38 Göteborg",
            "Husova 5, 110 00 Praha 1",
            "Via Roma 21, 20121 Milano (MI)",
            "Calle Mayor 5, 28013 Madrid",
            "Rua Augusta 12, 1100-053 Lisboa",
            "12 rue de la Paix, 75002 Paris",
            "Kossuth Lajos utca 5, 1055 Budapest",
            "Brīvības iela 55, LV-1010 Rīga",
            "Pärnu mnt 10, 10148 Tallinn",
            "Nørrebrogade 10, 2200 København",
            "Mannerheimintie 5, 00100 Helsinki",
            "Karl Johans gate 1, 0154 Oslo",
            "Damrak 1, 1012 LG Amsterdam",
            "10 Downing Street, London SW1A 2AA",
            "260 Kevin Turnpike Suite 127, New Emilyton, AK 87779",
            "Triq il-Kbira 12, MST 1000 Mosta",
            "4 Bóthar na Trá, Galway H91 AX2D",
            "Calle de Alcalá 230, 28028 Madrid",
            "Mikasteeg 92, 8168UA, Velp",
            "Vesterbrogade 41, 1620 København V",
            "18 avenue Jean Jaurès, 69007 Lyon",
            "Str. Lipscani nr. 5, 030031 București",
            // Flats, floors and doors after the house number, as each country writes them.
            "Calle Mayor 18, 3º B, 28013 Madrid",
            "Mannerheimintie 14 B 22, 00100 Helsinki",
            "Bd. Eroilor 12, ap. 4, 400129 Cluj-Napoca",
            "Vestergade 8, 2. tv., 8000 Aarhus C",
            "Landstraßer Hauptstraße 71/2/14, 1030 Wien",
            "7 allée des Tilleuls, 33000 Bordeaux",
            "〒471-2095 福岡県台東区卯の里12丁目9番11号 豊町コート565",
        ];
        // The street with its flat (all before the postcode) and the postcode with its town.
        let street = |c: &str| c.rsplit_once(", ").map_or(c, |(s, _)| s).to_string();
        let bad: Vec<_> =
            cases.iter().filter(|c| !(covered(c, &street(c)) && covered(c, c.rsplit(", ").next().unwrap()))).map(|c| format!("{c}: {:?}", addr(c))).collect();
        assert!(bad.is_empty(), "{bad:#?}");
        // Two-line forms: the town line alone.
        for t in ["90275 Luckenwalde", "3141 DS Oost-Souburg", "LT-61042 Marijampolė", "Jacobchester, MS 46844", "1100-053 Lisboa"] {
            assert!(covered(t, t), "{t}: {:?}", addr(t));
        }
    }

    #[test]
    fn japanese_addresses_as_ocr_reads_them() {
        for (t, want) in [
            ("商品を福井県横浜市旭区土呂部Z7丁目11番I2号 土呂部クレスト977へ発送いたします", "福井県横浜市旭区土呂部Z7丁目11番I2号 土呂部クレスト977"),
            ("番地：愛媛県印西市丹勢10丁目Z0番4号", "愛媛県印西市丹勢10丁目Z0番4号"),
            // A block number in digits and hyphens, as most addresses are written.
            ("神奈川県横浜市中区山下町 27", "神奈川県横浜市中区山下町 27"),
            ("送付先: 大阪府大阪市北区梅田3-1-1 梅田ビル5F", "大阪府大阪市北区梅田3-1-1 梅田ビル5F"),
            ("北海道札幌市中央区北一条西2-1", "北海道札幌市中央区北一条西2-1"),
            // The postal mark read as a T, on the code's own line.
            ("T 231-0023", "T 231-0023"),
        ] {
            let mut m = Vec::new();
            find(t, &Context::default(), &mut m);
            assert!(m.iter().any(|m| &t[m.range.clone()] == want), "{t}: {:?}", m.iter().map(|m| &t[m.range.clone()]).collect::<Vec<_>>());
        }
        // No prefecture, or a prefecture-like word that is none; a T code inside a sentence.
        for t in ["横浜市中区山下町27", "本県横浜市中区山下町27", "Model T 231-0023 spare part", "売上高2023年3月期"] {
            assert!(addr(t).is_empty(), "{t}: {:?}", addr(t));
        }
    }

    #[test]
    fn street_and_town_on_one_line_are_one_address() {
        let t = "Adresa: Riva 8, 21000 Split";
        let mut m = Vec::new();
        find(t, &Context::default(), &mut m);
        assert!(m.iter().any(|m| &t[m.range.clone()] == "Riva 8, 21000 Split"), "{:?}", addr(t));
    }

    #[test]
    fn a_town_misread_after_a_street_and_its_code_is_still_the_address() {
        // OCR's digit for a capital O, a lower-case first letter: the code after the street
        // carries the clause. Up to the clause's end only: the next cell stays apart.
        for (t, want) in [
            ("Kyanoring 415, 2110VJ, 0nstwedde", "Kyanoring 415, 2110VJ, 0nstwedde"),
            ("ul. Długa 5, 00-950 warszawa  Aktywny", "ul. Długa 5, 00-950 warszawa"),
            ("Hauptstraße 12, 10115 8erlin, Deutschland", "Hauptstraße 12, 10115 8erlin"),
        ] {
            let mut m = Vec::new();
            find(t, &Context::default(), &mut m);
            assert!(m.iter().any(|m| &t[m.range.clone()] == want), "{t}: {:?}", addr(t));
        }
        // A street and a number that is no postal code: nothing joins.
        let t = "Kyanoring 415, 12 items";
        assert!(!addr(t).iter().any(|a| a.contains("items")), "{:?}", addr(t));
    }

    #[test]
    fn town_under_a_street_under_its_label() {
        // The label above reaches the town line only through the street; the town's own
        // reading stands even where the layout drops the label's.
        let t = "Adresse\nAlgade 31\n9000 Aalborg\n";
        let f = crate::scan::scan_text(t);
        assert!(f.iter().any(|f| &t[f.start..f.end] == "9000 Aalborg"), "{f:?}");
    }

    #[test]
    fn two_line_addresses_without_a_street_type() {
        for t in ["Firma s.r.o.\nNárodní 37\n110 00 Praha 1\n", "Meir 50\n2000 Antwerpen", "Ilica 45a\n10000 Zagreb"] {
            let f = crate::scan::scan_text(t);
            let street = t.lines().find(|l| is_street_line(l)).expect("street line");
            let s = t.find(street).unwrap();
            assert!(f.iter().any(|f| f.category == Category::Address && f.start == s && f.end == s + street.len()), "{t:?}: {f:?}");
        }
        // The same shape without a town line under it is not an address.
        assert!(crate::scan::scan_text("Meir 50\nVersion 3\n").iter().all(|f| f.category != Category::Address));
        assert!(!is_street_line("Zeitplan 2025") && !is_street_line("Order 901401 shipped"));
    }

    #[test]
    fn non_addresses() {
        for t in [
            "Version 5.4.9, 2025 release",
            "Faktura FV/295/09/2025",
            "Kwota 27 694,12 zł",
            "Order 901401 shipped",
            "Zeitplan 2025",
            "Total 1500 Euro due",
            "see page 12 of the report",
            "added 12 files in 3 folders",
            "Invoice INV 2024",
            "Version V10 2024",
        ] {
            assert!(addr(t).is_empty(), "{t}: {:?}", addr(t));
        }
    }
}
