# spreekuur — build, test and measure. `make test` is what CI runs.
GO        ?= go
PKG       := ./cmd/spreekuur
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X main.version=$(VERSION)
FUZZTIME  ?= 10s
BENCHTIME ?= 1s
N         ?= 1000

.PHONY: build run test fmt-check vet staticcheck layers unit bench-smoke bench-report-smoke cover cross bench fuzz mutate clean

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/spreekuur $(PKG)

run: build
	./bin/spreekuur $(ARGS)

test: fmt-check vet staticcheck layers unit bench-smoke bench-report-smoke cross

fmt-check:
	@out=$$(gofmt -l $$(find . -name '*.go' -not -path './.git/*')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

staticcheck:
	$(GO) tool staticcheck ./...

# The import rules of docs/ARCHITECTURE.md.
layers:
	GO=$(GO) scripts/check-layers.sh

unit:
	$(GO) test -race -count=1 -timeout 30m ./...

# scripts/bench-report.sh end to end at 1,000 residents, every part once
# (docs/PERFORMANCE.md's figures come from its full run): a part that
# cannot run fails the build.
bench-report-smoke:
	@d=$$(mktemp -d); \
	QUICK=1 SIZES=1000 OUT=$$d/out BENCH_DIR=$$d/process SPREEKUUR_BENCH_CACHE=$$d/cache scripts/bench-report.sh >$$d/log 2>&1; rc=$$?; \
	tail -3 $$d/log; [ $$rc -eq 0 ] || cat $$d/log; rm -rf $$d; exit $$rc
# The performance harness of docs/PERFORMANCE.md (the demo-vault
# benchmarks of cmd/spreekuur, the keystroke benchmarks of tui/app, home's
# build of the list and the agenda), each
# run once at 60 residents on a fixture made in a temporary folder: a
# benchmark that cannot run fails the build. (The 10,000-resident figures
# come from `make bench` or scripts/bench-report.sh.)
bench-smoke:
	@d=$$(mktemp -d); \
	SPREEKUUR_BENCH_SIZES=60 SPREEKUUR_BENCH_RESIDENTS=60 SPREEKUUR_BENCH_CACHE=$$d \
	$(GO) test -run '^$$' -bench . -benchtime 1x ./cmd/spreekuur ./tui/app ./tui/screens/home; rc=$$?; rm -rf $$d; exit $$rc

# Coverage of every package (the re-executed binary of the end-to-end tests
# writes its own coverage to a temporary GOCOVERDIR).
cover:
	$(GO) test -count=1 -cover ./...

# Cross-builds for the laptops supporters carry: Windows, macOS (Apple silicon), Linux.
cross:
	CGO_ENABLED=0 GOOS=windows GOARCH=amd64 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o dist/spreekuur-windows-amd64.exe $(PKG)
	CGO_ENABLED=0 GOOS=darwin  GOARCH=arm64 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o dist/spreekuur-darwin-arm64 $(PKG)
	CGO_ENABLED=0 GOOS=linux   GOARCH=amd64 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o dist/spreekuur-linux-amd64 $(PKG)

bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./...

# A short run of every fuzz target; see scripts/fuzz.sh for how a failure is judged.
fuzz:
	FUZZTIME=$(FUZZTIME) GO=$(GO) scripts/fuzz.sh

# Every command on N damaged copies of a demo vault (issue 12); N=1000 by default.
mutate:
	N=$(N) scripts/mutate.sh

clean:
	rm -rf bin dist
