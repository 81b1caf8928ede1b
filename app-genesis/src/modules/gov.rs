//! Schema of the `gov` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmos/gov/v1/genesis.proto`
//! - `cosmos/gov/v1/gov.proto`
//! - `cosmos/gov/v1beta1/gov.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMOS_GOV_V1_DEPOSIT: Message = Message {
    full_name: "cosmos.gov.v1.Deposit",
    fields: &[
        Field {
            name: "proposal_id",
            json_name: "proposalId",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "depositor",
            json_name: "depositor",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "amount",
            json_name: "amount",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_GOV_V1_DEPOSITPARAMS: Message = Message {
    full_name: "cosmos.gov.v1.DepositParams",
    fields: &[
        Field {
            name: "min_deposit",
            json_name: "minDeposit",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "max_deposit_period",
            json_name: "maxDepositPeriod",
            ty: Type::Duration,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_GOV_V1_GENESISSTATE: Message = Message {
    full_name: "cosmos.gov.v1.GenesisState",
    fields: &[
        Field {
            name: "starting_proposal_id",
            json_name: "startingProposalId",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "deposits",
            json_name: "deposits",
            ty: Type::Msg(&crate::modules::gov::COSMOS_GOV_V1_DEPOSIT),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "votes",
            json_name: "votes",
            ty: Type::Msg(&crate::modules::gov::COSMOS_GOV_V1_VOTE),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "proposals",
            json_name: "proposals",
            ty: Type::Msg(&crate::modules::gov::COSMOS_GOV_V1_PROPOSAL),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "deposit_params",
            json_name: "depositParams",
            ty: Type::Msg(&crate::modules::gov::COSMOS_GOV_V1_DEPOSITPARAMS),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "voting_params",
            json_name: "votingParams",
            ty: Type::Msg(&crate::modules::gov::COSMOS_GOV_V1_VOTINGPARAMS),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "tally_params",
            json_name: "tallyParams",
            ty: Type::Msg(&crate::modules::gov::COSMOS_GOV_V1_TALLYPARAMS),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "params",
            json_name: "params",
            ty: Type::Msg(&crate::modules::gov::COSMOS_GOV_V1_PARAMS),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "constitution",
            json_name: "constitution",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_GOV_V1_PARAMS: Message = Message {
    full_name: "cosmos.gov.v1.Params",
    fields: &[
        Field {
            name: "min_deposit",
            json_name: "minDeposit",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "max_deposit_period",
            json_name: "maxDepositPeriod",
            ty: Type::Duration,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "voting_period",
            json_name: "votingPeriod",
            ty: Type::Duration,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "quorum", json_name: "quorum", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "threshold",
            json_name: "threshold",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "veto_threshold",
            json_name: "vetoThreshold",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "min_initial_deposit_ratio",
            json_name: "minInitialDepositRatio",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "proposal_cancel_ratio",
            json_name: "proposalCancelRatio",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "proposal_cancel_dest",
            json_name: "proposalCancelDest",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "expedited_voting_period",
            json_name: "expeditedVotingPeriod",
            ty: Type::Duration,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "expedited_threshold",
            json_name: "expeditedThreshold",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "expedited_min_deposit",
            json_name: "expeditedMinDeposit",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "burn_vote_quorum",
            json_name: "burnVoteQuorum",
            ty: Type::Bool,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "burn_proposal_deposit_prevote",
            json_name: "burnProposalDepositPrevote",
            ty: Type::Bool,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "burn_vote_veto",
            json_name: "burnVoteVeto",
            ty: Type::Bool,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "min_deposit_ratio",
            json_name: "minDepositRatio",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_GOV_V1_PROPOSAL: Message = Message {
    full_name: "cosmos.gov.v1.Proposal",
    fields: &[
        Field { name: "id", json_name: "id", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "messages",
            json_name: "messages",
            ty: Type::Any(&crate::modules::interfaces::COSMOS_BASE_V1BETA1_MSG),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "status",
            json_name: "status",
            ty: Type::Enum(&crate::modules::gov::COSMOS_GOV_V1_PROPOSALSTATUS),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "final_tally_result",
            json_name: "finalTallyResult",
            ty: Type::Msg(&crate::modules::gov::COSMOS_GOV_V1_TALLYRESULT),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "submit_time",
            json_name: "submitTime",
            ty: Type::Timestamp,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "deposit_end_time",
            json_name: "depositEndTime",
            ty: Type::Timestamp,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "total_deposit",
            json_name: "totalDeposit",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "voting_start_time",
            json_name: "votingStartTime",
            ty: Type::Timestamp,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "voting_end_time",
            json_name: "votingEndTime",
            ty: Type::Timestamp,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "metadata", json_name: "metadata", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "title", json_name: "title", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "summary", json_name: "summary", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "proposer", json_name: "proposer", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "expedited",
            json_name: "expedited",
            ty: Type::Bool,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "failed_reason",
            json_name: "failedReason",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_GOV_V1_PROPOSALSTATUS: EnumDef = EnumDef {
    full_name: "cosmos.gov.v1.ProposalStatus",
    values: &[
        ("PROPOSAL_STATUS_UNSPECIFIED", 0),
        ("PROPOSAL_STATUS_DEPOSIT_PERIOD", 1),
        ("PROPOSAL_STATUS_VOTING_PERIOD", 2),
        ("PROPOSAL_STATUS_PASSED", 3),
        ("PROPOSAL_STATUS_REJECTED", 4),
        ("PROPOSAL_STATUS_FAILED", 5),
    ],
};

pub static COSMOS_GOV_V1_TALLYPARAMS: Message = Message {
    full_name: "cosmos.gov.v1.TallyParams",
    fields: &[
        Field { name: "quorum", json_name: "quorum", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "threshold",
            json_name: "threshold",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "veto_threshold",
            json_name: "vetoThreshold",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_GOV_V1_TALLYRESULT: Message = Message {
    full_name: "cosmos.gov.v1.TallyResult",
    fields: &[
        Field { name: "yes_count", json_name: "yesCount", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "abstain_count",
            json_name: "abstainCount",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "no_count", json_name: "noCount", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "no_with_veto_count",
            json_name: "noWithVetoCount",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_GOV_V1_VOTE: Message = Message {
    full_name: "cosmos.gov.v1.Vote",
    fields: &[
        Field {
            name: "proposal_id",
            json_name: "proposalId",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "voter", json_name: "voter", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "options",
            json_name: "options",
            ty: Type::Msg(&crate::modules::gov::COSMOS_GOV_V1_WEIGHTEDVOTEOPTION),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field { name: "metadata", json_name: "metadata", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static COSMOS_GOV_V1_VOTEOPTION: EnumDef = EnumDef {
    full_name: "cosmos.gov.v1.VoteOption",
    values: &[
        ("VOTE_OPTION_UNSPECIFIED", 0),
        ("VOTE_OPTION_YES", 1),
        ("VOTE_OPTION_ABSTAIN", 2),
        ("VOTE_OPTION_NO", 3),
        ("VOTE_OPTION_NO_WITH_VETO", 4),
    ],
};

pub static COSMOS_GOV_V1_VOTINGPARAMS: Message = Message {
    full_name: "cosmos.gov.v1.VotingParams",
    fields: &[Field {
        name: "voting_period",
        json_name: "votingPeriod",
        ty: Type::Duration,
        card: Card::One,
        nullable: true,
        oneof: None,
    }],
};

pub static COSMOS_GOV_V1_WEIGHTEDVOTEOPTION: Message = Message {
    full_name: "cosmos.gov.v1.WeightedVoteOption",
    fields: &[
        Field {
            name: "option",
            json_name: "option",
            ty: Type::Enum(&crate::modules::gov::COSMOS_GOV_V1_VOTEOPTION),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "weight", json_name: "weight", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static COSMOS_GOV_V1BETA1_TEXTPROPOSAL: Message = Message {
    full_name: "cosmos.gov.v1beta1.TextProposal",
    fields: &[
        Field { name: "title", json_name: "title", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "description",
            json_name: "description",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};
