#!/usr/bin/env bash
# Peak anonymous and file-backed resident memory of one command, sampled
# every 20 ms from /proc (Linux). Max RSS from /usr/bin/time counts the
# pages of the memory-mapped vault file the process touched (bbolt reads
# through mmap); this splits the two.
#
#   SPREEKUUR_PASSPHRASE=… scripts/peak-rss.sh ./bin/spreekuur --db v.db export stats --format csv -o s.csv --force
set -euo pipefail
"$@" >/dev/null &
pid=$!
anon=0 file=0
while kill -0 "$pid" 2>/dev/null; do
	a=$(awk '/^RssAnon/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
	f=$(awk '/^RssFile/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
	[ -n "$a" ] && (( a > anon )) && anon=$a
	[ -n "$f" ] && (( f > file )) && file=$f
	sleep 0.02
done
wait "$pid"
echo "peak RssAnon $(( anon / 1024 )) MiB, peak RssFile $(( file / 1024 )) MiB"
