//! Start-up of `scan-text`, broken down: how long each detector's first call takes in a fresh
//! process (compiling its patterns, parsing its data). Each stage is timed once, in the order a
//! first scan meets them, so a stage's figure excludes what earlier stages already built. The
//! whole first scan of a small screen is timed in a second process, as `scan-text` pays it.
//! Run: `cargo bench --bench startup`.

use std::time::Instant;

/// As the `screenveil` binary allocates.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use screenveil::detect::{self, Context};

const SCREEN: &str = "Imię i nazwisko: Justyna Folta\nE-mail: folta.justyna@o2.pl\nTelefon: 648 826 806\nIBAN: PL03 7382 5402 7503 3892 6711 5007\nhasło: Zima2024!\nul. Długa 5, 00-950 Warszawa\nData urodzenia: 3 marca 1981\nVersion 5.4.9, build 2025-11-06\n";

fn time(name: &str, f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    let ms = t.elapsed().as_secs_f64() * 1e3;
    println!("{name:<28} {ms:7.1} ms");
    ms
}

fn main() {
    if std::env::args().any(|a| a == "--whole") {
        let t = Instant::now();
        let n = detect::scan::scan_text(SCREEN).len();
        println!("{:<28} {:7.1} ms ({n} findings)", "first scan of a screen", t.elapsed().as_secs_f64() * 1e3);
        return;
    }

    let ctx = Context::default();
    let mut out = Vec::new();
    let line = "Telefon: 648 826 806 IBAN: PL03 7382 5402 7503 3892 6711 5007 hasło: Zima2024!";
    let mut total = 0.0;
    total += time("rules", || detect::rules::BUILTIN.find(line, &ctx, &mut out));
    total += time("labels", || {
        std::hint::black_box(detect::labels::label_category("Telefon"));
    });
    total += time("labels by context", || detect::labelled::find_by_context("Zima2024!", detect::Category::Password, &mut out));
    total += time("inline labels", || detect::inline::find_inline(line, &mut out));
    total += time("phone metadata", || {
        std::hint::black_box(detect::phones::judge("648 826 806"));
    });
    total += time("contact (e-mail, phone)", || detect::contact::find(line, &ctx, &mut out));
    total += time("ids (IBAN, card)", || detect::ids::find(line, line, &ctx, &mut out));
    total += time("secrets", || detect::secrets::find(line, &mut out));
    total += time("names", || detect::names::find("Justyna Folta", &mut out));
    total += time("places", || detect::places::find("ul. Długa 5, 00-950 Warszawa", &ctx, &mut out));
    total += time("dates", || {
        std::hint::black_box(detect::dates::find_date("3 marca 1981"));
    });
    total += time("whole scan after these", || {
        std::hint::black_box(detect::scan::scan_text(SCREEN));
    });
    println!("{:<28} {total:7.1} ms", "sum");
    let exe = std::env::current_exe().expect("own path");
    let out = std::process::Command::new(exe).arg("--whole").output().expect("run self");
    print!("{}", String::from_utf8_lossy(&out.stdout));
}
