#!/usr/bin/env bash
# The README's test command, and what CI runs (through .ci/run, with CI=true): installs what a
# fresh machine of our kind lacks, checks formatting and lints, then runs every test. Arguments
# go to nextest (e.g. `bash ci/test.sh -p runner`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/install.sh
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
# Every skipped test appends a line here (testkit::skip): listed after the run, so a skip is
# in the summary rather than only in the hidden output of a test that passed.
skipped=target/skipped-tests.txt
mkdir -p target && rm -f "$skipped"
status=0
cargo nextest run --workspace "$@" || status=$?
# nextest does not run doc tests: the library's documented examples (harness::spec, ::testnet).
if [ "$#" -eq 0 ]; then
  cargo test --doc --workspace --quiet || status=$?
fi
if [ -s "$skipped" ]; then
  echo "SKIPPED: $(sort -u "$skipped" | wc -l) test(s) did not run on this machine:" >&2
  sort -u "$skipped" | sed 's/^/  /' >&2
else
  echo "skipped: none" >&2
fi
exit "$status"
