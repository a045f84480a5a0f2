//! Plain-text scanning (`screenveil scan-text`): findings as byte offsets into the input.

use serde::Serialize;

use super::{detect_text, preview, Category, Context};

#[derive(Debug, Serialize)]
pub struct TextFinding {
    pub start: usize,
    pub end: usize,
    pub category: Category,
    pub rule: &'static str,
    pub confidence: f32,
    pub preview: String,
}

/// Scans text line by line (labels on the same line count as context).
///
/// ```
/// let f = screenveil::detect::scan::scan_text("login: jan\nhasło: Zima2024!\n");
/// let pw = f.iter().find(|f| f.category == screenveil::detect::Category::Password).unwrap();
/// assert_eq!((pw.start, pw.end), (19, 28));
/// assert_eq!(pw.preview, "********");
/// ```
pub fn scan_text(text: &str) -> Vec<TextFinding> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let l = line.trim_end_matches(['\n', '\r']);
        let mut ms = detect_text(l, &Context::default());
        ms.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
        for m in ms {
            out.push(TextFinding {
                start: offset + m.range.start,
                end: offset + m.range.end,
                category: m.category,
                rule: m.rule,
                confidence: m.confidence,
                preview: preview(&l[m.range.clone()], m.category),
            });
        }
        offset += line.len();
    }
    out
}
