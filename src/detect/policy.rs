//! Detection policy: what a company or streamer wants masked beyond the defaults, or not.
//!
//! ```toml
//! [detect]
//! disable = ["name", "aws.access_key_id.1"]   # categories or rule ids (prefixes allowed: "aws.")
//! min_confidence = 0.5
//! allow = ["streamer@example.com"]            # own public values: never masked
//! always_mask = ["Project Falcon"]            # words and phrases always masked
//! paranoid_regions = [[0, 0, 400, 1080]]      # frame pixel boxes: all text inside is masked
//! [[detect.custom]]                           # same schema as models/rules/*.toml
//! id = "acme.customer_no"
//! name = "ACME customer number"
//! category = "custom"
//! pattern = '''\bACME-\d{6}\b'''
//! examples = ["ACME-123456"]
//! ```

use serde::{Deserialize, Serialize};

use super::norm::fold;
use super::rules::{BUILTIN, RuleError, RuleSet};
use super::{Category, Finding, detect_text, preview, secrets};
use super::{apps, layout};
use crate::geom::Rect;
use crate::ocr::TextLine;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DetectPolicy {
    pub disable: Vec<String>,
    pub min_confidence: f32,
    pub allow: Vec<String>,
    pub always_mask: Vec<String>,
    pub paranoid_regions: Vec<[i32; 4]>,
    #[serde(skip_serializing)]
    pub custom: Vec<CustomRule>,
}

/// A rule written inline in the config; parsed by the rule engine.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(transparent)]
pub struct CustomRule(pub toml::Table);

impl Default for DetectPolicy {
    fn default() -> Self {
        DetectPolicy { disable: Vec::new(), min_confidence: 0.5, allow: Vec::new(), always_mask: Vec::new(), paranoid_regions: Vec::new(), custom: Vec::new() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("detect.disable: '{0}' is neither a category nor a rule id")]
    UnknownDisable(String),
    #[error("detect.custom: {0}")]
    Rule(#[from] RuleError),
}

/// The detectors plus a compiled policy: what the engine runs on each frame.
/// A finding located in the text of a page's lines: `(line index, byte range)` parts.
#[derive(Clone)]
pub struct TextSpan {
    pub parts: Vec<(usize, std::ops::Range<usize>)>,
    pub category: Category,
    pub rule: &'static str,
    pub confidence: f32,
    pub preview: String,
}

pub struct Detector {
    policy: DetectPolicy,
    custom: Option<RuleSet>,
    allow: Vec<String>,
    always: Vec<String>,
}

impl Default for Detector {
    fn default() -> Self {
        Detector::new(&DetectPolicy::default()).expect("default policy is valid")
    }
}

impl Detector {
    pub fn new(policy: &DetectPolicy) -> Result<Detector, PolicyError> {
        super::warm_up();
        for d in &policy.disable {
            let is_cat = serde_json::from_value::<Category>(serde_json::Value::String(d.clone())).is_ok();
            let is_rule = BUILTIN.rules.iter().any(|r| r.spec.id.starts_with(d.as_str()))
                || policy.custom.iter().any(|c| c.0.get("id").and_then(|v| v.as_str()).is_some_and(|id| id.starts_with(d.as_str())));
            if !is_cat
                && !is_rule
                && !["url", "email", "phone", "label", "name", "assignment", "generic", "iban", "card", "address", "pem", "number", "birth_date"]
                    .iter()
                    .any(|p| d.starts_with(p))
            {
                return Err(PolicyError::UnknownDisable(d.clone()));
            }
        }
        let custom = if policy.custom.is_empty() {
            None
        } else {
            let text = toml::to_string(&toml::Table::from_iter([(
                "rule".to_string(),
                toml::Value::Array(policy.custom.iter().map(|c| toml::Value::Table(c.0.clone())).collect()),
            )]))
            .map_err(|e| RuleError::Parse { file: "config".into(), msg: e.to_string() })?;
            let set = RuleSet::from_sources([("config [[detect.custom]]", text.as_str())])?;
            let fails = set.self_check();
            if let Some(f) = fails.first() {
                return Err(RuleError::Parse { file: "config [[detect.custom]]".into(), msg: f.clone() }.into());
            }
            Some(set)
        };
        Ok(Detector {
            policy: policy.clone(),
            custom,
            allow: policy.allow.iter().map(|a| normalise_value(a)).collect(),
            always: policy.always_mask.iter().map(|a| fold(a)).collect(),
        })
    }

    fn disabled_rule(&self, category: Category, rule: &str) -> bool {
        self.policy.disable.iter().any(|d| d == category.as_str() || rule.starts_with(d.as_str()))
    }

    /// Every detector over the lines of one frame, then the policy.
    pub fn detect_page(&self, lines: &[TextLine]) -> Vec<Finding> {
        let (spans, mut out) = self.detect_spans(lines);
        for sp in spans {
            let boxes: Vec<Rect> = sp.parts.iter().flat_map(|(l, r)| lines[*l].boxes_for(r.clone())).collect();
            if !boxes.is_empty() {
                out.push(Finding { category: sp.category, rule: sp.rule, confidence: sp.confidence, boxes, preview: sp.preview });
            }
        }
        out
    }

    /// Every detector over the lines of one page, as text positions: the findings located in
    /// lines' text (one part, or two for a value wrapped onto the next line), and the findings
    /// that only have boxes (whole key blocks, always-masked words, paranoid regions). The
    /// policy has been applied to both.
    pub fn detect_spans(&self, lines: &[TextLine]) -> (Vec<TextSpan>, Vec<Finding>) {
        let page = layout::Page::new(lines);
        let contexts = page.contexts();
        let mut spans = Vec::new();
        let mut boxed = Vec::new();
        for (i, (line, ctx)) in lines.iter().zip(&contexts).enumerate() {
            let mut ms = detect_text(&line.text, ctx);
            for (range, label) in page.cell_runs(i, ctx.label) {
                for m in detect_text(&line.text[range.clone()], &super::Context { label: Some(label) }) {
                    ms.push(super::Match { range: m.range.start + range.start..m.range.end + range.start, ..m });
                }
            }
            if let Some(c) = &self.custom {
                c.find(&line.text, ctx, &mut ms);
            }
            let found = !ms.is_empty();
            for m in ms {
                let value = &line.text[m.range.clone()];
                if !self.allow.is_empty() && self.allow.contains(&normalise_value(value)) {
                    continue;
                }
                let preview = preview(value, m.category);
                spans.push(TextSpan { parts: vec![(i, m.range)], category: m.category, rule: m.rule, confidence: m.confidence, preview });
            }
            if !found && let Some(cat) = ctx.label.filter(|_| unreadable(line)) {
                boxed.push(Finding { category: cat, rule: "role.unreadable", confidence: 0.6, boxes: vec![line.rect], preview: "***".into() });
            } else if !found && small_unreadable(line) {
                boxed.push(Finding {
                    category: Category::Unreadable,
                    rule: "ocr.small_unreadable",
                    confidence: 0.6,
                    boxes: vec![line.rect],
                    preview: "***".into(),
                });
            }
            self.always_and_paranoid(line, &mut boxed);
            // A token wraps without a space (a terminal's or an editor's soft wrap of a JWT):
            // the two lines read as one word too, for credentials of 16+ characters before the
            // seam and 8+ after it.
            let token = |t: &str| t.chars().all(token_char);
            let tail = line.text.rsplit(' ').next().unwrap_or("");
            if let Some(j) = layout::below(lines, i).filter(|_| tail.len() >= 16 && token(tail)) {
                let next = &lines[j];
                let seam = line.text.len();
                let tight = format!("{}{}", line.text, next.text);
                for m in super::detect_formats(&tight, ctx) {
                    let credential = matches!(m.category, Category::Token | Category::ApiKey | Category::PrivateKey)
                        && m.rule != "generic.high_entropy"
                        && !m.rule.starts_with("assignment");
                    if m.range.start + 16 > seam || m.range.end < seam + 8 || !credential {
                        continue;
                    }
                    // Both sides token characters only: a token's two halves, not a value and
                    // the next line's first word.
                    // (A space OCR put inside the token, which its rule accepted, is no seam.)
                    if !token(&tight[m.range.start..seam].replace(' ', "")) || !token(&tight[seam..m.range.end]) {
                        continue;
                    }
                    let parts = vec![(i, m.range.start..seam), (j, 0..m.range.end - seam)];
                    spans.push(TextSpan {
                        parts,
                        category: m.category,
                        rule: m.rule,
                        confidence: m.confidence,
                        preview: preview(&tight[m.range.clone()], m.category),
                    });
                }
            }
            // A value wrapped onto the next line (IBAN, e-mail, key): detect over the seam.
            if let Some(j) = layout::continuation(lines, i) {
                let next = &lines[j];
                let seam = line.text.len();
                let joined = format!("{} {}", line.text, next.text);
                for m in super::detect_formats(&joined, ctx) {
                    if m.range.start >= seam || m.range.end <= seam + 1 || !strong_format(m.rule) {
                        continue;
                    }
                    let parts = vec![(i, m.range.start..seam), (j, 0..m.range.end - seam - 1)];
                    spans.push(TextSpan {
                        parts,
                        category: m.category,
                        rule: m.rule,
                        confidence: m.confidence,
                        preview: preview(&joined[m.range.clone()], m.category),
                    });
                }
            }
        }
        // A number-shaped phone (no "+", no label) in a column headed by a neutral field is
        // that field's number ("Zamówienie" over "8107-2219").
        let weak_phone = |r: &str| matches!(r, "phone.metadata" | "phone.metadata_mobile" | "phone.national");
        spans.retain(|s| !(weak_phone(s.rule) && s.parts.len() == 1 && page.neutral_column(s.parts[0].0)));
        street_above_town(lines, &mut spans);
        extend_wrapped_secrets(lines, &mut spans);
        apps::list_logins(lines, &mut spans);
        apps::unlabelled_values(lines, &mut spans);
        boxed.extend(secrets::find_blocks(lines));
        let keep = |category: Category, rule: &str, confidence: f32| confidence >= self.policy.min_confidence && !self.disabled_rule(category, rule);
        spans.retain(|s| keep(s.category, s.rule, s.confidence));
        boxed.retain(|f| keep(f.category, f.rule, f.confidence));
        repeated_values(lines, &mut spans);
        (spans, boxed)
    }

    fn always_and_paranoid(&self, line: &TextLine, out: &mut Vec<Finding>) {
        if self.always.is_empty() && self.policy.paranoid_regions.is_empty() {
            return;
        }
        let folded = fold(&line.text);
        // fold() keeps one char per char for the scripts concerned, so char offsets line up.
        for w in &self.always {
            let mut from = 0;
            while let Some(i) = folded[from..].find(w.as_str()) {
                let (cs, ce) = (folded[..from + i].chars().count(), folded[..from + i + w.len()].chars().count());
                let start = line.text.char_indices().nth(cs).map_or(line.text.len(), |(b, _)| b);
                let end = line.text.char_indices().nth(ce).map_or(line.text.len(), |(b, _)| b);
                out.push(Finding {
                    category: Category::Custom,
                    rule: "policy.always_mask",
                    confidence: 1.0,
                    boxes: line.boxes_for(start..end),
                    preview: "***".into(),
                });
                from += i + w.len().max(1);
            }
        }
        for r in &self.policy.paranoid_regions {
            if Rect::new(r[0], r[1], r[2], r[3]).intersects(&line.rect) {
                out.push(Finding {
                    category: Category::Custom,
                    rule: "policy.paranoid_region",
                    confidence: 1.0,
                    boxes: vec![line.rect],
                    preview: "***".into(),
                });
            }
        }
    }
}

/// Whether OCR could not read a line: its words' mean confidence, weighted by characters,
/// is under half. In a sensitive field's place (under its label, in its column) such a line
/// is that field's value misread (an address's `@` and dots lost in 11 px type, digits read
/// as kana by the fallback model), and what could not be read is masked, not passed.
/// A line with its own label ("release: …", "key = …") holds that label's value, not the
/// field's around it.
fn unreadable(line: &TextLine) -> bool {
    let own_label = line.text.split_whitespace().next().is_some_and(|w| w.ends_with([':', '：'])) || line.text.contains('=');
    if own_label {
        return false;
    }
    line.words.iter().map(|w| w.text.chars().count()).sum::<usize>() >= 2 && crate::ocr::weighted_conf(&line.words) < 50.0
}

/// A row of text too small to read reliably (7 px or less from top to bottom: 5 px type, or a
/// 4K screen shown at half size) that OCR read as noise, or as a few characters for a row
/// that holds dozens, or (a placeholder from the reader, 10 px or less) as nothing at all:
/// what it says is unknown, so it is masked whole rather than passed as clean. Rows only
/// (four times as wide as tall): an icon read as noise is no text. (At 10 px, ordinary 11 px
/// type that the fallback model misread as kana was taken too: dev decoys 0.9 → 2.2 %.)
fn small_unreadable(line: &TextLine) -> bool {
    let r = line.rect;
    let chars: usize = line.words.iter().map(|w| w.text.chars().count()).sum();
    // Latin glyphs are about half as wide as the row is tall.
    let expected = r.width() as f32 / (0.55 * r.height().max(1) as f32);
    let noise = chars >= 4 && crate::ocr::weighted_conf(&line.words) < 50.0;
    let placeholder = line.words.len() == 1 && line.words[0].conf == 0.0 && line.text == "?";
    r.width() >= 4 * r.height() && (placeholder && r.height() <= 10 || r.height() <= 7 && (noise || (chars as f32) < 0.3 * expected))
}

/// A value found in one place is that value wherever else the screen shows it: an account
/// number under its label in a form and again alone in a summary, an e-mail address in a
/// header and in a signature. Values of six characters or more, three words at most, with a
/// digit or an `@` (a detector's reading of a sentence as a value must not spread); each
/// other whole-word occurrence not already covered is masked as the first.
fn repeated_values(lines: &[TextLine], spans: &mut Vec<TextSpan>) {
    let mut values: Vec<(String, usize)> = Vec::new();
    for (k, s) in spans.iter().enumerate() {
        let [(l, r)] = s.parts.as_slice() else { continue };
        let v = lines[*l].text[r.clone()].trim();
        let distinctive = v.chars().count() >= 6 && v.split_whitespace().count() <= 3 && (v.chars().any(|c| c.is_ascii_digit()) || v.contains('@'));
        if distinctive && !values.iter().any(|(x, _)| x == v) {
            values.push((v.to_string(), k));
        }
    }
    let mut more = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let covered: Vec<std::ops::Range<usize>> = spans.iter().flat_map(|s| s.parts.iter()).filter(|(l, _)| *l == i).map(|(_, r)| r.clone()).collect();
        for (v, k) in &values {
            for (at, _) in line.text.match_indices(v.as_str()) {
                let r = at..at + v.len();
                let word_edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
                if !word_edge(line.text[..at].chars().next_back()) || !word_edge(line.text[r.end..].chars().next()) {
                    continue;
                }
                if covered.iter().any(|c| c.start < r.end && r.start < c.end) {
                    continue;
                }
                let s = &spans[*k];
                more.push(TextSpan { parts: vec![(i, r)], category: s.category, rule: "page.repeated", confidence: s.confidence, preview: s.preview.clone() });
            }
        }
    }
    spans.extend(more);
}

/// A two-line address whose street line has no type word ("Národní 37", "Meir 50"): the
/// line right above a postcode-and-town line, left-aligned with it, shaped like a street and
/// house number, is that address's street.
fn street_above_town(lines: &[TextLine], spans: &mut Vec<TextSpan>) {
    let towns: Vec<usize> = spans
        .iter()
        .filter(|s| {
            s.category == Category::Address && matches!(s.rule, "address.postcode_town" | "address.us_town") && s.parts.len() == 1 && s.parts[0].1.start == 0
        })
        .map(|s| s.parts[0].0)
        .collect();
    for j in towns {
        let town = &lines[j];
        let h = (town.rect.y1 - town.rect.y0).max(1);
        let above = lines
            .iter()
            .enumerate()
            // The next line up: a signature's or letterhead's roomy line spacing leaves up to
            // half again the ink's height between the lines (18 px under 15 px ink).
            .filter(|(_, l)| l.rect.y1 <= town.rect.y0 && town.rect.y0 - l.rect.y1 <= h * 3 / 2 && (l.rect.x0 - town.rect.x0).abs() <= h)
            .max_by_key(|(_, l)| l.rect.y1);
        let Some((i, line)) = above else { continue };
        if spans.iter().any(|s| s.category == Category::Address && s.parts.iter().any(|p| p.0 == i)) || !super::places::is_street_line(&line.text) {
            continue;
        }
        let t = line.text.trim_end();
        spans.push(TextSpan {
            parts: vec![(i, 0..t.len())],
            category: Category::Address,
            rule: "address.street_above_town",
            confidence: 0.75,
            preview: preview(t, Category::Address),
        });
    }
}

/// A key or token that runs to the end of its line and goes on in the next piece of text:
/// the line under it where a terminal or an editor wrapped it, or a piece OCR split off to
/// its right (for a password, only the pieces beside it). The finding takes the leading run of token characters of that piece.
fn extend_wrapped_secrets(lines: &[TextLine], spans: &mut [TextSpan]) {
    let taken: std::collections::HashSet<usize> = spans.iter().flat_map(|s| s.parts.iter().map(|p| p.0)).collect();
    for s in spans.iter_mut().filter(|s| matches!(s.category, Category::Token | Category::ApiKey | Category::PrivateKey | Category::Password)) {
        let password = s.category == Category::Password;
        let Some((i, r)) = s.parts.last().cloned() else { continue };
        let line = &lines[i];
        // Pieces OCR split off by a space ("eyJhbGci0iJ9. eyJ zdWIi0iAi…") go with the token.
        let end = r.end + token_run(&line.text[r.end..]);
        if let Some(last) = s.parts.last_mut() {
            last.1.end = end;
        }
        if end + 1 < line.text.trim_end().len() {
            continue;
        }
        let h = line.rect.height().max(1);
        if password {
            // OCR breaks a password of dashes and odd letters into pieces, some of them noise
            // ("ujm-" "“nual." "MyM" "ol-749"): every piece that follows on, gap by gap, is it.
            let mut x1 = line.rect.x1;
            let mut row: Vec<usize> =
                (0..lines.len()).filter(|&k| k != i && lines[k].rect.v_overlap(&line.rect) >= 0.4 && lines[k].rect.x0 >= x1 - h).collect();
            row.sort_by_key(|&k| lines[k].rect.x0);
            for k in row {
                if lines[k].rect.x0 > x1 + h / 2 || taken.contains(&k) {
                    break;
                }
                x1 = x1.max(lines[k].rect.x1);
                s.parts.push((k, 0..lines[k].text.len()));
            }
            continue;
        }
        let beside = lines.iter().position(|o| o.rect.v_overlap(&line.rect) >= 0.5 && o.rect.x0 >= line.rect.x1 - h / 2 && o.rect.x0 <= line.rect.x1 + 2 * h);
        // A wrapped line is a long one, cut at its container's edge.
        // (Its last characters alone on the next line may be read smaller than a full line.)
        let tail_below = || {
            lines.iter().position(|o| {
                (o.rect.y0 - line.rect.y1) <= h / 2
                    && o.rect.y0 >= line.rect.y1 - 2
                    && (o.rect.x0 - line.rect.x0).abs() <= h / 2
                    && o.rect.height() * 2 >= h
                    && !o.text.trim().contains(' ')
            })
        };
        let wrapped = || (line.text.chars().count() >= 40).then(|| layout::continuation(lines, i).or_else(tail_below)).flatten();
        let Some(j) = beside.or_else(wrapped).filter(|j| !taken.contains(j)) else { continue };
        // The piece on another line must be long enough to be part of a key, not a word.
        let end = token_run(&lines[j].text);
        // (A short piece alone on its line, "91zUPu8", is the wrapped key's last characters.)
        let long = lines[j].text[..end].split(' ').next().is_some_and(|w| w.len() >= 8);
        let alone = end >= 4 && end == lines[j].text.trim_end().len();
        if end > 0 && (long || alone || Some(j) == beside) {
            s.parts.push((j, 0..end));
        }
    }
}

/// A character of an access token, API key or base64 secret.
fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "+/=_.~-".contains(c)
}

/// Length of the leading pieces of `text` that look like parts of a token: runs of token
/// characters with a digit, mixed case or a leading separator, split by single spaces, up to
/// a closing quote. Prose after a token ("ghp_… is revoked") is no such piece.
fn token_run(text: &str) -> usize {
    let lead = text.len() - text.trim_start_matches(' ').len();
    if lead > 1 {
        return 0;
    }
    let mut end = 0;
    for w in text[lead..].split(' ') {
        let core = w.trim_end_matches(['"', '\'', ',', ';', '`']);
        // A new assignment ("TZ=Europe/Warsaw") is not a piece of the token before it.
        if core.trim_end_matches('=').contains('=') {
            break;
        }
        let tokenish =
            core.chars().any(|c| c.is_ascii_digit()) || (core.chars().any(|c| c.is_ascii_uppercase()) && core.chars().any(|c| c.is_ascii_lowercase()));
        if core.len() < 3 || !core.chars().all(token_char) || !tokenish {
            break;
        }
        end = w.as_ptr() as usize - text.as_ptr() as usize + core.len();
        if core.len() < w.len() {
            break;
        }
    }
    end
}

/// Rules precise enough to trust across a line seam: checksummed numbers, strict e-mail
/// addresses, and provider formats with a keyword. Heuristic rules (phones, names, entropy)
/// would glue stacked table rows and console lines into false values.
fn strong_format(rule: &str) -> bool {
    matches!(rule, "iban" | "email" | "card.luhn" | "pl.nrb")
        || BUILTIN.rules.iter().any(|r| r.id == rule && !r.spec.keywords.is_empty() && r.spec.category != Category::Password)
}

fn normalise_value(v: &str) -> String {
    fold(v.trim()).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::Word;

    fn line(t: &str, y: i32) -> TextLine {
        let mut x = 0;
        let words = t
            .split(' ')
            .map(|w| {
                let r = Rect::new(x, y, x + 8 * w.chars().count() as i32, y + 12);
                x = r.x1 + 5;
                Word { text: w.into(), rect: r, conf: 90.0 }
            })
            .collect();
        TextLine::new(words, "eng")
    }

    fn policy(toml_text: &str) -> DetectPolicy {
        #[derive(Deserialize)]
        struct W {
            detect: DetectPolicy,
        }
        toml::from_str::<W>(toml_text).unwrap().detect
    }

    /// A row of tiny type read as noise is masked whole as unreadable; the same noise in
    /// ordinary type, or a confident tiny row, is left to the detectors.
    #[test]
    fn tiny_type_read_as_noise_is_masked() {
        let d = Detector::new(&DetectPolicy::default()).unwrap();
        let row = |h: i32, conf: f32| {
            let words = ["Pao", "Geh", "erri", "mak", "jar", "oma"]
                .iter()
                .enumerate()
                .map(|(k, t)| Word { text: (*t).into(), rect: Rect::new(10 + 4 * h * k as i32, 9, 10 + 4 * h * (k as i32 + 1) - 2, 9 + h), conf })
                .collect();
            let lines = vec![TextLine::new(words, "eng")];
            d.detect_page(&lines).iter().any(|f| f.category == Category::Unreadable)
        };
        assert!(row(6, 30.0));
        assert!(!row(10, 30.0));
        assert!(!row(16, 30.0));
        assert!(!row(10, 85.0));
    }

    /// A signature's street line over its postcode and town, at a letter's roomy spacing (ink
    /// 12 px, 16 px between the lines); a line further up is no part of it.
    #[test]
    fn street_line_over_its_town() {
        let d = Detector::new(&DetectPolicy::default()).unwrap();
        let street = |gap: i32| {
            let lines = vec![line("Jana Prochazka", 0), line("Vinohradska 112", 30), line("130 00 Praha 3", 42 + gap)];
            d.detect_page(&lines).iter().any(|f| f.rule == "address.street_above_town")
        };
        assert!(street(16));
        assert!(!street(30));
    }

    /// Under an e-mail label, a line OCR could not read is masked as the field's value; a
    /// confident line, or a line with its own label, is left to the detectors.
    #[test]
    fn an_unreadable_value_in_a_field_is_masked() {
        let d = Detector::default();
        let conf = |mut l: TextLine, c: f32| {
            l.words.iter_mut().for_each(|w| w.conf = c);
            l
        };
        let page = |value: TextLine| [line("E-mail", 0), value];
        let unreadable = |f: &[Finding]| f.iter().any(|f| f.rule == "role.unreadable" && f.category == Category::Email);
        assert!(unreadable(&d.detect_page(&page(conf(line("senqerradoslawteochalLnet", 16), 40.0)))));
        assert!(!unreadable(&d.detect_page(&page(conf(line("senqerradoslawteochalLnet", 16), 85.0)))));
        assert!(!unreadable(&d.detect_page(&page(conf(line("release: 4afbd478-87a3", 16), 30.0)))));
        assert!(!unreadable(&d.detect_page(&[conf(line("senqerradoslawteochalLnet", 16), 40.0)])), "no field around it");
    }

    /// A password found after its label is masked where the screen repeats it alone; a word
    /// that only contains it is not that value.
    #[test]
    fn a_value_found_once_is_masked_where_it_repeats() {
        let d = Detector::default();
        let lines = [line("Password: Zima2024!x", 0), line("Zima2024!x", 60), line("Zima2024!xyz", 80)];
        let f = d.detect_page(&lines);
        let on = |y: i32| f.iter().any(|f| f.category == Category::Password && f.boxes.iter().any(|b| b.y0 == y));
        assert!(on(0) && on(60), "{:?}", f.iter().map(|f| (f.rule, f.boxes.clone())).collect::<Vec<_>>());
        assert!(!on(80));
    }

    #[test]
    fn allow_disable_always_and_custom() {
        let p = policy(
            "[detect]\nallow = ['me@streamer.tv']\ndisable = ['phone']\nalways_mask = ['Project Falcon']\n\
             [[detect.custom]]\nid = 'acme.customer_no'\nname = 'ACME customer'\ncategory = 'custom'\npattern = '\\bACME-\\d{6}\\b'\nexamples = ['ACME-123456']\n",
        );
        let d = Detector::new(&p).unwrap();
        let lines = [line("mail me@streamer.tv or jan@example.pl", 0), line("tel +48 601 234 567", 20), line("status of project falcon ACME-123456", 40)];
        let f = d.detect_page(&lines);
        let rules: Vec<&str> = f.iter().map(|f| f.rule).collect();
        assert_eq!(f.iter().filter(|f| f.category == Category::Email).count(), 1, "{rules:?}");
        assert!(!f.iter().any(|f| f.category == Category::Phone), "{rules:?}");
        assert!(rules.contains(&"policy.always_mask") && rules.contains(&"acme.customer_no"), "{rules:?}");
    }

    #[test]
    fn values_wrapped_onto_the_next_line_are_found_whole() {
        let d = Detector::default();
        let lines = [line("IBAN: NL91 ABNA 0417", 0), line("1643 00 (main)", 14)];
        let f = d.detect_page(&lines);
        let iban = f.iter().find(|f| f.category == Category::Iban && f.rule == "iban").expect("valid IBAN across the wrap");
        assert_eq!(iban.boxes.len(), 5, "{iban:?}");
        assert!(iban.boxes.iter().any(|b| b.y0 == 14));
        // Prose and names are not glued across lines.
        let f = d.detect_page(&[line("Meeting with Anna", 0), line("Tomorrow at noon", 14)]);
        assert!(f.iter().all(|f| f.boxes.iter().all(|b| b.y0 == 0)), "{f:?}");
    }

    #[test]
    fn paranoid_regions_mask_everything_inside() {
        let d = Detector::new(&policy("[detect]\nparanoid_regions = [[0, 15, 500, 35]]\n")).unwrap();
        let f = d.detect_page(&[line("harmless words", 0), line("also harmless", 20)]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].boxes[0].y0, 20);
    }

    #[test]
    fn invalid_policy_is_an_error() {
        assert!(Detector::new(&policy("[detect]\ndisable = ['nmae']\n")).is_err());
        let bad = "[detect]\n[[detect.custom]]\nid = 'x'\nname = 'x'\ncategory = 'custom'\npattern = '\\bX\\d\\b'\nexamples = ['no match here']\n";
        assert!(Detector::new(&policy(bad)).is_err(), "a custom rule whose example fails is rejected");
    }
}
