#!/usr/bin/env bash
# Whole-process measurements of the real spreekuur binary on demo vaults:
# wall time and peak memory (max RSS, from /usr/bin/time) of each command,
# including process start and one Argon2id unlock with the default
# parameters, and the floors they are bounded by on this machine (age
# itself on the same bytes, writing the same bytes with fsync, SQLite on
# the same statistics records). docs/PERFORMANCE.md reports what this
# prints.
#
#   scripts/bench-process.sh                      # 1k, 10k and 100k residents, 3 runs each
#   SIZES="10000" RUNS=5 scripts/bench-process.sh
#   BENCH_DIR=/tmp/sb scripts/bench-process.sh    # keep the vaults (reused next time)
#   BIN=/path/to/old/spreekuur BENCH_DIR=/tmp/old scripts/bench-process.sh   # another build (before/after)
#   ONLY=import scripts/bench-process.sh          # only export bundle, import, import again and their floors
#
# Needs: go, age and age-keygen, /usr/bin/time (GNU time), sqlite3 and
# sqlcipher (apt-get install age time sqlite3 sqlcipher; .ci/run does).
# Each size N is a vault made by `spreekuur demo --residents N --seed 1`
# (about 1.27 intakes per resident). The figure printed is the median of
# RUNS runs; the memory is the largest of them.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-3}
DIR=${BENCH_DIR:-$(mktemp -d -t spreekuur-bench.XXXXXX)}
mkdir -p "$DIR"
export SPREEKUUR_PASSPHRASE="bench passphrase for demo vaults"
unset SPREEKUUR_NEW_PASSPHRASE
if [ -n "${BIN:-}" ]; then
	BIN=$(realpath "$BIN")
else
	BIN=$DIR/spreekuur
	go build -trimpath -o "$BIN" ./cmd/spreekuur
fi
[ -f "$DIR/office-key.txt" ] || age-keygen -o "$DIR/office-key.txt" 2>/dev/null
RECIPIENT=$(age-keygen -y "$DIR/office-key.txt")

echo "# $(date -u +%FT%TZ)  $(nproc) cores  $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')  $(go version | cut -d' ' -f3)  $BIN"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-48s %10s %10s\n' "command" "wall s" "max RSS MB"

# measure LABEL SETUP -- CMD...: runs SETUP (untimed) then CMD, RUNS times.
measure() {
	local label=$1 setup=$2
	shift 3
	local walls=() rss=0
	for _ in $(seq "$RUNS"); do
		eval "$setup"
		local t0 t1
		t0=$(date +%s%N)
		if ! /usr/bin/time -f "%M" -o "$DIR/rss" "$@" >"$DIR/out" 2>"$DIR/err"; then
			echo "FAILED: $label: $(tail -1 "$DIR/err")"
			return 0
		fi
		t1=$(date +%s%N)
		walls+=("$(((t1 - t0) / 1000000))")
		local r
		r=$(tail -1 "$DIR/rss")
		((r > rss)) && rss=$r
	done
	local med
	med=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
	printf '%-48s %10.3f %10.1f\n' "$label" "$(echo "$med / 1000" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
}

for N in $SIZES; do
	# "compacted": demo compacts since 2790bdc; a vault an older demo made
	# in the same folder is not taken for one.
	DB=$DIR/demo-compacted-r$N.db
	if [ ! -f "$DB" ]; then
		t0=$(date +%s%N)
		/usr/bin/time -f "%M" -o "$DIR/rss" "$BIN" --db "$DB" demo --user Bench --residents "$N" --seed 1 >"$DIR/demo-r$N.out" 2>/dev/null
		t1=$(date +%s%N)
		printf '%-48s %10.3f %10.1f\n' "demo --residents $N (new vault)" "$(echo "($t1 - $t0) / 1000000000" | bc -l)" "$(echo "$(tail -1 "$DIR/rss") / 1024" | bc -l)"
	fi
	INTAKES=$(grep -o '[0-9]* intakes' "$DIR/demo-r$N.out" | cut -d' ' -f1)
	SIZE=$(stat -c %s "$DB")
	echo "## N=$N residents: $INTAKES intakes, vault $((SIZE / 1024 / 1024)) MiB, $((SIZE / INTAKES)) bytes per intake (load $(cut -d' ' -f1-3 /proc/loadavg))"

	measure "users list (open + KDF + exit)" ":" -- "$BIN" --db "$DB" users list
	if [ "${ONLY:-}" != import ]; then
		measure "check (authenticate every record)" ":" -- "$BIN" --db "$DB" check
		# grep reads the whole help (not -q): with pipefail, a writer cut
		# off by grep -q's early exit failed the test, and --deep was
		# never measured.
		if "$BIN" check --help 2>&1 | grep -- -deep >/dev/null; then
			measure "check --deep (and decode every record)" ":" -- "$BIN" --db "$DB" check --deep
		fi
		for f in csv json html; do
			measure "export stats --format $f" "rm -f '$DIR/pub.db'; cp '$DB' '$DIR/pub.db'" -- "$BIN" --db "$DIR/pub.db" export stats --format "$f" -o "$DIR/stats.$f" --force
		done
		if "$BIN" compact --help >/dev/null 2>&1; then
			measure "compact (a copy)" "rm -f '$DIR/compact.db'; cp '$DB' '$DIR/compact.db'" -- "$BIN" --db "$DIR/compact.db" compact
			echo "   compacted: $(($(stat -c %s "$DIR/compact.db") / 1024 / 1024)) MiB"
			measure "export stats --format csv (compacted vault)" "cp '$DIR/compact.db' '$DIR/pub.db'" -- "$BIN" --db "$DIR/pub.db" export stats --format csv -o "$DIR/stats.csv" --force
		fi
	fi
	measure "export bundle (all intakes)" ":" -- "$BIN" --db "$DB" export bundle --to "$RECIPIENT" -o "$DIR/bundle-r$N.age" --force
	BUNDLE=$DIR/bundle-r$N.age
	age -d -i "$DIR/office-key.txt" -o "$DIR/bundle.plain" "$BUNDLE"
	echo "   bundle: $(($(stat -c %s "$BUNDLE") / 1024)) KiB, $(grep -c '"type":"intake"' "$DIR/bundle.plain") intakes with handover consent"
	measure "floor: age -e of the same bytes" ":" -- age -r "$RECIPIENT" -o "$DIR/again.age" "$DIR/bundle.plain"
	measure "floor: age -d of the bundle" ":" -- age -d -i "$DIR/office-key.txt" -o /dev/null "$BUNDLE"
	OFFICE=$DIR/office-r$N.db
	register=":"
	if "$BIN" --db "$DB" laptops self >"$DIR/laptop-r$N.pub" 2>/dev/null; then # signed bundles (issue 16): the office knows the laptop
		register="'$BIN' --db '$OFFICE' laptops add Demo '$DIR/laptop-r$N.pub' >/dev/null"
	fi
	measure "import bundle (into an empty office vault)" \
		"rm -f '$OFFICE'; '$BIN' --db '$OFFICE' init --user Office >/dev/null; $register" \
		-- "$BIN" --db "$OFFICE" import "$BUNDLE" --identity "$DIR/office-key.txt"
	echo "   office vault: $(($(stat -c %s "$OFFICE") / 1024 / 1024)) MiB"
	measure "floor: write the office vault's bytes + fsync" "rm -f '$DIR/dd'" -- dd if="$OFFICE" of="$DIR/dd" bs=1M conv=fsync status=none
	measure "import bundle again (all already there)" ":" -- "$BIN" --db "$OFFICE" import "$BUNDLE" --identity "$DIR/office-key.txt"
	[ "${ONLY:-}" = import ] || measure "export stats --format csv (imported vault)" "rm -f '$DIR/pub.db'; cp '$OFFICE' '$DIR/pub.db'" -- "$BIN" --db "$DIR/pub.db" export stats --format csv -o "$DIR/stats.csv" --force
	rm -f "$DIR/bundle.plain" "$DIR/again.age" "$DIR/dd" "$DIR/pub.db" "$DIR/compact.db"
	if [ "${ONLY:-}" != import ] && command -v sqlite3 >/dev/null; then
		RUNS=$RUNS scripts/bench-sqlite.sh "$DB" | sed 's/^/   peer: /'
	fi
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# vaults and bundles in $DIR"
