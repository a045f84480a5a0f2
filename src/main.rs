use screenveil::ocr::{self, pool::OcrPool, regions::RegionParams};
fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).unwrap();
    let img = image::open(&path)?.to_rgb8();
    let (w, h) = img.dimensions();
    let frame = screenveil::frame::Frame::from_rgb(w, h, img.into_raw()).unwrap();
    let pool = OcrPool::new(&ocr::OcrConfig::default())?;
    let t = std::time::Instant::now();
    let gray = ocr::regions::rgb_to_gray(&frame.data, w, h);
    for r in ocr::regions::blobs(&gray, w, h, &RegionParams::default())? { if r.y0 > 140 && r.y0 < 170 && r.x0 > 190 && r.x0 < 300 { eprintln!("  blob {:?}", r); } }
    let regs = ocr::regions::find_text_regions(&gray, w, h, &RegionParams::default())?;
    eprintln!("regions {} in {:?}", regs.len(), t.elapsed()); for r in &regs { if r.y0 > 145 && r.y0 < 170 { eprintln!("  reg {:?}", r); } }
    let lines = ocr::read_frame(&pool, &frame, Some(&regs), &RegionParams::default())?;
    eprintln!("ocr {} lines in {:?}", lines.len(), t.elapsed());
    for l in &lines { println!("{:?} {:.0} {} | {}", l.rect, l.mean_conf(), l.lang, l.text); }
    Ok(())
}
