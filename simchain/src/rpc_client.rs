//! A CometBFT RPC client: tendermint-rpc's own requests and response types (its `Client` trait
//! and every endpoint's schema) over the workspace's one HTTP client (reqwest 0.12), instead of
//! the one tendermint-rpc's `http-client` feature would bring (reqwest 0.11). `simchaind
//! status`, the harness's checks and sampler, and the tests read every answer through
//! tendermint-rpc's schema, so a node that writes CometBFT's JSON wrong fails them as it would
//! fail a real client.

use std::num::NonZeroU16;
use std::time::Duration;
use tendermint_rpc::{Error, Response, SimpleRequest};

/// tendermint-rpc's `HttpClient` default: from connecting until the whole body is read.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a client could not be made for a URL.
#[derive(Debug, thiserror::Error)]
pub enum RpcUrlError {
    #[error("{url}: not a URL: {reason}")]
    NotAUrl { url: String, reason: String },
    #[error("{url}: scheme {scheme:?}: a node's RPC is plain http here")]
    Scheme { url: String, scheme: String },
    #[error("{url}: {reason}")]
    Client { url: String, reason: String },
}

/// A JSON-RPC client of one node (CometBFT 0.38's dialect, tendermint-rpc's latest).
#[derive(Debug, Clone)]
pub struct RpcClient {
    http: reqwest::Client,
    url: reqwest::Url,
}

impl RpcClient {
    /// A client of the node at `url` (`http://host:port`).
    pub fn new(url: &str) -> Result<RpcClient, RpcUrlError> {
        RpcClient::with_timeout(url, DEFAULT_TIMEOUT)
    }

    /// The same, with each request given at most `timeout`.
    pub fn with_timeout(url: &str, timeout: Duration) -> Result<RpcClient, RpcUrlError> {
        let parsed =
            reqwest::Url::parse(url).map_err(|e| RpcUrlError::NotAUrl { url: url.into(), reason: e.to_string() })?;
        if parsed.scheme() != "http" {
            return Err(RpcUrlError::Scheme { url: url.into(), scheme: parsed.scheme().into() });
        }
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .map_err(|e| RpcUrlError::Client { url: url.into(), reason: e.to_string() })?;
        Ok(RpcClient { http, url: parsed })
    }
}

#[async_trait::async_trait]
impl tendermint_rpc::client::Client for RpcClient {
    /// What tendermint-rpc's `HttpClient` does: POST the request's JSON, and read a 200 answer
    /// with the endpoint's own response type.
    async fn perform<R>(&self, request: R) -> Result<R::Output, Error>
    where
        R: SimpleRequest,
    {
        let failed = |e: reqwest::Error| Error::client_internal(format!("POST {}: {e}", self.url));
        let response = self
            .http
            .post(self.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(request.into_json())
            .send()
            .await
            .map_err(failed)?;
        let status = response.status();
        let body = response.bytes().await.map_err(failed)?;
        // A non-200 answer is not JSON-RPC at all (tendermint-rpc's reading, too).
        if status != reqwest::StatusCode::OK {
            let code = NonZeroU16::new(status.as_u16()).unwrap_or(NonZeroU16::MIN);
            return Err(Error::http_request_failed(code));
        }
        R::Response::from_string(&body).map(Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;
    use tendermint_rpc::client::Client;

    /// A one-request HTTP server answering `status` and `body`; returns its URL and, once
    /// served, the request it read.
    fn serve_once(status: &str, body: &str) -> (String, std::thread::JoinHandle<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let answer = format!("HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
        let handle = std::thread::spawn(move || {
            let (stream, _) = listener.accept().expect("accept");
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut head = String::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).expect("read");
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().expect("length");
                }
                head.push_str(&line);
                if line == "\r\n" {
                    break;
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).expect("body");
            (&stream).write_all(answer.as_bytes()).expect("write");
            head + &String::from_utf8_lossy(&body)
        });
        (url, handle)
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
    }

    // CometBFT 0.38's own /abci_info answer (JSON-RPC 2.0, the response under "result").
    const ABCI_INFO: &str = r#"{"jsonrpc":"2.0","id":-1,"result":{"response":{"data":"simchain","version":"0.1.0","app_version":"1","last_block_height":"7","last_block_app_hash":"AAAA"}}}"#;

    #[test]
    fn a_request_goes_out_as_json_rpc_and_the_answer_is_read_by_its_schema() {
        let (url, served) = serve_once("200 OK", ABCI_INFO);
        let info = runtime().block_on(RpcClient::new(&url).expect("client").abci_info()).expect("abci_info");
        assert_eq!((info.data.as_str(), info.last_block_height.value()), ("simchain", 7));
        let request = served.join().expect("server");
        assert!(request.starts_with("POST / HTTP/1.1\r\n"), "{request}");
        assert!(request.to_ascii_lowercase().contains("content-type: application/json"), "{request}");
        let (_, body) = request.split_once("\r\n\r\n").expect("a body");
        let body: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
        assert_eq!((&body["jsonrpc"], &body["method"]), (&"2.0".into(), &"abci_info".into()), "{body}");
    }

    #[test]
    fn an_answer_off_the_schema_is_an_error() {
        let (url, _served) =
            serve_once("200 OK", r#"{"jsonrpc":"2.0","id":-1,"result":{"response":{"last_block_height":"seven"}}}"#);
        let e = runtime().block_on(RpcClient::new(&url).expect("client").abci_info()).expect_err("bad height");
        assert!(e.to_string().contains("parse error") || e.to_string().contains("serde"), "{e}");
    }

    #[test]
    fn a_non_200_answer_is_an_error_naming_the_status() {
        let (url, _served) = serve_once("503 Service Unavailable", ABCI_INFO);
        let e = runtime().block_on(RpcClient::new(&url).expect("client").abci_info()).expect_err("503");
        assert!(e.to_string().contains("503"), "{e}");
    }

    #[test]
    fn nothing_listening_is_an_error_naming_the_url() {
        let port = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
        let url = format!("http://127.0.0.1:{port}");
        let e = runtime().block_on(RpcClient::new(&url).expect("client").abci_info()).expect_err("closed port");
        assert!(e.to_string().contains(&url), "{e}");
    }

    #[test]
    fn only_plain_http_urls_are_taken() {
        for url in ["127.0.0.1:26657", "https://127.0.0.1:26657", "tcp://127.0.0.1:26657"] {
            let e = RpcClient::new(url).expect_err(url).to_string();
            assert!(e.contains(url), "{e}");
        }
    }
}
