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
/// The rule of a row of ordinary type no OCR model read (see `page_roles::unread_row`).
pub const UNREAD_ROW: &str = "ocr.unread_row";

use super::page_roles::{extend_wrapped_secrets, repeated_values, small_unreadable, street_above_town, strong_format, token_char, unread_row, unreadable};
use super::rules::{BUILTIN, RuleError, RuleSet};
use super::{Category, Finding, detect_text, preview, secrets};
use super::{apps, layout};
use crate::geom::Rect;
use crate::text::TextLine;

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

pub use super::TextSpan;

/// The detectors plus a compiled policy: what the engine runs on each frame.
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
            } else if !found && (small_unreadable(line) || unread_row(line)) {
                boxed.push(Finding {
                    category: Category::Unreadable,
                    rule: if unread_row(line) { UNREAD_ROW } else { "ocr.small_unreadable" },
                    confidence: 0.6,
                    boxes: vec![line.rect],
                    preview: "***".into(),
                });
            }
            self.always_and_paranoid(line, &mut boxed);
            // A token wraps without a space (a terminal's or an editor's soft wrap of a JWT, a
            // chat's wrap after "sk-ant-api03-"): the two lines read as one word too, for
            // credentials of 16+ characters before the seam and 8+ after it, or of any length
            // where neither line alone holds that rule's value (a provider's prefix and fixed
            // length make the seam part of the value) or where the value ends at the quote that
            // closes it ("Bearer shpat_…df4" over '5be" https://…').
            let token = |t: &str| t.chars().all(token_char);
            let tail = line.text.rsplit(' ').next().unwrap_or("");
            let long_tail = tail.len() >= 16 || tail.len() >= 8 && tail.chars().any(|c| c.is_ascii_digit());
            if let Some(j) = layout::below(lines, i).filter(|_| long_tail && token(tail)) {
                let next = &lines[j];
                let seam = line.text.len();
                let tight = format!("{}{}", line.text, next.text);
                let alone = |rule: &str| [&line.text, &next.text].iter().any(|t| super::detect_formats_each(t, ctx).iter().any(|x| x.rule == rule));
                let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
                for m in super::detect_formats_each(&tight, ctx) {
                    let credential = matches!(m.category, Category::Token | Category::ApiKey | Category::PrivateKey)
                        && m.rule != "generic.high_entropy"
                        && !m.rule.starts_with("assignment");
                    if !credential || m.range.start >= seam || m.range.end <= seam || taken.contains(&m.range) {
                        continue;
                    }
                    // Or where the value ends at the quote that closes one opened before it.
                    // (OCR reads typographic quotes too: “…" is one pair. The quote may open in
                    // a piece before this one on its visual line.)
                    let closes = || {
                        tight[m.range.end..].chars().next().is_some_and(|q| {
                            "\"'`”’»".contains(q) && {
                                let before: String =
                                    layout::row_before(lines, i).iter().map(|&k| lines[k].text.as_str()).chain([&line.text[..m.range.start]]).collect();
                                before.matches(q).count() % 2 == 1 || before.contains(['“', '„', '‘', '«'])
                            }
                        })
                    };
                    // (Cheapest first: most seam values pass on their lengths alone.)
                    if (m.range.start + 16 > seam || m.range.end < seam + 8) && !closes() && alone(m.rule) {
                        continue;
                    }
                    // Both sides token characters only: a token's two halves, not a value and
                    // the next line's first word.
                    // (A space OCR put inside the token, which its rule accepted, is no seam.)
                    if !token(&tight[m.range.start..seam].replace(' ', "")) || !token(&tight[seam..m.range.end]) {
                        continue;
                    }
                    let parts = vec![(i, m.range.start..seam), (j, 0..m.range.end - seam)];
                    taken.push(m.range.clone());
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

fn normalise_value(v: &str) -> String {
    fold(v.trim()).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Word;

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
    fn a_provider_key_wrapped_right_after_its_prefix_or_before_its_last_characters_is_found_whole() {
        let d = Detector::default();
        let body = "3xm3Y2WO6ODQF5D6WwXgix_dSQbWblqQoIu3TJAHLgGULU5i38PWkxpdZPXFNLuDlKG9gmlNwsdLyHxzmIGs_e7FbR5daAA";
        // (Whether a key or token is found on the first line, and on the second.)
        let wrapped = |a: &str, b: &str| {
            let f = d.detect_page(&[line(a, 0), line(b, 14)]);
            let on = |y: i32| f.iter().any(|f| matches!(f.category, Category::ApiKey | Category::Token) && f.boxes.iter().any(|b| b.y0 == y));
            (on(0), on(14))
        };
        // A chat wraps after the prefix's hyphen; a terminal leaves three characters and the
        // closing quote on the next line.
        assert_eq!(wrapped("ANTHROPIC_API_KEY=sk-ant-api03-", body), (true, true));
        let bearer = "curl -H \"Authorization: Bearer shpat_77a08d775fffd26cec2e7e62e2df4";
        assert_eq!(wrapped(bearer, "5be\" https://api.internal/v1/me"), (true, true));
        // Any bearer token ends at its closing quote; unquoted, a short piece is a word.
        let any = "curl -H \"Authorization: Bearer Zk3vQ9xLm2Pw8RtY6nHb4Jc7Wq";
        assert_eq!(wrapped(any, "5be\" https://api.internal/v1/me"), (true, true));
        assert_eq!(wrapped(&any.replace('"', "“"), "5be\" https://api.internal/v1/me"), (true, true), "as OCR reads the quotes");
        assert_eq!(wrapped(&any.replace('"', ""), "5be https://api.internal/v1/me"), (true, false));
        // Unquoted, a provider's fixed length still takes its last characters, though the
        // bearer rule reads a value on the first line alone.
        assert_eq!(wrapped(&bearer.replace('"', ""), "5be https://api.internal/v1/me"), (true, true));
        // A key whole on its line takes no word from the next one.
        assert_eq!(wrapped(&format!("key sk-ant-api03-{body}"), "Thanks, see you"), (true, false));
        // The wrapped line read in two pieces (a prompt's colour ends before the command):
        // the next line starts under the first piece, the quote opens in it.
        let mut token = line("Bearer Zk3vQ9xLm2Pw8RtY6nHb4Jc7Wq", 0);
        token.words.iter_mut().for_each(|w| (w.rect.x0, w.rect.x1) = (w.rect.x0 + 340, w.rect.x1 + 340));
        let token = TextLine::new(token.words, "eng");
        let f = d.detect_page(&[line("ci@runner-7:~/app$ curl -H \"Authorization:", 0), token, line("5be\" https://api.internal/v1/me", 14)]);
        assert!(f.iter().any(|f| f.category == Category::Token && f.boxes.iter().any(|b| b.y0 == 14)), "{f:?}");
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
