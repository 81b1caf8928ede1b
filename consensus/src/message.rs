//! Consensus messages as they travel between nodes (protobuf, CometBFT v0.38 types inside).

use prost::Message as _;
use tendermint::block::Block;
use tendermint::proposal::Proposal;
use tendermint::vote::Vote;
use tendermint_proto::v0_38::types::{Block as RawBlock, Proposal as RawProposal, Vote as RawVote};

use crate::error::Error;

/// A consensus message. A proposal travels with its whole block: blocks are empty and
/// small, so the block-part gossip of CometBFT is not needed.
// Messages are moved, not stored in bulk; boxing the block would only cost an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    Proposal { proposal: Proposal, block: Block },
    Vote(Vote),
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawEnvelope {
    #[prost(oneof = "RawSum", tags = "1, 2")]
    sum: Option<RawSum>,
}

#[allow(clippy::large_enum_variant)]
#[derive(Clone, PartialEq, prost::Oneof)]
enum RawSum {
    #[prost(message, tag = "1")]
    Proposal(RawProposalWithBlock),
    #[prost(message, tag = "2")]
    Vote(RawVote),
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawProposalWithBlock {
    #[prost(message, optional, tag = "1")]
    proposal: Option<RawProposal>,
    #[prost(message, optional, tag = "2")]
    block: Option<RawBlock>,
}

impl Message {
    /// Protobuf bytes: `Envelope { oneof sum { ProposalWithBlock proposal = 1; Vote vote = 2; } }`
    /// where `ProposalWithBlock { tendermint.types.Proposal proposal = 1; tendermint.types.Block block = 2; }`.
    pub fn encode(&self) -> Vec<u8> {
        let sum = match self {
            Message::Proposal { proposal, block } => RawSum::Proposal(RawProposalWithBlock {
                proposal: Some(RawProposal::from(proposal.clone())),
                block: Some(RawBlock::from(block.clone())),
            }),
            Message::Vote(v) => RawSum::Vote(RawVote::from(v.clone())),
        };
        RawEnvelope { sum: Some(sum) }.encode_to_vec()
    }

    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        let env = RawEnvelope::decode(bytes).map_err(|e| Error::Decode(e.to_string()))?;
        match env.sum {
            Some(RawSum::Proposal(p)) => {
                let proposal = p.proposal.ok_or_else(|| Error::Decode("proposal missing".into()))?;
                let block = p.block.ok_or_else(|| Error::Decode("block missing".into()))?;
                Ok(Message::Proposal {
                    proposal: Proposal::try_from(proposal).map_err(|e| Error::Decode(e.to_string()))?,
                    block: Block::try_from(block).map_err(|e| Error::Decode(e.to_string()))?,
                })
            }
            Some(RawSum::Vote(v)) => Ok(Message::Vote(Vote::try_from(v).map_err(|e| Error::Decode(e.to_string()))?)),
            None => Err(Error::Decode("empty envelope".into())),
        }
    }
}
