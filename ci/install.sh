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
# The docker tests need a running engine. This machine kind starts one before a session, but a CI
# run has been seen to begin with none answering (the setup script then cancelled every test), so
# wait for one that is still starting, install Debian's if there is none, and start it if stopped.
if ! docker info >/dev/null 2>&1; then
  if ! command -v dockerd >/dev/null && command -v apt-get >/dev/null; then
    sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo
    $sudo_ apt-get update -qq && $sudo_ apt-get install -y -qq docker.io >/dev/null
  fi
  for _ in $(seq 10); do docker info >/dev/null 2>&1 && break; sleep 1; done
  if ! docker info >/dev/null 2>&1 && command -v dockerd >/dev/null; then
    echo "ci/install.sh: no Docker engine answers; starting dockerd (log: /tmp/ci-dockerd.log)" >&2
    sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo
    $sudo_ setsid nohup dockerd >/tmp/ci-dockerd.log 2>&1 < /dev/null &
    for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
    docker info >/dev/null 2>&1 || { echo "ci/install.sh: dockerd did not come up:" >&2; tail -5 /tmp/ci-dockerd.log >&2; }
  fi
fi
# The docker tests drive docker/compose.yml with Compose v1 (`docker-compose`), as this machine
# kind ships it from Debian.
if ! command -v docker-compose >/dev/null && command -v apt-get >/dev/null; then
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo
  $sudo_ apt-get update -qq && $sudo_ apt-get install -y -qq docker-compose >/dev/null
fi
# The partition scenario on the process backend puts each host in a network namespace of its own
# (harness::netns): `ip` from iproute2, and iptables where bridged traffic passes it.
if { ! command -v ip >/dev/null || ! command -v iptables >/dev/null; } && command -v apt-get >/dev/null; then
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo
  $sudo_ apt-get update -qq && $sudo_ apt-get install -y -qq iproute2 iptables >/dev/null
fi
# The docker tests over ssh:// (harness/tests/docker.rs) run an sshd beside each test machine's
# engine and reach it with the system ssh client, as bollard's and compose's ssh transports do
# (docker-py imports paramiko for any ssh:// host, even when it shells out to ssh).
if { [ ! -x /usr/sbin/sshd ] || ! command -v ssh >/dev/null || ! command -v ssh-keygen >/dev/null \
  || ! /usr/bin/python3 -c 'import paramiko' 2>/dev/null; } && command -v apt-get >/dev/null; then
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo
  $sudo_ apt-get update -qq && $sudo_ apt-get install -y -qq openssh-server openssh-client python3-paramiko >/dev/null
fi
# josekit (a test-only dependency: an independent JOSE implementation that opens the keyrings the
# stand-in writes) links OpenSSL through pkg-config.
if ! pkg-config --exists openssl 2>/dev/null && command -v apt-get >/dev/null; then
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo
  $sudo_ apt-get update -qq && $sudo_ apt-get install -y -qq pkg-config libssl-dev >/dev/null
fi
# The TLS engine tests (harness/tests/support/engines.rs) make a CA and certificates with `openssl`.
if ! command -v openssl >/dev/null && command -v apt-get >/dev/null; then
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo
  $sudo_ apt-get update -qq && $sudo_ apt-get install -y -qq openssl >/dev/null
fi
# The report's browser test (harness/tests/browser.rs) opens report.html in headless Chromium.
if ! command -v chromium >/dev/null && command -v apt-get >/dev/null; then
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo
  $sudo_ apt-get update -qq && $sudo_ apt-get install -y -qq chromium >/dev/null
fi
