#!/usr/bin/env bash
# The README's test command, so .ci/run and a developer run exactly the same thing.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo nextest run --workspace "$@"
