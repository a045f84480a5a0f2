//! Check digits of the national identification and tax numbers of BG, HR, SI, IS, GR, HU,
//! IE, LU and CY, each from its issuing authority's specification (the algorithm is cited on
//! each function). Digits are the number's digits in order, separators removed.

use super::checksum::{luhn, luhn_short};

/// Bulgaria, ЕГН (Единен граждански номер, Закон за гражданската регистрация): YYMMDD (month
/// +20 for 1800s, +40 for 2000s), region and sequence, then Σ dᵢ·(2,4,8,5,10,9,7,3,6) mod 11
/// (10 → 0).
pub fn bg_egn_ok(d: &[u8]) -> bool {
    if d.len() != 10 {
        return false;
    }
    let month = d[2] * 10 + d[3];
    let m = month % 20;
    let day = d[4] * 10 + d[5];
    let w = [2u32, 4, 8, 5, 10, 9, 7, 3, 6];
    let c = (d.iter().zip(w).map(|(&x, w)| x as u32 * w).sum::<u32>() % 11) % 10;
    (1..=12).contains(&m) && month <= 52 && (1..=31).contains(&day) && c == d[9] as u32
}

/// Croatia, OIB (Osobni identifikacijski broj, Zakon o OIB-u; check digit by ISO 7064
/// MOD 11,10).
pub fn hr_oib_ok(d: &[u8]) -> bool {
    if d.len() != 11 {
        return false;
    }
    let mut a = 10u32;
    for &x in &d[..10] {
        a = (a + x as u32) % 10;
        if a == 0 {
            a = 10;
        }
        a = (a * 2) % 11;
    }
    (11 - a) % 10 == d[10] as u32
}

/// Slovenia, EMŠO (Enotna matična številka občana): DDMMYYY, register, sequence, then
/// 11 − Σ dᵢ·(7,6,5,4,3,2,7,6,5,4,3,2) mod 11 (11 → 0, 10 never issued).
pub fn si_emso_ok(d: &[u8]) -> bool {
    if d.len() != 13 {
        return false;
    }
    let day = d[0] * 10 + d[1];
    let month = d[2] * 10 + d[3];
    let w = [7u32, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let r = 11 - d.iter().zip(w).map(|(&x, w)| x as u32 * w).sum::<u32>() % 11;
    let c = if r == 11 { 0 } else { r };
    (1..=31).contains(&day) && (1..=12).contains(&month) && c < 10 && c == d[12] as u32
}

/// Iceland, kennitala (Þjóðskrá): DDMMYY (day +40 for companies), two digits, a check digit
/// 11 − Σ dᵢ·(3,2,7,6,5,4,3,2) mod 11 (11 → 0, 10 never issued), and the century (9, 0 or 8).
pub fn is_kennitala_ok(d: &[u8]) -> bool {
    if d.len() != 10 {
        return false;
    }
    let day = (d[0] * 10 + d[1]) % 40;
    let month = d[2] * 10 + d[3];
    let w = [3u32, 2, 7, 6, 5, 4, 3, 2];
    let r = 11 - d.iter().zip(w).map(|(&x, w)| x as u32 * w).sum::<u32>() % 11;
    let c = if r == 11 { 0 } else { r };
    (1..=31).contains(&day) && (1..=12).contains(&month) && c < 10 && c == d[8] as u32 && matches!(d[9], 0 | 8 | 9)
}

/// Greece, ΑΜΚΑ (Αριθμός Μητρώου Κοινωνικής Ασφάλισης): DDMMYY, four digits, Luhn check.
pub fn gr_amka_ok(d: &[u8]) -> bool {
    d.len() == 11 && (1..=31).contains(&(d[0] * 10 + d[1])) && (1..=12).contains(&(d[2] * 10 + d[3])) && luhn_short(d)
}

/// Greece, ΑΦΜ (tax number): Σ dᵢ·2^(8−i) over the first eight digits, mod 11, mod 10.
pub fn gr_afm_ok(d: &[u8]) -> bool {
    if d.len() != 9 || d.iter().all(|&x| x == 0) {
        return false;
    }
    let s: u32 = d[..8].iter().enumerate().map(|(i, &x)| x as u32 * (1 << (8 - i))).sum();
    (s % 11) % 10 == d[8] as u32
}

/// Hungary, adóazonosító jel (tax identification number of a person, NAV): 8, days since
/// 1867-01-01, sequence, then Σ dᵢ·i (i = 1..9) mod 11 (10 never issued).
pub fn hu_tax_ok(d: &[u8]) -> bool {
    if d.len() != 10 || d[0] != 8 {
        return false;
    }
    let s: u32 = d[..9].iter().enumerate().map(|(i, &x)| x as u32 * (i as u32 + 1)).sum();
    s % 11 == d[9] as u32
}

/// Hungary, TAJ szám (social security number): Σ of the first eight digits weighted 3 and 7
/// alternately, mod 10.
pub fn hu_taj_ok(d: &[u8]) -> bool {
    if d.len() != 9 {
        return false;
    }
    let s: u32 = d[..8].iter().enumerate().map(|(i, &x)| x as u32 * if i % 2 == 0 { 3 } else { 7 }).sum();
    s % 10 == d[8] as u32
}

/// Ireland, PPS number (Department of Social Protection): seven digits, a check letter
/// Σ dᵢ·(8..2) + 9·(second letter, A=1 … W=0) mod 23 (0 = W, 1 = A …), and an optional
/// second letter (A, B, H or W).
pub fn ie_pps_ok(s: &str) -> bool {
    let b = s.as_bytes();
    if !(8..=9).contains(&b.len()) || !b[..7].iter().all(u8::is_ascii_digit) || !b[7..].iter().all(u8::is_ascii_uppercase) {
        return false;
    }
    let mut sum: u32 = b[..7].iter().enumerate().map(|(i, &x)| (x - b'0') as u32 * (8 - i as u32)).sum();
    if let Some(&second) = b.get(8)
        && second != b'W'
    {
        sum += 9 * (second - b'A' + 1) as u32;
    }
    let r = sum % 23;
    let check = if r == 0 { b'W' } else { b'A' + r as u8 - 1 };
    check == b[7]
}

const VERHOEFF_D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

fn verhoeff_ok(d: &[u8]) -> bool {
    let mut c = 0u8;
    for (i, &x) in d.iter().rev().enumerate() {
        c = VERHOEFF_D[c as usize][VERHOEFF_P[i % 8][x as usize] as usize];
    }
    c == 0
}

/// Luxembourg, numéro d'identification national (matricule, CTIE): YYYYMMDD, three digits,
/// a Luhn check digit over the first eleven and a Verhoeff check digit over them.
pub fn lu_matricule_ok(d: &[u8]) -> bool {
    if d.len() != 13 {
        return false;
    }
    let month = d[4] * 10 + d[5];
    let day = d[6] * 10 + d[7];
    let mut luhn_part = d[..11].to_vec();
    luhn_part.push(d[11]);
    let mut verhoeff_part = d[..11].to_vec();
    verhoeff_part.push(d[12]);
    (1..=12).contains(&month) && (1..=31).contains(&day) && luhn(&luhn_part) && verhoeff_ok(&verhoeff_part)
}

/// Cyprus, Tax Identification Code (Αριθμός Φορολογικής Ταυτότητας): eight digits and a check
/// letter; digits in odd places are recoded (0→1, 1→0, 2→5, 3→7, 4→9, 5→13, 6→15, 7→17,
/// 8→19, 9→21), the sum mod 26 is the letter.
pub fn cy_tic_ok(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 9 || !b[..8].iter().all(u8::is_ascii_digit) || !b[8].is_ascii_uppercase() || &b[..2] == b"12" {
        return false;
    }
    const ODD: [u32; 10] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
    let sum: u32 = b[..8].iter().enumerate().map(|(i, &x)| if i % 2 == 0 { ODD[(x - b'0') as usize] } else { (x - b'0') as u32 }).sum();
    b[8] == b'A' + (sum % 26) as u8
}

#[cfg(test)]
mod tests {
    use super::super::checksum::digits;
    use super::*;

    /// Published examples of the authorities (or of the reference libraries that cite them)
    /// pass; a changed digit fails.
    #[test]
    fn published_examples() {
        type Check = fn(&str) -> bool;
        let cases: [(&str, Check); 11] = [
            ("7523169263", |v| bg_egn_ok(&digits(v))),
            ("69435151530", |v| hr_oib_ok(&digits(v))),
            ("120174-3399", |v| is_kennitala_ok(&digits(v))),
            ("01013099997", |v| gr_amka_ok(&digits(v))),
            ("094259216", |v| gr_afm_ok(&digits(v))),
            ("8071592153", |v| hu_tax_ok(&digits(v))),
            ("123456788", |v| hu_taj_ok(&digits(v))),
            ("6433435F", ie_pps_ok),
            ("10259033P", cy_tic_ok),
            ("1893120105732", |v| lu_matricule_ok(&digits(v))),
            ("0101006500006", |v| si_emso_ok(&digits(v))),
        ];
        for (v, ok) in cases {
            assert!(ok(v), "{v} should pass");
            // Change one digit: the check fails.
            let i = v.find(|c: char| c.is_ascii_digit()).unwrap();
            let bumped: String = v.char_indices().map(|(k, c)| if k == i { char::from(b'0' + ((c as u8 - b'0' + 1) % 10)) } else { c }).collect();
            assert!(!ok(&bumped), "{bumped} should fail");
        }
    }
}
