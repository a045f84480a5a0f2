//! Bad input gets a clear one-line error, a non-zero exit, and no output file.

mod common;

use std::ffi::OsStr;

use common::*;
use tempfile::TempDir;

fn expect_failure(args: &[&OsStr], code: i32, needle: &str, no_file: &std::path::Path) {
    let o = run(args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "stderr: {err}");
    assert!(err.contains(needle), "expected {needle:?} in {err:?}");
    assert_eq!(err.trim().lines().count(), 1, "one-line error, got {err:?}");
    assert!(!no_file.exists(), "{} was left behind", no_file.display());
    let dir = no_file.ancestors().find(|d| d.is_dir()).unwrap();
    let leftovers: Vec<_> =
        std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name()).filter(|n| n.to_string_lossy().contains(".part")).collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

fn sample(dir: &TempDir) -> std::path::PathBuf {
    let f = font(DEJAVU);
    let mut s = Screen::new(300, 60, false);
    s.line(&f, 14.0, 10, 10, &[("hello", false)], "eng");
    let p = dir.path().join("ok.png");
    s.save(&p);
    p
}

#[test]
fn missing_file() {
    let d = TempDir::new().unwrap();
    let out = d.path().join("out.png");
    expect_failure(&[OsStr::new("image"), d.path().join("nope.png").as_os_str(), OsStr::new("-o"), out.as_os_str()], 3, "cannot read", &out);
}

#[test]
fn corrupt_png() {
    let d = TempDir::new().unwrap();
    let good = sample(&d);
    let bytes = std::fs::read(&good).unwrap();
    let bad = d.path().join("bad.png");
    std::fs::write(&bad, &bytes[..bytes.len() / 2]).unwrap();
    let out = d.path().join("out.png");
    expect_failure(&[OsStr::new("image"), bad.as_os_str(), OsStr::new("-o"), out.as_os_str()], 3, "corrupt", &out);
}

#[test]
fn not_an_image() {
    let d = TempDir::new().unwrap();
    let bad = d.path().join("notes.png");
    std::fs::write(&bad, "password: hunter2\n").unwrap();
    let out = d.path().join("out.png");
    expect_failure(&[OsStr::new("image"), bad.as_os_str(), OsStr::new("-o"), out.as_os_str()], 3, "not a supported image", &out);
}

#[test]
fn unwritable_output() {
    let d = TempDir::new().unwrap();
    let good = sample(&d);
    let out = d.path().join("no-such-dir").join("out.png");
    expect_failure(&[OsStr::new("image"), good.as_os_str(), OsStr::new("-o"), out.as_os_str()], 4, "cannot write", &out);
}

#[test]
fn missing_language_data() {
    let d = TempDir::new().unwrap();
    let good = sample(&d);
    let out = d.path().join("out.png");
    expect_failure(
        &[OsStr::new("image"), good.as_os_str(), OsStr::new("-o"), out.as_os_str(), OsStr::new("--lang"), OsStr::new("xyz")],
        5,
        "language data",
        &out,
    );
}

#[test]
fn unreadable_language_data() {
    // Engines load while the input is decoded; a data file that is there but broken must
    // still end the run with the setup exit code and leave nothing behind.
    let d = TempDir::new().unwrap();
    let good = sample(&d);
    let data = d.path().join("tessdata");
    std::fs::create_dir(&data).unwrap();
    for lang in ["eng", "jpn"] {
        std::fs::write(data.join(format!("{lang}.traineddata")), b"not a traineddata file").unwrap();
    }
    let out = d.path().join("out.png");
    let o = std::process::Command::new(bin())
        .args([OsStr::new("image"), good.as_os_str(), OsStr::new("-o"), out.as_os_str()])
        .env("TESSDATA_PREFIX", &data)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(5), "stderr: {err}");
    assert!(err.lines().last().is_some_and(|l| l.contains("could not be loaded")), "{err}");
    assert!(!out.exists(), "{} was left behind", out.display());
}

#[test]
fn bad_config_key() {
    let d = TempDir::new().unwrap();
    let good = sample(&d);
    let cfg = d.path().join("c.toml");
    std::fs::write(&cfg, "[redact]\nstyel = \"fill\"\n").unwrap();
    let out = d.path().join("out.png");
    expect_failure(
        &[OsStr::new("--config"), cfg.as_os_str(), OsStr::new("image"), good.as_os_str(), OsStr::new("-o"), out.as_os_str()],
        2,
        "invalid config",
        &out,
    );
}
