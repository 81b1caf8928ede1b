#!/usr/bin/env bash
# nextest setup script of the crash test's power cuts (see .config/nextest.toml): builds the
# genesis-runner with its `failpoints` feature once, before the test and outside its timeout, in
# a target dir of its own, and hands its path to the test.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet -p runner --bin genesis-runner --features failpoints --target-dir target/failpoints
bin="$PWD/target/failpoints/debug/genesis-runner"
if [ -n "${NEXTEST_ENV:-}" ]; then
  printf 'GENESIS_RUNNER_FAILPOINTS_BIN=%s\n' "$bin" >>"$NEXTEST_ENV"
fi
echo "crash test runs $bin" >&2
