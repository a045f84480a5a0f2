//! A label and its value on one line: "Hasło: Zima2024!", "login jan.k / pass …", "the
//! password is …", a name after a greeting ("Hi Kevin,") or a holder's label.

use std::sync::LazyLock;

use super::labels::{FILES, LABELS, label_category};
use super::norm::fold;
use super::{Category, Match};

use Category::*;

/// Label keywords that may start an inline `label: value` pair, with their OCR variants
/// ("hasło", "haslo", "hasto"); matched ASCII-case-insensitively, longest first.
static INLINE_KEYS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    let mut kws: Vec<String> = Vec::new();
    for (k, c, whole) in LABELS.iter() {
        // A one-character CJK label ("名", "姓") only as a whole label: inside text it is part
        // of another word ("件名", subject).
        // Card labels ("CVV", "Gültig bis") announce a code or an expiry date; a whole-label
        // word ("Pan", "Tarjeta") is an ordinary word in a sentence.
        if matches!(c, Password | Username | BirthDate | NationalId | Phone | Email | Name | BankAccount) || (matches!(c, Card | Address) && !whole) {
            kws.push(k.to_string());
            kws.push(fold(k));
            // Matching is case-insensitive for ASCII only: a label opening a line in Greek,
            // Cyrillic or with a diacritic ("Κωδικός", "Λήξη", "Érvényes") is its capitalised form.
            if k.chars().next().is_some_and(|c| !c.is_ascii() && c.is_lowercase()) {
                kws.push(upper_first(k));
            }
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

/// The greetings of every language file ("Hi", "Dzień dobry", "Sehr geehrte").
static GREETINGS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    let words: Vec<String> = FILES.iter().flat_map(|f| f.greetings.iter().cloned()).collect();
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
    find_after_misread_label(text, out);
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

/// "Fadselsdato: 02-06-1954": a field's name OCR misread, then its colon and value. Only
/// where no label keyword was found at the line's start.
fn find_after_misread_label(text: &str, out: &mut Vec<Match>) {
    let Some((head, _)) = text.split_once([':', '：']) else {
        // Without a colon only a date follows a misread date-of-birth label ("Fgdselsdato
        // 11.maj 1963"): the date's own shape says where the value is.
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            return;
        }
        // The label is the first one, two or three words; the date follows the space after.
        for (at, _) in text.match_indices(' ').take(3) {
            if super::labels::misread_label(text[..at].trim()) == Some(BirthDate)
                && let Some(r) = value_after(&text[at + 1..], BirthDate, false)
            {
                out.push(Match::new(at + 1 + r.start..at + 1 + r.end, BirthDate, "label.misread", 0.8));
                return;
            }
        }
        return;
    };
    let lead = head.len() - head.trim_start().len();
    if head.chars().count() > 30 || head.split_whitespace().count() > 3 || INLINE_KEYS.find(head).is_some_and(|m| m.start() == lead) {
        return;
    }
    let Some(cat) = super::labels::misread_label(head.trim()) else { return };
    let rest_start = head.len() + text[head.len()..].chars().next().map_or(1, char::len_utf8);
    if let Some(r) = value_after(&text[rest_start..], cat, true) {
        out.push(Match::new(rest_start + r.start..rest_start + r.end, cat, "label.misread", 0.8));
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
            // A code in groups of digits ("Code: 482 913", "PIN 12 34"): all its groups.
            if cat == Password && rest[r.clone()].bytes().all(|b| b.is_ascii_digit()) {
                let mut tail = &rest[r.end..];
                while let Some(nr) = first_tok(tail).filter(|nr| tail[nr.clone()].bytes().all(|b| b.is_ascii_digit())) {
                    r.end += nr.end;
                    tail = &rest[r.end..];
                }
            }
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
        BirthDate => super::dates::find_date(rest).filter(|r| r.start <= 3),
        // After a card's code or expiry label: the code's 3–4 digits or an expiry date, as the
        // whole value (a card number's first group is followed by more digits).
        Card => {
            let r = first_tok(rest)?;
            let next = rest[r.end..].trim_start();
            let code = card_code_or_expiry(&rest[r.clone()]);
            (code && !next.starts_with(|c: char| c.is_ascii_digit())).then_some(r)
        }
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
        // "Lakcím: Kárász u. 6., 6720 Szeged", "Address: 14074 Giles Plaza, Gibbsburgh, AR
        // 36664": after a colon, the rest of the line when it has a number (a house number,
        // a postcode) and words; an IP or MAC address is digits and marks only.
        Address => {
            let start = rest.len() - rest.trim_start().len();
            let v = rest.trim_end();
            let body = &v[start..];
            let words = body.split_whitespace().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2).count();
            (explicit && body.chars().any(|c| c.is_ascii_digit()) && words >= 1 && body.chars().count() >= 6).then_some(start..v.len())
        }
        _ => None,
    }
}

/// A card's verification code (3–4 digits) or expiry date (MM/YY, MM/YYYY, with `/`, `-`
/// or `.`): the values a card's code and expiry labels announce.
pub(super) fn card_code_or_expiry(v: &str) -> bool {
    let v = v.trim_end_matches([',', ';', '.']);
    if (3..=4).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let Some((m, y)) = v.split_once(['/', '-', '.']) else { return false };
    let month = m.len() == 2 && m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m));
    month && (y.len() == 2 || (y.len() == 4 && y.starts_with("20"))) && y.bytes().all(|b| b.is_ascii_digit())
}

/// Builds this detector's patterns and tables (see [`super::warm_up`]).
pub(super) fn warm() {
    LazyLock::force(&INLINE_KEYS);
    LazyLock::force(&GREETINGS);
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
    fn inline_chat_credentials() {
        let h = inline("prisijungimo vardas: gintaras.urbonas slaptažodis: Ziema_jxa35");
        assert!(h.contains(&("gintaras.urbonas".into(), Username)), "{h:?}");
        assert!(h.contains(&("Ziema_jxa35".into(), Password)), "{h:?}");
        let h = inline("login jan.k / pass Zima2024!");
        assert!(h.contains(&("Zima2024!".into(), Password)), "{h:?}");
        // A field's name OCR misread at its diacritics, then its colon and value.
        let h = inline("Fadselsdato: 02-06-1954");
        assert!(h.contains(&("02-06-1954".into(), BirthDate)), "{h:?}");
        let h = inline("Jelsz6: TDVa?GM90Rx");
        assert!(h.contains(&("TDVa?GM90Rx".into(), Password)), "{h:?}");
        assert!(inline("Personalnummer: E16473").is_empty(), "an employee number's field is no misread ID label");
        // A four-character CJK name with one character misread in place; a neutral field's
        // name two characters away from a label is none.
        let h = inline("日座番号 : 昔通 6683883");
        assert!(h.iter().any(|(v, c)| v.contains("6683883") && *c == BankAccount), "{h:?}");
        assert!(inline("注文番号: 6683883").is_empty());
        let h = inline("Fgdselsdato 11.maj 1963");
        assert!(h.contains(&("11.maj 1963".into(), BirthDate)), "without a colon, a date: {h:?}");
        assert!(inline("  port: 3000").is_empty());
        // A one-time code in its groups, all of them.
        let h = inline("Verification code: 482 913");
        assert!(h.contains(&("482 913".into(), Password)), "{h:?}");
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
        crate::labelled::find_by_context("See you tomorrow", Name, &mut m);
        crate::labelled::find_by_context("Gottlob", Name, &mut m);
        assert_eq!(m.len(), 1);
    }

    #[test]
    fn an_address_after_its_label() {
        for (t, want) in [
            ("Lakcím: Kárász u. 6., 6720 Szeged", "Kárász u. 6., 6720 Szeged"),
            ("Address: 14074 Giles Plaza, Gibbsburgh, AR 36664", "14074 Giles Plaza, Gibbsburgh, AR 36664"),
        ] {
            assert!(inline(t).contains(&(want.to_string(), Address)), "{t}: {:?}", inline(t));
        }
        for t in ["IP address: 192.168.1.10", "Address: see below", "Address 14074 Giles Plaza"] {
            assert!(!inline(t).iter().any(|(_, c)| *c == Address), "{t}: {:?}", inline(t));
        }
    }

    #[test]
    fn prose_is_not_a_password() {
        assert!(inline("Forgot password reset").is_empty(), "{:?}", inline("Forgot password reset"));
        assert!(inline("Password: ********").is_empty());
    }
}
