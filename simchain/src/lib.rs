//! The stand-in daemon's pieces other crates may read: its keyring, whose record format the
//! harness's leak audit must understand without copying it, and the RPC client `simchaind
//! status` and the harness both read nodes with.

pub mod keyring;
pub mod rpc_client;

/// The settings of the daemon this crate stands in for, `inferenced`: coin type 1200 wherever a
/// key is derived, one ngonka per unit of consensus power. The harness reads them from here.
pub const CHAIN: cosmos_formats::ChainSettings = cosmos_formats::ChainSettings::INFERENCED;
