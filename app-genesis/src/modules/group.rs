//! Schema of the `group` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmos/group/v1/genesis.proto`
//! - `cosmos/group/v1/types.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMOS_GROUP_V1_DECISIONPOLICYWINDOWS: Message = Message {
    full_name: "cosmos.group.v1.DecisionPolicyWindows",
    fields: &[
        Field {
            name: "voting_period",
            json_name: "votingPeriod",
            ty: Type::Duration,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "min_execution_period",
            json_name: "minExecutionPeriod",
            ty: Type::Duration,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_GROUP_V1_GENESISSTATE: Message = Message {
    full_name: "cosmos.group.v1.GenesisState",
    fields: &[
        Field { name: "group_seq", json_name: "groupSeq", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "groups",
            json_name: "groups",
            ty: Type::Msg(&crate::modules::group::COSMOS_GROUP_V1_GROUPINFO),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "group_members",
            json_name: "groupMembers",
            ty: Type::Msg(&crate::modules::group::COSMOS_GROUP_V1_GROUPMEMBER),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "group_policy_seq",
            json_name: "groupPolicySeq",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "group_policies",
            json_name: "groupPolicies",
            ty: Type::Msg(&crate::modules::group::COSMOS_GROUP_V1_GROUPPOLICYINFO),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "proposal_seq",
            json_name: "proposalSeq",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "proposals",
            json_name: "proposals",
            ty: Type::Msg(&crate::modules::group::COSMOS_GROUP_V1_PROPOSAL),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "votes",
            json_name: "votes",
            ty: Type::Msg(&crate::modules::group::COSMOS_GROUP_V1_VOTE),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_GROUP_V1_GROUPINFO: Message = Message {
    full_name: "cosmos.group.v1.GroupInfo",
    fields: &[
        Field { name: "id", json_name: "id", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "admin", json_name: "admin", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "metadata", json_name: "metadata", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "version", json_name: "version", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "total_weight",
            json_name: "totalWeight",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "created_at",
            json_name: "createdAt",
            ty: Type::Timestamp,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_GROUP_V1_GROUPMEMBER: Message = Message {
    full_name: "cosmos.group.v1.GroupMember",
    fields: &[
        Field { name: "group_id", json_name: "groupId", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "member",
            json_name: "member",
            ty: Type::Msg(&crate::modules::group::COSMOS_GROUP_V1_MEMBER),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_GROUP_V1_GROUPPOLICYINFO: Message = Message {
    full_name: "cosmos.group.v1.GroupPolicyInfo",
    fields: &[
        Field { name: "address", json_name: "address", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "group_id", json_name: "groupId", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "admin", json_name: "admin", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "metadata", json_name: "metadata", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "version", json_name: "version", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "decision_policy",
            json_name: "decisionPolicy",
            ty: Type::Any(&crate::modules::interfaces::COSMOS_GROUP_V1_DECISIONPOLICY),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "created_at",
            json_name: "createdAt",
            ty: Type::Timestamp,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_GROUP_V1_MEMBER: Message = Message {
    full_name: "cosmos.group.v1.Member",
    fields: &[
        Field { name: "address", json_name: "address", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "weight", json_name: "weight", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "metadata", json_name: "metadata", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "added_at",
            json_name: "addedAt",
            ty: Type::Timestamp,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_GROUP_V1_PERCENTAGEDECISIONPOLICY: Message = Message {
    full_name: "cosmos.group.v1.PercentageDecisionPolicy",
    fields: &[
        Field {
            name: "percentage",
            json_name: "percentage",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "windows",
            json_name: "windows",
            ty: Type::Msg(&crate::modules::group::COSMOS_GROUP_V1_DECISIONPOLICYWINDOWS),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_GROUP_V1_PROPOSAL: Message = Message {
    full_name: "cosmos.group.v1.Proposal",
    fields: &[
        Field { name: "id", json_name: "id", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "group_policy_address",
            json_name: "groupPolicyAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "metadata", json_name: "metadata", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "proposers",
            json_name: "proposers",
            ty: Type::Str,
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "submit_time",
            json_name: "submitTime",
            ty: Type::Timestamp,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "group_version",
            json_name: "groupVersion",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "group_policy_version",
            json_name: "groupPolicyVersion",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "status",
            json_name: "status",
            ty: Type::Enum(&crate::modules::group::COSMOS_GROUP_V1_PROPOSALSTATUS),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "final_tally_result",
            json_name: "finalTallyResult",
            ty: Type::Msg(&crate::modules::group::COSMOS_GROUP_V1_TALLYRESULT),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "voting_period_end",
            json_name: "votingPeriodEnd",
            ty: Type::Timestamp,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "executor_result",
            json_name: "executorResult",
            ty: Type::Enum(&crate::modules::group::COSMOS_GROUP_V1_PROPOSALEXECUTORRESULT),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "messages",
            json_name: "messages",
            ty: Type::Any(&crate::modules::interfaces::COSMOS_BASE_V1BETA1_MSG),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field { name: "title", json_name: "title", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "summary", json_name: "summary", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static COSMOS_GROUP_V1_PROPOSALEXECUTORRESULT: EnumDef = EnumDef {
    full_name: "cosmos.group.v1.ProposalExecutorResult",
    values: &[
        ("PROPOSAL_EXECUTOR_RESULT_UNSPECIFIED", 0),
        ("PROPOSAL_EXECUTOR_RESULT_NOT_RUN", 1),
        ("PROPOSAL_EXECUTOR_RESULT_SUCCESS", 2),
        ("PROPOSAL_EXECUTOR_RESULT_FAILURE", 3),
    ],
};

pub static COSMOS_GROUP_V1_PROPOSALSTATUS: EnumDef = EnumDef {
    full_name: "cosmos.group.v1.ProposalStatus",
    values: &[
        ("PROPOSAL_STATUS_UNSPECIFIED", 0),
        ("PROPOSAL_STATUS_SUBMITTED", 1),
        ("PROPOSAL_STATUS_ACCEPTED", 2),
        ("PROPOSAL_STATUS_REJECTED", 3),
        ("PROPOSAL_STATUS_ABORTED", 4),
        ("PROPOSAL_STATUS_WITHDRAWN", 5),
    ],
};

pub static COSMOS_GROUP_V1_TALLYRESULT: Message = Message {
    full_name: "cosmos.group.v1.TallyResult",
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

pub static COSMOS_GROUP_V1_THRESHOLDDECISIONPOLICY: Message = Message {
    full_name: "cosmos.group.v1.ThresholdDecisionPolicy",
    fields: &[
        Field {
            name: "threshold",
            json_name: "threshold",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "windows",
            json_name: "windows",
            ty: Type::Msg(&crate::modules::group::COSMOS_GROUP_V1_DECISIONPOLICYWINDOWS),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_GROUP_V1_VOTE: Message = Message {
    full_name: "cosmos.group.v1.Vote",
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
            name: "option",
            json_name: "option",
            ty: Type::Enum(&crate::modules::group::COSMOS_GROUP_V1_VOTEOPTION),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "metadata", json_name: "metadata", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "submit_time",
            json_name: "submitTime",
            ty: Type::Timestamp,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_GROUP_V1_VOTEOPTION: EnumDef = EnumDef {
    full_name: "cosmos.group.v1.VoteOption",
    values: &[
        ("VOTE_OPTION_UNSPECIFIED", 0),
        ("VOTE_OPTION_YES", 1),
        ("VOTE_OPTION_ABSTAIN", 2),
        ("VOTE_OPTION_NO", 3),
        ("VOTE_OPTION_NO_WITH_VETO", 4),
    ],
};
