#!/usr/bin/env bash
# Coverage-guided fuzzing under libFuzzer, outside CI (CI runs the same targets on stable):
#   fuzz/run.sh <target|all> [seconds per target, default 600]
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and the nightly toolchain; without nightly, the
# stable toolchain with RUSTC_BOOTSTRAP=1 (its sanitizer runtimes ship with rust-std). Each target starts
# from its seeds (fuzz/corpus/<target>/seed-*: the real mainnet ceremony files) and its checked-in
# corpus (fuzz/corpus/<target>.tar.gz), in a working dir under fuzz/libfuzzer/work/. Afterwards
# the corpus is minimised (`cargo fuzz cmin`) and packed back into the archive, deterministically
# (sorted, no times or owners), so that an unchanged corpus leaves no diff. A crash is saved
# under fuzz/libfuzzer/artifacts/<target>/: copy it into fuzz/corpus/<target>/ as a seed-* file,
# where tests/stable.rs replays it on stable, and fix the parser.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
targets=(gentx genparticipant genesis peers manifest checksums node_id val_pubkey config_override bech32 coins accounts_file)
want="${1:?usage: fuzz/run.sh <target|all> [seconds]}"
secs="${2:-600}"
[ "$want" = all ] || targets=("$want")
# A reproducible archive of a corpus dir: the same files give the same bytes.
pack() {
  (cd "$1" && find . -type f -printf '%P\n' | LC_ALL=C sort |
    tar --owner=0 --group=0 --numeric-owner --mtime=@0 --mode=a+r -cf - -T - | gzip -n -9 > "$2.tmp" &&
    mv "$2.tmp" "$2")
}
if cargo +nightly --version >/dev/null 2>&1; then
  fuzz=(cargo +nightly fuzz)
else
  fuzz=(env RUSTC_BOOTSTRAP=1 cargo fuzz)
fi
for t in "${targets[@]}"; do
  seeds="$here/corpus/$t"
  archive="$here/corpus/$t.tar.gz"
  work="$here/libfuzzer/work/$t"
  rm -rf "$work" && mkdir -p "$work"
  if [ -z "$(ls -A "$seeds" 2>/dev/null)" ]; then
    cargo run -q -p ceremony-fuzz --bin write-seeds -- "$seeds" "$t"
  fi
  cp "$seeds"/* "$work"/
  [ -f "$archive" ] && tar -xzf "$archive" -C "$work"
  echo "== $t: ${secs}s from $(ls "$work" | wc -l) corpus entries"
  (cd "$here/libfuzzer" &&
    # -rss_limit_mb: an input that makes a parser allocate without bound fails as a crash;
    # -timeout: one that makes it spin does too.
    "${fuzz[@]}" run --fuzz-dir . "$t" "$work" -- \
      -max_total_time="$secs" -rss_limit_mb=1024 -timeout=10 -print_final_stats=1 2>&1 |
      grep -E "^(Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+== ERROR|SUMMARY|Test unit written|#[0-9]+ +DONE)" || true
    "${fuzz[@]}" cmin --fuzz-dir . "$t" "$work" >/dev/null 2>&1 || true)
  pack "$work" "$archive"
  echo "   corpus now $(ls "$work" | wc -l) entries, $(du -h "$archive" | cut -f1) packed"
done
