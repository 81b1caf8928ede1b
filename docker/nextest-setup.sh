#!/usr/bin/env bash
# nextest setup script of the docker tests (see .config/nextest.toml): builds or finds the
# images once per test run, outside any test's timeout, and hands their references to the tests.
# Without a usable engine it says the docker tests will skip; under CI=true it fails instead.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! docker info >/dev/null 2>&1 || ! command -v docker-compose >/dev/null; then
  if [ "${CI:-}" = true ]; then
    echo "CI=true: the docker tests need a running Docker engine and docker-compose" >&2
    command -v docker-compose >/dev/null || echo "  docker-compose: not found" >&2
    docker info 2>&1 >/dev/null | head -3 | sed 's/^/  docker info: /' >&2
    exit 1
  fi
  echo "no usable Docker engine or docker-compose: the docker tests will SKIP" >&2
  exit 0
fi
refs=$(bash docker/build-images.sh)
node=$(grep '^genesis-ceremony/node:' <<<"$refs")
tmkms=$(grep '^genesis-ceremony/tmkms:' <<<"$refs")
if [ -n "${NEXTEST_ENV:-}" ]; then
  printf 'NODE_IMAGE=%s\nTMKMS_IMAGE=%s\n' "$node" "$tmkms" >>"$NEXTEST_ENV"
fi
echo "docker tests run $node and $tmkms" >&2
