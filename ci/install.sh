#!/usr/bin/env bash
# Installs what a fresh machine of our kind lacks. Idempotent; safe to run twice.
set -euo pipefail
if ! command -v cargo >/dev/null; then
  echo "cargo is required (rustup toolchain); this machine kind ships it" >&2
  exit 1
fi
if ! cargo nextest --version >/dev/null 2>&1; then
  cargo install cargo-nextest --locked
fi
