//! Schema of the `inference` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `inference/inference/contracts.proto`
//! - `inference/inference/genesis.proto`
//! - `inference/inference/model.proto`
//! - `inference/inference/params.proto`
//! - `inference/inference/participant.proto`
//! (proto roots and versions: `app-genesis/README.md`). Regenerate rather than edit.

use crate::schema::*;

pub static INFERENCE_INFERENCE_BANDWIDTHLIMITSPARAMS: Message = Message {
    full_name: "inference.inference.BandwidthLimitsParams",
    fields: &[
        Field { name: "estimated_limits_per_block_kb", json_name: "estimatedLimitsPerBlockKb", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "kb_per_input_token", json_name: "kbPerInputToken", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "kb_per_output_token", json_name: "kbPerOutputToken", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
    ],
};

pub static INFERENCE_INFERENCE_BITCOINREWARDPARAMS: Message = Message {
    full_name: "inference.inference.BitcoinRewardParams",
    fields: &[
        Field { name: "use_bitcoin_rewards", json_name: "useBitcoinRewards", ty: Type::Bool, card: Card::One, nullable: true, oneof: None },
        Field { name: "initial_epoch_reward", json_name: "initialEpochReward", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "decay_rate", json_name: "decayRate", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "genesis_epoch", json_name: "genesisEpoch", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "utilization_bonus_factor", json_name: "utilizationBonusFactor", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "full_coverage_bonus_factor", json_name: "fullCoverageBonusFactor", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "partial_coverage_bonus_factor", json_name: "partialCoverageBonusFactor", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
    ],
};

pub static INFERENCE_INFERENCE_COLLATERALPARAMS: Message = Message {
    full_name: "inference.inference.CollateralParams",
    fields: &[
        Field { name: "slash_fraction_invalid", json_name: "slashFractionInvalid", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "slash_fraction_downtime", json_name: "slashFractionDowntime", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "downtime_missed_percentage_threshold", json_name: "downtimeMissedPercentageThreshold", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "grace_period_end_epoch", json_name: "gracePeriodEndEpoch", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "base_weight_ratio", json_name: "baseWeightRatio", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "collateral_per_weight_unit", json_name: "collateralPerWeightUnit", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
    ],
};

pub static INFERENCE_INFERENCE_COSMWASMPARAMS: Message = Message {
    full_name: "inference.inference.CosmWasmParams",
    fields: &[
        Field { name: "cw20_code", json_name: "cw20Code", ty: Type::Bytes, card: Card::One, nullable: true, oneof: None },
        Field { name: "cw20_code_id", json_name: "cw20CodeId", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static INFERENCE_INFERENCE_CURRENTEPOCHSTATS: Message = Message {
    full_name: "inference.inference.CurrentEpochStats",
    fields: &[
        Field { name: "inference_count", json_name: "inferenceCount", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "missed_requests", json_name: "missedRequests", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "earned_coins", json_name: "earnedCoins", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "rewarded_coins", json_name: "rewardedCoins", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "burned_coins", json_name: "burnedCoins", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "validated_inferences", json_name: "validatedInferences", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "invalidated_inferences", json_name: "invalidatedInferences", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static INFERENCE_INFERENCE_DECIMAL: Message = Message {
    full_name: "inference.inference.Decimal",
    fields: &[
        Field { name: "value", json_name: "value", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "exponent", json_name: "exponent", ty: Type::I32, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static INFERENCE_INFERENCE_DYNAMICPRICINGPARAMS: Message = Message {
    full_name: "inference.inference.DynamicPricingParams",
    fields: &[
        Field { name: "stability_zone_lower_bound", json_name: "stabilityZoneLowerBound", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "stability_zone_upper_bound", json_name: "stabilityZoneUpperBound", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "price_elasticity", json_name: "priceElasticity", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "utilization_window_duration", json_name: "utilizationWindowDuration", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "min_per_token_price", json_name: "minPerTokenPrice", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "base_per_token_price", json_name: "basePerTokenPrice", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "grace_period_end_epoch", json_name: "gracePeriodEndEpoch", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "grace_period_per_token_price", json_name: "gracePeriodPerTokenPrice", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static INFERENCE_INFERENCE_EPOCHPARAMS: Message = Message {
    full_name: "inference.inference.EpochParams",
    fields: &[
        Field { name: "epoch_length", json_name: "epochLength", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "epoch_multiplier", json_name: "epochMultiplier", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "epoch_shift", json_name: "epochShift", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "default_unit_of_compute_price", json_name: "defaultUnitOfComputePrice", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "poc_stage_duration", json_name: "pocStageDuration", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "poc_exchange_duration", json_name: "pocExchangeDuration", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "poc_validation_delay", json_name: "pocValidationDelay", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "poc_validation_duration", json_name: "pocValidationDuration", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "set_new_validators_delay", json_name: "setNewValidatorsDelay", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "inference_validation_cutoff", json_name: "inferenceValidationCutoff", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "inference_pruning_epoch_threshold", json_name: "inferencePruningEpochThreshold", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static INFERENCE_INFERENCE_GENESISONLYPARAMS: Message = Message {
    full_name: "inference.inference.GenesisOnlyParams",
    fields: &[
        Field { name: "total_supply", json_name: "totalSupply", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "originator_supply", json_name: "originatorSupply", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "top_reward_amount", json_name: "topRewardAmount", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "standard_reward_amount", json_name: "standardRewardAmount", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "pre_programmed_sale_amount", json_name: "preProgrammedSaleAmount", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "top_rewards", json_name: "topRewards", ty: Type::I32, card: Card::One, nullable: true, oneof: None },
        Field { name: "supply_denom", json_name: "supplyDenom", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "top_reward_period", json_name: "topRewardPeriod", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "top_reward_payouts", json_name: "topRewardPayouts", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "top_reward_payouts_per_miner", json_name: "topRewardPayoutsPerMiner", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "top_reward_max_duration", json_name: "topRewardMaxDuration", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "max_individual_power_percentage", json_name: "maxIndividualPowerPercentage", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "genesis_guardian_enabled", json_name: "genesisGuardianEnabled", ty: Type::Bool, card: Card::One, nullable: true, oneof: None },
        Field { name: "genesis_guardian_network_maturity_threshold", json_name: "genesisGuardianNetworkMaturityThreshold", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "genesis_guardian_multiplier", json_name: "genesisGuardianMultiplier", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "genesis_guardian_addresses", json_name: "genesisGuardianAddresses", ty: Type::Str, card: Card::Repeated, nullable: true, oneof: None },
    ],
};

pub static INFERENCE_INFERENCE_GENESISSTATE: Message = Message {
    full_name: "inference.inference.GenesisState",
    fields: &[
        Field { name: "params", json_name: "params", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_PARAMS), card: Card::One, nullable: false, oneof: None },
        Field { name: "genesis_only_params", json_name: "genesisOnlyParams", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_GENESISONLYPARAMS), card: Card::One, nullable: false, oneof: None },
        Field { name: "model_list", json_name: "modelList", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_MODEL), card: Card::Repeated, nullable: false, oneof: None },
        Field { name: "cosm_wasm_params", json_name: "cosmWasmParams", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_COSMWASMPARAMS), card: Card::One, nullable: false, oneof: None },
        Field { name: "participant_list", json_name: "participantList", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_PARTICIPANT), card: Card::Repeated, nullable: false, oneof: None },
    ],
};

pub static INFERENCE_INFERENCE_MODEL: Message = Message {
    full_name: "inference.inference.Model",
    fields: &[
        Field { name: "proposed_by", json_name: "proposedBy", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "id", json_name: "id", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "units_of_compute_per_token", json_name: "unitsOfComputePerToken", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "context_window", json_name: "contextWindow", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "quantization", json_name: "quantization", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "coins_per_input_token", json_name: "coinsPerInputToken", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "coins_per_output_token", json_name: "coinsPerOutputToken", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "hf_repo", json_name: "hfRepo", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "hf_commit", json_name: "hfCommit", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "model_args", json_name: "modelArgs", ty: Type::Str, card: Card::Repeated, nullable: true, oneof: None },
        Field { name: "v_ram", json_name: "vRam", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "throughput_per_nonce", json_name: "throughputPerNonce", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "validation_threshold", json_name: "validationThreshold", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
    ],
};

pub static INFERENCE_INFERENCE_PARAMS: Message = Message {
    full_name: "inference.inference.Params",
    fields: &[
        Field { name: "epoch_params", json_name: "epochParams", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_EPOCHPARAMS), card: Card::One, nullable: true, oneof: None },
        Field { name: "validation_params", json_name: "validationParams", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_VALIDATIONPARAMS), card: Card::One, nullable: true, oneof: None },
        Field { name: "poc_params", json_name: "pocParams", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_POCPARAMS), card: Card::One, nullable: true, oneof: None },
        Field { name: "tokenomics_params", json_name: "tokenomicsParams", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_TOKENOMICSPARAMS), card: Card::One, nullable: true, oneof: None },
        Field { name: "collateral_params", json_name: "collateralParams", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_COLLATERALPARAMS), card: Card::One, nullable: true, oneof: None },
        Field { name: "bitcoin_reward_params", json_name: "bitcoinRewardParams", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_BITCOINREWARDPARAMS), card: Card::One, nullable: true, oneof: None },
        Field { name: "dynamic_pricing_params", json_name: "dynamicPricingParams", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DYNAMICPRICINGPARAMS), card: Card::One, nullable: true, oneof: None },
        Field { name: "bandwidth_limits_params", json_name: "bandwidthLimitsParams", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_BANDWIDTHLIMITSPARAMS), card: Card::One, nullable: true, oneof: None },
    ],
};

pub static INFERENCE_INFERENCE_PARTICIPANT: Message = Message {
    full_name: "inference.inference.Participant",
    fields: &[
        Field { name: "index", json_name: "index", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "address", json_name: "address", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "weight", json_name: "weight", ty: Type::I32, card: Card::One, nullable: true, oneof: None },
        Field { name: "join_time", json_name: "joinTime", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "join_height", json_name: "joinHeight", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "last_inference_time", json_name: "lastInferenceTime", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "inference_url", json_name: "inferenceUrl", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "status", json_name: "status", ty: Type::Enum(&crate::modules::inference::INFERENCE_INFERENCE_PARTICIPANTSTATUS), card: Card::One, nullable: true, oneof: None },
        Field { name: "coin_balance", json_name: "coinBalance", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "validator_key", json_name: "validatorKey", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "consecutive_invalid_inferences", json_name: "consecutiveInvalidInferences", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "worker_public_key", json_name: "workerPublicKey", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "epochs_completed", json_name: "epochsCompleted", ty: Type::U32, card: Card::One, nullable: true, oneof: None },
        Field { name: "current_epoch_stats", json_name: "currentEpochStats", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_CURRENTEPOCHSTATS), card: Card::One, nullable: true, oneof: None },
    ],
};

pub static INFERENCE_INFERENCE_PARTICIPANTSTATUS: EnumDef = EnumDef { full_name: "inference.inference.ParticipantStatus", values: &[("UNSPECIFIED", 0), ("ACTIVE", 1), ("INACTIVE", 2), ("INVALID", 3), ("RAMPING", 4)] };

pub static INFERENCE_INFERENCE_POCPARAMS: Message = Message {
    full_name: "inference.inference.PocParams",
    fields: &[
        Field { name: "default_difficulty", json_name: "defaultDifficulty", ty: Type::I32, card: Card::One, nullable: true, oneof: None },
        Field { name: "validation_sample_size", json_name: "validationSampleSize", ty: Type::I32, card: Card::One, nullable: true, oneof: None },
        Field { name: "poc_data_pruning_epoch_threshold", json_name: "pocDataPruningEpochThreshold", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static INFERENCE_INFERENCE_TOKENOMICSPARAMS: Message = Message {
    full_name: "inference.inference.TokenomicsParams",
    fields: &[
        Field { name: "subsidy_reduction_interval", json_name: "subsidyReductionInterval", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "subsidy_reduction_amount", json_name: "subsidyReductionAmount", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "current_subsidy_percentage", json_name: "currentSubsidyPercentage", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "top_reward_allowed_failure", json_name: "topRewardAllowedFailure", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "top_miner_poc_qualification", json_name: "topMinerPocQualification", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "work_vesting_period", json_name: "workVestingPeriod", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "reward_vesting_period", json_name: "rewardVestingPeriod", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "top_miner_vesting_period", json_name: "topMinerVestingPeriod", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static INFERENCE_INFERENCE_VALIDATIONPARAMS: Message = Message {
    full_name: "inference.inference.ValidationParams",
    fields: &[
        Field { name: "false_positive_rate", json_name: "falsePositiveRate", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "min_ramp_up_measurements", json_name: "minRampUpMeasurements", ty: Type::I32, card: Card::One, nullable: true, oneof: None },
        Field { name: "pass_value", json_name: "passValue", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "min_validation_average", json_name: "minValidationAverage", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "max_validation_average", json_name: "maxValidationAverage", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "expiration_blocks", json_name: "expirationBlocks", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "epochs_to_max", json_name: "epochsToMax", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "full_validation_traffic_cutoff", json_name: "fullValidationTrafficCutoff", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "min_validation_halfway", json_name: "minValidationHalfway", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "min_validation_traffic_cutoff", json_name: "minValidationTrafficCutoff", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "miss_percentage_cutoff", json_name: "missPercentageCutoff", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "miss_requests_penalty", json_name: "missRequestsPenalty", ty: Type::Msg(&crate::modules::inference::INFERENCE_INFERENCE_DECIMAL), card: Card::One, nullable: true, oneof: None },
        Field { name: "timestamp_expiration", json_name: "timestampExpiration", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "timestamp_advance", json_name: "timestampAdvance", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "estimated_limits_per_block_kb", json_name: "estimatedLimitsPerBlockKb", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
    ],
};

