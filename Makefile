# reportgen - Korean PDF briefings and CSV summaries from a pledge dataset.
#
#   make            build build/reportgen
#   make run        install missing Debian packages, build, render the sample
#   make check      unit + golden tests, then the same under ASan+UBSan
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

.PHONY: all run deps check check-tests check-office check-valgrind fuzz fuzzreplay hostile alloccheck unit golden pdfcheck opscheck clean bench install \
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
	    echo "missing packages; run: sudo apt-get install $$missing"; exit 1; \
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

check: deps
	@$(MAKE) --no-print-directory check-tests alloccheck
	@$(MAKE) --no-print-directory BUILD=build/san SANITIZE=1 check-tests
	@ALLOC_STRIDE=4 $(MAKE) --no-print-directory BUILD=build/san SANITIZE=1 alloccheck
	@echo "make check: all tests passed (plain and ASan+UBSan)"

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
