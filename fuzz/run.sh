#!/usr/bin/env bash
# Coverage-guided fuzzing under libFuzzer, outside CI (CI runs the same targets on stable):
#   fuzz/run.sh <target|all> [seconds per target, default 600]
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). Each target starts
# from its checked-in corpus fuzz/corpus/<target> (or its seeds: the real mainnet ceremony
# files), and the corpus is minimised (`cargo fuzz cmin`) and written back afterwards. A crash
# is saved under fuzz/libfuzzer/artifacts/<target>/: copy it into fuzz/corpus/<target>, where
# tests/stable.rs replays every file on stable, and fix the parser.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
targets=(gentx genparticipant genesis peers manifest checksums node_id val_pubkey config_override bech32 coins)
want="${1:?usage: fuzz/run.sh <target|all> [seconds]}"
secs="${2:-600}"
[ "$want" = all ] || targets=("$want")
for t in "${targets[@]}"; do
  corpus="$here/corpus/$t"
  if [ -z "$(ls -A "$corpus" 2>/dev/null)" ]; then
    cargo run -q -p ceremony-fuzz --bin write-seeds -- "$corpus" "$t"
  fi
  echo "== $t: ${secs}s from $(ls "$corpus" | wc -l) corpus entries"
  (cd "$here/libfuzzer" &&
    # -rss_limit_mb: an input that makes a parser allocate without bound fails as a crash;
    # -timeout: one that makes it spin does too.
    cargo +nightly fuzz run --fuzz-dir . "$t" "$corpus" -- \
      -max_total_time="$secs" -rss_limit_mb=1024 -timeout=10 -print_final_stats=1 2>&1 |
      grep -E "^(Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+== ERROR|SUMMARY|Test unit written|#[0-9]+ +DONE)" || true
    cargo +nightly fuzz cmin --fuzz-dir . "$t" "$corpus" >/dev/null 2>&1 || true)
  echo "   corpus now $(ls "$corpus" | wc -l) entries"
done
