//! Labels: the words next to a value that say what it is ("Hasło:", "PESEL", "氏名",
//! a column header "E-mail"). Inline labels ("login X / pass Y") are detected here; labels in
//! neighbouring cells and headers are turned into a [`Context`](super::Context) by `layout`.

use std::sync::LazyLock;

use regex::Regex;

use super::norm::{fold, label_key};
use super::{Category, Match};

use Category::*;

macro_rules! languages {
    ($($lang:literal),* $(,)?) => { &[$(($lang, include_str!(concat!("../../models/labels/", $lang, ".toml")))),*] };
}

/// The label files (`models/labels/<language>.toml`): the 24 official EU languages,
/// Norwegian, Icelandic, Japanese, and a few more languages seen on EU screens.
pub const LANGUAGES: &[(&str, &str)] = languages!(
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv", "no", "is",
    "ja", "other",
);

/// The fields a label file names and the category each announces.
pub const FIELDS: &[(&str, Category)] = &[
    ("password", Password),
    ("passcode", Password),
    ("pin", Password),
    ("login", Username),
    ("username", Username),
    ("email", Email),
    ("phone", Phone),
    ("birth_date", BirthDate),
    ("address", Address),
    ("street", Address),
    ("postcode", Address),
    ("iban", Iban),
    ("account", BankAccount),
    ("card", Card),
    ("card_code", Card),
    ("secret", Token),
    ("token", Token),
    ("key", Token),
    ("national_id", NationalId),
    ("name", Name),
    // A letter's closing formula ("Viele Grüße", "Pozdrawiam") stands above or before a name.
    ("closing", Name),
];

/// One language's labels as written in its file.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelFile {
    #[serde(default)]
    pub neutral: Vec<String>,
    #[serde(default)]
    pub greetings: Vec<String>,
    pub labels: std::collections::BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub whole: std::collections::BTreeMap<String, Vec<String>>,
}

pub fn parse_label_file(text: &str) -> Result<LabelFile, String> {
    let f: LabelFile = toml::from_str(text).map_err(|e| e.to_string())?;
    for field in f.labels.keys().chain(f.whole.keys()) {
        if !FIELDS.iter().any(|(name, _)| name == field) {
            return Err(format!("unknown field `{field}`"));
        }
    }
    Ok(f)
}

/// (keyword, category, whole-label-only) from every language file.
static LABELS: LazyLock<Vec<(String, Category, bool)>> = LazyLock::new(|| {
    let cat = |field: &str| FIELDS.iter().find(|(n, _)| *n == field).map(|(_, c)| *c).expect("checked field");
    let mut v = Vec::new();
    for (lang, text) in LANGUAGES {
        let f = parse_label_file(text).unwrap_or_else(|e| panic!("models/labels/{lang}.toml: {e}"));
        for (whole, table) in [(false, &f.labels), (true, &f.whole)] {
            for (field, words) in table {
                v.extend(words.iter().map(|w| (w.to_lowercase(), cat(field), whole)));
            }
        }
    }
    v
});

struct Key {
    key: String,
    cat: Category,
    whole: bool,
    /// Length in characters.
    n: usize,
}

/// Every label keyword, longest first, with the indexes that make a lookup cheap: exact
/// keys, the long single words open to fuzzy matching, and an automaton over the keys that
/// may stand inside a longer label (" key " for words, the bare key for CJK).
struct Keys {
    keys: Vec<Key>,
    exact: std::collections::HashMap<String, Category>,
    fuzzy: Vec<usize>,
    inner: aho_corasick::AhoCorasick,
    inner_index: Vec<usize>,
}

static KEYS: LazyLock<Keys> = LazyLock::new(|| {
    let mut v: Vec<Key> = LABELS
        .iter()
        .map(|(k, _, _)| label_key(k))
        .zip(LABELS.iter())
        .map(|(key, (_, c, w))| Key { n: key.chars().count(), key, cat: *c, whole: *w })
        .collect();
    // A keyword that is a label on its own in one language and within a longer label in
    // another keeps the looser reading.
    v.sort_by(|a, b| (&a.key, a.whole).cmp(&(&b.key, b.whole)));
    v.dedup_by(|later, first| later.key == first.key && later.cat == first.cat);
    // Longer keys first: "imię i nazwisko" before "imię".
    v.sort_by_key(|k| std::cmp::Reverse(k.n));
    let mut exact = std::collections::HashMap::new();
    for k in &v {
        exact.entry(k.key.clone()).or_insert(k.cat);
    }
    // One long word only: two words of a long label ("family name") are too close to other
    // two-word labels ("file name") for a fuzzy match.
    let fuzzy = (0..v.len()).filter(|&i| v[i].n >= 11 && !v[i].key.contains(' ')).collect();
    let inner_index: Vec<usize> = (0..v.len()).filter(|&i| !v[i].whole).collect();
    let patterns = inner_index.iter().map(|&i| if v[i].key.chars().any(super::norm::is_cjk) { v[i].key.clone() } else { format!(" {} ", v[i].key) });
    let inner = aho_corasick::AhoCorasick::new(patterns).expect("label keys");
    Keys { keys: v, exact, fuzzy, inner, inner_index }
});

/// Levenshtein distance between a char slice and a string (both short).
fn edit_distance(a: &[char], b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + usize::from(a[i - 1] != b[j - 1]));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Labels of fields that are not sensitive (each language file's `neutral`). They matter
/// because they end a walk up a column: the value under "Invoice" belongs to "Invoice", not
/// to the "Address" label further up.
static NEUTRAL_KEYS: LazyLock<std::collections::HashSet<String>> =
    LazyLock::new(|| LANGUAGES.iter().flat_map(|(_, text)| parse_label_file(text).map(|f| f.neutral).unwrap_or_default()).map(|k| label_key(&k)).collect());

/// Answers `f(text)` from a bounded per-thread memo. Recordings and streams ask about the
/// same few hundred texts on every frame (a column walk passes every row above a cell).
fn memoised<V: Copy + 'static>(memo: &'static std::thread::LocalKey<Memo<V>>, text: &str, f: fn(&str) -> V) -> V {
    if let Some(hit) = memo.with(|m| m.borrow().get(text).copied()) {
        return hit;
    }
    let r = f(text);
    memo.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() > 50_000 {
            m.clear();
        }
        m.insert(text.to_string(), r);
    });
    r
}

type Memo<V> = std::cell::RefCell<std::collections::HashMap<String, V>>;

thread_local! {
    static NEUTRAL_MEMO: Memo<bool> = Default::default();
    static LABEL_MEMO: Memo<Option<Category>> = Default::default();
}

/// True when `text` is the label of a non-sensitive field ("Invoice", "Kwota", "Status").
pub fn is_neutral_label(text: &str) -> bool {
    memoised(&NEUTRAL_MEMO, text, is_neutral_label_uncached)
}

fn is_neutral_label_uncached(text: &str) -> bool {
    let t = text.trim().trim_end_matches([':', '：', '*', '.', ' ', '|']);
    let k = label_key(t);
    NEUTRAL_KEYS.contains(k.trim())
}

/// The category a label announces, if `text` is a label: short, and made of a keyword
/// (plus punctuation such as `:` or `*`).
pub fn label_category(text: &str) -> Option<Category> {
    memoised(&LABEL_MEMO, text, label_category_uncached)
}

fn label_category_uncached(text: &str) -> Option<Category> {
    let t = text.trim().trim_end_matches([':', '：', '*', '.', ' ', '|', ',', '!']).trim_start_matches(['|', '[', ' ']);
    if t.is_empty() || t.chars().count() > 40 {
        return None;
    }
    let k = label_key(t);
    let k = k.trim();
    if k.split_whitespace().count() > 5 {
        return None;
    }
    let keys = &*KEYS;
    if let Some(&cat) = keys.exact.get(k) {
        return Some(cat);
    }
    // Small bold header text is often misread ("Slanta7z7odis"): long keys also match within
    // a small edit distance.
    let kc: Vec<char> = k.chars().collect();
    for &i in &keys.fuzzy {
        let key = &keys.keys[i];
        if kc.len().abs_diff(key.n) <= 2 && kc.first() == key.key.chars().next().as_ref() && edit_distance(&kc, &key.key) <= 3 {
            return Some(key.cat);
        }
    }
    // A label may carry a word or two more ("Your password", "Nowe hasło"), but never a
    // value: digits, '=', '@' or an inner ':' make it data, not a label.
    if t.contains(['=', '@', '/']) || t.trim_end_matches(':').contains(':') || t.chars().filter(char::is_ascii_digit).count() > 0 {
        return None;
    }
    // Whole words only ("Passwords.kdbx" is a file name, not a password label): the longest
    // key found inside, if the label is not much longer than it.
    let padded = format!(" {k} ");
    let n = kc.len();
    keys.inner
        .find_overlapping_iter(&padded)
        .map(|m| &keys.keys[keys.inner_index[m.pattern().as_usize()]])
        .filter(|key| n <= key.n + 14)
        .max_by_key(|key| key.n)
        .map(|key| key.cat)
}

/// Label keywords that may start an inline `label: value` pair, with their OCR variants
/// ("hasło", "haslo", "hasto"); matched ASCII-case-insensitively, longest first.
static INLINE_KEYS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    let mut kws: Vec<String> = Vec::new();
    for (k, c, _) in LABELS.iter() {
        // A one-character CJK label ("名", "姓") only as a whole label: inside text it is part
        // of another word ("件名", subject).
        if matches!(c, Password | Username | BirthDate | NationalId | Phone | Email | Name | BankAccount) {
            kws.push(k.to_string());
            kws.push(fold(k));
            // OCR of "ł": l, t, I, 1.
            for v in ['t', 'I', '1'] {
                if k.contains('ł') {
                    kws.push(k.replace('ł', &v.to_string()));
                }
            }
        }
    }
    kws.sort();
    kws.dedup();
    aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).match_kind(aho_corasick::MatchKind::LeftmostLongest).build(&kws).expect("label keywords")
});

/// Month names of the EU languages, Norwegian and Icelandic (data: `models/dates/months.txt`).
const MONTHS: &str = include_str!("../../models/dates/months.txt");

/// A written date in any order: numeric (`05.04.1981`, `7. 11. 1962`, `1981-04-05`,
/// `4/5/81`), with a month name (`March 3, 1981`, `3 marca 1981`, `3 de marzo de 1981`,
/// `1981. március 3.`, `1981 m. kovo 3 d.`, `1981. gada 3. marts`), Japanese Western-calendar
/// (`1981年4月5日`) and era dates (`昭和58年4月2日`, `S58.4.2`). A date is a birth date only
/// where a label, column or form says so.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let mut names: Vec<String> = MONTHS
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once(':'))
        .flat_map(|(_, ws)| ws.split_whitespace().map(|w| regex::escape(&w.to_lowercase())))
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    let m = names.join("|");
    let y = r"(?:19|20)\d{2}";
    let bounded = [
        r"\d{1,2}[./-]\d{1,2}[./-]Y".to_string(),
        r"Y[./-]\d{1,2}[./-]\d{1,2}".into(),
        r"\d{1,2}/\d{1,2}/\d{2}".into(),
        r"\d{1,2}\.\s\d{1,2}\.\s?Y".into(),
        r"\d{1,2}\.?\s+(?:de\s+)?(?:M)\.?,?\s+(?:de\s+)?Y".into(),
        r"(?:M)\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+Y".into(),
        r"Y\.?\s+(?:m\.\s+)?(?:M)\s+\d{1,2}\b(?:\s*d\.|\.)?".into(),
        r"Y\.\s*gada\s+\d{1,2}\.\s*(?:M)".into(),
        r"[MTSHR]\d{1,2}\.\d{1,2}\.\d{1,2}".into(),
    ];
    let japanese = [r"Y\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日", r"(?:明治|大正|昭和|平成|令和)\s?(?:\d{1,2}|元)\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日"];
    // Y and M are placeholders: the year and the month-name alternation.
    let fill = |p: &str| p.replace('Y', y).replace("(?:M)", &format!("(?:{m})"));
    // Each written form starts on a word boundary and ends on one (or on its closing dot).
    let forms: Vec<String> = bounded.iter().map(|p| if p.ends_with(")?") { format!(r"\b{}", fill(p)) } else { format!(r"\b{}\b", fill(p)) }).collect();
    let pattern = format!(r"(?i){}|{}", forms.join("|"), japanese.iter().map(|p| fill(p)).collect::<Vec<_>>().join("|"));
    Regex::new(&pattern).expect("date")
});

pub fn date_regex() -> &'static Regex {
    &DATE
}

/// The greetings of every language file ("Hi", "Dzień dobry", "Sehr geehrte").
static GREETINGS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    let words: Vec<String> = LANGUAGES.iter().flat_map(|(_, text)| parse_label_file(text).map(|f| f.greetings).unwrap_or_default()).collect();
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(words.iter().flat_map(|w| [w.clone(), upper_first(w)]))
        .expect("greetings")
});

fn upper_first(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// A name addressed by a greeting: "Hi Kevin,", "Hallo Anna!", "Dzień dobry Panie Janie,".
/// The greeting opens the line and the name ends it or is followed by a comma or "!".
fn find_greeted(text: &str, out: &mut Vec<Match>) {
    let lead = text.len() - text.trim_start().len();
    let Some(m) = GREETINGS.find(&text[lead..]) else { return };
    if m.start() != 0 {
        return;
    }
    let e = lead + m.end();
    if !text[e..].starts_with(' ') {
        return;
    }
    let Some((r, _)) = super::names::name_run(&text[e..], 3) else { return };
    let after = text[e + r.end..].trim_start();
    if after.is_empty() || after.starts_with([',', '!', '\u{3001}']) {
        out.push(Match::new(e + r.start..e + r.end, Name, "name.greeted", 0.75));
    }
}

/// Finds values right after inline labels.
pub fn find_inline(text: &str, out: &mut Vec<Match>) {
    find_greeted(text, out);
    for m in INLINE_KEYS.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        let label = &text[s..e];
        // The keyword must be a word of its own (CJK labels have no spaces around them).
        let cjk = label.chars().next().is_some_and(super::norm::is_cjk);
        if !cjk && text[..s].chars().next_back().is_some_and(char::is_alphanumeric) {
            continue;
        }
        // A one-character CJK label ("名", "姓") only where no other CJK character precedes it:
        // in "件名" (subject) it is part of another word.
        if cjk && label.chars().count() == 1 && text[..s].chars().next_back().is_some_and(super::norm::is_cjk) {
            continue;
        }
        let after = &text[e..];
        let trimmed = after.trim_start_matches([' ', '\t']);
        let (explicit, sep) = match trimmed.chars().next() {
            Some(c @ (':' | '=' | '：')) => (true, after.len() - trimmed.len() + c.len_utf8()),
            Some('-') if trimmed.starts_with("- ") && trimmed.len() < after.len() => (true, after.len() - trimmed.len() + 1),
            Some(_) if trimmed.len() < after.len() => (false, after.len() - trimmed.len()),
            _ if cjk && !trimmed.is_empty() => (false, 0),
            _ => continue,
        };
        let Some(cat) = label_category(label) else {
            continue;
        };
        let rest_start = e + sep;
        if let Some(r) = value_after(&text[rest_start..], cat, explicit) {
            out.push(Match::new(rest_start + r.start..rest_start + r.end, cat, "label.inline", if explicit { 0.9 } else { 0.75 }));
        } else if !explicit && matches!(cat, Password | Username) {
            // Prose: "the password is coffee123", "hasło do panelu to Kasia6": a copula within
            // three words of the label, then the value.
            let rest = &text[rest_start..];
            let mut at = 0;
            for (n, w) in rest.split(' ').enumerate().take(4) {
                at += w.len() + 1;
                if COPULAS.contains(&w.to_lowercase().as_str()) && at <= rest.len() {
                    if let Some(r) = value_after(&rest[at..], cat, false) {
                        out.push(Match::new(rest_start + at + r.start..rest_start + at + r.end, cat, "label.prose", 0.7));
                    }
                    break;
                }
                if n == 3 {
                    break;
                }
            }
        }
    }
}

/// "is" in the languages of the label files, as prose puts it between a label and its value.
const COPULAS: &[&str] =
    &["is", "ist", "to", "jest", "yra", "est", "es", "è", "é", "är", "er", "on", "je", "e", "es", "ir", "είναι", "е", "on", "ass", "huwa", "hija", "は"];

/// The value part of `rest` (text after a label) for a category, as a range in `rest`.
fn value_after(rest: &str, cat: Category, explicit: bool) -> Option<std::ops::Range<usize>> {
    let first_tok = |s: &str| -> Option<std::ops::Range<usize>> {
        let start = s.len() - s.trim_start().len();
        let end = s[start..].find(char::is_whitespace).map_or(s.len(), |e| start + e);
        let tok = &s[start..end];
        // "(22)" keeps its bracket: it opens a phone number's area code.
        let v = if tok.contains('(') { tok.trim_end_matches([',', ';']) } else { tok.trim_end_matches([',', ';', ')']) };
        (!v.is_empty()).then(|| start..start + v.len())
    };
    match cat {
        Password | Username => {
            let mut r = first_tok(rest)?;
            // A user name ends at a connection-string separator ("user=app;password=…").
            if cat == Username
                && let Some(cut) = rest[r.clone()].find([';', '&'])
            {
                r.end = r.start + cut;
            }
            let v = &rest[r.clone()];
            if v.is_empty() {
                return None;
            }
            if v.chars().all(|c| matches!(c, '*' | '•' | '●' | '·' | '.'))
                || label_category(v).is_some()
                || (cat == Password && super::secrets::is_placeholder(v))
            {
                return None;
            }
            // Without ':' a plain word after "password" is prose ("password reset").
            // A question's or a sentence's end ("Wachtwoord vergeten?") is prose: punctuation at
            // the end does not make a word a password.
            let core = v.trim_end_matches(['?', '!', '.', ',', ':']);
            let secretish = core.chars().any(|c| c.is_ascii_digit() || "!@#$%^&*_.-+?".contains(c))
                || core.chars().any(char::is_uppercase) && core.chars().any(char::is_lowercase);
            (explicit || secretish).then_some(r)
        }
        BirthDate => DATE.find(rest).filter(|m| m.start() <= 3).map(|m| m.range()),
        // "Karteninhaber: GÜLSEN SCHACHT", "口座名義：ヨシダ モモコ", "Vorname [ Sieglinde ]":
        // after a colon or in a form field's brackets, the name-shaped words that follow.
        Name => {
            let bracketed = rest.trim_start().starts_with('[');
            let (r, words) = super::names::name_run(rest, 5)?;
            // One word is a name only if the lists know it: "Naam: Ikea" in a password
            // manager names an entry, "Vorname [ Sieglinde ]" a person.
            let cjk = rest[r.clone()].chars().any(super::norm::is_cjk);
            ((explicit || bracketed) && (words > 1 || cjk || super::names::is_known_name(&rest[r.clone()]))).then_some(r)
        }
        Email | Phone | NationalId | BankAccount => {
            let r = first_tok(rest)?;
            let mut end = r.end;
            // Numbers may be grouped with spaces: take following digit groups.
            if cat != Email {
                let mut tail = &rest[end..];
                while let Some(nr) = first_tok(tail) {
                    let tok = &tail[nr.clone()];
                    if tok.chars().all(|c| c.is_ascii_digit() || "()-/.".contains(c)) {
                        end += nr.end;
                        tail = &rest[end..];
                    } else {
                        break;
                    }
                }
                if !rest[r.start..end].chars().any(|c| c.is_ascii_digit()) {
                    return None;
                }
            }
            // A phone label followed by a number of a phone's length needs no colon ("tel.
            // 664406823", "TEL 08082890469").
            let v = &rest[r.start..end];
            let nd = v.bytes().filter(u8::is_ascii_digit).count();
            let phone_number = cat == Phone && (7..=15).contains(&nd) && v.chars().all(|c| c.is_ascii_digit() || " ()-/.+".contains(c));
            if cat == BankAccount && nd < 5 {
                return None;
            }
            (explicit || phone_number).then_some(r.start..end)
        }
        _ => None,
    }
}

/// A whole line (or cell) whose label/header announced `cat`: mask what is plausible for it.
pub fn find_by_context(text: &str, cat: Category, out: &mut Vec<Match>) {
    let mut t = text.trim();
    // A form field's value in its box: "[ Sieglinde ]".
    if let Some(inner) = t.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
        t = inner.trim();
    }
    // A button under a field ("Save", "Annuleren") is neither the field's value nor a label.
    if t.is_empty() || label_category(t).is_some() || is_neutral_label(t) {
        return;
    }
    // A line of its own "label: value" ("Notes: PIN code 7954") is not a value of the label
    // above it; its own label says what it holds.
    if let Some((head, _)) = t.split_once([':', '：'])
        && !head.is_empty()
        && head.chars().count() <= 30
        && (label_category(head).is_some() || is_neutral_label(head))
    {
        return;
    }
    let start = t.as_ptr() as usize - text.as_ptr() as usize;
    let whole = start..start + t.len();
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    let n = t.chars().count();
    let ok = match cat {
        // A name's shape: capitalised words (or kanji/kana), nothing else on the line; a sentence
        // under a closing formula or a header is not a name.
        Name => {
            letters * 10 >= n * 7
                && (2..=60).contains(&n)
                && digits == 0
                && super::names::name_run(t, 6).is_some_and(|(r, _)| r.end >= t.trim_end_matches(['.', ',']).len())
        }
        Address => n >= 5 && (digits > 0 || t.chars().any(super::norm::is_cjk)),
        Password | Username => {
            !t.chars().all(|c| matches!(c, '*' | '•' | '●' | '·' | '.' | ' ')) && n <= 64 && !(cat == Password && super::secrets::is_placeholder(t))
        }
        Email => t.contains(['@', '.', '©']),
        // Under "Token", "API key", "Client secret": one unbroken run of letters and digits.
        Token => !t.contains(char::is_whitespace) && (12..=512).contains(&n) && digits > 0 && letters > 0,
        // Under "CVV": the 3 or 4 digits of the code (a card number is found by its own rule).
        Card => (3..=4).contains(&n) && digits == n,
        BirthDate => {
            if let Some(m) = DATE.find(text) {
                out.push(Match::new(m.range(), BirthDate, "birth_date.labelled", 0.85));
            }
            false
        }
        // Numeric categories are handled by their detectors with the context.
        _ => false,
    };
    if ok {
        out.push(Match::new(whole, cat, "label.context", 0.8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inline(t: &str) -> Vec<(String, Category)> {
        let mut m = Vec::new();
        find_inline(t, &mut m);
        m.into_iter().map(|m| (t[m.range].to_string(), m.category)).collect()
    }

    #[test]
    fn labels_in_many_languages() {
        assert_eq!(label_category("Hasło:"), Some(Password));
        assert_eq!(label_category("Hasto"), Some(Password));
        assert_eq!(label_category("Imie i nazwisko"), Some(Name));
        assert_eq!(label_category("Data urodzenia"), Some(BirthDate));
        assert_eq!(label_category("生年月日"), Some(BirthDate));
        assert_eq!(label_category("Gimimo data"), Some(BirthDate));
        assert_eq!(label_category("Födelsedatum"), Some(BirthDate));
        for d in [
            "March 3, 1981",
            "3 March 1981",
            "7. 11. 1962",
            "3 marca 1981",
            "3. März 1981",
            "3 de marzo de 1981",
            "1981. március 3.",
            "1981 m. kovo 3 d.",
            "1981. gada 3. marts",
            "昭和58年4月2日",
            "1981年4月2日",
            "12 Ιανουαρίου 1980",
            "5. května 1975",
        ] {
            let m = DATE.find(d).unwrap_or_else(|| panic!("{d}: no date"));
            assert!(m.len() * 10 >= d.len() * 9, "{d}: {:?}", m.as_str());
        }
        assert!(DATE.find("Mayday 3 1981").is_none() && DATE.find("v3.2.1").is_none());
        assert_eq!(label_category("E-mail"), Some(Email));
        assert_eq!(label_category("Name"), Some(Name));
        assert_eq!(label_category("File name"), None);
        assert_eq!(label_category("Status"), None);
        assert_eq!(label_category("Passwords.kdbx"), None);
        assert_eq!(label_category("Slanta7z7odis"), Some(Password), "OCR-garbled header within edit distance");
        assert_eq!(label_category("Gebruiker"), Some(Username));
        assert_eq!(label_category("Passport"), None);
        assert_eq!(label_category("From account"), Some(BankAccount));
        assert!(is_neutral_label("Invoice:") && is_neutral_label("Tytuł przelewu") && !is_neutral_label("Hasło"));
        assert_eq!(label_category("Forgot your password? Click here to reset it now"), None);
    }

    #[test]
    fn inline_chat_credentials() {
        let h = inline("prisijungimo vardas: gintaras.urbonas slaptažodis: Ziema_jxa35");
        assert!(h.contains(&("gintaras.urbonas".into(), Username)), "{h:?}");
        assert!(h.contains(&("Ziema_jxa35".into(), Password)), "{h:?}");
        let h = inline("login jan.k / pass Zima2024!");
        assert!(h.contains(&("Zima2024!".into(), Password)), "{h:?}");
        let h = inline("Hasto: Slonce_rse2");
        assert!(h.contains(&("Slonce_rse2".into(), Password)), "{h:?}");
        let h = inline("パスワード: sakura633@");
        assert!(h.contains(&("sakura633@".into(), Password)), "{h:?}");
        // The thirteen languages of the issue: en, pl, lt, nl, de, ja, fr, es, it, cs, uk, ru, zh.
        for (label, user_label) in [
            ("password", "username"),
            ("hasło", "login"),
            ("slaptažodis", "vartotojas"),
            ("wachtwoord", "gebruikersnaam"),
            ("Passwort", "Benutzername"),
            ("パスワード", "ユーザー名"),
            ("mot de passe", "identifiant"),
            ("contraseña", "usuario"),
            ("password", "nome utente"),
            ("heslo", "uživatelské jméno"),
            ("пароль", "логін"),
            ("пароль", "логин"),
            ("密码", "用户名"),
        ] {
            let t = format!("{user_label}: jan.k {label}: Zima2024!");
            let h = inline(&t);
            assert!(h.contains(&("Zima2024!".into(), Password)) && h.contains(&("jan.k".into(), Username)), "{t}: {h:?}");
        }
    }

    #[test]
    fn names_by_role() {
        let names = |t: &str| -> Vec<String> {
            let mut m = Vec::new();
            find_inline(t, &mut m);
            m.into_iter().filter(|m| m.category == Name).map(|m| t[m.range].to_string()).collect()
        };
        assert_eq!(names("Karteninhaber: GÜLSEN SCHACHT"), ["GÜLSEN SCHACHT"]);
        assert_eq!(names("Vorname  [ Sieglinde ]"), ["Sieglinde"]);
        assert_eq!(names("口座名義：ヨシダ モモコ"), ["ヨシダ モモコ"]);
        assert_eq!(names("Hi Kevin,"), ["Kevin"]);
        assert_eq!(names("Dzień dobry Anna!"), ["Anna"]);
        assert_eq!(names("Naam: Ikea"), Vec::<String>::new(), "a one-word entry title unknown to the name lists");
        assert_eq!(names("件名：ご注文 241101"), Vec::<String>::new(), "名 inside 件名 is not a label");
        assert_eq!(names("Sehr geehrte Damen und Herren,"), Vec::<String>::new());
        assert_eq!(names("Hi there, see below"), Vec::<String>::new());
        // A closing formula announces the name under it; a sentence under it is not a name.
        assert_eq!(label_category("Mit freundlichen Grüßen,"), Some(Name));
        assert_eq!(label_category("Pagarbiai"), Some(Name));
        let mut m = Vec::new();
        find_by_context("See you tomorrow", Name, &mut m);
        find_by_context("Gottlob", Name, &mut m);
        assert_eq!(m.len(), 1);
    }

    #[test]
    fn prose_is_not_a_password() {
        assert!(inline("Forgot password reset").is_empty(), "{:?}", inline("Forgot password reset"));
        assert!(inline("Password: ********").is_empty());
    }

    #[test]
    fn labels_data() {
        // Every EU official language, Norwegian, Icelandic and Japanese names every field.
        let required = [
            "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
            "no", "is", "ja",
        ];
        for lang in required {
            let (_, text) = LANGUAGES.iter().find(|(l, _)| *l == lang).unwrap_or_else(|| panic!("no models/labels/{lang}.toml"));
            let f = parse_label_file(text).unwrap_or_else(|e| panic!("{lang}: {e}"));
            for (field, _) in FIELDS {
                let n = f.labels.get(*field).map_or(0, Vec::len) + f.whole.get(*field).map_or(0, Vec::len);
                assert!(n > 0, "models/labels/{lang}.toml names no `{field}` label");
            }
            assert!(!f.neutral.is_empty(), "{lang}: no neutral labels");
            assert!(!f.greetings.is_empty(), "{lang}: no greetings");
        }
        for (lang, text) in LANGUAGES {
            parse_label_file(text).unwrap_or_else(|e| panic!("{lang}: {e}"));
        }
        assert!(parse_label_file("[labels]\npasswort = [\"x\"]").is_err(), "a misspelt field is refused");
        // A sample of each language's labels resolves to its category.
        for (label, cat) in [
            ("Lozinka", Password),
            ("Jelszó", Password),
            ("Парола", Password),
            ("Κωδικός πρόσβασης", Password),
            ("Geslo", Password),
            ("Pasfhocal", Password),
            ("Lykilorð", Password),
            ("Parole", Password),
            ("Parool", Password),
            ("Kennitala", NationalId),
            ("EGN", NationalId),
            ("ЕГН", NationalId),
            ("OIB", NationalId),
            ("EMŠO", NationalId),
            ("Isikukood", NationalId),
            ("Henkilötunnus", NationalId),
            ("Rodné číslo", NationalId),
            ("Codice fiscale", NationalId),
            ("Ημερομηνία γέννησης", BirthDate),
            ("Datum rojstva", BirthDate),
            ("Születési dátum", BirthDate),
            ("Data tat-twelid", BirthDate),
            ("Dáta breithe", BirthDate),
            ("Poštanski broj", Address),
            ("Irányítószám", Address),
            ("Código postal", Address),
            ("PLZ / Ort", Address),
            ("Postnummer", Address),
            ("Indirizzo", Address),
            ("Numéro de carte", Card),
            ("Kortnummer", Card),
            ("CVV", Card),
            ("Client secret", Token),
            ("API-Schlüssel", Token),
            ("Karteninhaber", Name),
            ("Kaarthouder", Name),
            ("Kortelės savininkas", Name),
            ("Vorname", Name),
            ("Nachname", Name),
            ("Ονοματεπώνυμο", Name),
            ("Kontonummer", BankAccount),
            ("Číslo účtu", BankAccount),
            ("Tilinumero", BankAccount),
        ] {
            assert_eq!(label_category(label), Some(cat), "{label}");
        }
        // Ordinary words that are labels only when they stand alone.
        for not in ["Via email", "Client portal", "Token expiry 2025", "Mobile app"] {
            assert_ne!(label_category(not), Some(Address), "{not}");
        }
    }

    #[test]
    fn context_values() {
        let mut m = Vec::new();
        find_by_context("Justyna Folta", Name, &mut m);
        find_by_context("05.04.1981", BirthDate, &mut m);
        find_by_context("K-00535", Name, &mut m);
        assert_eq!(m.len(), 2);
    }
}
