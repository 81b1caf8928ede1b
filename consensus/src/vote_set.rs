//! Votes of one (height, round, type), one per validator.

use std::collections::HashMap;

use tendermint::block;
use tendermint::vote::Vote;

pub(crate) enum Added {
    New,
    Duplicate,
    /// The validator already voted differently; the earlier vote is returned and the new
    /// one is not counted.
    Conflict(Box<Vote>),
}

#[derive(Clone, Debug)]
pub(crate) struct VoteSet {
    votes: Vec<Option<Vote>>,
    by_block: HashMap<Option<block::Id>, u64>,
    total: u64,
}

impl VoteSet {
    pub(crate) fn new(validators: usize) -> Self {
        VoteSet { votes: vec![None; validators], by_block: HashMap::new(), total: 0 }
    }

    pub(crate) fn get(&self, index: usize) -> Option<&Vote> {
        self.votes.get(index).and_then(Option::as_ref)
    }

    pub(crate) fn add(&mut self, index: usize, vote: Vote, power: u64) -> Added {
        let Some(slot) = self.votes.get_mut(index) else {
            return Added::Duplicate;
        };
        if let Some(existing) = slot {
            // Same block id means the same vote for counting purposes, even if a
            // re-signed copy carries another timestamp.
            if existing.block_id == vote.block_id {
                return Added::Duplicate;
            }
            return Added::Conflict(Box::new(existing.clone()));
        }
        *self.by_block.entry(vote.block_id).or_insert(0) += power;
        self.total += power;
        *slot = Some(vote);
        Added::New
    }

    pub(crate) fn power_for(&self, id: &Option<block::Id>) -> u64 {
        self.by_block.get(id).copied().unwrap_or(0)
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
