# chitieu's single entry point. The README's two commands are `make demo` and
# `make test`; both install whatever is missing first (Debian packages, the
# project's .venv, the package itself) and are quiet when it is already there.

SHELL      := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV       ?= .venv
PY         := $(VENV)/bin/python
CMAKE      := $(VENV)/bin/cmake
JOBS       ?= $(shell nproc)
STAMPS     := .stamps
APT_PACKAGES := g++ libeigen3-dev libboost-dev libboost-date-time-dev libgtest-dev \
                libgmock-dev libbenchmark-dev
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# pip on this kind of machine warns about an unused local index; keep output quiet.
QUIET_PIP  := 2>&1 | { grep -v 'is ignored: it is neither a file nor a directory' || true; }
# Everything the compiled package is built from: a change reinstalls it.
PKG_SOURCES := $(shell find include src python CMakeLists.txt pyproject.toml cmake \
                 -type f ! -name '*.so' ! -path '*/__pycache__/*' 2>/dev/null)
# ccache, where installed, shares compiled objects between build trees and worktrees.
CCACHE     := $(shell command -v ccache 2>/dev/null)
export CCACHE_BASEDIR := $(abspath .)
export CCACHE_NOHASHDIR := 1
CMAKE_COMMON := -Wno-unused-cli -G Ninja -DCMAKE_MAKE_PROGRAM=$(abspath $(VENV)/bin/ninja) \
                -Dpybind11_DIR=$$($(PY) -m pybind11 --cmakedir) \
                $(if $(CCACHE),-DCMAKE_CXX_COMPILER_LAUNCHER=$(CCACHE))

.PHONY: demo test lint test-cpp test-consumer test-python test-fuzz fuzz soak bench bench-cpp dev \
        check-dev format setup clean

demo: $(STAMPS)/package
	@$(VENV)/bin/chitieu report --example --out chitieu-report

test: lint test-cpp test-consumer test-python test-fuzz

setup: $(STAMPS)/package

# $(call apt_install,packages): install those not installed yet.
define apt_install
@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages: $$missing"; \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

$(STAMPS)/apt:
	@mkdir -p $(STAMPS)
	$(call apt_install,$(APT_PACKAGES))
	@touch $@

$(STAMPS)/venv: pyproject.toml | $(STAMPS)/apt
	@mkdir -p $(STAMPS)
	@[ -x $(PY) ] || { echo "Creating $(VENV)"; python3 -m venv $(VENV); }
	@$(PY) -m pip install -q --upgrade 'pip>=25.1' $(QUIET_PIP)
	@$(PY) -m pip install -q --group build --group test --group bench $(QUIET_PIP)
	@touch $@

$(STAMPS)/package: $(STAMPS)/venv $(PKG_SOURCES)
	@echo "Building and installing chitieu into $(VENV)"
	@CHITIEU_WERROR=ON $(PY) -m pip install -q --no-build-isolation . $(QUIET_PIP)
	@touch $@

# C++ tests under AddressSanitizer + UndefinedBehaviorSanitizer, warnings as errors,
# and the compile-fail tests (the consumer project is test-consumer's).
test-cpp: $(STAMPS)/venv
	@$(CMAKE) -S . -B build/asan $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCHITIEU_SANITIZE=ON -DCHITIEU_WERROR=ON -DCHITIEU_BUILD_TESTS=ON \
	  -DCHITIEU_BUILD_EXAMPLES=ON >/dev/null
	@$(CMAKE) --build build/asan -j $(JOBS)
	@cd build/asan && ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  $(abspath $(VENV))/bin/ctest --output-on-failure -j $(JOBS) -E '^consumer'

# The consumer project built against the installed library: the ctest tests
# consumer.install + consumer (CMakeLists.txt), in a Release tree where only the
# library is built.
test-consumer: $(STAMPS)/venv
	@$(CMAKE) -S . -B build/release $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Release \
	  -DCHITIEU_WERROR=ON -DCHITIEU_BUILD_TESTS=ON -DCHITIEU_BUILD_EXAMPLES=OFF >/dev/null
	@$(CMAKE) --build build/release -j $(JOBS) --target chitieu
	@cd build/release && $(abspath $(VENV))/bin/ctest --output-on-failure -R '^consumer'

# ruff, with the rule set and line length of pyproject.toml's [tool.ruff]; first, so a
# finding fails fast before the long suites.
lint: $(STAMPS)/venv
	@$(VENV)/bin/ruff check python tests/python benchmarks

test-python: lint $(STAMPS)/package
	@$(PY) -m pytest -q

# The rollup oracle at 10x the cases of `make test` (CHITIEU_ORACLE_CASES), the
# assessment and disbursement oracles at 2,000 cases each (CI runs 150).
SOAK_CASES ?= 20000
SOAK_MONEY_CASES ?= 2000
soak: $(STAMPS)/package
	@CHITIEU_ORACLE_CASES=$(SOAK_CASES) $(PY) -m pytest -q tests/python/test_oracle_rollup.py
	@CHITIEU_ASSESS_ORACLE_CASES=$(SOAK_MONEY_CASES) \
	  CHITIEU_DISBURSEMENT_ORACLE_CASES=$(SOAK_MONEY_CASES) $(PY) -m pytest -q \
	  tests/python/test_oracle_assess.py tests/python/test_oracle_disbursement.py

# libFuzzer harnesses (tests/fuzz/) under ASan + UBSan, FUZZ_SECONDS each, on
# their seed corpus; clang is installed for this target only. A finding leaves
# a crash-* file in build/fuzz/ and fails the target.
FUZZERS      := period_parse csv_tables rollup_state crosswalk observations_build
FUZZ_SECONDS ?= 30
CLANG_PACKAGES := clang libclang-rt-14-dev
$(STAMPS)/clang: | $(STAMPS)/apt
	$(call apt_install,$(CLANG_PACKAGES))
	@touch $@

fuzz: $(STAMPS)/venv $(STAMPS)/clang
	@$(CMAKE) -S . -B build/fuzz $(CMAKE_COMMON) -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHITIEU_SANITIZE=ON -DCHITIEU_BUILD_FUZZERS=ON \
	  -DCHITIEU_BUILD_TESTS=OFF -DCHITIEU_BUILD_EXAMPLES=OFF -DCHITIEU_INSTALL=OFF >/dev/null
	@$(CMAKE) --build build/fuzz -j $(JOBS)
	@for f in $(FUZZERS); do \
	  mkdir -p build/fuzz/corpus/$$f; \
	  echo "fuzzing $$f for $(FUZZ_SECONDS) s"; \
	  ( cd build/fuzz && UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    ASAN_OPTIONS=detect_leaks=1 ./tests/fuzz/$${f}_fuzz -max_total_time=$(FUZZ_SECONDS) \
	    -malloc_limit_mb=1024 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
	    corpus/$$f $(abspath tests/fuzz/corpus)/$$f 2>&1 | \
	    grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|crash-|leak-|oom-|timeout-' ) || exit 1; \
	done

test-fuzz: fuzz

bench: $(STAMPS)/package
	@$(PY) benchmarks/compare.py --rows 1e7

bench-cpp: $(STAMPS)/venv
	@$(CMAKE) -S . -B build/bench $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Release \
	  -DCHITIEU_BUILD_TESTS=OFF -DCHITIEU_BUILD_BENCHMARKS=ON >/dev/null
	@$(CMAKE) --build build/bench -j $(JOBS)
	@for b in build/bench/benchmarks/*_bench; do $$b; done

# For development: build _core in place (python/chitieu/) and test the working tree.
dev: $(STAMPS)/venv
	@$(CMAKE) -S . -B build/dev $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Release \
	  -DCHITIEU_BUILD_PYTHON=ON -DCHITIEU_BUILD_TESTS=ON -DCHITIEU_WERROR=ON >/dev/null
	@$(CMAKE) --build build/dev -j $(JOBS)

# The same in-place build, then its C++ and Python tests (no install into the venv).
check-dev: dev lint
	@cd build/dev && $(abspath $(VENV))/bin/ctest --output-on-failure -j $(JOBS)
	@PYTHONPATH=python $(PY) -m pytest -q

# clang-tidy with the preset in .clang-tidy over the library's sources, against
# build/dev's compile commands (make dev first). Not part of `make test`: on two
# cores it takes several minutes. TIDY_FILES narrows it (TIDY_FILES=src/rollup).
TIDY_FILES ?= src
tidy: $(STAMPS)/venv
	@$(PY) -m pip install -q --group lint $(QUIET_PIP)
	@$(CMAKE) -S . -B build/dev -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
	@$(PY) $(VENV)/bin/run-clang-tidy.py -quiet -p build/dev \
	  -clang-tidy-binary $(abspath $(VENV))/bin/clang-tidy -j $(JOBS) \
	  $$(find $(TIDY_FILES) -name '*.cpp' | sort)

format:
	@clang-format -i $$(find include src python/src tests benchmarks examples -name '*.[ch]pp')

clean:
	rm -rf build $(STAMPS) chitieu-report
