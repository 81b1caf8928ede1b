//! Cosmos SDK and CometBFT formats that a multi-validator genesis ceremony reads and writes.
//!
//! Everything that crosses a process boundary in the ceremony (a key file, an address, a gentx,
//! a genesis, a checksum list) is parsed here once into a typed value, so the stand-in chain
//! daemon, the runner and the harness agree on one definition of each format — and the runner's
//! `verify` command checks a gentx with exactly the code `collect-gentxs` uses.

pub mod address;
pub mod chain;
pub mod chain_id;
pub mod coin;
pub mod dec;
pub mod duration;
pub mod files;
pub mod genesis;
pub mod genesis_checks;
pub mod genparticipant;
pub mod gentx;
pub mod hd;
pub mod keyfiles;
pub mod keyring_record;
pub mod math_int;
pub mod net;
pub mod node_id;
pub mod pubkey;
pub mod tx;

pub use address::{Address, AddressError};
pub use chain::{ChainSettings, HdPath, PowerReduction};
pub use chain_id::{ChainId, ChainIdError};
pub use coin::{Coin, CoinError, Coins, Denom};
pub use duration::{parse_go_duration, DurationError, GoDuration};
pub use genesis::{Genesis, GenesisError};
pub use gentx::{GenTx, VerifiedGentx};
pub use net::{AddrError, AddrProblem, HostPort, PeerAddr, PeerList, PeerListError, TcpAddr};
pub use node_id::{NodeId, NodeIdError};
pub use pubkey::{AccountPubKey, ConsensusPubKey, PubKeyError};
pub use tx::GentxError;
