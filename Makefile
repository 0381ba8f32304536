# reportgen - Korean PDF briefings and CSV summaries from a pledge dataset.
#
#   make            build build/reportgen
#   make run        install missing Debian packages, build, render the sample
#   make check      unit, golden, operations, robustness tests, plain and under
#                   ASan+UBSan, allocation failures sampled (about 3 minutes)
#   make check-full make check plus every allocation failure (about 15 minutes)
#   make bench      benchmark (see bench/RESULTS.md)
#
# Variables: CC, BUILD (output dir), SANITIZE=1 (ASan+UBSan), WERROR=0.

CC      ?= cc
BUILD   ?= build
PREFIX  ?= /usr/local
WERROR  ?= 1

DEB_PKGS = build-essential pkg-config libjansson-dev libcsv-dev libhpdf-dev \
           libcmocka-dev libunistring-dev libdeflate-dev fonts-nanum fonts-dejavu-core \
           poppler-utils qpdf mupdf-tools ghostscript python3

WARN    = -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes \
          -Wwrite-strings -Wshadow -Wvla
ifeq ($(WERROR),1)
WARN   += -Werror
endif
CSTD    = -std=c11 -D_POSIX_C_SOURCE=200809L
OPT     = -O2 -g
ifeq ($(SANITIZE),1)
OPT     = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
endif

PKG_CFLAGS := $(shell pkg-config --cflags jansson 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs jansson 2>/dev/null || echo -ljansson)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

ALL_CFLAGS  = $(CSTD) $(WARN) $(OPT) -pthread $(PKG_CFLAGS) -Ireportgen $(CFLAGS)
ALL_LDFLAGS = $(OPT) -pthread $(LDFLAGS)
LIBS        = $(PKG_LIBS) -lcsv -lhpdf -lunistring -ldeflate -lm

SRCS     := $(wildcard reportgen/*.c)
OBJS     := $(patsubst reportgen/%.c,$(BUILD)/obj/%.o,$(SRCS))
LIB_OBJS := $(filter-out $(BUILD)/obj/main.o,$(OBJS))
HDRS     := $(wildcard reportgen/*.h)

UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))

.PHONY: all run deps check check-full check-tests check-san-tests check-office check-valgrind fuzz fuzzreplay hostile alloccheck unit golden pdfcheck opscheck clean bench install \
        uninstall

all: $(BUILD)/reportgen

$(BUILD)/obj/%.o: reportgen/%.c $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/reportgen: $(OBJS)
	@echo "  LINK    $@"
	@$(CC) $(ALL_LDFLAGS) -o $@ $(OBJS) $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testfiles.h $(LIB_OBJS) $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJS) $(LIBS) $(CMOCKA_LIBS)

# Install what is missing from Debian (as root), or say what to install.
deps:
	@missing=$$(for p in $(DEB_PKGS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    cmd="apt-get install $$(echo $$missing)"; \
	    if command -v sudo >/dev/null 2>&1; then \
	      echo "missing packages; run:"; echo "  sudo $$cmd"; \
	    else \
	      echo "missing packages; run as root:"; echo "  $$cmd"; \
	    fi; \
	    exit 1; \
	  fi; \
	fi

run: deps
	@$(MAKE) --no-print-directory all
	./$(BUILD)/reportgen render data/pledges.json -o out
	@echo "wrote out/briefing.pdf and out/*.csv"

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done

golden: $(BUILD)/reportgen
	@sh tests/golden/run.sh $(BUILD)/reportgen

pdfcheck: $(BUILD)/reportgen
	@python3 tests/pdf/check.py $(BUILD)/reportgen data/pledges.json

opscheck: $(BUILD)/reportgen
	@sh tests/ops/check.sh $(BUILD)/reportgen
	@sh tests/ops/commit.sh $(BUILD)/reportgen
	@sh tests/ops/targets.sh $(BUILD)/reportgen

check-tests: unit golden pdfcheck opscheck fuzzreplay hostile
# the sanitizer build's share of make check; make check-full runs the rest
check-san-tests: unit golden pdfcheck fuzzreplay

bench: $(BUILD)/reportgen
	@sh bench/run.sh

# ---- robustness: fuzz targets, hostile inputs, allocation failures ----
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 60
FUZZ_JOBS    ?= 1
FUZZ_CC      ?= clang
FUZZ_DIR      = build/fuzz
FUZZ_OPT      = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all -pthread
FUZZ_OBJS    := $(patsubst reportgen/%.c,$(FUZZ_DIR)/obj/%.o,$(filter-out reportgen/main.c,$(SRCS)))
REPLAY_BINS  := $(addprefix $(BUILD)/fuzz-replay/,$(FUZZ_TARGETS))
.SECONDARY: $(FUZZ_OBJS)

$(FUZZ_DIR)/obj/%.o: reportgen/%.c $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (libFuzzer)"
	@$(FUZZ_CC) $(CSTD) $(WARN) $(FUZZ_OPT) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -Ireportgen -c -o $@ $<

$(FUZZ_DIR)/bin/%: tests/fuzz/%.c tests/fuzz/fuzz_common.h $(FUZZ_OBJS)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(FUZZ_CC) $(CSTD) $(WARN) $(FUZZ_OPT) -fsanitize=fuzzer $(PKG_CFLAGS) -Ireportgen -o $@ $< $(FUZZ_OBJS) $(LIBS)

$(BUILD)/fuzz-replay/%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz_common.h $(LIB_OBJS) $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB_OBJS) $(LIBS)

fuzz: $(addprefix $(FUZZ_DIR)/bin/,$(FUZZ_TARGETS))
	@FUZZ_SKIP_BUILD=1 FUZZ_OUT=$(FUZZ_DIR) JOBS=$(FUZZ_JOBS) sh tests/fuzz/run.sh fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzzreplay: $(REPLAY_BINS)
	@set -e; for t in $(FUZZ_TARGETS); do \
	  printf '%s: ' $$t; REPORTGEN_DATADIR=. $(BUILD)/fuzz-replay/$$t tests/fuzz/corpus/$$t; done

hostile: $(BUILD)/reportgen
	@sh tests/hostile/check.sh $(BUILD)/reportgen

# both ways of running: on one thread (small datasets) and with threads;
# ALLOC_STRIDE=4 samples every 4th allocation (the sanitizer build's pass)
alloccheck: $(BUILD)/reportgen
	@REPORTGEN_PARALLEL=0 sh tests/alloc/check.sh $(BUILD)/reportgen
	@REPORTGEN_PARALLEL=1 sh tests/alloc/check.sh $(BUILD)/reportgen

# memcheck over the unit tests and every golden case (slow: minutes)
VALGRIND = valgrind -q --suppressions=tests/valgrind.supp --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
VALGRIND_ABS = $(subst tests/valgrind.supp,$(CURDIR)/tests/valgrind.supp,$(VALGRIND))
check-valgrind: $(UNIT_BINS) $(BUILD)/reportgen
	@set -e; for t in $(UNIT_BINS); do echo "== valgrind $$t"; $(VALGRIND) $$t >/dev/null; done
	@RUNNER="$(VALGRIND_ABS)" sh tests/golden/run.sh $(BUILD)/reportgen

# Optional: open CSVs in LibreOffice (skipped when it is not installed).
check-office: $(BUILD)/reportgen
	@sh tests/office/check.sh $(BUILD)/reportgen

# make check: the README's test command, about 3 minutes on 2 cores.  The
# allocation-failure loops try a sample of the allocation points (every
# 17th, and every 61st under the sanitizers); make check-full tries every
# one, and runs the operations and hostile checks under the sanitizers too.
SAN = BUILD=build/san SANITIZE=1
check: deps
	@echo "== build (plain)"
	@$(MAKE) --no-print-directory -j2 all $(UNIT_BINS) $(REPLAY_BINS)
	@echo "== unit, golden, PDF readers, operations, fuzz corpus, hostile inputs (plain)"
	@$(MAKE) --no-print-directory check-tests
	@echo "== allocation failures, every 17th allocation (plain)"
	@ALLOC_STRIDE=17 $(MAKE) --no-print-directory alloccheck
	@echo "== build (ASan+UBSan)"
	@$(MAKE) --no-print-directory -j2 $(SAN) build/san/reportgen \
	  $(patsubst $(BUILD)/%,build/san/%,$(UNIT_BINS) $(REPLAY_BINS))
	@echo "== unit, golden, PDF readers, fuzz corpus (ASan+UBSan)"
	@$(MAKE) --no-print-directory $(SAN) check-san-tests
	@echo "== allocation failures, every 61st allocation (ASan+UBSan)"
	@ALLOC_STRIDE=61 $(MAKE) --no-print-directory $(SAN) alloccheck
	@echo "make check: all tests passed (plain and ASan+UBSan)"

# make check, then every allocation failure (plain; every 4th under the
# sanitizers) and the operations and hostile checks under the sanitizers:
# about 15 minutes; .ci/run runs it
check-full: check
	@echo "== allocation failures, every allocation (plain)"
	@$(MAKE) --no-print-directory alloccheck
	@echo "== golden tests leave nothing in the temporary directory"
	@sh tests/golden/tmpcheck.sh $(BUILD)/reportgen
	@echo "== operations and hostile inputs (ASan+UBSan)"
	@$(MAKE) --no-print-directory $(SAN) opscheck hostile
	@echo "== allocation failures, every 4th allocation (ASan+UBSan)"
	@ALLOC_STRIDE=4 $(MAKE) --no-print-directory $(SAN) alloccheck
	@echo "make check-full: all tests passed"

DATADIR = $(PREFIX)/share/reportgen
MANDIR  = $(PREFIX)/share/man/man1

install: $(BUILD)/reportgen
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/layouts $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(MANDIR)
	install -m 755 $(BUILD)/reportgen $(DESTDIR)$(PREFIX)/bin/reportgen
	install -m 644 layouts/*.json layouts/README.md $(DESTDIR)$(DATADIR)/layouts/
	install -m 644 fonts/manifest.json $(DESTDIR)$(DATADIR)/fonts/
	install -m 644 man/reportgen.1 $(DESTDIR)$(MANDIR)/reportgen.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/reportgen $(DESTDIR)$(MANDIR)/reportgen.1
	rm -f $(DESTDIR)$(DATADIR)/fonts/manifest.json $(DESTDIR)$(DATADIR)/layouts/*.json \
	      $(DESTDIR)$(DATADIR)/layouts/README.md
	-rmdir $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(DATADIR)/layouts $(DESTDIR)$(DATADIR)

clean:
	rm -rf build out
