#!/usr/bin/env bash
# `export stats` before and after issue 11, whole process, on demo vaults
# (docs/PERFORMANCE.md, "Statistics export"): wall time (median of RUNS)
# and the largest max RSS, with one default Argon2id unlock.
#
#   scripts/bench-stats.sh                        # 10k and 100k residents, 5 runs
#   SIZES=10000 RUNS=3 BENCH_DIR=/tmp/bs scripts/bench-stats.sh
#
# Before: the program at BEFORE_REV (built from git archive) on a vault it
# made, `export stats --format csv` over every month (its default). After:
# this tree on a copy of the same vault, migrated once (timed on its own):
# `--period 2025` counted (a fresh copy each run, untimed, so nothing was
# fixed yet) and `--period 2025` again (its figures fixed: nothing counted).
# Needs /usr/bin/time (GNU time).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"10000 100000"}
RUNS=${RUNS:-5}
BEFORE_REV=${BEFORE_REV:-9f3deed}
DIR=${BENCH_DIR:-$(mktemp -d -t spreekuur-bench-stats.XXXXXX)}
mkdir -p "$DIR"
export SPREEKUUR_PASSPHRASE="bench passphrase for demo vaults"
unset SPREEKUUR_NEW_PASSPHRASE

OLD=$DIR/spreekuur-before
NEW=$DIR/spreekuur-after
if [ ! -x "$OLD" ]; then
	rm -rf "$DIR/before-src" && mkdir -p "$DIR/before-src"
	git archive "$BEFORE_REV" | tar -x -C "$DIR/before-src"
	(cd "$DIR/before-src" && go build -trimpath -o "$OLD" ./cmd/spreekuur)
fi
go build -trimpath -o "$NEW" ./cmd/spreekuur

# run LABEL SETUP CMD...: SETUP (untimed) then CMD, RUNS times; prints the
# median wall time and the largest max RSS.
run() {
	local label=$1 setup=$2
	shift 2
	local walls=() rss=0 r t0 t1
	for _ in $(seq "$RUNS"); do
		eval "$setup"
		t0=$(date +%s%N)
		/usr/bin/time -f "%M" -o "$DIR/rss" "$@" >/dev/null 2>"$DIR/err" || { echo "FAILED: $label: $(tail -1 "$DIR/err")"; return 0; }
		t1=$(date +%s%N)
		walls+=("$(((t1 - t0) / 1000000))")
		r=$(tail -1 "$DIR/rss")
		((r > rss)) && rss=$r
	done
	printf '%-52s %8.3f s %8.1f MB\n' "$label" \
		"$(echo "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p") / 1000" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
}

echo "# $(date -u +%FT%TZ)  $(nproc) cores  $(go version | cut -d' ' -f3)  before=$BEFORE_REV after=$(git rev-parse --short HEAD)"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for N in $SIZES; do
	DB=$DIR/demo-r$N.db
	[ -f "$DB" ] || "$OLD" --db "$DB" demo --user Bench --residents "$N" --seed 1 >/dev/null 2>&1
	echo "## N=$N residents, vault $(($(stat -c %s "$DB") / 1024 / 1024)) MiB"
	run "before: export stats (every month)" ":" "$OLD" --db "$DB" export stats --format csv -o "$DIR/before.csv" --force
	MIGRATED=$DIR/demo-r$N-v2.db
	run "after: first unlock of the copy (migration 1 -> 2)" "cp '$DB' '$MIGRATED'" "$NEW" --db "$MIGRATED" settings
	run "after: export stats --period 2025 (counted)" "cp '$MIGRATED' '$DIR/fresh.db'" "$NEW" --db "$DIR/fresh.db" export stats --format csv --period 2025 -o "$DIR/after.csv" --force
	run "after: export stats --period 2025 (fixed figures)" ":" "$NEW" --db "$DIR/fresh.db" export stats --format csv --period 2025 -o "$DIR/after.csv" --force
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
