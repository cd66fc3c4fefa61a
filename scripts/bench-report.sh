#!/usr/bin/env bash
# Every figure of docs/PERFORMANCE.md, in one run. Output goes to $OUT
# (default ./bench-out), one file per part, and the table of them all in
# $OUT/summary.md (cmd/benchsummary); the load average is recorded
# before each part. Run it on a machine as idle as you can get.
#
#   scripts/bench-report.sh                         # 1k, 10k and 100k residents (an hour or more on 2 cores)
#   SIZES="1000 10000" COUNT=3 OUT=/tmp/b scripts/bench-report.sh
#   QUICK=1 SIZES=1000 scripts/bench-report.sh      # every part once, small: what `make test` runs
#
# SPREEKUUR_BENCH_CACHE keeps the in-process benchmarks' fixtures (made
# once, see cmd/spreekuur/perf_bench_test.go); BENCH_DIR the whole-process
# vaults (scripts/bench-process.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000 100000"}
COUNT=${COUNT:-5}
OUT=${OUT:-bench-out}
mkdir -p "$OUT"
# The in-process benchmarks take the sizes comma-separated.
export SPREEKUUR_BENCH_SIZES=${SIZES// /,} SPREEKUUR_BENCH_RESIDENTS=${SIZES// /,}
if [ -n "${QUICK:-}" ]; then
	COUNT=1
	t100=1x t5=1x t3=1x tkey=1x tsave=5x RUNS=1
else
	t100=100x t5=5x t3=3x tkey=2s tsave=500x RUNS=${RUNS:-3}
fi

run() {
	local name=$1
	shift
	echo "== $name (load $(cut -d' ' -f1-3 /proc/loadavg))"
	{ echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"; echo "# $*"; "$@"; } >"$OUT/$name.txt" 2>&1 || { cat "$OUT/$name.txt"; echo "bench-report: $name failed"; exit 1; }
	grep -E '^(Benchmark|ok|FAIL|#|##|   |[a-z].* [0-9.]+ +[0-9.]+$)' "$OUT/$name.txt" || true
}

# The floor: AEAD, envelope, bbolt commit, fsync, Argon2id with the defaults.
run floor go test -run '^$' -bench 'Floor|KDFDefault|UnlockDefault' -benchtime "$t100" -count "$COUNT" ./store/
# The floor under reading a whole demo vault: AEAD over every envelope it holds.
run floorvault go test -run '^$' -bench 'FloorVault|Check$' -benchtime "$t5" -count "$COUNT" ./cmd/spreekuur/
# Unlock to a usable home screen (in process, and the binary in a new
# process on a terminal), what fresh memory costs here, and home's parts
# after the unlock.
run home go test -run '^$' -bench 'HomeReady|HomeProcess|FloorFreshMemory' -benchtime "$t3" -count "$COUNT" ./cmd/spreekuur/
run homeparts go test -run '^$' -bench 'HomeParts|HomeLoadParts|FirstRead' -benchtime "$t5" -count "$COUNT" ./cmd/spreekuur/
# Unlock to the agenda ("deze week") on screen, and its parts.
run agenda go test -run '^$' -bench 'AgendaReady' -benchtime "$t5" -count "$COUNT" ./cmd/spreekuur/
# Keystroke on home (10,000 fake residents; demo data at the sizes).
run keystroke go test -run '^$' -bench 'HomeKeystroke' -benchtime "$tkey" -count "$COUNT" ./tui/app/
# The statistics records counted in process; one intake step saved.
run statsload go test -run '^$' -bench 'StatsLoad' -benchmem -benchtime "$t3" -count "$COUNT" ./cmd/spreekuur/
run stepsave go test -run '^$' -bench 'StepSave' -benchtime "$tsave" -count "$COUNT" ./cmd/spreekuur/
# Whole process: check, export stats (also on a compacted and an imported
# vault), compact, export bundle, import, import again, their floors and
# the SQLite/SQLCipher peer.
run process env SIZES="$SIZES" RUNS="$RUNS" BENCH_DIR="${BENCH_DIR:-/tmp/spreekuur-bench-process}" scripts/bench-process.sh
# The table for docs/PERFORMANCE.md: each figure per size with its floor
# and ratio, medians of the runs.
go run ./cmd/benchsummary "$OUT" >"$OUT/summary.md"
cat "$OUT/summary.md"
echo "bench-report: every part ran; figures in $OUT/, the table in $OUT/summary.md"
