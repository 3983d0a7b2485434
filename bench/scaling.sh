#!/usr/bin/env bash
# Instructions per byte of decoding each document kind, in both formats, by size, under
# valgrind's callgrind (collecting inside `decode_once` only, so generating the document
# is not counted): stable where wall-clock time is not (a shared machine).
# Usage: bench/scaling.sh [kind-regex] [sizes…]   (sizes in bytes; default 1 KiB to 32 MiB)
# Prints one row per document, then time(32 MiB) / time(1 MiB) per kind and format.
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_PROFILE_RELEASE_DEBUG=line-tables-only cargo build -q --release -p ucwa-bench --bin scaling
bin=target/release/scaling
filter=${1:-.}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1024 4096 16384 65536 262144 1048576 4194304 16777216 33554432)
kinds=(resource dynamic events events-fallback error-body batch batch-fallback)
echo "| kind | format | size asked | bytes | units | instructions | per byte |"
echo "|---|---|---:|---:|---:|---:|---:|"
results=$(mktemp)
for kind in "${kinds[@]}"; do
  [[ "$kind" =~ $filter ]] || continue
  for format in json xml; do
    for size in "${sizes[@]}"; do
      out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect='*decode_once*' \
        "$bin" one "$kind" "$format" "$size" 2>&1)
      read -r bytes units _ <<<"$(grep -E '^[0-9]+ [0-9]+ ' <<<"$out")"
      ir=$(sed -n 's/.*Collected : //p' <<<"$out")
      echo "$kind $format $size $bytes $ir" >>"$results"
      awk -v k="$kind" -v f="$format" -v s="$size" -v b="$bytes" -v u="$units" -v i="$ir" \
        'BEGIN { printf "| %s | %s | %d | %d | %d | %.0f | %.1f |\n", k, f, s, b, u, i, i / b }'
    done
  done
done
echo
echo "| kind | format | instructions(32 MiB) / instructions(1 MiB) | bytes ratio | per byte, 32 MiB / 1 MiB |"
echo "|---|---|---:|---:|---:|"
awk '$3 == 1048576 { small[$1" "$2] = $5; sb[$1" "$2] = $4 }
     $3 == 33554432 { large[$1" "$2] = $5; lb[$1" "$2] = $4; order[++n] = $1" "$2 }
     END { for (j = 1; j <= n; j++) { k = order[j]; if (k in small) {
       split(k, p, " "); r = large[k] / small[k]; q = lb[k] / sb[k];
       printf "| %s | %s | %.2f | %.2f | %.3f |\n", p[1], p[2], r, q, r / q } } }' "$results"
rm -f "$results"
