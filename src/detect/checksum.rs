//! Check-digit algorithms of the identifiers screenveil recognises. Pure, digit-slice input.
//!
//! A passing checksum raises confidence; a failing one never clears a value that has the
//! right shape *and* context, because OCR misreads digits.

/// Digits of `s` (ASCII digits only, everything else skipped).
pub fn digits(s: &str) -> Vec<u8> {
    s.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect()
}

pub fn luhn(d: &[u8]) -> bool {
    if d.len() < 12 {
        return false;
    }
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| {
            let x = x as u32;
            if i % 2 == 1 { if x * 2 > 9 { x * 2 - 9 } else { x * 2 } } else { x }
        })
        .sum();
    sum % 10 == 0
}

/// ISO 13616 IBAN check (mod 97 == 1) on a compact, upper-case IBAN.
pub fn iban_ok(iban: &str) -> bool {
    let b = iban.as_bytes();
    if b.len() < 15 || b.len() > 34 || !b[..2].iter().all(u8::is_ascii_uppercase) || !b[2..4].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut rem: u32 = 0;
    for &c in b[4..].iter().chain(&b[..4]) {
        let v = match c {
            b'0'..=b'9' => (c - b'0') as u32,
            b'A'..=b'Z' => (c - b'A') as u32 + 10,
            _ => return false,
        };
        rem = if v >= 10 { (rem * 100 + v) % 97 } else { (rem * 10 + v) % 97 };
    }
    rem == 1
}

/// Expected IBAN length per country (ISO 13616 registry, the common ones).
pub fn iban_len(cc: &str) -> Option<usize> {
    Some(match cc {
        "NO" => 15, "BE" => 16, "DK" | "FI" | "FO" | "GL" | "NL" => 18, "MK" | "SI" => 19,
        "AT" | "BA" | "EE" | "KZ" | "LT" | "LU" | "XK" => 20, "CH" | "CR" | "HR" | "LI" | "LV" => 21,
        "BG" | "BH" | "DE" | "GB" | "GE" | "IE" | "ME" | "RS" => 22, "AE" | "GI" | "IL" | "TL" => 23,
        "AD" | "CZ" | "ES" | "MD" | "PK" | "RO" | "SA" | "SE" | "SK" | "TN" | "VG" => 24,
        "PT" | "ST" => 25, "IS" | "TR" => 26, "FR" | "GR" | "IT" | "MC" | "MR" | "SM" => 27,
        "AL" | "AZ" | "CY" | "DO" | "GT" | "HU" | "LB" | "PL" => 28, "BR" | "PS" | "QA" | "UA" => 29,
        "JO" | "KW" | "MU" => 30, "MT" => 31, "LC" => 32,
        _ => return None,
    })
}

/// Polish PESEL: 11 digits, weights 1 3 7 9, and a plausible birth date.
pub fn pesel_ok(d: &[u8]) -> bool {
    if d.len() != 11 {
        return false;
    }
    const W: [u32; 10] = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
    let s: u32 = d[..10].iter().zip(W).map(|(&x, w)| x as u32 * w).sum();
    let month = (d[2] * 10 + d[3]) % 20;
    let day = d[4] * 10 + d[5];
    (10 - s % 10) % 10 == d[10] as u32 && (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// Polish NIP: 10 digits, weights 6 5 7 2 3 4 5 6 7, mod 11.
pub fn nip_ok(d: &[u8]) -> bool {
    if d.len() != 10 {
        return false;
    }
    const W: [u32; 9] = [6, 5, 7, 2, 3, 4, 5, 6, 7];
    let s: u32 = d[..9].iter().zip(W).map(|(&x, w)| x as u32 * w).sum();
    s % 11 == d[9] as u32
}

/// Dutch BSN: 9 digits, "11-test" with weights 9..2 and -1.
pub fn bsn_ok(d: &[u8]) -> bool {
    if d.len() != 9 || d.iter().all(|&x| x == 0) {
        return false;
    }
    let s: i32 = d[..8].iter().enumerate().map(|(i, &x)| x as i32 * (9 - i as i32)).sum::<i32>() - d[8] as i32;
    s % 11 == 0
}

/// Lithuanian asmens kodas: 11 digits, first 1–6, two-stage mod 11.
pub fn lt_personal_ok(d: &[u8]) -> bool {
    if d.len() != 11 || !(1..=6).contains(&d[0]) {
        return false;
    }
    let month = d[3] * 10 + d[4];
    let day = d[5] * 10 + d[6];
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    let w1 = [1u32, 2, 3, 4, 5, 6, 7, 8, 9, 1];
    let w2 = [3u32, 4, 5, 6, 7, 8, 9, 1, 2, 3];
    let s1: u32 = d[..10].iter().zip(w1).map(|(&x, w)| x as u32 * w).sum();
    let mut c = s1 % 11;
    if c == 10 {
        let s2: u32 = d[..10].iter().zip(w2).map(|(&x, w)| x as u32 * w).sum();
        c = s2 % 11;
        if c == 10 {
            c = 0;
        }
    }
    c == d[10] as u32
}

/// Japanese My Number (個人番号): 12 digits, check digit from weights 6 5 4 3 2 7 6 5 4 3 2.
pub fn my_number_ok(d: &[u8]) -> bool {
    if d.len() != 12 {
        return false;
    }
    let s: u32 = (1..=11).map(|n| d[11 - n] as u32 * if n <= 6 { n as u32 + 1 } else { n as u32 - 5 }).sum();
    let r = s % 11;
    let c = if r <= 1 { 0 } else { 11 - r };
    c == d[11] as u32
}

/// German Steuer-ID: 11 digits, first not 0, ISO 7064 MOD 11,10 check digit.
pub fn steuer_id_ok(d: &[u8]) -> bool {
    if d.len() != 11 || d[0] == 0 {
        return false;
    }
    let mut product = 10u32;
    for &x in &d[..10] {
        let mut sum = (x as u32 + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    let check = (11 - product) % 10;
    check == d[10] as u32
}

/// US SSN structure (area not 000/666/9xx, group not 00, serial not 0000).
pub fn ssn_plausible(d: &[u8]) -> bool {
    if d.len() != 9 {
        return false;
    }
    let area = d[0] as u32 * 100 + d[1] as u32 * 10 + d[2] as u32;
    let group = d[3] * 10 + d[4];
    let serial: u32 = d[5..].iter().fold(0, |a, &x| a * 10 + x as u32);
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_vectors() {
        // Published examples: ECBS IBAN samples, the PESEL/NIP/BSN examples of their registries.
        assert!(iban_ok("GB82WEST12345698765432"));
        assert!(iban_ok("NL91ABNA0417164300"));
        assert!(iban_ok("DE89370400440532013000"));
        assert!(iban_ok("PL61109010140000071219812874"));
        assert!(iban_ok("LT121000011101001000"));
        assert!(!iban_ok("GB82WEST12345698765433"));
        assert!(luhn(&digits("4111 1111 1111 1111")));
        assert!(luhn(&digits("5500 0000 0000 0004")));
        assert!(!luhn(&digits("4111 1111 1111 1112")));
        assert!(pesel_ok(&digits("44051401359")));
        assert!(!pesel_ok(&digits("44051401358")));
        assert!(nip_ok(&digits("526-000-12-46")));
        assert!(!nip_ok(&digits("526-000-12-47")));
        assert!(bsn_ok(&digits("111222333")));
        assert!(bsn_ok(&digits("123456782")));
        assert!(!bsn_ok(&digits("123456789")));
        assert!(lt_personal_ok(&digits("33309240064")));
        assert!(!lt_personal_ok(&digits("33309240065")));
        assert!(my_number_ok(&digits("123456789018")));
        assert!(!my_number_ok(&digits("123456789012")));
        assert!(steuer_id_ok(&digits("86095742719")));
        assert!(!steuer_id_ok(&digits("86095742718")));
        assert!(ssn_plausible(&digits("123-45-6789")));
        assert!(!ssn_plausible(&digits("666-45-6789")));
    }
}
