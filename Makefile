# zhengzhi — the two commands a newcomer needs are `make demo` and `make test`.
GO      ?= go
BIN     := bin/zhengzhi
CONFIG  ?= zhengzhi.yaml

.PHONY: all build deps demo test test-short bench vet clean

all: build

## deps: install the Debian packages the reports and tests need (fonts, poppler), once.
deps:
	@bash .ci/deps.sh

build:
	$(GO) build -o $(BIN) ./cmd/zhengzhi

## demo: everything from a fresh machine: packages, build, the synthetic province, ingest, scores, reports.
demo: deps build
	./$(BIN) seed --config $(CONFIG) --scale demo
	./$(BIN) ingest --config $(CONFIG)
	./$(BIN) demo-summary --config $(CONFIG)

## test: the whole test suite; PostgreSQL and MariaDB tests run when reachable (required with ZZ_REQUIRE_DBS=1).
test: deps
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 30m ./...

bench: deps build
	./$(BIN) bench --config $(CONFIG) --scale province

clean:
	rm -rf bin output/*/ output/*.db*
