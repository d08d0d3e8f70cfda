//! Throughput of the SMS segmentation engine.
//!
//! `cargo bench -p bandwidth-messaging --bench segment`
//!
//! Corpora (generated deterministically from a fixed seed, 1000 messages of 1..=2048 characters each):
//! - `ascii`: pure ASCII GSM-7 text;
//! - `mixed`: one fifth each of ASCII GSM-7, GSM-7 with extension characters (`{}[]~^|\€`), Latin text with
//!   accents (some GSM-7, some not), CJK, and text with emoji (ZWJ sequences, flags, skin tones).
//!
//! Each benchmark processes a whole corpus per iteration; divan reports bytes/s and messages/s. The allocation
//! profiler shows that `segment_count` allocates nothing.

use bandwidth_messaging::segment::{segment, segment_count, summarize};
use divan::counter::{BytesCount, ItemsCount};
use divan::{AllocProfiler, Bencher, black_box};
use std::sync::LazyLock;

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

/// SplitMix64: small, seeded, good enough to pick characters.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

#[derive(Clone, Copy)]
enum Flavor {
    Ascii,
    Extension,
    Latin,
    Cjk,
    Emoji,
}

const ASCII_WORDS: &[&str] = &[
    "your",
    "code",
    "is",
    "123456",
    "meet",
    "at",
    "the",
    "station",
    "at",
    "5pm",
    "thanks!",
    "OK",
    "see",
    "you",
    "tomorrow.",
    "Order",
    "#4521",
    "has",
    "shipped",
    "reply",
    "STOP",
    "to",
    "opt-out",
    "(free)",
    "call",
    "us:",
    "+1",
    "555-0100",
    "a",
    "and",
    "@home",
    "$20",
    "50%",
    "off",
    "today;",
    "yes?",
    "no",
    "\n",
];
const EXTENSION_WORDS: &[&str] = &[
    "{name}", "[link]", "~10", "x^2", "a|b", "C:\\tmp", "€5", "€", "{", "}", "\u{0C}",
];
const LATIN_WORDS: &[&str] = &[
    "café",
    "élève",
    "où",
    "à",
    "très",
    "Müller",
    "Straße",
    "niño",
    "señor",
    "año",
    "Ça",
    "garçon",
    "français",
    "José",
    "María",
    "canción",
    "educação",
    "Øre",
    "Åse",
    "smørrebrød",
    "über",
    "¿qué?",
    "¡sí!",
    "déjà",
    "être",
];
const CJK_WORDS: &[&str] = &[
    "你好",
    "谢谢",
    "明天",
    "见",
    "验证码",
    "是",
    "，",
    "。",
    "东京",
    "会議",
    "ありがとう",
    "こんにちは",
    "です",
    "한국어",
    "안녕하세요",
    "123",
    " ",
];
const EMOJI_WORDS: &[&str] = &[
    "😀",
    "👍",
    "🎉",
    "❤️",
    "👨‍👩‍👧‍👦",
    "🇫🇷",
    "🇺🇸",
    "👋🏽",
    "✅",
    "🔥",
    "☕",
    "🙏",
];

fn message(rng: &mut Rng, flavor: Flavor, characters: usize) -> String {
    let mut text = String::new();
    let mut count = 0;
    while count < characters {
        let word = match flavor {
            Flavor::Ascii => rng.pick(ASCII_WORDS),
            Flavor::Extension if rng.below(6) == 0 => rng.pick(EXTENSION_WORDS),
            Flavor::Latin if rng.below(3) == 0 => rng.pick(LATIN_WORDS),
            Flavor::Cjk if rng.below(8) != 0 => rng.pick(CJK_WORDS),
            Flavor::Emoji if rng.below(5) == 0 => rng.pick(EMOJI_WORDS),
            _ => rng.pick(ASCII_WORDS),
        };
        for c in word.chars().chain([' ']) {
            if count == characters {
                break;
            }
            text.push(c);
            count += 1;
        }
    }
    text
}

fn corpus(flavors: &[Flavor], seed: u64) -> Vec<String> {
    let mut rng = Rng(seed);
    (0..1000)
        .map(|i| {
            let characters = 1 + rng.below(2048);
            message(&mut rng, flavors[i % flavors.len()], characters)
        })
        .collect()
}

static ASCII: LazyLock<Vec<String>> = LazyLock::new(|| corpus(&[Flavor::Ascii], 0x5E6_0001));
static MIXED: LazyLock<Vec<String>> = LazyLock::new(|| {
    corpus(
        &[
            Flavor::Ascii,
            Flavor::Extension,
            Flavor::Latin,
            Flavor::Cjk,
            Flavor::Emoji,
        ],
        0x5E6_0002,
    )
});

fn run(bencher: Bencher, corpus: &[String], f: impl Fn(&str) -> usize + Sync) {
    let bytes: usize = corpus.iter().map(String::len).sum();
    bencher
        .counter(BytesCount::new(bytes))
        .counter(ItemsCount::new(corpus.len()))
        .bench(|| {
            let mut total = 0usize;
            for text in corpus {
                total += f(black_box(text.as_str()));
            }
            total
        });
}

/// `segment_count` on pure ASCII GSM-7 text.
#[divan::bench]
fn segment_count_ascii(bencher: Bencher) {
    run(bencher, &ASCII, segment_count);
}

/// `segment_count` on the mixed corpus.
#[divan::bench]
fn segment_count_mixed(bencher: Bencher) {
    run(bencher, &MIXED, segment_count);
}

/// `summarize` (encoding, units, segments, characters) on the mixed corpus.
#[divan::bench]
fn summarize_mixed(bencher: Bencher) {
    run(bencher, &MIXED, |text| summarize(text).units);
}

/// `segment` (segments, byte ranges, non-GSM characters) on the mixed corpus.
#[divan::bench]
fn segment_mixed(bencher: Bencher) {
    run(bencher, &MIXED, |text| segment(text).count());
}

/// `segment_count` per flavour of the mixed corpus, to see what bounds the mixed figure.
#[divan::bench(args = ["ascii", "extension", "latin", "cjk", "emoji"])]
fn segment_count_by_flavor(bencher: Bencher, flavor: &str) {
    let flavor = match flavor {
        "ascii" => Flavor::Ascii,
        "extension" => Flavor::Extension,
        "latin" => Flavor::Latin,
        "cjk" => Flavor::Cjk,
        _ => Flavor::Emoji,
    };
    let corpus = corpus(&[flavor], 0x5E6_0003);
    run(bencher, &corpus, segment_count);
}
