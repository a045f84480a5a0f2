//! A labelled, generated text corpus for measuring the detectors: lines in many locales with
//! sensitive values (valid checksums, real formats) and decoys that look similar (order and
//! invoice numbers, amounts, ordinary dates, versions, hashes, UUIDs, IDs failing checksums).
//! `screenveil detect-eval` prints per-category precision and recall over it.

use std::collections::BTreeMap;
use std::ops::Range;

use super::rules::BUILTIN;
use super::{Category, Context, detect_text};

/// One corpus line with its gold spans.
pub struct Sample {
    pub text: String,
    pub gold: Vec<(Range<usize>, Category)>,
    /// Layout context the line is shown with (a column header or form label).
    pub ctx: Context,
}

/// Small deterministic PRNG (xorshift64*): the corpus must be the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T: ?Sized>(&mut self, v: &[&'a T]) -> &'a T {
        v[self.below(v.len())]
    }
    fn digits(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.below(10) as u8).collect()
    }
}

fn s(d: &[u8]) -> String {
    d.iter().map(|x| (b'0' + x) as char).collect()
}

/// Builds a line from parts; `Some(cat)` parts are gold spans.
fn line(parts: &[(&str, Option<Category>)], ctx: Context) -> Sample {
    let mut text = String::new();
    let mut gold = Vec::new();
    for (t, c) in parts {
        let start = text.len();
        text.push_str(t);
        if let Some(c) = c {
            gold.push((start..text.len(), *c));
        }
    }
    Sample { text, gold, ctx }
}

fn pesel(r: &mut Rng) -> String {
    loop {
        let mut d = r.digits(10);
        d[2] = r.below(2) as u8;
        d[3] = 1 + r.below(9) as u8;
        d[4] = r.below(3) as u8;
        d[5] = 1 + r.below(9) as u8;
        const W: [u32; 10] = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
        let sum: u32 = d.iter().zip(W).map(|(&x, w)| x as u32 * w).sum();
        d.push(((10 - sum % 10) % 10) as u8);
        if super::checksum::pesel_ok(&d) {
            return s(&d);
        }
    }
}

fn bsn(r: &mut Rng) -> String {
    loop {
        let d = r.digits(9);
        if super::checksum::bsn_ok(&d) && d[0] != 0 {
            return s(&d);
        }
    }
}

fn iban(r: &mut Rng, cc: &str, len: usize) -> String {
    let bban = s(&r.digits(len - 4));
    let num: String =
        format!("{bban}{cc}00").chars().map(|c| if c.is_ascii_digit() { c.to_string() } else { ((c as u8 - b'A') as u32 + 10).to_string() }).collect();
    let rem = num.bytes().fold(0u32, |a, b| (a * 10 + (b - b'0') as u32) % 97);
    let compact = format!("{cc}{:02}{bban}", 98 - rem);
    compact.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or("")).collect::<Vec<_>>().join(" ")
}

fn card(r: &mut Rng) -> String {
    let mut d = vec![4];
    d.extend(r.digits(14));
    for last in 0..10u8 {
        let mut t = d.clone();
        t.push(last);
        if super::checksum::luhn(&t) {
            return t.chunks(4).map(s).collect::<Vec<_>>().join(" ");
        }
    }
    unreachable!("one of ten check digits passes Luhn")
}

fn password(r: &mut Rng) -> String {
    let words: [&str; 8] = ["Zima", "Lato", "Herfst", "Sommer", "Ruduo", "Sakura", "Katze", "Slonce"];
    let syms = ["!", "#", "$", "?", ".", "_", "@"];
    format!("{}{}{}", r.pick(&words), 1990 + r.below(40), r.pick(&syms))
}

const GIVEN: [&str; 12] = ["Anna", "Jan", "Tomas", "Rūta", "Daan", "Sanne", "Lukas", "Greta", "Piotr", "Agnė", "Emma", "Michael"];
const FAMILY: [&str; 12] =
    ["Kowalska", "Nowak", "Petrauskas", "Jankauskaitė", "de Vries", "Jansen", "Müller", "Schneider", "Wiśniewski", "Kazlauskienė", "Bakker", "Smith"];

/// The corpus: `n` lines per template family (deterministic for a seed).
pub fn generate(seed: u64, n: usize) -> Vec<Sample> {
    use Category::*;
    let mut r = Rng::new(seed);
    let none = Context::default();
    let mut out = Vec::new();
    for _ in 0..n {
        let (g, f) = (*r.pick(&GIVEN.iter().collect::<Vec<_>>()), *r.pick(&FAMILY.iter().collect::<Vec<_>>()));
        let name = format!("{g} {f}");
        let email = format!(
            "{}.{}@{}",
            crate::norm::fold(g),
            crate::norm::fold(f).replace(' ', ""),
            r.pick(&["example.pl", "mail.lt", "web.de", "ziggo.nl", "gmail.com"])
        );
        let pw = password(&mut r);
        let (pl, lab) = *r.pick(&[
            &("hasło", "login"),
            &("slaptažodis", "vartotojas"),
            &("wachtwoord", "gebruikersnaam"),
            &("Passwort", "Benutzername"),
            &("password", "user"),
            &("パスワード", "ユーザー名"),
            &("mot de passe", "identifiant"),
            &("contraseña", "usuario"),
        ]);
        let user = format!("{}{}", crate::norm::fold(g), r.below(100));
        out.push(line(&[(lab, None), (": ", None), (&user, Some(Username)), (" ", None), (pl, None), (": ", None), (&pw, Some(Password))], none));
        out.push(line(&[(&name, Some(Name)), (" <", None), (&email, Some(Email)), (">", None)], none));
        let phone = match r.below(4) {
            0 => format!("+48 {} {} {}", s(&r.digits(3)), s(&r.digits(3)), s(&r.digits(3))),
            1 => format!("+370 6{} {}", s(&r.digits(2)), s(&r.digits(5))),
            2 => format!("+31 6 {} {}", s(&r.digits(4)), s(&r.digits(4))),
            _ => format!("0171 {}", s(&r.digits(7))),
        };
        out.push(line(&[("Tel.: ", None), (&phone, Some(Phone)), (", zamówienie nr ", None), (&s(&r.digits(6)), None)], none));
        out.push(line(&[("PESEL ", None), (&pesel(&mut r), Some(NationalId)), (" BSN ", None), (&bsn(&mut r), Some(NationalId))], none));
        let cc = *r.pick(&[&("PL", 28usize), &("DE", 22), &("LT", 20), &("NL", 18)]);
        let ib = iban(&mut r, cc.0, cc.1);
        out.push(line(&[("IBAN ", None), (&ib, Some(Iban)), (" kwota 1 432,76 zł", None)], none));
        // The expiry is card data too (ISO/IEC 7813), masked after its label.
        out.push(line(&[("Karta ", None), (&card(&mut r), Some(Card)), (" ważna do ", None), ("12/27", Some(Card))], none));
        let street = *r.pick(&[
            &"ul. Długa 12/4, 00-950 Warszawa",
            &"Holzapfelring 889, 84826 Luckau",
            &"Taikos pr. 20-44, LT-30976 Kaunas",
            &"Lanahof 3, 9433 MH, Nederweert",
            &"〒471-2095 福岡県台東区卯の里12丁目9番11号",
        ]);
        out.push(line(&[(street, Some(Address))], Context { label: Some(Address) }));
        let dob = format!("{:02}.{:02}.{}", 1 + r.below(28), 1 + r.below(12), 1950 + r.below(55));
        out.push(line(&[("Data urodzenia: ", None), (&dob, Some(BirthDate))], none));
        out.push(line(&[(&name, Some(Name))], Context { label: Some(Name) }));
        // Secrets: the rule examples' shapes with fresh random bodies are the rule files'
        // job; here a sample of them in assignments.
        let rule = &BUILTIN.rules[r.below(BUILTIN.rules.len())];
        if !rule.spec.context_required && matches!(rule.spec.category, ApiKey | Token | PrivateKey | Password) {
            let ex = &rule.spec.examples[0];
            let mut ms = Vec::new();
            rule_matches(ex, &mut ms, rule.id);
            if let Some(m) = ms.first() {
                out.push(line(&[(&ex[..m.start], None), (&ex[m.clone()], Some(rule.spec.category)), (&ex[m.end..], None)], none));
            }
        }
        // Decoys only.
        out.push(line(
            &[(
                &format!(
                    "Faktura FV/{}/2025 z dnia {:02}.{:02}.2025, razem {} {},{:02} zł",
                    r.below(999),
                    1 + r.below(28),
                    1 + r.below(12),
                    1 + r.below(99),
                    s(&r.digits(3)),
                    r.below(100)
                ),
                None,
            )],
            none,
        ));
        out.push(line(
            &[(
                &format!(
                    "v{}.{}.{} commit {} build {}-{}-{}",
                    r.below(30),
                    r.below(20),
                    r.below(20),
                    &format!("{:07x}", r.next_u64() % 0xFFF_FFFF),
                    2025,
                    1 + r.below(12),
                    1 + r.below(28)
                ),
                None,
            )],
            none,
        ));
        out.push(line(
            &[(
                &format!(
                    "request-id {:08x}-{:04x}-4{:03x}-a{:03x}-{:012x} at {:02}:{:02}",
                    r.next_u64() as u32,
                    r.below(65535),
                    r.below(4095),
                    r.below(4095),
                    r.next_u64() % 0xFFFF_FFFF_FFFF,
                    r.below(24),
                    r.below(60)
                ),
                None,
            )],
            none,
        ));
        let mut bad = pesel(&mut r).into_bytes();
        bad[10] = b'0' + (bad[10] - b'0' + 1) % 10;
        out.push(line(&[("Numer klienta ", None), (std::str::from_utf8(&bad).unwrap_or("0"), None)], none));
    }
    out
}

fn rule_matches(text: &str, out: &mut Vec<Range<usize>>, id: &str) {
    let mut m = Vec::new();
    BUILTIN.find(text, &Context::default(), &mut m);
    out.extend(m.into_iter().filter(|m| m.rule == id).map(|m| m.range));
}

/// Categories that count as one for scoring (a key vs a token is a naming choice).
fn group(c: Category) -> Category {
    match c {
        Category::Token => Category::ApiKey,
        Category::BankAccount => Category::Iban,
        other => other,
    }
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Per-category (true positives, false positives, false negatives).
pub fn evaluate(samples: &[Sample]) -> BTreeMap<&'static str, (usize, usize, usize)> {
    let mut stats: BTreeMap<&'static str, (usize, usize, usize)> = BTreeMap::new();
    for smp in samples {
        let found = detect_text(&smp.text, &smp.ctx);
        for (g, c) in &smp.gold {
            let hit = found.iter().any(|m| group(m.category) == group(*c) && overlap(&m.range, g));
            let e = stats.entry(group(*c).as_str()).or_default();
            if hit { e.0 += 1 } else { e.2 += 1 }
        }
        for m in &found {
            let ok = smp.gold.iter().any(|(g, c)| group(*c) == group(m.category) && overlap(&m.range, g));
            if !ok {
                stats.entry(group(m.category).as_str()).or_default().1 += 1;
            }
        }
    }
    stats
}

/// Misses and false alarms, for looking into a score (synthetic data only).
pub fn errors(samples: &[Sample]) -> Vec<String> {
    let mut out = Vec::new();
    for smp in samples {
        let found = detect_text(&smp.text, &smp.ctx);
        for (g, c) in &smp.gold {
            if !found.iter().any(|m| group(m.category) == group(*c) && overlap(&m.range, g)) {
                out.push(format!("MISS {:<12} {:?} in {:?}", c.as_str(), &smp.text[g.clone()], smp.text));
            }
        }
        for m in &found {
            if !smp.gold.iter().any(|(g, c)| group(*c) == group(m.category) && overlap(&m.range, g)) {
                out.push(format!("FP   {:<12} {:?} ({}) in {:?}", m.category.as_str(), &smp.text[m.range.clone()], m.rule, smp.text));
            }
        }
    }
    out
}

/// Precision and recall from (tp, fp, fn).
pub fn precision_recall(t: (usize, usize, usize)) -> (f64, f64) {
    let (tp, fp, fn_) = (t.0 as f64, t.1 as f64, t.2 as f64);
    (if tp + fp == 0.0 { 1.0 } else { tp / (tp + fp) }, if tp + fn_ == 0.0 { 1.0 } else { tp / (tp + fn_) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_precision_and_recall_meet_the_targets() {
        let stats = evaluate(&generate(1, 120));
        let mut report = String::new();
        let mut ok = true;
        for (cat, t) in &stats {
            let (p, r) = precision_recall(*t);
            report.push_str(&format!("{cat:<12} P {p:.3} R {r:.3} {t:?}\n"));
            ok &= p >= 0.95 && r >= 0.98;
        }
        assert!(ok, "below target (precision ≥ 0.95, recall ≥ 0.98):\n{report}");
        assert!(stats.len() >= 10, "{report}");
    }
}
