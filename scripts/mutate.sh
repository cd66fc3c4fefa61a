#!/usr/bin/env bash
# The mutation run of issue 12: N damaged copies of a 200-resident demo
# vault (random byte flips, two pages swapped, the file cut off), every
# command run on each by the real binary (terminal app start, check, every
# export, import, passwd, users list/add). Prints per command how many
# ended ok, with one sentence, crashed or hung; exits 1 on any crash or
# hang. About 1 s per mutation on 2 cores.
#
#   scripts/mutate.sh                 1,000 mutations
#   N=50 SEED=7 scripts/mutate.sh     50 others
#   BIN=/path/spreekuur FIXTURE=/path/vault.db scripts/mutate.sh   another build, on a vault of its own
#                                     format (user Anna, passphrase "anna's passphrase for tests")
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000}
SEED=${SEED:-0}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "${BIN:-}" ]; then
	go build -o "$tmp/spreekuur" ./cmd/spreekuur
	BIN=$tmp/spreekuur
fi
echo "mutation run: $N mutations, seed $SEED, binary $BIN, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)"
SPREEKUUR_MUTATION_BIN=$BIN SPREEKUUR_MUTATION_FIXTURE=${FIXTURE:-} SPREEKUUR_MUTATIONS=$N SPREEKUUR_MUTATION_SEED=$SEED \
	go test ./cmd/spreekuur -run '^TestDamagedVaultCommands$' -count=1 -v -timeout 180m 2>&1 |
	grep -vE '^(=== RUN|PASS$|ok )'
