//! CometBFT 0.38's RPC server: `GET /<method>?<params>`, JSON-RPC 2.0 `POST /` (single and
//! batch) and `/websocket` (JSON-RPC plus event subscriptions), with CometBFT's routes, error
//! objects and HTTP status codes.
//!
//! Transport rules follow `rpc/jsonrpc/server/` of CometBFT v0.38.x:
//! - `http_uri_handler.go`: URI arguments are parsed per Go type (integers bare or quoted,
//!   `0x` hex for byte slices, quoted strings); any error answers HTTP 500, a ws-only method
//!   over GET answers 404 with "Method not found".
//! - `http_json_handler.go`: a body that is a JSON array is a batch; requests without `id` are
//!   notifications and get no answer; a batch of one is answered by a bare object
//!   (`writeRPCResponseHTTP`); a body that is not JSON answers HTTP 500 "Parse error"; any
//!   path but `/` answers Go's plain 404.
//! - `libs/json/decoder.go`: 64-bit integers in JSON params must be strings.
//!
//! Bodies are built from `tendermint-rpc` 0.40 response types where they exist (see
//! `methods.rs`), so this server and the project's readers share one schema.

mod args;
mod methods;
mod ws;

use super::shared::Shared;
use args::Args;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State, WebSocketUpgrade};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use serde_json::{json, Value};
use std::sync::Arc;
use tendermint_rpc::response::Wrapper;
use tendermint_rpc::response_error::{Code, ResponseError};
use tendermint_rpc::Id;

/// A JSON-RPC error as `rpc/jsonrpc/types/types.go` builds them.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RpcError {
    #[error("Parse error. Invalid JSON: {0}")]
    Parse(String),
    #[error("Method not found")]
    MethodNotFound,
    #[error("Invalid params: {0}")]
    InvalidParams(String),
    #[error("Internal error: {0}")]
    Internal(String),
}

impl RpcError {
    /// The same error as tendermint-rpc's type, whose `Code` names the message CometBFT
    /// writes for each code.
    fn response_error(&self) -> ResponseError {
        let (code, data) = match self {
            RpcError::Parse(d) => (Code::ParseError, d.as_str()),
            RpcError::MethodNotFound => (Code::MethodNotFound, ""),
            RpcError::InvalidParams(d) => (Code::InvalidParams, d.as_str()),
            RpcError::Internal(d) => (Code::InternalError, d.as_str()),
        };
        ResponseError::new(code, (!data.is_empty()).then(|| data.to_string()))
    }

    fn internal(e: impl std::fmt::Display) -> RpcError {
        RpcError::Internal(e.to_string())
    }
}

/// Every method of `rpc/core/routes.go` that a node without an ABCI app or tx indexer can
/// serve, with its argument names in CometBFT's order (positional JSON-RPC params map onto
/// them). `tx`, `tx_search` and `block_search` need the indexer, which this node has not (as
/// a real node with `tx_index.indexer = "null"`), and answer its errors from `methods.rs`.
const ROUTES: &[(&str, &[&str])] = &[
    ("health", &[]),
    ("status", &[]),
    ("net_info", &[]),
    ("blockchain", &["minHeight", "maxHeight"]),
    ("genesis", &[]),
    ("genesis_chunked", &["chunk"]),
    ("block", &["height"]),
    ("block_by_hash", &["hash"]),
    ("block_results", &["height"]),
    ("commit", &["height"]),
    ("header", &["height"]),
    ("header_by_hash", &["hash"]),
    ("check_tx", &["tx"]),
    ("tx", &["hash", "prove"]),
    ("tx_search", &["query", "prove", "page", "per_page", "order_by"]),
    ("block_search", &["query", "page", "per_page", "order_by"]),
    ("validators", &["height", "page", "per_page"]),
    ("dump_consensus_state", &[]),
    ("consensus_state", &[]),
    ("consensus_params", &["height"]),
    ("unconfirmed_txs", &["limit"]),
    ("num_unconfirmed_txs", &[]),
    ("broadcast_tx_commit", &["tx"]),
    ("broadcast_tx_sync", &["tx"]),
    ("broadcast_tx_async", &["tx"]),
    ("abci_query", &["path", "data", "height", "prove"]),
    ("abci_info", &[]),
    ("broadcast_evidence", &["evidence"]),
];

/// Methods only the websocket serves (`rpc.NewWSRPCFunc`).
const WS_ROUTES: &[(&str, &[&str])] =
    &[("subscribe", &["query"]), ("unsubscribe", &["query"]), ("unsubscribe_all", &[])];

fn arg_names(method: &str, ws: bool) -> Option<&'static [&'static str]> {
    let found = ROUTES.iter().find(|(m, _)| *m == method);
    let found = if ws { found.or_else(|| WS_ROUTES.iter().find(|(m, _)| *m == method)) } else { found };
    found.map(|(_, a)| *a)
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", any(json_rpc))
        .route("/websocket", get(websocket))
        .route("/{method}", get(uri))
        .fallback(not_found)
        .with_state(shared)
}

/// Go's `http.NotFound`, which CometBFT's mux answers for any unknown path.
async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "404 page not found\n")
        .into_response()
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

/// The JSON-RPC envelope, serialised from tendermint-rpc's `Wrapper` and patched where it
/// writes what CometBFT does not. `rpc/jsonrpc/types/types.go`: RPCResponse's `result` and
/// `error` and RPCError's `data` are all `omitempty`, where `Wrapper` writes `"error": null`
/// beside a result, `"result": null` beside an error, and `"data": null`. A successful
/// `null` result (a `commit` above the store) is CometBFT's `"result": null` and stays.
/// The id is echoed as the client sent it, which `Id` (number, string or null) cannot hold
/// for every request this server answers.
fn envelope(id: &Value, result: &Result<Value, RpcError>) -> Value {
    let wrapper = match result {
        Ok(r) => Wrapper::new_with_id(Id::None, Some(r.clone()), None),
        Err(e) => Wrapper::new_with_id(Id::None, None, Some(e.response_error())),
    };
    let mut v = serde_json::to_value(&wrapper).unwrap_or_else(
        |e| json!({"jsonrpc": "2.0", "error": {"code": -32603, "message": "Internal error", "data": e.to_string()}}),
    );
    if let Some(o) = v.as_object_mut() {
        o.insert("id".into(), id.clone());
        o.remove(if result.is_ok() { "error" } else { "result" });
        if let Some(Value::Object(err)) = o.get_mut("error") {
            if err.get("data").is_some_and(Value::is_null) {
                err.remove("data");
            }
        }
    }
    v
}

async fn uri(State(s): State<Arc<Shared>>, Path(method): Path<String>, RawQuery(q): RawQuery) -> Response {
    let id = json!(-1);
    if WS_ROUTES.iter().any(|(m, _)| *m == method) {
        return json_response(StatusCode::NOT_FOUND, &envelope(&id, &Err(RpcError::MethodNotFound)));
    }
    let Some(names) = arg_names(&method, false) else { return not_found().await };
    let args = match Args::from_query(q.as_deref().unwrap_or(""), names) {
        Ok(a) => a,
        Err(e) => {
            let e = RpcError::InvalidParams(format!("error converting http params to arguments: {e}"));
            return json_response(StatusCode::INTERNAL_SERVER_ERROR, &envelope(&id, &Err(e)));
        }
    };
    let result = methods::call(&s, &method, &args).map_err(|e| match e {
        RpcError::InvalidParams(d) => {
            RpcError::InvalidParams(format!("error converting http params to arguments: {d}"))
        }
        other => other,
    });
    let status = if result.is_ok() { StatusCode::OK } else { StatusCode::INTERNAL_SERVER_ERROR };
    json_response(status, &envelope(&id, &result))
}

/// One JSON-RPC request object of a POST body or a websocket message; `None` for a
/// notification (no `id`), which gets no answer.
fn answer(s: &Shared, req: &Value, ws: bool) -> Option<Value> {
    let id = match req.get("id") {
        None | Some(Value::Null) => return None,
        Some(id) => id.clone(),
    };
    Some(envelope(&id, &call_request(s, req, ws)))
}

fn call_request(s: &Shared, req: &Value, ws: bool) -> Result<Value, RpcError> {
    let method = req.get("method").and_then(Value::as_str).unwrap_or("");
    let names = arg_names(method, ws).ok_or(RpcError::MethodNotFound)?;
    let args = Args::from_json(req.get("params"), names)
        .map_err(|e| RpcError::InvalidParams(format!("error converting json params to arguments: {e}")))?;
    methods::call(s, method, &args).map_err(|e| match e {
        RpcError::InvalidParams(d) => {
            RpcError::InvalidParams(format!("error converting json params to arguments: {d}"))
        }
        other => other,
    })
}

async fn json_rpc(State(s): State<Arc<Shared>>, body: Bytes) -> Response {
    if body.is_empty() {
        // `writeListOfEndpoints`: a browser's GET / lists the routes.
        let mut html = String::from("<html><body><br>Available endpoints:<br>");
        for (m, _) in ROUTES {
            html.push_str(&format!("<a href=\"//{m}\">//{m}</a></br>"));
        }
        html.push_str("</body></html>");
        return (StatusCode::OK, [(header::CONTENT_TYPE, "text/html")], html).into_response();
    }
    let parsed: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            let e = RpcError::Parse(format!("error unmarshaling request: {e}"));
            return json_response(StatusCode::INTERNAL_SERVER_ERROR, &envelope(&Value::Null, &Err(e)));
        }
    };
    let requests: Vec<Value> = match parsed {
        Value::Array(a) => a,
        other => vec![other],
    };
    let responses: Vec<Value> = requests.iter().filter_map(|r| answer(&s, r, false)).collect();
    match responses.len() {
        0 => StatusCode::OK.into_response(),
        1 => json_response(StatusCode::OK, &responses[0]),
        _ => json_response(StatusCode::OK, &Value::Array(responses)),
    }
}

async fn websocket(State(s): State<Arc<Shared>>, upgrade: WebSocketUpgrade) -> Response {
    upgrade.on_upgrade(move |socket| ws::serve(s, socket))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_omits_what_cometbft_omits() {
        let ok = envelope(&json!(7), &Ok(json!({"a": 1})));
        assert_eq!(ok, json!({"jsonrpc": "2.0", "id": 7, "result": {"a": 1}}));
        // A null result is a result (CometBFT's `commit` above the store), not an omission.
        let null = envelope(&json!("x"), &Ok(Value::Null));
        assert_eq!(null, json!({"jsonrpc": "2.0", "id": "x", "result": null}));
        let no_data = envelope(&json!(-1), &Err(RpcError::MethodNotFound));
        assert_eq!(
            no_data,
            json!({"jsonrpc": "2.0", "id": -1, "error": {"code": -32601, "message": "Method not found"}})
        );
        let with_data = envelope(&Value::Null, &Err(RpcError::Internal("boom".into())));
        assert_eq!(
            with_data,
            json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32603, "message": "Internal error", "data": "boom"}})
        );
    }

    #[test]
    fn error_codes_and_messages_are_cometbft_s() {
        let cases = [
            (RpcError::Parse("p".into()), -32700, "Parse error. Invalid JSON"),
            (RpcError::InvalidParams("i".into()), -32602, "Invalid params"),
        ];
        for (e, code, message) in cases {
            let v = envelope(&json!(1), &Err(e));
            assert_eq!(v["error"]["code"], json!(code));
            assert_eq!(v["error"]["message"], json!(message));
        }
    }
}
