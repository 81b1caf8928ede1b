//! The per-validator manifest, `validators/<name>/manifest.json`, written at keygen.
//!
//! It lets the coordinator build `persistent_peers` and check roles without asking anyone for
//! more input. Format (one JSON object, all fields required):
//!
//! ```json
//! {"name":"alice","index":0,"role":"coordinator","p2p_external_address":"host.docker.internal:26656",
//!  "node_id":"0772f16cc65cb4d19341b192bd7eba964f11d124","chain_id":"gonka-mainnet"}
//! ```
//!
//! `name` is the `KEY_NAME` (= moniker = the directory name), `index` the `GENESIS_INDEX`,
//! `role` follows from it, `p2p_external_address` is `P2P_EXTERNAL_ADDRESS` as `host:port`,
//! `node_id` equals `node_id.txt`. Nothing in it is secret.

use crate::domain::{GenesisIndex, HostPort, KeyName, Role};
use cosmos_formats::NodeId;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub name: KeyName,
    pub index: GenesisIndex,
    pub role: Role,
    pub p2p_external_address: HostPort,
    pub node_id: NodeId,
    pub chain_id: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Json {
    name: String,
    index: u32,
    role: Role,
    p2p_external_address: String,
    node_id: String,
    chain_id: String,
}

impl Manifest {
    pub fn to_json(&self) -> String {
        let j = Json {
            name: self.name.to_string(),
            index: self.index.0,
            role: self.role,
            p2p_external_address: self.p2p_external_address.to_string(),
            node_id: self.node_id.to_string(),
            chain_id: self.chain_id.clone(),
        };
        let mut s = serde_json::to_string_pretty(&j).unwrap_or_default();
        s.push('\n');
        s
    }

    pub fn parse(text: &str) -> Result<Manifest, String> {
        let j: Json = serde_json::from_str(text).map_err(|e| format!("not a manifest: {e}"))?;
        let index = GenesisIndex(j.index);
        if Role::of_index(index) != j.role {
            return Err(format!("role {} disagrees with index {}", j.role, j.index));
        }
        Ok(Manifest {
            name: j.name.parse().map_err(|e| format!("name: {e}"))?,
            index,
            role: j.role,
            p2p_external_address: HostPort::parse(&j.p2p_external_address)
                .map_err(|e| format!("p2p_external_address: {e}"))?,
            node_id: j.node_id.parse().map_err(|e: cosmos_formats::NodeIdError| e.to_string())?,
            chain_id: j.chain_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_a_role_that_contradicts_the_index() {
        let m = Manifest {
            name: "alice".parse().unwrap(),
            index: GenesisIndex(0),
            role: Role::Coordinator,
            p2p_external_address: HostPort::parse("tcp://h:26656").unwrap(),
            node_id: "0772f16cc65cb4d19341b192bd7eba964f11d124".parse().unwrap(),
            chain_id: "gonka-mainnet".into(),
        };
        assert_eq!(Manifest::parse(&m.to_json()).unwrap(), m);
        let forged = m.to_json().replace("\"coordinator\"", "\"validator\"");
        assert!(Manifest::parse(&forged).unwrap_err().contains("disagrees"));
    }
}
