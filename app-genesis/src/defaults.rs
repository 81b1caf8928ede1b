//! What `inferenced init --default-denom <denom>` writes as `app_state` at gonka 312044d.
//!
//! `init` (cosmos-sdk `x/genutil/client/cli/init.go`) sets `sdk.DefaultBondDenom` to the given
//! denom, then marshals `BasicManager.DefaultGenesis` (`types/module/module.go`): a Go map, so
//! the sections come out in key order; each module's `DefaultGenesis` is
//! `cdc.MustMarshalJSON(DefaultGenesisState())`, i.e. the canonical jsonpb encoding. So each
//! section below is only the non-zero values of the Go default, completed by
//! [`crate::canonical_section`]; modules without genesis are `null` (the runtime's
//! basic-manager adaptor returns a nil `json.RawMessage`).

use serde_json::{json, Map, Value};

use crate::{canonical_section, SectionKind, SECTIONS};

/// The cw20 code gonka's `GetDefaultCW20ContractsParams` reads from `/root/cw20_base.wasm`;
/// taken from the mainnet draft by `build.rs`.
const CW20_CODE_B64: &str = include_str!(concat!(env!("OUT_DIR"), "/cw20_code.b64"));

/// The non-zero parts of one module's default genesis; `None` for an all-zero message.
fn sparse_default(module: &str, denom: &str) -> Option<Value> {
    // gonka x/inference/types/params.go `DecimalFromFloat` = shopspring decimal's shortest form.
    let dec = |value: &str, exponent: i32| json!({"value": value, "exponent": exponent});
    let v = match module {
        // cosmos-sdk v0.53.3-ps4 x/auth/types/params.go
        "auth" => json!({"params": {"max_memo_characters": "256", "tx_sig_limit": "7", "tx_size_cost_per_byte": "10",
            "sig_verify_cost_ed25519": "590", "sig_verify_cost_secp256k1": "1000"}}),
        // x/bank/types/params.go DefaultDefaultSendEnabled
        "bank" => json!({"params": {"default_send_enabled": true}}),
        // gonka x/bls/types/params.go DefaultParams
        "bls" => {
            json!({"params": {"i_total_slots": 100, "t_slots_degree_offset": 50, "dealing_phase_duration_blocks": "5",
            "verification_phase_duration_blocks": "3", "signing_deadline_blocks": "10"}})
        }
        // ibc-go modules/capability v1.0.0 types/genesis.go DefaultIndex
        "capability" => json!({"index": "1"}),
        // gonka x/collateral/types/params.go DefaultUnbondingPeriodEpochs
        "collateral" => json!({"params": {"unbonding_period_epochs": "1"}}),
        // x/crisis/types/genesis.go
        "crisis" => json!({"constant_fee": {"denom": denom, "amount": "1000"}}),
        // x/distribution/types/params.go
        "distribution" => {
            json!({"params": {"community_tax": "0.02", "base_proposer_reward": "0", "bonus_proposer_reward": "0",
            "withdraw_addr_enabled": true}})
        }
        // x/gov/types/v1/params.go, genesis.go. gov v1's ratios are plain proto strings (only
        // `cosmos_proto.scalar`, no gogoproto customtype), so they stay as DefaultParams writes
        // them: `LegacyDec.String()`.
        "gov" => json!({"starting_proposal_id": "1", "params": {
            "min_deposit": [{"denom": denom, "amount": "10000000"}], "max_deposit_period": "172800s",
            "voting_period": "172800s", "quorum": "0.334000000000000000", "threshold": "0.500000000000000000",
            "veto_threshold": "0.334000000000000000", "min_initial_deposit_ratio": "0.000000000000000000",
            "proposal_cancel_ratio": "0.500000000000000000", "expedited_voting_period": "86400s",
            "expedited_threshold": "0.667000000000000000", "expedited_min_deposit": [{"denom": denom, "amount": "50000000"}],
            "burn_vote_veto": true, "min_deposit_ratio": "0.010000000000000000"}}),
        // ibc-go v8.2.0 02-client/03-connection/04-channel types/params.go
        "ibc" => json!({
            "client_genesis": {"params": {"allowed_clients": ["*"]}},
            "connection_genesis": {"params": {"max_expected_time_per_block": "30000000000"}},
            "channel_genesis": {"params": {"upgrade_timeout": {"timestamp": "600000000000"}}}}),
        // gonka x/inference/types/genesis.go GenerateGenesis(false), params.go, contracts.go
        "inference" => json!({
            "params": {
                "epoch_params": {"epoch_length": "40", "epoch_multiplier": "1", "default_unit_of_compute_price": "100",
                    "poc_stage_duration": "10", "poc_exchange_duration": "2", "poc_validation_delay": "2",
                    "poc_validation_duration": "6", "set_new_validators_delay": "1", "inference_pruning_epoch_threshold": "2"},
                "validation_params": {"false_positive_rate": dec("5", -2), "min_ramp_up_measurements": 10,
                    "pass_value": dec("99", -2), "min_validation_average": dec("1", -2), "max_validation_average": dec("1", 0),
                    "expiration_blocks": "20", "epochs_to_max": "30", "full_validation_traffic_cutoff": "10000",
                    "min_validation_halfway": dec("5", -2), "min_validation_traffic_cutoff": "100",
                    "miss_percentage_cutoff": dec("1", -2), "miss_requests_penalty": dec("1", 0),
                    "timestamp_expiration": "60", "timestamp_advance": "30"},
                "poc_params": {"default_difficulty": 5, "validation_sample_size": 200, "poc_data_pruning_epoch_threshold": "1"},
                "tokenomics_params": {"subsidy_reduction_interval": dec("5", -2), "subsidy_reduction_amount": dec("2", -1),
                    "current_subsidy_percentage": dec("9", -1), "top_reward_allowed_failure": dec("1", -1),
                    "top_miner_poc_qualification": "10"},
                "collateral_params": {"slash_fraction_invalid": dec("2", -1), "slash_fraction_downtime": dec("1", -1),
                    "downtime_missed_percentage_threshold": dec("5", -2), "grace_period_end_epoch": "180",
                    "base_weight_ratio": dec("2", -1), "collateral_per_weight_unit": dec("1", 0)},
                "bitcoin_reward_params": {"use_bitcoin_rewards": true, "initial_epoch_reward": "285000000000000",
                    "decay_rate": dec("-475", -6), "genesis_epoch": "1", "utilization_bonus_factor": dec("5", -1),
                    "full_coverage_bonus_factor": dec("12", -1), "partial_coverage_bonus_factor": dec("1", -1)},
                "dynamic_pricing_params": {"stability_zone_lower_bound": dec("4", -1), "stability_zone_upper_bound": dec("6", -1),
                    "price_elasticity": dec("5", -2), "utilization_window_duration": "60", "min_per_token_price": "1",
                    "base_per_token_price": "100", "grace_period_end_epoch": "90"}},
            "genesis_only_params": {"total_supply": "1000000000000000000", "originator_supply": "160000000000000000",
                "top_reward_amount": "120000000000000000", "standard_reward_amount": "600000000000000000",
                "pre_programmed_sale_amount": "120000000000000000", "top_rewards": 3, "supply_denom": "ngonka",
                "top_reward_period": "31536000", "top_reward_payouts": "12", "top_reward_payouts_per_miner": "4",
                "top_reward_max_duration": "126144000", "max_individual_power_percentage": dec("25", -2),
                "genesis_guardian_enabled": true, "genesis_guardian_network_maturity_threshold": "2000000",
                "genesis_guardian_multiplier": dec("52", -2)},
            "cosm_wasm_params": {"cw20_code": CW20_CODE_B64.trim(), "cw20_code_id": "0"}}),
        // ibc-go v8.2.0 27-interchain-accounts genesis/types/genesis.go, controller+host types/params.go
        "interchainaccounts" => json!({
            "controller_genesis_state": {"params": {"controller_enabled": true}},
            "host_genesis_state": {"port": "icahost", "params": {"host_enabled": true, "allow_messages": ["*"]}}}),
        // x/mint/types/params.go, minter.go
        "mint" => json!({"minter": {"inflation": "0.13", "annual_provisions": "0"},
            "params": {"mint_denom": denom, "inflation_rate_change": "0.13", "inflation_max": "0.20",
                "inflation_min": "0.07", "goal_bonded": "0.67", "blocks_per_year": "6311520"}}),
        // x/slashing/types/params.go
        "slashing" => json!({"params": {"signed_blocks_window": "100", "min_signed_per_window": "0.5",
            "downtime_jail_duration": "600s", "slash_fraction_double_sign": "0.05", "slash_fraction_downtime": "0.01"}}),
        // x/staking/types/params.go
        "staking" => json!({"params": {"unbonding_time": "1814400s", "max_validators": 100, "max_entries": 7,
            "historical_entries": 10000, "bond_denom": denom, "min_commission_rate": "0"}}),
        // gonka x/streamvesting/types/params.go
        "streamvesting" => json!({"params": {"reward_vesting_period": "180"}}),
        // ibc-go v8.2.0 apps/transfer/types/genesis.go, params.go
        "transfer" => json!({"port_id": "transfer", "params": {"send_enabled": true, "receive_enabled": true}}),
        // wasmd v0.50.0 x/wasm/types/params.go DefaultParams
        "wasm" => {
            json!({"params": {"code_upload_access": {"permission": "Everybody"}, "instantiate_default_permission": "Everybody"}})
        }
        _ => return None,
    };
    Some(v)
}

/// The `app_state` `inferenced init --default-denom <bond_denom>` writes, sections in the
/// order it writes them.
pub fn default_app_state(bond_denom: &str) -> Value {
    let mut out = Map::new();
    for (module, kind) in SECTIONS {
        out.insert((*module).to_string(), section_default(module, *kind, bond_denom));
    }
    Value::Object(out)
}

/// The default of one section, or `None` for a module inferenced does not have.
pub fn default_section(module: &str, bond_denom: &str) -> Option<Value> {
    crate::section_kind(module).map(|kind| section_default(module, kind, bond_denom))
}

fn section_default(module: &str, kind: SectionKind, bond_denom: &str) -> Value {
    match kind {
        SectionKind::NoGenesis => Value::Null,
        SectionKind::IgnoredObject => json!({}),
        SectionKind::Message(_) => {
            let sparse = sparse_default(module, bond_denom).unwrap_or_else(|| json!({}));
            // The sparse values are ours and well-formed (`every_sparse_default_decodes`);
            // should one not be, the sparse form is still the most useful output.
            canonical_section(module, &sparse).unwrap_or(sparse)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sparse_default_decodes() {
        for (module, kind) in SECTIONS {
            if let SectionKind::Message(_) = kind {
                let sparse = sparse_default(module, "ngonka").unwrap_or_else(|| json!({}));
                if let Err(e) = canonical_section(module, &sparse) {
                    panic!("{e}");
                }
            }
        }
    }
}
