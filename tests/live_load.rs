//! The live path under CPU starvation, alone in its test binary so its busy loops slow no
//! other test: secrets appear mid-stream while higher-priority loops take every core, and
//! every output frame is read back.

mod common;

use std::process::Command;

use common::live::*;
use common::*;

/// Busy loops competing for every core; stopped when dropped.
struct Hogs(#[allow(dead_code)] Vec<Kill>);

fn hogs(per_core: usize) -> Hogs {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    // At a higher priority than screenveil where allowed (root, as in CI): a game or an
    // encoder that takes the machine; otherwise at the same priority.
    let nice = if is_root() { "-8" } else { "0" };
    Hogs((0..cores * per_core).map(|_| Kill(Command::new("nice").args(["-n", nice, "sh", "-c", "while :; do :; done"]).spawn().expect("nice"))).collect())
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn live_under_cpu_starvation_never_shows_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let (clip, _, label) = clip_with_late_secret(dir.path(), 4.0);
    let (screen, _, _) = secret_screen(false);
    let secrets: Vec<Piece> = screen.pieces.iter().filter(|p| p.sensitive).cloned().collect();
    assert_eq!(secrets.len(), 2);
    let out = dir.path().join("live.mkv");
    let stats = dir.path().join("stats.json");
    // Two busy loops per core: decoding, analysis, OCR and encoding all fall behind real
    // time while the secrets appear (at 1.5 s); frames leave late, on the overload path.
    let hog = hogs(1);
    let r = Command::new(bin()).args(["stream", "--from"]).arg(&clip).arg("--to").arg(&out).arg("--stats").arg(&stats).output().unwrap();
    drop(hog);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let frames = decode(&out, 1280, 720);
    assert!(frames.len() >= 150, "frames keep flowing: {}", frames.len());
    let refs: Vec<&Piece> = secrets.iter().collect();
    // Every output frame is read back.
    assert_no_leak(&frames, &refs, &label, 1);
    let st: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&stats).unwrap()).unwrap();
    let paths = ["analysed_frames", "overloaded_frames", "slate_frames"].iter().map(|k| st[k].as_u64().unwrap()).sum::<u64>();
    assert_eq!(paths, st["frames"].as_u64().unwrap(), "every frame left on a counted path: {st}");
    eprintln!("under load: {st}");
}
