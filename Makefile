# Makefile for bpomail. `make` builds ./bpomail; `make check` runs every test;
# `make demo` takes the bundled demo mail through the whole process.

PREFIX     ?= /usr/local
SYSCONFDIR ?= /etc
SYSTEMDDIR ?= $(PREFIX)/lib/systemd/system
LIBEXECDIR ?= $(PREFIX)/lib/bpomail
VERSION    ?= 1.0
TEMPLATEDIR ?= $(CURDIR)/templates
BUILD      ?= build
BIN        ?= bpomail
# The consent form's helper sits beside each bpomail (./, build/asan/): that is
# where bpomail looks first (src/helper.c).
PDF_BIN    := $(patsubst ./%,%,$(dir $(BIN))bpomail-pdf)
SAN        ?=
V          ?=
Q          := $(if $(V),,@)

PKGS       := libetpan libxml-2.0 sqlite3 nettle
# cairo and fontconfig (and the twenty libraries they load) only in bpomail-pdf.
PDF_PKGS   := cairo fontconfig
# Debian's libetpan.pc carries -specs=no-pie-link.specs, which silently makes a
# non-PIE binary: drop it. Library headers are system headers for warnings.
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(PDF_PKGS) 2>/dev/null | sed 's/-I/-isystem /g')
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null | sed 's/-specs=[^ ]*//g')
PDF_LIBS   := $(shell pkg-config --libs $(PDF_PKGS) 2>/dev/null)

# Issue 12 (doc/PERFORMANCE.md): bpomail itself links libetpan, libxml2,
# SQLite and Nettle (SHA-256) statically when Debian's archives of them are
# installed: fewer shared libraries to load and relocate at every deliver.
# Tests link them dynamically.
STATIC_AR  := $(foreach l,etpan xml2 sqlite3 nettle,$(shell $(CC) -print-file-name=lib$(l).a 2>/dev/null))
PKG_SLIBS  := $(shell pkg-config --static --libs libetpan libxml-2.0 sqlite3 2>/dev/null | sed 's/-specs=[^ ]*//g')
BIN_LIBS   := $(if $(filter-out /%,$(STATIC_AR)),$(PKG_LIBS),-Wl,-Bstatic -letpan -lxml2 -lsqlite3 -lnettle \
              -Wl,-Bdynamic -Wl,--as-needed $(filter-out -letpan -lxml2 -lsqlite3 -lnettle,$(PKG_SLIBS)))
# The ICU version libxml2 was built against, for src/icu_none.c's stand-ins
# (72 on Debian 12); empty when libxml2 uses no ICU.
ICU_VERSION := $(shell nm -u $(filter /%/libxml2.a,$(STATIC_AR)) 2>/dev/null | \
               sed -n 's/.* ucnv_open_\([0-9][0-9]*\)$$/\1/p' | head -n 1)

CFLAGS     ?= -O2 -g
WARNINGS   := -std=c17 -Wall -Wextra -Werror -Wpedantic -Wshadow -Wformat=2 \
              -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wpointer-arith \
              -Wundef -Wnull-dereference
ALL_CPPFLAGS := -D_GNU_SOURCE -Iinclude \
              -DBPOMAIL_TEMPLATEDIR='"$(TEMPLATEDIR)"' -DBPOMAIL_VERSION='"$(VERSION)"' \
              -DBPOMAIL_LIBEXECDIR='"$(LIBEXECDIR)"' \
              $(if $(ICU_VERSION),-DBPOMAIL_ICU_VERSION=$(ICU_VERSION)) \
              $(PKG_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS := $(WARNINGS) -fPIE $(SAN) $(CFLAGS)
ALL_LDFLAGS := -pie $(SAN) $(LDFLAGS)

SRC        := $(wildcard src/*.c)
ASM        := $(wildcard src/*.S)
OBJ        := $(SRC:src/%.c=$(BUILD)/%.o) $(ASM:src/%.S=$(BUILD)/%.o)
LIBOBJ     := $(filter-out $(BUILD)/main.o,$(OBJ))
# bpomail-pdf: its own sources, and the few of bpomail's that it shares.
PDF_SRC    := $(wildcard src/pdf/*.c)
PDF_OBJ    := $(PDF_SRC:src/pdf/%.c=$(BUILD)/pdf/%.o)
PDF_SHARED := $(addprefix $(BUILD)/,consent_pdf_wire.o utf8.o util.o)
UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

SANITIZE   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Fuzzing (clang, libFuzzer): tests/fuzz/fuzz_NAME.c with a seed corpus in
# tests/fuzz/corpus/NAME. `make check` replays every corpus under ASan+UBSan
# with gcc through tests/fuzz/replay.c, so findings stay regression tests.
FUZZ_SRC   := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZTIME   ?= 60
FUZZ_FLAGS := -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

.PHONY: FORCE all check unit flow replay check-asan check-valgrind fuzz demo clean install uninstall deps mail-voorbeeld
.DELETE_ON_ERROR:

all: $(BIN) $(PDF_BIN)

$(BIN): $(OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(OBJ) $(BIN_LIBS)

$(PDF_BIN): $(PDF_OBJ) $(PDF_SHARED)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(PDF_OBJ) $(PDF_SHARED) $(PDF_LIBS)

$(BUILD)/%.o: src/%.c | $(BUILD)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/pdf/%.o: src/pdf/%.c | $(BUILD)
	@mkdir -p $(BUILD)/pdf
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/%.o: src/%.S src/aanvraag.xsd | $(BUILD)
	@echo "  AS      $<"
	$(Q)$(CC) $(SAN) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJ) | $(BUILD)
	@mkdir -p $(BUILD)/tests
	@echo "  TEST    $@"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP $(ALL_LDFLAGS) -o $@ $< $(LIBOBJ) $(UNIT_EXTRA) \
		$(PKG_LIBS) -lcmocka

# The drawing is tested in-process, without the helper.
$(BUILD)/tests/test_consent_pdf: $(BUILD)/pdf/consent_pdf_draw.o
$(BUILD)/tests/test_consent_pdf: UNIT_EXTRA = $(BUILD)/pdf/consent_pdf_draw.o $(PDF_LIBS)

$(BUILD):
	mkdir -p $(BUILD)

deps:
	@tools/deps

# Unit tests (cmocka) and whole-flow tests (TAP, run by prove).
# The longest flows start first, so that the two at a time end together.
FLOW_SLOW  := $(addprefix tests/t/,0301-peer-corpus.t 0202-kill-scan.t 0106-after-start.t \
              0105-refusal-matrix.t 0016-reading-people.t)
FLOW_ORDER := $(FLOW_SLOW) $(filter-out $(FLOW_SLOW),$(sort $(wildcard tests/t/*.t)))
unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; BPOMAIL_TEMPLATEDIR=$(CURDIR)/templates $$t; done

flow: $(BIN) $(PDF_BIN)
	BPOMAIL="$(abspath $(BIN))" prove -j2 $(FLOW_ORDER)

# Every fuzz corpus through its harness, without libFuzzer.
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/replay/%)
$(BUILD)/replay/%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIBOBJ) | $(BUILD)
	@mkdir -p $(BUILD)/replay
	@echo "  REPLAY  $@"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIBOBJ) $(PKG_LIBS)

# The composing harness also reads every message of the peer corpus (tests/data/peer).
PEER_DIRS  := $(wildcard tests/data/peer/*/)
FUZZ_SEEDS_compose := $(PEER_DIRS)

replay: $(REPLAY_BIN)
	@set -e; for n in $(FUZZ_NAMES); do $(BUILD)/replay/$$n tests/fuzz/corpus/$$n; done
	@$(BUILD)/replay/compose $(PEER_DIRS)

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(SRC) $(ASM) src/aanvraag.xsd
	@mkdir -p build/fuzz
	@echo "  FUZZ    $@"
	$(Q)clang -c -o build/fuzz/form_xsd.o src/form_xsd.S
	$(Q)clang $(ALL_CPPFLAGS) $(FUZZ_FLAGS) -o $@ $< $(filter-out src/main.c,$(SRC)) \
		build/fuzz/form_xsd.o $(PKG_LIBS)

fuzz:
	@tools/deps fuzz
	$(MAKE) $(FUZZ_NAMES:%=build/fuzz/fuzz_%)
	@set -e; for n in $(FUZZ_NAMES); do \
		mkdir -p build/fuzz/work-$$n; \
		echo "== fuzz_$$n for $(FUZZTIME) s"; \
		seeds=; [ $$n = compose ] && seeds="$(FUZZ_SEEDS_compose)"; \
		build/fuzz/fuzz_$$n -max_total_time=$(FUZZTIME) -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix=build/fuzz/ build/fuzz/work-$$n tests/fuzz/corpus/$$n $$seeds 2>&1 | tail -n 3; \
	done

# The unit and whole-flow tests under valgrind (memcheck): no errors, no leaks. The
# kill-and-restart scan is left out: under valgrind it takes longer than 20 minutes.
check-valgrind: all $(UNIT_BIN)
	@tools/deps valgrind
	@set -e; for t in $(UNIT_BIN); do echo "== valgrind $$t"; \
		BPOMAIL_TEMPLATEDIR=$(CURDIR)/templates valgrind -q --error-exitcode=99 --leak-check=full \
		--show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect $$t >/dev/null; done
	BPOMAIL="$(CURDIR)/tools/valgrind-bpomail" prove -j2 $(filter-out tests/t/0202-kill-scan.t,$(wildcard tests/t/*.t))

# Under ASan (time only) the kill-and-restart scan uses 200 messages instead
# of 500, and each peer-corpus message goes through deliver one way, not
# three (the scan still takes every message all three ways).
check-asan:
	BPOMAIL_KILL_MESSAGES=200 PEER_SHARE=3 $(MAKE) BUILD=build/asan BIN=build/asan/bpomail SAN="$(SANITIZE)" \
		CFLAGS="-O1 -g" unit replay flow

check: deps
	$(MAKE) all
	$(MAKE) unit flow
	$(MAKE) check-asan
	@echo "make check: all tests passed (plain and ASan+UBSan)"

demo: deps
	$(MAKE) all
	@tools/demo

# One real mail for the README: the main path's mail made by template MAIL,
# its HTML part as headless chromium renders it (tests/t/0503-html-render.t)
# in doc/mail-voorbeeld.png and its text part in doc/mail-voorbeeld.txt.
MAIL       ?= toestemming-ouder
mail-voorbeeld: $(BIN) $(PDF_BIN)
	rm -rf $(BUILD)/render
	BPOMAIL_RENDER_KEEP="$(abspath $(BUILD))/render" BPOMAIL="$(abspath $(BIN))" prove -v tests/t/0503-html-render.t
	@tools/mail-voorbeeld $(BUILD)/render $(MAIL) doc

# `make install` (PREFIX, DESTDIR, SYSCONFDIR, SYSTEMDDIR): the binary, which
# looks for its templates in $(PREFIX)/share/bpomail/templates (config.c is
# compiled again for that), the templates, man pages, a commented sample
# configuration (also as $(SYSCONFDIR)/bpomail.conf when there is none),
# systemd units and a cron file; the consent form's helper in $(LIBEXECDIR)
# (helper.c is compiled again for that). Then, once, as root: bpomail setup.
INSTALL_TEMPLATEDIR := $(PREFIX)/share/bpomail/templates
INSTALL_BIN := $(BUILD)/install/bpomail
DIST_SUBST  := sed -e 's|@BINDIR@|$(PREFIX)/bin|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
               -e 's|@TEMPLATEDIR@|$(INSTALL_TEMPLATEDIR)|g'
UNITS       := $(wildcard dist/bpomail-*.service dist/bpomail-*.timer)

$(INSTALL_BIN): $(OBJ) FORCE
	@mkdir -p $(BUILD)/install
	@echo "  CC      $(BUILD)/install/config.o (templates in $(INSTALL_TEMPLATEDIR))"
	$(Q)$(CC) $(filter-out -DBPOMAIL_TEMPLATEDIR=%,$(ALL_CPPFLAGS)) \
		-DBPOMAIL_TEMPLATEDIR='"$(INSTALL_TEMPLATEDIR)"' $(ALL_CFLAGS) -c -o $(BUILD)/install/config.o src/config.c
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $(BUILD)/install/helper.o src/helper.c
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(filter-out $(BUILD)/config.o $(BUILD)/helper.o,$(OBJ)) \
		$(BUILD)/install/config.o $(BUILD)/install/helper.o $(BIN_LIBS)

FORCE:

install: $(INSTALL_BIN) $(PDF_BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(INSTALL_TEMPLATEDIR) \
		$(DESTDIR)$(SYSTEMDDIR) $(DESTDIR)$(SYSCONFDIR) $(DESTDIR)$(LIBEXECDIR)
	install -m 755 $(INSTALL_BIN) $(DESTDIR)$(PREFIX)/bin/bpomail
	install -m 755 $(PDF_BIN) $(DESTDIR)$(LIBEXECDIR)/bpomail-pdf
	install -m 644 templates/*.txt $(DESTDIR)$(INSTALL_TEMPLATEDIR)/
	install -m 644 doc/bpomail.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 doc/bpomail.conf.5 $(DESTDIR)$(PREFIX)/share/man/man5/
	$(DIST_SUBST) dist/bpomail.conf >$(DESTDIR)$(PREFIX)/share/bpomail/bpomail.conf.sample
	$(DIST_SUBST) dist/bpomail.cron >$(DESTDIR)$(PREFIX)/share/bpomail/bpomail.cron
	chmod 644 $(DESTDIR)$(PREFIX)/share/bpomail/bpomail.conf.sample $(DESTDIR)$(PREFIX)/share/bpomail/bpomail.cron
	set -e; for u in $(notdir $(UNITS)); do \
		$(DIST_SUBST) dist/$$u >$(DESTDIR)$(SYSTEMDDIR)/$$u; chmod 644 $(DESTDIR)$(SYSTEMDDIR)/$$u; done
	[ -e $(DESTDIR)$(SYSCONFDIR)/bpomail.conf ] || \
		install -m 640 $(DESTDIR)$(PREFIX)/share/bpomail/bpomail.conf.sample $(DESTDIR)$(SYSCONFDIR)/bpomail.conf
	@echo "installed; once, as root: $(PREFIX)/bin/bpomail -c $(SYSCONFDIR)/bpomail.conf setup"

# Leaves the configuration, the database and the user alone.
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/bpomail $(DESTDIR)$(PREFIX)/share/man/man1/bpomail.1 \
		$(DESTDIR)$(PREFIX)/share/man/man5/bpomail.conf.5 \
		$(addprefix $(DESTDIR)$(SYSTEMDDIR)/,$(notdir $(UNITS))) $(DESTDIR)$(LIBEXECDIR)/bpomail-pdf
	-rmdir $(DESTDIR)$(LIBEXECDIR) 2>/dev/null
	rm -rf $(DESTDIR)$(PREFIX)/share/bpomail

clean:
	rm -rf build bpomail bpomail-pdf

-include $(OBJ:.o=.d) $(PDF_OBJ:.o=.d) $(UNIT_BIN:=.d)

# The benchmark of issue 12: not a test; prints a table of medians and ratios
# (bench/run describes what it measures and its BENCH_* settings).
.PHONY: bench
bench: $(BIN) $(PDF_BIN)
	BPOMAIL="$(abspath $(BIN))" bench/run
