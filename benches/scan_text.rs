//! Throughput of `scan-text`'s detectors on screen text, in bytes per second on one core.
//!
//! Uses the documents of `../shared/eval-dev/text/corpus.jsonl` when present, else the text
//! of a generated screen. Each iteration scans every document once with the memos of earlier
//! answers emptied, so every line is detected afresh; compiled patterns and the regex
//! engines' caches stay warm, as in a running process (compilation is start-up, measured by
//! `benches/startup.rs`). Run: `cargo bench --bench scan_text`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// As the `screenveil` binary allocates.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn documents() -> (Vec<String>, &'static str) {
    let dev = std::path::Path::new("../shared/eval-dev/text/corpus.jsonl");
    if let Ok(text) = std::fs::read_to_string(dev) {
        let docs =
            text.lines().filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok()).filter_map(|v| v["text"].as_str().map(String::from)).collect();
        return (docs, "dev text corpus");
    }
    let screen = "Imię i nazwisko: Justyna Folta\nE-mail: folta.justyna@o2.pl\nTelefon: 648 826 806\nIBAN: PL03 7382 5402 7503 3892 6711 5007\nhasło: Zima2024!\nVersion 5.4.9, build 2025-11-06\n";
    ((0..200).map(|i| format!("{screen}Order {i}\n")).collect(), "generated screens")
}

fn bench(c: &mut Criterion) {
    let (docs, name) = documents();
    let bytes: usize = docs.iter().map(String::len).sum();
    // Start-up (compilation of every rule and pattern) happens once, before measuring.
    let _ = screenveil::detect::scan::scan_text(&docs[0]);
    let mut g = c.benchmark_group("scan-text");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(format!("{name}: {} documents, {} KB", docs.len(), bytes / 1024), |b| {
        b.iter(|| {
            screenveil::detect::forget_answers();
            docs.iter().map(|d| screenveil::detect::scan::scan_text(d).len()).sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
