//! Consensus messages as they travel between nodes (protobuf, CometBFT v0.38 types inside).

use prost::Message as _;
use tendermint::block::{self, Block};
use tendermint::evidence::Evidence;
use tendermint::proposal::Proposal;
use tendermint::vote::{self, Vote};
use tendermint_proto::v0_38::consensus::{VoteSetBits as RawVoteSetBits, VoteSetMaj23 as RawVoteSetMaj23};
use tendermint_proto::v0_38::libs::bits::BitArray as RawBitArray;
use tendermint_proto::v0_38::types::{
    Block as RawBlock, BlockId as RawBlockId, Evidence as RawEvidence, Proposal as RawProposal, Vote as RawVote,
};

use crate::error::Error;

/// A consensus message. A proposal travels with its whole block: blocks are empty and
/// small, so the block-part gossip of CometBFT is not needed.
// Messages are moved, not stored in bulk; boxing the block would only cost an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    Proposal {
        proposal: Proposal,
        block: Block,
    },
    Vote(Vote),
    /// Verified evidence a peer may lack (CometBFT's evidence reactor, `EvidenceChannel`).
    Evidence(Evidence),
    /// "I have +2/3 of these votes for this block id" (consensus/reactor.go
    /// `queryMaj23Routine`); the receiver records the claim and answers `VoteSetBits`.
    VoteSetMaj23(VoteSetClaim),
    /// The votes for `claim.block_id` the sender holds, by validator index; the receiver
    /// sends those it has and the sender lacks.
    VoteSetBits {
        claim: VoteSetClaim,
        votes: Vec<bool>,
    },
}

/// The vote set a `VoteSetMaj23`/`VoteSetBits` is about; `block_id: None` is nil.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct VoteSetClaim {
    pub height: block::Height,
    pub round: block::Round,
    pub vote_type: vote::Type,
    pub block_id: Option<block::Id>,
}

impl VoteSetClaim {
    fn raw_parts(&self) -> (i64, i32, i32, Option<RawBlockId>) {
        let round = i32::try_from(self.round.value()).unwrap_or(i32::MAX);
        let height = i64::try_from(self.height.value()).unwrap_or(i64::MAX);
        let id = Some(crate::evidence::go_raw_block_id(&self.block_id));
        (height, round, self.vote_type as i32, id)
    }

    fn from_raw(height: i64, round: i32, t: i32, id: Option<RawBlockId>) -> Result<Self, Error> {
        let d = |e: tendermint::Error| Error::Decode(e.to_string());
        let block_id = match id {
            Some(raw) if !raw.hash.is_empty() => Some(block::Id::try_from(raw).map_err(d)?),
            _ => None,
        };
        Ok(VoteSetClaim {
            height: block::Height::try_from(height).map_err(d)?,
            round: block::Round::try_from(round).map_err(d)?,
            vote_type: vote::Type::try_from(t).map_err(d)?,
            block_id,
        })
    }
}

/// Bound on a decoded bit array: far above any validator set, far below a memory attack.
const MAX_BITS: i64 = 100_000;

fn to_bit_array(bits: &[bool]) -> RawBitArray {
    let mut elems = vec![0u64; bits.len().div_ceil(64)];
    for (i, b) in bits.iter().enumerate() {
        if *b {
            elems[i / 64] |= 1 << (i % 64);
        }
    }
    RawBitArray { bits: i64::try_from(bits.len()).unwrap_or(i64::MAX), elems }
}

fn from_bit_array(raw: &RawBitArray) -> Result<Vec<bool>, Error> {
    if raw.bits < 0 || raw.bits > MAX_BITS {
        return Err(Error::Decode("bit array size out of range".into()));
    }
    let n = usize::try_from(raw.bits).map_err(|e| Error::Decode(e.to_string()))?;
    if raw.elems.len() != n.div_ceil(64) {
        return Err(Error::Decode("bit array elems do not match its size".into()));
    }
    Ok((0..n).map(|i| raw.elems[i / 64] >> (i % 64) & 1 == 1).collect())
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawEnvelope {
    #[prost(oneof = "RawSum", tags = "1, 2, 3, 4, 5")]
    sum: Option<RawSum>,
}

#[allow(clippy::large_enum_variant)]
#[derive(Clone, PartialEq, prost::Oneof)]
enum RawSum {
    #[prost(message, tag = "1")]
    Proposal(RawProposalWithBlock),
    #[prost(message, tag = "2")]
    Vote(RawVote),
    #[prost(message, tag = "3")]
    Evidence(RawEvidence),
    #[prost(message, tag = "4")]
    VoteSetMaj23(RawVoteSetMaj23),
    #[prost(message, tag = "5")]
    VoteSetBits(RawVoteSetBits),
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawProposalWithBlock {
    #[prost(message, optional, tag = "1")]
    proposal: Option<RawProposal>,
    #[prost(message, optional, tag = "2")]
    block: Option<RawBlock>,
}

impl Message {
    /// Protobuf bytes: `Envelope { oneof sum { ProposalWithBlock proposal = 1; Vote vote = 2;
    /// tendermint.types.Evidence evidence = 3; tendermint.consensus.VoteSetMaj23 = 4;
    /// tendermint.consensus.VoteSetBits = 5; } }`
    /// where `ProposalWithBlock { tendermint.types.Proposal proposal = 1; tendermint.types.Block block = 2; }`.
    pub fn encode(&self) -> Vec<u8> {
        let sum = match self {
            Message::Proposal { proposal, block } => RawSum::Proposal(RawProposalWithBlock {
                proposal: Some(RawProposal::from(proposal.clone())),
                block: Some(crate::block::raw_block(block)),
            }),
            Message::Vote(v) => RawSum::Vote(RawVote::from(v.clone())),
            Message::Evidence(e) => RawSum::Evidence(crate::evidence::raw_evidence(e)),
            Message::VoteSetMaj23(c) => {
                let (height, round, r#type, block_id) = c.raw_parts();
                RawSum::VoteSetMaj23(RawVoteSetMaj23 { height, round, r#type, block_id })
            }
            Message::VoteSetBits { claim, votes } => {
                let (height, round, r#type, block_id) = claim.raw_parts();
                RawSum::VoteSetBits(RawVoteSetBits {
                    height,
                    round,
                    r#type,
                    block_id,
                    votes: Some(to_bit_array(votes)),
                })
            }
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
            Some(RawSum::Evidence(e)) => {
                Ok(Message::Evidence(Evidence::try_from(e).map_err(|e| Error::Decode(e.to_string()))?))
            }
            Some(RawSum::VoteSetMaj23(m)) => {
                Ok(Message::VoteSetMaj23(VoteSetClaim::from_raw(m.height, m.round, m.r#type, m.block_id)?))
            }
            Some(RawSum::VoteSetBits(m)) => {
                let votes = from_bit_array(&m.votes.unwrap_or_default())?;
                Ok(Message::VoteSetBits {
                    claim: VoteSetClaim::from_raw(m.height, m.round, m.r#type, m.block_id)?,
                    votes,
                })
            }
            None => Err(Error::Decode("empty envelope".into())),
        }
    }
}
