//! Detection stage: OCR'd text → findings (what is sensitive, where, how sure).
//!
//! Pure Rust: no OCR, image or media library. `scan-text` (a binary of this crate as well as a
//! subcommand of `screenveil`), the rule checks and the fuzz target build with it alone.
//!
//! Detectors are pure functions of text (plus the layout context a line sits in: the label to
//! its left, above it, or its table column's header). They return byte ranges into the line's
//! text; [`detect_page`] maps those ranges to word boxes. The value itself never leaves this
//! crate: a [`Finding`] carries only a masked preview.

pub mod apps;
pub mod checksum;
pub mod codes;
pub mod contact;
pub mod corpus;
pub mod dates;
pub mod ids;
pub mod inline;
pub mod labelled;
pub mod labels;
pub mod layout;
pub mod names;
pub mod natid;
pub mod norm;
pub mod page_roles;
pub mod phones;
pub mod places;
pub mod policy;
pub mod records;
pub mod rules;
pub mod scan;
pub mod secrets;

use std::ops::Range;

use serde::{Deserialize, Serialize};
// The shared values, under the names the stages use for them.
use screenveil_core::{error, geom, text};

use crate::geom::Rect;
use crate::text::TextLine;

/// What kind of sensitive data a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Password,
    Username,
    ApiKey,
    Token,
    PrivateKey,
    Email,
    Phone,
    NationalId,
    Iban,
    BankAccount,
    Card,
    Name,
    Address,
    BirthDate,
    /// A company's own patterns and words (policy).
    Custom,
    /// Text the reader found but could not read (type too small to read reliably): masked
    /// whole, never passed as clean.
    Unreadable,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Password => "password",
            Category::Username => "username",
            Category::ApiKey => "api_key",
            Category::Token => "token",
            Category::PrivateKey => "private_key",
            Category::Email => "email",
            Category::Phone => "phone",
            Category::NationalId => "national_id",
            Category::Iban => "iban",
            Category::BankAccount => "bank_account",
            Category::Card => "card",
            Category::Name => "name",
            Category::Address => "address",
            Category::BirthDate => "birth_date",
            Category::Custom => "custom",
            Category::Unreadable => "unreadable",
        }
    }
    /// Credentials: their preview shows nothing of the value.
    pub fn is_credential(self) -> bool {
        matches!(self, Category::Password | Category::ApiKey | Category::Token | Category::PrivateKey)
    }
}

/// A finding located in the text of a page's lines: `(line index, byte range)` parts.
#[derive(Clone)]
pub struct TextSpan {
    pub parts: Vec<(usize, std::ops::Range<usize>)>,
    pub category: Category,
    pub rule: &'static str,
    pub confidence: f32,
    pub preview: String,
}

/// A detector hit inside one string.
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    pub range: Range<usize>,
    pub category: Category,
    pub rule: &'static str,
    pub confidence: f32,
}

impl Match {
    pub fn new(range: Range<usize>, category: Category, rule: &'static str, confidence: f32) -> Match {
        Match { range, category, rule, confidence }
    }
}

/// What the layout says about a line: the category its label or column header announces.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Context {
    pub label: Option<Category>,
}

/// A detected sensitive value on a frame. Holds no plaintext: `preview` is masked.
#[derive(Clone, PartialEq, Serialize)]
pub struct Finding {
    pub category: Category,
    pub rule: &'static str,
    pub confidence: f32,
    pub boxes: Vec<Rect>,
    pub preview: String,
}

impl std::fmt::Debug for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Finding")
            .field("category", &self.category)
            .field("rule", &self.rule)
            .field("confidence", &self.confidence)
            .field("boxes", &self.boxes)
            .field("preview", &self.preview)
            .finish()
    }
}

type MatchMemo = std::cell::RefCell<rustc_hash::FxHashMap<(String, Option<Category>), Vec<Match>>>;

thread_local! {
    // Recordings and streams show the same lines on frame after frame (a scrolled table is
    // read once and detected hundreds of times): the detectors are pure, so repeats are
    // answered from memory. Bounded; in memory only, like the OCR'd lines themselves.
    static MEMO: MatchMemo = Default::default();
}

/// Starts building every detector's patterns and tables, one thread per detector, and
/// returns at once. Compiling them is most of `scan-text`'s start-up; built side by side,
/// the first text waits for the slowest detector instead of the sum of all. Where a thread
/// cannot be started, that detector is built when first used, as without this.
pub fn warm_up() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        let detectors: [fn(); 10] =
            [places::warm, phones::warm, names::warm, rules::warm, labels::warm, inline::warm, contact::warm, dates::warm, ids::warm, secrets::warm];
        for warm in detectors {
            let _ = std::thread::Builder::new().name("detect-warm-up".into()).spawn(warm);
        }
    });
}

/// A bounded per-thread memo of answers about texts (see [`memoised`]).
pub(crate) type Memo<V> = std::cell::RefCell<rustc_hash::FxHashMap<String, V>>;

/// Answers `f(text)` from a bounded per-thread memo. Recordings and streams ask about the
/// same few hundred texts on every frame (a column walk passes every row above a cell; a
/// number is judged on the text, its repaired view and across a cell gap).
pub(crate) fn memoised<V: Copy + 'static>(memo: &'static std::thread::LocalKey<Memo<V>>, text: &str, f: fn(&str) -> V) -> V {
    if let Some(hit) = memo.with(|m| m.borrow().get(text).copied()) {
        return hit;
    }
    let r = f(text);
    memo.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() > 50_000 {
            m.clear();
        }
        m.insert(text.to_string(), r);
    });
    r
}

/// Empties this thread's memos of detector answers, so the next texts are detected afresh
/// (a benchmark's iterations; compiled patterns and their caches stay).
pub fn forget_answers() {
    MEMO.with(|m| m.borrow_mut().clear());
    labels::forget_answers();
    phones::forget_answers();
}

/// All detectors over one string with its layout context. Overlapping hits are all kept;
/// callers mask their union.
pub fn detect_text(text: &str, ctx: &Context) -> Vec<Match> {
    let key = (text.to_string(), ctx.label);
    if let Some(hit) = MEMO.with(|m| m.borrow().get(&key).cloned()) {
        return hit;
    }
    let r = detect_text_uncached(text, ctx);
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() > 20_000 {
            m.clear();
        }
        m.insert(key, r.clone());
    });
    r
}

/// What the detectors that read a value by its format alone (provider rules, secrets, IBANs,
/// cards, account numbers, e-mails) find in `text`, on the same views as [`detect_text`].
/// For text put together across a seam (a value wrapped onto the next line), where only such
/// values are taken: names, places and phones there are read on each line by itself.
pub fn detect_formats(text: &str, ctx: &Context) -> Vec<Match> {
    dedup(detect_formats_each(text, ctx))
}

/// [`detect_formats`] with every rule's match kept, also where another rule read the same
/// range: a seam is judged rule by rule ("Bearer shpat_…" over "5be": the bearer rule
/// finds a value on the first line alone, the provider's rule only across the seam).
pub fn detect_formats_each(text: &str, ctx: &Context) -> Vec<Match> {
    let mut m = Vec::new();
    let rules = &*rules::BUILTIN;
    let repaired = ids::repair_view(text);
    rules_and_secrets(text, &repaired, ctx, &mut m);
    ids::find(text, &repaired, ctx, &mut m);
    for view in [norm::Compact::new(text), norm::Compact::narrow(text)] {
        if view.is_identity() {
            continue;
        }
        let mut vm = Vec::new();
        rules.find(&view.text, ctx, &mut vm);
        secrets::find(&view.text, &mut vm);
        ids::find(&view.text, &view.text, ctx, &mut vm);
        contact::find_emails(&view.text, &mut vm);
        m.extend(vm.into_iter().map(|x| Match { range: view.to_original(x.range), ..x }));
    }
    contact::find_emails(text, &mut m);
    checked(text, m)
}

/// The rules and the secret-named assignments over `text`, and the number-format rules over
/// its `repaired` view: misread digits ("81O4O52OOO4"), the view of the same length.
fn rules_and_secrets(text: &str, repaired: &str, ctx: &Context, m: &mut Vec<Match>) {
    let rules = &*rules::BUILTIN;
    rules.find(text, ctx, m);
    secrets::find(text, m);
    if repaired != text {
        rules.find_numeric(repaired, ctx, m);
    }
}

fn detect_text_uncached(text: &str, ctx: &Context) -> Vec<Match> {
    let mut m = Vec::new();
    let rules = &*rules::BUILTIN;
    let repaired = ids::repair_view(text);
    rules_and_secrets(text, &repaired, ctx, &mut m);
    if repaired != text {
        // Phones and dates with a misread digit ("o151/8730847", "March 27, l971") are found
        // on the repaired view too; its byte offsets are the text's.
        let mut rm = Vec::new();
        contact::find(&repaired, ctx, &mut rm);
        inline::find_inline(&repaired, &mut rm);
        if let Some(cat) = ctx.label {
            labelled::find_by_context(&repaired, cat, &mut rm);
        }
        // An address with a misread postal code or house number ("889Z9 Hofgeismar").
        places::find(&repaired, ctx, &mut rm);
        m.extend(
            rm.into_iter()
                .filter(|x| matches!(x.category, Category::Phone | Category::BirthDate | Category::NationalId | Category::BankAccount | Category::Address)),
        );
    }
    ids::find(text, &repaired, ctx, &mut m);
    // Spaces OCR puts around punctuation in monospace text: a compact view, mapped back.
    let compact = norm::Compact::new(text);
    if !compact.is_identity() {
        let mut cm = Vec::new();
        rules.find(&compact.text, ctx, &mut cm);
        secrets::find(&compact.text, &mut cm);
        contact::find(&compact.text, ctx, &mut cm);
        for x in cm {
            m.push(Match { range: compact.to_original(x.range), ..x });
        }
    }
    let narrow = norm::Compact::narrow(text);
    if !narrow.is_identity() {
        let mut nm = Vec::new();
        rules.find(&narrow.text, ctx, &mut nm);
        ids::find(&narrow.text, &narrow.text, ctx, &mut nm);
        contact::find(&narrow.text, ctx, &mut nm);
        m.extend(nm.into_iter().map(|x| Match { range: narrow.to_original(x.range), ..x }));
    }
    contact::find(text, ctx, &mut m);
    inline::find_inline(text, &mut m);
    names::find(text, &mut m);
    places::find(text, ctx, &mut m);
    if let Some(cat) = ctx.label {
        labelled::find_by_context(text, cat, &mut m);
    }
    finish(text, m)
}

fn finish(text: &str, m: Vec<Match>) -> Vec<Match> {
    dedup(checked(text, m))
}

/// Matches inside `text`, less numbers that are a non-sensitive field's value.
fn checked(text: &str, mut m: Vec<Match>) -> Vec<Match> {
    m.retain(|x| x.range.start < x.range.end && x.range.end <= text.len());
    // A number right after the label of a non-sensitive field ("EAN 5900679546661", "Nr ref.:
    // 8883 5630 9490 7271") is that field's value, whatever check digit it happens to pass.
    m.retain(|x| {
        !(matches!(x.category, Category::Card | Category::NationalId | Category::Phone | Category::BankAccount) && after_neutral_label(text, x.range.start))
    });
    m
}

/// Whether the one to three words before `start` are a non-sensitive field's label.
fn after_neutral_label(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', ':', '#', '\t', '№', '：']);
    if before.len() == text[..start].len() && !before.is_empty() {
        return false;
    }
    let words: Vec<&str> = before.split_whitespace().collect();
    (1..=3.min(words.len())).any(|n| labels::is_neutral_label(&words[words.len() - n..].join(" ")))
}

/// One match per (range, category): the most confident rule wins. A match lying inside a
/// longer, more confident match is dropped (the digits of a card are not also a
/// phone number; the groups of an IBAN are not a My Number).
fn dedup(mut m: Vec<Match>) -> Vec<Match> {
    // Of two matches of one range and category, a detector's own reading outranks the label's:
    // the layout may yet drop the label's (a label too far away), and must not take the
    // detector's with it.
    let by_label = |x: &Match| matches!(x.rule, "label.context" | "number.labelled");
    m.sort_by(|a, b| {
        (a.range.start, a.range.end, a.category, by_label(a))
            .cmp(&(b.range.start, b.range.end, b.category, by_label(b)))
            .then(b.confidence.total_cmp(&a.confidence))
    });
    m.dedup_by(|b, a| a.range == b.range && a.category == b.category);
    // A whole cell taken for what its label says is kept or dropped by the layout later; it
    // does not swallow what the detectors found inside it.
    let inside = |x: &Match, y: &Match| {
        y.range.start <= x.range.start
            && x.range.end <= y.range.end
            && y.range.len() > x.range.len()
            && y.confidence > x.confidence
            && !matches!(y.rule, "label.context" | "number.labelled")
    };
    // A secret-named assignment or an entropy blob read the same value a provider's format
    // names more exactly ("token: pscale_pw_…" is a PlanetScale password): one finding.
    let generic = |x: &Match| matches!(x.rule, "assignment.secret" | "generic.high_entropy");
    let named = |x: &Match, y: &Match| generic(x) && !generic(y) && !by_label(y) && y.range == x.range && y.confidence > x.confidence;
    let keep: Vec<bool> = m.iter().map(|x| !m.iter().any(|y| inside(x, y) || named(x, y))).collect();
    m.into_iter().zip(keep).filter_map(|(x, k)| k.then_some(x)).collect()
}

/// Runs every detector over the lines of one frame with the default policy.
pub fn detect_page(lines: &[TextLine]) -> Vec<Finding> {
    policy::Detector::default().detect_page(lines)
}

/// Masked preview of a value: enough to recognise which one it was, never enough to use it.
///
/// ```
/// use screenveil_detect::{preview, Category};
/// assert_eq!(preview("jan.kowalski@example.pl", Category::Email), "j***@e***.pl");
/// assert_eq!(preview("Zima2024!", Category::Password), "********");
/// ```
pub fn preview(value: &str, cat: Category) -> String {
    let v = value.trim();
    if cat.is_credential() {
        return "********".into();
    }
    if cat == Category::Email
        && let Some((local, domain)) = v.split_once('@')
    {
        let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
        let tld = domain.rsplit_once('.').map(|(_, t)| t).unwrap_or("");
        return format!("{}***@{}***.{}", first(local), first(domain), tld);
    }
    let chars: Vec<char> = v.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() < 6 {
        return "***".into();
    }
    format!("{}***{}", chars[0], chars[chars.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previews_hide_values() {
        assert_eq!(preview("jan.kowalski@example.pl", Category::Email), "j***@e***.pl");
        assert_eq!(preview("Zima2024!", Category::Password), "********");
        assert_eq!(preview("81040520004", Category::NationalId), "8***4");
        assert_eq!(preview("Jan", Category::Name), "***");
    }

    #[test]
    fn debug_shows_no_value() {
        let f = Finding { category: Category::Email, rule: "email", confidence: 0.9, boxes: vec![], preview: preview("jan@x.pl", Category::Email) };
        let d = format!("{f:?}");
        assert!(!d.contains("jan@x.pl"), "{d}");
    }
}
