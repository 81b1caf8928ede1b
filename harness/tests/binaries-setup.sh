#!/usr/bin/env bash
# nextest setup script of harness/examples/three_validators.rs (see .config/nextest.toml): the
# example finds its programs as a chain developer's copy would (harness::binaries::Binaries:
# GENESIS_RUNNER_BIN, CHAIN_BINARY, TMKMS_BIN), so they are built here, once, outside its
# timeout, and handed to it. The same build as testkit::binary's (workspace, bins and tests):
# another feature set would relink the binaries the other tests run, and theirs relink them back.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet --workspace --bins --tests
dir="$PWD/target/debug"
case "${CARGO_TARGET_DIR:-}" in
  "") ;;
  /*) dir="$CARGO_TARGET_DIR/debug" ;;
  *) dir="$PWD/$CARGO_TARGET_DIR/debug" ;;
esac
for bin in genesis-runner simchaind tmkms; do
  [ -x "$dir/$bin" ] || { echo "$dir/$bin missing after cargo build" >&2; exit 1; }
done
if [ -n "${NEXTEST_ENV:-}" ]; then
  printf 'GENESIS_RUNNER_BIN=%s\nCHAIN_BINARY=%s\nTMKMS_BIN=%s\n' \
    "$dir/genesis-runner" "$dir/simchaind" "$dir/tmkms" >>"$NEXTEST_ENV"
fi
echo "three_validators runs the binaries in $dir" >&2
