//! Context that leaves the frame while the value it made sensitive stays on screen.

use super::*;

#[test]
fn a_wrapped_tokens_tail_stays_masked_after_its_first_line_left_the_frame() {
    // A terminal dragged up: the line holding "Bearer …" leaves at the top, the token's
    // last characters and closing quote stay on the next line. Alone, "5be\"" is a word.
    const BEARER: &str = "curl -H \"Authorization: Bearer Zk3vQ9xLm2Pw8RtY6nHb4Jc7Wq";
    const TAIL: &str = "5be\" https://api.internal/v1/me";
    let page =
        |dy: i32| Page::default().text(BEARER, 20, 60 - dy).text(TAIL, 20, 88 - dy).text("Thanks, see you", 20, 150 - dy).text("Build 7 passed", 20, 210 - dy);
    let mut rig = Rig::new(recording());
    let mut shown = vec![rig.show(&page(0), 6)];
    for f in 1..=7 {
        shown.push(rig.show(&page(12 * f), 1));
    }
    shown.push(rig.show(&page(84), 8));
    rig.finish();
    let frames = std::iter::repeat_n(&shown[0], 6).chain(&shown[1..8]).chain(std::iter::repeat_n(&shown[8], 8));
    for (k, placed) in frames.enumerate() {
        let tf = &rig.out[k];
        let tail = box_of(placed, TAIL);
        assert!(covered(tf, Rect::new(tail.x0, tail.y0, tail.x0 + 24, tail.y1)), "frame {k}: the token's tail is not masked");
        // The context's memory is the value's pieces only, not the lines around them.
        let other = box_of(placed, "Build 7 passed");
        assert!(tf.masks.iter().all(|m| !m.rect.intersects(&other)), "frame {k}: an ordinary line masked");
    }
}
