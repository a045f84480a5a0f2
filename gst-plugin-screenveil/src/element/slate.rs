//! The "paused for privacy" slate shown while analysis has stalled: a plain frame with the
//! words drawn from a built-in 5×7 bitmap font (no font files needed at run time).

use crate::frame::Frame;

const TEXT: &str = "PAUSED FOR PRIVACY";

fn glyph(c: char) -> [u8; 7] {
    match c {
        'P' => [0b11110, 0b10001, 0b10001, 0b11110, 0b10000, 0b10000, 0b10000],
        'A' => [0b01110, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001],
        'U' => [0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110],
        'S' => [0b01111, 0b10000, 0b10000, 0b01110, 0b00001, 0b00001, 0b11110],
        'E' => [0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b11111],
        'D' => [0b11110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b11110],
        'F' => [0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b10000],
        'O' => [0b01110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110],
        'R' => [0b11110, 0b10001, 0b10001, 0b11110, 0b10100, 0b10010, 0b10001],
        'I' => [0b01110, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110],
        'V' => [0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01010, 0b00100],
        'C' => [0b01110, 0b10001, 0b10000, 0b10000, 0b10000, 0b10001, 0b01110],
        'Y' => [0b10001, 0b10001, 0b01010, 0b00100, 0b00100, 0b00100, 0b00100],
        _ => [0; 7],
    }
}

/// A slate of the given size with the frame's timestamp.
pub fn slate(width: u32, height: u32, pts_ns: u64) -> Frame {
    let (w, h) = (width as usize, height as usize);
    let mut data = vec![0u8; w * h * 3];
    for p in data.chunks_exact_mut(3) {
        p.copy_from_slice(&[40, 40, 48]);
    }
    let n = TEXT.chars().count();
    let cell = (w / (n * 6 + 2)).clamp(1, 24);
    let x0 = (w.saturating_sub(n * 6 * cell)) / 2;
    let y0 = (h.saturating_sub(7 * cell)) / 2;
    for (i, c) in TEXT.chars().enumerate() {
        let g = glyph(c);
        for (row, bits) in g.iter().enumerate() {
            for col in 0..5 {
                if bits >> (4 - col) & 1 == 1 {
                    for dy in 0..cell {
                        for dx in 0..cell {
                            let (x, y) = (x0 + (i * 6 + col) * cell + dx, y0 + row * cell + dy);
                            if x < w && y < h {
                                data[(y * w + x) * 3..(y * w + x) * 3 + 3].copy_from_slice(&[230, 230, 230]);
                            }
                        }
                    }
                }
            }
        }
    }
    let mut f = Frame::from_rgb(width, height, data).expect("slate size");
    f.pts_ns = pts_ns;
    f
}

#[cfg(test)]
mod tests {
    #[test]
    fn slate_has_text_pixels() {
        let f = super::slate(640, 360, 7);
        let lit = f.data.chunks_exact(3).filter(|p| p[0] == 230).count();
        assert!(lit > 1000 && lit < 640 * 360 / 4, "{lit}");
        assert_eq!(f.pts_ns, 7);
    }
}
