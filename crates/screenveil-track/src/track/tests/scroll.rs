//! Scrolls cut at an edge the tracker did not search: a sticky header, the frame's edge.

use super::*;

#[test]
fn a_line_scrolling_out_under_a_sticky_header_stays_masked_until_it_has_gone() {
    // A list under a 50 px header scrolls up 2 px a frame: the e-mail's line goes under the
    // header. Its rest is read as nothing once less than half of it shows (the scripted
    // reader, like OCR on a strip of glyph bottoms), yet people read such a strip.
    const HEADER: i32 = 50;
    let lines = [EMAIL, "Customer notes", "Total 1 250,00", "Invoice 2024-117", "Order shipped"];
    let page = |dy: i32| lines.iter().enumerate().fold(Page::default().header(HEADER as u32), |p, (i, t)| p.text(t, 20, 64 + i as i32 * 40 - dy));
    let mut rig = Rig::new(recording());
    rig.show(&page(0), 4);
    let mut shown = Vec::new();
    for f in 1..=30 {
        let placed = rig.show(&page(2 * f), 1);
        shown.push(placed);
    }
    rig.show(&page(60), 4);
    rig.finish();
    assert!(rig.tracker.stats.scrolled_spans > 0, "followed as a scroll: {:?}", rig.tracker.stats);
    for (k, placed) in shown.iter().enumerate() {
        let tf = &rig.out[4 + k];
        let mail = box_of(placed, EMAIL);
        let visible = Rect::new(mail.x0, mail.y0.max(HEADER), mail.x1, mail.y1);
        if visible.height() >= 4 {
            assert!(covered(tf, visible), "frame {}: the e-mail's visible {} rows are not masked", 4 + k, visible.height());
        }
        // Lines that show whole are not masked: they moved with their readings, and the
        // e-mail's mask (its padding reached the header's border) did not stay behind.
        for t in &lines[1..] {
            let b = box_of(placed, t);
            if b.y0 > HEADER {
                assert!(tf.masks.iter().all(|m| !m.rect.intersects(&b)), "frame {}: {t} masked", 4 + k);
            }
        }
    }
}
