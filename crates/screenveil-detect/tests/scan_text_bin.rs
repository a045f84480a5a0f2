//! The detection crate's own `scan-text` binary: findings as JSON lines, values never printed,
//! unreadable input refused with exit 3.

use std::io::Write;
use std::process::{Command, Stdio};

fn scan(input: &str) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scan-text")).arg("-").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn findings_come_out_as_json_lines_with_masked_previews() {
    let text = "Kontakt: agnieszka.wisniewska@firma.pl\nIBAN NL91ABNA0417164300\nDzień dobry";
    let (code, out) = scan(text);
    assert_eq!(code, 0);
    let rows: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let kinds: Vec<&str> = rows.iter().filter_map(|r| r["category"].as_str()).collect();
    assert!(kinds.contains(&"email") && kinds.contains(&"iban"), "{out}");
    for r in &rows {
        let (s, e) = (r["start"].as_u64().unwrap() as usize, r["end"].as_u64().unwrap() as usize);
        let value = &text[s..e];
        assert!(!r["preview"].as_str().unwrap().contains(value), "{r}");
    }
    assert!(!out.contains("wisniewska@firma.pl") && !out.contains("0417164300"));
}

#[test]
fn an_unreadable_file_is_exit_3() {
    let out = Command::new(env!("CARGO_BIN_EXE_scan-text")).arg("/nonexistent/text.txt").output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/text.txt"));
}
