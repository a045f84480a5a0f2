//! Speed of the screenshot pipeline, stage by stage and end to end, and of incremental
//! analysis of recordings against the naive per-frame baseline.
//!
//! Uses the dense 1080p spreadsheet of `../shared/eval-dev` when present, else the bundled
//! sample screen placed on a 1920×1080 canvas. Run: `cargo bench --bench pipeline`.

use criterion::{Criterion, criterion_group, criterion_main};
use screenveil::config::Config;
use screenveil::detect;
use screenveil::engine::Engine;
use screenveil::frame::Frame;
use screenveil::ocr::regions::{RegionParams, find_text_regions, rgb_to_gray};

/// As the `screenveil` binary allocates.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn screen_1080p() -> (Frame, &'static str) {
    let dev = std::path::Path::new("../shared/eval-dev/images/dev-sheet_a-01-pl_PL.png");
    if dev.exists() {
        let img = image::open(dev).expect("dev image").to_rgb8();
        let (w, h) = img.dimensions();
        return (Frame::from_rgb(w, h, img.into_raw()).expect("frame"), "dev-sheet_a-01-pl_PL (1920x1080)");
    }
    let sample = image::open("tests/fixtures/sample-screen.png").expect("sample").to_rgb8();
    let mut canvas = image::RgbImage::from_pixel(1920, 1080, image::Rgb([246, 246, 244]));
    image::imageops::overlay(&mut canvas, &sample, 0, 0);
    image::imageops::overlay(&mut canvas, &image::imageops::crop_imm(&sample, 0, 0, 640, 360).to_image(), 1280, 720);
    (Frame::from_rgb(1920, 1080, canvas.into_raw()).expect("frame"), "bundled sample on 1920x1080")
}

fn text_of_a_screen() -> String {
    let lines = [
        "K-00535 Justyna Folta folta.justyna@o2.pl 648 826 806 81040520004 PL03 7382 5402 7503 3892 6711 5007",
        "ulica Wieniawskiego 70, 69-495 Leszno 05.04.1981 Aktywny 27 694,12 zł",
        "prisijungimo vardas: gintaras.urbonas slaptažodis: Ziema_jxa35",
        "export AWS_SECRET_ACCESS_KEY=aYHb5KeVY9tU3JfQ3AILv8gI4sj8Y+jSSW15uZDj",
        "Susitikimas perkeltas į 14:00. Nauja paskyra paruošta. Version 5.4.9, build 2025-11-06",
    ];
    // ~80 lines: a dense 1080p screen's worth of OCR text.
    lines.iter().cycle().take(80).copied().collect::<Vec<_>>().join("\n")
}

fn bench(c: &mut Criterion) {
    let text = text_of_a_screen();
    c.bench_function("detect: 80 lines of screen text", |b| {
        b.iter(|| text.lines().map(|l| detect::detect_text(l, &detect::Context::default()).len()).sum::<usize>())
    });
    let (frame, name) = screen_1080p();
    let gray = rgb_to_gray(&frame.data, frame.width, frame.height);
    c.bench_function(&format!("regions: {name}"), |b| {
        b.iter(|| find_text_regions(&gray, frame.width, frame.height, &RegionParams::default()).expect("regions").len())
    });
    // Incremental analysis: a static frame after the first (the common case of a recording)
    // against the naive baseline that finds and reads every region of every frame.
    let mut g = c.benchmark_group("recording");
    g.sample_size(10);
    g.bench_function("grey: 1080p RGB frame", |b| b.iter(|| rgb_to_gray(&frame.data, frame.width, frame.height).len()));
    g.bench_function("change detection: 1080p frame pair", |b| {
        b.iter(|| screenveil::track::change::dirty_rows(&gray, &gray, frame.width, frame.height, 24).len())
    });
    let mut inc = {
        let c = Config::default();
        screenveil::track::Tracker::new(&c.ocr, &c.detect, c.redact, c.video).expect("tracker")
    };
    for _ in 0..60 {
        inc.send_frame(frame.clone()).expect("send");
        while inc.receive_frame().expect("receive").is_some() {}
    }
    g.bench_function(format!("incremental, unchanged frame: {name}"), |b| {
        b.iter(|| {
            inc.send_frame(frame.clone()).expect("send");
            inc.receive_frame().expect("receive").is_some()
        })
    });
    let mut naive_cfg = Config::default();
    naive_cfg.video.naive = true;
    naive_cfg.video.lookahead = 1;
    let mut naive = screenveil::track::Tracker::new(&naive_cfg.ocr, &naive_cfg.detect, naive_cfg.redact, naive_cfg.video).expect("tracker");
    g.bench_function(format!("naive, every frame read: {name}"), |b| {
        b.iter(|| {
            naive.send_frame(frame.clone()).expect("send");
            naive.flush().expect("flush");
            let mut n = 0;
            while naive.receive_frame().expect("receive").is_some() {
                n += 1;
            }
            naive.reset();
            n
        })
    });
    g.finish();
    let cfg = Config::default();
    let engine = Engine::new(&cfg.ocr, &cfg.detect, cfg.redact.clone()).expect("engine (tesseract eng+jpn installed)");
    let mut g = c.benchmark_group("screenshot");
    g.sample_size(10);
    g.bench_function(format!("analyse: {name}"), |b| b.iter(|| engine.analyse(&frame).expect("analyse").len()));
    let one = Engine::new(&screenveil::ocr::OcrConfig { threads: 1, ..Default::default() }, &cfg.detect, cfg.redact.clone()).expect("engine");
    g.bench_function(format!("analyse, 1 OCR thread: {name}"), |b| b.iter(|| one.analyse(&frame).expect("analyse").len()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
