//! CometBFT's JSON-RPC over HTTP: `GET /<method>?<params>` and `POST /` with a JSON-RPC body.
//! Response bodies are built from tendermint-rs types, so the `tendermint-rpc` client (and so
//! the harness) reads them exactly as it reads a real node's.

use super::shared::Shared;
use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use tendermint::block;

type Params = HashMap<String, Value>;

#[derive(Debug)]
struct RpcError(String);

pub fn router(shared: Arc<Shared>) -> Router {
    let route = |method: &'static str| {
        get(move |State(s): State<Arc<Shared>>, Query(q): Query<HashMap<String, String>>| async move {
            let params: Params =
                q.into_iter().map(|(k, v)| (k, Value::String(v.trim_matches('"').to_string()))).collect();
            Json(envelope(json!(-1), dispatch(&s, method, &params)))
        })
    };
    Router::new()
        .route("/", post(json_rpc))
        .route("/health", route("health"))
        .route("/status", route("status"))
        .route("/net_info", route("net_info"))
        .route("/block", route("block"))
        .route("/commit", route("commit"))
        .route("/validators", route("validators"))
        .route("/genesis", route("genesis"))
        .with_state(shared)
}

async fn json_rpc(State(s): State<Arc<Shared>>, Json(req): Json<Value>) -> Json<Value> {
    let id = req.get("id").cloned().unwrap_or(Value::Null);
    let method = req.get("method").and_then(Value::as_str).unwrap_or("");
    let params: Params = match req.get("params") {
        Some(Value::Object(m)) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        _ => Params::new(),
    };
    Json(envelope(id, dispatch(&s, method, &params)))
}

fn envelope(id: Value, result: Result<Value, RpcError>) -> Value {
    match result {
        Ok(r) => json!({"jsonrpc": "2.0", "id": id, "result": r}),
        Err(RpcError(data)) => {
            json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32603, "message": "Internal error", "data": data}})
        }
    }
}

fn dispatch(s: &Shared, method: &str, p: &Params) -> Result<Value, RpcError> {
    match method {
        "health" => Ok(json!({})),
        "status" => Ok(status(s)),
        "net_info" => Ok(net_info(s)),
        "block" => block(s, p),
        "commit" => commit(s, p),
        "validators" => validators(s, p),
        "genesis" => Ok(json!({"genesis": s.genesis_doc})),
        other => Err(RpcError(format!("method {other:?} not found"))),
    }
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn status(s: &Shared) -> Value {
    let st = s.status();
    let tip = |t: &super::shared::Tip| {
        (
            t.hash.map(|h| to_value(&h)).unwrap_or(json!("")),
            t.height.to_string(),
            to_value(&t.time.unwrap_or(s.genesis_time)),
        )
    };
    let (lh, lheight, ltime) = tip(&st.latest);
    let (eh, eheight, etime) = tip(&st.earliest);
    json!({
        "node_info": s.node_info,
        "sync_info": {
            "latest_block_hash": lh, "latest_app_hash": "", "latest_block_height": lheight, "latest_block_time": ltime,
            "earliest_block_hash": eh, "earliest_app_hash": "", "earliest_block_height": eheight, "earliest_block_time": etime,
            "catching_up": st.catching_up
        },
        "validator_info": s.validator_info,
    })
}

fn monitor(start: &Value) -> Value {
    json!({"Active": true, "Start": start, "Duration": "0", "Idle": "0", "Bytes": "0", "Samples": "0", "InstRate": "0",
           "CurRate": "0", "AvgRate": "0", "PeakRate": "0", "BytesRem": "0", "TimeRem": "0", "Progress": 0})
}

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
                .map(|t| to_value(&t))
                .unwrap_or(json!("1970-01-01T00:00:00Z"));
            let nanos = p.connected_since.elapsed().map(|d| d.as_nanos()).unwrap_or(0);
            json!({
                "node_info": super::node_info_json(&p.node_info),
                "is_outbound": p.is_outbound,
                "connection_status": {"Duration": nanos.to_string(), "SendMonitor": monitor(&since), "RecvMonitor": monitor(&since), "Channels": []},
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

fn height_param(s: &Shared, p: &Params) -> Result<u64, RpcError> {
    let latest = s.status().latest.height;
    let h = match p.get("height") {
        None | Some(Value::Null) => return Ok(latest),
        Some(Value::String(x)) if x.is_empty() => return Ok(latest),
        Some(Value::String(x)) => x.parse::<u64>().map_err(|_| RpcError(format!("invalid height {x:?}")))?,
        Some(Value::Number(n)) => n.as_u64().ok_or_else(|| RpcError(format!("invalid height {n}")))?,
        Some(other) => return Err(RpcError(format!("invalid height {other}"))),
    };
    if h == 0 {
        return Err(RpcError("height must be greater than 0, but got 0".into()));
    }
    if h > latest {
        return Err(RpcError(format!(
            "height {h} must be less than or equal to the current blockchain height {latest}"
        )));
    }
    Ok(h)
}

fn block(s: &Shared, p: &Params) -> Result<Value, RpcError> {
    let h = height_param(s, p)?;
    let b = s
        .store
        .block(h)
        .map_err(|e| RpcError(e.to_string()))?
        .ok_or_else(|| RpcError(format!("block {h} not found")))?;
    let id = consensus::block_id(&b).map_err(|e| RpcError(e.to_string()))?;
    // The protobuf block's serde is the domain block's, minus tendermint-rs' loss of
    // DuplicateVoteEvidence.validator_power.
    Ok(json!({"block_id": to_value(&id), "block": to_value(&consensus::raw_block(&b))}))
}

fn commit(s: &Shared, p: &Params) -> Result<Value, RpcError> {
    let h = height_param(s, p)?;
    let b = s
        .store
        .block(h)
        .map_err(|e| RpcError(e.to_string()))?
        .ok_or_else(|| RpcError(format!("block {h} not found")))?;
    let (c, canonical) = s
        .store
        .commit(h)
        .map_err(|e| RpcError(e.to_string()))?
        .ok_or_else(|| RpcError(format!("commit {h} not found")))?;
    Ok(json!({"signed_header": {"header": to_value(&b.header), "commit": to_value(&c)}, "canonical": canonical}))
}

fn validators(s: &Shared, p: &Params) -> Result<Value, RpcError> {
    let h = match height_param(s, p) {
        Ok(h) => h,
        // Before the first block the genesis set is the answer, as CometBFT gives for height 1.
        Err(_) if s.status().latest.height == 0 && !p.contains_key("height") => 1,
        Err(e) => return Err(e),
    };
    let set = s
        .validators
        .at_height(block::Height::try_from(h).map_err(|e| RpcError(e.to_string()))?)
        .map_err(|e| RpcError(e.to_string()))?;
    let list: Vec<Value> = set.validators().iter().map(to_value).collect();
    Ok(
        json!({"block_height": h.to_string(), "validators": list, "count": list.len().to_string(), "total": list.len().to_string()}),
    )
}
