# Sluice: `make demo` and `make test` work on a fresh Debian 12 machine (they install what is missing).
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
PYTEST     := /usr/bin/python3 -m pytest

.PHONY: all deps build build-asan test unit-test asan-test integration-test demo bench format clean

all: build

deps:
	@scripts/install-deps

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	@ninja -C $(BUILD) -j$(JOBS) --quiet 2>/dev/null || ninja -C $(BUILD) -j$(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSLUICE_SANITIZE=ON >/dev/null
	@ninja -C $(ASAN_BUILD) -j$(JOBS) --quiet unit_tests 2>/dev/null || ninja -C $(ASAN_BUILD) -j$(JOBS) unit_tests

unit-test: build
	ctest --test-dir $(BUILD) -L unit --output-on-failure -j$(JOBS)

asan-test: build-asan
	SLUICE_NO_MOTO=1 ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN_BUILD) -L unit --output-on-failure -j$(JOBS)

integration-test: build
	SLUICE_BIN=$(CURDIR)/$(BUILD)/sluice $(PYTEST) tests/integration tests/s3 tests/crawler tests/athena tests/sql -q -p no:cacheprovider
	SLUICE_BIN=$(CURDIR)/$(BUILD)/sluice bash tests/integration/cli_catalog.sh
	SLUICE_BIN=$(CURDIR)/$(BUILD)/sluice bash tests/s3/cli_s3.sh
	SLUICE_BIN=$(CURDIR)/$(BUILD)/sluice bash tests/s3/seed_000_storage.sh
	SLUICE_BIN=$(CURDIR)/$(BUILD)/sluice bash tests/crawler/seed_000_crawl.sh
	SLUICE_BIN=$(CURDIR)/$(BUILD)/sluice bash tests/crawler/seed_001_crawl.sh
	SLUICE_BIN=$(CURDIR)/$(BUILD)/sluice bash tests/athena/cli_athena_metadata.sh
	SLUICE_BIN=$(CURDIR)/$(BUILD)/sluice bash tests/athena/seed_queries.sh

test: unit-test asan-test integration-test

demo: build
	@SLUICE_BIN=$(CURDIR)/$(BUILD)/sluice bash examples/lake-demo.sh

bench: build
	@SLUICE_BIN=$(CURDIR)/$(BUILD)/sluice bash bench/run.sh

format:
	@clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'bench/*.cc')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
