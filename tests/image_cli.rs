//! End-to-end tests of `screenveil image`: real fonts rendered into real PNGs, the real
//! binary, real tesseract reading the output back.

mod common;

use std::ffi::OsStr;

use common::*;
use tempfile::TempDir;

fn redact(screen: &Screen, dir: &TempDir) -> (image::RgbImage, serde_json::Value, String) {
    let input = dir.path().join("in.png");
    let output = dir.path().join("out.png");
    let report = dir.path().join("report.json");
    screen.save(&input);
    let o = run(&[OsStr::new("image"), input.as_os_str(), OsStr::new("-o"), output.as_os_str(), OsStr::new("--report"), report.as_os_str()]);
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(o.status.success(), "screenveil failed: {stderr}");
    let out = image::open(&output).expect("output decodes").to_rgb8();
    assert_eq!(out.dimensions(), screen.img.dimensions(), "size kept");
    let rep: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).expect("report written")).expect("report is JSON");
    (out, rep, stderr)
}

fn polish_form(dark: bool, font_path: &str, px: f32) -> Screen {
    let f = font(font_path);
    let mut s = Screen::new(900, 330, dark);
    let step = (px * 2.4) as i32;
    let mut y = 20;
    for parts in [
        vec![("Hasło:", false), ("Zima2024!", true)],
        vec![("E-mail:", false), ("jan.kowalski@example.pl", true)],
        vec![("PESEL", false), ("44051401359", true)],
        vec![("Zamówienie 2024/11/3345 razem 1 432,76 zł", false)],
        vec![("Telefon:", false), ("+48 601 234 567", true)],
        vec![("Wersja 5.4.9 z dnia 12.03.2025", false)],
    ] {
        s.line(&f, px, 24, y, &parts, "eng");
        y += step;
    }
    s
}

#[test]
fn light_theme_13px_credentials_contacts_and_ids() {
    let dir = TempDir::new().unwrap();
    let s = polish_form(false, DEJAVU, 13.0);
    let (out, _, _) = redact(&s, &dir);
    assert_redacted(&s, &out);
}

#[test]
fn dark_theme_liberation_20px() {
    let dir = TempDir::new().unwrap();
    let s = polish_form(true, LIBERATION, 20.0);
    let (out, _, _) = redact(&s, &dir);
    assert_redacted(&s, &out);
}

#[test]
fn secrets_in_small_monospace_and_large_text() {
    let dir = TempDir::new().unwrap();
    let mono = font(DEJAVU_MONO);
    let sans = font(DEJAVU);
    let mut s = Screen::new(1000, 240, true);
    s.line(&mono, 12.0, 16, 16, &[("AWS_ACCESS_KEY_ID", false), ("AKIAIOSFODNN7EXAMPLE", true)], "eng");
    s.line(&mono, 12.0, 16, 44, &[("token:", false), ("ghp_meraE8PEVUza4pkGxIZnPG5AxsZJstuSyaEz", true)], "eng");
    s.line(&sans, 20.0, 16, 84, &[("IBAN", false), ("NL91 ABNA 0417 1643 00", true)], "eng");
    s.line(&mono, 12.0, 16, 130, &[("Build finished in 42 s", false)], "eng");
    s.line(&sans, 16.0, 16, 170, &[("Card", false), ("4111 1111 1111 1111", true)], "eng");
    let (out, _, _) = redact(&s, &dir);
    assert_redacted(&s, &out);
}

#[test]
fn text_taller_than_a_region_is_read() {
    // A password manager's large-type view, a slide, 4K at 200 %: text far taller than the
    // regions a screen's UI text makes is read too (shrunk), not passed as clean.
    for px in [200.0, 320.0] {
        let dir = TempDir::new().unwrap();
        let sans = font(DEJAVU);
        let mut s = Screen::new(2600, (px * 2.0) as u32, false);
        s.line(&sans, px, 40, (px / 3.0) as i32, &[("Passwort:", false), ("Geheim123!", true)], "deu");
        let (out, rep, _) = redact(&s, &dir);
        assert!(rep["summary"]["password"].as_u64().is_some_and(|n| n >= 1), "{px}px: {rep}");
        let secret = &s.pieces[1];
        let read = read_back(&out, secret.rect, "eng");
        assert!(similarity(&read, &secret.text) < 0.5, "{px}px: still readable: {read:?}");
    }
}

#[test]
fn text_too_small_to_read_is_masked_whole() {
    // 5 px type (a 4K screen shown at half size): OCR reads noise, and what it says is
    // unknown, so the row is masked and reported, never passed as clean.
    let dir = TempDir::new().unwrap();
    let sans = font(DEJAVU);
    let mut s = Screen::new(700, 60, false);
    s.line(&sans, 5.0, 10, 20, &[("Passwort: Geheim123!  E-mail: jan.kowalski@firma.pl", true)], "deu");
    let (out, rep, _) = redact(&s, &dir);
    assert!(rep["summary"].as_object().is_some_and(|m| !m.is_empty()), "nothing reported: {rep}");
    let r = s.pieces[0].rect;
    let ink = |img: &image::RgbImage| {
        let mut n = 0;
        for y in r.y0..r.y1 {
            for x in r.x0..r.x1 {
                n += usize::from(img.get_pixel(x as u32, y as u32)[0] < 200);
            }
        }
        n
    };
    let (before, after) = (ink(&s.img), ink(&out));
    // The fill is solid: the row's glyphs are no longer there to count (a dark fill counts
    // every pixel, a light one none; either way the glyph pattern is gone).
    assert!(before > 20, "fixture has ink");
    assert!(after == 0 || after as i64 >= (r.area() * 9 / 10), "row still shows its glyphs: {before} → {after} dark pixels");
}

#[test]
fn light_text_on_a_grainy_background_is_read() {
    // Every pixel differs from its neighbours (sensor noise, a textured wallpaper): edges are
    // everywhere, and only the letters' strokes, smoothed out of the grain, say where text is.
    let dir = TempDir::new().unwrap();
    let sans = font(DEJAVU);
    let mut s = Screen::new(1200, 240, false);
    let mut seed = 7u32;
    for p in s.img.pixels_mut() {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let v = (60 + (seed >> 16) % 121) as u8;
        *p = image::Rgb([v, v, v]);
    }
    s.set_fg(image::Rgb([235, 235, 235]));
    s.line(&sans, 28.0, 40, 60, &[("Passwort:", false), ("Geheim123!", true)], "deu");
    let (out, rep, _) = redact(&s, &dir);
    assert!(rep["summary"]["password"].as_u64().is_some_and(|n| n >= 1), "{rep}");
    let secret = &s.pieces[1];
    assert!(similarity(&read_back(&out, secret.rect, "eng"), &secret.text) < 0.5, "still readable");
}

#[test]
fn polish_diacritics_names_and_birth_dates() {
    let dir = TempDir::new().unwrap();
    let f = font(DEJAVU);
    let mut s = Screen::new(900, 200, false);
    s.line(&f, 15.0, 20, 20, &[("Imię i nazwisko:", false), ("Żaneta Wiśniewska", true)], "pol");
    s.line(&f, 15.0, 20, 60, &[("Data urodzenia:", false), ("14.05.1987", true)], "pol");
    s.line(&f, 15.0, 20, 100, &[("Data wystawienia: 12.03.2025", false)], "pol");
    s.line(&f, 15.0, 20, 140, &[("Adres:", false), ("ul. Długa 12/4, 00-950 Warszawa", true)], "pol");
    let (out, _, _) = redact(&s, &dir);
    assert_redacted(&s, &out);
}

#[test]
fn japanese_screen() {
    let dir = TempDir::new().unwrap();
    let f = font(NOTO_CJK);
    let mut s = Screen::new(700, 200, false);
    s.line(&f, 18.0, 20, 20, &[("氏名:", false), ("田中康弘", true)], "jpn");
    s.line(&f, 18.0, 20, 70, &[("電話番号:", false), ("090-3894-1486", true)], "jpn");
    s.line(&f, 18.0, 20, 120, &[("お知らせ一覧", false)], "jpn");
    let (out, _, _) = redact(&s, &dir);
    assert_redacted(&s, &out);
}

#[test]
fn report_and_logs_carry_no_plaintext() {
    let dir = TempDir::new().unwrap();
    let s = polish_form(false, DEJAVU, 14.0);
    let (_, rep, stderr) = redact(&s, &dir);
    let text = rep.to_string();
    for p in s.pieces.iter().filter(|p| p.sensitive) {
        assert!(!text.contains(&p.text), "report leaks {:?}", p.text);
        assert!(!stderr.contains(&p.text), "log leaks {:?}", p.text);
        let digits: String = p.text.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 6 {
            assert!(!text.contains(&digits), "report leaks digits of {:?}", p.text);
        }
    }
    let kinds: Vec<&str> = rep["findings"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap()).collect();
    for k in ["password", "email", "national_id", "phone"] {
        assert!(kinds.contains(&k), "missing {k} in {kinds:?}");
    }
    let email = rep["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "email").unwrap();
    assert_eq!(email["preview"], "j***@e***.pl");
    let b = email["box"].as_array().unwrap();
    assert_eq!(b.len(), 4);
}

#[test]
fn alpha_and_jpeg_are_kept() {
    let dir = TempDir::new().unwrap();
    let s = polish_form(false, DEJAVU, 14.0);
    // RGBA input: alpha must survive, masks must not touch it.
    let mut rgba = image::DynamicImage::ImageRgb8(s.img.clone()).to_rgba8();
    for p in rgba.pixels_mut() {
        p[3] = 200;
    }
    let input = dir.path().join("a.png");
    let output = dir.path().join("a-out.png");
    rgba.save(&input).unwrap();
    let o = run(&[OsStr::new("image"), input.as_os_str(), OsStr::new("-o"), output.as_os_str()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = image::open(&output).unwrap();
    assert!(out.color().has_alpha());
    assert!(out.to_rgba8().pixels().all(|p| p[3] == 200));
    assert_ne!(out.to_rgba8().as_raw(), rgba.as_raw(), "something was masked");
    // JPEG stays JPEG.
    let jin = dir.path().join("b.jpg");
    let jout = dir.path().join("b-out.jpg");
    s.img.save(&jin).unwrap();
    let o = run(&[OsStr::new("image"), jin.as_os_str(), OsStr::new("-o"), jout.as_os_str()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let fmt = image::ImageReader::open(&jout).unwrap().with_guessed_format().unwrap().format();
    assert_eq!(fmt, Some(image::ImageFormat::Jpeg));
}
