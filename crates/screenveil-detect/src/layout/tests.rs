use super::*;
use crate::text::Word;

fn line(t: &str, x0: i32, y0: i32) -> TextLine {
    let mut x = x0;
    let words = t
        .split(' ')
        .map(|w| {
            let r = Rect::new(x, y0, x + 8 * w.len() as i32, y0 + 12);
            x = r.x1 + 5;
            Word { text: w.into(), rect: r, conf: 90.0 }
        })
        .collect();
    TextLine::new(words, "eng")
}

use crate::text::word_line as at;

#[test]
fn a_japanese_label_cut_into_pieces_is_read_whole() {
    // "セキュリティコード" as tesseract cuts it, over a four-digit code.
    let lines = [line("セキ ュ リ ティ コー ド", 36, 0), line("0376", 36, 24)];
    assert_eq!(Page::new(&lines).contexts()[1].label, Some(Category::Card));
    // Two headers OCR merged into one line keep their own columns: the wide gap parts them.
    let w = |t: &str, x0: i32, x1: i32| Word { text: t.into(), rect: Rect::new(x0, 0, x1, 12), conf: 90.0 };
    let header = TextLine::new(vec![w("氏", 36, 48), w("名", 50, 62), w("電話", 200, 224), w("番号", 226, 250)], "jpn");
    let lines = [header, line("田中", 36, 24), line("0312345678", 200, 24)];
    let ctx = Page::new(&lines).contexts();
    assert_eq!((ctx[1].label, ctx[2].label), (Some(Category::Name), Some(Category::Phone)));
}

#[test]
fn a_colon_label_beside_its_value_outranks_a_column_walk() {
    // A message field under a chat log: "username:" and the value typed after it read as
    // two pieces. Walking up from the value meets a closing line ("Thanks,") that heads a
    // name in a letter; the label on the value's own row says what it is.
    let lines = [line("Thanks,", 286, 100), line("The meeting moved to 2 PM.", 286, 124), line("username:", 258, 150), line("bal", 336, 148)];
    assert_eq!(Page::new(&lines).contexts()[3].label, Some(Category::Username));
}

#[test]
fn a_label_read_twice_or_beside_a_border_still_heads_its_field() {
    // "Slaptasis raktas" and a garbage reading of its left part a little lower, then the
    // seed; a password label with the field's border read as a bar far to its right.
    let lines = [
        at("Slaptasis raktas", 49, 113, 143, 128),
        at("ごトロピトロコリウラ", 49, 118, 103, 129),
        at("045H NK4S P5AM IKTD IJ7X TDQC 5SHQ F2N7", 49, 132, 354, 144),
    ];
    assert_eq!(Page::new(&lines).contexts()[2].label, Some(Category::Token));
    let lines = [at("Slaptažodis", 776, 233, 835, 247), at("|", 1147, 240, 1159, 279), at("OHPV%tV1Jya", 772, 253, 889, 270)];
    assert_eq!(Page::new(&lines).contexts()[2].label, Some(Category::Password));
}

#[test]
fn a_neutral_header_heads_every_row_of_its_column() {
    let lines = [
        at("Zaméwienie", 36, 321, 128, 335),
        at("8107-2219", 36, 358, 112, 372),
        at("1108-5087", 37, 394, 111, 408),
        at("8771-3530", 36, 430, 112, 444),
        at("0480-7336", 36, 466, 112, 480),
    ];
    let page = Page::new(&lines);
    for i in 1..5 {
        assert!(page.neutral_column(i), "row {i}");
    }
}

#[test]
fn a_column_under_a_neutral_header_even_misread() {
    for (header, neutral) in [("Zaméwienie", true), ("Zamówienie", true), ("Telefon", false)] {
        let lines = [line(header, 36, 0), line("Klient", 330, 0), line("8107-2219", 36, 36), line("Jan Nowak", 330, 36), line("0480-7336", 36, 72)];
        let page = Page::new(&lines);
        assert_eq!(page.neutral_column(4), neutral, "{header}");
        assert!(!page.neutral_column(3), "{header}: the name column is the customer's");
    }
}

#[test]
fn header_column_and_left_label_and_form_label() {
    let lines = vec![
        line("Imie i nazwisko", 100, 10),
        line("Data urodzenia Status", 300, 10),
        line("Justyna Folta", 100, 30),
        line("05.04.1981", 300, 30),
        line("Aktywny", 430, 30),
        line("Gabriel Fras", 100, 50),
        line("Hasło", 600, 100),
        line("Zima2024!", 700, 100),
        line("Begunstigde", 600, 200),
        line("Joy Doornhem", 600, 225),
        line("Tytuł przelewu", 580, 260),
        line("Nr faktury FV/878/2025", 600, 285),
        line("Invoice", 600, 320),
        line("FV/295/09/2025", 600, 340),
    ];
    let c = contexts(&lines);
    assert_eq!(c[2].label, Some(Category::Name));
    assert_eq!(c[3].label, Some(Category::BirthDate));
    assert_eq!(c[4].label, None);
    assert_eq!(c[5].label, Some(Category::Name));
    assert_eq!(c[7].label, Some(Category::Password));
    assert_eq!(c[9].label, Some(Category::Name));
    assert_eq!(c[0].label, None);
    assert_eq!(c[11].label, None, "an unaligned form label ends the column walk");
    assert_eq!(c[13].label, None, "a neutral label ends the column walk");
}

#[test]
fn a_form_label_speaks_for_its_field_only() {
    let lines = vec![
        line("Mail — Inbox", 20, 0),
        line("From: Oskar Holm <o.holm@telia.se>", 40, 30),
        line("please send the deposit by Friday", 40, 50),
        line("Adress", 40, 100),
        line("Sveavägen 52", 40, 120),
        line("113 59 Stockholm", 40, 140),
        line("Contract start 3665,42", 40, 160),
    ];
    let c = contexts(&lines);
    assert_eq!(c[1].label, None, "a window's title is no field label");
    assert_eq!(c[2].label, None, "another field ends the column walk");
    assert_eq!(c[4].label, Some(Category::Address));
    assert_eq!(c[5].label, Some(Category::Address));
    assert_eq!(c[6].label, None, "the line after the address is not the address");
}

#[test]
fn a_large_type_value_wrapped_is_one_field() {
    let big =
        |t: &str, y0: i32| TextLine::new(vec![Word { text: t.into(), rect: Rect::new(310, y0, 310 + 100 * t.len() as i32, y0 + 134), conf: 90.0 }], "eng");
    // The label's box ends a little below the value box's top, as large glyphs' do.
    let lines = vec![line("Kennwort", 299, 72), big("34lu?", 80), big("MbMFZB", 295), line("ing.nl", 22, 55)];
    let c = contexts(&lines);
    assert_eq!(c[1].label, Some(Category::Password));
    assert_eq!(c[2].label, Some(Category::Password), "the value's second line");
}

#[test]
fn merged_cells_get_their_own_header() {
    let lines = vec![
        line("Adres", 100, 10),
        line("Data urodzenia", 300, 10),
        line("ul. Lipowa 25", 100, 30),
        line("05.04.1981", 300, 30),
        // OCR merged the address cell and the date cell of this row into one line.
        TextLine::new(
            vec![
                Word { text: "ul.".into(), rect: Rect::new(100, 50, 124, 62), conf: 90.0 },
                Word { text: "Długa".into(), rect: Rect::new(129, 50, 169, 62), conf: 90.0 },
                Word { text: "12/4".into(), rect: Rect::new(174, 50, 206, 62), conf: 90.0 },
                Word { text: "12.11.1968".into(), rect: Rect::new(300, 50, 380, 62), conf: 90.0 },
            ],
            "eng",
        ),
    ];
    let c = contexts(&lines);
    assert_eq!(c[4].label, Some(Category::Address));
    let runs = cell_runs(&lines, 4, c[4].label);
    let texts: Vec<(&str, Category)> = runs.iter().map(|(r, k)| (&lines[4].text[r.clone()], *k)).collect();
    assert_eq!(texts, vec![("12.11.1968", Category::BirthDate)]);
}
