#!/usr/bin/env bash
# The peer row of docs/PERFORMANCE.md: the statistics records of a demo
# vault, counted by the same GROUP BYs a statistics export counts, in
# SQLite and in SQLCipher (SQLite with every page encrypted, as ours are
# sealed) — whole process, like `spreekuur export stats`.
#
#   scripts/bench-sqlite.sh VAULT          # a vault made by `spreekuur demo`
#   RUNS=5 scripts/bench-sqlite.sh VAULT
#
# Needs sqlite3 (and sqlcipher for its row; .ci/run installs both) and
# SPREEKUUR_PASSPHRASE for the vault. cmd/statsdump writes the records
# as CSV (it refuses vaults demo did not make). Prints the median wall
# time of RUNS runs of the queries, per engine.
set -euo pipefail
cd "$(dirname "$0")/.."
VAULT=$1
RUNS=${RUNS:-3}
DIR=$(mktemp -d -t spreekuur-sqlite.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
go build -o "$DIR/statsdump" ./cmd/statsdump
"$DIR/statsdump" "$VAULT" "$DIR" >/dev/null

schema="CREATE TABLE records(id INTEGER PRIMARY KEY, month TEXT, loc TEXT, route TEXT, qt TEXT, age TEXT, kompaan INT, first_month INT, closed INT, days INT, appr INT);
CREATE TABLE domains(id INT, domain TEXT, step INT);"
# What an export counts: contacts and residents per month and location,
# route, age band, question type, kompaan; domains by scan step;
# turnaround and appreciation of closed intakes.
queries="SELECT month, loc, count(*), sum(first_month) FROM records GROUP BY month, loc;
SELECT route, count(*) FROM records GROUP BY route;
SELECT age, count(*) FROM records GROUP BY age;
SELECT qt, count(*) FROM records GROUP BY qt;
SELECT kompaan, count(*) FROM records GROUP BY kompaan;
SELECT d.domain, d.step, count(*) FROM domains d GROUP BY d.domain, d.step;
SELECT month, avg(days), avg(appr) FROM records WHERE closed = 1 GROUP BY month;"

load() { # ENGINE DB KEYPRAGMA
	{
		echo "$3"
		echo "$schema"
		echo ".mode csv"
		echo ".import $DIR/records.csv records"
		echo ".import $DIR/domains.csv domains"
	} | "$1" "$2" >/dev/null
}

measure() { # LABEL ENGINE DB KEYPRAGMA
	local walls=() t0 t1
	for _ in $(seq "$RUNS"); do
		t0=$(date +%s%N)
		{ echo "$4"; echo "$queries"; } | "$2" "$3" >/dev/null
		t1=$(date +%s%N)
		walls+=("$(((t1 - t0) / 1000000))")
	done
	printf '%-44s %10.3f\n' "$1" "$(echo "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p") / 1000" | bc -l)"
}

echo "# $(wc -l <"$DIR/records.csv") statistics records, $(wc -l <"$DIR/domains.csv") domain rows; load $(cut -d' ' -f1-3 /proc/loadavg)"
load sqlite3 "$DIR/plain.db" ""
measure "sqlite3 (GROUP BYs, whole process)" sqlite3 "$DIR/plain.db" ""
if command -v sqlcipher >/dev/null; then
	key="PRAGMA key = 'bench passphrase for demo vaults';"
	load sqlcipher "$DIR/cipher.db" "$key"
	measure "sqlcipher (GROUP BYs, whole process)" sqlcipher "$DIR/cipher.db" "$key"
else
	echo "sqlcipher: not installed (apt-get install sqlcipher)"
fi
