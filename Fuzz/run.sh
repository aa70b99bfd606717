#!/usr/bin/env bash
# Fuzzes one of bigram's loaders with libFuzzer and AddressSanitizer:
#
#   Fuzz/run.sh corpus|checkpoint|numpy|expression|arpa SECONDS
#
# Builds the fuzz package (release, -sanitize=fuzzer,address; linked by lld, since gold crashes on
# it), then runs the target for SECONDS on its seeds (Seeds/TARGET) and on what earlier runs kept
# (corpus-TARGET/, git-ignored). A crash,
# a failed check, a timeout (10 s) or an out-of-memory (4 GiB) leaves the input in artifacts/ and
# exits non-zero. libFuzzer's last lines give the exec count (stat::number_of_executed_units).
set -euo pipefail
cd "$(dirname "$0")"
usage="usage: $0 corpus|checkpoint|numpy|expression|arpa SECONDS"
case "${1:-}" in
  corpus) product=FuzzCorpus max_len=8192 ;;
  checkpoint) product=FuzzCheckpoint max_len=16384 ;;
  numpy) product=FuzzNumPy max_len=4096 ;;
  expression) product=FuzzExpression max_len=4096 ;;
  arpa) product=FuzzARPA max_len=8192 ;;
  *) echo "$usage" >&2; exit 64 ;;
esac
seconds="${2:?$usage}"
swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld --product "$product"
mkdir -p "corpus-$1" artifacts
# Leak checking is off: the Swift runtime keeps metadata caches for the life of the process,
# which LeakSanitizer would report after every input.
exec ".build/release/$product" "corpus-$1" "Seeds/$1" -max_total_time="$seconds" -max_len="$max_len" \
  -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 -print_final_stats=1 -artifact_prefix="artifacts/$1-"
