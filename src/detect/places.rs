//! Postal addresses: street forms and postal-code formats per country (PL, NL, DE, LT, US,
//! JP and generic "Street 12, 12345 City").

use std::sync::LazyLock;

use regex::Regex;

use super::{Category, Context, Match};

static ADDRESS: LazyLock<Vec<(&'static str, Regex, f32)>> = LazyLock::new(|| {
    let r = |s: &str| Regex::new(s).expect("address");
    let city = r"\p{Lu}[\p{L}'’.-]+(?:\s(?:\p{Lu}[\p{L}'’.-]+|aan|an|am|der|de|den|'t|in|ob|bei|nad|pod)){0,4}";
    let num = r"\d{1,5}[A-Za-z]?(?:\s?[/-]\s?\d{1,5}[A-Za-z]?)?";
    vec![
        // Polish: ul./al./pl./os. Name 12/3, 00-950 City
        (
            "address.pl",
            r(&format!(
                r"(?i:\b(?:ul\.|ulica|al\.|aleja|pl\.|plac|os\.|osiedle|rondo)\s)(?:\p{{L}}[\p{{L}}.'-]*\s){{0,4}}{num}(?:,?\s\d{{2}}-\d{{3}}\s{city})?"
            )),
            0.85,
        ),
        // Lithuanian: Name g./pr./al. 12-3, LT-12345 City
        (
            "address.lt",
            r(&format!(
                r"\p{{Lu}}[\p{{L}}.-]+(?:\s\p{{Lu}}[\p{{L}}.-]+)?\s(?:g\.|gatvė|pr\.|prospektas|al\.|alėja|pl\.|skg\.|takas)\s{num}(?:,?\s(?:LT-)?\d{{5}}\s{city})?"
            )),
            0.85,
        ),
        // Street + number + postal code + city (DE 12345, NL 1234 AB, LT-12345, PL 12-345)
        (
            "address.postal",
            r(&format!(
                r"\p{{Lu}}[\p{{L}}ßäöüÄÖÜ.'-]+(?:\s[\p{{L}}.'-]+){{0,3}}\s{num},?\s(?:\d{{5}}|\d{{4}}\s?[A-Z]{{2}}|LT-\d{{5}}|\d{{2}}-\d{{3}}),?\s{city}"
            )),
            0.85,
        ),
        // Street by suffix, without postal code: Hauptstraße 5, Lanahof 3, Kerkstraat 12
        (
            "address.street",
            r(&format!(
                r"\b\p{{Lu}}[\p{{L}}-]*(?:straße|strasse|str\.|weg|allee|platz|ring|gasse|damm|ufer|chaussee|straat|laan|gracht|plein|kade|singel|dijk|hof|steeg|pad|dreef|markt|park)\s{num}\b"
            )),
            0.75,
        ),
        // US: 123 Main St Apt 4, City, ST 12345
        (
            "address.us",
            r(
                r"\b\d{1,6}\s(?:\p{Lu}[\p{L}]+\s){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|Ln|Lane|Way|Ct|Court|Pl|Place|Ter|Terrace|Pkwy|Parkway|Cir|Circle|Hwy|Highway|Sq|Square|Trail|Trl|Loop|Plaza|Rue|Trace|Crossing|Pass|Path|Pike|Ridge|Run|Station|Stream|Summit|Valley|View|Village|Ville|Vista|Walk|Well|Wells|Mall|Mill|Mills|Mission|Motorway|Mount|Mountain|Neck|Orchard|Oval|Overpass|Point|Port|Prairie|Radial|Ramp|Ranch|Rapid|Rest|Route|Row|Shoal|Shore|Spring|Spur|Underpass|Union|Viaduct|Junction|Key|Knoll|Lake|Landing|Light|Lock|Manor|Meadow|Harbor|Haven|Heights|Hollow|Inlet|Island|Isle|Fork|Forge|Fort|Freeway|Garden|Gateway|Glen|Green|Grove|Estate|Expressway|Extension|Falls|Ferry|Field|Flat|Ford|Forest|Creek|Crescent|Crest|Curve|Dale|Dam|Divide|Camp|Canyon|Cape|Causeway|Center|Cliff|Club|Common|Corner|Course|Cove|Bluff|Bottom|Branch|Bridge|Brook|Burg|Bypass|Alley|Annex|Arcade|Bayou|Beach|Bend)\.?(?:\s(?:Apt\.?|Suite|Unit|#)\s?\w+)?(?:,\s\p{Lu}[\p{L}\s]+,\s[A-Z]{2}\s\d{5}(?:-\d{4})?)?",
            ),
            0.8,
        ),
        // Japanese: 〒123-4567 then the rest of the line's address text
        ("address.jp_postal", r(r"〒\s?\d{3}\s?-\s?\d{4}[^\n]*"), 0.9),
        // Japanese: prefecture … city/ward … chome/banchi
        (
            "address.jp",
            r(
                r"[\p{Han}\p{Hiragana}\p{Katakana}]{1,6}[都道府県][\p{Han}\p{Hiragana}\p{Katakana}ー]{1,12}[市区町村郡][\p{Han}\p{Hiragana}\p{Katakana}ー0-9０-９\s]*(?:丁目|番地|番|号)[\p{Han}\p{Hiragana}\p{Katakana}ー0-9０-９\s-]*",
            ),
            0.85,
        ),
    ]
});

pub fn find(text: &str, _ctx: &Context, out: &mut Vec<Match>) {
    for (rule, re, conf) in ADDRESS.iter() {
        for m in re.find_iter(text) {
            let r = m.range();
            let v = text[r.clone()].trim_end();
            out.push(Match::new(r.start..r.start + v.len(), Category::Address, rule, *conf));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(t: &str) -> Vec<String> {
        let mut m = Vec::new();
        find(t, &Context::default(), &mut m);
        m.into_iter().map(|m| t[m.range].to_string()).collect()
    }

    #[test]
    fn addresses_by_country() {
        let cases = [
            "ulica Szewska 50/33, 70-634 Nowy Sącz",
            "pl. Jana III Sobieskiego 55, 09-324 Kielce",
            "Taikos pr. 20-44, LT-30976 Kaunas",
            "Ukmergės g. 105-79, LT-87446 Panevėžys",
            "Holzapfelring 889, 84826 Luckau",
            "Rosa-Döring-Gasse 70-94, 62423 Pritzwalk",
            "Lanahof 3, 9433 MH, Nederweert",
            "22120 Shawn Rue, Cruzfurt, MT 84679",
            "〒471-2095 福岡県台東区卯の里12丁目9番11号 豊町コート565",
        ];
        for c in cases {
            let t = format!("{c}");
            assert!(addr(&t).iter().any(|a| a == c), "{c}: {:?}", addr(&t));
        }
    }

    #[test]
    fn non_addresses() {
        for t in ["Version 5.4.9, 2025 release", "Faktura FV/295/09/2025", "Kwota 27 694,12 zł", "Order 901401 shipped"] {
            assert!(addr(t).is_empty(), "{t}: {:?}", addr(t));
        }
    }
}
