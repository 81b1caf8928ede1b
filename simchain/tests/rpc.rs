//! The node's RPC as CometBFT 0.38 clients see it, on one running network of four
//! validators with real tmkms: every endpoint through tendermint-rpc's typed `Client` (simchain::rpc_client),
//! raw JSON for what it does not model (field names, `[]`, error objects, HTTP status,
//! batches, the websocket), and every answer validated against CometBFT's OpenAPI spec.

mod support;

use base64::Engine;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::time::Duration;
use support::net::*;
use tendermint::block::Height;
use tendermint_rpc::client::Client;
use tendermint_rpc::Paging;
use tokio_tungstenite::tungstenite::Message;

const TC: Duration = Duration::from_millis(100);
const BUDGET: Duration = Duration::from_secs(60);
const SPEC: &str = include_str!("fixtures/cometbft-v0.38.25-openapi.yaml");

async fn get(port: u16, path: &str) -> (u16, Value) {
    let r = reqwest::get(format!("http://127.0.0.1:{port}{path}")).await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn post(port: u16, body: &str) -> (u16, String) {
    let r =
        reqwest::Client::new().post(format!("http://127.0.0.1:{port}/")).body(body.to_string()).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Each genesis validator's consensus power keyed by its base64 ed25519 key, derived from the
/// served genesis itself: the gentx self-delegation divided by the chain's power reduction
/// (`sdk.TokensToConsensusPower`), so the expectation follows the genesis and never a constant.
fn genesis_powers(genesis: &Value) -> std::collections::BTreeMap<String, u64> {
    let gentxs = genesis["app_state"]["genutil"]["gen_txs"].as_array().expect("genesis has gen_txs");
    gentxs
        .iter()
        .flat_map(|tx| tx["body"]["messages"].as_array().expect("gentx messages").iter())
        .filter(|m| m["@type"] == json!("/cosmos.staking.v1beta1.MsgCreateValidator"))
        .map(|m| {
            let tokens: u128 = m["value"]["amount"].as_str().expect("self-delegation amount").parse().unwrap();
            let power = simchain::CHAIN.power_reduction.power_of(tokens);
            (m["pubkey"]["key"].as_str().expect("consensus key").to_string(), u64::try_from(power).unwrap())
        })
        .collect()
}

fn error_of(v: &Value) -> (i64, String, String) {
    let e = &v["error"];
    (
        e["code"].as_i64().unwrap_or(0),
        e["message"].as_str().unwrap_or("").to_string(),
        e["data"].as_str().unwrap_or("").to_string(),
    )
}

/// The spec with every `$ref` replaced by what it names (the schemas have no cycles).
fn inline_refs(v: &Value, root: &Value, depth: usize) -> Value {
    assert!(depth < 40, "$ref nesting too deep");
    match v {
        Value::Object(o) => {
            if let Some(Value::String(r)) = o.get("$ref") {
                let target = root.pointer(r.trim_start_matches('#')).unwrap_or_else(|| panic!("unresolved {r}"));
                return inline_refs(target, root, depth + 1);
            }
            Value::Object(o.iter().map(|(k, x)| (k.clone(), inline_refs(x, root, depth + 1))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| inline_refs(x, root, depth + 1)).collect()),
        other => other.clone(),
    }
}

/// Sets `value` at `pointer`, creating the last key: the parent must exist, so a typo in a
/// correction panics instead of silently correcting nothing.
fn put(spec: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap_or_else(|| panic!("bad pointer {pointer}"));
    let key = key.replace("~1", "/").replace("~0", "~");
    match spec.pointer_mut(parent) {
        Some(Value::Object(o)) => {
            o.insert(key, value);
        }
        Some(Value::Array(a)) => {
            let i: usize = key.parse().unwrap_or_else(|_| panic!("{pointer}: array index expected"));
            *a.get_mut(i).unwrap_or_else(|| panic!("spec has no {pointer}")) = value;
        }
        _ => panic!("spec has no {parent}"),
    }
}

/// Places where the v0.38.25 spec contradicts what CometBFT v0.38 itself serialises; the
/// schema is corrected there (and only there) before validation. Each names the Go source.
///
/// Besides fixing what is wrong, the check is made as strict as CometBFT is where a schema left
/// fields optional or open that Go always writes from a fixed struct (no `omitempty`): a
/// renamed field (`power` for `voting_power`) must then fail.
fn correct_spec(spec: &mut Value) {
    let str_ = json!({"type": "string"});
    let int_ = json!({"type": "integer"});
    let schemas = "/components/schemas";
    // rpc/jsonrpc/types/types.go RPCError: `error` is an object {code int, message, data
    // omitempty}, never a string.
    put(
        spec,
        &format!("{schemas}/ErrorResponse/allOf/1"),
        json!({"type": "object", "required": ["error"], "properties": {"error": {
            "type": "object", "required": ["code", "message"], "additionalProperties": false,
            "properties": {"code": int_, "message": str_, "data": str_}}}}),
    );
    // rpc/core/types/responses.go ResultHeader{Header *types.Header `json:"header"`} inside the
    // JSON-RPC envelope (rpc/core/blocks.go Header/HeaderByHash); the spec gives a bare header.
    // The pointer is nil (`null`) when header_by_hash finds nothing.
    for path in ["~1header", "~1header_by_hash"] {
        put(
            spec,
            &format!("/paths/{path}/get/responses/200/content/application~1json/schema"),
            json!({"allOf": [{"$ref": "#/components/schemas/JSONRPC"}, {"type": "object", "required": ["result"],
                "properties": {"result": {"type": "object", "required": ["header"], "additionalProperties": false,
                    "properties": {"header": {"anyOf": [{"$ref": "#/components/schemas/BlockHeader"}, {"type": "null"}]}}}}}]}),
        );
    }
    // types/block.go: Data{Txs `json:"txs"`} and EvidenceData{Evidence `json:"evidence"`} are
    // objects, not arrays; Commit{Height int64 (libs/json writes 64-bit ints as strings),
    // Round int32 (a number), Signatures []CommitSig}; CommitSig is {block_id_flag,
    // validator_address, timestamp, signature} (the spec describes a Vote instead); an absent
    // signature ([]byte nil) is `null`.
    put(
        spec,
        &format!("{schemas}/Block/properties/data"),
        json!({"type": "object", "required": ["txs"], "additionalProperties": false,
            "properties": {"txs": {"type": ["array", "null"], "items": str_}}}),
    );
    put(
        spec,
        &format!("{schemas}/Block/properties/evidence"),
        json!({"type": "object", "required": ["evidence"], "additionalProperties": false,
            "properties": {"evidence": {"type": ["array", "null"], "items": {"type": "object"}}}}),
    );
    put(
        spec,
        &format!("{schemas}/Block/properties/last_commit"),
        json!({"type": ["object", "null"], "required": ["height", "round", "block_id", "signatures"],
            "additionalProperties": false,
            "properties": {"height": str_, "round": int_, "block_id": {"$ref": "#/components/schemas/BlockID"},
                "signatures": {"type": "array", "items": {"type": "object",
                    "required": ["block_id_flag", "validator_address", "timestamp", "signature"],
                    "additionalProperties": false,
                    "properties": {"block_id_flag": int_, "validator_address": str_, "timestamp": str_,
                        "signature": {"type": ["string", "null"]}}}}}}),
    );
    // types/block_meta.go BlockSize int and rpc/core/types/responses.go ResultGenesisChunk
    // {ChunkNumber, TotalChunks int}: libs/json/encoder.go writes reflect.Int like Int64, as a
    // string.
    put(spec, &format!("{schemas}/BlockMeta/properties/block_size"), str_.clone());
    put(spec, &format!("{schemas}/GenesisChunkedResponse/properties/result/properties/chunk"), str_.clone());
    put(spec, &format!("{schemas}/GenesisChunkedResponse/properties/result/properties/total"), str_.clone());
    // abci/types/types.pb.go ResponseInfo: every field is `omitempty` (an app with no state has
    // no last_block_app_hash).
    put(spec, &format!("{schemas}/ABCIInfoResponse/properties/result/properties/response/required"), json!([]));
    // A successful JSON-RPC answer has no `error` (rpc/jsonrpc/types/types.go RPCResponse
    // `error,omitempty`); abci/types/types.pb.go ResponseQuery: all fields `omitempty`, Code is
    // a uint32 (a number), the proof field is `proof_ops`.
    put(spec, &format!("{schemas}/ABCIQueryResponse/required"), json!(["result", "id", "jsonrpc"]));
    let response = format!("{schemas}/ABCIQueryResponse/properties/result/properties/response");
    put(spec, &format!("{response}/required"), json!([]));
    put(spec, &format!("{response}/properties/code"), int_.clone());
    if let Some(props) = spec.pointer_mut(&format!("{response}/properties")).and_then(Value::as_object_mut) {
        props.remove("proof");
        props.insert("proof_ops".into(), json!({"type": "object"}));
    }
    put(spec, &format!("{response}/additionalProperties"), json!(false));
    // rpc/core/types/responses.go ResultBlockResults: TxsResults is a slice and
    // ConsensusParamUpdates a pointer, both `null` when nil (OpenAPI 3.0 `nullable` is not JSON
    // Schema); likewise ResultUnconfirmedTxs.Txs with the nop mempool.
    put(
        spec,
        &format!("{schemas}/BlockResultsResponse/properties/result/properties/txs_results/type"),
        json!(["array", "null"]),
    );
    put(
        spec,
        &format!("{schemas}/BlockResultsResponse/properties/result/properties/consensus_param_updates"),
        json!({"type": ["object", "null"]}),
    );
    put(
        spec,
        &format!("{schemas}/UnconfirmedTransactionsResponse/properties/result/properties/txs/type"),
        json!(["array", "null"]),
    );
    // types/params.go (v0.38): BlockParams is {max_bytes, max_gas} (time_iota_ms is gone) and
    // EvidenceParams {max_age_num_blocks, max_age_duration, max_bytes} (no max_age).
    put(
        spec,
        &format!("{schemas}/ConsensusParams/properties/block"),
        json!({"type": "object", "required": ["max_bytes", "max_gas"], "additionalProperties": false,
            "properties": {"max_bytes": str_, "max_gas": str_}}),
    );
    put(
        spec,
        &format!("{schemas}/ConsensusParams/properties/evidence"),
        json!({"type": "object", "required": ["max_age_num_blocks", "max_age_duration", "max_bytes"],
            "additionalProperties": false,
            "properties": {"max_age_num_blocks": str_, "max_age_duration": str_, "max_bytes": str_}}),
    );
    // types/genesis.go GenesisDoc: Validators is `validators,omitempty` (an SDK genesis has
    // none; they come from the gentxs).
    let required = format!("{schemas}/GenesisResponse/properties/result/properties/genesis/required");
    if let Some(list) = spec.pointer_mut(&required).and_then(Value::as_array_mut) {
        list.retain(|f| f != "validators");
    }
    // consensus/types/round_state.go RoundState: Round, LockedRound, ValidRound, CommitRound are
    // int32, which libs/json writes as numbers.
    for field in ["round", "locked_round", "valid_round", "commit_round"] {
        put(
            spec,
            &format!("{schemas}/DumpConsensusResponse/properties/result/properties/round_state/properties/{field}"),
            int_.clone(),
        );
    }
    // consensus/types/peer_round_state.go PeerRoundState: Round is an int32 (a number), the
    // part set header is `proposal_block_part_set_header`, and the *bits.BitArray fields are
    // nil (`null`) until the peer reports them (libs/bits/bit_array.go MarshalJSON).
    let prs = format!("{schemas}/DumpConsensusResponse/properties/result/properties/peers/items/properties/peer_state/properties/round_state");
    put(spec, &format!("{prs}/properties/round"), int_.clone());
    if let Some(props) = spec.pointer_mut(&format!("{prs}/properties")).and_then(Value::as_object_mut) {
        if let Some(header) = props.remove("proposal_block_parts_header") {
            props.insert("proposal_block_part_set_header".into(), header);
        }
    }
    if let Some(list) = spec.pointer_mut(&format!("{prs}/required")).and_then(Value::as_array_mut) {
        for f in list.iter_mut().filter(|f| *f == "proposal_block_parts_header") {
            *f = json!("proposal_block_part_set_header");
        }
    }
    for field in ["proposal_block_parts", "proposal_pol", "prevotes", "precommits", "last_commit", "catchup_commit"] {
        put(spec, &format!("{prs}/properties/{field}"), json!({"type": ["string", "null"]}));
    }
    put(spec, &format!("{prs}/additionalProperties"), json!(false));
    // Strictness. types/validator.go Validator{address, pub_key, voting_power,
    // proposer_priority} has no omitempty and no other field; rpc/core/types/responses.go
    // ResultValidatorInfo{address, pub_key, voting_power} likewise.
    put(
        spec,
        &format!("{schemas}/ValidatorPriority/required"),
        json!(["address", "pub_key", "voting_power", "proposer_priority"]),
    );
    put(spec, &format!("{schemas}/ValidatorPriority/additionalProperties"), json!(false));
    put(spec, &format!("{schemas}/ValidatorInfo/required"), json!(["address", "pub_key", "voting_power"]));
    put(spec, &format!("{schemas}/ValidatorInfo/additionalProperties"), json!(false));
}

fn schema_for(spec: &Value, path: &str, status: &str) -> Value {
    let ptr = format!("/paths/{}/get/responses/{status}/content/application~1json/schema", path.replace('/', "~1"));
    let s = spec.pointer(&ptr).unwrap_or_else(|| panic!("spec has no schema at {ptr}"));
    inline_refs(s, spec, 0)
}

fn conforms(spec: &Value, path: &str, status: &str, body: &Value) -> Result<(), String> {
    let schema = schema_for(spec, path, status);
    let validator = jsonschema::validator_for(&schema).map_err(|e| format!("{path}: bad schema: {e}"))?;
    let errors: Vec<String> = validator.iter_errors(body).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("{path} ({status}) does not match the spec:\n  {}", errors.join("\n  ")))
    }
}

#[test]
fn the_spec_check_rejects_a_validator_with_power_instead_of_voting_power() {
    let mut spec: Value = serde_yaml::from_str(SPEC).unwrap();
    correct_spec(&mut spec);
    let good = json!({"jsonrpc": "2.0", "id": -1, "result": {"block_height": "1", "validators": [{
        "address": "B5B3D40BE53982AD294BF99FA2E9D7A8B2ABE1AE",
        "pub_key": {"type": "tendermint/PubKeyEd25519", "value": "cOQZvh/h9ZioSeUMZB/1Vy1Xo5x2sjrVjlE/qHnYifM="},
        "voting_power": "1", "proposer_priority": "0"}], "count": "1", "total": "1"}});
    conforms(&spec, "/validators", "200", &good).unwrap();
    let mut bad = good.clone();
    let v = bad["result"]["validators"][0].as_object_mut().unwrap();
    let p = v.remove("voting_power").unwrap();
    v.insert("power".into(), p);
    assert!(conforms(&spec, "/validators", "200", &bad).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_answers_as_cometbft_0_38_does() {
    let mut net = Net::new(4, TC);
    net.start_all();
    let all = [0, 1, 2, 3];
    wait_height(&net, &all, 5, BUDGET).await;
    let v = &net.validators[0];
    let port = v.rpc;
    let c = v.rpc();
    let h3 = Height::from(3u32);

    // Typed client: every endpoint it has.
    let b3 = c.block(h3).await.unwrap();
    assert_eq!(b3.block.header.height, h3);
    let by_hash = c.block_by_hash(b3.block_id.hash).await.unwrap();
    assert_eq!(by_hash.block.unwrap().header.height, h3);
    assert_eq!(c.header(h3).await.unwrap().header.height, h3);
    assert_eq!(c.header_by_hash(b3.block_id.hash).await.unwrap().header.unwrap().height, h3);
    assert_eq!(c.block_results(h3).await.unwrap().height, h3);
    let chain = c.blockchain(Height::from(1u32), Height::from(4u32)).await.unwrap();
    let heights: Vec<u64> = chain.block_metas.iter().map(|m| m.header.height.value()).collect();
    assert_eq!(heights, vec![4, 3, 2, 1], "blockchain metas are highest first");
    assert!(c.commit(h3).await.unwrap().canonical);
    c.consensus_params(h3).await.unwrap();
    c.consensus_state().await.unwrap();
    c.health().await.unwrap();
    c.net_info().await.unwrap();
    let (_, raw_genesis) = get(port, "/genesis").await;
    let powers = genesis_powers(&raw_genesis["result"]["genesis"]);
    assert_eq!(powers.len(), 4, "one gentx per validator: {powers:?}");
    let power_of = |pk: &tendermint::PublicKey| {
        let key = base64::engine::general_purpose::STANDARD.encode(pk.to_bytes());
        *powers.get(&key).unwrap_or_else(|| panic!("{key} is not a genesis validator"))
    };
    let status = c.status().await.unwrap();
    let own_power = power_of(&status.validator_info.pub_key);
    assert_eq!(status.validator_info.power.value(), own_power, "status voting_power read as power");
    let vals = c.validators(h3, Paging::All).await.unwrap();
    assert_eq!(vals.validators.len(), 4);
    for x in &vals.validators {
        assert_eq!(x.power.value(), power_of(&x.pub_key), "voting power must read back");
    }
    let page = c.validators(h3, Paging::Specific { page_number: 2usize.into(), per_page: 3u8.into() }).await.unwrap();
    assert_eq!((page.validators.len(), page.total), (1, 4));
    let info = c.abci_info().await.unwrap();
    assert!(info.last_block_height.value() >= 5);
    let q = c.abci_query(Some("/store/bank/key".into()), vec![1u8], None, false).await.unwrap();
    assert!(q.value.is_empty());
    let g: tendermint::Genesis<Value> = c.genesis().await.unwrap();
    let chunk = c.genesis_chunked(0).await.unwrap();
    assert_eq!(chunk.total, 1);
    let doc: Value = serde_json::from_slice(&chunk.data).unwrap();
    assert_eq!(doc["chain_id"], json!(g.chain_id.as_str()));
    let refused = c.broadcast_tx_sync(vec![1u8, 2, 3]).await.unwrap_err();
    assert!(refused.to_string().contains("not allowed with `nop` mempool"), "{refused}");

    // Raw JSON: what the typed client would silently tolerate.
    let (code, body) = get(port, "/validators?height=3").await;
    assert_eq!(code, 200);
    let first = &body["result"]["validators"][0];
    let first_power = powers.get(first["pub_key"]["value"].as_str().unwrap()).unwrap();
    assert_eq!(first["voting_power"], json!(first_power.to_string()), "{body}");
    assert!(first["proposer_priority"].is_string(), "{body}");
    assert!(first.get("power").is_none() && first.get("name").is_none(), "{body}");
    let (_, body) = get(port, "/status").await;
    assert_eq!(body["result"]["validator_info"]["voting_power"], json!(own_power.to_string()), "{body}");
    let (_, body) = get(port, "/block?height=1").await;
    assert_eq!(body["result"]["block"]["data"]["txs"], json!([]), "{body}");
    assert_eq!(body["result"]["block"]["evidence"]["evidence"], json!([]), "{body}");
    assert_eq!(body["result"]["block"]["last_commit"]["signatures"], json!([]), "{body}");
    let (_, body) = get(port, "/validators?page=2&per_page=3").await;
    assert_eq!((body["result"]["count"].clone(), body["result"]["total"].clone()), (json!("1"), json!("4")));
    let (code, body) = get(port, "/validators?page=3&per_page=3").await;
    assert_eq!(code, 500);
    assert_eq!(
        error_of(&body),
        (-32603, "Internal error".into(), "page should be within [1, 2] range, given 3".into())
    );
    let (_, body) = get(port, "/blockchain").await;
    assert_eq!(
        body["result"]["block_metas"].as_array().unwrap().len().min(20),
        body["result"]["block_metas"].as_array().unwrap().len()
    );
    let (code, body) = get(port, "/blockchain?minHeight=4&maxHeight=2").await;
    assert_eq!(code, 500);
    assert_eq!(error_of(&body).2, "min height 4 can't be greater than max height 2");
    let (code, body) = get(port, "/block?height=999999").await;
    assert_eq!(code, 500);
    let (ecode, msg, data) = error_of(&body);
    assert_eq!((ecode, msg.as_str()), (-32603, "Internal error"));
    assert!(data.starts_with("height 999999 must be less than or equal to the current blockchain height "), "{data}");
    let (code, body) = get(port, "/block?height=0x10").await;
    assert_eq!(code, 500);
    assert_eq!(error_of(&body).0, -32602);
    let (code, body) = get(port, "/block_by_hash?hash=0x".to_string().as_str()).await;
    assert_eq!((code, body["result"]["block"].clone()), (200, Value::Null));
    let (_, body) = get(port, &format!("/header_by_hash?hash=0x{}", b3.block_id.hash)).await;
    assert_eq!(body["result"]["header"]["height"], json!("3"));
    let (code, body) = get(port, "/subscribe?query=%22tm.event%3D%27NewBlock%27%22").await;
    assert_eq!((code, error_of(&body).0), (404, -32601));
    let (code, _) = get(port, "/no_such_method").await;
    assert_eq!(code, 404);
    // abci/types/types.pb.go ResponseQuery is all `omitempty`: an empty answer is the height alone.
    let (_, body) = get(port, "/abci_query?path=%22/store%22&data=0x01").await;
    let keys: Vec<&String> = body["result"]["response"].as_object().unwrap().keys().collect();
    assert_eq!(keys, vec!["height"], "{body}");
    let (_, body) = get(port, "/num_unconfirmed_txs").await;
    assert_eq!(body["result"], json!({"n_txs": "0", "total": "0", "total_bytes": "0", "txs": null}));
    let (code, body) = get(port, "/check_tx?tx=0x0102").await;
    assert_eq!((code, error_of(&body).2), (500, "not allowed with `nop` mempool".into()));

    // JSON-RPC POST: errors keep HTTP 200, int64 params must be strings, batches answer
    // arrays, notifications get nothing.
    let (code, text) = post(port, r#"{"jsonrpc":"2.0","id":7,"method":"abci_info","params":{}}"#).await;
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!((code, body["id"].clone()), (200, json!(7)));
    assert!(body["result"]["response"]["last_block_height"].is_string(), "{body}");
    let (code, text) = post(port, r#"{"jsonrpc":"2.0","id":1,"method":"nope"}"#).await;
    assert_eq!((code, error_of(&serde_json::from_str(&text).unwrap()).0), (200, -32601));
    let (_, text) = post(port, r#"{"jsonrpc":"2.0","id":1,"method":"block","params":{"height":3}}"#).await;
    let (ecode, _, data) = error_of(&serde_json::from_str(&text).unwrap());
    assert_eq!(ecode, -32602);
    assert!(data.contains("invalid 64-bit integer encoding \"3\", expected string"), "{data}");
    let (_, text) = post(
        port,
        r#"[{"jsonrpc":"2.0","id":1,"method":"health"},{"jsonrpc":"2.0","method":"health"},{"jsonrpc":"2.0","id":"b","method":"block","params":["2"]}]"#,
    )
    .await;
    let batch: Value = serde_json::from_str(&text).unwrap();
    let ids: Vec<Value> = batch.as_array().unwrap().iter().map(|r| r["id"].clone()).collect();
    assert_eq!(ids, vec![json!(1), json!("b")]);
    assert_eq!(batch[1]["result"]["block"]["header"]["height"], json!("2"));
    let (code, text) = post(port, "{not json").await;
    assert_eq!((code, error_of(&serde_json::from_str(&text).unwrap()).0), (500, -32700));

    // Websocket: NewBlock and NewBlockHeader events, as CometBFT's event bus writes them.
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}/websocket")).await.unwrap();
    for (id, q) in [(1, "tm.event='NewBlock'"), (2, "tm.event = 'NewBlockHeader'")] {
        let req = json!({"jsonrpc": "2.0", "id": id, "method": "subscribe", "params": {"query": q}});
        ws.send(Message::Text(req.to_string().into())).await.unwrap();
    }
    let (mut acks, mut blocks, mut headers) = (0, Vec::new(), Vec::new());
    while acks < 2 || blocks.len() < 2 || headers.len() < 2 {
        let m = tokio::time::timeout(BUDGET, ws.next()).await.unwrap().unwrap().unwrap();
        let Message::Text(t) = m else { continue };
        let v: Value = serde_json::from_str(&t).unwrap();
        if v["result"] == json!({}) {
            acks += 1;
            continue;
        }
        let data = &v["result"]["data"];
        match data["type"].as_str().unwrap() {
            "tendermint/event/NewBlock" => {
                assert_eq!(v["id"], json!(1));
                assert_eq!(v["result"]["events"]["tm.event"], json!(["NewBlock"]));
                assert_eq!(v["result"]["query"], json!("tm.event='NewBlock'"));
                let b: tendermint::Block = serde_json::from_value(data["value"]["block"].clone()).unwrap();
                let id: tendermint::block::Id = serde_json::from_value(data["value"]["block_id"].clone()).unwrap();
                assert_eq!(id.hash, b.header.hash());
                assert_eq!(data["value"]["block"]["data"]["txs"], json!([]));
                blocks.push(b.header.height.value());
            }
            "tendermint/event/NewBlockHeader" => {
                assert_eq!(v["id"], json!(2));
                let h: tendermint::block::Header = serde_json::from_value(data["value"]["header"].clone()).unwrap();
                headers.push(h.height.value());
            }
            other => panic!("unexpected event {other}: {v}"),
        }
    }
    assert_eq!(blocks[1], blocks[0] + 1, "one NewBlock per height: {blocks:?}");
    let unsub = json!({"jsonrpc": "2.0", "id": 3, "method": "unsubscribe", "params": {"query": "tm.event='Tx'"}});
    ws.send(Message::Text(unsub.to_string().into())).await.unwrap();
    let all_off = json!({"jsonrpc": "2.0", "id": 4, "method": "unsubscribe_all", "params": {}});
    ws.send(Message::Text(all_off.to_string().into())).await.unwrap();
    let mut answers = Vec::new();
    while answers.len() < 2 {
        let m = tokio::time::timeout(BUDGET, ws.next()).await.unwrap().unwrap().unwrap();
        let Message::Text(t) = m else { continue };
        let v: Value = serde_json::from_str(&t).unwrap();
        if v["id"] == json!(3) || v["id"] == json!(4) {
            answers.push(v);
        }
    }
    assert_eq!(error_of(&answers[0]).2, "subscription not found");
    assert_eq!(answers[1]["result"], json!({}));

    // Conformance: every endpoint's answer against the OpenAPI spec.
    let mut spec: Value = serde_yaml::from_str(SPEC).unwrap();
    correct_spec(&mut spec);
    let hash = format!("0x{}", b3.block_id.hash);
    let ok_calls = [
        ("/health", String::new()),
        ("/status", String::new()),
        ("/net_info", String::new()),
        ("/blockchain", "?minHeight=1&maxHeight=3".into()),
        ("/header", "?height=3".into()),
        ("/header_by_hash", format!("?hash={hash}")),
        ("/block", "?height=3".into()),
        ("/block", "?height=1".into()),
        ("/block_by_hash", format!("?hash={hash}")),
        ("/block_results", "?height=3".into()),
        ("/commit", "?height=3".into()),
        ("/validators", "?height=3&page=1&per_page=2".into()),
        ("/genesis", String::new()),
        ("/genesis_chunked", "?chunk=0".into()),
        ("/dump_consensus_state", String::new()),
        ("/consensus_state", String::new()),
        ("/consensus_params", "?height=3".into()),
        ("/unconfirmed_txs", "?limit=5".into()),
        ("/num_unconfirmed_txs", String::new()),
        ("/abci_info", String::new()),
        ("/abci_query", "?path=%22/store%22&data=0x01".into()),
    ];
    let mut failures = Vec::new();
    for (path, query) in &ok_calls {
        let (code, body) = get(port, &format!("{path}{query}")).await;
        assert_eq!(code, 200, "{path}{query}: {body}");
        if let Err(e) = conforms(&spec, path, "200", &body) {
            failures.push(e);
        }
    }
    let err_calls = [
        ("/broadcast_tx_sync", "?tx=0x01"),
        ("/broadcast_tx_async", "?tx=0x01"),
        ("/broadcast_tx_commit", "?tx=0x01"),
        ("/check_tx", "?tx=0x01"),
        ("/broadcast_evidence", ""),
        ("/block", "?height=999999"),
    ];
    for (path, query) in &err_calls {
        let (code, body) = get(port, &format!("{path}{query}")).await;
        assert_eq!(code, 500, "{path}{query}: {body}");
        if let Err(e) = conforms(&spec, path, "500", &body) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
