//! Interfaces an `Any` may hold: the implementations each module registers with the app's
//! InterfaceRegistry (`RegisterInterfaces` in the Go sources, listed in `tools/gen_schema.py`).

use crate::schema::*;

pub static COSMOS_AUTH_V1BETA1_GENESISACCOUNT: Interface = Interface {
    name: "cosmos.auth.v1beta1.GenesisAccount",
    impls: Some(&[
        &crate::modules::auth::COSMOS_AUTH_V1BETA1_BASEACCOUNT,
        &crate::modules::auth::COSMOS_AUTH_V1BETA1_MODULEACCOUNT,
        &crate::modules::auth::COSMOS_VESTING_V1BETA1_BASEVESTINGACCOUNT,
        &crate::modules::auth::COSMOS_VESTING_V1BETA1_CONTINUOUSVESTINGACCOUNT,
        &crate::modules::auth::COSMOS_VESTING_V1BETA1_DELAYEDVESTINGACCOUNT,
        &crate::modules::auth::COSMOS_VESTING_V1BETA1_PERIODICVESTINGACCOUNT,
        &crate::modules::auth::COSMOS_VESTING_V1BETA1_PERMANENTLOCKEDACCOUNT,
        &crate::modules::interchainaccounts::IBC_APPLICATIONS_INTERCHAIN_ACCOUNTS_V1_INTERCHAINACCOUNT,
    ]),
};

pub static COSMOS_AUTHZ_V1BETA1_AUTHORIZATION: Interface = Interface {
    name: "cosmos.authz.v1beta1.Authorization",
    impls: Some(&[
        &crate::modules::authz::COSMOS_AUTHZ_V1BETA1_GENERICAUTHORIZATION,
        &crate::modules::bank::COSMOS_BANK_V1BETA1_SENDAUTHORIZATION,
        &crate::modules::staking::COSMOS_STAKING_V1BETA1_STAKEAUTHORIZATION,
        &crate::modules::transfer::IBC_APPLICATIONS_TRANSFER_V1_TRANSFERAUTHORIZATION,
        &crate::modules::wasm::COSMWASM_WASM_V1_STORECODEAUTHORIZATION,
        &crate::modules::wasm::COSMWASM_WASM_V1_CONTRACTEXECUTIONAUTHORIZATION,
        &crate::modules::wasm::COSMWASM_WASM_V1_CONTRACTMIGRATIONAUTHORIZATION,
    ]),
};

pub static COSMOS_BASE_V1BETA1_MSG: Interface = Interface { name: "cosmos.base.v1beta1.Msg", impls: None };

pub static COSMOS_CRYPTO_PUBKEY: Interface = Interface {
    name: "cosmos.crypto.PubKey",
    impls: Some(&[
        &crate::modules::crypto::COSMOS_CRYPTO_ED25519_PUBKEY,
        &crate::modules::crypto::COSMOS_CRYPTO_SECP256K1_PUBKEY,
        &crate::modules::crypto::COSMOS_CRYPTO_MULTISIG_LEGACYAMINOPUBKEY,
        &crate::modules::crypto::COSMOS_CRYPTO_SECP256R1_PUBKEY,
    ]),
};

pub static COSMOS_EVIDENCE_V1BETA1_EVIDENCE: Interface = Interface {
    name: "cosmos.evidence.v1beta1.Evidence",
    impls: Some(&[&crate::modules::evidence::COSMOS_EVIDENCE_V1BETA1_EQUIVOCATION]),
};

pub static COSMOS_FEEGRANT_V1BETA1_FEEALLOWANCEI: Interface = Interface {
    name: "cosmos.feegrant.v1beta1.FeeAllowanceI",
    impls: Some(&[
        &crate::modules::feegrant::COSMOS_FEEGRANT_V1BETA1_BASICALLOWANCE,
        &crate::modules::feegrant::COSMOS_FEEGRANT_V1BETA1_PERIODICALLOWANCE,
        &crate::modules::feegrant::COSMOS_FEEGRANT_V1BETA1_ALLOWEDMSGALLOWANCE,
    ]),
};

pub static COSMOS_GOV_V1BETA1_CONTENT: Interface = Interface {
    name: "cosmos.gov.v1beta1.Content",
    impls: Some(&[&crate::modules::gov::COSMOS_GOV_V1BETA1_TEXTPROPOSAL]),
};

pub static COSMOS_GROUP_V1_DECISIONPOLICY: Interface = Interface {
    name: "cosmos.group.v1.DecisionPolicy",
    impls: Some(&[
        &crate::modules::group::COSMOS_GROUP_V1_THRESHOLDDECISIONPOLICY,
        &crate::modules::group::COSMOS_GROUP_V1_PERCENTAGEDECISIONPOLICY,
    ]),
};

pub static COSMOS_NFT_V1BETA1_DATA: Interface = Interface { name: "cosmos.nft.v1beta1.Data", impls: None };

pub static COSMWASM_WASM_V1_CONTRACTAUTHZFILTERX: Interface = Interface {
    name: "cosmwasm.wasm.v1.ContractAuthzFilterX",
    impls: Some(&[
        &crate::modules::wasm::COSMWASM_WASM_V1_ALLOWALLMESSAGESFILTER,
        &crate::modules::wasm::COSMWASM_WASM_V1_ACCEPTEDMESSAGEKEYSFILTER,
        &crate::modules::wasm::COSMWASM_WASM_V1_ACCEPTEDMESSAGESFILTER,
    ]),
};

pub static COSMWASM_WASM_V1_CONTRACTAUTHZLIMITX: Interface = Interface {
    name: "cosmwasm.wasm.v1.ContractAuthzLimitX",
    impls: Some(&[
        &crate::modules::wasm::COSMWASM_WASM_V1_MAXCALLSLIMIT,
        &crate::modules::wasm::COSMWASM_WASM_V1_MAXFUNDSLIMIT,
        &crate::modules::wasm::COSMWASM_WASM_V1_COMBINEDLIMIT,
    ]),
};

pub static COSMWASM_WASM_V1_CONTRACTINFOEXTENSION: Interface =
    Interface { name: "cosmwasm.wasm.v1.ContractInfoExtension", impls: Some(&[]) };

pub static IBC_CORE_CLIENT_V1_CLIENTSTATE: Interface = Interface {
    name: "ibc.core.client.v1.ClientState",
    impls: Some(&[
        &crate::modules::ibc_lightclients::IBC_LIGHTCLIENTS_TENDERMINT_V1_CLIENTSTATE,
        &crate::modules::ibc_lightclients::IBC_LIGHTCLIENTS_SOLOMACHINE_V3_CLIENTSTATE,
        &crate::modules::ibc_lightclients::IBC_LIGHTCLIENTS_LOCALHOST_V2_CLIENTSTATE,
    ]),
};

pub static IBC_CORE_CLIENT_V1_CONSENSUSSTATE: Interface = Interface {
    name: "ibc.core.client.v1.ConsensusState",
    impls: Some(&[
        &crate::modules::ibc_lightclients::IBC_LIGHTCLIENTS_TENDERMINT_V1_CONSENSUSSTATE,
        &crate::modules::ibc_lightclients::IBC_LIGHTCLIENTS_SOLOMACHINE_V3_CONSENSUSSTATE,
    ]),
};
