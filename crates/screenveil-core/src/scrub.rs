//! Masking of stream addresses in everything screenveil prints: one function for every URL
//! shape (user info, query with or without `=`, path segments, fragments), and a scrubber for
//! text that comes from elsewhere (GStreamer errors and debug logs) that removes the secrets
//! of the destinations in use.

use std::sync::Mutex;

/// Secrets of the destinations and sources in use (stream keys, passwords, passphrases).
static SECRETS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Remembers secrets so that [`scrub`] removes them from any later message.
pub fn register_secrets(secrets: impl IntoIterator<Item = String>) {
    let mut s = SECRETS.lock().unwrap_or_else(|e| e.into_inner());
    for v in secrets {
        if !v.is_empty() && !s.contains(&v) {
            s.push(v);
        }
    }
    // Longest first, so a secret containing another is replaced whole.
    s.sort_by_key(|v| std::cmp::Reverse(v.len()));
}

/// Control characters shown escaped, so a destination cannot rewrite the terminal.
pub fn printable(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

/// Masks everything of a URL-like string that may be secret: user info (everything before
/// the last `@`), every path segment after the first (all of them when there is only one),
/// every query value (and query items without `=`), the fragment. Works on strings no parser
/// accepts, since those are exactly the ones printed in errors.
pub fn mask_url(url: &str) -> String {
    let Some(colon) = url.find(':') else { return "****".into() };
    let scheme = &url[..colon];
    if scheme.is_empty() || !scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) {
        return "****".into();
    }
    let rest = &url[colon + 1..];
    let (slashes, rest) = match rest.strip_prefix("//") {
        Some(r) => ("//", r),
        None => ("", rest.trim_start_matches('/')),
    };
    let (rest, frag) = rest.split_once('#').map_or((rest, false), |(a, _)| (a, true));
    let (userinfo, rest) = rest.rsplit_once('@').map_or((false, rest), |(_, h)| (true, h));
    let (auth_path, query) = rest.split_once('?').map_or((rest, None), |(a, q)| (a, Some(q)));
    let (auth, path) = auth_path.split_once('/').map_or((auth_path, None), |(a, p)| (a, Some(p)));
    let mut out = format!("{scheme}:{slashes}");
    if userinfo {
        out.push_str("****@");
    }
    out.push_str(auth);
    if let Some(p) = path {
        let segs: Vec<&str> = p.split('/').collect();
        match segs.as_slice() {
            [""] => out.push('/'),
            [_] => out.push_str("/****"),
            [app, ..] => {
                out.push('/');
                out.push_str(app);
                out.push_str("/****");
            }
            [] => {}
        }
    }
    if let Some(q) = query {
        let masked: Vec<String> = q
            .split('&')
            .map(|kv| match kv.split_once('=') {
                Some(("mode" | "latency" | "pbkeylen" | "localaddress" | "localport", _)) => kv.to_string(),
                Some((k, _)) => format!("{k}=****"),
                None if kv.is_empty() => String::new(),
                None => "****".into(),
            })
            .collect();
        out.push('?');
        out.push_str(&masked.join("&"));
    }
    if frag {
        out.push_str("#****");
    }
    printable(&out)
}

/// Removes registered secrets and masks every `scheme://…` run in a message that comes from
/// elsewhere (a GStreamer error or debug line may quote the location it was given).
pub fn scrub(msg: &str) -> String {
    let mut out = msg.to_string();
    let secrets = SECRETS.lock().unwrap_or_else(|e| e.into_inner()).clone();
    for s in &secrets {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), "****");
        }
    }
    let mut res = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(i) = rest.find("://") {
        let start =
            rest[..i].rfind(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c))).map_or(0, |j| j + rest[j..].chars().next().map_or(1, char::len_utf8));
        let mut end = rest[i..].find(|c: char| c.is_whitespace() || "\"'<>)]".contains(c)).map_or(rest.len(), |j| i + j);
        // Sentence punctuation after a URL is not part of it.
        while end > i + 3 && rest[..end].ends_with([':', ',', '.', ';']) {
            end -= 1;
        }
        res.push_str(&rest[..start]);
        res.push_str(&mask_url(&rest[start..end]));
        rest = &rest[end..];
    }
    res.push_str(rest);
    printable(&res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_url_shape_is_masked() {
        let cases = [
            ("rtmp://user:p?ss@host/app/KEYVALUE", "KEYVALUE"),
            ("rtmp://user:p/ss@host/app/KEYVALUE", "p/ss"),
            ("rtmp://127.0.0.1?@live.twitch.tv/app/KEYVALUE", "KEYVALUE"),
            ("srt://127.0.0.1:9000?SECRETVALUE", "SECRETVALUE"),
            ("srt://127.0.0.1:9000/SECRETVALUE", "SECRETVALUE"),
            ("rtmp://127.0.0.1/ONESEGMENTKEY", "ONESEGMENTKEY"),
            ("rtmp://h/app#FRAGMENTVALUE", "FRAGMENTVALUE"),
            ("rtmp:/live.twitch.tv/app/KEYVALUE", "KEYVALUE"),
            ("srt://h:1?streamid=STREAMIDVAL&passphrase=PASSPHRASEV", "PASSPHRASEV"),
        ];
        for (u, secret) in cases {
            let m = mask_url(u);
            assert!(!m.contains(secret), "{u} -> {m}");
        }
        assert_eq!(mask_url("srt://host:9000?streamid=abc&passphrase=xyz"), "srt://host:9000?streamid=****&passphrase=****");
        assert_eq!(mask_url("rtmp://user:pw@h/app/key"), "rtmp://****@h/app/****");
        assert_eq!(printable("a\u{1b}[2K\rb"), "a\\u{1b}[2K\\rb");
    }

    #[test]
    fn scrub_masks_quoted_urls_and_registered_secrets() {
        register_secrets(["QUIETSECRET99".to_string()]);
        let s = scrub("Could not connect to 'rtmp://live.example/app/KEYVALUE' (QUIETSECRET99)");
        assert!(!s.contains("KEYVALUE") && !s.contains("QUIETSECRET99"), "{s}");
        assert!(s.contains("rtmp://live.example/app/****"), "{s}");
        // Found by the gate's fuzz target: a scheme after multi-byte characters.
        assert!(scrub("ъъ://x").starts_with("ъъ"));
    }
}
