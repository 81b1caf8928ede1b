//! One fuzz target per parser of input that reaches a host from elsewhere: files carried by
//! the operator (gentx, genparticipant, genesis, peers file, manifest.json, sha256sum.txt,
//! node_id.txt, val_pubkey.json) and what an operator types (CONFIG_ overrides, bech32
//! addresses, coins). A target feeds arbitrary bytes through the parser and, when it
//! accepts them, through what the stages then do with the value (verify, validate, apply);
//! the only failure is a panic, a hang or an unbounded allocation.
//!
//! The same [`Target::run`] is driven by cargo-fuzz (`fuzz/libfuzzer`, nightly) and by
//! proptest on stable (`tests/stable.rs`, briefly in CI), from the seeds of [`Target::seeds`]:
//! the real gonka-mainnet ceremony files and one valid example of everything else.

use std::path::{Path, PathBuf};
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Gentx,
    GenParticipant,
    Genesis,
    Peers,
    Manifest,
    Checksums,
    NodeId,
    ValPubkey,
    ConfigOverride,
    Bech32,
    Coins,
    AccountsFile,
}

pub const ALL: [Target; 12] = [
    Target::Gentx,
    Target::GenParticipant,
    Target::Genesis,
    Target::Peers,
    Target::Manifest,
    Target::Checksums,
    Target::NodeId,
    Target::ValPubkey,
    Target::ConfigOverride,
    Target::Bech32,
    Target::Coins,
    Target::AccountsFile,
];

const CHAIN: &str = "gonka-mainnet";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/gonka-mainnet")
}

/// Every file under `dir` whose name starts with `prefix`.
fn files(dir: &Path, prefix: &str, out: &mut Vec<Vec<u8>>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            files(&p, prefix, out);
        } else if p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)) {
            if let Ok(b) = std::fs::read(&p) {
                out.push(b);
            }
        }
    }
}

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Target::Gentx => "gentx",
            Target::GenParticipant => "genparticipant",
            Target::Genesis => "genesis",
            Target::Peers => "peers",
            Target::Manifest => "manifest",
            Target::Checksums => "checksums",
            Target::NodeId => "node_id",
            Target::ValPubkey => "val_pubkey",
            Target::ConfigOverride => "config_override",
            Target::Bech32 => "bech32",
            Target::Coins => "coins",
            Target::AccountsFile => "accounts_file",
        }
    }

    pub fn from_name(name: &str) -> Option<Target> {
        ALL.into_iter().find(|t| t.name() == name)
    }

    /// Parses `data` as this target's input and, if it is accepted, uses it as a stage would.
    pub fn run(self, data: &[u8]) {
        let chain = cosmos_formats::ChainId::from_str(CHAIN).ok();
        let text = std::str::from_utf8(data);
        match self {
            Target::Gentx => {
                if let (Ok(tx), Some(chain)) = (cosmos_formats::GenTx::parse(data), &chain) {
                    let _ = tx.verify(chain);
                }
            }
            Target::GenParticipant => {
                if let (Ok(tx), Some(chain)) = (cosmos_formats::genparticipant::GenParticipantTx::parse(data), &chain) {
                    let _ = tx.verify(chain);
                }
            }
            Target::Genesis => {
                if let Ok(g) = cosmos_formats::Genesis::parse(data, "genesis.json") {
                    let _ = g.chain_id();
                    let _ = g.validate();
                    let _ = g.validators(&cosmos_formats::ChainSettings::INFERENCED);
                    let _ = g.participants();
                    if let Some(app_state) = g.as_value().get("app_state") {
                        let _ = app_genesis::decode_app_state(app_state);
                    }
                    let _ =
                        cosmos_formats::genesis_checks::check(&g, &cosmos_formats::ChainSettings::INFERENCED, "gonka");
                }
            }
            Target::Peers => {
                if let Ok(t) = text {
                    let _ = runner::peers::parse_peers(t);
                }
            }
            Target::Manifest => {
                if let Ok(t) = text {
                    let _ = runner::manifest::Manifest::parse(t);
                }
            }
            Target::Checksums => {
                if let Ok(t) = text {
                    let _ = cosmos_formats::files::parse_checksums(t, Path::new("sha256sum.txt"));
                }
            }
            Target::NodeId => {
                if let Ok(t) = text {
                    let _ = cosmos_formats::NodeId::from_str(t.trim());
                }
            }
            Target::ValPubkey => {
                if let Ok(t) = text {
                    let _ = cosmos_formats::ConsensusPubKey::parse(t);
                }
            }
            Target::ConfigOverride => {
                // `CONFIG_<path>=<value>`, applied to a real config.toml as the stages do.
                let Ok(t) = text else { return };
                let (var, value) = t.split_once('=').unwrap_or((t, ""));
                if let Ok(o) = runner::overrides::parse_one(var, value) {
                    if let Ok(mut doc) = CONFIG_TOML.parse::<toml_edit::DocumentMut>() {
                        let _ = runner::overrides::set(&mut doc, &o.path, &o.value, &o.var);
                        let _ = doc.to_string();
                    }
                }
            }
            Target::Bech32 => {
                if let Ok(t) = text {
                    let _ = cosmos_formats::Address::decode(t);
                    let _ = cosmos_formats::Address::parse(t, "gonka");
                }
            }
            Target::Coins => {
                if let Ok(t) = text {
                    let _ = cosmos_formats::Coin::from_str(t);
                    let _ = cosmos_formats::Coins::from_str(t);
                }
            }
            Target::AccountsFile => {
                // GENESIS_ACCOUNTS_FILE, checked against gonka's ngonka units as the coordinator's
                // intermediate_genesis checks it.
                if let Ok(t) = text {
                    let metadata = runner::genesis_content::default_denom_metadata();
                    let list = metadata.pointer("/app_state/bank/denom_metadata").and_then(|v| v.as_array());
                    let units = runner::accounts_file::display_units(list.map(Vec::as_slice).unwrap_or(&[]));
                    let _ = runner::accounts_file::parse(
                        t,
                        &runner::accounts_file::Rules { prefix: "gonka", display_units: &units },
                    );
                }
            }
        }
    }

    /// Valid inputs to start from: the real mainnet ceremony files where there are some.
    pub fn seeds(self) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let v = fixtures().join("validators");
        match self {
            Target::Gentx => files(&v, "gentx-", &mut out),
            Target::GenParticipant => files(&v, "genparticipant-", &mut out),
            Target::Genesis => {
                if let Ok(b) = std::fs::read(fixtures().join("genesis-draft.json")) {
                    out.push(b);
                }
                out.push(SMALL_GENESIS.as_bytes().to_vec());
            }
            Target::Peers => out.push(
                b"0772f16cc65cb4d19341b192bd7eba964f11d124@node1.gonka.ai:5000,8a5ad7d7b6b3b8ee7ad1b5e9d9d4e1d1f4ae4c9a@10.0.0.2:26656\n".to_vec(),
            ),
            Target::Manifest => out.push(MANIFEST.as_bytes().to_vec()),
            Target::Checksums => out.push(
                b"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  gentx.json\n9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 *val1.json\n"
                    .to_vec(),
            ),
            Target::NodeId => out.push(b"0772f16cc65cb4d19341b192bd7eba964f11d124\n".to_vec()),
            Target::ValPubkey => out.push(
                br#"{"@type":"/cosmos.crypto.ed25519.PubKey","key":"YHtcky8VaH0qQNhYJkN61RPf83oKWsCPXdaewvDEYLo="}"#.to_vec(),
            ),
            Target::ConfigOverride => {
                out.push(b"CONFIG_consensus__timeout_commit=100ms".to_vec());
                out.push(b"CONFIG_p2p__allow_duplicate_ip=true".to_vec());
                out.push(b"CONFIG_moniker=\"node-1\"".to_vec());
            }
            Target::Bech32 => {
                out.push(b"gonka1y2a9p56kv044327uycmqdexl7zs82fs5ryv5le".to_vec());
                out.push(b"gonkavaloper1dkl4mah5erqggvhqkpc8j3qs5tyuetgdc59d0v".to_vec());
            }
            Target::Coins => {
                out.push(b"1000000ngonka".to_vec());
                out.push(b"2000000000ngonka,5stake".to_vec());
            }
            Target::AccountsFile => out.push(
                b"# founders\ngonka18299ldv2cym0gh5spmm6yncv3at3qgn0t7km5w 100470678000000000ngonka --vesting-amount 100470678000000000ngonka --vesting-start-time 1755750000 --vesting-end-time 1881894000\ngonka19fpma3577v3fnk8nxjkvg442ss8hvglxwqgzz6 1ngonka\n"
                    .to_vec(),
            ),
        }
        out
    }
}

/// The parts of a CometBFT config.toml the overrides reach, in its own layout.
const CONFIG_TOML: &str = r#"proxy_app = "tcp://127.0.0.1:26658"
moniker = "node"

[rpc]
laddr = "tcp://127.0.0.1:26657"
max_body_bytes = 1000000

[p2p]
laddr = "tcp://0.0.0.0:26656"
persistent_peers = ""
allow_duplicate_ip = false
max_num_inbound_peers = 40

[consensus]
timeout_propose = "3s"
timeout_commit = "1s"
create_empty_blocks = true
"#;

const MANIFEST: &str = r#"{
  "name": "val1",
  "index": 1,
  "role": "validator",
  "p2p_external_address": "node1.gonka.ai:26666",
  "node_id": "0772f16cc65cb4d19341b192bd7eba964f11d124",
  "chain_id": "gonka-mainnet"
}
"#;

const SMALL_GENESIS: &str = r#"{
  "genesis_time": "2026-12-03T10:00:00Z",
  "chain_id": "gonka-mainnet",
  "initial_height": "1",
  "app_state": {
    "auth": {"accounts": [{"@type": "/cosmos.auth.v1beta1.BaseAccount", "address": "gonka1y2a9p56kv044327uycmqdexl7zs82fs5ryv5le", "pub_key": null, "account_number": "0", "sequence": "0"}]},
    "bank": {"balances": [{"address": "gonka1y2a9p56kv044327uycmqdexl7zs82fs5ryv5le", "coins": [{"denom": "ngonka", "amount": "2000000000"}]}], "supply": [{"denom": "ngonka", "amount": "2000000000"}]},
    "genutil": {"gen_txs": []},
    "staking": {"params": {"bond_denom": "ngonka"}}
  }
}
"#;
