//! The tracker's state machine, driven through a scripted reader: no OCR, real text regions
//! (rendered with a real font), real detectors. Each test names the transition it checks.

use std::sync::{Arc, Mutex};

use ab_glyph::{FontVec, PxScale};
use image::{Rgb, RgbImage};

use super::*;
use crate::ocr::reader::{Mode, ScriptHandle, Scripted};

mod context;
mod overload;
mod scroll;

const W: u32 = 800;
const H: u32 = 400;
const EMAIL: &str = "jan.kowalski@firma.pl";

fn font() -> FontVec {
    FontVec::try_from_vec(std::fs::read("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").expect("fonts-dejavu-core")).expect("font")
}

/// A screen under construction: what is drawn where, which the scripted reader "reads",
/// and the height of a sticky header drawn over it (its rows hide the text under them).
#[derive(Clone, Default)]
struct Page(Vec<(String, i32, i32)>, Option<u32>);

impl Page {
    fn text(mut self, t: &str, x: i32, y: i32) -> Page {
        self.0.push((t.to_string(), x, y));
        self
    }

    fn header(mut self, height: u32) -> Page {
        self.1 = Some(height);
        self
    }

    /// The frame and each piece's box.
    fn render(&self, f: &FontVec) -> (Frame, Vec<(String, Rect)>) {
        let mut img = RgbImage::from_pixel(W, H, Rgb([250, 250, 248]));
        let scale = PxScale::from(22.0);
        let mut placed = Vec::new();
        for (t, x, y) in &self.0 {
            imageproc::drawing::draw_text_mut(&mut img, Rgb([20, 20, 25]), *x, *y, scale, f, t);
            let (w, h) = imageproc::drawing::text_size(scale, f, t);
            placed.push((t.clone(), Rect::new(*x, *y, x + w as i32, y + h as i32 + 6)));
        }
        if let Some(hh) = self.1 {
            for y in 0..hh.min(H) {
                let c = if y + 1 == hh { Rgb([120, 124, 130]) } else { Rgb([228, 232, 240]) };
                (0..W).for_each(|x| img.put_pixel(x, y, c));
            }
            imageproc::drawing::draw_text_mut(&mut img, Rgb([20, 20, 25]), 20, 14, PxScale::from(22.0), f, "Contact");
        }
        (Frame::from_rgb(W, H, img.into_raw()).expect("size"), placed)
    }
}

/// A tracker over a scripted reader that reads whatever the current page has in a crop.
struct Rig {
    tracker: Tracker,
    script: ScriptHandle,
    shown: Arc<Mutex<Vec<(String, Rect)>>>,
    /// Every crop handed to the reader, by its place in the frame.
    crops: Arc<Mutex<Vec<Rect>>>,
    font: FontVec,
    out: Vec<TrackedFrame>,
}

impl Rig {
    fn new(tc: TrackConfig) -> Rig {
        let shown: Arc<Mutex<Vec<(String, Rect)>>> = Arc::default();
        let seen = shown.clone();
        let crops: Arc<Mutex<Vec<Rect>>> = Arc::default();
        let cut = crops.clone();
        let (reader, script) = Scripted::new(move |crop| {
            cut.lock().expect("crops").push(crop);
            let pieces = seen.lock().expect("shown");
            pieces.iter().filter(|(_, r)| r.intersect(&crop).area() * 2 > r.area()).map(|(t, r)| Scripted::line(t, *r)).collect()
        });
        let tracker = Tracker::with_reader(Box::new(reader), &DetectPolicy::default(), RedactConfig::default(), tc).expect("tracker");
        Rig { tracker, script, shown, crops, font: font(), out: Vec::new() }
    }

    /// Shows `page` for `n` frames; returns the boxes of its pieces.
    fn show(&mut self, page: &Page, n: usize) -> Vec<(String, Rect)> {
        let (frame, placed) = page.render(&self.font);
        *self.shown.lock().expect("shown") = placed.clone();
        for _ in 0..n {
            self.tracker.send_frame(frame.clone()).expect("frame");
            while let Some(tf) = self.tracker.receive_frame().expect("receive") {
                self.out.push(tf);
            }
        }
        placed
    }

    fn finish(&mut self) {
        self.tracker.flush().expect("flush");
        while let Some(tf) = self.tracker.receive_frame().expect("receive") {
            self.out.push(tf);
        }
    }
}

fn recording() -> TrackConfig {
    TrackConfig { lookahead: 8, stable_frames: 3, ..TrackConfig::default() }
}

fn live() -> TrackConfig {
    TrackConfig { lookahead: 2, stable_frames: 3, mask_pending: true, ..TrackConfig::default() }
}

/// Whether masks cover most of `r` in this frame.
fn covered(tf: &TrackedFrame, r: Rect) -> bool {
    let hidden: i64 = tf.masks.iter().map(|m| m.rect.intersect(&r).area()).sum();
    hidden * 10 >= r.area() * 8
}

fn box_of(placed: &[(String, Rect)], t: &str) -> Rect {
    placed.iter().find(|(s, _)| s == t).map(|(_, r)| *r).expect("piece drawn")
}

fn login(value: &str) -> Page {
    Page::default().text("Weekly report", 20, 20).text("Login:", 20, 120).text(value, 110, 120)
}

/// Five lines 50 px apart, one an e-mail, shifted by `dy` (a scroll).
fn invoice(dy: i32) -> Page {
    let mut p = Page::default();
    for (i, t) in ["Invoice 2024-117", "Customer notes", "Contact:", EMAIL, "Total 1 250,00"].iter().enumerate() {
        p = p.text(t, 20, 60 + dy + i as i32 * 50);
    }
    p
}

#[test]
fn candidate_becomes_read_once_stable_and_its_reading_is_reused() {
    let mut rig = Rig::new(recording());
    let placed = rig.show(&login(EMAIL), 12);
    rig.finish();
    assert_eq!(rig.out.len(), 12, "every frame leaves");
    let (mail, title) = (box_of(&placed, EMAIL), box_of(&placed, "Weekly report"));
    for tf in &rig.out {
        assert!(covered(tf, mail), "frame {}: the e-mail is masked", tf.index);
        assert!(!covered(tf, title), "frame {}: the heading is not", tf.index);
    }
    assert!(rig.out.iter().all(|tf| tf.findings.iter().any(|f| f.category == detect::Category::Email)), "read, so found in every frame");
    // Each region is read once when stable; every later frame reuses the reading.
    let reads = rig.script.reads();
    assert!(reads > 0 && reads <= 3, "{reads} reads");
    assert!(rig.tracker.stats.reused_readings >= 9 * reads as u64, "{:?}", rig.tracker.stats);
}

#[test]
fn text_that_keeps_changing_is_masked_and_never_read() {
    let mut rig = Rig::new(live());
    let (mut boxes, mut heading) = (Vec::new(), Rect::default());
    // A counter ticking every frame: never stable, so never read, always masked.
    for i in 0..10 {
        let placed = rig.show(&Page::default().text("Weekly report", 20, 20).text(&format!("code {}", 481_516 + i * 7_919), 20, 200), 1);
        (heading, _) = (placed[0].1, boxes.push(placed[1].1));
    }
    rig.finish();
    assert_eq!(rig.out.len(), 10);
    for (tf, b) in rig.out.iter().zip(&boxes) {
        assert!(covered(tf, *b), "frame {}: changing text is masked", tf.index);
    }
    assert!(rig.tracker.stats.transient_masks >= 10, "{:?}", rig.tracker.stats);
    assert!(rig.out.iter().skip(5).all(|tf| !covered(tf, heading)), "the steady heading is read and left visible");
}

#[test]
fn a_value_recognised_late_is_carried_back_over_its_typed_prefixes() {
    let mut rig = Rig::new(recording());
    // Typed in pauses: each prefix stays long enough to be read, and none is an e-mail yet.
    let note = |v: &str| Page::default().text("Weekly report", 20, 20).text(&format!("send to {v}"), 20, 160);
    let mut prefix_boxes = Vec::new();
    for n in [6, 12] {
        let placed = rig.show(&note(&EMAIL[..n]), 3);
        prefix_boxes.push(box_of(&placed, &format!("send to {}", &EMAIL[..n])));
    }
    rig.show(&note(EMAIL), 6);
    rig.finish();
    assert!(rig.script.reads() >= 3, "the prefixes were read");
    for (i, tf) in rig.out[..6].iter().enumerate() {
        assert!(tf.findings.iter().all(|f| f.category != detect::Category::Email), "a prefix alone is no e-mail");
        let b = prefix_boxes[i / 3];
        // The prefix's characters (after "send to ") are masked in the frames that showed it.
        let value = Rect::new(b.x0 + b.width() / 3, b.y0, b.x1, b.y1);
        assert!(tf.masks.iter().any(|m| m.rect.intersect(&value).area() * 2 >= value.area()), "frame {}: prefix masked {:?}", tf.index, tf.masks);
    }
    assert!(rig.tracker.stats.carried_back_masks > 0, "{:?}", rig.tracker.stats);
}

#[test]
fn scrolled_content_keeps_its_reading_and_its_mask_moves_with_it() {
    let mut rig = Rig::new(recording());
    let page = invoice;
    rig.show(&page(0), 6);
    let reads_before = rig.script.reads();
    let placed = rig.show(&page(-40), 6);
    rig.finish();
    let moved = box_of(&placed, EMAIL);
    assert!(rig.out[6..].iter().skip(1).all(|tf| covered(tf, moved)), "the mask followed the scroll");
    // Moved lines keep their readings: at most the rows that entered or were cut are read.
    let new_reads = rig.script.reads() - reads_before;
    assert!(new_reads <= 2, "{new_reads} lines read again after a scroll");
    assert!(rig.tracker.stats.scrolled_spans > 0, "followed as a scroll, not searched again: {:?}", rig.tracker.stats);
}

#[test]
fn a_dead_reader_leaves_new_text_masked_for_good() {
    let mut rig = Rig::new(live());
    rig.script.set_mode(Mode::Dead);
    let placed = rig.show(&login(EMAIL), 10);
    rig.finish();
    let mail = box_of(&placed, EMAIL);
    assert!(rig.out.iter().all(|tf| covered(tf, mail)));
    assert!(rig.tracker.stats.ocr_failures > 0, "{:?}", rig.tracker.stats);
}

#[test]
fn a_failed_reading_is_masked_where_it_appears() {
    let mut rig = Rig::new(recording());
    rig.script.set_mode(Mode::Fail);
    let placed = rig.show(&login(EMAIL), 8);
    rig.finish();
    let (mail, title) = (box_of(&placed, EMAIL), box_of(&placed, "Weekly report"));
    assert!(rig.out.iter().all(|tf| covered(tf, mail) && covered(tf, title)), "unread is masked, even the harmless heading");
    assert!(rig.tracker.stats.ocr_failures >= 1);
}

#[test]
fn a_slow_reader_that_keeps_working_is_not_stalled_until_it_never_finishes() {
    let mut rig = Rig::new(live());
    rig.script.set_mode(Mode::Hold);
    let placed = rig.show(&login(EMAIL), 6);
    let mail = box_of(&placed, EMAIL);
    let d = std::time::Duration::from_millis(40);
    // Readings held (no result) while the reader's CPU time grows: starved, not stalled.
    let t0 = std::time::Instant::now();
    while t0.elapsed() < d * 3 {
        rig.script.work(1);
        assert!(!rig.tracker.ocr_stalled(d), "working at {:?}", t0.elapsed());
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(rig.out.iter().all(|tf| covered(tf, mail)), "pending regions leave masked");
    // Busy for ever without a result: stalled after STALL_BUSY_FACTOR periods.
    while t0.elapsed() < d * (super::STALL_BUSY_FACTOR + 1) {
        rig.script.work(1);
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    rig.script.work(1);
    assert!(rig.tracker.ocr_stalled(d), "busy without end counts as stalled");
    // Not working at all: stalled after one period.
    rig.script.set_mode(Mode::Answer);
    rig.script.release();
    rig.show(&login(EMAIL), 4);
    assert!(!rig.tracker.ocr_stalled(d));
}

#[test]
fn a_stalled_reader_is_reported_masked_meanwhile_and_recovers() {
    let mut rig = Rig::new(live());
    rig.script.set_mode(Mode::Hold);
    let placed = rig.show(&login(EMAIL), 6);
    let mail = box_of(&placed, EMAIL);
    assert!(rig.script.reads() > 0, "crops were handed over");
    std::thread::sleep(std::time::Duration::from_millis(30));
    assert!(rig.tracker.ocr_stalled(std::time::Duration::from_millis(20)), "waiting readings and no result: stalled");
    assert!(rig.out.iter().all(|tf| covered(tf, mail)), "pending regions leave masked");
    rig.script.set_mode(Mode::Answer);
    rig.script.release();
    rig.show(&login(EMAIL), 4);
    assert!(!rig.tracker.ocr_stalled(std::time::Duration::from_millis(20)), "results came back");
    let last = rig.out.last().expect("frames");
    assert!(last.findings.iter().any(|f| f.category == detect::Category::Email), "read after recovery");
}

#[test]
fn a_full_queue_keeps_crops_waiting_not_lost() {
    let mut rig = Rig::new(recording());
    rig.script.set_mode(Mode::Full);
    rig.show(&login(EMAIL), 4);
    assert_eq!(rig.script.reads(), 0);
    rig.script.set_mode(Mode::Answer);
    let placed = rig.show(&login(EMAIL), 4);
    rig.finish();
    assert!(rig.script.reads() > 0, "the backlog was handed over once there was room");
    assert!(rig.out.iter().all(|tf| covered(tf, box_of(&placed, EMAIL))));
    assert!(rig.out.last().expect("frames").findings.iter().any(|f| f.category == detect::Category::Email));
}

#[test]
fn a_recording_shorter_than_stable_frames_is_read_at_the_end() {
    let mut rig = Rig::new(recording());
    let placed = rig.show(&login(EMAIL), 2);
    assert_eq!(rig.script.reads(), 0, "not stable yet");
    rig.finish();
    assert!(rig.script.reads() > 0, "flush reads what was shown from the start");
    assert!(rig.out.iter().all(|tf| tf.findings.iter().any(|f| f.category == detect::Category::Email) && covered(tf, box_of(&placed, EMAIL))));
}

#[test]
fn a_carried_over_line_is_replaced_only_where_the_search_saw_it_again() {
    // The live terminal case: a toast changed rows 304..368; the search band (256..416) found a
    // block joining the toast to the lines under it (x 16..556) and the two URL lines whole.
    let region = |r: Rect| Region::text(r, r.x0 as u64);
    let (url1, url2) = (Rect::new(75, 381, 814, 397), Rect::new(75, 399, 806, 415));
    let tall = Rect::new(850, 200, 900, 415);
    let cores = [(304u32, 368u32)];
    let searched = [(256u32, 416u32)];
    let over_tall = Rect::new(840, 300, 910, 330);
    for order in [vec![url1, Rect::new(16, 256, 556, 416), url2, over_tall], vec![Rect::new(16, 256, 556, 416), over_tall, url1, url2]] {
        let mut kept = vec![region(url1), region(url2), region(tall)];
        let add = motion::merge_found(&mut kept, order, &cores, &searched);
        let all: Vec<Rect> = kept.iter().map(|r| r.rect).chain(add.iter().copied()).collect();
        for line in [url1, url2] {
            assert!(all.contains(&line), "{line:?} still has a region: {all:?}");
        }
        // Reaching above the searched band: kept whatever overlaps it.
        assert!(kept.iter().any(|r| r.rect == tall), "{kept:?}");
    }
}

#[test]
fn a_line_that_carried_over_regions_cover_only_in_part_joins() {
    // Live terminal, frame 46: the block that had held the token URL line (a toast joined to
    // it) changed and went; off the cores the search found the URL line again, and the only
    // carried-over region on it was the text cursor's 4-pixel sliver.
    let region = |r: Rect| Region::text(r, r.x0 as u64);
    let (url, cursor, prompt, below) = (Rect::new(75, 381, 814, 397), Rect::new(766, 387, 770, 394), Rect::new(8, 381, 59, 397), Rect::new(75, 399, 806, 415));
    let mut kept = vec![region(cursor), region(prompt), region(below)];
    let found = vec![Rect::new(8, 362, 328, 378), prompt, url, cursor];
    let add = motion::merge_found(&mut kept, found, &[(48, 160), (304, 352)], &[(0, 208), (256, 400)]);
    assert!(add.contains(&url), "{add:?}");
    assert!(!kept.iter().any(|r| r.rect == cursor), "the sliver is replaced by its line: {kept:?}");
    assert!(!add.contains(&prompt) && kept.iter().any(|r| r.rect == prompt), "a line carried over whole stays as it was");
    assert!(kept.iter().any(|r| r.rect == below), "reaching out of the searched band: kept");
}

#[test]
fn the_first_characters_typed_into_an_empty_field_are_masked_once_typing_goes_on() {
    // "Ry" alone on its row has no predecessor: it is read and, with no finding, would be
    // shown. When "Rya" follows, the frames still queued that show "Ry" are masked too.
    let mut rig = Rig::new(TrackConfig { lookahead: 6, typed_hold_frames: 12, ..live() });
    rig.show(&Page::default().text("Weekly report", 20, 20), 3);
    let first = rig.show(&Page::default().text("Weekly report", 20, 20).text("Ry", 20, 200), 4);
    rig.show(&Page::default().text("Weekly report", 20, 20).text("Rya", 20, 200), 20);
    rig.finish();
    let prefix = box_of(&first, "Ry");
    assert!(rig.script.reads() > 0, "the prefix was read");
    assert!((3..7).all(|k| covered(&rig.out[k], prefix)), "queued frames of the prefix masked");
    assert!(!covered(&rig.out[1], box_of(&first, "Weekly report")), "other lines untouched");
}

#[test]
fn live_lines_being_typed_stay_masked_through_a_pause() {
    // Typing "Rya" of a name, pausing longer than it takes to read the line: without a hold
    // the read prefix (no finding yet) would go out unmasked.
    let mut rig = Rig::new(TrackConfig { typed_hold_frames: 12, ..live() });
    rig.show(&Page::default().text("Weekly report", 20, 20), 3);
    for typed in ["Call back. R", "Call back. Ry"] {
        rig.show(&Page::default().text("Weekly report", 20, 20).text(typed, 20, 200), 1);
    }
    let page = Page::default().text("Weekly report", 20, 20).text("Call back. Rya", 20, 200);
    let placed = rig.show(&page, 30);
    rig.finish();
    let line = box_of(&placed, "Call back. Rya");
    let at = |k: usize| &rig.out[5 + k];
    assert!((0..10).all(|k| covered(at(k), line)), "held while the hold lasts");
    assert!(rig.script.reads() > 0 && !covered(at(25), line), "read, no finding: shown once the hold is over");
    // A line replaced by other text (a new message, another window) was not typed into.
    let mut rig = Rig::new(TrackConfig { typed_hold_frames: 12, ..live() });
    rig.show(&Page::default().text("Weekly report", 20, 20).text("Standup at nine", 20, 200), 6);
    let placed = rig.show(&Page::default().text("Weekly report", 20, 20).text("Lunch moved to noon", 20, 200), 8);
    rig.finish();
    assert!(!covered(&rig.out[6 + 6], box_of(&placed, "Lunch moved to noon")), "read and shown without a hold");
}

#[test]
fn cells_scrolling_into_an_email_column_are_masked_unread_and_one_in_three_is_read() {
    let table = |first: usize| {
        let mut p = Page::default();
        for (row, i) in (first..first + 12).enumerate() {
            let y = 10 + row as i32 * 30;
            p = p.text(&format!("klient{i}.nowak@firma.pl"), 20, y).text(&format!("Status {}", ["open", "closed", "paid"][i % 3]), 420, y);
        }
        p
    };
    let run = |roles: bool| {
        let mut rig = Rig::new(TrackConfig { column_roles: roles, ..recording() });
        let pages: Vec<_> = (0..8).map(|first| rig.show(&table(first), 4)).collect();
        rig.finish();
        (rig, pages)
    };
    let (with, pages) = run(true);
    let (without, _) = run(false);
    for tf in &with.out {
        for (text, r) in &pages[tf.index as usize / 4] {
            let hidden = covered(tf, *r);
            assert_eq!(hidden, text.contains('@'), "frame {}: {text} masked {hidden}", tf.index);
        }
    }
    // Seven e-mails scrolled in: two in three masked as the column's kind, unread.
    let masked = with.tracker.stats.role_masks;
    assert!((4..=5).contains(&masked), "{:?}", with.tracker.stats);
    assert_eq!(without.script.reads() - with.script.reads(), masked as usize);
}

#[test]
fn a_screen_of_table_cells_waiting_for_ocr_is_claimed_by_the_roles_its_first_rows_teach() {
    let mut p = Page::default();
    for i in 0..12 {
        let y = 10 + i * 30;
        let status = ["open", "closed", "paid", "late", "new", "held", "sent", "void", "due", "lost", "kept", "done"][i as usize];
        p = p.text(&format!("klient{i}.nowak@firma.pl"), 20, y).text(&format!("Status {status}"), 420, y);
    }
    let mut rig = Rig::new(recording());
    // The OCR pool takes the first seven rows; the other cells wait for a free worker.
    rig.script.allow(14);
    rig.show(&p, 3);
    rig.script.allow(usize::MAX);
    let placed = rig.show(&p, 6);
    rig.finish();
    for tf in &rig.out {
        for (text, r) in &placed {
            assert_eq!(covered(tf, *r), text.contains('@'), "frame {}: {text}", tf.index);
        }
    }
    // Five e-mails waited: four masked as the column's kind, one read as its check.
    assert_eq!(rig.tracker.stats.role_masks, 4, "{:?}", rig.tracker.stats);
    assert_eq!(rig.script.reads(), 24 - 4);
    assert_eq!(rig.tracker.stats.ocr_reads, 24 - 4);
}

#[test]
fn a_line_half_scrolled_in_at_the_frames_edge_is_not_read_while_it_moves() {
    let page = |dy: i32| (0..16).fold(Page::default(), |p, i| p.text(&format!("Zeile {i}: Bestellung {}", 4100 + i * 7), 20, 10 + i * 30 - dy));
    let mut rig = Rig::new(recording());
    rig.show(&page(0), 4);
    rig.crops.lock().expect("crops").clear();
    for f in 1..=30 {
        rig.show(&page(3 * f), 1);
    }
    rig.finish();
    assert!(rig.tracker.stats.scrolled_spans > 0, "followed as a scroll: {:?}", rig.tracker.stats);
    // The edge band shows a different sliver of the line scrolling in on every frame: masked
    // there, never carried up with the scroll as if it were still content to read.
    // (A whole line that entered is stable content and is read as it moves.)
    let slivers: Vec<Rect> = rig.crops.lock().expect("crops").iter().filter(|c| c.y1 > H as i32 - 24 && c.height() <= 20).copied().collect();
    assert!(slivers.is_empty(), "edge slivers read while scrolling: {slivers:?}");
}

#[test]
fn live_settings_leave_column_roles_off() {
    // Live frames leave before a column's check cell can be judged with its header: roles
    // showed dates unmasked there (see `TrackConfig::live`).
    assert!(TrackConfig::default().column_roles);
    assert!(!TrackConfig::default().live(200.0, 30.0).column_roles);
}
