# tests/lib.sh: shared helpers for the whole-flow tests (TAP, run by prove).
# Each test sources this file, calls setup, feeds mail in and reads mail out.

set -u
TESTS_DIR=$(cd "$(dirname "$0")/.." && pwd)
TOP=$(cd "$TESTS_DIR/.." && pwd)
BPOMAIL=${BPOMAIL:-$TOP/bpomail}
MAILTOOL="python3 $TESTS_DIR/mailtool.py"
SYS=bpo@swv.example

_n=0
_failed=0

once_per_check() {	# once_per_check WHY: skip unless $BPOMAIL is the tree's own build (not the ASan one)
	[ "$(cd "$(dirname "$BPOMAIL")" 2>/dev/null && pwd)/$(basename "$BPOMAIL")" = "$TOP/bpomail" ] && return 0
	echo "1..0 # SKIP $* (once per make check, with the tree's own bpomail, not $BPOMAIL)"
	exit 0
}

ok() {	# ok CONDITION-EXIT-STATUS DESCRIPTION
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		_failed=$((_failed + 1))
	fi
}

is() {	# is GOT EXPECTED DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:      %s\n#   expected: %s\n' "$1" "$2"
	fi
}

like() {	# like TEXT EXTENDED-REGEX DESCRIPTION
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '%s\n' "$1" | head -n 40 | sed 's/^/#   /'
		printf '#   does not match: %s\n' "$2"
	fi
}

unlike() {	# unlike TEXT EXTENDED-REGEX DESCRIPTION
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		ok 1 "$3"
		printf '#   matches, and should not: %s\n' "$2"
	else
		ok 0 "$3"
	fi
}

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
	exit $?
}

# setup [trust_from]: a fresh site in $T with the demo directory.
setup() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/bpomail-test.XXXXXX")
	trap 'rm -rf "$T"' EXIT
	cat >"$T/bpomail.conf" <<CONF
address = $SYS
name = BPO-loket SWV Voorbeeld
database = bpo.db
outbox = outbox
templates = $TOP/templates
trust_from = ${1:-no}
CONF
	cp "$TESTS_DIR/data/directory.csv" "$T/directory.csv"
	bpo init >/dev/null && bpo directory import "$T/directory.csv" >/dev/null
}

bpo() {	# bpo ARGS: bpomail with the test configuration
	"$BPOMAIL" -c "$T/bpomail.conf" "$@"
}

deliver() {	# deliver FILE [ARGS]: one message through `bpomail deliver`; prints nothing, returns its exit code
	_f=$1
	shift
	bpo deliver "$@" <"$_f" 2>"$T/stderr"
}

outbox_count() {
	ls "$T/outbox/new" 2>/dev/null | wc -l | tr -d ' '
}

# latest TO [N]: path of the newest outgoing mail to TO (N-th newest with N).
latest() {
	$MAILTOOL latest "$T/outbox" "$1" "${2:-1}"
}

# text FILE: the decoded headers and body of a mail, for matching.
text() {
	$MAILTOOL show "$1"
}

# reply ORIGINAL FROM CLIENT BODY [ARGS]: writes a reply as that client would into $T/reply.eml.
reply() {
	_orig=$1 _from=$2 _client=$3 _body=$4
	shift 4
	$MAILTOOL reply "$_orig" --from "$_from" --client "$_client" --body "$_body" "$@" >"$T/reply.eml"
}

status_of() {	# status_of ID
	bpo show "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])'
}

check_outbox() {	# every outgoing mail parses with Python's email package, without defects
	_out=$($MAILTOOL check "$T/outbox" "$@" 2>&1)
	ok $? "every outgoing mail is well-formed ($(outbox_count) mails)"
	[ -n "$_out" ] && printf '%s\n' "$_out" | sed 's/^/#   /'
	return 0
}

# answer ORIGINAL FROM CLIENT BODY [ARGS]: reply as that client and deliver it.
answer() {
	reply "$@" && deliver "$T/reply.eml"
}

# last_template [ADDR]: the template of the newest queued mail (to ADDR).
last_template() {
	if [ $# -gt 0 ]; then
		sqlite3 "$T/bpo.db" "SELECT template FROM outmail WHERE recipient = '$1' ORDER BY id DESC LIMIT 1"
	else
		sqlite3 "$T/bpo.db" "SELECT template FROM outmail ORDER BY id DESC LIMIT 1"
	fi
}

events_of() {	# events_of ID: the history's events, space separated
	bpo show "$1" --json | python3 -c 'import json,sys; print(" ".join(h["event"] for h in json.load(sys.stdin)["history"]))'
}

# Helpers for the exactly-once tests (tests/t/020*.t).

sql() {	# sql QUERY: one query on the test database, with the sqlite3 CLI
	sqlite3 "$T/bpo.db" "$1"
}

# deliver_at_once FILE...: one `bpomail deliver` process per FILE, all let go
# at the same moment; prints their exit codes in argument order, blank
# separated. The N-th process's standard error is in $T/at-once.N.err.
deliver_at_once() {
	rm -f "$T/at-once.go" "$T"/at-once.*.rc "$T"/at-once.*.err
	_i=0 _pids=
	for _f; do
		_i=$((_i + 1))
		(
			while [ ! -e "$T/at-once.go" ]; do sleep 0.01; done
			bpo deliver <"$_f" 2>"$T/at-once.$_i.err"
			echo $? >"$T/at-once.$_i.rc"
		) &
		_pids="$_pids $!"
	done
	touch "$T/at-once.go"
	wait $_pids
	_i=0 _codes=
	for _f; do
		_i=$((_i + 1))
		_codes="$_codes${_codes:+ }$(cat "$T/at-once.$_i.rc" 2>/dev/null || echo none)"
	done
	echo "$_codes"
}

# outbox_dups: the queue ids that have more than one file in the outbox
# Maildir (new/ and cur/); file names are "WHEN.BID.HOST", fixed per queued mail.
outbox_dups() {
	ls "$T/outbox/new" "$T/outbox/cur" 2>/dev/null | sed -n 's/^[0-9]*\.B\([0-9]*\)\..*/\1/p' | sort | uniq -d
}

# lock_db: another process takes the database's write lock (BEGIN IMMEDIATE)
# and keeps it until unlock_db (or 120 s, or the test's directory is gone).
lock_db() {
	rm -f "$T/lock.held" "$T/lock.release"
	python3 - "$T/bpo.db" "$T/lock.held" "$T/lock.release" <<'PY' &
import os, sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
end = time.monotonic() + 120
while not os.path.exists(sys.argv[3]) and os.path.isdir(os.path.dirname(sys.argv[1])) \
        and time.monotonic() < end:
    time.sleep(0.02)
con.execute("ROLLBACK")
PY
	_lock_pid=$!
	while [ ! -e "$T/lock.held" ]; do
		kill -0 "$_lock_pid" 2>/dev/null || return 1
		sleep 0.02
	done
}

unlock_db() {
	touch "$T/lock.release"
	wait "$_lock_pid"
}

# is_todo GOT EXPECTED DESCRIPTION REASON: like is, for a known bug: a TAP
# TODO test, so its failure does not fail the suite (prove reports it when it
# passes unexpectedly).
is_todo() {
	_n=$((_n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $_n - $3 # TODO $4"
	else
		echo "not ok $_n - $3 # TODO $4"
		printf '#   got:      %s\n#   expected: %s\n' "$1" "$2"
	fi
}

# use_fake_sendmail: outgoing mail goes to a sendmail stand-in that keeps each
# mail in $T/sent/ and exits 75 while $T/sendmail-fails exists (created here).
use_fake_sendmail() {
	mkdir -p "$T/sent"
	cat >"$T/sendmail" <<SH
#!/bin/sh
[ -e "$T/sendmail-fails" ] && exit 75
cat >"$T/sent/\$\$.eml"
SH
	chmod +x "$T/sendmail"
	sed -i "s|^outbox = outbox|sendmail = $T/sendmail -t -i|" "$T/bpomail.conf"
	touch "$T/sendmail-fails"
}
