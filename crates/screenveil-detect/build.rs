//! Embeds every rule file of `models/rules/` into the binary, so the program needs no data
//! directory at run time and a new rule file is picked up without code changes.

use std::fmt::Write as _;

fn main() {
    // The data lives at the repository's top, beside the other model files.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("models/rules exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = String::from("/// Built-in rule files: (file name, TOML text).\npub const BUILTIN_RULES: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().and_then(|n| n.to_str()).expect("utf-8 file name");
        writeln!(out, "    ({name:?}, include_str!({:?})),", f.display().to_string()).expect("write");
    }
    out.push_str("];\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("rules_index.rs");
    std::fs::write(dest, out).expect("write rules index");
}
