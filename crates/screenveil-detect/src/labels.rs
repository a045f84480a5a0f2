//! Labels: the words next to a value that say what it is ("Hasło:", "PESEL", "氏名",
//! a column header "E-mail"), kept as data in `models/labels/`. Labels in neighbouring cells
//! and headers are turned into a [`Context`](super::Context) by `layout`; a value under its
//! label is judged here; a label and its value on one line are found by `inline`.

use std::sync::LazyLock;

use super::norm::label_key;
use super::{Category, Memo, memoised};

use Category::*;

macro_rules! languages {
    ($($lang:literal),* $(,)?) => { &[$(($lang, include_str!(concat!("../../../models/labels/", $lang, ".toml")))),*] };
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
    // A list of recovery codes: the block under the label, not one field (see `layout`).
    ("backup_codes", Password),
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
    ("card_expiry", Card),
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
    /// Names of a list of user accounts ("Users", "Benutzer", "ユーザー").
    #[serde(default)]
    pub user_lists: Vec<String>,
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

/// Every language file, parsed once (the files are the binary's own: a parse error is a
/// build defect, caught by `labels_data`).
pub(super) static FILES: LazyLock<Vec<LabelFile>> =
    LazyLock::new(|| LANGUAGES.iter().map(|(lang, text)| parse_label_file(text).unwrap_or_else(|e| panic!("models/labels/{lang}.toml: {e}"))).collect());

/// (keyword, category, whole-label-only) from every language file.
pub(super) static LABELS: LazyLock<Vec<(String, Category, bool)>> = LazyLock::new(|| {
    let cat = |field: &str| FIELDS.iter().find(|(n, _)| *n == field).map(|(_, c)| *c).expect("checked field");
    let mut v = Vec::new();
    for f in FILES.iter() {
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

/// A key open to fuzzy matching: its characters, their bag, and its index among the keys.
type FuzzyKey = (Vec<char>, Bag, usize);

/// Every label keyword, longest first, with the indexes that make a lookup cheap: exact
/// keys, the long single words open to fuzzy matching, and an automaton over the keys that
/// may stand inside a longer label (" key " for words, the bare key for CJK).
struct Keys {
    keys: Vec<Key>,
    exact: rustc_hash::FxHashMap<String, Category>,
    /// Keys of two or more words, eight letters or more, without their spaces.
    compact: rustc_hash::FxHashMap<String, Category>,
    /// Fuzzy-matchable keys by first character: (the key's characters, its index).
    fuzzy: rustc_hash::FxHashMap<char, Vec<FuzzyKey>>,
    /// The same keys by their second character and their length.
    fuzzy_second: rustc_hash::FxHashMap<(char, usize), Vec<FuzzyKey>>,
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
    let mut exact = rustc_hash::FxHashMap::default();
    let mut compact = rustc_hash::FxHashMap::default();
    for k in &v {
        exact.entry(k.key.clone()).or_insert(k.cat);
        let c: String = k.key.chars().filter(|c| !c.is_whitespace()).collect();
        if k.key.contains(' ') && c.chars().count() >= 8 {
            compact.entry(c).or_insert(k.cat);
        }
    }
    // One long word only: two words of a long label ("family name") are too close to other
    // two-word labels ("file name") for a fuzzy match.
    let mut fuzzy: rustc_hash::FxHashMap<char, Vec<FuzzyKey>> = rustc_hash::FxHashMap::default();
    let mut fuzzy_second: rustc_hash::FxHashMap<(char, usize), Vec<FuzzyKey>> = rustc_hash::FxHashMap::default();
    for (i, k) in v.iter().enumerate().filter(|(_, k)| k.n >= FUZZY_MIN && !k.key.contains(' ')) {
        let chars: Vec<char> = k.key.chars().collect();
        let bag = Bag::of(&chars);
        fuzzy_second.entry((chars[1], chars.len())).or_default().push((chars.clone(), bag.clone(), i));
        fuzzy.entry(chars[0]).or_default().push((chars, bag, i));
    }
    let inner_index: Vec<usize> = (0..v.len()).filter(|&i| !v[i].whole).collect();
    let patterns = inner_index.iter().map(|&i| if v[i].key.chars().any(super::norm::is_cjk) { v[i].key.clone() } else { format!(" {} ", v[i].key) });
    let inner = aho_corasick::AhoCorasick::new(patterns).expect("label keys");
    Keys { keys: v, exact, compact, fuzzy, fuzzy_second, inner, inner_index }
});

/// Keys this long or longer match within a small edit distance.
const FUZZY_MIN: usize = 11;

/// The characters of a short text counted in 64 buckets: the characters one text has that
/// another lacks each need an edit, and bucket counts can only understate them, so a
/// difference of bags is a lower bound of the edit distance that most keys fail at once.
/// The buckets present make a cheaper, looser bound first: each bucket one text has and the
/// other lacks needs an edit of its own.
#[derive(Clone)]
struct Bag {
    counts: [i16; 64],
    present: u64,
}

impl Bag {
    fn of(chars: &[char]) -> Bag {
        let mut counts = [0i16; 64];
        for &c in chars {
            counts[c as usize % 64] += 1;
        }
        let present = counts.iter().enumerate().filter(|(_, n)| **n > 0).fold(0u64, |m, (i, _)| m | 1 << i);
        Bag { counts, present }
    }

    /// Whether the texts of `self` and `other` may be within `max` edits of each other.
    fn may_be_within(&self, other: &Bag, max: usize) -> bool {
        if (self.present & !other.present).count_ones() as usize > max || (other.present & !self.present).count_ones() as usize > max {
            return false;
        }
        let (mut more, mut fewer) = (0i32, 0i32);
        for (a, b) in self.counts.iter().zip(&other.counts) {
            let d = i32::from(*a) - i32::from(*b);
            more += d.max(0);
            fewer += (-d).max(0);
        }
        more.max(fewer) as usize <= max
    }
}

/// Whether the Levenshtein distance between `a` and `b` (both short) is at most `max`.
fn within_edits(a: &[char], b: &[char], max: usize) -> bool {
    a.len().abs_diff(b.len()) <= max && Bag::of(a).may_be_within(&Bag::of(b), max) && edits_within(a, b, max)
}

/// The same, the bags' bound already passed; stops as soon as every row exceeds `max`.
fn edits_within(a: &[char], b: &[char], max: usize) -> bool {
    // Labels are short: the two rows live on the stack (this runs for thousands of keys).
    const ROW: usize = 64;
    if b.len() >= ROW || a.len().abs_diff(b.len()) > max {
        return false;
    }
    let (mut prev, mut cur) = ([0usize; ROW], [0usize; ROW]);
    for (j, p) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *p = j;
    }
    let (prev, cur) = (&mut prev[..=b.len()], &mut cur[..=b.len()]);
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + usize::from(a[i - 1] != b[j - 1]));
        }
        if cur.iter().all(|&d| d > max) {
            return false;
        }
        prev.copy_from_slice(cur);
    }
    prev[b.len()] <= max
}

/// Labels of fields that are not sensitive (each language file's `neutral`). They matter
/// because they end a walk up a column: the value under "Invoice" belongs to "Invoice", not
/// to the "Address" label further up.
static NEUTRAL_KEYS: LazyLock<rustc_hash::FxHashSet<String>> = LazyLock::new(|| FILES.iter().flat_map(|f| &f.neutral).map(|k| label_key(k)).collect());

/// The label keys that may stand inside a longer label, by length in characters and first
/// character (see [`misread_label`]).
type KeysByLength = rustc_hash::FxHashMap<(usize, char), Vec<(Vec<char>, Category)>>;

static BY_LENGTH: LazyLock<KeysByLength> = LazyLock::new(|| {
    let mut m = KeysByLength::default();
    for key in KEYS.keys.iter().filter(|k| !k.whole && k.n >= 4) {
        let chars: Vec<char> = key.key.chars().collect();
        m.entry((key.n, chars[0])).or_default().push((chars, key.cat));
    }
    m
});

thread_local! {
    static NEUTRAL_MEMO: Memo<bool> = Default::default();
    static LABEL_MEMO: Memo<Option<Category>> = Default::default();
    static HEAD_MEMO: Memo<Option<Category>> = Default::default();
    static NEUTRAL_HEADER_MEMO: Memo<bool> = Default::default();
}

pub(super) fn forget_answers() {
    NEUTRAL_MEMO.with(|m| m.borrow_mut().clear());
    LABEL_MEMO.with(|m| m.borrow_mut().clear());
    HEAD_MEMO.with(|m| m.borrow_mut().clear());
    NEUTRAL_HEADER_MEMO.with(|m| m.borrow_mut().clear());
}

/// The category of a field's name before its colon as OCR misreads it, most often at a
/// letter with a diacritic ("Fadselsdato", "Jelsz6", "Sziletési datum"): a label key of about
/// the same length within one edit. Names of five letters or more only; a neutral field's
/// name is no label.
pub fn misread_label(head: &str) -> Option<Category> {
    memoised(&HEAD_MEMO, head, |h| {
        // A neutral field's name is no label. A label the inline keywords missed but the
        // label reader knows (its own fuzzy match of a long word, "Fadselsdato") is taken;
        // a short one ("port") is the keywords' to judge.
        if is_neutral_label(h) {
            return None;
        }
        if let Some(c) = label_category(h) {
            return (h.chars().count() >= 8).then_some(c);
        }
        let k = label_key(h);
        let kc: Vec<char> = k.trim().chars().collect();
        let n = kc.len();
        // A CJK character says as much as a Latin word's few letters: a four-character CJK
        // name with one character misread in place ("日座番号" for 口座番号) is as sure.
        let cjk = kc.iter().all(|&c| super::norm::is_cjk(c));
        if cjk && n >= 4 {
            return BY_LENGTH
                .iter()
                .filter(|((len, _), _)| *len == n)
                .flat_map(|(_, keys)| keys)
                .find_map(|(b, cat)| (b.iter().all(|&c| super::norm::is_cjk(c)) && kc.iter().zip(b).filter(|(x, y)| x != y).count() == 1).then_some(*cat));
        }
        if !(5..=30).contains(&n) || kc.iter().any(|c| c.is_ascii_digit() && *c != '6' && *c != '0') {
            return None;
        }
        // One edit; from fifteen letters two letters misread in place (same length: a
        // different word of another length, "Personalnummer" for "Personnummer", is no
        // misreading).
        // Keys by length and first letter: the misread letters are inside a word (a
        // diacritic), a field's name begins with a plain capital.
        (n - 1..=n + 1).flat_map(|len| BY_LENGTH.get(&(len, kc[0])).into_iter().flatten()).find_map(|(b, cat)| {
            let swapped = n >= 15 && b.len() == n && kc.iter().zip(b).filter(|(x, y)| x != y).count() <= 2;
            (swapped || within_edits(&kc, b, 1)).then_some(*cat)
        })
    })
}

/// True when `text` is the label of a non-sensitive field ("Invoice", "Kwota", "Status").
pub fn is_neutral_label(text: &str) -> bool {
    memoised(&NEUTRAL_MEMO, text, is_neutral_label_uncached)
}

/// Neutral field names of eight letters or more, by length, for [`is_neutral_header`].
static NEUTRAL_BY_LEN: LazyLock<rustc_hash::FxHashMap<usize, Vec<Vec<char>>>> = LazyLock::new(|| {
    let mut m: rustc_hash::FxHashMap<usize, Vec<Vec<char>>> = rustc_hash::FxHashMap::default();
    for k in NEUTRAL_KEYS.iter().map(|k| k.trim().chars().collect::<Vec<char>>()).filter(|k| k.len() >= 8) {
        m.entry(k.len()).or_default().push(k);
    }
    m
});

/// A column header that names a neutral field, also with one letter OCR misread
/// ("Zaméwienie" for "Zamówienie"): the walk up a column stops there.
pub fn is_neutral_header(text: &str) -> bool {
    // Asked of every row a column walk passes, on every frame with new readings.
    memoised(&NEUTRAL_HEADER_MEMO, text, is_neutral_header_uncached)
}

fn is_neutral_header_uncached(text: &str) -> bool {
    if is_neutral_label(text) {
        return true;
    }
    let t = text.trim().trim_end_matches([':', '：', '*', '.', ' ']);
    let k: Vec<char> = label_key(t).trim().chars().collect();
    k.len() >= 8 && NEUTRAL_BY_LEN.get(&k.len()).is_some_and(|keys| keys.iter().any(|key| k.iter().zip(key).filter(|(a, b)| a != b).count() == 1))
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
    label_match(text).map(|(cat, _)| cat)
}

/// Whether `text` is a label as a whole (not a longer text with a label's words inside it:
/// "Téléphone Date de naissance" is two labels).
pub fn is_whole_label(text: &str) -> bool {
    label_match(text).is_some_and(|(_, whole)| whole)
}

/// The category `text` labels, and whether it is the label as a whole.
fn label_match(text: &str) -> Option<(Category, bool)> {
    let t = text.trim().trim_end_matches([':', '：', '*', '.', ' ', '|', ',', '!']).trim_start_matches(['|', '[', ' ']);
    if t.is_empty() || t.chars().count() > 40 {
        return None;
    }
    // A window's or a page's title ("Mail — Inbox", "Kontakty | CRM") names a place, not a
    // field.
    // A credential's own view is titled by its field and its entry ("Password — github.com",
    // a vault's large-type window): the field before the dash is the label.
    let titled = t.contains(['—', '–', '|']).then(|| t.split_once(" — ").or_else(|| t.split_once(" – ")).or_else(|| t.split_once(" | "))).flatten();
    if let Some((head, _)) = titled {
        let head = label_key(head);
        return KEYS.exact.get(head.trim()).copied().filter(|c| matches!(c, Password | Token)).map(|c| (c, false));
    }
    let k = label_key(t);
    let k = k.trim();
    if k.split_whitespace().count() > 5 {
        return None;
    }
    let keys = &*KEYS;
    if let Some(&cat) = keys.exact.get(k) {
        return Some((cat, true));
    }
    // An e OCR read as c ("Data dc nascimento"), in a label of six characters or more: each
    // of its first four c's in turn read as e. ("EC", a card's label, and "Ee", a village,
    // are too short to be taken for each other.)
    if k.chars().count() >= 6 && k.contains('c') {
        for (i, _) in k.match_indices('c').take(4) {
            if let Some(&cat) = keys.exact.get(&format!("{}e{}", &k[..i], &k[i + 1..])) {
                return Some((cat, true));
            }
        }
    }
    // An ü read as "ii", its dots as an i's ("Priifnummer"): each of the first four "ii" in
    // turn read as u.
    if k.contains("ii") {
        for (i, _) in k.match_indices("ii").take(4) {
            if let Some(&cat) = keys.exact.get(&format!("{}u{}", &k[..i], &k[i + 2..])) {
                return Some((cat, true));
            }
        }
    }
    // A neutral field that contains a label's word ("Last login", "Paskutinis
    // prisijungimas") announces a date or a status, not that label's value.
    if NEUTRAL_KEYS.contains(k) {
        return None;
    }
    // Words OCR ran together ("Date ofbirth", "Emailadres"): a label of two or more words
    // matches without its spaces.
    let compact: String = k.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(&cat) = keys.compact.get(&compact) {
        return Some((cat, true));
    }
    // Small bold header text is often misread ("Slanta7z7odis"): long keys also match within
    // a small edit distance.
    let kc: Vec<char> = k.chars().collect();
    if kc.len() + 2 >= FUZZY_MIN {
        let bag = Bag::of(&kc);
        let close = |key: &[char], key_bag: &Bag| bag.may_be_within(key_bag, 3) && edits_within(&kc, key, 3);
        for (key, key_bag, i) in kc.first().and_then(|c| keys.fuzzy.get(c)).into_iter().flatten() {
            if kc.len().abs_diff(key.len()) <= 2 && close(key, key_bag) {
                return Some((keys.keys[*i].cat, true));
            }
        }
        // Its first letter misread too ("eebruikesnaam", a floating label of 7 px): the keys
        // whose second letter it shares, the first letter counted among the edits.
        let second = kc.get(1).copied().unwrap_or(' ');
        let near = (kc.len().saturating_sub(2)..=kc.len() + 2).filter_map(|n| keys.fuzzy_second.get(&(second, n)));
        for (key, key_bag, i) in near.flatten() {
            if kc[0] != key[0] && close(key, key_bag) {
                return Some((keys.keys[*i].cat, true));
            }
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
    // In a sentence (Japanese punctuation splits or ends it) only a closing formula that ends
    // it counts: "以上、よろしくお願いします。" closes a letter, "お疲れ様です、ログイン情報を
    // 送ります" is no login label.
    let sentence = t.contains(['、', '。', '！', '？']);
    keys.inner
        .find_overlapping_iter(&padded)
        .map(|m| &keys.keys[keys.inner_index[m.pattern().as_usize()]])
        .filter(|key| n <= key.n + 14 && (!sentence || k.ends_with(key.key.as_str())))
        .max_by_key(|key| key.n)
        .map(|key| (key.cat, false))
}

/// The keys of the `backup_codes` field: a label over a block of one-time recovery codes.
static CODE_LIST_KEYS: LazyLock<rustc_hash::FxHashSet<String>> =
    LazyLock::new(|| FILES.iter().filter_map(|f| f.labels.get("backup_codes")).flatten().map(|k| label_key(&k.to_lowercase()).trim().to_string()).collect());

/// The names of lists of user accounts, as label keys padded with spaces (whole words).
static USER_LIST_KEYS: LazyLock<Vec<String>> =
    LazyLock::new(|| FILES.iter().flat_map(|f| &f.user_lists).map(|k| format!(" {} ", label_key(&k.to_lowercase()).trim())).collect());

/// Whether a short line (a navigation item, a tab, a breadcrumb, a window title) names a list
/// of user accounts ("Users", "IAM › Benutzer", "ユーザー一覧").
pub fn names_user_list(text: &str) -> bool {
    if text.split_whitespace().count() > 5 || text.chars().count() > 48 {
        return false;
    }
    let k = format!(" {} ", label_key(&text.replace(['›', '>', '/', '»', '|', '—', '-'], " ")).trim());
    let cjk = |u: &str| u.chars().any(super::norm::is_cjk);
    USER_LIST_KEYS.iter().any(|u| if cjk(u) { k.trim() == u.trim() } else { k.contains(u.as_str()) })
}

/// Whether `text` is the label of a list of recovery codes ("Backup codes", "Kody zapasowe"),
/// which speaks for every code-shaped line of the block under it, not for one field.
pub fn is_code_list_label(text: &str) -> bool {
    let t = text.trim().trim_end_matches([':', '：', '*', '.', ' ']);
    // Its keys are labels too: most lines are none, which the memo of labels knows.
    label_category(text).is_some() && t.chars().count() <= 40 && CODE_LIST_KEYS.contains(label_key(t).trim())
}

/// Builds this detector's patterns and tables (see [`super::warm_up`]).
pub(super) fn warm() {
    LazyLock::force(&FILES);
    LazyLock::force(&LABELS);
    LazyLock::force(&KEYS);
    LazyLock::force(&NEUTRAL_KEYS);
    LazyLock::force(&BY_LENGTH);
    LazyLock::force(&CODE_LIST_KEYS);
    LazyLock::force(&NEUTRAL_BY_LEN);
}

#[cfg(test)]
mod tests {
    use super::*;

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
            let r = crate::dates::find_date(d).unwrap_or_else(|| panic!("{d}: no date"));
            assert!(r.len() * 10 >= d.len() * 9, "{d}: {:?}", &d[r]);
        }
        for not in ["Mayday 3 1981", "v3.2.1", "xmarch 3, 1981", "Marchand 3 1981", "3 marzecx 1981"] {
            assert!(crate::dates::find_date(not).is_none(), "{not}");
        }
        // A month name beginning or ending with a non-ASCII letter, at a word's edge.
        let s = "dne 5. září 1975";
        assert_eq!(crate::dates::find_date(s).map(|r| &s[r]), Some("5. září 1975"));
        assert!(crate::dates::find_date("únor 5, 1975").is_some() && crate::dates::find_date("xúnor 5, 1975").is_none());
        assert_eq!(label_category("E-mail"), Some(Email));
        assert_eq!(label_category("Name"), Some(Name));
        assert_eq!(label_category("File name"), None);
        assert_eq!(label_category("Priifnummer"), Some(Card));
        assert_eq!(label_category("以上、よろしくお願いします。"), Some(Name));
        assert_eq!(label_category("お疲れ様です、ログイン情報を送ります"), None);
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
            assert!(!f.user_lists.is_empty(), "{lang}: no user_lists");
        }
        for (lang, text) in LANGUAGES {
            let f = parse_label_file(text).unwrap_or_else(|e| panic!("{lang}: {e}"));
            // A label of symbols only ("☎") has an empty key, which every label would contain.
            for w in f.labels.values().chain(f.whole.values()).flatten() {
                assert!(!label_key(w).trim().is_empty(), "{lang}: label {w:?} has no letters");
            }
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
}
