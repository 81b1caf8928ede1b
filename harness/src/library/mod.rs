//! The top layer: the command line's types (cli), the state file and control protocol
//! (state), a testnet from a spec (testnet).

pub mod cli;
pub mod state;
pub mod testnet;
