//! `/websocket`: JSON-RPC requests over a websocket (`rpc/jsonrpc/server/ws_handler.go`) plus
//! event subscriptions (`rpc/core/events.go`). Events are published for every stored block
//! as `types/event_bus.go` publishes them: `NewBlock` (data `EventDataNewBlock`, events
//! `tm.event` plus the block's FinalizeBlock events, none here) and `NewBlockHeader` (data
//! `EventDataNewBlockHeader`), each answered with the subscribe request's id as
//! `ctypes.ResultEvent {query, data, events}`.

use super::methods::{b64, block_json};
use super::RpcError;
use crate::node::shared::Shared;
use axum::extract::ws::{Message, WebSocket};
use serde_json::{json, Value};
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;

/// `config.toml` `[rpc]` max_subscriptions_per_client default.
const MAX_SUBSCRIPTIONS_PER_CLIENT: usize = 5;
/// `rpc/core/events.go` maxQueryLength.
const MAX_QUERY_LENGTH: usize = 512;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    NewBlock,
    NewBlockHeader,
}

/// What a subscription listens to: the event the query names (`tm.event = 'X'`), or nothing
/// this node publishes (a valid query over other events, e.g. `Tx`, that never fires here).
#[derive(Debug, Clone, PartialEq)]
pub struct Subscription {
    pub query: String,
    pub id: Value,
    pub kind: Option<EventKind>,
}

/// The subset of `libs/pubsub/query` syntax this node evaluates: `tm.event` compared for
/// equality with a quoted string. Anything else must at least look like a query
/// (`key op value`), or it is refused as CometBFT's parser refuses it.
pub fn parse_query(q: &str) -> Result<Option<EventKind>, String> {
    let compact: String = q.chars().filter(|c| !c.is_whitespace()).collect();
    match compact.as_str() {
        "tm.event='NewBlock'" => return Ok(Some(EventKind::NewBlock)),
        "tm.event='NewBlockHeader'" => return Ok(Some(EventKind::NewBlockHeader)),
        _ => {}
    }
    let ops = ["<=", ">=", "=", "<", ">", " CONTAINS ", " EXISTS"];
    if q.trim().is_empty() || !ops.iter().any(|op| q.contains(op)) {
        return Err(format!("failed to parse query: unexpected token in {q:?}"));
    }
    Ok(None)
}

fn event_message(s: &Shared, sub: &Subscription, kind: EventKind, height: u64) -> Result<Option<Value>, RpcError> {
    let Some(block) = s.store.block(height).map_err(RpcError::internal)? else { return Ok(None) };
    let data = match kind {
        EventKind::NewBlock => {
            let id = consensus::block_id(&block).map_err(RpcError::internal)?;
            // abci.ResponseFinalizeBlock's JSON tags are all omitempty: with no events, no
            // tx results and no updates only the app hash remains.
            let app_hash = block.header.app_hash.as_bytes().to_vec();
            let result = if app_hash.is_empty() { json!({}) } else { json!({"app_hash": b64(&app_hash)}) };
            json!({"type": "tendermint/event/NewBlock", "value": {
                "block": block_json(&block)?,
                "block_id": serde_json::to_value(id).map_err(RpcError::internal)?,
                "result_finalize_block": result,
            }})
        }
        EventKind::NewBlockHeader => json!({"type": "tendermint/event/NewBlockHeader", "value": {
            "header": serde_json::to_value(&block.header).map_err(RpcError::internal)?,
        }}),
    };
    let name = match kind {
        EventKind::NewBlock => "NewBlock",
        EventKind::NewBlockHeader => "NewBlockHeader",
    };
    Ok(Some(json!({"jsonrpc": "2.0", "id": sub.id, "result": {
        "query": sub.query, "data": data, "events": {"tm.event": [name]},
    }})))
}

fn reply(id: &Value, r: Result<Value, RpcError>) -> Value {
    super::envelope(id, &r)
}

fn query_arg(req: &Value) -> Result<String, RpcError> {
    let names: &[&str] = &["query"];
    let args = super::args::Args::from_json(req.get("params"), names)
        .map_err(|e| RpcError::InvalidParams(format!("error converting json params to arguments: {e}")))?;
    args.string("query")
        .map_err(|e| RpcError::InvalidParams(format!("error converting json params to arguments: {e}")))
        .map(Option::unwrap_or_default)
}

/// One request on the socket; `None` for a notification.
fn handle(s: &Shared, subs: &mut Vec<Subscription>, req: &Value) -> Option<Value> {
    let id = match req.get("id") {
        None | Some(Value::Null) => return None,
        Some(id) => id.clone(),
    };
    let method = req.get("method").and_then(Value::as_str).unwrap_or("");
    let r = match method {
        "subscribe" => query_arg(req).and_then(|q| {
            if q.len() > MAX_QUERY_LENGTH {
                return Err(RpcError::Internal("maximum query length exceeded".into()));
            }
            if subs.len() >= MAX_SUBSCRIPTIONS_PER_CLIENT {
                return Err(RpcError::Internal(format!(
                    "max_subscriptions_per_client {MAX_SUBSCRIPTIONS_PER_CLIENT} reached"
                )));
            }
            let kind = parse_query(&q).map_err(RpcError::Internal)?;
            if subs.iter().any(|x| x.query == q) {
                return Err(RpcError::Internal("already subscribed".into()));
            }
            subs.push(Subscription { query: q, id: id.clone(), kind });
            Ok(json!({}))
        }),
        "unsubscribe" => query_arg(req).and_then(|q| {
            parse_query(&q).map_err(RpcError::Internal)?;
            let before = subs.len();
            subs.retain(|x| x.query != q);
            if subs.len() == before {
                return Err(RpcError::Internal("subscription not found".into()));
            }
            Ok(json!({}))
        }),
        "unsubscribe_all" => {
            if subs.is_empty() {
                Err(RpcError::Internal("subscription not found".into()))
            } else {
                subs.clear();
                Ok(json!({}))
            }
        }
        _ => return super::answer(s, req, true),
    };
    Some(reply(&id, r))
}

pub async fn serve(s: Arc<Shared>, mut socket: WebSocket) {
    let mut blocks = s.new_blocks.subscribe();
    let mut subs: Vec<Subscription> = Vec::new();
    loop {
        tokio::select! {
            msg = socket.recv() => {
                let text = match msg {
                    Some(Ok(Message::Text(t))) => t.to_string(),
                    Some(Ok(Message::Binary(b))) => String::from_utf8_lossy(&b).into_owned(),
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return,
                };
                let out = match serde_json::from_str::<Value>(&text) {
                    // ws_handler.go answers requests one at a time; a batch is not a request.
                    Ok(req @ Value::Object(_)) => handle(&s, &mut subs, &req),
                    Ok(_) => Some(reply(&Value::Null, Err(RpcError::Parse("error unmarshaling request: not an object".into())))),
                    Err(e) => Some(reply(&Value::Null, Err(RpcError::Parse(format!("error unmarshaling request: {e}"))))),
                };
                if let Some(out) = out {
                    if socket.send(Message::Text(out.to_string().into())).await.is_err() {
                        return;
                    }
                }
            }
            h = blocks.recv() => {
                let h = match h {
                    Ok(h) => h,
                    // A client too slow for the backlog: CometBFT cancels it ("slow client").
                    Err(RecvError::Lagged(_)) => {
                        for sub in &subs {
                            let e = RpcError::Internal("subscription was canceled (reason: slow client)".into());
                            let _ = socket.send(Message::Text(reply(&sub.id, Err(e)).to_string().into())).await;
                        }
                        return;
                    }
                    Err(RecvError::Closed) => return,
                };
                for sub in subs.clone() {
                    let Some(kind) = sub.kind else { continue };
                    match event_message(&s, &sub, kind, h) {
                        Ok(Some(m)) => {
                            if socket.send(Message::Text(m.to_string().into())).await.is_err() {
                                return;
                            }
                        }
                        Ok(None) => {}
                        Err(e) => tracing::warn!("websocket event for height {h}: {e}"),
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries() {
        assert_eq!(parse_query("tm.event='NewBlock'"), Ok(Some(EventKind::NewBlock)));
        assert_eq!(parse_query("tm.event = 'NewBlockHeader'"), Ok(Some(EventKind::NewBlockHeader)));
        assert_eq!(parse_query("tm.event='Tx' AND tx.height=5"), Ok(None));
        assert!(parse_query("garbage").is_err());
    }
}
