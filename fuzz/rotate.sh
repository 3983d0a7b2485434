#!/usr/bin/env bash
# Runs fuzz targets in turn, each for SECONDS (default 600) at the lowest priority on
# one core, and appends each run's executions to runs.log. Build first:
#   RUSTC_BOOTSTRAP=1 cargo fuzz build -O -s none
# (no sanitizer: the crates forbid `unsafe`, so AddressSanitizer has nothing of ours to
# watch and only slows each execution; coverage guidance and panics work without it).
# Usage: ./rotate.sh [SECONDS] [TARGET...]   (default: every target)
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(xml_well_formed events error_bodies batch options json_dynamic xml_dynamic
           typed_registry dates data_uri)
fi
bin=target/x86_64-unknown-linux-gnu/release
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  out=$(nice -n 19 "$bin/$t" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="artifacts/$t/" "corpus/$t" 2>&1)
  execs=$(grep -o 'number_of_executed_units: [0-9]*' <<<"$out" | grep -o '[0-9]*$')
  verdict=ok
  if grep -q 'panicked at' <<<"$out"; then
    verdict="FAILED: $(grep -A2 'panicked at' <<<"$out" | head -3 | tr '\n' ' ' | cut -c1-400)"
  fi
  echo "$(date -u +%FT%TZ) $t ${seconds}s execs=${execs:-?} $verdict" | tee -a runs.log
done
