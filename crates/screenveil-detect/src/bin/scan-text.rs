//! `scan-text [FILE|-]`: the detectors over plain text, one JSON object per finding (the same
//! output as `screenveil scan-text`), built from the detection crate alone.

use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    screenveil_detect::warm_up();
    let arg = std::env::args_os().nth(1);
    let mut text = String::new();
    let read = match arg.as_deref() {
        None => std::io::stdin().read_to_string(&mut text).map(drop),
        Some(p) if p == "-" => std::io::stdin().read_to_string(&mut text).map(drop),
        Some(p) => std::fs::read_to_string(p).map(|t| text = t),
    };
    if let Err(e) = read {
        let what = arg.map_or("standard input".into(), |p| p.to_string_lossy().into_owned());
        eprintln!("scan-text: cannot read {what}: {e}");
        // The documented exit code of unreadable input.
        return ExitCode::from(3);
    }
    for line in screenveil_detect::scan::scan_text(&text) {
        match serde_json::to_string(&line) {
            Ok(j) => println!("{j}"),
            Err(e) => {
                eprintln!("scan-text: {e}");
                return ExitCode::from(1);
            }
        }
    }
    ExitCode::SUCCESS
}
