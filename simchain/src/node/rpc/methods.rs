//! The methods of CometBFT's `rpc/core/*.go`, answering from the block store, the genesis
//! and the p2p handle. Each answer is a `tendermint_rpc::endpoint::*::Response` serialised by
//! serde, patched only where tendermint-rpc 0.40 writes JSON that CometBFT 0.38 does not
//! (each patch says why).
//!
//! Built by hand, each for its own reason (said where it is built):
//! - `net_info`: tendermint-rpc's `ConnectionStatus` cannot be built outside its crate;
//! - `genesis`: the node serves its genesis file's own JSON, which tendermint's `Genesis`
//!   would rewrite (it writes the pre-0.38 `time_iota_ms`, see `consensus_params`, and drops
//!   any field it does not know);
//! - `consensus_state`, `abci_query`: built as CometBFT writes them and read back through
//!   tendermint-rpc's type, since serialising that type writes fields CometBFT does not;
//! - `dump_consensus_state`, `unconfirmed_txs`, `num_unconfirmed_txs`, and the websocket's
//!   events (`ws.rs`): tendermint-rpc 0.40 has no response type for them;
//! - the broadcasts, `check_tx`, `tx`, `tx_search`, `block_search`, `broadcast_evidence`:
//!   this node only ever answers them with an error, so there is no result to serialise.

use super::args::{ArgError, Args};
use super::RpcError;
use crate::node::shared::Shared;
use base64::Engine;
use prost::Message;
use serde_json::{json, Value};
use tendermint::block::{self, Block};
use tendermint::{validator, Hash};
use tendermint_proto::v0_38::types::Block as RawBlock;
use tendermint_rpc::endpoint;

/// `rpc/core/env.go`.
const DEFAULT_PER_PAGE: i64 = 30;
const MAX_PER_PAGE: i64 = 100;
const GENESIS_CHUNK_SIZE: usize = 16 * 1024 * 1024;
/// `rpc/core/blocks.go` BlockchainInfo.
const BLOCKCHAIN_LIMIT: i64 = 20;
/// `mempool/nop_mempool.go` errNotAllowed: what a CometBFT 0.38 node configured with
/// `mempool.type = "nop"` (a node that takes no transactions) answers to every broadcast.
pub const NOP_MEMPOOL: &str = "not allowed with `nop` mempool";

impl From<ArgError> for RpcError {
    fn from(e: ArgError) -> Self {
        RpcError::InvalidParams(e.to_string())
    }
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value, RpcError> {
    serde_json::to_value(v).map_err(RpcError::internal)
}

pub fn call(s: &Shared, method: &str, a: &Args) -> Result<Value, RpcError> {
    match method {
        "health" => to_value(&endpoint::health::Response {}),
        "status" => status(s),
        "net_info" => Ok(net_info(s)),
        "blockchain" => blockchain(s, a.int("minHeight")?, a.int("maxHeight")?),
        "genesis" => genesis(s),
        "genesis_chunked" => genesis_chunked(s, a.uint("chunk")?.unwrap_or(0)),
        "block" => {
            let h = get_height(s, latest(s), a.int("height")?)?;
            block_at(s, h)
        }
        "block_by_hash" => block_by_hash(s, a.bytes("hash", false)?.unwrap_or_default()),
        "block_results" => {
            let h = get_height(s, latest(s), a.int("height")?)?;
            block_results(s, h)
        }
        "commit" => {
            let h = get_height(s, latest(s), a.int("height")?)?;
            commit(s, h)
        }
        "header" => {
            let h = get_height(s, latest(s), a.int("height")?)?;
            let header = load(s, h)?.map(|b| b.header);
            header_json(header)
        }
        "header_by_hash" => {
            let header = find_by_hash(s, &a.bytes("hash", true)?.unwrap_or_default())?.map(|b| b.header);
            header_json(header)
        }
        "validators" => {
            let h = get_height(s, latest_uncommitted(s), a.int("height")?)?;
            validators(s, h, a.int("page")?, a.int("per_page")?)
        }
        "consensus_params" => {
            let h = get_height(s, latest_uncommitted(s), a.int("height")?)?;
            consensus_params(s, h)
        }
        "consensus_state" => consensus_state(s),
        "dump_consensus_state" => dump_consensus_state(s),
        "unconfirmed_txs" => {
            // `validatePerPage(limit)`: parsed and bounded, though the nop mempool is empty.
            let _limit = per_page(a.int("limit")?);
            Ok(unconfirmed(0))
        }
        "num_unconfirmed_txs" => Ok(unconfirmed(0)),
        "broadcast_tx_sync" | "broadcast_tx_async" | "broadcast_tx_commit" => {
            a.bytes("tx", false)?;
            Err(RpcError::Internal(if method == "broadcast_tx_commit" {
                // mempool.go BroadcastTxCommit wraps the CheckTx error.
                format!("error on broadcastTxCommit: {NOP_MEMPOOL}")
            } else {
                NOP_MEMPOOL.to_string()
            }))
        }
        // A real node forwards check_tx to its ABCI app even with a nop mempool; this stand-in
        // has no app, so the nearest faithful answer is the same refusal as the broadcasts.
        "check_tx" => {
            a.bytes("tx", false)?;
            Err(RpcError::Internal(NOP_MEMPOOL.to_string()))
        }
        "abci_info" => abci_info(s),
        "abci_query" => {
            a.string("path")?;
            a.bytes("data", true)?;
            a.int("height")?;
            a.bool("prove")?;
            abci_query(s)
        }
        "broadcast_evidence" => broadcast_evidence(a.value("evidence")?),
        // `tx_index.indexer = "null"`: rpc/core/tx.go and blocks.go BlockSearch.
        "tx" | "tx_search" => Err(RpcError::Internal("transaction indexing is disabled".into())),
        "block_search" => Err(RpcError::Internal("block indexing is disabled".into())),
        _ => Err(RpcError::MethodNotFound),
    }
}

fn latest(s: &Shared) -> i64 {
    s.status().latest.height as i64
}

/// `env.latestUncommittedHeight`: the next height, unless the node is still syncing.
fn latest_uncommitted(s: &Shared) -> i64 {
    let st = s.status();
    if st.catching_up {
        st.latest.height as i64
    } else {
        st.latest.height as i64 + 1
    }
}

fn base(s: &Shared) -> i64 {
    s.status().earliest.height as i64
}

/// `rpc/core/env.go` getHeight.
fn get_height(s: &Shared, latest: i64, height: Option<i64>) -> Result<u64, RpcError> {
    let Some(h) = height else { return Ok(latest.max(0) as u64) };
    if h <= 0 {
        return Err(RpcError::Internal(format!("height must be greater than 0, but got {h}")));
    }
    if h > latest {
        return Err(RpcError::Internal(format!(
            "height {h} must be less than or equal to the current blockchain height {latest}"
        )));
    }
    let base = base(s);
    if h < base {
        return Err(RpcError::Internal(format!("height {h} is not available, lowest height is {base}")));
    }
    Ok(h as u64)
}

fn per_page(p: Option<i64>) -> i64 {
    match p {
        None => DEFAULT_PER_PAGE,
        Some(p) if p < 1 => DEFAULT_PER_PAGE,
        Some(p) => p.min(MAX_PER_PAGE),
    }
}

/// `rpc/core/env.go` validatePage.
fn page(p: Option<i64>, per_page: i64, total: i64) -> Result<i64, RpcError> {
    let Some(page) = p else { return Ok(1) };
    let pages = ((total - 1) / per_page + 1).max(1);
    if page <= 0 || page > pages {
        return Err(RpcError::Internal(format!("page should be within [1, {pages}] range, given {page}")));
    }
    Ok(page)
}

fn load(s: &Shared, h: u64) -> Result<Option<Block>, RpcError> {
    s.store.block(h).map_err(RpcError::internal)
}

/// A stored block by its hash. The store has no hash index, so this walks down from the tip;
/// CometBFT keeps one (`store/store.go` LoadBlockByHash), with the same answer.
fn find_by_hash(s: &Shared, hash: &[u8]) -> Result<Option<Block>, RpcError> {
    let st = s.status();
    let mut h = st.latest.height;
    while h >= st.earliest.height.max(1) {
        if let Some(b) = load(s, h)? {
            if b.header.hash().as_bytes() == hash {
                return Ok(Some(b));
            }
        }
        h -= 1;
    }
    Ok(None)
}

/// A block as CometBFT's `types.Block` JSON. tendermint-rs writes `null` for no txs, no
/// evidence and the first block's absent last commit; CometBFT decodes blocks from protobuf
/// (`types/block.go` DataFromProto, `types/evidence.go` EvidenceList.FromProto) into empty
/// slices (`[]`), and the first block carries an empty commit (`state/execution.go`
/// CreateProposalBlock with an empty ExtendedCommit at the initial height).
///
/// Serialised from the protobuf block (`consensus::raw_block`), whose serde is the domain
/// block's except that tendermint-rs 0.40 writes the total power into
/// `DuplicateVoteEvidence.validator_power`.
pub fn block_json(b: &Block) -> Result<Value, RpcError> {
    let mut v = to_value(&consensus::raw_block(b))?;
    if v.pointer("/data/txs").is_some_and(Value::is_null) {
        v["data"]["txs"] = json!([]);
    }
    if v.pointer("/evidence/evidence").is_some_and(Value::is_null) {
        v["evidence"]["evidence"] = json!([]);
    }
    if v.get("last_commit").is_some_and(Value::is_null) {
        v["last_commit"] = json!({
            "height": "0", "round": 0,
            "block_id": {"hash": "", "parts": {"total": 0, "hash": ""}},
            "signatures": []
        });
    }
    Ok(v)
}

fn block_id(b: &Block) -> Result<block::Id, RpcError> {
    consensus::block_id(b).map_err(RpcError::internal)
}

/// `rpc/core/types/responses.go` ResultBlock, which `block` and `block_by_hash` both answer;
/// tendermint-rpc's `block_by_hash::Response` is the one of its two types whose block is a
/// pointer (`null` when the store has no such block), as CometBFT's `*types.Block` is. The
/// block itself is patched to `block_json`'s CometBFT shape.
fn block_response(b: Option<Block>) -> Result<Value, RpcError> {
    let block_id = match &b {
        Some(b) => block_id(b)?,
        None => block::Id::default(),
    };
    let patched = b.as_ref().map(block_json).transpose()?;
    let mut v = to_value(&endpoint::block_by_hash::Response { block_id, block: b })?;
    v["block"] = patched.unwrap_or(Value::Null);
    Ok(v)
}

fn block_at(s: &Shared, h: u64) -> Result<Value, RpcError> {
    block_response(load(s, h)?)
}

fn block_by_hash(s: &Shared, hash: Vec<u8>) -> Result<Value, RpcError> {
    block_response(find_by_hash(s, &hash)?)
}

fn header_json(header: Option<block::Header>) -> Result<Value, RpcError> {
    to_value(&endpoint::header_by_hash::Response { header })
}

fn commit(s: &Shared, h: u64) -> Result<Value, RpcError> {
    let Some(b) = load(s, h)? else { return Ok(Value::Null) };
    let Some((c, canonical)) = s.store.commit(h).map_err(RpcError::internal)? else { return Ok(Value::Null) };
    let signed_header = block::signed_header::SignedHeader::new(b.header, c).map_err(RpcError::internal)?;
    to_value(&endpoint::commit::Response { signed_header, canonical })
}

/// No app runs here: a block's results are empty, as an app without transactions answers
/// FinalizeBlock. CometBFT writes the decoded protobuf's empty repeated fields as `null`
/// except where tendermint-rpc skips them (`finalize_block_events`), which CometBFT writes.
fn block_results(s: &Shared, h: u64) -> Result<Value, RpcError> {
    let app_hash = load(s, h)?.map(|b| b.header.app_hash).unwrap_or_default();
    let r = endpoint::block_results::Response {
        height: block::Height::try_from(h).map_err(RpcError::internal)?,
        txs_results: None,
        finalize_block_events: Vec::new(),
        begin_block_events: None,
        end_block_events: None,
        validator_updates: Vec::new(),
        consensus_param_updates: None,
        app_hash,
    };
    let mut v = to_value(&r)?;
    if let Some(o) = v.as_object_mut() {
        // 0.38's ResultBlockResults has no begin/end block events.
        o.remove("begin_block_events");
        o.remove("end_block_events");
        o.insert("finalize_block_events".into(), json!([]));
    }
    Ok(v)
}

fn blockchain(s: &Shared, min: Option<i64>, max: Option<i64>) -> Result<Value, RpcError> {
    let height = latest(s);
    let (min, max) = filter_min_max(base(s), height, min.unwrap_or(0), max.unwrap_or(0), BLOCKCHAIN_LIMIT)?;
    let mut metas = Vec::new();
    let mut h = max;
    while h >= min {
        if let Some(b) = load(s, h as u64)? {
            let size = RawBlock::from(b.clone()).encoded_len();
            metas.push(block::Meta {
                block_id: block_id(&b)?,
                block_size: size as i64,
                num_txs: b.data.len() as i64,
                header: b.header,
            });
        }
        h -= 1;
    }
    let r = endpoint::blockchain::Response {
        last_height: block::Height::try_from(height.max(0) as u64).map_err(RpcError::internal)?,
        block_metas: metas,
    };
    to_value(&r)
}

/// `rpc/core/blocks.go` filterMinMax.
pub fn filter_min_max(base: i64, height: i64, min: i64, max: i64, limit: i64) -> Result<(i64, i64), RpcError> {
    if min < 0 || max < 0 {
        return Err(RpcError::Internal("heights must be non-negative".into()));
    }
    let mut min = if min == 0 { 1 } else { min };
    let mut max = if max == 0 { height } else { max };
    max = max.min(height);
    min = min.max(base);
    min = min.max(max - limit + 1);
    if min > max {
        return Err(RpcError::Internal(format!("min height {min} can't be greater than max height {max}")));
    }
    Ok((min, max))
}

/// A validator as `types/validator.go` writes it. tendermint-rs's `validator::Info` writes
/// `power` and `name` and skips `proposer_priority`; CometBFT writes `voting_power` and
/// `proposer_priority` (int64 as strings), which is what Go and JS clients read.
pub fn validator_json(v: &validator::Info, priority: i64) -> Result<Value, RpcError> {
    Ok(json!({
        "address": to_value(&v.address)?,
        "pub_key": to_value(&v.pub_key)?,
        "voting_power": v.power.value().to_string(),
        "proposer_priority": priority.to_string(),
    }))
}

fn validators(s: &Shared, h: u64, page_arg: Option<i64>, per_page_arg: Option<i64>) -> Result<Value, RpcError> {
    let set =
        s.validators.at_height(block::Height::try_from(h).map_err(RpcError::internal)?).map_err(RpcError::internal)?;
    let all = set.validators();
    let priorities = set.priorities();
    let total = all.len() as i64;
    let per_page = per_page(per_page_arg);
    let page = page(page_arg, per_page, total)?;
    let skip = ((page - 1) * per_page).max(0);
    let take = per_page.min(total - skip).max(0);
    let page_of =
        all.iter().zip(priorities.iter().copied().chain(std::iter::repeat(0))).skip(skip as usize).take(take as usize);
    let listed = page_of.clone().map(|(v, p)| validator_json(v, p)).collect::<Result<Vec<_>, _>>()?;
    let r = endpoint::validators::Response::new(
        block::Height::try_from(h).map_err(RpcError::internal)?,
        page_of.map(|(v, _)| v.clone()).collect(),
        i32::try_from(total).map_err(RpcError::internal)?,
    );
    let mut v = to_value(&r)?;
    // rpc/core/types/responses.go ResultValidators: each validator as `validator_json` writes
    // it (tendermint-rs's `Info` differs, see there), and a `count` of this page's validators,
    // which tendermint-rpc 0.40's type has no field for.
    v["count"] = json!(listed.len().to_string());
    v["validators"] = Value::Array(listed);
    Ok(v)
}

fn status(s: &Shared) -> Result<Value, RpcError> {
    let st = s.status();
    let app_hash = |h: u64| -> Result<tendermint::AppHash, RpcError> {
        Ok(if h == 0 { Default::default() } else { load(s, h)?.map(|b| b.header.app_hash).unwrap_or_default() })
    };
    let node_info: tendermint::node::Info = serde_json::from_value(s.node_info.clone()).map_err(RpcError::internal)?;
    let r = endpoint::status::Response {
        node_info,
        sync_info: endpoint::status::SyncInfo {
            earliest_block_hash: st.earliest.hash.unwrap_or(Hash::None),
            earliest_app_hash: app_hash(st.earliest.height)?,
            earliest_block_height: block::Height::try_from(st.earliest.height).map_err(RpcError::internal)?,
            earliest_block_time: st.earliest.time.unwrap_or(s.genesis_time),
            latest_block_hash: st.latest.hash.unwrap_or(Hash::None),
            latest_app_hash: app_hash(st.latest.height)?,
            latest_block_height: block::Height::try_from(st.latest.height).map_err(RpcError::internal)?,
            latest_block_time: st.latest.time.unwrap_or(s.genesis_time),
            catching_up: st.catching_up,
        },
        validator_info: s.own_validator.clone(),
    };
    let mut v = to_value(&r)?;
    // rpc/core/types/responses.go ValidatorInfo: address, pub_key, voting_power.
    v["validator_info"] = json!({
        "address": to_value(&s.own_validator.address)?,
        "pub_key": to_value(&s.own_validator.pub_key)?,
        "voting_power": s.own_validator.power.value().to_string(),
    });
    Ok(v)
}

/// A flowrate `Status` as MConnection's `Status()` serialises it; `Bytes` is what crossed the
/// connection (p2p/conn/connection.go counts the packets before SecretConnection sealing), and
/// the average rate follows from it. The sampled rates are not kept here and stay "0".
fn monitor(start: &Value, bytes: u64, elapsed: std::time::Duration) -> Value {
    let secs = elapsed.as_secs_f64();
    let avg = if secs > 0.0 { (bytes as f64 / secs).round() as u64 } else { 0 };
    json!({"Active": true, "Start": start, "Duration": elapsed.as_nanos().to_string(), "Idle": "0",
           "Bytes": bytes.to_string(), "Samples": "0", "InstRate": "0", "CurRate": "0", "AvgRate": avg.to_string(),
           "PeakRate": "0", "BytesRem": "0", "TimeRem": "0", "Progress": 0})
}

/// `rpc/core/net.go` NetInfo; tendermint-rpc's `net_info::Response` cannot be built from
/// outside its crate for the connection status, so the JSON is written here in its shape.
fn net_info(s: &Shared) -> Value {
    let peers: Vec<Value> = s
        .network
        .peers()
        .into_iter()
        .map(|p| {
            let since = p
                .connected_since
                .duration_since(std::time::UNIX_EPOCH)
                .ok()
                .and_then(|d| tendermint::Time::from_unix_timestamp(d.as_secs() as i64, d.subsec_nanos()).ok())
                .and_then(|t| serde_json::to_value(t).ok())
                .unwrap_or(json!("1970-01-01T00:00:00Z"));
            let elapsed = p.connected_since.elapsed().unwrap_or_default();
            let (send, recv) =
                (monitor(&since, p.traffic.sent_bytes, elapsed), monitor(&since, p.traffic.recv_bytes, elapsed));
            json!({
                "node_info": crate::node::node_info_json(&p.node_info),
                "is_outbound": p.is_outbound,
                "connection_status": {"Duration": elapsed.as_nanos().to_string(), "SendMonitor": send, "RecvMonitor": recv, "Channels": []},
                "remote_ip": p.remote_addr.ip().to_string(),
            })
        })
        .collect();
    json!({
        "listening": true,
        "listeners": [format!("Listener(@{})", s.network.listen_addr())],
        "n_peers": peers.len().to_string(),
        "peers": peers,
    })
}

/// The GenesisDoc as `libs/json` writes it, the bytes both `/genesis` and
/// `/genesis_chunked` serve.
fn genesis_bytes(s: &Shared) -> Result<Vec<u8>, RpcError> {
    serde_json::to_vec(&s.genesis_doc).map_err(RpcError::internal)
}

fn genesis(s: &Shared) -> Result<Value, RpcError> {
    if genesis_bytes(s)?.len() > GENESIS_CHUNK_SIZE {
        return Err(RpcError::Internal("genesis response is large, please use the genesis_chunked API instead".into()));
    }
    Ok(json!({"genesis": s.genesis_doc}))
}

fn genesis_chunked(s: &Shared, chunk: u64) -> Result<Value, RpcError> {
    let bytes = genesis_bytes(s)?;
    let chunks: Vec<&[u8]> = bytes.chunks(GENESIS_CHUNK_SIZE).collect();
    let id = chunk as usize;
    if id > chunks.len().saturating_sub(1) || chunks.is_empty() {
        return Err(RpcError::Internal(format!(
            "there are {} chunks, {} is invalid",
            chunks.len().saturating_sub(1),
            id
        )));
    }
    to_value(&endpoint::genesis_chunked::Response { chunk, total: chunks.len() as u64, data: chunks[id].to_vec() })
}

/// The genesis consensus params (CometBFT's `types.ConsensusParams` JSON, which the SDK
/// genesis file carries under `consensus.params`); they never change on this chain.
fn consensus_params(s: &Shared, h: u64) -> Result<Value, RpcError> {
    let params = s.genesis_doc.get("consensus_params").cloned().unwrap_or(Value::Null);
    let parsed: tendermint::consensus::Params = serde_json::from_value(params.clone()).map_err(RpcError::internal)?;
    let r = endpoint::consensus_params::Response {
        block_height: block::Height::try_from(h).map_err(RpcError::internal)?,
        consensus_params: parsed,
    };
    let mut v = to_value(&r)?;
    // tendermint-rs still serialises the pre-0.38 `time_iota_ms`; CometBFT 0.38's
    // types/params.go BlockParams has only max_bytes and max_gas.
    if let Some(block) = v.pointer_mut("/consensus_params/block").and_then(Value::as_object_mut) {
        block.remove("time_iota_ms");
    }
    Ok(v)
}

/// The driver owns the round state and does not publish it, so this reports the step a
/// node is in between heights: the next height, round 0, RoundStepNewHeight (1), started at
/// the last block's time. The shape is `consensus/types/round_state.go` RoundStateSimple.
fn round_state_simple(s: &Shared) -> Result<Value, RpcError> {
    let st = s.status();
    let next = st.latest.height + 1;
    let h = block::Height::try_from(next).map_err(RpcError::internal)?;
    let proposer = s.validators.proposer(h, block::Round::default()).map_err(RpcError::internal)?;
    let index = s.validators.find(&proposer.address).map(|(i, _)| i as i32).unwrap_or(-1);
    let n = s.validators.len();
    let empty_bits = format!("BA{{{}:{}}}", n, "_".repeat(n));
    Ok(json!({
        "height/round/step": format!("{next}/0/1"),
        "start_time": to_value(&st.latest.time.unwrap_or(s.genesis_time))?,
        "proposal_block_hash": "",
        "locked_block_hash": "",
        "valid_block_hash": "",
        "height_vote_set": [{
            "round": 0,
            "prevotes": vec!["nil-Vote"; n],
            "prevotes_bit_array": empty_bits,
            "precommits": vec!["nil-Vote"; n],
            "precommits_bit_array": empty_bits,
        }],
        "proposer": {"address": to_value(&proposer.address)?, "index": index},
    }))
}

fn consensus_state(s: &Shared) -> Result<Value, RpcError> {
    let v = json!({"round_state": round_state_simple(s)?});
    // Typed read-back: tendermint-rpc's reader must accept what we serve. What is served is
    // the JSON itself, not the typed value re-serialised: tendermint-rpc only reads
    // `height/round/step` as an alias and writes `height_round_step`, which CometBFT's
    // RoundStateSimple (consensus/types/round_state.go) never does.
    let _typed: endpoint::consensus_state::Response = serde_json::from_value(v.clone()).map_err(RpcError::internal)?;
    Ok(v)
}

/// `consensus/types/round_state.go` RoundState JSON, with what this node knows: the
/// height's validator set and the last block's commit.
fn dump_consensus_state(s: &Shared) -> Result<Value, RpcError> {
    let st = s.status();
    let next = st.latest.height + 1;
    let h = block::Height::try_from(next).map_err(RpcError::internal)?;
    let set = s.validators.at_height(h).map_err(RpcError::internal)?;
    let pri = set.priorities();
    let vals = set
        .validators()
        .iter()
        .enumerate()
        .map(|(i, v)| validator_json(v, pri.get(i).copied().unwrap_or(0)))
        .collect::<Result<Vec<_>, _>>()?;
    let proposer = set.proposer(h, block::Round::default()).map_err(RpcError::internal)?;
    let proposer_index = set.find(&proposer.address).map(|(i, _)| i).unwrap_or(0);
    let vset = json!({"validators": vals, "proposer": vals.get(proposer_index).cloned().unwrap_or(Value::Null)});
    let time = to_value(&st.latest.time.unwrap_or(s.genesis_time))?;
    let last_commit = match st.latest.height {
        0 => Value::Null,
        lh => s
            .store
            .commit(lh)
            .map_err(RpcError::internal)?
            .map(|(c, _)| {
                let h = block::Height::try_from(lh).map_err(RpcError::internal)?;
                let set = s.validators.at_height(h).map_err(RpcError::internal)?;
                Ok::<_, RpcError>(vote_set_json(&c, &set.validators(), set.total_power()))
            })
            .transpose()?
            .unwrap_or(Value::Null),
    };
    let peers: Vec<Value> = s
        .network
        .peers()
        .into_iter()
        .map(|p| json!({"node_address": format!("{}@{}", p.node_info.id, p.remote_addr), "peer_state": unknown_peer_state()}))
        .collect();
    Ok(json!({
        "round_state": {
            "height": next.to_string(),
            "round": 0,
            "step": 1,
            "start_time": time,
            "commit_time": time,
            "validators": vset,
            "proposal": null,
            "proposal_block": null,
            "proposal_block_parts": null,
            "locked_round": -1,
            "locked_block": null,
            "locked_block_parts": null,
            "valid_round": -1,
            "valid_block": null,
            "valid_block_parts": null,
            "votes": [],
            "commit_round": -1,
            "last_commit": last_commit,
            "last_validators": vset,
            "triggered_timeout_precommit": false,
        },
        "peers": peers,
    }))
}

/// `types/vote_set.go` VoteSet.MarshalJSON (VoteSetJSON) of the precommits a commit records:
/// each vote as `types/vote.go` Vote.String() writes it (absent ones as "nil-Vote"), the bit
/// array with the voted fraction of power (`bitArrayString`), and no peer +2/3 claims.
pub fn vote_set_json(c: &block::Commit, vals: &[validator::Info], total_power: u64) -> Value {
    use tendermint::block::CommitSig;
    let hex6 = |b: &[u8]| {
        // libs/bytes/byteslice.go Fingerprint: the first 6 bytes, zero-padded.
        let mut f = [0u8; 6];
        for (d, x) in f.iter_mut().zip(b) {
            *d = *x;
        }
        hex::encode_upper(f)
    };
    let (mut votes, mut bits, mut voted) = (Vec::new(), String::new(), 0u64);
    for (i, sig) in c.signatures.iter().enumerate() {
        let (addr, ts, signature, hash) = match sig {
            CommitSig::BlockIdFlagAbsent => {
                votes.push("nil-Vote".to_string());
                bits.push('_');
                continue;
            }
            CommitSig::BlockIdFlagCommit { validator_address, timestamp, signature } => {
                (validator_address, timestamp, signature, c.block_id.hash.as_bytes().to_vec())
            }
            CommitSig::BlockIdFlagNil { validator_address, timestamp, signature } => {
                (validator_address, timestamp, signature, Vec::new())
            }
        };
        bits.push('x');
        voted += vals.get(i).map(|v| v.power.value()).unwrap_or(0);
        let sig_bytes = signature.as_ref().map(|s| s.as_bytes().to_vec()).unwrap_or_default();
        votes.push(format!(
            "Vote{{{i}:{} {}/{:02}/SIGNED_MSG_TYPE_PRECOMMIT(Precommit) {} {} {} @ {}}}",
            hex6(addr.as_bytes()),
            c.height,
            c.round.value(),
            hex6(&hash),
            hex6(&sig_bytes),
            hex6(&[]),
            ts.to_rfc3339(),
        ));
    }
    let frac = if total_power == 0 { 0.0 } else { voted as f64 / total_power as f64 };
    json!({
        "votes": votes,
        "votes_bit_array": format!("BA{{{}:{}}} {}/{} = {:.2}", c.signatures.len(), bits, voted, total_power, frac),
        "peer_maj_23s": {},
    })
}

/// `consensus/reactor.go` NewPeerState: what CometBFT reports for a peer whose round state it
/// has not learnt. This node's gossip does not track peers' round steps, so it says so in
/// CometBFT's own terms (rounds -1, nil bit arrays, zero time, no stats) rather than invent one.
fn unknown_peer_state() -> Value {
    json!({
        "round_state": {
            "height": "0", "round": -1, "step": 0, "start_time": "0001-01-01T00:00:00Z",
            "proposal": false, "proposal_block_part_set_header": {"total": 0, "hash": ""},
            "proposal_block_parts": null, "proposal_pol_round": -1, "proposal_pol": null,
            "prevotes": null, "precommits": null, "last_commit_round": -1, "last_commit": null,
            "catchup_commit_round": -1, "catchup_commit": null,
        },
        "stats": {"votes": "0", "block_parts": "0"},
    })
}

/// `rpc/core/mempool.go` with a nop mempool: nothing is ever pending, and the reaped list is
/// a nil slice, which `libs/json` writes as `null`.
fn unconfirmed(n: u64) -> Value {
    json!({"n_txs": n.to_string(), "total": n.to_string(), "total_bytes": "0", "txs": null})
}

/// What an app with no state answers to Info (SDK baseapp's shape: name, version, the
/// last block and its app hash).
fn abci_info(s: &Shared) -> Result<Value, RpcError> {
    let st = s.status();
    let app_hash = if st.latest.height == 0 {
        Default::default()
    } else {
        load(s, st.latest.height)?.map(|b| b.header.app_hash).unwrap_or_default()
    };
    let info = tendermint::abci::response::Info {
        data: "simchain".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        app_version: 0,
        last_block_height: block::Height::try_from(st.latest.height).map_err(RpcError::internal)?,
        last_block_app_hash: app_hash,
    };
    to_value(&endpoint::abci_info::Response { response: info })
}

/// This stand-in has no application state, so every query gets the empty answer of an app
/// that stores nothing, at the last committed height (as the SDK's baseapp answers a query
/// without a height). abci/types/types.pb.go ResponseQuery marks every field `omitempty`, so
/// CometBFT writes only the height: no `code: 0`, no empty strings, no `proof: null`
/// (tendermint-rpc would write all of those; its reader defaults them).
fn abci_query(s: &Shared) -> Result<Value, RpcError> {
    let height = s.status().latest.height;
    let mut response = serde_json::Map::new();
    if height != 0 {
        response.insert("height".into(), json!(height.to_string()));
    }
    let v = json!({"response": response});
    let _typed: endpoint::abci_query::Response = serde_json::from_value(v.clone()).map_err(RpcError::internal)?;
    Ok(v)
}

/// `rpc/core/evidence.go` BroadcastEvidence: missing evidence and undecodable evidence are
/// refused as CometBFT refuses them; decodable evidence is refused too, since this node keeps
/// no evidence pool (`evidence/pool.go` AddEvidence would verify and gossip it).
fn broadcast_evidence(ev: Option<Value>) -> Result<Value, RpcError> {
    let Some(ev) = ev else { return Err(RpcError::Internal("no evidence was provided".into())) };
    let parsed: tendermint_proto::v0_38::types::Evidence =
        serde_json::from_value(ev).map_err(|e| RpcError::InvalidParams(e.to_string()))?;
    let _ = parsed;
    Err(RpcError::Internal("failed to add evidence: this node keeps no evidence pool".into()))
}

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_min_max_follows_cometbft() {
        // Defaults: the last 20 blocks of 100.
        assert_eq!(filter_min_max(1, 100, 0, 0, 20), Ok((81, 100)));
        // max beyond the tip is cut to it; min is raised to keep 20.
        assert_eq!(filter_min_max(1, 100, 1, 500, 20), Ok((81, 100)));
        // min below the base is raised to the base.
        assert_eq!(filter_min_max(10, 15, 1, 0, 20), Ok((10, 15)));
        assert_eq!(filter_min_max(1, 100, -1, 0, 20), Err(RpcError::Internal("heights must be non-negative".into())));
        assert_eq!(
            filter_min_max(1, 100, 60, 50, 20),
            Err(RpcError::Internal("min height 60 can't be greater than max height 50".into()))
        );
    }

    #[test]
    fn last_commit_reads_as_cometbft_vote_set_json() {
        use tendermint::block::CommitSig;
        let key = |b: u8| tendermint::PublicKey::from_raw_ed25519(&[b; 32]).unwrap();
        let vals: Vec<validator::Info> =
            (1u8..=3).map(|i| validator::Info::new(key(i), tendermint::vote::Power::from(u32::from(i)))).collect();
        let ts: tendermint::Time = "2024-01-02T03:04:05.5Z".parse().unwrap();
        let hash = Hash::Sha256([0xAB; 32]);
        let sig = tendermint::Signature::new(vec![0xCD; 64]).unwrap();
        let commit = block::Commit {
            height: 7u32.into(),
            round: 1u16.into(),
            block_id: block::Id { hash, part_set_header: Default::default() },
            signatures: vec![
                CommitSig::BlockIdFlagCommit {
                    validator_address: vals[0].address,
                    timestamp: ts,
                    signature: sig.clone(),
                },
                CommitSig::BlockIdFlagNil { validator_address: vals[1].address, timestamp: ts, signature: sig },
                CommitSig::BlockIdFlagAbsent,
            ],
        };
        let v = vote_set_json(&commit, &vals, 6);
        let fp = |a: &tendermint::account::Id| hex::encode_upper(&a.as_bytes()[..6]);
        assert_eq!(
            v["votes"],
            json!([
                format!("Vote{{0:{} 7/01/SIGNED_MSG_TYPE_PRECOMMIT(Precommit) ABABABABABAB CDCDCDCDCDCD 000000000000 @ 2024-01-02T03:04:05.5Z}}", fp(&vals[0].address)),
                format!("Vote{{1:{} 7/01/SIGNED_MSG_TYPE_PRECOMMIT(Precommit) 000000000000 CDCDCDCDCDCD 000000000000 @ 2024-01-02T03:04:05.5Z}}", fp(&vals[1].address)),
                "nil-Vote",
            ])
        );
        // The nil precommit counts as voted power, the absent one does not: 1 + 2 of 6.
        assert_eq!(v["votes_bit_array"], json!("BA{3:xx_} 3/6 = 0.50"));
        assert_eq!(v["peer_maj_23s"], json!({}));
    }

    #[test]
    fn paging_follows_cometbft() {
        assert_eq!(per_page(None), 30);
        assert_eq!(per_page(Some(0)), 30);
        assert_eq!(per_page(Some(1000)), 100);
        assert_eq!(page(None, 30, 4), Ok(1));
        assert_eq!(page(Some(1), 30, 0), Ok(1));
        assert_eq!(page(Some(2), 2, 4), Ok(2));
        assert_eq!(page(Some(3), 2, 4), Err(RpcError::Internal("page should be within [1, 2] range, given 3".into())));
        assert_eq!(page(Some(0), 2, 4), Err(RpcError::Internal("page should be within [1, 2] range, given 0".into())));
    }
}
