//! `harness status`: the running network's node table, read from RPC and files only (the
//! `up` process owns the nodes).

use super::CommandError;
use crate::backend::Observer;
use crate::checks::Checks;
use crate::project::{KeyringBackend, PortPlan};
use crate::report::table::node_table;
use crate::runbook::Network;
use crate::state::UpState;
use std::path::Path;
use std::sync::Arc;

pub fn status(work_dir: &Path) -> Result<(), CommandError> {
    let st = UpState::read(work_dir)?;
    let ports = PortPlan { p2p_base: st.p2p_base, rpc_base: st.rpc_base, tmkms_base: st.tmkms_base, stride: 10 };
    let work = work_dir.canonicalize().map_err(CommandError::io(work_dir))?;
    let hosts = st.hosts.iter().filter_map(|h| h.parse().ok()).collect();
    let net = Network::new(&work, st.validators, ports, Arc::new(Observer { keyring: KeyringBackend::Test, hosts }));
    outln!("harness up (pid {}), work dir {}\n", st.harness_pid, work.display());
    outln!("{}", node_table(&net, &Checks::new(&net)?));
    Ok(())
}
