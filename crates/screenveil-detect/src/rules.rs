//! Rules as data: `models/rules/*.toml`, one file per provider or country (noseyparker's
//! model). Each rule has a stable id, a category, a commented regex, optional named validator,
//! multilingual context words, a base confidence, and examples and negative examples that the
//! test suite (and `screenveil rules check`) runs. A keyword prefilter (Aho-Corasick) skips
//! rules whose keywords are absent, so hundreds of rules stay cheap.

use std::sync::{LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use serde::Deserialize;

use super::checksum::*;
use super::natid;
use super::norm::{entropy, label_key};
use super::{Category, Context, Match};

include!(concat!(env!("OUT_DIR"), "/rules_index.rs"));

/// Named check-digit or plausibility validators a rule may use.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Validator {
    Luhn,
    Iban,
    Pesel,
    Nip,
    Regon,
    PlIdCard,
    Bsn,
    LtPersonal,
    SteuerId,
    DeIdCard,
    MyNumber,
    JpCorporate,
    Ssn,
    Itin,
    Nino,
    FrNir,
    EsDni,
    ItCodiceFiscale,
    SePersonnummer,
    FiHetu,
    BeNationalNumber,
    CzBirthNumber,
    NoFodselsnummer,
    AtSvnr,
    PtNif,
    RoCnp,
    LvPersonalCode,
    ChAhv,
    BgEgn,
    HrOib,
    SiEmso,
    IsKennitala,
    GrAmka,
    GrAfm,
    HuTax,
    HuTaj,
    IePps,
    LuMatricule,
    CyTic,
    /// A US bank's ABA routing number (check digit, Federal Reserve district prefix)
    /// followed by its account number.
    AbaRoutingAccount,
    /// Not a documentation stand-in (`<YOUR_KEY>`, `REPLACE_ME`, `${VAR}`).
    NotPlaceholder,
}

impl Validator {
    pub fn check(self, v: &str) -> bool {
        let d = digits(v);
        let compact: String = v.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase();
        match self {
            Validator::Luhn => luhn(&d),
            Validator::Iban => iban_ok(&compact),
            Validator::Pesel => pesel_ok(&d),
            Validator::Nip => nip_ok(&d),
            Validator::Regon => regon_ok(&d),
            Validator::PlIdCard => pl_id_card_ok(&compact),
            Validator::Bsn => bsn_ok(&d),
            Validator::LtPersonal => lt_personal_ok(&d),
            Validator::SteuerId => steuer_id_ok(&d),
            Validator::DeIdCard => de_id_card_ok(&compact),
            Validator::MyNumber => my_number_ok(&d),
            Validator::JpCorporate => jp_corporate_ok(&d),
            Validator::Ssn => ssn_plausible(&d),
            Validator::AbaRoutingAccount => (13..=26).contains(&d.len()) && aba_routing_ok(&d[..9]),
            Validator::Itin => itin_plausible(&d),
            Validator::Nino => nino_ok(&compact),
            Validator::FrNir => fr_nir_ok(&compact),
            Validator::EsDni => es_dni_ok(&compact),
            Validator::ItCodiceFiscale => it_cf_ok(&compact),
            Validator::SePersonnummer => se_pnr_ok(&d),
            Validator::FiHetu => fi_hetu_ok(&v.trim().to_ascii_uppercase()),
            Validator::BeNationalNumber => be_nn_ok(&d),
            Validator::CzBirthNumber => cz_rc_ok(&d),
            Validator::NotPlaceholder => !super::secrets::is_placeholder(v),
            Validator::NoFodselsnummer => no_fnr_ok(&d),
            Validator::AtSvnr => at_svnr_ok(&d),
            Validator::PtNif => pt_nif_ok(&d),
            Validator::RoCnp => ro_cnp_ok(&d),
            Validator::LvPersonalCode => lv_pk_ok(&d),
            Validator::ChAhv => ch_ahv_ok(&d),
            Validator::BgEgn => natid::bg_egn_ok(&d),
            Validator::HrOib => natid::hr_oib_ok(&d),
            Validator::SiEmso => natid::si_emso_ok(&d),
            Validator::IsKennitala => natid::is_kennitala_ok(&d),
            Validator::GrAmka => natid::gr_amka_ok(&d),
            Validator::GrAfm => natid::gr_afm_ok(&d),
            Validator::HuTax => natid::hu_tax_ok(&d),
            Validator::HuTaj => natid::hu_taj_ok(&d),
            Validator::IePps => natid::ie_pps_ok(&compact),
            Validator::LuMatricule => natid::lu_matricule_ok(&d),
            Validator::CyTic => natid::cy_tic_ok(&compact),
        }
    }
}

fn default_confidence() -> f32 {
    0.9
}

/// One rule as written in a rule file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub name: String,
    pub category: Category,
    pub pattern: String,
    /// Capture group holding the sensitive value (0 = whole match).
    #[serde(default)]
    pub group: usize,
    /// Any of these (case-insensitive) must occur in the text for the rule to run.
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default = "default_confidence")]
    pub confidence: f32,
    #[serde(default)]
    pub validator: Option<Validator>,
    /// Words that, on the same line (or as the line's label), say what the value is.
    #[serde(default)]
    pub context: Vec<String>,
    /// Without context the rule does not fire (shapes shared with ordinary numbers).
    #[serde(default)]
    pub context_required: bool,
    /// The rule runs only on text with at least this many ASCII digits (a cheap prefilter for
    /// number formats, which have no keyword).
    #[serde(default)]
    pub min_digits: usize,
    /// Minimum Shannon entropy (bits per char) of the value.
    #[serde(default)]
    pub min_entropy: Option<f32>,
    pub examples: Vec<String>,
    #[serde(default)]
    pub negative_examples: Vec<String>,
    #[serde(default)]
    pub references: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rule: Vec<RuleSpec>,
}

#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{file}: {msg}")]
    Parse { file: String, msg: String },
    #[error("{file}: rule {id}: invalid pattern: {msg}")]
    Pattern { file: String, id: String, msg: String },
    #[error("{file}: duplicate rule id {id}")]
    Duplicate { file: String, id: String },
}

impl crate::error::Kinded for RuleError {
    fn kind(&self) -> crate::error::ErrorKind {
        // A rule file is the user's configuration.
        crate::error::ErrorKind::Usage
    }
}

pub struct Rule {
    pub spec: RuleSpec,
    /// The id with a 'static lifetime, as findings carry it (rules live for the process).
    pub id: &'static str,
    /// Compiled when the set is made, or for the built-in rules when the rule first runs
    /// (see [`RuleSet::builtin`]).
    re: OnceLock<Regex>,
    context_keys: Vec<String>,
}

impl Rule {
    fn re(&self) -> &Regex {
        // Set when the rule set was made, or a built-in pattern, which a test compiles.
        self.re.get_or_init(|| Regex::new(&self.spec.pattern).expect("built-in patterns compile (checked by tests)"))
    }
}

/// A compiled set of rules with its keyword prefilter.
pub struct RuleSet {
    pub rules: Vec<Rule>,
    prefilter: AhoCorasick,
    /// Rule index for each prefilter pattern.
    keyword_rule: Vec<usize>,
    /// Rules without keywords: always run.
    always: Vec<usize>,
    /// One automaton over the keyword-less rules' patterns: a single pass tells which of them
    /// can match at all, instead of running each regex.
    always_set: regex::RegexSet,
}

impl RuleSet {
    /// Parses rule files given as (name, TOML text) and compiles every pattern, so a pattern
    /// that does not compile (bad syntax, over the size limit) is an error here.
    pub fn from_sources<'a>(sources: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<RuleSet, RuleError> {
        Self::build(sources, true)
    }

    /// The built-in rules, their patterns compiled when first run: most rules' keywords never
    /// occur on a given screen, and compiling all of them was a third of `scan-text`'s
    /// start-up. (Every built-in pattern compiles: `every_builtin_rule_passes_its_examples`.)
    fn builtin() -> Result<RuleSet, RuleError> {
        Self::build(BUILTIN_RULES.iter().copied(), false)
    }

    fn build<'a>(sources: impl IntoIterator<Item = (&'a str, &'a str)>, compile: bool) -> Result<RuleSet, RuleError> {
        let mut rules: Vec<Rule> = Vec::new();
        for (file, text) in sources {
            let parsed: RuleFile = toml::from_str(text).map_err(|e| RuleError::Parse { file: file.into(), msg: e.message().to_string() })?;
            for spec in parsed.rule {
                if rules.iter().any(|r| r.spec.id == spec.id) {
                    return Err(RuleError::Duplicate { file: file.into(), id: spec.id });
                }
                let bad = |msg: String| RuleError::Pattern { file: file.into(), id: spec.id.clone(), msg };
                let re = OnceLock::new();
                if compile {
                    let _ = re.set(Regex::new(&spec.pattern).map_err(|e| bad(e.to_string()))?);
                } else {
                    regex_syntax::Parser::new().parse(&spec.pattern).map_err(|e| bad(e.to_string()))?;
                }
                let context_keys = spec.context.iter().map(|c| label_key(c)).collect();
                let id: &'static str = Box::leak(spec.id.clone().into_boxed_str());
                rules.push(Rule { spec, id, re, context_keys });
            }
        }
        let mut kws = Vec::new();
        let mut keyword_rule = Vec::new();
        let mut always = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            if r.spec.keywords.is_empty() {
                always.push(i);
            }
            for k in &r.spec.keywords {
                kws.push(k.clone());
                keyword_rule.push(i);
            }
        }
        let always_set = regex::RegexSet::new(always.iter().map(|&i| rules[i].spec.pattern.as_str()))
            .map_err(|e| RuleError::Parse { file: "rules".into(), msg: e.to_string() })?;
        let prefilter = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&kws)
            .map_err(|e| RuleError::Parse { file: "keywords".into(), msg: e.to_string() })?;
        Ok(RuleSet { rules, prefilter, keyword_rule, always, always_set })
    }

    /// Rules whose keywords occur in `text`, plus keyword-less rules, in rule order.
    fn candidates(&self, text: &str, numeric_only: bool) -> Vec<usize> {
        let digits = text.bytes().filter(u8::is_ascii_digit).count();
        let mut hit = vec![false; self.rules.len()];
        if !self.always.is_empty() && digits > 0 {
            for k in self.always_set.matches(text).iter() {
                hit[self.always[k]] = true;
            }
        } else if !self.always.is_empty() {
            for i in &self.always {
                hit[*i] = self.rules[*i].spec.min_digits == 0;
            }
        }
        for m in self.prefilter.find_overlapping_iter(text) {
            hit[self.keyword_rule[m.pattern().as_usize()]] = true;
        }
        (0..self.rules.len()).filter(|&i| hit[i] && digits >= self.rules[i].spec.min_digits && (!numeric_only || self.rules[i].spec.min_digits > 0)).collect()
    }

    /// Runs the rules over one string.
    pub fn find(&self, text: &str, ctx: &Context, out: &mut Vec<Match>) {
        self.find_filtered(text, ctx, false, out)
    }

    /// Runs only the number-format rules (those with `min_digits`), e.g. over a view of the
    /// text with misread digits repaired.
    pub fn find_numeric(&self, text: &str, ctx: &Context, out: &mut Vec<Match>) {
        self.find_filtered(text, ctx, true, out)
    }

    fn find_filtered(&self, text: &str, ctx: &Context, numeric_only: bool, out: &mut Vec<Match>) {
        let key_of_text = std::cell::OnceCell::new();
        let key_e = std::cell::OnceCell::new();
        for i in self.candidates(text, numeric_only) {
            let r = &self.rules[i];
            let has_context = || {
                ctx.label == Some(r.spec.category) || {
                    let k = key_of_text.get_or_init(|| format!(" {} ", label_key(text)));
                    // (also with an e OCR read as c: "Sozialversicherungsnummcr")
                    let k_e = key_e.get_or_init(|| k.replace('c', "e"));
                    r.context_keys.iter().any(|c| k.contains(c.as_str()) || c.len() >= 6 && k_e.contains(&c.replace('c', "e")))
                }
            };
            for c in r.re().captures_iter(text) {
                let Some(g) = c.get(r.spec.group) else { continue };
                let v = g.as_str();
                if r.spec.min_entropy.is_some_and(|e| entropy(v) < e) {
                    continue;
                }
                if r.spec.context_required && !has_context() {
                    continue;
                }
                let mut conf = r.spec.confidence;
                if let Some(val) = r.spec.validator
                    && !val.check(v)
                {
                    // OCR misreads digits: a right-shaped value in context is still masked.
                    if r.spec.context.is_empty() || !has_context() {
                        continue;
                    }
                    conf = conf.min(0.75);
                }
                // Context words raise confidence, which also picks the right scheme when one
                // number passes two countries' checks.
                if !r.spec.context.is_empty() && has_context() {
                    conf = (conf + 0.05).min(0.99);
                }
                out.push(Match::new(g.range(), r.spec.category, r.id, conf));
            }
        }
    }

    /// Runs every rule's examples and negative examples; returns the failures.
    pub fn self_check(&self) -> Vec<String> {
        let mut fails = Vec::new();
        for r in &self.rules {
            let own = |t: &str| {
                let mut m = Vec::new();
                self.find(t, &Context::default(), &mut m);
                m.into_iter().any(|m| m.rule == r.id)
            };
            if r.spec.examples.is_empty() {
                fails.push(format!("{}: no examples", r.spec.id));
            }
            for e in &r.spec.examples {
                if !own(e) {
                    fails.push(format!("{}: example not matched: {e:?}", r.spec.id));
                }
            }
            for e in &r.spec.negative_examples {
                if own(e) {
                    fails.push(format!("{}: negative example matched: {e:?}", r.spec.id));
                }
            }
        }
        fails
    }
}

/// The built-in rules, compiled once.
pub static BUILTIN: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::builtin().expect("built-in rules are valid (checked by tests)"));

/// Builds this detector's patterns and tables (see [`super::warm_up`]).
pub(super) fn warm() {
    LazyLock::force(&BUILTIN);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_rule_passes_its_examples() {
        let set = RuleSet::from_sources(BUILTIN_RULES.iter().copied()).unwrap();
        let fails = set.self_check();
        assert!(fails.is_empty(), "{} failures:\n{}", fails.len(), fails.join("\n"));
        // Built-in rules also say what they must not match (a company's own rules need not).
        let without: Vec<&str> = set.rules.iter().filter(|r| r.spec.negative_examples.is_empty()).map(|r| r.id).collect();
        assert!(without.is_empty(), "rules without negative examples: {without:?}");
    }

    #[test]
    fn rule_files_reject_unknown_keys_and_bad_patterns() {
        let bad_key = "[[rule]]\nid='x'\nname='x'\ncategory='token'\npattern='a'\nexamples=['a']\ncolour='red'\n";
        assert!(RuleSet::from_sources([("t.toml", bad_key)]).is_err());
        let bad_re = "[[rule]]\nid='x'\nname='x'\ncategory='token'\npattern='(a'\nexamples=['a']\n";
        assert!(matches!(RuleSet::from_sources([("t.toml", bad_re)]), Err(RuleError::Pattern { .. })));
        // Valid syntax, too large to compile: a company's rule file is refused when it is
        // loaded, never failing later in the middle of a stream.
        let huge = "[[rule]]\nid='x'\nname='x'\ncategory='token'\npattern='\\w{5000}'\nexamples=['a']\n";
        assert!(matches!(RuleSet::from_sources([("t.toml", huge)]), Err(RuleError::Pattern { .. })));
    }

    #[test]
    fn context_required_rules_need_their_words() {
        let src = "[[rule]]\nid='dk.cpr'\nname='CPR'\ncategory='national_id'\npattern='\\b\\d{6}-\\d{4}\\b'\ncontext=['CPR']\ncontext_required=true\nexamples=['CPR: 010203-1234']\nnegative_examples=['ref 010203-1234']\n";
        let set = RuleSet::from_sources([("t.toml", src)]).unwrap();
        assert!(set.self_check().is_empty(), "{:?}", set.self_check());
        let mut m = Vec::new();
        set.find("010203-1234", &Context { label: Some(Category::NationalId) }, &mut m);
        assert_eq!(m.len(), 1, "a label in the layout counts as context");
    }
}
