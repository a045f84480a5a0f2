//! Names told by where they stand rather than by the lists alone: an e-mail address's display
//! name, chat author and presence lines, participant lists, and Japanese account holders.

use std::sync::LazyLock;

use regex::Regex;

use super::{FAMILY_SHAPE, LISTS_DATA, STOP, Tok, is_given_name, is_known_name, name_run};
use crate::norm::is_cjk;
use crate::{Category, Match};

/// An e-mail address's display name: "Ernst-August Pohl <e.pohl@giess.de>".
pub(super) static DISPLAY_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^<>\s@]+@[^<>\s]+>").expect("display name"));

pub(super) fn find_display_names(text: &str, out: &mut Vec<Match>) {
    for m in DISPLAY_NAME.find_iter(text) {
        let before = text[..m.start()].trim_end();
        // The words before the address, back to a separator (":", ",", ";", start of line).
        let from = before.rfind([':', ',', ';', '\t']).map_or(0, |p| p + 1);
        let cand = &text[from..before.len()];
        if let Some((r, words)) = name_run(cand, 6)
            && from + r.end == before.len()
            && (words >= 2 || is_known_name(&cand[r.clone()]))
        {
            out.push(Match::new(from + r.start..from + r.end, Category::Name, "name.display_name", 0.85));
        }
    }
}

/// Chat layouts: "[08:13] Senn: …" (IRC, Teams export, Slack), "Amber · typing…" (a presence
/// line), "Gaja  15:38" (an author line with its time), and a known given name alone on a line
/// (an author line above the message, a signature under a closing formula).
pub(super) static CHAT_PREFIX: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*\[?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?\]?\s+").expect("chat prefix"));

pub(super) fn find_chat_roles(text: &str, out: &mut Vec<Match>) {
    if let Some(m) = CHAT_PREFIX.find(text) {
        // The author runs to the colon, which OCR may have glued to the message's first
        // word ("Susan West:checking now").
        let rest = &text[m.end()..];
        let head = rest.find(':').map_or(rest, |c| &rest[..c]);
        if let Some((r, _)) = name_run(head, 4)
            && rest[r.end..].trim_start_matches(' ').starts_with(':')
        {
            out.push(Match::new(m.end() + r.start..m.end() + r.end, Category::Name, "name.chat_author", 0.85));
        }
        return;
    }
    let Some((r, words)) = name_run(text, 4) else { return };
    let after = text[r.end..].trim_start();
    let known = |r: &std::ops::Range<usize>| text[r.clone()].split([' ', '-']).next().is_some_and(is_given_name);

    // Japanese chat authors are written in kanji or kana, two to four characters.
    // (kanji or hiragana: katakana words here are apps and services, "カード"; a label ends in
    // 名, 者, 先 or 号)
    // The lists decide: a known given name, or a known family name with up to two more
    // characters ("了解", "確認" are words, not people).
    let w = &text[r.clone()];
    let lists = &*LISTS_DATA;
    let cjk_name = w.chars().count() <= 4
        && w.chars().all(|c| is_cjk(c) && !('\u{30A0}'..='\u{30FF}').contains(&c) && !"様殿県市区町村".contains(c))
        && !w.ends_with(['名', '者', '先', '号'])
        && (lists.jp_given.contains(w)
            || w.chars()
                .next()
                .and_then(|c| lists.jp_family_by_first.get(&c))
                .is_some_and(|fs| fs.iter().any(|f| w.starts_with(f.as_str()) && w.chars().count() <= f.chars().count() + 2)));
    let known = |r: &std::ops::Range<usize>| known(r) || cjk_name;
    let presence = after.starts_with(['·', '•', '●', '|']) && words <= 3 && known(&r);
    let timed = words == 1 && known(&r) && text[r.end..].starts_with("  ") && TIME.is_match(after.trim_end());
    let alone = words == 1 && after.is_empty() && known(&r) && !cjk_name && text[r.clone()].chars().count() >= 3;
    if presence || timed || alone {
        out.push(Match::new(r, Category::Name, "name.chat_author", if alone { 0.6 } else { 0.8 }));
    }
}

/// A clock time as a chat shows it; OCR often reads its colon as `.`, `;` or `-`.
pub(super) static TIME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{1,2}[:.;\-]\d{2}$").expect("time"));

/// Names recognised by where they stand rather than by the lists: a chat author before a
/// time stamp ("Cora Jüttner 13:55"), a participant-list entry (a line that is only two or
/// three capitalised words, after a presence bullet), or a capitalised word followed by a
/// word shaped like a family name.
pub(super) fn find_shaped(toks: &[Tok], text: &str, out: &mut Vec<Match>) {
    let stop = |t: &Tok| STOP.contains(&t.folded.as_str()) || t.folded.chars().count() < 2;
    let caps = |ts: &[Tok]| ts.iter().all(|t| t.cap && !stop(t));
    // Skip a leading presence bullet or avatar letter ("●", "@", "e").
    let body: &[Tok] = match toks.first() {
        Some(t) if toks.len() >= 3 && text[t.start..t.end].chars().count() <= 1 => &toks[1..],
        _ => toks,
    };
    let n = body.len();
    // A participant list's entry: two or three capitalised words, one of them a name the
    // lists know ("Sublime Text" and "Notification Center" are window titles).
    let known = |t: &Tok| LISTS_DATA.given.contains(&t.folded) || LISTS_DATA.family.contains(&t.folded);
    // The time is the line's last word (tokens end at a colon, so it is no token of its own);
    // one of the words before it must be a name the lists know ("Jodo Silva 10:37", its
    // given name misread; "Daily Standup 10:00" is a calendar's).
    let tail = text.trim_end();
    if let Some(sp) = tail.rfind(' ')
        && TIME.is_match(&tail[sp + 1..])
    {
        let author: Vec<&Tok> = body.iter().take_while(|t| t.end <= sp).collect();
        let k = author.len();
        if (2..=3).contains(&k) && k + 2 >= n && author.iter().all(|t| t.cap && !stop(t)) && author.iter().any(|t| known(t)) {
            out.push(Match::new(author[0].start..author[k - 1].end, Category::Name, "name.chat_author", 0.85));
        }
    }
    if (2..=3).contains(&n) && caps(body) && body.iter().all(|t| t.folded.chars().count() >= 3) && body.iter().any(known) {
        out.push(Match::new(body[0].start..body[n - 1].end, Category::Name, "name.list_entry", 0.6));
    }
    for w in toks.windows(2) {
        if w[0].cap && !stop(&w[0]) && w[1].cap && FAMILY_SHAPE.is_match(&w[1].folded) && w[1].folded.chars().count() >= 5 {
            out.push(Match::new(w[0].start..w[1].end, Category::Name, "name.family_shape", 0.8));
        }
    }
}

/// A Japanese transfer destination as banks write it (全銀 format): deposit type, the
/// seven-digit account number, then the holder's name in katakana ("普通 4546502 タナカ ミキ").
pub(super) static JP_HOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:普通|当座|貯蓄)\s*(?:預金)?\s*\d{7}\s+([\p{Katakana}ー]+(?:[ 　][\p{Katakana}ー]+)?)").expect("jp holder"));

/// Words that follow a family name in a Japanese company's name.
const COMPANY_WORDS: &[&str] = &[
    "食品",
    "水産",
    "銀行",
    "情報",
    "建設",
    "商事",
    "工業",
    "物産",
    "株式",
    "有限",
    "合同",
    "不動産",
    "電機",
    "製作",
    "運輸",
    "証券",
    "保険",
    "病院",
    "医院",
    "法律",
    "事務所",
    "商店",
    "産業",
    "興業",
    "薬品",
    "印刷",
    "技研",
    "電気",
    "化学",
    "自動車",
    "通信",
    "システム",
    "グループ",
    "ホールディングス",
];

/// Japanese family name (kanji, from the list) followed by a 1–3 character given name.
pub(super) fn find_japanese(text: &str, out: &mut Vec<Match>) {
    if !text.chars().any(is_cjk) {
        return;
    }
    for c in JP_HOLDER.captures_iter(text) {
        let m = c.get(1).expect("group");
        out.push(Match::new(m.range(), Category::Name, "name.ja_account_holder", 0.85));
    }
    let l = &*LISTS_DATA;
    for (s, c) in text.char_indices() {
        let rest = &text[s..];
        let Some(fam) = l.jp_family_by_first.get(&c).and_then(|fs| fs.iter().find(|f| rest.starts_with(f.as_str()))) else { continue };
        let after = &rest[fam.len()..];
        let after_trim = after.trim_start_matches([' ', '\u{3000}']);
        // A company: a family name and a trade ("清水食品", "山口銀行", "山下建設").
        if COMPANY_WORDS.iter().any(|w| after_trim.starts_with(w)) {
            continue;
        }
        // Up to three characters of given name, stopping at honorifics and address words.
        let mut given = 0;
        for (k, c) in after_trim.char_indices().take(3) {
            if !is_cjk(c) || "様殿君県市区町村丁目番地号".contains(c) || after_trim[k..].starts_with("さん") {
                break;
            }
            given = k + c.len_utf8();
        }
        if given == 0 {
            // A family name alone before an honorific: "小川様", "中村さん".
            if after_trim.starts_with(['様', '殿']) || after_trim.starts_with("さん") {
                out.push(Match::new(s..s + fam.len(), Category::Name, "name.ja_honorific", 0.85));
            }
            continue;
        }
        let end = s + fam.len() + (after.len() - after_trim.len()) + given;
        out.push(Match::new(s..end, Category::Name, "name.ja", 0.85));
    }
}
