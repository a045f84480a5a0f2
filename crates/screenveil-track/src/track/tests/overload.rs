//! Live overload: changed bands masked whole, scrolls followed, bands searched once it ends.

use super::*;

#[test]
fn overload_masks_changed_bands_whole_and_searches_them_once_it_ends() {
    let mut rig = Rig::new(live());
    rig.show(&Page::default().text("Weekly report", 20, 20), 4);
    rig.tracker.set_overloaded(true);
    // A line changing on every frame while the loop is behind: its band is not searched for
    // text regions but masked across the whole width, whatever it holds.
    let mut bands = Vec::new();
    for i in 0..4 {
        let placed = rig.show(&Page::default().text("Weekly report", 20, 20).text(&format!("Zima2024!Kot{i}"), 300, 240), 1);
        let r = placed[1].1;
        bands.push(Rect::new(0, r.y0, W as i32, r.y1));
    }
    rig.tracker.set_overloaded(false);
    let placed = rig.show(&Page::default().text("Weekly report", 20, 20).text("Password:", 20, 240).text("Zima2024!Kot", 140, 240), 8);
    rig.finish();
    for (tf, band) in rig.out[4..8].iter().zip(&bands) {
        assert!(tf.overloaded && covered(tf, *band), "frame {}: the changed band is masked whole", tf.index);
    }
    assert!(rig.tracker.stats.overload_frames >= 4, "{:?}", rig.tracker.stats);
    // Load back to normal: the band is searched, read, and only the value stays masked.
    let last = rig.out.last().expect("frames");
    assert!(!last.overloaded && covered(last, box_of(&placed, "Zima2024!Kot")) && !covered(last, box_of(&placed, "Password:")), "{:?}", last.masks);
}

#[test]
fn an_overload_band_grows_to_the_carried_over_lines_it_cuts() {
    // Live chat: a message line changed under overload; its band reached one row into the
    // line above it, whose region went — the rest of that line must stay masked too.
    let mut rig = Rig::new(live());
    let base = Page::default().text("Weekly report", 20, 20).text("Weekly totals 5:33 PM", 20, 100);
    let placed = rig.show(&base, 5);
    let sender = box_of(&placed, "Weekly totals 5:33 PM");
    rig.tracker.set_overloaded(true);
    for i in 0..4 {
        rig.show(&base.clone().text(&format!("credentials {i}{i}"), 300, sender.y1 - 7), 1);
    }
    rig.tracker.set_overloaded(false);
    let over: Vec<&TrackedFrame> = rig.out.iter().filter(|tf| tf.overloaded).collect();
    assert!(!over.is_empty(), "overloaded frames left");
    for tf in over {
        assert!(covered(tf, sender), "frame {}: the cut line is masked whole: {:?}", tf.index, tf.masks);
    }
}

#[test]
fn under_overload_a_scroll_is_followed_and_read_lines_keep_their_readings() {
    // A table scrolled while the loop is behind: the lines already read move with their
    // readings (a plain line stays visible, the e-mail stays masked where it went); before,
    // the whole scrolled area was one band masked across the width.
    let mut rig = Rig::new(live());
    let page = invoice;
    rig.show(&page(0), 6);
    let reads_before = rig.script.reads();
    rig.tracker.set_overloaded(true);
    let placed = rig.show(&page(-40), 4);
    rig.finish();
    assert_eq!(rig.script.reads(), reads_before, "nothing new to read: every line moved");
    let over: Vec<&TrackedFrame> = rig.out.iter().filter(|tf| tf.overloaded).collect();
    assert!(over.len() >= 2 && rig.tracker.stats.scrolled_spans > 0, "{:?}", rig.tracker.stats);
    for tf in over {
        assert!(covered(tf, box_of(&placed, EMAIL)), "frame {}: the e-mail's mask moved with it", tf.index);
        assert!(!covered(tf, box_of(&placed, "Customer notes")), "frame {}: a read line is not masked whole: {:?}", tf.index, tf.masks);
    }
}

#[test]
fn bands_left_by_overload_are_searched_a_share_a_frame_and_stay_masked_until_then() {
    // Five lines changed on every overloaded frame, apart: five bands, 160 of the frame's 400
    // rows. When the load allows, a quarter of the frame's height is searched a frame, top
    // first, so the lowest band is still masked in the first frame after overload; every band
    // is searched in the end, and the password is masked in every frame.
    let mut rig = Rig::new(live());
    let rows = [20, 100, 180, 260, 340];
    let page = |i: usize| {
        rows.iter().enumerate().fold(Page::default(), |p, (k, &y)| {
            if k == 4 { p.text("Password:", 20, y).text(&format!("Zima2024!Kot{i}"), 140, y) } else { p.text(&format!("Status line {k}.{i}"), 20, y) }
        })
    };
    rig.show(&page(0), 6);
    rig.tracker.set_overloaded(true);
    for i in 1..4 {
        rig.show(&page(i), 1);
    }
    rig.tracker.set_overloaded(false);
    let placed = rig.show(&page(3), 10);
    rig.finish();
    let first = rig.out.iter().position(|tf| tf.index >= 9).expect("frames after overload");
    let lowest = Rect::new(0, box_of(&placed, "Password:").y0, W as i32, box_of(&placed, "Password:").y1);
    let top = box_of(&placed, "Status line 0.3");
    assert!(covered(&rig.out[first], lowest), "the lowest band waits for its turn, masked: {:?}", rig.out[first].masks);
    let last = rig.out.last().expect("frames");
    assert!(!covered(last, top) && !covered(last, box_of(&placed, "Password:")), "every band searched and read: {:?}", last.masks);
    for tf in &rig.out {
        assert!(covered(tf, box_of(&placed, "Zima2024!Kot3")), "frame {}: the password leaked", tf.index);
    }
}
