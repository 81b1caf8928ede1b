//! Block-sync messages on CometBFT's blocksync channel (0x40).
//!
//! CometBFT ships the commit of block H inside block H+1, so a node can only sync up to one
//! block below the tip. We send each block with the commit that decided it, which lets a
//! restarted node catch up to the very tip and then vote.

use prost::Message;
use tendermint::block::{Block, Commit};
use tendermint_proto::v0_38::types::{Block as RawBlock, Commit as RawCommit};

pub const CHANNEL: u8 = 0x40;

#[derive(Clone, PartialEq, prost::Message)]
struct Envelope {
    #[prost(oneof = "Sum", tags = "1, 2, 3, 4")]
    sum: Option<Sum>,
}

#[allow(clippy::large_enum_variant)]
#[derive(Clone, PartialEq, prost::Oneof)]
enum Sum {
    #[prost(message, tag = "1")]
    Status(RawStatus),
    #[prost(message, tag = "2")]
    Request(RawRequest),
    #[prost(message, tag = "3")]
    Response(RawResponse),
    #[prost(message, tag = "4")]
    NoBlock(RawRequest),
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawStatus {
    #[prost(uint64, tag = "1")]
    base: u64,
    #[prost(uint64, tag = "2")]
    height: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawRequest {
    #[prost(uint64, tag = "1")]
    height: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawResponse {
    #[prost(message, optional, tag = "1")]
    block: Option<RawBlock>,
    #[prost(message, optional, tag = "2")]
    commit: Option<RawCommit>,
}

#[derive(Clone, Debug)]
pub enum SyncMessage {
    /// The sender has blocks `base..=height`.
    Status {
        base: u64,
        height: u64,
    },
    Request {
        height: u64,
    },
    Response {
        block: Box<Block>,
        commit: Box<Commit>,
    },
    NoBlock {
        height: u64,
    },
}

impl SyncMessage {
    pub fn encode(&self) -> Vec<u8> {
        let sum = match self {
            SyncMessage::Status { base, height } => Sum::Status(RawStatus { base: *base, height: *height }),
            SyncMessage::Request { height } => Sum::Request(RawRequest { height: *height }),
            SyncMessage::NoBlock { height } => Sum::NoBlock(RawRequest { height: *height }),
            SyncMessage::Response { block, commit } => Sum::Response(RawResponse {
                // Not `RawBlock::from`: tendermint-rs loses DuplicateVoteEvidence.validator_power.
                block: Some(consensus::raw_block(block)),
                commit: Some(RawCommit::from((**commit).clone())),
            }),
        };
        Envelope { sum: Some(sum) }.encode_to_vec()
    }

    pub fn decode(bytes: &[u8]) -> Result<SyncMessage, String> {
        let env = Envelope::decode(bytes).map_err(|e| e.to_string())?;
        Ok(match env.sum.ok_or("empty sync message")? {
            Sum::Status(s) => SyncMessage::Status { base: s.base, height: s.height },
            Sum::Request(r) => SyncMessage::Request { height: r.height },
            Sum::NoBlock(r) => SyncMessage::NoBlock { height: r.height },
            Sum::Response(r) => {
                let block = Block::try_from(r.block.ok_or("response without block")?).map_err(|e| e.to_string())?;
                let commit = Commit::try_from(r.commit.ok_or("response without commit")?).map_err(|e| e.to_string())?;
                SyncMessage::Response { block: Box::new(block), commit: Box::new(commit) }
            }
        })
    }
}
