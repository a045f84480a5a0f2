//! Personal names from shipped given-name and family-name lists (`models/names`, from the
//! Faker project, MIT) plus family-name morphology (-ski/-ska, -auskas/-ienė/-aitė, …).
//!
//! A name is a run of capitalised words: a known given name followed by a family name (known,
//! or shaped like one, or any capitalised word that is not a common UI word), optionally with
//! particles ("van den"). Japanese names: a known family name in kanji plus a short given name.

use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

use regex::Regex;

mod roles;

use super::norm::{fold, is_cjk};
use super::{Category, Match};
use roles::{CHAT_PREFIX, DISPLAY_NAME, JP_HOLDER, TIME, find_chat_roles, find_display_names, find_japanese, find_shaped};

macro_rules! lists {
    ($($loc:literal),* $(,)?) => { &[$(include_str!(concat!("../../../../models/names/", $loc, ".txt"))),*] };
}

const LISTS: &[&str] = lists!(
    "pl_PL", "lt_LT", "nl_NL", "nl_BE", "de_DE", "de_AT", "de_CH", "ja_JP", "en_US", "en_GB", "fr_FR", "es_ES", "it_IT", "cs_CZ", "sk_SK", "sv_SE", "fi_FI",
    "da_DK", "uk_UA", "ru_RU", "pt_PT", "lv_LV", "et_EE", "no_NO", "hu_HU", "ro_RO", "bg_BG", "el_GR", "hr_HR", "sl_SI", "is_IS", "en_IE", "ga_IE", "de_LI",
    "de_LU", "fr_BE", "fr_CH",
);

/// Common Japanese family names beyond the list's top 50 (data: `models/names/ja_JP-extra-family.txt`).
const JP_EXTRA_FAMILY: &str = include_str!("../../../../models/names/ja_JP-extra-family.txt");

struct Lists {
    given: HashSet<String>,
    family: HashSet<String>,
    /// Japanese family names in kanji by their first character, longest first: a text is
    /// looked up where it stands, not compared with every name at every character.
    jp_family_by_first: rustc_hash::FxHashMap<char, Vec<String>>,
    /// Japanese given names in kanji or kana.
    jp_given: HashSet<String>,
}

static LISTS_DATA: LazyLock<Lists> = LazyLock::new(|| {
    let (mut given, mut family, mut jp) = (HashSet::default(), HashSet::default(), HashSet::default());
    let mut jp_given = HashSet::default();
    for text in LISTS {
        for line in text.lines() {
            let Some((kind, name)) = line.split_once('\t') else { continue };
            if name.chars().any(is_cjk) {
                if kind == "L" {
                    jp.insert(name.to_string());
                } else {
                    jp_given.insert(name.to_string());
                }
                continue;
            }
            let set = if kind == "F" { &mut given } else { &mut family };
            for part in name.split([' ', '-']) {
                if part.chars().count() >= 2 {
                    set.insert(fold(part));
                }
            }
        }
    }
    jp.extend(JP_EXTRA_FAMILY.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(String::from));
    for w in STOP.iter() {
        given.remove(*w);
        family.remove(*w);
    }
    let mut jp_family: Vec<String> = jp.into_iter().collect();
    jp_family.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    let mut jp_family_by_first: rustc_hash::FxHashMap<char, Vec<String>> = Default::default();
    for f in &jp_family {
        if let Some(c) = f.chars().next() {
            jp_family_by_first.entry(c).or_default().push(f.clone());
        }
    }
    Lists { given, family, jp_family_by_first, jp_given }
});

/// Capitalised UI and prose words that are also in name lists or look like names (data:
/// `models/names/stop-words.txt`).
static STOP: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../../../../models/names/stop-words.txt").lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect());

/// Words that open place and organisation names (data: `models/names/org-heads.txt`).
static ORG_HEADS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../../../../models/names/org-heads.txt").lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect());

const PARTICLES: &[&str] = &[
    "van", "de", "den", "der", "von", "ten", "ter", "te", "'t", "zu", "vom", "la", "le", "di", "da", "du", "del", "dos", "das", "mc", "o'", "vande", "vander",
    "vanden",
];

/// Family-name endings typical of the project's locales.
static FAMILY_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:ski|ska|cki|cka|dzki|dzka|wicz|owicz|ewicz|czyk|czak|iak|auskas|auskienė|auskiene|ienė|iene|ienee|aitė|aite|ytė|yte|ūtė|ute|evičius|evicius|avičius|avicius|ičius|icius|ckas|skas|ūnas|unas|aitis|ėnas|kus|lys|nas|tis|mann|meier|meyer|schmidt|müller|mueller|berger|hofer|huber|bauer|sen|son|ssen|sma|stra|inga|ema|ink|ijk|ijsen|huis|hove|ova|ová|sky|ský|enko|chuk)$").expect("family shape")
});

#[derive(Debug)]
struct Tok {
    start: usize,
    end: usize,
    folded: String,
    cap: bool,
    /// All capitals ("MARTINEZ"): a name only where the lists know it.
    upper: bool,
    lower: bool,
}

/// What may follow a name's word without being part of it: punctuation, and marks OCR reads
/// beside it.
const TRAILING: [char; 18] = [',', '.', ':', ';', ')', '>', '"', '\'', ']', '|', '”', '’', '!', '?', '*', '~', '°', '•'];

fn tokens(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut pos = 0;
    // A colon ends a word: a label glued to its value ("Aan:StefWutke"), a chat author glued
    // to the message ("Susan West:checking").
    for raw in text.split([' ', ':']) {
        let s = pos;
        pos += raw.len() + 1;
        let lead = raw.len() - raw.trim_start_matches(['(', '<', '"', '\'', '[', '|', '„', '“', '—', '–']).len();
        // (An unread-mail dot or a field's required mark after the last word is read as
        // '*', '~' or '°'.)
        let core = raw[lead..].trim_end_matches(TRAILING);
        if core.is_empty() {
            continue;
        }
        // A capital OCR read as a digit ("2ygimantas" for "Žygimantas", "5ebastian").
        let fixed: String;
        let core = match core.chars().next().and_then(|c| "2568014l".find(c).map(|i| b"ZSGBOIAI"[i] as char)) {
            Some(letter) if core.chars().skip(1).count() >= 3 && core.chars().skip(1).all(char::is_lowercase) => {
                fixed = format!("{letter}{}", &core[1..]);
                fixed.as_str()
            }
            _ => core,
        };
        let fixed_inner: String;
        let core = match misread_letter(core) {
            Some(f) => {
                fixed_inner = f;
                fixed_inner.as_str()
            }
            None => core,
        };
        // Two words OCR ran together: a given name and a family name ("SigitaŽukauskienė",
        // "StefWutke"), or a given name and a particle ("Suusvan der Avoirt").
        if let Some(k) = run_together(core) {
            out.extend(tokens(&core[..k]).into_iter().map(|t| Tok { start: t.start + s + lead, end: t.end + s + lead, ..t }));
            out.extend(tokens(&core[k..]).into_iter().map(|t| Tok { start: t.start + s + lead + k, end: t.end + s + lead + k, ..t }));
            continue;
        }
        let mut chars = core.chars();
        let first = chars.next().unwrap_or(' ');
        let rest: Vec<char> = chars.collect();
        // Each hyphen part capitalised: "Klaus-Ulrich", "Rosa-Döring".
        // OCR sometimes capitalises a letter inside a long name ("StankeviCiute"): one is allowed.
        let cap = first.is_uppercase()
            && !rest.is_empty()
            && core.split('-').all(|p| {
                let mut cs = p.chars();
                let n = p.chars().count();
                let inner_caps = p.chars().skip(1).filter(|c| c.is_uppercase()).count();
                cs.next().is_some_and(char::is_uppercase)
                    && n >= 2
                    && cs.all(|c| c.is_alphabetic() || c == '\'')
                    && (inner_caps == 0 || (inner_caps == 1 && n >= 6 && !p.chars().nth(1).is_some_and(char::is_uppercase)))
            });
        let lower = core.chars().all(|c| c.is_lowercase() || c == '\'');
        let end = s + lead + raw[lead..].trim_end_matches(TRAILING).len();
        out.push(Tok {
            start: s + lead,
            end,
            folded: fold(core),
            cap,
            upper: core.chars().count() >= 2 && core.chars().all(|c| c.is_uppercase() || c == '-'),
            lower,
        });
    }
    out
}

pub fn find(text: &str, out: &mut Vec<Match>) {
    let l = &*LISTS_DATA;
    let toks = tokens(text);
    let is_given = |t: &Tok| (t.cap || t.upper) && t.folded.split('-').all(|p| l.given.contains(p));
    let is_family = |t: &Tok| (t.cap || t.upper) && t.folded.split('-').any(|p| l.family.contains(p));
    let family_shape = |t: &Tok| t.cap && FAMILY_SHAPE.is_match(&t.folded) && t.folded.chars().count() >= 5;
    let stop = |t: &Tok| STOP.contains(&t.folded.as_str());
    let comma_after = |t: &Tok| text[t.end..].starts_with(", ");
    // The token index after the last name found: a name never reaches back into another.
    let mut last_end = 0;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let mut matched = false;
        if let Some(end) = particle_family(&toks, i, &is_family).filter(|_| i >= last_end) {
            out.push(Match::new(t.start..toks[end].end, Category::Name, "name.particle_family", 0.75));
            i = end + 1;
            last_end = i;
            continue;
        }
        if is_given(t) {
            // Given [Given] [particles] Family
            let mut j = i + 1;
            if j < toks.len() && is_given(&toks[j]) && j + 1 < toks.len() && toks[j + 1].cap {
                j += 1;
            }
            // Particles in lower case, or in capitals in a name written in capitals ("BRYAN
            // VAN DER STAEL").
            let particle = |u: &Tok| (u.lower || t.upper && u.upper) && PARTICLES.contains(&u.folded.as_str());
            while j < toks.len() && particle(&toks[j]) {
                j += 1;
            }
            // In capitals, the family name must be known or have a family name's ending
            // ("VIKTORIJA POVILONIENĖ"); capitals are also headings and buttons.
            let family_upper = |u: &Tok| u.upper && (is_family(u) || FAMILY_SHAPE.is_match(&u.folded) && u.folded.chars().count() >= 5);
            let upper_pair = t.upper && j < toks.len() && family_upper(&toks[j]);
            if j < toks.len() && (toks[j].cap && !t.upper || upper_pair) && !stop(&toks[j]) {
                // A family name with particles goes on: "Naomi Bruijne van der Veen".
                let mut j = j;
                loop {
                    let mut k = j + 1;
                    while k < toks.len() && particle(&toks[k]) {
                        k += 1;
                    }
                    if k > j + 1 && k < toks.len() && (toks[k].cap || t.upper && toks[k].upper) {
                        j = k;
                    } else {
                        break;
                    }
                }
                let f = &toks[j];
                let conf = if is_family(f) {
                    0.9
                } else if family_shape(f) {
                    0.85
                } else if j > i + 1 || is_given(f) {
                    0.75
                } else {
                    0.7
                };
                out.push(Match::new(t.start..f.end, Category::Name, "name.given_family", conf));
                i = j + 1;
                last_end = i;
                matched = true;
            }
        }
        if !matched && (is_family(t) || family_shape(t) || t.upper && comma_after(t)) && !stop(t) && i + 1 < toks.len() && is_given(&toks[i + 1]) {
            // Family Given ("Kowalski Jan"), or a list's "FAMILY, Given" ("HOLM, Erik"): a
            // family name in capitals before a comma is a register's way of writing a name.
            // A two-word family name goes with it ("GARCÍA LÓPEZ, Lucía").
            let mut start = t.start;
            if i > 0
                && i > last_end
                && &text[toks[i - 1].end..t.start] == " "
                && (toks[i - 1].upper && t.upper || is_family(&toks[i - 1]))
                && !stop(&toks[i - 1])
            {
                start = toks[i - 1].start;
            }
            out.push(Match::new(start..toks[i + 1].end, Category::Name, "name.family_given", 0.8));
            i += 2;
            last_end = i;
            matched = true;
        }
        if !matched {
            i += 1;
        }
    }
    find_shaped(&toks, text, out);
    find_chat_roles(text, out);
    find_display_names(text, out);
    find_japanese(text, out);
}

/// Where `toks[i]` starts "Given particle(s) Family" with a given name the lists lack and a
/// family name they know ("Marloes van Dijk", "Ilse de Graaf", "Karl von Thurn"): the index
/// of the family token. Lower-case particles between capitalised words also join place and
/// organisation names ("Kamer van Koophandel", "Rue de Rivoli"); those open with a common word
/// and rarely end in a listed family name, and a street line is an address's business.
fn particle_family(toks: &[Tok], i: usize, is_family: &dyn Fn(&Tok) -> bool) -> Option<usize> {
    let t = &toks[i];
    let head = |w: &str| STOP.contains(w) || ORG_HEADS.contains(w);
    if !t.cap || t.upper || t.folded.chars().count() < 3 || !t.folded.chars().all(char::is_alphabetic) || head(&t.folded) {
        return None;
    }
    // "den", "der", "te" and "'t" follow another particle in a name ("van den Berg"); alone
    // they join place names ("Nederhorst den Berg").
    if toks.get(i + 1).is_some_and(|p| matches!(p.folded.as_str(), "den" | "der" | "te" | "'t")) {
        return None;
    }
    let mut j = i + 1;
    while j < toks.len() && toks[j].lower && PARTICLES.contains(&toks[j].folded.as_str()) && toks[j].start == toks[j - 1].end + 1 {
        j += 1;
    }
    let f = toks.get(j)?;
    let adjacent = f.start == toks[j - 1].end + 1;
    (j > i + 1 && j <= i + 3 && adjacent && f.cap && !f.upper && is_family(f) && !STOP.contains(f.folded.as_str())).then_some(j)
}

/// The words at the start of `rest` that can make up a name: capitalised or upper-case words
/// ("Gülsen", "SCHACHT", "Klaus-Ulrich", "O'Neill", an initial "J."), name particles between
/// them ("van der"), or one or two runs of kanji/katakana ("ヨシダ モモコ"). Leading spaces and
/// a form field's bracket are skipped. Returns the byte range in `rest` and the word count.
pub fn name_run(rest: &str, max_words: usize) -> Option<(std::ops::Range<usize>, usize)> {
    let lead = rest.len() - rest.trim_start_matches([' ', '\t', '[', '\u{3000}']).len();
    let body = &rest[lead..];
    let cjk_word = |w: &str| w.chars().all(|c| is_cjk(c) || c == 'ー' || c == '・') && !w.is_empty();
    // A UI or prose word ("West", "Team") does not start a name but may end one ("Susan West").
    let name_word = |w: &str, first_word: bool| {
        // One digit OCR put for a letter ("Sc0tt") is read as that letter.
        let fixed = misread_letter(w);
        let w = fixed.as_deref().unwrap_or(w);
        let mut cs = w.chars();
        let first = cs.next().unwrap_or(' ');
        let n = w.chars().count();
        (first.is_uppercase() && w.chars().all(|c| c.is_alphabetic() || "-'’.".contains(c)) && (n >= 2 || w.ends_with('.')))
            && !(first_word && STOP.contains(&fold(w.trim_end_matches('.')).as_str()))
    };
    let (mut end, mut words, mut pos, mut cjk) = (0, 0, 0, false);
    for raw in body.split(' ') {
        let start = pos;
        pos += raw.len() + 1;
        if raw.is_empty() {
            if words > 0 {
                break;
            }
            continue;
        }
        let w = raw.trim_end_matches([',', ';', ':', ']', ')', '!', '>', '<']);
        let stops_here = w.len() < raw.len();
        if cjk_word(w) && (words == 0 || cjk) && words < 2 {
            cjk = true;
        } else if !cjk && name_word(w, words == 0) {
        } else if !cjk && words > 0 && PARTICLES.contains(&w.to_lowercase().as_str()) {
            if stops_here {
                break;
            }
            continue;
        } else {
            break;
        }
        words += 1;
        end = start + w.len();
        if stops_here || words >= max_words {
            break;
        }
    }
    (words > 0).then(|| (lead..lead + end, words))
}

/// Where a word splits into a known given name and a capitalised word or a particle, when
/// OCR lost the space between them.
fn run_together(core: &str) -> Option<usize> {
    let camel = core.chars().skip(1).any(char::is_uppercase);
    let particle_end = PARTICLES.iter().any(|p| p.len() >= 2 && core.len() > p.len() + 2 && core.ends_with(p));
    if !(camel || particle_end) || is_known_name(core) {
        return None;
    }
    let mut idx = core.char_indices().skip(1);
    let split = idx.find(|&(_, c)| c.is_uppercase()).map(|(k, _)| k);
    if let Some(k) = split {
        let (a, b) = (&core[..k], &core[k..]);
        let tail_ok = b.chars().count() >= 3 && b.chars().skip(1).all(char::is_lowercase);
        if a.chars().count() >= 3 && a.chars().skip(1).all(char::is_lowercase) && tail_ok && is_given_name(a) {
            return Some(k);
        }
        return None;
    }
    PARTICLES.iter().filter(|p| p.len() >= 2 && p.chars().all(char::is_alphabetic)).find_map(|p| {
        let a = core.strip_suffix(p)?;
        (a.chars().count() >= 3 && a.chars().next().is_some_and(char::is_uppercase) && is_given_name(a)).then_some(a.len())
    })
}

/// A letter OCR read as a digit inside or at the end of a name ("Danie1", "Wo1zak", "S0nata",
/// "ANDERS0N", "Ekstr6m"), a stroke for an accented letter ("Ond/fej"), or `l` in a word of
/// capitals ("WlELGOS"): the word with that letter. One
/// misread per word of four or more letters; `1` is `l` unless only `i` gives a known name.
fn misread_letter(core: &str) -> Option<String> {
    if !core.chars().any(|c| c.is_ascii_digit() || matches!(c, 'l' | '/' | '|' | '}' | '¢')) {
        return None;
    }
    let chars: Vec<char> = core.chars().collect();
    if chars.len() < 4 {
        return None;
    }
    let odd: Vec<usize> = (1..chars.len()).filter(|&i| !chars[i].is_alphabetic() && chars[i] != '-' && chars[i] != '\'').collect();
    let letters = chars.iter().filter(|c| c.is_alphabetic()).count();
    let upper = chars.iter().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase() || *c == 'l');
    if odd.is_empty() && upper && chars[0].is_uppercase() && chars.iter().filter(|&&c| c == 'l').count() == 1 && letters >= 4 {
        return Some(core.replace('l', "I"));
    }
    let [at] = odd[..] else { return None };
    if !chars[0].is_uppercase() || letters + 1 != chars.len() {
        return None;
    }
    let with = |c: char| {
        let mut w = chars.clone();
        w[at] = c;
        w.into_iter().collect::<String>()
    };
    let caps = chars.iter().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase());
    match (chars[at], caps) {
        ('0', true) => Some(with('O')),
        ('1', true) => Some(with('I')),
        ('5', true) => Some(with('S')),
        ('8', true) => Some(with('B')),
        ('0', false) => Some(with('o')),
        ('5', false) => Some(with('s')),
        // An accented vowel or a háček read as a digit or a stroke ("Ekstr6m" for Ekström,
        // "Ond/fej" for Ondřej, "Pawe}" for Paweł): the word's shape is a name's, whatever
        // the letter was.
        ('6', false) => Some(with('o')),
        ('/' | '|' | '}', false) => Some(with('l')),
        // "ć" and "č" read as a cent sign ("Juri¢"); replaced by a letter of the same UTF-8
        // length, so offsets into the text stay valid.
        ('¢', false) => Some(with('ć')),
        ('1', false) => Some(if !is_known_name(&with('l')) && is_known_name(&with('i')) { with('i') } else { with('l') }),
        _ => None,
    }
}

/// True when `word` is a given or family name of the shipped lists.
pub fn is_known_name(word: &str) -> bool {
    let f = fold(word);
    !STOP.contains(&f.as_str()) && (LISTS_DATA.given.contains(&f) || LISTS_DATA.family.contains(&f))
}

/// True when `word` is a given name of the shipped lists.
pub fn is_given_name(word: &str) -> bool {
    // As the tokens read it: one digit OCR put for a letter ("Sc0tt", "T0bias").
    let f = misread_letter(word).map_or_else(|| fold(word), |w| fold(&w));
    !STOP.contains(&f.as_str()) && LISTS_DATA.given.contains(&f)
}

/// Builds this detector's patterns and tables (see [`super::warm_up`]).
pub(super) fn warm() {
    LazyLock::force(&LISTS_DATA);
    LazyLock::force(&STOP);
    LazyLock::force(&FAMILY_SHAPE);
    LazyLock::force(&DISPLAY_NAME);
    LazyLock::force(&CHAT_PREFIX);
    LazyLock::force(&TIME);
    LazyLock::force(&JP_HOLDER);
}

#[cfg(test)]
mod tests {
    #[test]
    fn ocr_damage_inside_names() {
        let names = |t: &str| -> Vec<String> {
            let mut m = Vec::new();
            super::find(t, &mut m);
            m.into_iter().map(|m| t[m.range].to_string()).collect()
        };
        for (t, want) in [
            ("Klient: Olaf Wo1zak", "Olaf Wo1zak"),
            ("-- Victoria Danie1", "Victoria Danie1"),
            ("Gutschrift — LISA ANDERS0N", "LISA ANDERS0N"),
            ("Wpływ: 1 640,91 zł —ERYK WlELGOS", "ERYK WlELGOS"),
            ("(SigitaŽukauskienė) 17:00", "SigitaŽukauskienė"),
            ("Aan: StefWutke <stef@x.nl>", "StefWutke"),
            ("Suusvan der Avoirt", "Suusvan der Avoirt"),
            ("Eline vande Weterink", "Eline vande Weterink"),
            // An unread-mail dot after the sender's name, read as a mark.
            ("Ruta Urboniene~", "Ruta Urboniene"),
            ("Pawe} Jankowski 18:32", "Pawe} Jankowski"),
            ("Aistė Kazlauskienė*", "Aistė Kazlauskienė"),
        ] {
            assert!(names(t).iter().any(|n| n == want), "{t}: {:?}", names(t));
        }
        // Product names and versions are not names taken apart.
        for t in ["LinkedIn JavaScript PayPal YouTube", "Windows Win10 Build1 Office365"] {
            assert!(names(t).is_empty(), "{t}: {:?}", names(t));
        }
        assert_eq!(super::misread_letter("Amanda"), None);
        assert_eq!(super::misread_letter("Ekstr6m").as_deref(), Some("Ekstrom"));
        assert_eq!(super::misread_letter("Ond/fej").as_deref(), Some("Ondlfej"));
        assert_eq!(super::misread_letter("Juri¢").as_deref(), Some("Jurić"));
        assert_eq!(super::misread_letter("and/or"), None);
        // A Japanese chat author by the lists, not any two kanji before a time.
        let mut m = Vec::new();
        super::find_chat_roles("加奈  17:03", &mut m);
        assert_eq!(m.len(), 1);
        m.clear();
        super::find_chat_roles("了解  17:15", &mut m);
        assert!(m.is_empty());
        assert_eq!(super::run_together("Amanda"), None, "a known name is never taken apart");
    }

    #[test]
    fn chat_roles() {
        let got = |t: &str| -> Vec<String> {
            let mut m = Vec::new();
            find_chat_roles(t, &mut m);
            m.into_iter().map(|m| t[m.range].to_string()).collect()
        };
        assert_eq!(got("[08:13] Senn: ik check het zo"), ["Senn"]);
        assert_eq!(got("[15:49] Susan West: shipping address"), ["Susan West"]);
        assert_eq!(got("Amber · typing…"), ["Amber"]);
        assert_eq!(got("Patryk  15:38"), ["Patryk"]);
        assert_eq!(got("Danielius"), ["Danielius"]);
        for not in ["Drive · 2 min ago", "Google Wallet · now", "IBAN", "Revolut", "[10:02] build: ok"] {
            assert!(got(not).is_empty(), "{not}: {:?}", got(not));
        }
    }

    use super::*;

    fn names(t: &str) -> Vec<String> {
        let mut m = Vec::new();
        find(t, &mut m);
        let mut v: Vec<String> = m.into_iter().map(|m| t[m.range].to_string()).collect();
        v.dedup();
        v
    }

    #[test]
    fn chat_author_before_a_time_with_one_listed_name() {
        // The given name misread ("João" read "Jodo"), the family name listed.
        assert_eq!(names("Jodo Silva 10:37"), vec!["Jodo Silva"]);
        assert_eq!(names("Jodo Ferreira 8.42"), vec!["Jodo Ferreira"]);
        for not in ["Daily Standup 10:00", "Build Finished 12:30", "Jodo Silva said 10:37"] {
            assert!(names(not).is_empty(), "{not}: {:?}", names(not));
        }
    }

    #[test]
    fn unlisted_given_name_before_particle_and_family() {
        assert_eq!(names("Marloes van Dijk"), vec!["Marloes van Dijk"]);
        assert_eq!(names("Van: Fenna ter Horst"), vec!["Fenna ter Horst"]);
        assert_eq!(names("Jochem van der Berg 14:02"), vec!["Jochem van der Berg"]);
        // Places and organisations joined by a particle are not people.
        for t in ["Kamer van Koophandel", "Museum van Loon", "Hotel de Berg", "Nederhorst den Berg", "Rue de Rivoli 12", "Royal de Ruiter"] {
            assert!(names(t).is_empty(), "{t}: {:?}", names(t));
        }
    }

    #[test]
    fn names_in_many_locales() {
        assert_eq!(names("Austėja Urbonienė 08:43"), vec!["Austėja Urbonienė"]);
        assert_eq!(names("Klientas prašo paskambinti. Mantas Paulauskas, +370 651 67958"), vec!["Mantas Paulauskas"]);
        assert_eq!(names("NL22 ABNA 2249 1130 71 · Jayda van den Nuwenhijsen"), vec!["Jayda van den Nuwenhijsen"]);
        assert_eq!(names("11-07-2025 Daniel Timmermans -€ 732"), vec!["Daniel Timmermans"]);
        assert_eq!(names("Justyna Folta"), vec!["Justyna Folta"]);
        assert_eq!(names("Klaus-Ulrich Kusch"), vec!["Klaus-Ulrich Kusch"]);
        assert_eq!(names("Anna Maria Szołtysik"), vec!["Anna Maria Szołtysik"]);
        assert_eq!(names("振込先 田中康弘 様"), vec!["田中康弘"]);
        assert_eq!(names("e 佐藤さゆり"), vec!["佐藤さゆり"]);
        assert_eq!(names("O 2ygimantas Petrauskas 09:04"), vec!["2ygimantas Petrauskas"]);
        assert_eq!(names("Zivile StankeviCiute"), vec!["Zivile StankeviCiute"]);
        assert_eq!(names("leva Jankauskaite"), vec!["leva Jankauskaite"]);
        // Lithuanian -ckas/-skas/-ičius surnames, the given name misread at its macron.
        assert_eq!(names("Rata Navickas"), vec!["Rata Navickas"]);
        assert_eq!(names("Tomas Lapinskas"), vec!["Tomas Lapinskas"]);
        // A register's "FAMILY, Given", with a two-word family name too.
        assert_eq!(names("HOLM, Erik"), vec!["HOLM, Erik"]);
        assert_eq!(names("GARCÍA LÓPEZ, Lucía"), vec!["GARCÍA LÓPEZ, Lucía"]);
        assert!(names("Yesterday, Anna went home").iter().all(|n| !n.contains("Yesterday")));
        // A family name alone before an honorific is a name too ("小川様" in a letter).
        assert_eq!(names("鈴木さん"), vec!["鈴木"]);
    }

    #[test]
    fn ui_text_is_not_a_name() {
        assert!(names("File Edit View Window Help").is_empty());
        assert!(names("Page Layout Formulas Data Review").is_empty());
        assert!(names("Nieuwe overboeking").is_empty());
        assert!(names("Susitikimas perkeltas į 14:00.").is_empty());
    }
}
