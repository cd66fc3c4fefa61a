#!/usr/bin/env bash
# Every figure of docs/PERFORMANCE.md, in one run (about 10–15 minutes on
# 2 cores). Output goes to $OUT (default ./bench-out), one file per part.
# Run it on an idle machine: the load average is printed before each part.
#
#   scripts/bench-report.sh
#   COUNT=3 OUT=/tmp/b scripts/bench-report.sh
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-5}
OUT=${OUT:-bench-out}
mkdir -p "$OUT"

run() {
	local name=$1
	shift
	echo "== $name (load $(cut -d' ' -f1-3 /proc/loadavg))"
	{ echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"; echo "# $*"; "$@"; } 2>&1 | tee "$OUT/$name.txt" | grep -E '^(Benchmark|ok|FAIL|#)' || true
}

# The floor: AEAD, envelope, bbolt commit, fsync, Argon2id with the defaults.
run floor go test -run '^$' -bench 'Floor|KDFDefault|UnlockDefault' -benchtime 100x -count "$COUNT" ./store/
# Keystroke on home: the existing benchmark (10,000 fake residents) and on demo data.
run keystroke go test -run '^$' -bench 'HomeKeystroke' -benchtime 2s -count "$COUNT" ./tui/app/
# Unlock to a usable home screen, home load parts, statistics load (in process).
run home go test -run '^$' -bench 'HomeReady' -benchtime 3x -count "$COUNT" ./cmd/spreekuur/
# Unlock to the agenda ("deze week") on screen, and its parts.
run agenda env SPREEKUUR_BENCH_SIZES=10000 go test -run '^$' -bench 'AgendaReady' -benchtime 5x -count "$COUNT" ./cmd/spreekuur/
run homeparts go test -run '^$' -bench 'HomeLoadParts' -benchtime 5x -count 3 ./cmd/spreekuur/
run statsload go test -run '^$' -bench 'StatsLoad' -benchmem -benchtime 3x -count 3 ./cmd/spreekuur/
# One intake step saved (seal + commit): 500 saves per run for a stable p99.
run stepsave go test -run '^$' -bench 'StepSave' -benchtime 500x -count "$COUNT" ./cmd/spreekuur/
# Whole process: export stats, export bundle, import, check.
run process env RUNS=3 BENCH_DIR="${BENCH_DIR:-/tmp/spreekuur-bench-process}" scripts/bench-process.sh
