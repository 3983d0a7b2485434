#!/usr/bin/env bash
# Instructions per call of each benchmarked path, under valgrind's callgrind: stable
# where wall-clock time is not (a shared machine). Usage: bench/callgrind.sh [regex]
# Prints "<group>/<path> <instructions per call>".
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_PROFILE_RELEASE_DEBUG=line-tables-only cargo build -q --release -p ucwa-bench --example profile
bin=target/release/examples/profile
filter=${1:-.}
ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 | sed -n 's/.*Collected : //p'; }
for fixture in presence application events; do
  runs=200; [ "$fixture" = events ] && runs=3
  for kind in json-decode xml-decode json-encode xml-encode; do
    for path in ucwa_typed ucwa_registry ucwa_dyn serde_struct serde_value qx_raw qx_serde; do
      case_="$fixture-$kind/$path"
      [[ "$case_" =~ $filter ]] || continue
      case "$fixture-$kind/$path" in *json-*/qx_*|*xml-*/serde_*|*encode/qx_raw|events-*/ucwa_registry|*encode/ucwa_registry) continue;; esac
      base=$(ir "$case_" 0); total=$(ir "$case_" "$runs")
      echo "$case_ $(( (total - base) / runs ))"
    done
  done
done
