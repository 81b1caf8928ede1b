//! Blocks and the commits that decided them, in `data/blockstore.redb`.
//!
//! redb gives crash-safe transactions and an exclusive file lock, so two nodes can never run
//! on one home by mistake.

use prost::Message;
use redb::{Database, ReadableTable, TableDefinition};
use std::path::Path;
use tendermint::block::{Block, Commit};
use tendermint_proto::v0_38::types::{Block as RawBlock, Commit as RawCommit};

const BLOCKS: TableDefinition<u64, &[u8]> = TableDefinition::new("blocks");
/// The commit this node saw (or fetched) for each height; the next block's `last_commit` is
/// the canonical one once it exists.
const COMMITS: TableDefinition<u64, &[u8]> = TableDefinition::new("seen_commits");
/// Our own signed proposals and votes of the height in progress, keyed (height, sequence).
/// CometBFT's WAL plays this role: after a restart the node re-sends exactly what it signed,
/// because tmkms will (rightly) refuse to sign anything different at the same height/round.
const WAL: TableDefinition<(u64, u64), &[u8]> = TableDefinition::new("own_messages");

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("block store {path}: {reason}")]
    Open { path: String, reason: String },
    #[error("block store: {0}")]
    Db(String),
    #[error("block store: corrupt entry at height {height}: {reason}")]
    Corrupt { height: u64, reason: String },
}

fn db<E: std::fmt::Display>(e: E) -> StoreError {
    StoreError::Db(e.to_string())
}

pub struct Store {
    db: Database,
}

impl Store {
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let db = Database::create(path)
            .map_err(|e| StoreError::Open { path: path.display().to_string(), reason: e.to_string() })?;
        let tx = db.begin_write().map_err(db_err)?;
        tx.open_table(BLOCKS).map_err(db_err)?;
        tx.open_table(COMMITS).map_err(db_err)?;
        tx.open_table(WAL).map_err(db_err)?;
        tx.commit().map_err(db_err)?;
        Ok(Store { db })
    }

    /// Records a message we signed, durably, before it is sent anywhere.
    pub fn wal_append(&self, height: u64, message: &[u8]) -> Result<(), StoreError> {
        let tx = self.db.begin_write().map_err(db_err)?;
        {
            let mut t = tx.open_table(WAL).map_err(db_err)?;
            let next = t
                .range((height, 0)..=(height, u64::MAX))
                .map_err(db_err)?
                .next_back()
                .transpose()
                .map_err(db_err)?
                .map_or(0, |(k, _)| k.value().1 + 1);
            t.insert((height, next), message).map_err(db_err)?;
        }
        tx.commit().map_err(db_err)
    }

    /// Our signed messages for `height`, in the order they were signed.
    pub fn wal_messages(&self, height: u64) -> Result<Vec<Vec<u8>>, StoreError> {
        let tx = self.db.begin_read().map_err(db_err)?;
        let t = tx.open_table(WAL).map_err(db_err)?;
        let mut out = Vec::new();
        for entry in t.range((height, 0)..=(height, u64::MAX)).map_err(db_err)? {
            let (_, v) = entry.map_err(db_err)?;
            out.push(v.value().to_vec());
        }
        Ok(out)
    }

    /// Stores a decided block with its commit in one transaction, dropping our messages of
    /// that height and below (they are in the commit now, or no longer matter).
    pub fn save(&self, block: &Block, commit: &Commit) -> Result<(), StoreError> {
        let height = block.header.height.value();
        // Not `RawBlock::from`: tendermint-rs loses DuplicateVoteEvidence.validator_power.
        let b = consensus::raw_block(block).encode_to_vec();
        let c = RawCommit::from(commit.clone()).encode_to_vec();
        let tx = self.db.begin_write().map_err(db_err)?;
        {
            let mut blocks = tx.open_table(BLOCKS).map_err(db_err)?;
            blocks.insert(height, b.as_slice()).map_err(db_err)?;
            let mut commits = tx.open_table(COMMITS).map_err(db_err)?;
            commits.insert(height, c.as_slice()).map_err(db_err)?;
            let mut wal = tx.open_table(WAL).map_err(db_err)?;
            wal.retain_in((0, 0)..=(height, u64::MAX), |_, _| false).map_err(db_err)?;
        }
        tx.commit().map_err(db_err)
    }

    pub fn latest_height(&self) -> Result<Option<u64>, StoreError> {
        let tx = self.db.begin_read().map_err(db_err)?;
        let t = tx.open_table(BLOCKS).map_err(db_err)?;
        let last = t.last().map_err(db_err)?.map(|(k, _)| k.value());
        Ok(last)
    }

    pub fn earliest_height(&self) -> Result<Option<u64>, StoreError> {
        let tx = self.db.begin_read().map_err(db_err)?;
        let t = tx.open_table(BLOCKS).map_err(db_err)?;
        let first = t.first().map_err(db_err)?.map(|(k, _)| k.value());
        Ok(first)
    }

    pub fn block(&self, height: u64) -> Result<Option<Block>, StoreError> {
        let tx = self.db.begin_read().map_err(db_err)?;
        let t = tx.open_table(BLOCKS).map_err(db_err)?;
        let Some(v) = t.get(height).map_err(db_err)? else { return Ok(None) };
        let raw = RawBlock::decode(v.value()).map_err(|e| StoreError::Corrupt { height, reason: e.to_string() })?;
        Block::try_from(raw).map(Some).map_err(|e| StoreError::Corrupt { height, reason: e.to_string() })
    }

    /// The canonical commit for `height` (from block `height + 1`) when that block exists,
    /// else the commit this node saw; the flag says which.
    pub fn commit(&self, height: u64) -> Result<Option<(Commit, bool)>, StoreError> {
        if let Some(next) = self.block(height + 1)? {
            if let Some(c) = next.last_commit {
                return Ok(Some((c, true)));
            }
        }
        let tx = self.db.begin_read().map_err(db_err)?;
        let t = tx.open_table(COMMITS).map_err(db_err)?;
        let Some(v) = t.get(height).map_err(db_err)? else { return Ok(None) };
        let raw = RawCommit::decode(v.value()).map_err(|e| StoreError::Corrupt { height, reason: e.to_string() })?;
        Commit::try_from(raw)
            .map(|c| Some((c, false)))
            .map_err(|e| StoreError::Corrupt { height, reason: e.to_string() })
    }
}

fn db_err<E: std::fmt::Display>(e: E) -> StoreError {
    db(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;
    use tendermint::block::{self, CommitSig};
    use tendermint::vote::{self, ValidatorIndex, Vote};
    use tendermint::{validator, PublicKey, Time};

    /// A stored block with evidence reads back with the same id: the evidence's
    /// validator power (not the total of 100) survives the protobuf round trip.
    #[test]
    fn block_with_evidence_keeps_its_id_through_the_store() {
        let infos: Vec<validator::Info> = [10u32, 20, 30, 40]
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let sk = SigningKey::from_bytes(&[i as u8 + 1; 32]);
                let pk = PublicKey::from_raw_ed25519(sk.verifying_key().as_bytes()).expect("ed25519");
                validator::Info::new(pk, vote::Power::from(*p))
            })
            .collect();
        let set = consensus::ValidatorSet::new(infos, block::Height::from(1u32)).expect("set");
        let who = set.get(1).expect("validator 1").address;
        let vote = |block_id| Vote {
            vote_type: vote::Type::Precommit,
            height: block::Height::from(1u32),
            round: block::Round::default(),
            block_id,
            timestamp: Some(Time::unix_epoch()),
            validator_address: who,
            validator_index: ValidatorIndex::try_from(1u32).expect("index"),
            signature: None,
            extension: Vec::new(),
            extension_signature: None,
        };
        let other = block::Id {
            hash: tendermint::Hash::Sha256([7; 32]),
            part_set_header: block::parts::Header::new(1, tendermint::Hash::Sha256([8; 32])).expect("psh"),
        };
        let ev = consensus::new_duplicate_vote_evidence(vote(Some(other)), vote(None), Time::unix_epoch(), &set)
            .expect("evidence");
        // Validator 1's own power, not the set's 100 (what tendermint-rs would encode).
        assert_eq!(ev.validator_power.value(), set.power_of(1));
        assert_ne!(ev.validator_power.value(), set.total_power());
        let chain = tendermint::chain::Id::try_from("store-test".to_string()).expect("chain");
        let tip = consensus::Tip {
            chain_id: chain,
            height: block::Height::from(1u32),
            last_block_id: None,
            last_block_time: Time::unix_epoch(),
        };
        let b = consensus::build_block(&tip, &set, None, who, vec![ev.into()]).expect("block");
        let id = consensus::block_id(&b).expect("id");
        let commit = Commit {
            height: b.header.height,
            round: block::Round::default(),
            block_id: id,
            signatures: vec![CommitSig::BlockIdFlagAbsent; 4],
        };
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("db")).expect("store");
        store.save(&b, &commit).expect("save");
        let back = store.block(1).expect("read").expect("block 1");
        assert_eq!(back, b);
        assert_eq!(consensus::block_id(&back).expect("id"), id);
    }
}
