//! Properties of the detectors over arbitrary text (proptest).

use proptest::prelude::*;
use screenveil::detect::norm::Compact;
use screenveil::detect::{Category, Context, detect_text, preview, scan::scan_text};

/// Text that looks like screens: secrets, labels, digits, separators, diacritics, CJK.
fn screenish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "hasło:",
        "Password",
        "=",
        ":",
        " ",
        "  ",
        "-",
        "_",
        ".",
        "@",
        "/",
        "ghp_",
        "AKIA",
        "xoxb-",
        "eyJ",
        "PL61",
        "NL91 ABNA ",
        "0417",
        "1643",
        "44051401359",
        "+48",
        "601",
        "Żaneta",
        "Wiśniewska",
        "ul.",
        "12/4",
        "00-950",
        "氏名",
        "田中",
        "康弘",
        "〒471-2095",
        "@example.pl",
        "jan.k",
        "O",
        "l",
        "|",
        "•••",
        "\u{301}",
        "ß",
        "\t",
        "://",
        "Zima2024!",
    ]);
    prop::collection::vec(prop_oneof![atoms.prop_map(String::from), any::<String>()], 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn spans_are_in_bounds_and_on_char_boundaries(text in screenish()) {
        for m in detect_text(&text, &Context::default()) {
            prop_assert!(m.range.start < m.range.end && m.range.end <= text.len());
            prop_assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
        }
        for label in [Category::Name, Category::Password, Category::BirthDate, Category::NationalId] {
            for m in detect_text(&text, &Context { label: Some(label) }) {
                prop_assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end) && m.range.end <= text.len());
            }
        }
    }

    #[test]
    fn scan_offsets_index_the_input(text in screenish()) {
        for f in scan_text(&text) {
            prop_assert!(f.start < f.end && f.end <= text.len());
            prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        }
    }

    #[test]
    fn credential_previews_reveal_nothing(v in "[A-Za-z0-9!@#$%^&*_.-]{4,40}") {
        for c in [Category::Password, Category::ApiKey, Category::Token, Category::PrivateKey] {
            let p = preview(&v, c);
            prop_assert!(!p.contains(&v));
            prop_assert!(!p.chars().any(|ch| ch.is_ascii_alphanumeric()));
        }
    }

    #[test]
    fn compact_view_maps_back_inside_the_original(text in screenish()) {
        let c = Compact::new(&text);
        for (i, _) in c.text.char_indices() {
            let r = c.to_original(i..i + c.text[i..].chars().next().map_or(0, char::len_utf8));
            prop_assert!(r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
    }
}

#[test]
fn found_values_are_never_in_previews() {
    let text = "hasło: Zima2024! token ghp_meraE8PEVUza4pkGxIZnPG5AxsZJstuSyaEz mail jan.kowalski@example.pl PESEL 44051401359";
    for f in scan_text(text) {
        let v = &text[f.start..f.end];
        assert!(!f.preview.contains(v), "{v} in {}", f.preview);
    }
}
