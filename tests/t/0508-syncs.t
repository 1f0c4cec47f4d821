#!/bin/sh
# What a deliver makes durable, sync by sync (issue 12, doc/PERFORMANCE.md):
# the commit that records the message (with the first attempt to send its
# answers counted in it), each answer in the outbox Maildir and its new/,
# the commit that marks them sent. Nothing more: no second commit to count
# the attempt, no sync of the database's directory when the WAL was already
# there. When the WAL is new, its directory is synced at once, so its name
# lasts, also when the process that made it only reads.
# Counted by tests/fault/synclog.c (LD_PRELOAD), not by time.
. "$(dirname "$0")/../lib.sh"
setup no

if ! cc -shared -fPIC -o "$T/synclog.so" "$TESTS_DIR/fault/synclog.c" -ldl 2>"$T/cc.err"; then
	sed 's/^/# /' "$T/cc.err"
	echo "1..0 # SKIP cannot build tests/fault/synclog.c"
	exit 0
fi

variant() {	# variant DATA-FILE MESSAGE-ID > FILE
	sed "s/^Message-ID: .*/Message-ID: <$2>/" "$TESTS_DIR/data/$1"
}

# logged FILE: deliver FILE with every sync written to $T/syncs.
logged() {
	rm -f "$T/syncs"
	env LD_PRELOAD="$T/synclog.so" SYNCLOG="$T/syncs" \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		"$BPOMAIL" -c "$T/bpomail.conf" deliver <"$1" 2>"$T/stderr"
}

# count PATTERN: lines of $T/syncs matching the extended regex PATTERN.
count() {
	grep -Ec "$1" "$T/syncs"
}

deliver "$TESTS_DIR/data/groep-tb.eml"
ok $? "a first request is recorded"
# A short WAL, so that the delivery logged below folds none of it into the
# database (deliver does so past STORE_DELIVER_WAL_PAGES): the sqlite3
# command folds and deletes it as it closes, the next deliver makes it anew.
sql "SELECT count(*) FROM request" >/dev/null
variant leerling.eml syncs-0@test.example >"$T/r0.eml"
deliver "$T/r0.eml"
ok $? "another request is recorded"

variant leerling.eml syncs-1@test.example >"$T/r1.eml"
before=$(outbox_count)
logged "$T/r1.eml"
ok $? "a second request is recorded, its syncs logged"
sent=$(($(outbox_count) - before))
ok "$([ "$sent" -ge 1 ] && echo 0 || echo 1)" "and answered ($sent mails)"
sed 's/^/# /' "$T/syncs"
is "$(count " $T/bpo\.db-wal$")" 2 "the WAL is synced twice: the recording, the sent marks"
is "$(count " $T/outbox/tmp/|$T/outbox/new/")" "$sent" "each answer once"
is "$(count " $T/outbox/new$")" 1 "outbox/new once"
is "$(count " $T$")" 0 "the database's directory not at all: the WAL was there"
is "$(wc -l <"$T/syncs" | tr -d ' ')" $((sent + 3)) "and nothing else"

# The sqlite3 command deletes the WAL when it closes the database last.
sql "SELECT count(*) FROM request" >/dev/null
ok "$([ ! -e "$T/bpo.db-wal" ] && echo 0 || echo 1)" "the WAL is gone"
variant leerling.eml syncs-2@test.example >"$T/r2.eml"
logged "$T/r2.eml"
ok $? "a third request is recorded"
sed 's/^/# /' "$T/syncs"
is "$(count " $T$")" 1 "the new WAL's directory is synced once"

# A command that only reads may be the one that makes the WAL: it syncs the
# directory too, or no later deliver would (they open it as it is).
sql "SELECT count(*) FROM request" >/dev/null
rm -f "$T/syncs"
env LD_PRELOAD="$T/synclog.so" SYNCLOG="$T/syncs" \
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	"$BPOMAIL" -c "$T/bpomail.conf" list >/dev/null 2>"$T/stderr"
ok $? "bpomail list reads the database"
ok "$([ -e "$T/bpo.db-wal" ] && echo 0 || echo 1)" "and leaves a WAL"
is "$(count " $T$")" 1 "whose directory it synced"
done_testing
