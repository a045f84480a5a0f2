//! The findings report. It carries kind, rule, boxes, confidence, time and a masked preview;
//! never the value itself (the engine never hands the value out of `detect`).

use serde::Serialize;

use crate::detect::Finding;
use crate::geom::Rect;

#[derive(Serialize)]
pub struct ImageReport<'a> {
    pub version: u32,
    pub input: &'a str,
    pub width: u32,
    pub height: u32,
    pub findings: Vec<ReportFinding<'a>>,
    pub summary: std::collections::BTreeMap<&'static str, usize>,
    pub seconds: f64,
}

#[derive(Serialize)]
pub struct ReportFinding<'a> {
    pub kind: &'static str,
    pub rule: &'static str,
    pub confidence: f32,
    #[serde(rename = "box")]
    pub bbox: [i32; 4],
    pub boxes: Vec<[i32; 4]>,
    pub preview: &'a str,
}

fn arr(r: &Rect) -> [i32; 4] {
    [r.x0, r.y0, r.x1, r.y1]
}

impl<'a> ImageReport<'a> {
    pub fn new(input: &'a str, width: u32, height: u32, findings: &'a [Finding], seconds: f64) -> ImageReport<'a> {
        let mut summary = std::collections::BTreeMap::new();
        for f in findings {
            *summary.entry(f.category.as_str()).or_insert(0) += 1;
        }
        let findings = findings
            .iter()
            .map(|f| ReportFinding {
                kind: f.category.as_str(),
                rule: f.rule,
                confidence: (f.confidence * 100.0).round() / 100.0,
                bbox: arr(&crate::geom::union_all(&f.boxes).unwrap_or_default()),
                boxes: f.boxes.iter().map(arr).collect(),
                preview: &f.preview,
            })
            .collect();
        ImageReport { version: 1, input, width, height, findings, summary, seconds: (seconds * 1000.0).round() / 1000.0 }
    }
}
