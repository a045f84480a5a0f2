//! Labels: the words next to a value that say what it is ("Hasło:", "PESEL", "氏名",
//! a column header "E-mail"). Inline labels ("login X / pass Y") are detected here; labels in
//! neighbouring cells and headers are turned into a [`Context`](super::Context) by `layout`.

use std::sync::LazyLock;

use regex::Regex;

use super::norm::{fold, label_key};
use super::{Category, Match};

use Category::*;

/// (keyword, category, whole-label-only). Keywords are matched on OCR-folded keys; short or
/// ambiguous ones ("name", "pass", "user") only when they are the whole label.
const LABELS: &[(&str, Category, bool)] = &[
    // Passwords
    ("password", Password, false), ("passwort", Password, false), ("kennwort", Password, false), ("hasło", Password, false),
    ("slaptažodis", Password, false), ("wachtwoord", Password, false), ("pwd", Password, true), ("passwd", Password, false),
    ("pass", Password, true), ("pin", Password, true), ("kod pin", Password, false), ("pin code", Password, false), ("pincode", Password, false),
    ("pin karty", Password, false), ("pin-code", Password, false), ("pin-kode", Password, false), ("pin kód", Password, false), ("pin-koodi", Password, false),
    // Meeting passcodes (Zoom, Teams, Webex in their localised clients).
    ("passcode", Password, false), ("meeting passcode", Password, false), ("kod dostępu", Password, false), ("toegangscode", Password, false),
    ("kenncode", Password, false), ("zugangscode", Password, false), ("パスコード", Password, false), ("code secret", Password, false),
    ("codice di accesso", Password, false), ("código de acceso", Password, false), ("prieigos kodas", Password, false), ("přístupový kód", Password, false),
    ("lösenkod", Password, false), ("adgangskode til møde", Password, false), ("pääsykoodi", Password, false), ("code d'accès", Password, false),
    ("パスワード", Password, false), ("暗証番号", Password, false), ("mot de passe", Password, false), ("contraseña", Password, false),
    ("heslo", Password, false), ("пароль", Password, false), ("密码", Password, false), ("senha", Password, false), ("passord", Password, false),
    ("salasana", Password, false), ("lösenord", Password, false), ("adgangskode", Password, false), ("parola", Password, true),
    ("密碼", Password, false), ("口令", Password, false), ("clave", Password, true), ("palavra-passe", Password, false), ("pin-code", Password, false),
    ("passwort wiederholen", Password, false), ("nowe hasło", Password, false), ("mật khẩu", Password, false), ("şifre", Password, false),
    // Usernames
    ("login", Username, true), ("username", Username, false), ("user name", Username, false), ("user", Username, true), ("user id", Username, false),
    ("użytkownik", Username, false), ("nazwa użytkownika", Username, false), ("prisijungimo vardas", Username, false),
    ("vartotojo vardas", Username, false), ("vartotojas", Username, false), ("gebruikersnaam", Username, false), ("gebruiker", Username, true),
    ("benutzername", Username, false), ("benutzer", Username, true), ("anmeldename", Username, false), ("ユーザー名", Username, false),
    ("ユーザーid", Username, false), ("ログインid", Username, false), ("identifiant", Username, false), ("usuario", Username, true),
    ("utente", Username, true), ("account", Username, true), ("konto", BankAccount, true),
    ("nom d'utilisateur", Username, false), ("nombre de usuario", Username, false), ("nome utente", Username, false),
    ("uživatelské jméno", Username, false), ("логин", Username, false), ("логін", Username, false), ("ім'я користувача", Username, false),
    ("имя пользователя", Username, false), ("用户名", Username, false), ("用戶名", Username, false), ("账号", Username, false),
    ("帳號", Username, false), ("账户", Username, false), ("ログイン名", Username, false), ("login name", Username, false),
    ("benutzerkennung", Username, false), ("gebruikers-id", Username, false), ("prisijungimo vardas", Username, false),
    // E-mail
    ("e-mail", Email, false), ("email", Email, false), ("mail", Email, true), ("el. paštas", Email, false), ("el paštas", Email, false),
    ("メール", Email, false), ("メールアドレス", Email, false), ("courriel", Email, false), ("e-mailadres", Email, false), ("adres e-mail", Email, false),
    // Phones
    ("telefon", Phone, false), ("telefoon", Phone, false), ("telefonas", Phone, false), ("phone", Phone, false), ("tel", Phone, true),
    ("tel.", Phone, true), ("mobile", Phone, false), ("mobil", Phone, true), ("handy", Phone, true), ("gsm", Phone, true), ("komórka", Phone, false),
    ("numer telefonu", Phone, false), ("telefoonnummer", Phone, false), ("telefonnummer", Phone, false), ("電話", Phone, false), ("電話番号", Phone, false),
    ("携帯", Phone, false), ("téléphone", Phone, false), ("teléfono", Phone, false),
    // National IDs and tax numbers
    ("pesel", NationalId, false), ("nip", NationalId, true), ("regon", NationalId, false), ("bsn", NationalId, false),
    ("burgerservicenummer", NationalId, false), ("asmens kodas", NationalId, false), ("steuer-id", NationalId, false),
    ("steuer id", NationalId, false), ("steueridentifikationsnummer", NationalId, false), ("steuer-idnr", NationalId, false),
    ("idnr", NationalId, false), ("ssn", NationalId, false), ("social security", NationalId, false), ("マイナンバー", NationalId, false),
    ("個人番号", NationalId, false), ("personal code", NationalId, false), ("personnummer", NationalId, false), ("national id", NationalId, false),
    ("dni", NationalId, true), ("nino", NationalId, true), ("codice fiscale", NationalId, false), ("sofinummer", NationalId, false),
    ("id number", NationalId, false), ("numer dowodu", NationalId, false), ("personalausweis", NationalId, false),
    // Accounts
    ("iban", Iban, false), ("numer konta", BankAccount, false), ("nr konta", BankAccount, false), ("numer rachunku", BankAccount, false),
    ("rachunek", BankAccount, false), ("z rachunku", BankAccount, false), ("rekening", BankAccount, false), ("rekeningnummer", BankAccount, false),
    ("van rekening", BankAccount, false), ("kontonummer", BankAccount, false), ("sąskaita", BankAccount, false), ("sąskaitos nr", BankAccount, false),
    ("account number", BankAccount, false), ("from account", BankAccount, false), ("to account", BankAccount, false),
    ("rachunek odbiorcy", BankAccount, false), ("rachunek nadawcy", BankAccount, false), ("naar rekening", BankAccount, false),
    ("auf konto", BankAccount, false), ("į sąskaitą", BankAccount, false), ("account no", BankAccount, false), ("bank account", BankAccount, false), ("口座番号", BankAccount, false),
    ("口座", BankAccount, false), ("振込元口座", BankAccount, false), ("iš sąskaitos", BankAccount, false), ("von konto", BankAccount, false),
    ("card number", Card, false), ("numer karty", Card, false), ("kartennummer", Card, false), ("kaartnummer", Card, false),
    ("kortelės numeris", Card, false), ("カード番号", Card, false),
    // Names
    ("imię i nazwisko", Name, false), ("imie i nazwisko", Name, false), ("nazwisko", Name, false), ("imię", Name, true), ("name", Name, true),
    ("full name", Name, false), ("your name", Name, false), ("customer name", Name, false), ("contact name", Name, false), ("naam", Name, true),
    ("volledige naam", Name, false), ("vardas", Name, true), ("pavardė", Name, false), ("vardas pavardė", Name, false), ("vardas, pavardė", Name, false),
    ("vardas ir pavardė", Name, false), ("氏名", Name, false), ("名前", Name, false), ("お名前", Name, false), ("名義", Name, false), ("口座名義", Name, false),
    ("受取人", Name, false), ("振込先", Name, false), ("顧客名", Name, false), ("担当者", Name, false), ("nom", Name, true), ("nombre", Name, true),
    ("odbiorca", Name, false), ("nadawca", Name, false), ("begunstigde", Name, false), ("ontvanger", Name, false), ("empfänger", Name, false),
    ("kontoinhaber", Name, false), ("inhaber", Name, true), ("gavėjas", Name, false), ("mokėtojas", Name, false), ("recipient", Name, false),
    ("beneficiary", Name, false), ("payee", Name, false), ("account holder", Name, false), ("klient", Name, true), ("klientas", Name, true),
    ("kunde", Name, true), ("customer", Name, true), ("client", Name, true), ("klant", Name, true), ("kontakt", Name, true), ("contact", Name, true),
    ("contactpersoon", Name, false), ("ansprechpartner", Name, false), ("osoba kontaktowa", Name, false), ("kontaktinis asmuo", Name, false),
    ("rechnungsempfänger", Name, false), ("nabywca", Name, false), ("pirkėjas", Name, false), ("bill to", Name, false), ("vorname", Name, true),
    ("nachname", Name, true), ("voornaam", Name, true), ("achternaam", Name, true), ("first name", Name, false), ("last name", Name, false),
    // Addresses
    ("adres", Address, true), ("address", Address, false), ("adresas", Address, false), ("anschrift", Address, false), ("adresse", Address, false),
    ("住所", Address, false), ("所在地", Address, false), ("adres zamieszkania", Address, false), ("woonadres", Address, false),
    ("wohnadresse", Address, false), ("postal address", Address, false), ("home address", Address, false), ("gyvenamoji vieta", Address, false),
    ("straße", Address, true), ("ulica", Address, true), ("street", Address, true),
    // Birth dates
    ("data urodzenia", BirthDate, false), ("date of birth", BirthDate, false), ("birth date", BirthDate, false), ("birthdate", BirthDate, false),
    ("dob", BirthDate, false), ("d.o.b.", BirthDate, false), ("birthday", BirthDate, false), ("geburtsdatum", BirthDate, false),
    ("geboren", BirthDate, true), ("geb.", BirthDate, true), ("geboortedatum", BirthDate, false), ("gimimo data", BirthDate, false),
    ("生年月日", BirthDate, false), ("誕生日", BirthDate, false), ("fecha de nacimiento", BirthDate, false), ("date de naissance", BirthDate, false),
    ("data di nascita", BirthDate, false), ("urodzony", BirthDate, false), ("urodzona", BirthDate, false), ("ur.", BirthDate, true),
    ("födelsedatum", BirthDate, false), ("fødselsdato", BirthDate, false), ("fæðingardagur", BirthDate, false), ("syntymäaika", BirthDate, false),
    ("syntymäpäivä", BirthDate, false), ("datum narození", BirthDate, false), ("dátum narodenia", BirthDate, false), ("születési dátum", BirthDate, false),
    ("születési idő", BirthDate, false), ("data nașterii", BirthDate, false), ("data nasterii", BirthDate, false), ("дата на раждане", BirthDate, false),
    ("ημερομηνία γέννησης", BirthDate, false), ("datum rojstva", BirthDate, false), ("rojstni datum", BirthDate, false), ("datum rođenja", BirthDate, false),
    ("dzimšanas datums", BirthDate, false), ("sünniaeg", BirthDate, false), ("sünnikuupäev", BirthDate, false), ("data de nascimento", BirthDate, false),
    ("dáta breithe", BirthDate, false), ("data tat-twelid", BirthDate, false), ("geburtstag", BirthDate, false), ("gimęs", BirthDate, true),
    ("gimusi", BirthDate, true), ("né le", BirthDate, false), ("née le", BirthDate, false), ("born", BirthDate, true), ("born on", BirthDate, false),
    ("gimimo metai", BirthDate, false), ("生年", BirthDate, false),
];

struct Key {
    key: String,
    cat: Category,
    whole: bool,
}

static KEYS: LazyLock<Vec<Key>> = LazyLock::new(|| {
    let mut v: Vec<Key> = LABELS.iter().map(|(k, c, w)| Key { key: label_key(k), cat: *c, whole: *w }).collect();
    // Longer keys first: "imię i nazwisko" before "imię".
    v.sort_by_key(|k| std::cmp::Reverse(k.key.chars().count()));
    v
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

/// Labels of fields that are not sensitive. They matter because they end a walk up a column:
/// the value under "Invoice" belongs to "Invoice", not to the "Address" label further up.
const NEUTRAL: &[&str] = &[
    "invoice", "invoice no", "faktura", "nr faktury", "rechnung", "rechnungsnummer", "factuur", "factuurnummer", "sąskaita faktūra",
    "amount", "kwota", "betrag", "bedrag", "suma", "total", "razem", "summe", "totaal", "iš viso", "金額", "合計",
    "date", "data", "datum", "due date", "termin", "fälligkeitsdatum", "vervaldatum", "data wystawienia", "mokėjimo data", "日付",
    "status", "title", "tytuł", "tytuł przelewu", "titel", "pavadinimas", "description", "opis", "beschreibung", "omschrijving",
    "paskirtis", "mokėjimo paskirtis", "verwendungszweck", "reference", "referencja", "kenmerk", "order", "zamówienie", "bestellung",
    "bestelling", "užsakymas", "quantity", "ilość", "menge", "aantal", "kiekis", "price", "cena", "preis", "prijs", "kaina",
    "currency", "waluta", "währung", "valuta", "url", "website", "notes", "notatki", "notizen", "notities", "pastabos", "備考",
    "摘要", "件名", "subject", "temat", "betreff", "onderwerp", "tema", "modified", "zmodyfikowano", "geändert", "gewijzigd",
    "created", "utworzono", "erstellt", "aangemaakt", "version", "wersja", "versie", "versija", "group", "grupa", "gruppe", "groep",
];

static NEUTRAL_KEYS: LazyLock<Vec<String>> = LazyLock::new(|| NEUTRAL.iter().map(|k| label_key(k)).collect());

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
    NEUTRAL_KEYS.iter().any(|n| *n == k.trim())
}

/// The category a label announces, if `text` is a label: short, and made of a keyword
/// (plus punctuation such as `:` or `*`).
pub fn label_category(text: &str) -> Option<Category> {
    memoised(&LABEL_MEMO, text, label_category_uncached)
}

fn label_category_uncached(text: &str) -> Option<Category> {
    let t = text.trim().trim_end_matches([':', '：', '*', '.', ' ', '|']).trim_start_matches(['|', '[', ' ']);
    if t.is_empty() || t.chars().count() > 40 {
        return None;
    }
    let k = label_key(t);
    let k = k.trim();
    if k.split_whitespace().count() > 5 {
        return None;
    }
    for key in KEYS.iter() {
        if k == key.key {
            return Some(key.cat);
        }
    }
    // Small bold header text is often misread ("Slanta7z7odis"): long keys also match within
    // a small edit distance.
    let kc: Vec<char> = k.chars().collect();
    for key in KEYS.iter() {
        let n = key.key.chars().count();
        let max = if n >= 11 { 3 } else { 0 };
        if max > 0 && kc.len().abs_diff(n) <= 2 && kc.first() == key.key.chars().next().as_ref() && edit_distance(&kc, &key.key) <= max {
            return Some(key.cat);
        }
    }
    // A label may carry a word or two more ("Your password", "Nowe hasło"), but never a
    // value: digits, '=', '@' or an inner ':' make it data, not a label.
    if t.contains(['=', '@', '/']) || t.trim_end_matches(':').contains(':') || t.chars().filter(char::is_ascii_digit).count() > 0 {
        return None;
    }
    let padded = format!(" {k} ");
    for key in KEYS.iter().filter(|k| !k.whole) {
        // Whole words only: "Passwords.kdbx" is a file name, not a password label.
        let kw = format!(" {} ", key.key);
        let cjk = key.key.chars().any(super::norm::is_cjk);
        let found = if cjk { k.contains(key.key.as_str()) } else { padded.contains(&kw) };
        if found && k.chars().count() <= key.key.chars().count() + 14 {
            return Some(key.cat);
        }
    }
    None
}

/// Label keywords that may start an inline `label: value` pair, with their OCR variants
/// ("hasło", "haslo", "hasto"); matched ASCII-case-insensitively, longest first.
static INLINE_KEYS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    let mut kws: Vec<String> = Vec::new();
    for (k, c, _) in LABELS {
        if matches!(c, Password | Username | BirthDate | NationalId | Phone | Email) {
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
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&kws)
        .expect("label keywords")
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
    Regex::new(&pattern)
    .expect("date")
});

pub fn date_regex() -> &'static Regex {
    &DATE
}

/// Finds values right after inline labels.
pub fn find_inline(text: &str, out: &mut Vec<Match>) {
    for m in INLINE_KEYS.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        let label = &text[s..e];
        // The keyword must be a word of its own (CJK labels have no spaces around them).
        let cjk = label.chars().next().is_some_and(super::norm::is_cjk);
        if !cjk && text[..s].chars().next_back().is_some_and(char::is_alphanumeric) {
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
        let Some(cat) = label_category(label) else { continue };
        let rest_start = e + sep;
        if let Some(r) = value_after(&text[rest_start..], cat, explicit) {
            out.push(Match::new(rest_start + r.start..rest_start + r.end, cat, "label.inline", if explicit { 0.9 } else { 0.75 }));
        }
    }
}

/// The value part of `rest` (text after a label) for a category, as a range in `rest`.
fn value_after(rest: &str, cat: Category, explicit: bool) -> Option<std::ops::Range<usize>> {
    let first_tok = |s: &str| -> Option<std::ops::Range<usize>> {
        let start = s.len() - s.trim_start().len();
        let end = s[start..].find(char::is_whitespace).map_or(s.len(), |e| start + e);
        let v = s[start..end].trim_end_matches([',', ';', ')']);
        (!v.is_empty()).then(|| start..start + v.len())
    };
    match cat {
        Password | Username => {
            let mut r = first_tok(rest)?;
            // A user name ends at a connection-string separator ("user=app;password=…").
            if cat == Username {
                if let Some(cut) = rest[r.clone()].find([';', '&']) {
                    r.end = r.start + cut;
                }
            }
            let v = &rest[r.clone()];
            if v.is_empty() {
                return None;
            }
            if v.chars().all(|c| matches!(c, '*' | '•' | '●' | '·' | '.')) || label_category(v).is_some() {
                return None;
            }
            // Without ':' a plain word after "password" is prose ("password reset").
            let secretish = v.chars().any(|c| c.is_ascii_digit() || "!@#$%^&*_.-+?".contains(c)) || v.chars().any(char::is_uppercase) && v.chars().any(char::is_lowercase);
            (explicit || secretish).then_some(r)
        }
        BirthDate => DATE.find(rest).filter(|m| m.start() <= 3).map(|m| m.range()),
        Email | Phone | NationalId => {
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
            (explicit || phone_number).then_some(r.start..end)
        }
        _ => None,
    }
}

/// A whole line (or cell) whose label/header announced `cat`: mask what is plausible for it.
pub fn find_by_context(text: &str, cat: Category, out: &mut Vec<Match>) {
    let t = text.trim();
    if t.is_empty() || label_category(t).is_some() {
        return;
    }
    let start = text.len() - text.trim_start().len();
    let whole = start..start + t.len();
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    let n = t.chars().count();
    let ok = match cat {
        Name => letters * 10 >= n * 7 && n >= 2 && n <= 60 && digits == 0,
        Address => n >= 5 && (digits > 0 || t.chars().any(super::norm::is_cjk)),
        Password | Username => !t.chars().all(|c| matches!(c, '*' | '•' | '●' | '·' | '.' | ' ')) && n <= 64,
        Email => t.contains(['@', '.', '©']),
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
        for d in ["March 3, 1981", "3 March 1981", "7. 11. 1962", "3 marca 1981", "3. März 1981", "3 de marzo de 1981", "1981. március 3.", "1981 m. kovo 3 d.", "1981. gada 3. marts", "昭和58年4月2日", "1981年4月2日", "12 Ιανουαρίου 1980", "5. května 1975"] {
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
        for (label, user_label) in [("password", "username"), ("hasło", "login"), ("slaptažodis", "vartotojas"), ("wachtwoord", "gebruikersnaam"),
            ("Passwort", "Benutzername"), ("パスワード", "ユーザー名"), ("mot de passe", "identifiant"), ("contraseña", "usuario"),
            ("password", "nome utente"), ("heslo", "uživatelské jméno"), ("пароль", "логін"), ("пароль", "логин"), ("密码", "用户名")] {
            let t = format!("{user_label}: jan.k {label}: Zima2024!");
            let h = inline(&t);
            assert!(h.contains(&("Zima2024!".into(), Password)) && h.contains(&("jan.k".into(), Username)), "{t}: {h:?}");
        }
    }

    #[test]
    fn prose_is_not_a_password() {
        assert!(inline("Forgot password reset").is_empty(), "{:?}", inline("Forgot password reset"));
        assert!(inline("Password: ********").is_empty());
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
