#!/usr/bin/env bash
# The attack suite at full size (docs/STATISTICS.md, "Attack suite"): for
# demo vaults of 300, 3,000 and 30,000 residents, how many small counts an
# attacker who collects every export pins down exactly, and how narrow an
# interval it reaches, before and after issue 11; and how far the
# published counts are from the true ones.
#
#   scripts/stats-attack.sh                   # all three sizes (about an hour on 2 busy cores)
#   SIZES=300 scripts/stats-attack.sh         # one size
#   ATTACK_DIR=/tmp/sa scripts/stats-attack.sh   # keep vaults and exports (reused next time)
#
# "Before" is the program as it was before issue 11 (BEFORE_REV, built from
# git archive): each vault is made by that program (`demo --residents N
# --seed 1`) and exported by it for every month, quarter and year that is
# over, for the year so far at every month (--from Y-01 --to Y-MM), and for
# every month at --threshold 5 to 9. "After" is this tree, reading the same
# vault (a copy, migrated): every month, quarter and year, and the
# provisional year and quarter so far at every month, exported in-process
# by TestAttackFigures, which also solves both attacks.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"300 3000 30000"}
BEFORE_REV=${BEFORE_REV:-9f3deed} # main before issue 11
DIR=${ATTACK_DIR:-$(mktemp -d -t spreekuur-attack.XXXXXX)}
mkdir -p "$DIR"
export SPREEKUUR_PASSPHRASE="attack passphrase for demo vaults"
unset SPREEKUUR_NEW_PASSPHRASE

OLD=$DIR/spreekuur-before
if [ ! -x "$OLD" ]; then
	rm -rf "$DIR/before-src" && mkdir -p "$DIR/before-src"
	git archive "$BEFORE_REV" | tar -x -C "$DIR/before-src"
	(cd "$DIR/before-src" && go build -trimpath -o "$OLD" ./cmd/spreekuur)
fi

echo "# $(date -u +%FT%TZ)  $(nproc) cores  load $(cut -d' ' -f1-3 /proc/loadavg)  before=$BEFORE_REV after=$(git rev-parse --short HEAD)"
for N in $SIZES; do
	DB=$DIR/d$N.db
	if [ ! -f "$DB" ]; then
		"$OLD" --db "$DB" demo --user Attack --residents "$N" --seed 1 >/dev/null
		date -u +%FT%TZ >"$DB.made" # the demo's "now": the after exports use the same clock
	fi
	NOW=$(cat "$DB.made")
	OUT=$DIR/before-$N
	if [ ! -f "$OUT/done" ]; then
		rm -rf "$OUT" && mkdir -p "$OUT"
		running=$(date -u -d "$NOW" +%Y-%m)
		first=$(( $(date -u -d "$NOW" +%Y) - 4 ))
		ex() { # ex NAME ARGS...: one export by the old program
			local name=$1
			shift
			"$OLD" --db "$DB" export stats --format json -o "$OUT/$name.json" --force "$@" >/dev/null
		}
		for y in $(seq "$first" "$(date -u -d "$NOW" +%Y)"); do
			for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
				[ "$y-$m" \< "$running" ] || continue
				ex "$y-$m" --from "$y-$m" --to "$y-$m"
				for th in 5 6 7 8 9; do ex "$y-$m-t$th" --from "$y-$m" --to "$y-$m" --threshold "$th"; done
				[ "$m" = 01 ] || ex "$y-ytd-$m" --from "$y-01" --to "$y-$m"
				case $m in 03 | 06 | 09 | 12) ex "$y-q$m" --from "$y-$(printf %02d $((10#$m - 2)))" --to "$y-$m" ;; esac
				[ "$m" = 12 ] && ex "$y" --from "$y-01" --to "$y-12"
			done
		done
		touch "$OUT/done"
	fi
	cp "$DB" "$DIR/d$N-after.db"
	echo "## N=$N residents ($(ls "$OUT"/*.json | wc -l) exports before)"
	SPREEKUUR_ATTACK_VAULT=$DIR/d$N-after.db SPREEKUUR_ATTACK_BEFORE=$OUT SPREEKUUR_ATTACK_NOW=$NOW \
		go test -run '^TestAttackFigures$' -count=1 -timeout 6h -v ./store/statistics/attack | grep -vE '^(=== RUN|--- PASS|PASS|ok )'
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
