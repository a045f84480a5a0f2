//! Fuzzes the publish gate: no panic on any destination string; whatever it approves without
//! a private marking, the sink's own string (read back with GStreamer's URI parser) reaches
//! only this machine or the local network; masking never panics either.
//! Run: `cargo fuzz run gate` (nightly); CI builds it with `cargo build` and runs it briefly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use screenveil::gate::{self, Destination};
use screenveil::stream::reach::{Reach, reach};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let _ = gate::mask_url(s);
    let _ = gate::scrub(s);
    let Ok(d) = Destination::parse(s) else { return };
    let _ = d.display();
    if gate::check(d.clone(), None).is_ok() {
        let r = reach(&d);
        assert!(matches!(r, Reach::Local | Reach::Loopback | Reach::Lan), "{s:?} approved but reaches {r:?}");
    }
});
