# zhengzhi — the two commands a newcomer needs are `make demo` and `make test`.
GO      ?= go
BIN     := bin/zhengzhi
CONFIG  ?= zhengzhi.yaml
# The demo's data runs to 2026-11-24 (seed --until); its reports are as of that day.
AS_OF   ?= 2026-11-24
RULES   := $(wildcard templates/rules/2026/*.yaml)
# Earlier period ends scored too, so the progress report has a trend to draw.
EARLIER := 2026-09-30 2026-10-31

# The demo's draw is played as a province plays it: December committed to a seed (its digest published
# as output/draws/2026-12-commitment.txt), then drawn with that seed. The seed is fixed and public here,
# so that `make demo` run again finds the commitment and the draw as they were and changes nothing; a
# deployment lets `draw commit --seed-out FILE` make a random seed and keeps the file off the server.
DRAW_SEED := 东川省演示-2026年12月随机抽查种子

.PHONY: all build deps demo serve test lint race scale bench clean

all: build

## deps: install the Debian packages the reports and tests need (fonts, poppler), once.
deps:
	@bash .ci/deps.sh

# What `zhengzhi version` says: the tag or commit, the commit, the build time (UTC).
VERSION    ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo unknown)
COMMIT     ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
BUILD_DATE ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS    := -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.buildDate=$(BUILD_DATE)

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/zhengzhi

## demo: everything from a fresh machine: packages, build, the synthetic province, ingest, scores, reports.
demo: deps build
	./$(BIN) seed --config $(CONFIG) --scale demo --until $(AS_OF)
	./$(BIN) migrate --config $(CONFIG)
	@# The demo accounts first, so that they hear of the ingest and the render (通知).
	@./$(BIN) user demo --config $(CONFIG) >/dev/null
	./$(BIN) ingest --config $(CONFIG)
	@for d in $(EARLIER); do for r in $(RULES); do ./$(BIN) assess --config $(CONFIG) --rules $$r --as-of $$d --format json >/dev/null || exit 1; done; done
	@for r in $(RULES); do ./$(BIN) assess --config $(CONFIG) --rules $$r --as-of $(AS_OF) || exit 1; done
	./$(BIN) draw commit --config $(CONFIG) --month 2026-12 --seed '$(DRAW_SEED)'
	./$(BIN) draw --config $(CONFIG) --month 2026-12 --seed '$(DRAW_SEED)'
	./$(BIN) render --config $(CONFIG) --as-of $(AS_OF)
	@./$(BIN) user demo --config $(CONFIG)
	@echo
	@echo "门户：make serve，然后打开 http://$(PORTAL_ADDR)/ ，用上面的演示账号登录"

## serve: the portal on the demo's warehouse and reports (Ctrl-C stops it).
PORTAL_ADDR ?= 127.0.0.1:8080
serve: build
	./$(BIN) serve --config $(CONFIG) --addr $(PORTAL_ADDR)

## test: the whole test suite; PostgreSQL and MariaDB tests run when reachable (required with ZZ_REQUIRE_DBS=1).
## Not -short: the tests that start processes, kill renders and build the demo province run here too.
## Tests that own their databases run side by side (-parallel: they mostly wait on the servers);
## the scale tests are left to `make scale`.
TEST_PARALLEL ?= 8
SCALE_TESTS   := ^TestMillionRowLedgerSplits$$
test: deps
	$(GO) vet ./...
	$(GO) test -count=1 -parallel $(TEST_PARALLEL) -skip '$(SCALE_TESTS)' -timeout 30m ./...

## scale: the tests that write data at full scale (a 1.1-million-row ledger across two sheets, ~30 s).
scale: deps
	$(GO) test -count=1 -run '$(SCALE_TESTS)' -timeout 30m ./...

## race: the storage, portal, jobs and render packages under the race detector.
RACE_PACKAGES := ./sqldb/... ./warehouse/... ./portal/... ./jobs/... ./render/...
# Under the race detector the browser tests drive the same handlers as the
# HTTP tests ten times slower; they run in make test.
RACE_SKIP     := $(SCALE_TESTS)|InABrowser$$
race: deps
	$(GO) test -race -count=1 -parallel $(TEST_PARALLEL) -skip '$(RACE_SKIP)' -timeout 60m $(RACE_PACKAGES)

## lint: go vet, staticcheck and errcheck (non-deferred calls; .ci/errcheck-excludes.txt says what is left
## unchecked and why), at the versions pinned here, installed once under bin/tools.
STATICCHECK_VERSION := v0.8.2
ERRCHECK_VERSION    := v1.30.0
TOOLS               := $(CURDIR)/bin/tools
STATICCHECK         := $(TOOLS)/staticcheck-$(STATICCHECK_VERSION)
ERRCHECK            := $(TOOLS)/errcheck-$(ERRCHECK_VERSION)
lint: $(STATICCHECK) $(ERRCHECK)
	GO=$(GO) STATICCHECK=$(STATICCHECK) ERRCHECK=$(ERRCHECK) bash .ci/lint.sh

$(STATICCHECK):
	GOBIN=$(TOOLS)/.install $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	mv $(TOOLS)/.install/staticcheck $@

$(ERRCHECK):
	GOBIN=$(TOOLS)/.install $(GO) install github.com/kisielk/errcheck@$(ERRCHECK_VERSION)
	mv $(TOOLS)/.install/errcheck $@

## bench: the whole pipeline timed against its raw engines, at province scale (~1M rows, a few minutes).
## BENCH_WAREHOUSE=postgres://… measures on PostgreSQL (a scratch database zz_bench_<pid> is made and dropped there).
BENCH_SCALE     ?= province
BENCH_WAREHOUSE ?= sqlite
bench: deps build
	./$(BIN) bench --config $(CONFIG) --scale $(BENCH_SCALE) --warehouse $(BENCH_WAREHOUSE)

## clean: the binary, everything the demo wrote under output/ (its generations and warehouse too),
## and the demo's audit key and anchors beside zhengzhi.yaml, which belong to that warehouse's log.
clean:
	rm -rf bin
	find output -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec rm -rf {} +
	rm -f audit.key audit-anchors.log audit-anchors.log.verified.json
