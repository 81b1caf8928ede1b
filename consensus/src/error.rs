use tendermint::{account, block, Time};

/// Why a validator set, block, commit, vote or wire message was rejected.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum Error {
    #[error("validator set is empty")]
    EmptyValidatorSet,
    #[error("validator {0} has zero voting power")]
    ZeroPower(account::Id),
    #[error("validator {0} appears twice")]
    DuplicateValidator(account::Id),
    #[error("validator {0} does not use an ed25519 key")]
    NotEd25519(account::Id),
    #[error("validator address {0} is not derived from its public key")]
    AddressMismatch(account::Id),
    #[error("total voting power exceeds CometBFT's MaxTotalVotingPower")]
    TotalPowerOverflow,
    #[error("height {requested} precedes the validator set's height {base}")]
    HeightBeforeSet { requested: block::Height, base: block::Height },
    #[error("height or round out of range")]
    OutOfRange,
    #[error("{0} is not a member of the validator set")]
    NotAValidator(account::Id),
    #[error("invalid signature from {0}")]
    BadSignature(account::Id),
    #[error("signature missing from {0}")]
    MissingSignature(account::Id),
    #[error("commit is for height {found}, expected {expected}")]
    WrongHeight { expected: block::Height, found: block::Height },
    #[error("commit is for block {found}, expected {expected}")]
    WrongBlockId { expected: Box<block::Id>, found: Box<block::Id> },
    #[error("commit has {found} signatures for a set of {expected} validators")]
    WrongSignatureCount { expected: usize, found: usize },
    #[error("commit signature {index} is from {found}, expected {expected}")]
    WrongSigner { index: usize, expected: account::Id, found: account::Id },
    #[error("commit carries power {signed} of {total}, needs more than two thirds")]
    InsufficientPower { signed: u64, total: u64 },
    // The three time errors carry CometBFT's wording (state/validation.go `validateBlock`).
    #[error("block time {time} not greater than last block time {last}")]
    BlockTimeNotAfterLast { time: Time, last: Time },
    #[error("invalid block time. Expected {expected}, got {got}")]
    InvalidBlockTime { expected: Time, got: Time },
    #[error("block time {time} is not equal to genesis time {genesis}")]
    BlockTimeNotGenesis { time: Time, genesis: Time },
    #[error("error validating block while calculating median time: commit validator not found in validator set: {0}")]
    MedianTimeUnknownSigner(account::Id),
    #[error("error validating block while calculating median time: commit has no signature")]
    MedianTimeEmptyCommit,
    #[error("invalid block: {0}")]
    InvalidBlock(String),
    #[error("invalid evidence: {0}")]
    Evidence(#[from] EvidenceError),
    #[error("wire message could not be decoded: {0}")]
    Decode(String),
    #[error("tendermint type conversion failed: {0}")]
    Tendermint(String),
}

impl From<tendermint::Error> for Error {
    fn from(e: tendermint::Error) -> Self {
        Error::Tendermint(e.to_string())
    }
}

/// Why a piece of evidence was refused. It lives here, below `evidence` and `validator_set`,
/// so that `Error` can carry it without error → evidence → validator_set → error looping.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum EvidenceError {
    #[error("only DuplicateVoteEvidence is produced or accepted by this chain")]
    UnsupportedKind,
    #[error("votes differ in height, round or type")]
    HeightRoundTypeMismatch,
    #[error("votes are from different validators")]
    AddressMismatch,
    #[error("votes are for the same block id: not a duplicate vote")]
    SameBlockId,
    #[error("votes are not ordered by block id key")]
    BadOrder,
    #[error("a vote has no signature or no timestamp")]
    Incomplete,
    #[error("{0} was not a validator at the evidence height")]
    NotAValidator(tendermint::account::Id),
    #[error("validator power {found} != {expected}")]
    ValidatorPower { expected: u64, found: u64 },
    #[error("total voting power {found} != {expected}")]
    TotalPower { expected: u64, found: u64 },
    #[error("voting power {0} does not fit CometBFT's int64")]
    PowerOutOfRange(u64),
    #[error("a vote's signature does not verify for this chain")]
    BadSignature,
    #[error("no block at evidence height {0} to take its time from")]
    UnknownHeight(u64),
    #[error("evidence time {found} differs from the block time {expected} of its height")]
    WrongTime { expected: Time, found: Time },
    #[error("evidence from height {0} is expired")]
    Expired(u64),
    #[error("evidence was already committed")]
    AlreadyCommitted,
    #[error("evidence appears twice in the block")]
    Duplicate,
    #[error("evidence height {height} is not below the block height {block}")]
    FromTheFuture { height: u64, block: u64 },
    #[error("evidence_hash does not match the evidence list")]
    HashMismatch,
    #[error("block carries {0} pieces of evidence, more than allowed")]
    TooMany(usize),
}
