#!/usr/bin/env bash
# Whole-process measurements of the real spreekuur binary on demo vaults:
# wall time and peak memory (max RSS, from /usr/bin/time) of each command,
# including process start and one Argon2id unlock with the default
# parameters. docs/PERFORMANCE.md reports what this prints.
#
#   scripts/bench-process.sh                 # 1k, 10k and 100k residents, 3 runs each
#   SIZES="10000" RUNS=5 scripts/bench-process.sh
#   BENCH_DIR=/tmp/sb scripts/bench-process.sh   # keep the vaults (reused next time)
#
# Needs: go, age-keygen (apt-get install age), /usr/bin/time (GNU time).
# Each size N is a vault made by `spreekuur demo --residents N --seed 1`
# (about 1.27 intakes per resident). The figure printed is the median of
# RUNS runs; the memory is the largest of them.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-3}
DIR=${BENCH_DIR:-$(mktemp -d -t spreekuur-bench.XXXXXX)}
mkdir -p "$DIR"
BIN=$DIR/spreekuur
export SPREEKUUR_PASSPHRASE="bench passphrase for demo vaults"
unset SPREEKUUR_NEW_PASSPHRASE

go build -trimpath -o "$BIN" ./cmd/spreekuur
[ -f "$DIR/office-key.txt" ] || age-keygen -o "$DIR/office-key.txt" 2>/dev/null
RECIPIENT=$(age-keygen -y "$DIR/office-key.txt")

echo "# $(date -u +%FT%TZ)  $(nproc) cores  $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')  $(go version | cut -d' ' -f3)"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %10s %10s\n' "command" "wall s" "max RSS MB"

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
		walls+=("$(( (t1 - t0) / 1000000 ))")
		local r
		r=$(tail -1 "$DIR/rss")
		(( r > rss )) && rss=$r
	done
	local med
	med=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
	printf '%-44s %10.3f %10.1f\n' "$label" "$(echo "$med / 1000" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
}

for N in $SIZES; do
	DB=$DIR/demo-r$N.db
	if [ ! -f "$DB" ]; then
		t0=$(date +%s%N)
		/usr/bin/time -f "%M" -o "$DIR/rss" "$BIN" --db "$DB" demo --user Bench --residents "$N" --seed 1 >"$DIR/demo-r$N.out" 2>/dev/null
		t1=$(date +%s%N)
		printf '%-44s %10.3f %10.1f\n' "demo --residents $N (new vault)" "$(echo "($t1 - $t0) / 1000000000" | bc -l)" "$(echo "$(tail -1 "$DIR/rss") / 1024" | bc -l)"
	fi
	INTAKES=$(grep -o '[0-9]* intakes' "$DIR/demo-r$N.out" | cut -d' ' -f1)
	SIZE=$(stat -c %s "$DB")
	echo "## N=$N residents: $INTAKES intakes, vault $(( SIZE / 1024 / 1024 )) MiB, $(( SIZE / INTAKES )) bytes per intake"

	measure "users list (open + KDF + exit)" ":" -- "$BIN" --db "$DB" users list
	measure "check (decrypt every record)" ":" -- "$BIN" --db "$DB" check
	for f in csv json html; do
		measure "export stats --format $f" ":" -- "$BIN" --db "$DB" export stats --format "$f" -o "$DIR/stats.$f" --force
	done
	measure "export bundle (all intakes, signed)" ":" -- "$BIN" --db "$DB" export bundle --to "$RECIPIENT" -o "$DIR/bundle-r$N.age" --force
	echo "   bundle file: $(( $(stat -c %s "$DIR/bundle-r$N.age") / 1024 )) KiB"
	"$BIN" --db "$DB" laptops self >"$DIR/laptop-r$N.pub"
	OFFICE=$DIR/office-r$N.db
	measure "import bundle (into an empty office vault)" \
		"rm -f '$OFFICE'; SPREEKUUR_PASSPHRASE='$SPREEKUUR_PASSPHRASE' '$BIN' --db '$OFFICE' init --user Office >/dev/null; '$BIN' --db '$OFFICE' laptops add Demo '$DIR/laptop-r$N.pub' >/dev/null" \
		-- "$BIN" --db "$OFFICE" import "$DIR/bundle-r$N.age" --identity "$DIR/office-key.txt"
	measure "import bundle again (all already there)" ":" -- "$BIN" --db "$OFFICE" import "$DIR/bundle-r$N.age" --identity "$DIR/office-key.txt"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# vaults and bundles in $DIR"
