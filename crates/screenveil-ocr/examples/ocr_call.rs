// Experiment: per-call cost of tesseract on small cells vs. one call over a row of cells.
use screenveil_core::geom::Rect;
use screenveil_ocr::crop;
use screenveil_ocr::tess::{Psm, Tesseract};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let img = image::open(&args[1]).unwrap().to_luma8();
    let (w, h) = img.dimensions();
    let gray = img.into_raw();
    let cells = [
        Rect::new(37, 174, 86, 185),
        Rect::new(109, 173, 215, 188),
        Rect::new(299, 173, 486, 188),
        Rect::new(530, 174, 615, 185),
        Rect::new(645, 174, 714, 185),
        Rect::new(753, 174, 909, 185),
        Rect::new(938, 173, 1107, 188),
        Rect::new(1240, 174, 1310, 185),
        Rect::new(1426, 174, 1500, 186),
    ];
    unsafe { std::env::set_var("OMP_THREAD_LIMIT", "1") };
    let mut t = Tesseract::new("eng").unwrap();
    t.set_psm(Psm::Block);
    for f in [1.0f32, 0.83, 0.67, 0.5] {
        let n = 20;
        let t0 = Instant::now();
        let mut words = Vec::new();
        for _ in 0..n {
            words.clear();
            for c in &cells {
                let cr = crop::prepare(&gray, w, h, *c);
                let im = image::GrayImage::from_raw(cr.width, cr.height, cr.pixels.clone()).unwrap();
                let (nw, nh) = ((cr.width as f32 * f) as u32, (cr.height as f32 * f) as u32);
                let im = image::imageops::resize(&im, nw, nh, image::imageops::FilterType::Triangle);
                words.extend(t.recognize(im.as_raw(), nw, nh, nw as usize, None).unwrap().into_iter().map(|w| (w.text, w.conf as i32)));
            }
        }
        println!("scale x{f}: {:.2} ms/cell {:?}", t0.elapsed().as_secs_f64() * 1000.0 / (n * cells.len()) as f64, words);
    }
    for psm in [Psm::Block] {
        t.set_psm(psm);
        let n = 20;
        let t0 = Instant::now();
        let mut words = 0;
        for _ in 0..n {
            for c in &cells {
                let cr = crop::prepare(&gray, w, h, *c);
                words += t.recognize(&cr.pixels, cr.width, cr.height, cr.width as usize, None).unwrap().len();
            }
        }
        let per_cell = t0.elapsed().as_secs_f64() * 1000.0 / (n * cells.len()) as f64;
        let row = Rect::new(30, 170, 1510, 190);
        let t0 = Instant::now();
        let mut rw = 0;
        for _ in 0..n {
            let cr = crop::prepare(&gray, w, h, row);
            rw = t.recognize(&cr.pixels, cr.width, cr.height, cr.width as usize, None).unwrap().len();
        }
        let per_row = t0.elapsed().as_secs_f64() * 1000.0 / n as f64;
        println!("{psm:?}: per cell {per_cell:.2} ms ({} words/iter), whole row {per_row:.2} ms ({rw} words)", words / n);
    }
}
