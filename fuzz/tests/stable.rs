//! The fuzz targets on stable, as CI runs them: each target gets arbitrary bytes and mutated
//! seeds (bytes flipped, cut, duplicated, spliced with noise) and must not panic. Briefly in
//! CI (`PROPTEST_CASES`, 256 by default); `fuzz/run.sh` runs the same targets under libFuzzer
//! for as long as asked. Every seed must also be accepted, so that the mutations start from
//! inputs that reach the deep code, not from the parser's first refusal.

use ceremony_fuzz::{Target, ALL};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

#[derive(Clone, Debug)]
enum Mutation {
    Flip(usize, u8),
    Cut(usize, usize),
    Duplicate(usize, usize),
    Insert(usize, Vec<u8>),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Cut(i, n)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16)).prop_map(|(i, v)| Mutation::Insert(i, v)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(mut data: Vec<u8>, ms: &[Mutation]) -> Vec<u8> {
    for m in ms {
        let len = data.len().max(1);
        match m {
            Mutation::Flip(i, b) => {
                if let Some(x) = data.get_mut(i % len) {
                    *x ^= b | 1;
                }
            }
            Mutation::Cut(i, n) => {
                let at = (i % len).min(data.len());
                let end = (at + n).min(data.len());
                data.drain(at..end);
            }
            Mutation::Duplicate(i, n) => {
                let at = (i % len).min(data.len());
                let end = (at + n).min(data.len());
                let copy = data[at..end].to_vec();
                data.splice(at..at, copy);
            }
            Mutation::Insert(i, v) => {
                let at = (i % len).min(data.len());
                data.splice(at..at, v.iter().copied());
            }
            Mutation::Truncate(i) => data.truncate(i % len),
        }
    }
    data
}

fn cases(t: Target) -> u32 {
    let base = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256);
    // The mainnet genesis is half a megabyte: fewer, costlier cases.
    if t == Target::Genesis {
        (base / 8).max(16)
    } else {
        base
    }
}

fn fuzz(t: Target) {
    let seeds = t.seeds();
    assert!(!seeds.is_empty(), "{}: no seeds", t.name());
    let longest = seeds.iter().map(Vec::len).max().unwrap_or(0);
    let mut runner = TestRunner::new(Config { cases: cases(t), failure_persistence: None, ..Config::default() });
    let strategy = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        (0..seeds.len(), prop::collection::vec(mutation(), 1..8)).prop_map(move |(i, ms)| apply(seeds[i].clone(), &ms)),
    ];
    let ran = std::cell::Cell::new(0u32);
    let seeded = std::cell::Cell::new(0u32);
    runner
        .run(&strategy, |data| {
            ran.set(ran.get() + 1);
            if data.len() > 512 || longest <= 512 {
                seeded.set(seeded.get() + 1);
            }
            t.run(&data);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{}: {e}", t.name()));
    eprintln!("{}: {} inputs, about {} from seeds", t.name(), ran.get(), seeded.get());
    assert!(ran.get() >= cases(t), "{}: only {} inputs ran", t.name(), ran.get());
}

#[test]
fn every_target_has_seeds_its_parser_accepts() {
    use std::str::FromStr;
    for t in ALL {
        for (i, s) in t.seeds().iter().enumerate() {
            let text = std::str::from_utf8(s).unwrap_or_else(|e| panic!("{} seed {i}: {e}", t.name()));
            let ok = match t {
                Target::Gentx => cosmos_formats::GenTx::parse(s).is_ok(),
                Target::GenParticipant => cosmos_formats::genparticipant::GenParticipantTx::parse(s).is_ok(),
                Target::Genesis => cosmos_formats::Genesis::parse(s, "seed").is_ok_and(|g| g.chain_id().is_ok()),
                Target::Peers => runner::peers::parse_peers(text).is_ok(),
                Target::Manifest => runner::manifest::Manifest::parse(text).is_ok(),
                Target::Checksums => cosmos_formats::files::parse_checksums(text, std::path::Path::new("seed"))
                    .is_ok_and(|m| m.len() == 2),
                Target::NodeId => cosmos_formats::NodeId::from_str(text.trim()).is_ok(),
                Target::ValPubkey => cosmos_formats::ConsensusPubKey::parse(text).is_ok(),
                Target::ConfigOverride => {
                    let (var, value) = text.split_once('=').unwrap();
                    runner::overrides::parse_one(var, value).is_ok()
                }
                Target::Bech32 => cosmos_formats::Address::decode(text).is_ok(),
                Target::Coins => cosmos_formats::Coins::from_str(text).is_ok(),
                Target::AccountsFile => {
                    let units = std::collections::BTreeMap::new();
                    runner::accounts_file::parse(
                        text,
                        &runner::accounts_file::Rules { prefix: "gonka", display_units: &units },
                    )
                    .is_ok_and(|a| a.len() == 2)
                }
            };
            assert!(ok, "{} seed {i} is refused by its own parser: {text:.200}", t.name());
        }
    }
}

/// Every checked-in corpus entry runs again on stable: the seeds, any crash kept as a regression
/// seed, and what libFuzzer found worth keeping in its 10-minute runs (minimised, packed as
/// `corpus/<target>.tar.gz`).
#[test]
fn the_checked_in_corpus_replays_without_a_panic() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut replayed = 0;
    let mut packed = 0;
    // Per target, fail-closed: a target whose seeds or archive went missing must not hide
    // behind the others' counts.
    let mut missing = Vec::new();
    for t in ALL {
        let seeds = std::fs::read_dir(root.join(t.name())).map(|rd| rd.flatten().map(|e| e.path()).collect::<Vec<_>>());
        match seeds {
            Ok(files) if !files.is_empty() => {
                for f in files {
                    t.run(&std::fs::read(&f).unwrap());
                    replayed += 1;
                }
            }
            _ => missing.push(format!("fuzz/corpus/{}/ (seeds)", t.name())),
        }
        let archive = root.join(format!("{}.tar.gz", t.name()));
        let Ok(file) = std::fs::File::open(&archive) else {
            missing.push(format!("fuzz/corpus/{}.tar.gz", t.name()));
            continue;
        };
        let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
        let mut entries = 0;
        for entry in tar.entries().unwrap() {
            let mut entry = entry.unwrap();
            if !entry.header().entry_type().is_file() {
                continue;
            }
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
            t.run(&data);
            entries += 1;
        }
        if entries == 0 {
            missing.push(format!("fuzz/corpus/{}.tar.gz (empty)", t.name()));
        }
        packed += entries;
    }
    eprintln!("replayed {replayed} corpus files and {packed} packed corpus entries");
    assert!(missing.is_empty(), "missing corpus: {} (run fuzz/run.sh <target> <seconds>)", missing.join(", "));
}

macro_rules! targets {
    ($($name:ident => $t:expr),* $(,)?) => {
        $(#[test] fn $name() { fuzz($t); })*
    };
}

targets! {
    gentx_never_panics => Target::Gentx,
    genparticipant_never_panics => Target::GenParticipant,
    genesis_never_panics => Target::Genesis,
    peers_file_never_panics => Target::Peers,
    manifest_never_panics => Target::Manifest,
    checksums_never_panic => Target::Checksums,
    node_id_never_panics => Target::NodeId,
    val_pubkey_never_panics => Target::ValPubkey,
    config_override_never_panics => Target::ConfigOverride,
    bech32_never_panics => Target::Bech32,
    coins_never_panic => Target::Coins,
    accounts_file_never_panics => Target::AccountsFile,
}
