# The README's two commands. Both install what is missing first (Debian 12, as
# root or with sudo), then build with CMake.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
MANIFEST ?= deploy/local.yaml
JOBS ?= $(shell nproc)
# Where `make install` puts strom (DESTDIR, if set, is prepended: a staging root).
PREFIX ?= /usr/local

# Debian packages strom builds and runs with (the README says what each is for).
PACKAGES = cmake g++ make pkg-config ccache \
  libcaf-dev libprotobuf-dev protobuf-compiler liblmdb-dev \
  libspdlog-dev libyaml-cpp-dev libedit-dev nlohmann-json3-dev libssl-dev \
  libboost-dev libgrpc++-dev protobuf-compiler-grpc \
  zlib1g-dev libsnappy-dev liblz4-dev libzstd-dev
# Only the tests need GoogleTest, and the power-loss tests FUSE (libfuse3 for
# tests/power_fs, fuse3 for the module's tools); `make run` builds without them.
TESTS ?= ON
# faketime: the clock tests step the nodes' wall clock with libfaketime.
# librdkafka, kcat and kafka-python: Kafka clients the Kafka door is tested with.
# chromium: the web console is tested in a headless browser.
# systemd: its systemd-analyze and systemd-sysusers check the installed unit.
TEST_PACKAGES = $(if $(filter ON,$(TESTS)),libgtest-dev libfuse3-dev fuse3 faketime \
  librdkafka-dev kcat python3-kafka chromium systemd)
# Only the fuzz targets need clang and its libFuzzer and sanitizer runtimes.
FUZZ_PACKAGES = clang libclang-rt-14-dev
EXTRA_PACKAGES =

SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps configure build test install test-asan chaos fuzz-build test-fuzz fuzz run \
  bench-compare bench-failover clean

all: build

deps:
	@missing=""; for p in $(PACKAGES) $(TEST_PACKAGES) $(EXTRA_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

configure: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DSTROM_BUILD_TESTS=$(TESTS) \
	  -DCMAKE_INSTALL_PREFIX=$(PREFIX)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Every test runs once: a test that fails is a finding (a bug in strom or in
# the test), never noise for a rerun to hide. Tests wait on conditions, not
# clocks; their waits bound hangs, not speed (tests/README.md).
# Six Jepsen schedules (label jepsen, tests/chaos/jepsen) run among them,
# about 2.5 minutes (fresh seeds each run); `make chaos` runs a hundred.
test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 900

# The binary, the client library as a CMake package (find_package(strom)),
# the systemd unit and an example manifest under PREFIX (deploy/README.md);
# the prefix is configured, not only given to `cmake --install`, because the
# unit names the binary's path. Builds without the tests, as `make run`.
install: TESTS = OFF
install: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)
	DESTDIR=$(DESTDIR) cmake --install $(BUILD_DIR)

# The unit, simulator and storage tests of the layers below net/ once more
# (label `sanitized`), built in a dir of their own with AddressSanitizer,
# UndefinedBehaviorSanitizer and LeakSanitizer: any report fails its test.
ASAN_BUILD_DIR ?= build-asan
SANITIZERS = $(CURDIR)/tests/sanitizers
# The raft simulator runs 500 seeds here (2000 in make test): the paths, not
# the seeds, are what the sanitizers check, at a third of the speed.
SANITIZER_ENV = STROM_SIM_SEEDS=500 \
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
  LSAN_OPTIONS=suppressions=$(SANITIZERS)/lsan.supp:print_suppressions=0 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=$(SANITIZERS)/ubsan.supp
test-asan: deps
	cmake -S . -B $(ASAN_BUILD_DIR) -DCMAKE_BUILD_TYPE=Debug -DSTROM_SANITIZE=ON
	cmake --build $(ASAN_BUILD_DIR) -j $(JOBS) --target strom_sanitized_tests
	cd $(ASAN_BUILD_DIR) && $(SANITIZER_ENV) ctest --output-on-failure -j $(JOBS) \
	  --timeout 900 -L sanitized

# The long mix of faults: $(CHAOS_SCHEDULES) seeded schedules of every kind
# (tests/chaos/jepsen), about 25 s each, then the checker's counts.
# STROM_SEED replays a run.
CHAOS_SCHEDULES ?= 100
chaos: build
	STROM_CHAOS_SCHEDULES=$(CHAOS_SCHEDULES) $(BUILD_DIR)/tests/chaos/jepsen/chaos_jepsen

# The libFuzzer harnesses of tests/fuzz (its README), built with clang in a
# dir of their own (only the libraries they need), then each run from its
# seeds and regressions, FUZZ_JOBS at a time: any crash, leak, timeout or
# failed check fails, and a table gives each harness's executions and
# coverage. test-fuzz (CI) runs each 10 s on a corpus it then drops; fuzz
# runs each FUZZ_SECONDS and keeps what they find in build-fuzz/corpus/.
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_SECONDS ?= 300
FUZZ_JOBS ?= $(JOBS)
fuzz-build test-fuzz fuzz: EXTRA_PACKAGES = $(FUZZ_PACKAGES)
fuzz-build: deps
	cmake -S . -B $(FUZZ_BUILD_DIR) -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
	  -DSTROM_BUILD_TESTS=OFF -DSTROM_FUZZ=ON
	cmake --build $(FUZZ_BUILD_DIR) -j $(JOBS) --target strom_fuzzers
test-fuzz: FUZZ_SECONDS = 10
test-fuzz: fuzz-build
	corpus=$$(mktemp -d) && trap 'rm -rf "$$corpus"' EXIT && \
	  tests/fuzz/run_fuzzers.sh $(FUZZ_BUILD_DIR) $(FUZZ_SECONDS) "$$corpus" $(FUZZ_JOBS)
fuzz: fuzz-build
	tests/fuzz/run_fuzzers.sh $(FUZZ_BUILD_DIR) $(FUZZ_SECONDS) $(FUZZ_BUILD_DIR)/corpus $(FUZZ_JOBS)

# Only the binary: a person waiting for the console need not build the tests.
run: TESTS = OFF
run: configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target strom
	$(BUILD_DIR)/strom launch $(MANIFEST) --console

# strom's benchmark and ../shared/peers (NATS JetStream, Redis Streams) back to
# back, then one table with strom's ratio to each (RUNS=3; about 40 minutes).
bench-compare: build
	bash tests/bench/compare/bench_compare.sh

# Three nodes, a topic of 10,000 partitions (R3), kill -9 of a node: the
# seconds until every partition leads again (PARTITIONS=...; about a minute).
bench-failover: build
	bash tests/bench/failover/failover_bench.sh

clean:
	rm -rf $(BUILD_DIR) $(ASAN_BUILD_DIR) $(FUZZ_BUILD_DIR)
