//! Votes of one (height, round, type), as CometBFT's `types/vote_set.go`: one counted vote
//! per validator, plus per-block-id tallies in which a validator's conflicting vote is
//! admitted only for a block id some peer claimed +2/3 for (`SetPeerMaj23`), so a set split
//! by a double signer can still reach the +2/3 the rest of the network saw.

use std::collections::HashMap;

use tendermint::block;
use tendermint::vote::Vote;

use crate::validator_set::is_supermajority;

pub(crate) enum Added {
    New,
    Duplicate,
    /// The validator already voted differently; the earlier vote is returned and the new
    /// one is not counted.
    Conflict(Box<Vote>),
    /// As `Conflict`, but the new vote is for a block id a peer claimed +2/3 for, so it
    /// counts towards that block id (CometBFT's `addVerifiedVote` with `peerMaj23`).
    ConflictAdmitted(Box<Vote>),
}

/// A peer said two different things about the same vote set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConflictingClaim;

#[derive(Clone, Debug)]
struct BlockVotes {
    peer_maj23: bool,
    votes: Vec<Option<Vote>>,
    sum: u64,
}

impl BlockVotes {
    fn new(n: usize, peer_maj23: bool) -> Self {
        BlockVotes { peer_maj23, votes: vec![None; n], sum: 0 }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct VoteSet {
    /// The vote counted for each validator: its first, or, once +2/3 is seen for a block
    /// id, its vote for that block id.
    votes: Vec<Option<Vote>>,
    total: u64,
    total_power: u64,
    by_block: HashMap<Option<block::Id>, BlockVotes>,
    maj23: Option<Option<block::Id>>,
    peer_maj23s: HashMap<String, Option<block::Id>>,
}

impl VoteSet {
    pub(crate) fn new(validators: usize, total_power: u64) -> Self {
        VoteSet {
            votes: vec![None; validators],
            total: 0,
            total_power,
            by_block: HashMap::new(),
            maj23: None,
            peer_maj23s: HashMap::new(),
        }
    }

    pub(crate) fn get(&self, index: usize) -> Option<&Vote> {
        self.votes.get(index).and_then(Option::as_ref)
    }

    /// Whether this exact vote is already held (counted, or admitted for a block id).
    pub(crate) fn contains(&self, index: usize, vote: &Vote) -> bool {
        self.get(index) == Some(vote)
            || self.by_block.get(&vote.block_id).and_then(|b| b.votes.get(index)).and_then(Option::as_ref) == Some(vote)
    }

    pub(crate) fn add(&mut self, index: usize, vote: Vote, power: u64) -> Added {
        let Some(slot) = self.votes.get_mut(index) else {
            return Added::Duplicate;
        };
        let key = vote.block_id;
        let mut conflicting = None;
        match slot {
            Some(existing) => {
                // Same block id means the same vote for counting purposes, even if a
                // re-signed copy carries another timestamp.
                if existing.block_id == key {
                    return Added::Duplicate;
                }
                conflicting = Some(Box::new(existing.clone()));
                if self.maj23 == Some(key) {
                    *slot = Some(vote.clone());
                }
            }
            None => {
                *slot = Some(vote.clone());
                self.total += power;
            }
        }
        let n = self.votes.len();
        let entry = match self.by_block.get_mut(&key) {
            Some(b) => {
                if conflicting.is_some() && !b.peer_maj23 {
                    return conflicting.map_or(Added::Duplicate, Added::Conflict);
                }
                b
            }
            None => {
                if let Some(c) = conflicting {
                    return Added::Conflict(c);
                }
                self.by_block.entry(key).or_insert_with(|| BlockVotes::new(n, false))
            }
        };
        let Some(bslot) = entry.votes.get_mut(index) else {
            return Added::Duplicate;
        };
        if bslot.is_some() {
            return Added::Duplicate;
        }
        *bslot = Some(vote);
        let before = entry.sum;
        entry.sum += power;
        if self.maj23.is_none()
            && !is_supermajority(before, self.total_power)
            && is_supermajority(entry.sum, self.total_power)
        {
            self.maj23 = Some(key);
            // From now on the counted vote of every validator that voted for the +2/3
            // block id is that vote (CometBFT copies votesByBlock into votes).
            for (i, v) in entry.votes.iter().enumerate() {
                if let (Some(v), Some(s)) = (v, self.votes.get_mut(i)) {
                    *s = Some(v.clone());
                }
            }
        }
        match conflicting {
            Some(c) => Added::ConflictAdmitted(c),
            None => Added::New,
        }
    }

    /// Records a peer's claim of +2/3 for `block_id` (CometBFT's `SetPeerMaj23`): from now
    /// on conflicting votes for it are admitted towards it. One claim per peer.
    pub(crate) fn set_peer_maj23(&mut self, peer: &str, block_id: Option<block::Id>) -> Result<(), ConflictingClaim> {
        if let Some(existing) = self.peer_maj23s.get(peer) {
            return if *existing == block_id { Ok(()) } else { Err(ConflictingClaim) };
        }
        self.peer_maj23s.insert(peer.to_string(), block_id);
        let n = self.votes.len();
        self.by_block.entry(block_id).or_insert_with(|| BlockVotes::new(n, true)).peer_maj23 = true;
        Ok(())
    }

    /// The block id (nil = `Some(None)`) that has +2/3, if any.
    pub(crate) fn maj23(&self) -> Option<Option<block::Id>> {
        self.maj23
    }

    /// Which validators' votes for `block_id` are held (CometBFT's `BitArrayByBlockID`).
    pub(crate) fn bits_for(&self, block_id: &Option<block::Id>) -> Vec<bool> {
        match self.by_block.get(block_id) {
            Some(b) => b.votes.iter().map(Option::is_some).collect(),
            None => vec![false; self.votes.len()],
        }
    }

    /// The votes for `block_id` held, by validator index.
    pub(crate) fn votes_for(&self, block_id: &Option<block::Id>) -> Vec<(usize, &Vote)> {
        self.by_block
            .get(block_id)
            .map(|b| b.votes.iter().enumerate().filter_map(|(i, v)| v.as_ref().map(|v| (i, v))).collect())
            .unwrap_or_default()
    }

    /// Power of the votes for `id`, a conflicting vote admitted through a peer's claim
    /// included (each validator at most once per block id).
    pub(crate) fn power_for(&self, id: &Option<block::Id>) -> u64 {
        self.by_block.get(id).map_or(0, |b| b.sum)
    }

    pub(crate) fn total(&self) -> u64 {
        self.total
    }

    pub(crate) fn by_index(&self) -> &[Option<Vote>] {
        &self.votes
    }

    pub(crate) fn voters(&self) -> impl Iterator<Item = usize> + '_ {
        self.votes.iter().enumerate().filter(|(_, v)| v.is_some()).map(|(i, _)| i)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Vote> {
        self.votes.iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tendermint::vote::{self, ValidatorIndex};
    use tendermint::{account, Hash, Time};

    fn id(b: u8) -> block::Id {
        block::Id {
            hash: Hash::Sha256([b; 32]),
            part_set_header: block::parts::Header::new(1, Hash::Sha256([b; 32])).expect("psh"),
        }
    }

    fn vote(i: usize, block_id: Option<block::Id>) -> Vote {
        Vote {
            vote_type: vote::Type::Precommit,
            height: block::Height::from(1u32),
            round: block::Round::default(),
            block_id,
            timestamp: Some(Time::unix_epoch()),
            validator_address: account::Id::new([i as u8; 20]),
            validator_index: ValidatorIndex::try_from(i).expect("index"),
            signature: None,
            extension: Vec::new(),
            extension_signature: None,
        }
    }

    /// 4 x 10: validator 3 voted nil first, then X; with 0,1 for X the set is short of
    /// +2/3 for X unless a peer's claim admits 3's second vote.
    fn split(claim: bool) -> VoteSet {
        let mut s = VoteSet::new(4, 40);
        assert!(matches!(s.add(3, vote(3, None), 10), Added::New));
        if claim {
            s.set_peer_maj23("peer", Some(id(1))).expect("claim");
        }
        for i in 0..2 {
            assert!(matches!(s.add(i, vote(i, Some(id(1))), 10), Added::New));
        }
        s
    }

    #[test]
    fn conflicting_vote_is_not_counted_without_a_peer_claim() {
        let mut s = split(false);
        assert!(matches!(s.add(3, vote(3, Some(id(1))), 10), Added::Conflict(_)));
        assert_eq!(s.power_for(&Some(id(1))), 20);
        assert_eq!(s.maj23(), None);
    }

    #[test]
    fn peer_claim_admits_the_conflicting_vote_and_reaches_maj23() {
        let mut s = split(true);
        assert!(matches!(s.add(3, vote(3, Some(id(1))), 10), Added::ConflictAdmitted(_)));
        assert_eq!(s.power_for(&Some(id(1))), 30);
        assert_eq!(s.maj23(), Some(Some(id(1))));
        // The counted vote of the double signer is now its vote for the +2/3 block id, so
        // a commit built from the set carries it.
        assert_eq!(s.get(3).and_then(|v| v.block_id), Some(id(1)));
        assert_eq!(s.total(), 30);
        assert_eq!(s.bits_for(&Some(id(1))), vec![true, true, false, true]);
    }

    #[test]
    fn a_peer_cannot_claim_two_block_ids() {
        let mut s = VoteSet::new(4, 40);
        s.set_peer_maj23("p", Some(id(1))).expect("first");
        assert_eq!(s.set_peer_maj23("p", Some(id(2))), Err(ConflictingClaim));
        assert_eq!(s.set_peer_maj23("p", Some(id(1))), Ok(()));
    }
}
