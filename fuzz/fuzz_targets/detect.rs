//! Fuzzes the detector entry points: no panic, every span in bounds and on char boundaries,
//! no credential preview that repeats its value.
//! Run: `cargo fuzz run detect` (nightly); CI builds it with `cargo build`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use screenveil_detect::{detect_text, scan::scan_text, Context};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for m in detect_text(text, &Context::default()) {
        assert!(m.range.start < m.range.end && m.range.end <= text.len());
        assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
    }
    for f in scan_text(text) {
        assert!(f.start < f.end && f.end <= text.len());
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        if f.category.is_credential() && f.end - f.start >= 4 {
            assert!(!f.preview.contains(&text[f.start..f.end]));
        }
    }
});
