//! Each node listens where its project says, with its published node id, and reaches tmkms where it should.

use super::fail;
use super::Checks;
use crate::HarnessError;
use std::collections::BTreeMap;
use std::path::Path;
use tendermint_rpc::client::Client;

#[derive(Debug)]
pub struct PortsEvidence {
    /// Node → (expected p2p, rpc, tmkms ports; p2p port announced in /status).
    pub nodes: BTreeMap<String, ([u16; 3], u16)>,
}

// One line each, for an operator reading `harness up`'s report; the structs keep the detail.

impl std::fmt::Display for PortsEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let nodes: Vec<String> =
            self.nodes.iter().map(|(n, ([p2p, rpc, kms], _))| format!("{n} {p2p}/{rpc}/{kms}")).collect();
        write!(f, "p2p/rpc/tmkms = base + 10 × index: {}", nodes.join(", "))
    }
}

/// A string value of `config.toml` (`section` empty for the top level).
fn config_value(config: &Path, section: &str, key: &str) -> Result<String, HarnessError> {
    let text = std::fs::read_to_string(config).map_err(crate::error::io(config))?;
    let doc: toml_edit::DocumentMut = text.parse().map_err(|e| fail("ports", format!("{}: {e}", config.display())))?;
    let item = if section.is_empty() { doc.get(key) } else { doc.get(section).and_then(|s| s.get(key)) };
    item.and_then(|v| v.as_str())
        .map(str::to_string)
        .ok_or_else(|| fail("ports", format!("{}: no {section}.{key}", config.display())))
}

impl<'a> Checks<'a> {
    /// What each node listens on is the port plan's BASE + stride × index, held by that
    /// project's own node (its process group's socket; a container's, for docker), not merely
    /// by someone: P2P (also announced in /status), RPC (answering /status with the node id the
    /// project published, `validators/<name>/node_id.txt`) and TMKMS (`priv_validator_laddr`).
    pub fn ports(&self) -> Result<PortsEvidence, HarnessError> {
        let mut nodes = BTreeMap::new();
        for p in &self.net.projects {
            let expected = [p.ports.p2p(p.index), p.ports.rpc(p.index), p.ports.tmkms(p.index)];
            let holds =
                |port| self.net.backend.node_holds(p, port).map_err(|why| fail("ports", format!("{}: {why}", p.name)));
            // The RPC port first: what answers there is only evidence if it is the node.
            holds(expected[1])?;
            let c = self.client(&p.rpc_url())?;
            let st = self
                .rt
                .block_on(c.status())
                .map_err(|e| HarnessError::Rpc { url: p.rpc_url(), reason: e.to_string() })?;
            let published = p.node_id().ok_or_else(|| fail("ports", format!("{}: no node id published", p.name)))?;
            let answered = st.node_info.id.to_string();
            if answered != published {
                return Err(fail(
                    "ports",
                    format!("{}: RPC on {} answers node id {answered}, published {published}", p.name, expected[1]),
                ));
            }
            let announced: u16 =
                st.node_info.listen_addr.as_str().rsplit(':').next().and_then(|x| x.parse().ok()).unwrap_or(0);
            if announced != expected[0] {
                return Err(fail("ports", format!("{}: p2p on {announced}, expected {}", p.name, expected[0])));
            }
            let config = self.net.backend.view(p, crate::backend::files::Home::Node, "config")?;
            let cfg = config.path().join("config.toml");
            let laddr = config_value(&cfg, "", "priv_validator_laddr")?;
            let kms_port: u16 = laddr.rsplit(':').next().and_then(|x| x.parse().ok()).unwrap_or(0);
            if kms_port != expected[2] {
                return Err(fail(
                    "ports",
                    format!("{}: priv_validator_laddr {laddr:?}, expected port {}", p.name, expected[2]),
                ));
            }
            holds(expected[0])?;
            holds(expected[2])?;
            nodes.insert(p.name.clone(), (expected, announced));
        }
        Ok(PortsEvidence { nodes })
    }
}
