//! Credentials that no single provider format describes: secrets assigned to secret-named
//! keys (`.env`, YAML, JSON, INI), high-entropy blobs, and PEM/OpenSSH private-key blocks
//! that span many lines. Provider formats (AWS, GitHub, Slack, …) are rules in
//! `models/rules/*.toml`, run by [`super::rules`].

use std::sync::LazyLock;

use regex::Regex;

use super::norm::entropy;
use super::{Category, Finding, Match};
use crate::text::TextLine;

/// `KEY = value` / `"key": "value"` / `key: value` where the key names a secret.
static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    // OCR turns `_` into spaces in monospace text, so key words may be space-separated. The
    // value runs to the end of the line (or a quote), since OCR also splits values.
    Regex::new(r#"(?i)([A-Za-z0-9_.-]*(?:[s5][e3]cr[e3]t|t[o0]k[e3]n|jwt|api[_\s-]?key|apikey|pa[s5]{1,2}[wvm](?:[o0]r)?d|pa[s5]{1,2}[wvm][o0]rt|pwd|auth[_\s-]?key|credential|private[_\s-]?key|access[_\s-]?key|client[_\s-]?secret|signing[_\s-]?key|salt|dsn|[_\s]key)[A-Za-z0-9_.-]*)["']?\s*(?::|=|=>)\s*["'`]?([^\s"'`,;][^"'`,;]{3,})"#)
        .expect("assignment pattern")
});

/// Long token-alphabet runs; filtered by character classes and entropy.
static BLOB: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[A-Za-z0-9+/=_-]{24,}").expect("blob pattern"));

/// Secret-named assignments and high-entropy blobs in one line.
pub fn find(text: &str, out: &mut Vec<Match>) {
    for c in ASSIGNMENT.captures_iter(text) {
        let (key, val) = (c.get(1).expect("group"), c.get(2).expect("group"));
        // Key words with a digit OCR read for a letter ("T0KEN", "DB_PA5SWORD") are those words.
        let k: String = key
            .as_str()
            .to_ascii_lowercase()
            .chars()
            .map(|c| match c {
                '0' => 'o',
                '5' => 's',
                '3' => 'e',
                _ => c,
            })
            .collect();
        let raw = val.as_str();
        let v = raw.split(" #").next().unwrap_or(raw).trim_end();
        let val_range = val.start()..val.start() + v.len();
        if is_placeholder(v) {
            continue;
        }
        let is_pw = k.contains("pass") || k.contains("pwd");
        let cat = if is_pw {
            Category::Password
        } else if k.contains("key") && !k.contains("private") {
            Category::ApiKey
        } else {
            Category::Token
        };
        // Non-password keys need a random-looking value; "token: refresh" is not a secret.
        let compact = v.replace(' ', "");
        // 32–128 hex digits are how many vendors issue secrets (Twilio auth tokens, WordPress
        // salts, Flask/Rails secret keys); under a secret-named key they are one.
        // OCR misreads a digit or two of a long hex run as a letter ("fdebfé6f").
        let hex_secret = (32..=128).contains(&compact.chars().count())
            && compact.chars().all(char::is_alphanumeric)
            && compact.chars().filter(|c| !c.is_ascii_hexdigit()).count() <= 2;
        // Letters only, both cases, long and varied: Hugging Face and other letter-only tokens.
        let letters_secret = compact.len() >= 24
            && compact.chars().any(|c| c.is_ascii_uppercase())
            && compact.chars().any(|c| c.is_ascii_lowercase())
            && entropy(&compact) >= 4.0;
        if is_pw || (v.len() >= 8 && (looks_random(&compact) || caps_key(&compact) || hex_secret || letters_secret)) {
            out.push(Match::new(val_range, cat, "assignment.secret", if is_pw { 0.9 } else { 0.85 }));
        }
    }
    for m in BLOB.find_iter(text) {
        let (at, v) = value_part(m.as_str());
        if v.len() >= 16 && looks_random(v) && !is_hex_or_uuid(v) && entropy(v) >= 3.8 {
            out.push(Match::new(m.start() + at..m.end(), Category::Token, "generic.high_entropy", 0.6));
        }
    }
}

/// A blob that starts with `NAME=` (an environment assignment, glued together by the blob's
/// alphabet) is judged by its value alone: the name is a label that stays readable, and
/// `REQUEST_ID=<uuid>` is a UUID, not a secret. Base64 padding (`=` at the end) is no name.
fn value_part(blob: &str) -> (usize, &str) {
    if let Some(eq) = blob.find('=') {
        let (name, value) = (&blob[..eq], &blob[eq + 1..]);
        let is_name = !name.is_empty()
            && name.len() <= 48
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && name.chars().any(|c| c.is_ascii_alphabetic());
        if is_name && !value.is_empty() && !value.starts_with('=') {
            return (eq + 1, value);
        }
    }
    (0, blob)
}

/// Upper-case letters and digits, 16 or more: how key IDs and licence keys are written
/// (`AKIA…`); random enough when a secret-named key is assigned it.
fn caps_key(v: &str) -> bool {
    v.len() >= 16
        && v.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && v.chars().filter(char::is_ascii_digit).count() >= 2
        && v.chars().filter(char::is_ascii_uppercase).count() >= 4
}

pub(super) fn is_placeholder(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    // Documentation's stand-ins: YOUR_API_KEY_HERE, REPLACE_ME, CHANGE_ME, INSERT_TOKEN.
    let stand_in = v.chars().all(|c| c.is_ascii_uppercase() || c == '_' || c == '-')
        && ["YOUR", "REPLACE", "CHANGE", "EXAMPLE", "HERE", "INSERT", "TODO", "PLACEHOLDER", "DUMMY"].iter().any(|w| v.contains(w));
    v.starts_with("${")
        || v.starts_with('<')
        || v.starts_with("{{")
        || v.chars().all(|c| matches!(c, '*' | '•' | '●' | '·' | 'x' | '.'))
        || l == "null"
        || l == "none"
        || l == "true"
        || l == "false"
        || l.starts_with("process.env")
        || l.starts_with("env(")
        || (v.starts_with('[') && v.ends_with(']'))
        || ["hidden", "redacted", "masked", "not set", "n/a", "-"].contains(&l.as_str())
        || stand_in
}

/// At least upper, lower and digit, or two of them plus symbols, as generated secrets are.
fn looks_random(v: &str) -> bool {
    let up = v.chars().any(|c| c.is_ascii_uppercase());
    let lo = v.chars().any(|c| c.is_ascii_lowercase());
    let di = v.chars().any(|c| c.is_ascii_digit());
    let sy = v.chars().any(|c| "+/=_-".contains(c));
    (up && lo && di) || (di && (up || lo) && sy && v.len() >= 20)
}

static UUID_SHAPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9A-Za-z]{8}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{12}$").expect("uuid"));

/// Hashes and UUIDs are identifiers, not secrets (UUID shape also with OCR'd letters).
fn is_hex_or_uuid(v: &str) -> bool {
    // OCR misreads a few hex digits as letters ("d1a8bS2f0Idfbb…", "46cG"): read them back.
    let repaired: String = v
        .chars()
        .map(|c| match c {
            'O' | 'o' => '0',
            'S' | 's' => '5',
            'Z' | 'z' => '2',
            'I' | 'l' | '|' => '1',
            'G' => '6',
            'B' => '8',
            'g' | 'q' => '9',
            _ => c,
        })
        .collect();
    let hex = |t: &str| t.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    hex(v) || UUID_SHAPE.is_match(v) || (hex(&repaired) && (UUID_SHAPE.is_match(&repaired) || [40, 64].contains(&repaired.len()))) || is_public_key(v)
}

/// An OpenSSH public key's body (RFC 4253 §6.6: the base64 of the length-prefixed key type
/// "ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-…", "sk-…"): public, not a secret.
fn is_public_key(v: &str) -> bool {
    ["AAAAB3NzaC1", "AAAAC3NzaC1", "AAAAE2VjZHNh", "AAAAGnNrLXNzaC1", "AAAAInNrLWVjZHNh"].iter().any(|p| v.starts_with(p))
}

/// Private-key blocks: every line between a `BEGIN … PRIVATE KEY` header and its `END`
/// line (or, when the header scrolled away, base64 body lines under an END line's column).
pub fn find_blocks(lines: &[TextLine]) -> Vec<Finding> {
    let mut out = Vec::new();
    let is_begin = |t: &str| t.contains("BEGIN") && t.contains("PRIVATE") || t.contains("BEGIN OPENSSH") || t.contains("BEGIN PGP PRIVATE");
    let is_end = |t: &str| t.contains("END") && (t.contains("PRIVATE") || t.contains("KEY"));
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by_key(|&i| (lines[i].rect.y0, lines[i].rect.x0));
    let mut i = 0;
    while i < order.len() {
        let head = &lines[order[i]];
        if !is_begin(&head.text) {
            i += 1;
            continue;
        }
        let col = head.rect;
        let h = col.height().max(8);
        let mut last_y = col.y1;
        let mut j = i + 1;
        while j < order.len() {
            let l = &lines[order[j]];
            if l.rect.y0 > last_y + 3 * h {
                break;
            }
            let aligned = (l.rect.x0 - col.x0).abs() <= 4 * h;
            if aligned {
                if is_end(&l.text) {
                    break;
                }
                if l.text.len() >= 8 {
                    out.push(Finding {
                        category: Category::PrivateKey,
                        rule: "pem.private_key",
                        confidence: 0.95,
                        boxes: l.boxes_for(0..l.text.len()),
                        preview: "********".into(),
                    });
                    last_y = l.rect.y1;
                }
            }
            j += 1;
        }
        i = j;
    }
    out
}

/// Builds this detector's patterns and tables (see [`super::warm_up`]).
pub(super) fn warm() {
    LazyLock::force(&ASSIGNMENT);
    LazyLock::force(&BLOB);
    LazyLock::force(&UUID_SHAPE);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(t: &str) -> Vec<(String, &'static str)> {
        let mut m = Vec::new();
        find(t, &mut m);
        m.into_iter().map(|m| (t[m.range].to_string(), m.rule)).collect()
    }

    /// All detectors (rules included), as the engine runs them.
    fn all(t: &str) -> Vec<(String, &'static str)> {
        crate::detect_text(t, &crate::Context::default()).into_iter().map(|m| (t[m.range].to_string(), m.rule)).collect()
    }

    #[test]
    fn provider_formats() {
        let cases = [
            ("export AWS_ACCESS_KEY_ID=AKIABC6P7HCEUF3V23LO", "AKIABC6P7HCEUF3V23LO"),
            ("token: ghp_meraE8PEVUza4pkGxIZnPG5AxsZJstuSyaEz", "ghp_meraE8PEVUza4pkGxIZnPG5AxsZJstuSyaEz"),
            ("SLACK=xoxb-465282043707-1865150295067-AQcqrmqZcdjXOilrl3cOXZa8", "xoxb-465282043707-1865150295067-AQcqrmqZcdjXOilrl3cOXZa8"),
            ("stripe sk_live_qOnNJjPA9UlUhFyAwiUELLbn", "sk_live_qOnNJjPA9UlUhFyAwiUELLbn"),
            ("key=AIza9DOq2IhtI9vRgeyNjTsmaXsnhKQWtCgVXY8", "AIza9DOq2IhtI9vRgeyNjTsmaXsnhKQWtCgVXY8"),
        ];
        for (text, secret) in cases {
            assert!(all(text).iter().any(|(v, _)| v == secret), "{text}: {:?}", all(text));
        }
    }

    #[test]
    fn an_assigned_blob_is_judged_by_its_value() {
        // The name stays readable; a UUID value is no secret even glued to its name.
        assert_eq!(hits("GENERIC_BLOB=Qm9vdHN0cmFwU2VjcmV0X3Y5aKq3"), vec![("Qm9vdHN0cmFwU2VjcmV0X3Y5aKq3".to_string(), "generic.high_entropy")]);
        assert!(hits("REQUEST_ID=716017be-80d4-44bc-8009-d05b1997eb00").is_empty());
        // A key ID split by OCR is still the value of a secret-named key.
        assert!(hits("export AWS _ACCESS_KEY_ID=AKIAJAPV22DL JCN6ABNE").iter().any(|(v, r)| v == "AKIAJAPV22DL JCN6ABNE" && *r == "assignment.secret"));
        assert!(hits("API_KEY_NAME=PRODUCTION").is_empty(), "a word is no key");
        // Base64 padding is not a name.
        assert_eq!(hits("Zm9vYmFyQmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdI==").len(), 1);
    }

    #[test]
    fn url_password_only() {
        let h = all("DATABASE_URL=postgres://crm-api:Warszawa.sfd15@db.internal:5432/crm-api");
        assert!(h.iter().any(|(v, r)| v == "Warszawa.sfd15" && *r == "url.credentials.1"), "{h:?}");
        let h = all("DATABASE_URL=postgres : //crm-api:Warszawa . sfd15Gdb.internal:5432/crm");
        assert!(h.iter().any(|(v, _)| v.starts_with("Warszawa")), "OCR-spaced URL with @ read as G: {h:?}");
    }

    #[test]
    fn letter_only_tokens_under_secret_named_keys() {
        assert!(hits("HF_TOKEN=hf_peQVfNxREtGbs j CdODYEGLBKcmDwIbcnkJ").iter().any(|(_, r)| *r == "assignment.secret"));
        assert!(hits("TOKEN=refresh").is_empty());
    }

    #[test]
    fn assignments() {
        let h = hits("AWS_SECRET_ACCESS_KEY=aYHb5KeVY9tU3JfQ3AILv8gI4sj8Y+jSSW15uZDj");
        assert!(h.iter().any(|(v, _)| v == "aYHb5KeVY9tU3JfQ3AILv8gI4sj8Y+jSSW15uZDj"), "{h:?}");
        let h = hits("  password: \"Katze2022$\"");
        assert!(h.iter().any(|(v, _)| v == "Katze2022$"), "{h:?}");
        // OCR reads W as M and O as 0 in monospace fonts.
        let h = hits("SMTP_PASSM0RD=pavasar1s961@");
        assert!(h.iter().any(|(v, _)| v == "pavasar1s961@"), "{h:?}");
        assert!(hits("token: ${GITHUB_TOKEN}").is_empty());
        assert!(hits("api_key = process.env.API_KEY").is_empty());
    }

    #[test]
    fn hashes_and_uuids_are_not_secrets() {
        assert!(all("commit 8405084 a1c371e c380ece").is_empty());
        assert!(hits("commit 8405084c1e9f4a2b3c4d5e6f708192a3b4c5d6e7").is_empty());
        assert!(hits("id bbe80663-8f61-4496-b01f-e16398d06cf1").is_empty());
        assert!(hits("version 1.4.2 released 2025-01-24").is_empty());
    }

    #[test]
    fn pem_body_lines_are_blobs() {
        let h = hits("MIIEpAIBAAKCAQEAbx/bnZO2BFPg4fhe9Ek8n5kkUVFuZwEoJd5EVspF7anRQ4cn");
        assert!(!h.is_empty());
    }
}
