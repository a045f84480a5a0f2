//! The publish gate against generated destinations: whatever it approves without a private
//! marking, the sink's own string (read back with GStreamer's URI parser) reaches only this
//! machine or the local network; and no message shows a 6-character run of a key, password
//! or passphrase. Plus every crafted case reported against the gate, as a regression test.

use proptest::prelude::*;
use screenveil::gate::{self, Destination, Marking};
use screenveil::stream::reach::{Reach, reach};

fn host() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("127.0.0.1".to_string()),
        Just("localhost".to_string()),
        Just("0.0.0.0".to_string()),
        Just("[::]".to_string()),
        Just("[::1]".to_string()),
        Just("".to_string()),
        Just("live.twitch.tv".to_string()),
        Just("a.rtmps.youtube.com".to_string()),
        Just("127.0.0.1.".to_string()),
        Just("127.1".to_string()),
        Just("2130706433".to_string()),
        Just("0x7f.0.0.1".to_string()),
        Just("[::ffff:127.0.0.1]".to_string()),
        Just("[::ffff:8.8.8.8]".to_string()),
        Just("[fc00::1].example".to_string()),
        (0u8..=255, 0u8..=255, 0u8..=255, 0u8..=255).prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}")),
        prop_oneof![Just(10u8), Just(100), Just(172), Just(192), Just(169), Just(203)].prop_map(|a| format!("{a}.64.1.2")),
        ("[a-z]{1,8}", prop_oneof![Just(""), Just(".local"), Just(".localhost"), Just(".lan"), Just(".home.arpa"), Just(".example"), Just(".live.twitch.tv")])
            .prop_map(|(l, s)| format!("{l}{s}")),
        "[a-z0-9.:\\[\\]%-]{0,12}",
    ]
}

fn port() -> impl Strategy<Value = String> {
    prop_oneof![2 => Just(String::new()), 8 => (1u32..70000).prop_map(|p| format!(":{p}")), 1 => Just(":0".into()), 1 => Just(":9002x".into()), 1 => Just(":".into())]
}

fn query() -> impl Strategy<Value = String> {
    let item = prop_oneof![
        Just("mode=listener".to_string()),
        Just("mode=listener".to_string()),
        Just("mode=caller".to_string()),
        Just("mode=rendezvous".to_string()),
        Just("localaddress=0.0.0.0".to_string()),
        Just("localaddress=127.0.0.1".to_string()),
        Just("localaddress=192.168.1.4".to_string()),
        Just("localaddress=::".to_string()),
        Just("localport=9000".to_string()),
        Just("passphrase=abcdefghijk".to_string()),
        Just("latency=120".to_string()),
        Just("poll-timeout=1".to_string()),
        Just("@live.twitch.tv".to_string()),
        "[a-z]{1,6}(=[a-z0-9.:]{0,8})?",
    ];
    prop::collection::vec(item, 0..3).prop_map(|v| if v.is_empty() { String::new() } else { format!("?{}", v.join("&")) })
}

fn url() -> impl Strategy<Value = String> {
    (
        // Weighted towards what parses, so that most cases reach the classification.
        prop_oneof![4 => Just("rtmp://"), 1 => Just("rtmps://"), 6 => Just("srt://"), 1 => Just("SRT://"), 1 => Just("rtmp:/"), 1 => Just("srt:")],
        prop_oneof![12 => Just(""), 1 => Just("user:pw@"), 1 => Just("u@"), 1 => Just("127.0.0.1@")],
        host(),
        port(),
        prop_oneof![8 => Just(""), 4 => Just("/live/key"), 1 => Just("/key"), 1 => Just("/a/b/c"), 1 => Just("/@live.twitch.tv/app")],
        query(),
        prop_oneof![16 => Just(""), 1 => Just("#frag"), 1 => Just("\u{0}.localhost"), 1 => Just("\t"), 1 => Just("\u{1b}[2K")],
    )
        .prop_map(|(s, u, h, p, path, q, tail)| format!("{s}{u}{h}{p}{path}{q}{tail}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn approved_without_marking_reaches_only_this_machine_or_the_lan(u in url()) {
        if let Ok(d) = Destination::parse(&u)
            && gate::check(d.clone(), None).is_ok()
        {
            let r = reach(&d);
            prop_assert!(matches!(r, Reach::Local | Reach::Loopback | Reach::Lan), "{u:?} approved, but the sink reaches {r:?}");
        }
    }

    #[test]
    fn no_message_shows_a_secret(
        secret in "[A-Z]{10,16}",
        at in 0usize..7,
        h in prop_oneof![Just("127.0.0.1"), Just("live.twitch.tv"), Just("h.example")],
    ) {
        let u = match at {
            0 => format!("rtmp://user:{secret}@{h}/app/key"),
            1 => format!("rtmp://{h}/app/{secret}"),
            2 => format!("rtmp://{h}/{secret}"),
            3 => format!("srt://{h}:9000?passphrase={secret}&streamid={secret}"),
            4 => format!("srt://{h}:9000?{secret}"),
            5 => format!("rtmp://{h}/app#{secret}"),
            _ => format!("rtmp://user:p?{secret}@{h}/app/{secret}"),
        };
        let mut messages = vec![gate::mask_url(&u), gate::scrub(&format!("GStreamer could not open {u}: refused"))];
        match Destination::parse(&u) {
            Ok(d) => {
                messages.push(d.display());
                messages.push(gate::explain(&d, None).1);
                messages.push(format!("{d:?}"));
                if let Err(e) = gate::check(d, None) {
                    messages.push(e.to_string());
                }
            }
            Err(e) => messages.push(e.to_string()),
        }
        for m in messages {
            for w in secret.as_bytes().windows(6) {
                let run = std::str::from_utf8(w).unwrap();
                prop_assert!(!m.contains(run), "{u:?}: {m:?} shows {run:?}");
            }
        }
    }
}

/// Every destination reported against the gate: refused as unparsable, or judged public.
#[test]
fn reported_bypasses_are_closed() {
    let public_or_invalid = [
        "srt://0.0.0.0:9001?mode=listener",
        "srt://[::]:9000?mode=listener",
        "srt://127.0.0.1:9000?mode=listener&localaddress=0.0.0.0",
        "srt://127.0.0.1:9002x",
        "srt://[fc00::1].example:9003",
        "srt://192.0.2.1:9000\u{0}.localhost:1",
        "rtmp://127.0.0.1?@live.twitch.tv/app/KEY",
        "rtmp:/live.twitch.tv/app/KEY",
        "v4l2:rtmp://live.twitch.tv/app/KEY",
        "rtmp://evil.lan/app/KEY",
        "rtmp://x.home.arpa/app/KEY",
        "rtmp://127.0.0.1./app/KEY",
        "rtmp://100.64.0.1/app/KEY",
        "rtmp://\u{1b}[2K\rlive.twitch.tv/app/KEY",
    ];
    for u in public_or_invalid {
        let allowed = Destination::parse(u).ok().map(|d| gate::check(d, None).is_ok());
        assert_ne!(allowed, Some(true), "{u:?} approved");
    }
    // A name under .localhost is loopback only because the sink is given 127.0.0.1 for it.
    let d = Destination::parse("rtmp://live.twitch.tv.localhost/app/KEY").unwrap();
    assert_eq!(reach(&d), Reach::Loopback);
    // Marked private: allowed, and the approval says by whom.
    let d = Destination::parse("rtmp://live.twitch.tv/app/KEY").unwrap();
    assert_eq!(gate::check(d, Some(Marking::Flag)).unwrap().marking(), Some(&Marking::Flag));
}
