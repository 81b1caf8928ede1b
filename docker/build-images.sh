#!/usr/bin/env bash
# Builds the node and tmkms images from what the workspace builds: static binaries copied into
# FROM-scratch images, so nothing is pulled (the engine here has no registry). Images are
# tagged by the sha256 of their context and rebuilt only when a binary or Dockerfile changed.
# Prints the two image references, one per line.
set -euo pipefail
cd "$(dirname "$0")/.."
# Variables cargo or nextest set for a running test (CARGO_PKG_NAME, ...) would make build
# scripts that watch them (ring's) rerun whenever this is called from a test.
for v in $(compgen -e | grep -E '^(CARGO_(PKG|BIN|CFG|MANIFEST)_.*|NEXTEST_.*|CARGO_CRATE_NAME|CARGO_PRIMARY_PACKAGE|CARGO_TARGET_TMPDIR|OUT_DIR)$'); do
  unset "$v"
done
target=x86_64-unknown-linux-gnu
target_dir=target/static
RUSTFLAGS="-C target-feature=+crt-static" cargo build --release --locked --quiet \
  --target "$target" --target-dir "$target_dir" -p runner -p simchain -p kms >&2
bin="$target_dir/$target/release"

build() { # name dockerfile binaries...
  local name=$1 dockerfile=$2; shift 2
  local ctx=target/images/$name
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp "docker/$dockerfile" "$ctx/Dockerfile"
  for b in "$@"; do cp "$bin/$b" "$ctx/$b"; strip "$ctx/$b" 2>/dev/null || true; done
  local hash
  hash=$(cd "$ctx" && sha256sum Dockerfile "$@" | sha256sum | cut -c1-12)
  local ref="genesis-ceremony/$name:$hash"
  if ! docker image inspect "$ref" >/dev/null 2>&1; then
    # The classic builder: BuildKit would try to pull a frontend from a registry.
    DOCKER_BUILDKIT=0 docker build --quiet --label genesis-ceremony=image -t "$ref" "$ctx" >&2
  fi
  docker tag "$ref" "genesis-ceremony/$name:latest"
  echo "$ref"
}

build node Dockerfile.node genesis-runner simchaind
build tmkms Dockerfile.tmkms genesis-runner tmkms
