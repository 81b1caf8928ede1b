//! The validator set and CometBFT's weighted round-robin proposer selection.
//!
//! Proposer priorities follow CometBFT `types/validator_set.go` (NewValidatorSet,
//! IncrementProposerPriority, RescalePriorities, shiftByAvgProposerPriority,
//! incrementProposerPriority, Validator.CompareProposerPriority):
//! <https://github.com/cometbft/cometbft/blob/main/types/validator_set.go>.
//! Heights and rounds are mapped onto increments the way CometBFT's state and consensus
//! packages do: the genesis set is incremented once by `NewValidatorSet`, once more per
//! committed height (`state/execution.go` updateState), and once per round within a height
//! (`consensus/state.go` enterNewRound, which increments a copy by the round delta).

use ed25519_dalek::{Signature as DalekSignature, Verifier, VerifyingKey};
use tendermint::{account, block, validator, Hash, PublicKey, Signature};

use crate::error::Error;

/// CometBFT's `MaxTotalVotingPower`: keeps priority arithmetic free of clipping.
const MAX_TOTAL_VOTING_POWER: i64 = i64::MAX / 8;
/// Highest round accepted in a block or commit being validated.
pub const MAX_PROPOSER_SCAN_ROUNDS: u32 = 100_000;
/// CometBFT's `PriorityWindowSizeFactor`.
const PRIORITY_WINDOW_SIZE_FACTOR: i64 = 2;

#[derive(Clone, Debug)]
struct Member {
    info: validator::Info,
    power: i64,
    key: VerifyingKey,
    priority: i64,
}

/// A fixed validator set together with the proposer priorities of one height.
#[derive(Clone, Debug)]
pub struct ValidatorSet {
    members: Vec<Member>,
    total_power: i64,
    initial_height: block::Height,
    /// Height whose round-0 proposer is `proposer`.
    height: block::Height,
    proposer: usize,
}

impl ValidatorSet {
    /// The genesis set, i.e. CometBFT's `NewValidatorSet`: sorted by power (descending)
    /// then address, priorities centred, incremented once so that `proposer` is the
    /// proposer of `initial_height`, round 0.
    pub fn new(validators: Vec<validator::Info>, initial_height: block::Height) -> Result<Self, Error> {
        if validators.is_empty() {
            return Err(Error::EmptyValidatorSet);
        }
        let mut members = Vec::with_capacity(validators.len());
        let mut total: i64 = 0;
        for info in validators {
            let power = i64::try_from(info.power.value()).map_err(|_| Error::TotalPowerOverflow)?;
            if power == 0 {
                return Err(Error::ZeroPower(info.address));
            }
            let ed = match info.pub_key {
                PublicKey::Ed25519(k) => k,
                #[allow(unreachable_patterns)]
                _ => return Err(Error::NotEd25519(info.address)),
            };
            if account::Id::from(ed) != info.address {
                return Err(Error::AddressMismatch(info.address));
            }
            let key = VerifyingKey::try_from(ed.as_bytes()).map_err(|_| Error::NotEd25519(info.address))?;
            total = total.checked_add(power).ok_or(Error::TotalPowerOverflow)?;
            if total > MAX_TOTAL_VOTING_POWER {
                return Err(Error::TotalPowerOverflow);
            }
            members.push(Member { info, power, key, priority: 0 });
        }
        members.sort_by(|a, b| b.power.cmp(&a.power).then(a.info.address.cmp(&b.info.address)));
        for pair in members.windows(2) {
            if pair[0].info.address == pair[1].info.address {
                return Err(Error::DuplicateValidator(pair[0].info.address));
            }
        }
        Ok(Self::from_members(members, total, initial_height))
    }

    /// Same as [`ValidatorSet::new`] from a tendermint-rs set (e.g. built from genesis).
    pub fn from_tendermint(set: &validator::Set, initial_height: block::Height) -> Result<Self, Error> {
        Self::new(set.validators().clone(), initial_height)
    }

    fn from_members(mut members: Vec<Member>, total_power: i64, initial_height: block::Height) -> Self {
        // New validators enter at -1.125 * total power; all being new, the rescale/centre
        // step of updateWithChangeSet brings them to 0, which is where we start.
        for m in &mut members {
            m.priority = 0;
        }
        let mut set = ValidatorSet { members, total_power, initial_height, height: initial_height, proposer: 0 };
        set.increment_proposer_priority(1);
        set
    }

    pub fn initial_height(&self) -> block::Height {
        self.initial_height
    }

    /// The height whose priorities this value holds.
    pub fn height(&self) -> block::Height {
        self.height
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub fn total_power(&self) -> u64 {
        self.total_power.unsigned_abs()
    }

    /// Validators in CometBFT index order (power descending, then address).
    pub fn validators(&self) -> Vec<validator::Info> {
        self.members.iter().map(|m| m.info.clone()).collect()
    }

    pub fn get(&self, index: usize) -> Option<&validator::Info> {
        self.members.get(index).map(|m| &m.info)
    }

    /// Index (CometBFT `validator_index`) and info of a member.
    pub fn find(&self, address: &account::Id) -> Option<(usize, &validator::Info)> {
        self.members.iter().enumerate().find(|(_, m)| &m.info.address == address).map(|(i, m)| (i, &m.info))
    }

    pub fn power_of(&self, index: usize) -> u64 {
        self.members.get(index).map_or(0, |m| m.power.unsigned_abs())
    }

    /// `validators_hash` / `next_validators_hash` of a header: CometBFT's merkle root of
    /// the (pubkey, power) leaves in index order, computed by tendermint-rs.
    pub fn hash(&self) -> Hash {
        validator::Set::new(self.validators(), None).hash()
    }

    /// The set as tendermint-rs sees it (for RPC `/validators`).
    pub fn to_tendermint(&self) -> validator::Set {
        let infos = self
            .members
            .iter()
            .map(|m| {
                let mut info = m.info.clone();
                info.proposer_priority = validator::ProposerPriority::from(m.priority);
                info
            })
            .collect();
        validator::Set::new(infos, Some(self.members[self.proposer].info.clone()))
    }

    /// Verifies an ed25519 signature by the member at `index` over `message`.
    pub fn verify(&self, index: usize, message: &[u8], signature: &Signature) -> Result<(), Error> {
        let m = self.members.get(index).ok_or(Error::OutOfRange)?;
        let sig = DalekSignature::from_slice(signature.as_bytes()).map_err(|_| Error::BadSignature(m.info.address))?;
        m.key.verify(message, &sig).map_err(|_| Error::BadSignature(m.info.address))
    }

    /// A copy holding the priorities of `height` (one increment per height since this one).
    pub fn at_height(&self, height: block::Height) -> Result<ValidatorSet, Error> {
        if height < self.height {
            return Err(Error::HeightBeforeSet { requested: height, base: self.height });
        }
        let mut set = self.clone();
        let steps = height.value() - self.height.value();
        for _ in 0..steps {
            set.increment_proposer_priority(1);
        }
        set.height = height;
        Ok(set)
    }

    /// Proposer of `height` at `round`, deterministic from the genesis priorities.
    /// Rounds advance one increment at a time, as CometBFT does when rounds time out in
    /// sequence (a round skip in CometBFT increments by the delta in one call, which only
    /// differs if a rescale happens in between; we always use the per-round path).
    pub fn proposer(&self, height: block::Height, round: block::Round) -> Result<validator::Info, Error> {
        let idx = self.proposer_index(height, round)?;
        Ok(self.members[idx].info.clone())
    }

    pub(crate) fn proposer_index(&self, height: block::Height, round: block::Round) -> Result<usize, Error> {
        let mut set = if height == self.height { self.clone() } else { self.at_height(height)? };
        for _ in 0..round.value() {
            set.increment_proposer_priority(1);
        }
        Ok(set.proposer)
    }

    /// Whether `address` is the proposer of `height` at some round `0..=round`. Rounds
    /// beyond [`MAX_PROPOSER_SCAN_ROUNDS`] are rejected so a forged round number cannot make
    /// validation loop for billions of increments.
    pub fn proposed_at_or_before(
        &self,
        height: block::Height,
        round: block::Round,
        address: &account::Id,
    ) -> Result<bool, Error> {
        if round.value() > MAX_PROPOSER_SCAN_ROUNDS {
            return Err(Error::OutOfRange);
        }
        let mut set = if height == self.height { self.clone() } else { self.at_height(height)? };
        for r in 0..=round.value() {
            if r > 0 {
                set.increment_proposer_priority(1);
            }
            if &set.members[set.proposer].info.address == address {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Proposer priorities in index order (exposed for known-answer tests and RPC).
    pub fn priorities(&self) -> Vec<i64> {
        self.members.iter().map(|m| m.priority).collect()
    }

    /// `IncrementProposerPriority(times)`.
    fn increment_proposer_priority(&mut self, times: u32) {
        let diff_max = PRIORITY_WINDOW_SIZE_FACTOR.saturating_mul(self.total_power);
        self.rescale_priorities(diff_max);
        self.shift_by_avg_proposer_priority();
        for _ in 0..times {
            self.proposer = self.increment_once();
        }
    }

    fn rescale_priorities(&mut self, diff_max: i64) {
        if diff_max <= 0 {
            return;
        }
        let max = self.members.iter().map(|m| m.priority).max().unwrap_or(0);
        let min = self.members.iter().map(|m| m.priority).min().unwrap_or(0);
        let diff = max.saturating_sub(min).saturating_abs();
        // Go's integer division truncates toward zero, as Rust's `/` does.
        let ratio = (diff.saturating_add(diff_max) - 1) / diff_max;
        if diff > diff_max {
            for m in &mut self.members {
                m.priority /= ratio;
            }
        }
    }

    fn shift_by_avg_proposer_priority(&mut self) {
        let n = self.members.len() as i128;
        let sum: i128 = self.members.iter().map(|m| m.priority as i128).sum();
        // Go's big.Int.Div is Euclidean (floors for a positive divisor).
        let avg = sum.div_euclid(n) as i64;
        for m in &mut self.members {
            m.priority = m.priority.saturating_sub(avg);
        }
    }

    fn increment_once(&mut self) -> usize {
        for m in &mut self.members {
            m.priority = m.priority.saturating_add(m.power);
        }
        let mut best = 0;
        for (i, m) in self.members.iter().enumerate().skip(1) {
            let b = &self.members[best];
            // Higher priority wins; ties go to the smaller address.
            if m.priority > b.priority || (m.priority == b.priority && m.info.address < b.info.address) {
                best = i;
            }
        }
        self.members[best].priority = self.members[best].priority.saturating_sub(self.total_power);
        best
    }

    /// Weight of a set of member indices.
    pub(crate) fn power_sum(&self, indices: impl Iterator<Item = usize>) -> u64 {
        indices.map(|i| self.power_of(i)).sum()
    }
}

/// More than two thirds of `total`.
pub(crate) fn is_supermajority(power: u64, total: u64) -> bool {
    (power as u128) * 3 > (total as u128) * 2
}

/// More than one third of `total` (at least one honest validator under f < n/3).
pub(crate) fn is_one_third(power: u64, total: u64) -> bool {
    (power as u128) * 3 > total as u128
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;
    use tendermint::vote;

    /// A member with an arbitrary address, as CometBFT's tests build them with
    /// `newValidator([]byte("foo"), 1000)`; the key is irrelevant to proposer selection.
    fn raw_member(name: &[u8], power: i64) -> Member {
        let mut addr = [0u8; 20];
        addr[..name.len()].copy_from_slice(name);
        let sk = SigningKey::from_bytes(&[7u8; 32]);
        let pk = PublicKey::from_raw_ed25519(sk.verifying_key().as_bytes()).expect("ed25519 key");
        let mut info = validator::Info::new(pk, vote::Power::try_from(power as u64).expect("power"));
        info.address = account::Id::new(addr);
        Member { info, power, key: sk.verifying_key(), priority: 0 }
    }

    fn raw_set(members: Vec<(&[u8], i64)>) -> ValidatorSet {
        let mut ms: Vec<Member> = members.into_iter().map(|(n, p)| raw_member(n, p)).collect();
        ms.sort_by(|a, b| b.power.cmp(&a.power).then(a.info.address.cmp(&b.info.address)));
        let total = ms.iter().map(|m| m.power).sum();
        ValidatorSet::from_members(ms, total, block::Height::from(1u32))
    }

    fn name(set: &ValidatorSet) -> String {
        let bytes = set.members[set.proposer].info.address;
        String::from_utf8(bytes.as_bytes().iter().copied().take_while(|b| *b != 0).collect()).expect("utf8")
    }

    /// Known answer from CometBFT `types/validator_set_test.go` TestProposerSelection1.
    #[test]
    fn cometbft_proposer_selection_1() {
        let mut vset = raw_set(vec![(b"foo", 1000), (b"bar", 300), (b"baz", 330)]);
        let mut got = Vec::new();
        for _ in 0..99 {
            got.push(name(&vset));
            vset.increment_proposer_priority(1);
        }
        let expected = "foo baz foo bar foo foo baz foo bar foo foo baz foo foo bar foo baz foo foo bar foo foo baz foo bar foo foo baz foo bar foo foo baz foo foo bar foo baz foo foo bar foo baz foo foo bar foo baz foo foo bar foo baz foo foo foo baz bar foo foo foo baz foo bar foo foo baz foo bar foo foo baz foo bar foo foo baz foo bar foo foo baz foo foo bar foo baz foo foo bar foo baz foo foo bar foo baz foo foo";
        assert_eq!(got.join(" "), expected);
    }

    /// Known answer from CometBFT TestProposerSelection2: powers 4, 5, 3 over 120 increments
    /// give exactly 40, 50, 30 proposals.
    #[test]
    fn cometbft_proposer_selection_2_proportional() {
        let a0: &[u8] = &[0; 20];
        let mut a1 = [0u8; 20];
        a1[19] = 1;
        let mut a2 = [0u8; 20];
        a2[19] = 2;
        let mut vset = raw_set(vec![(a0, 4), (&a1, 5), (&a2, 3)]);
        let mut counts = [0usize; 3];
        for _ in 0..120 {
            counts[vset.members[vset.proposer].info.address.as_bytes()[19] as usize] += 1;
            vset.increment_proposer_priority(1);
        }
        assert_eq!(counts, [40, 50, 30]);
    }

    /// Known answers from CometBFT TestAveragingInIncrementProposerPriorityWithVotingPower
    /// (powers 10, 1, 1, starting from zero priorities, no initial increment).
    #[test]
    fn cometbft_averaging_with_voting_power() {
        let base = {
            let mut ms: Vec<Member> = vec![raw_member(&[0], 10), raw_member(&[1], 1), raw_member(&[2], 1)];
            for m in &mut ms {
                m.priority = 0;
            }
            ValidatorSet {
                members: ms,
                total_power: 12,
                initial_height: block::Height::from(1u32),
                height: block::Height::from(1u32),
                proposer: 0,
            }
        };
        let (vp0, vp1, vp2, total) = (10i64, 1i64, 1i64, 12i64);
        let cases: Vec<(u32, [i64; 3], usize)> = vec![
            (1, [vp0 - total, vp1, vp2], 0),
            (2, [2 * (vp0 - total), 2 * vp1, 2 * vp2], 0),
            (3, [3 * (vp0 - total), 3 * vp1, 3 * vp2], 0),
            (4, [4 * (vp0 - total), 4 * vp1, 4 * vp2], 0),
            (5, [4 * (vp0 - total) + vp0, 5 * vp1 - total, 5 * vp2], 1),
            (6, [6 * vp0 - 5 * total, 6 * vp1 - total, 6 * vp2], 0),
            (7, [7 * vp0 - 6 * total, 7 * vp1 - total, 7 * vp2], 0),
            (8, [8 * vp0 - 7 * total, 8 * vp1 - total, 8 * vp2], 0),
            (9, [9 * vp0 - 7 * total, 9 * vp1 - total, 9 * vp2 - total], 2),
            (10, [10 * vp0 - 8 * total, 10 * vp1 - total, 10 * vp2 - total], 0),
            (11, [11 * vp0 - 9 * total, 11 * vp1 - total, 11 * vp2 - total], 0),
        ];
        for (times, prios, proposer) in cases {
            let mut s = base.clone();
            s.increment_proposer_priority(times);
            assert_eq!(s.priorities(), prios.to_vec(), "times {times}");
            assert_eq!(s.proposer, proposer, "times {times}");
        }
    }
}
