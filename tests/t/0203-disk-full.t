#!/bin/sh
# A full disk (README, What bpomail guarantees): exit 75 with "4.3.0", nothing half-done, and the
# same delivery succeeds once there is space again. The disk is made full by
# tests/fault/nospace.c (LD_PRELOAD): writes to the database's files fail with
# ENOSPC after NOSPACE_AFTER writes, or only their fsync fails
# (NOSPACE_FSYNC=1). When a small tmpfs can be mounted (root), a really full
# file system as well.
. "$(dirname "$0")/../lib.sh"
setup no
Y=$(date -u +%Y)

if ! cc -shared -fPIC -o "$T/nospace.so" "$TESTS_DIR/fault/nospace.c" -ldl 2>"$T/cc.err"; then
	sed 's/^/# /' "$T/cc.err"
	echo "1..0 # SKIP cannot build tests/fault/nospace.c"
	exit 0
fi

# full VAR=VALUE ARGS...: bpomail on a disk that is full as VAR says.
full() {
	_v=$1
	shift
	env LD_PRELOAD="$T/nospace.so" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		"$_v" "$BPOMAIL" -c "$T/bpomail.conf" "$@"
}

# What a delivery changes: messages, requests, queued mails, events, the request counter.
state() {
	sql "SELECT (SELECT count(*) FROM message) || ' messages, ' || (SELECT count(*) FROM request)
	     || ' requests, ' || (SELECT count(*) FROM outmail) || ' queued, '
	     || (SELECT count(*) FROM event) || ' events, counter '
	     || coalesce((SELECT group_concat(last) FROM counter), 0)"
}

variant() {	# variant DATA-FILE MESSAGE-ID > FILE
	sed "s/^Message-ID: .*/Message-ID: <$2>/" "$TESTS_DIR/data/$1"
}

deliver "$TESTS_DIR/data/groep-tb.eml"
ok $? "a first request is recorded"

# The disk is full from the first write on.
variant leerling.eml full-1@test.example >"$T/full-1.eml"
before=$(state)
nbox=$(outbox_count)
full NOSPACE_AFTER=0 deliver <"$T/full-1.eml" 2>"$T/stderr"
is "$?" 75 "a delivery on a full disk exits 75"
like "$(head -n 1 "$T/stderr")" "^bpomail: 4\.3\.0 " "and says 4.3.0 first ($(head -n 1 "$T/stderr"))"
is "$(state)" "$before" "nothing is recorded"
is "$(sql "PRAGMA integrity_check")" ok "the database is intact"
is "$(outbox_count)" "$nbox" "nothing is sent"

# Every moment of the commit: the N-th write fails, for N = 1, 2, ... until
# the commit gets through. Before that, each delivery exits 75 and changes
# nothing; the first that gets through is recorded whole.
bad='' n=1 rc=75
while [ "$n" -le 300 ]; do
	variant leerling.eml "sweep-$n@test.example" >"$T/sweep.eml"
	before=$(state)
	full NOSPACE_AFTER=$n deliver <"$T/sweep.eml" 2>"$T/stderr"
	rc=$?
	[ "$rc" -eq 0 ] && break
	after=$(state)
	[ "$rc" -eq 75 ] || bad="$bad write $n: exit $rc;"
	[ "$after" = "$before" ] || bad="$bad write $n: $after;"
	grep -q '^bpomail: 4\.3\.0 ' "$T/stderr" || bad="$bad write $n: $(head -n 1 "$T/stderr");"
	n=$((n + 1))
done
echo "# the commit of a new request needs $n writes to the database's files"
is "$bad" "" "a write failing at any point of the commit (writes 1-$((n - 1))): exit 75, 4.3.0, nothing recorded"
is "$(sql "PRAGMA integrity_check")" ok "the database is intact"
is "$rc" 0 "with $n writes allowed the delivery gets through"
is "$(sql "SELECT count(*) FROM message WHERE msgkey = '<sweep-$n@test.example>' AND outcome = 'aanvraag'")" 1 \
	"and is recorded with its request"
is "$(sql "SELECT count(*) FROM outmail o JOIN message m ON m.id = o.cause
	    WHERE m.msgkey = '<sweep-$n@test.example>' AND o.sent_at IS NULL")" \
	"$(sql "SELECT count(*) FROM outmail o JOIN message m ON m.id = o.cause
		WHERE m.msgkey = '<sweep-$n@test.example>'")" \
	"its replies, which could not be marked sent on the full disk, stay queued"
like "$(cat "$T/stderr")" "outgoing mail stays queued" "and that is said"

# Only fsync fails. (a) On a new WAL (the sqlite3 CLI checkpoints and
# removes it when it closes), the sync of the WAL's header fails before any
# frame is written. (b) Appended to a WAL that holds commits (bpomail leaves
# it), every frame is written and only their sync fails: the next
# connection's recovery may find the commit in the WAL. Either way the
# delivery exits 75 and the message is there whole or not at all.
keep() {	# keep QUERY: like sql, without checkpointing (and removing) the WAL on close
	sqlite3 -cmd ".dbconfig no_ckpt_on_close on" "$T/bpo.db" "$1" | tail -n +2
}
whole() {	# whole MSGKEY: 1 when the message is recorded with its request and replies
	sql "SELECT count(*) FROM message m JOIN request r ON r.kenmerk = m.reason
	     WHERE m.msgkey = '<$1>' AND m.outcome = 'aanvraag'
	     AND (SELECT count(*) FROM outmail WHERE cause = m.id) > 0"
}
for c in a b; do
	variant leerling.eml "full-fsync-$c@test.example" >"$T/full-fsync-$c.eml"
	if [ $c = b ]; then
		variant school-no-tb.eml "before-fsync@test.example" >"$T/before-fsync.eml"
		deliver "$T/before-fsync.eml"
		before=$(keep "SELECT count(*) FROM message")
	else
		before=$(sql "SELECT count(*) FROM message")
	fi
	full NOSPACE_FSYNC=1 deliver <"$T/full-fsync-$c.eml" 2>"$T/stderr"
	is "$?" 75 "($c) when fsync fails at the commit: exit 75"
	like "$(head -n 1 "$T/stderr")" "^bpomail: 4\.3\.0 " "($c) with 4.3.0 ($(head -n 1 "$T/stderr"))"
	after=$(sql "SELECT count(*) FROM message")
	is "$(sql "PRAGMA integrity_check")" ok "($c) the database is intact"
	if [ "$after" = "$before" ]; then
		echo "# ($c) after the failed fsync nothing is recorded"
		ok 0 "($c) nothing half-done: nothing is recorded"
	else
		echo "# ($c) after the failed fsync the next connection found the commit in the WAL"
		is "$after $(whole "full-fsync-$c@test.example")" "$((before + 1)) 1" \
			"($c) nothing half-done: the message is there whole, with its request and replies"
	fi
done

# Space again: the same deliveries succeed, once, with the next numbers.
deliver "$T/full-1.eml"
ok $? "after space is freed, the same delivery exits 0"
is "$(sql "SELECT count(*) FROM message WHERE msgkey = '<full-1@test.example>'")" 1 "it is recorded once"
is "$(sql "SELECT outcome FROM message WHERE msgkey = '<full-1@test.example>'")" aanvraag "with a request"
for c in a b; do
	deliver "$T/full-fsync-$c.eml"
	ok $? "($c) the delivery whose fsync failed exits 0 when retried"
	is "$(sql "SELECT count(*) FROM message WHERE msgkey = '<full-fsync-$c@test.example>'")" 1 "and is recorded once"
	is "$(whole "full-fsync-$c@test.example")" 1 "with its request and replies"
done
nreq=$(sql "SELECT count(*) FROM request")
is "$(sql "SELECT kenmerk FROM request ORDER BY kenmerk" | tr '\n' ' ')" \
	"$(seq -f "BPO-$Y-%04g" 1 "$nreq" | tr '\n' ' ')" "no request number was used up by a failed delivery"
bpo flush >"$T/out" 2>&1
ok $? "flush exits 0 once there is space"
is "$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")" 0 "every queued mail is sent"
is "$(outbox_count)" "$(sql "SELECT count(*) FROM outmail")" "one outbox file per queued mail"
is "$(outbox_dups | tr '\n' ' ')" "" "none twice: a mail written before its mark failed is not written again"

# scan on a full disk: exit 75, the messages stay in new/.
mkdir -p "$T/in/new" "$T/in/cur" "$T/in/tmp"
variant school-no-tb.eml scan-1@test.example >"$T/in/new/1.M1P1.test"
variant groep-tb.eml scan-2@test.example >"$T/in/new/2.M2P2.test"
before=$(state)
full NOSPACE_AFTER=0 scan "$T/in" 2>"$T/stderr"
is "$?" 75 "scan on a full disk exits 75"
is "$(state)" "$before" "nothing is recorded"
is "$(ls "$T/in/new" | tr '\n' ' ')" "1.M1P1.test 2.M2P2.test " "the messages stay in new/"
bpo scan "$T/in" 2>"$T/stderr"
ok $? "with space the scan exits 0"
is "$(ls "$T/in/new" | wc -l | tr -d ' ') $(ls "$T/in/cur" | wc -l | tr -d ' ')" "0 2" "new/ is empty, both messages are in cur/"
is "$(sql "SELECT count(*) FROM message WHERE msgkey LIKE '<scan-%'")" 2 "and recorded once each"
is "$(sql "PRAGMA integrity_check")" ok "the database is intact"
check_outbox

# Through sendmail: the disk fills between sending a mail and marking it
# sent. The next flush must not send it again.
use_fake_sendmail
variant school-no-tb.eml sendmail-1@test.example >"$T/sm.eml"
deliver "$T/sm.eml"
ok $? "a request whose replies cannot be sent yet is recorded"
queued=$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")
rm "$T/sendmail-fails"
full NOSPACE_AFTER=0 flush >/dev/null 2>"$T/stderr"
is "$?" 75 "a flush on a full disk exits 75"
is "$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")" "$queued" "the mails stay queued"
bpo flush >/dev/null 2>&1
ok $? "the next flush exits 0"
sent=$(grep -h '^Message-ID:' "$T"/sent/*.eml | sort | uniq -d | wc -l | tr -d ' ')
is "$sent" 0 "no mail went out twice through sendmail"
is "$(ls "$T/sent" | wc -l | tr -d ' ')" "$queued" "each queued mail went out once"

# A really full file system: a small tmpfs (needs root; skipped elsewhere).
mkdir "$T/small"
if mount -t tmpfs -o size=4m tmpfs "$T/small" 2>/dev/null; then
	trap 'umount "$T/small" 2>/dev/null; rm -rf "$T"' EXIT
	cat >"$T/small.conf" <<CONF
address = $SYS
name = BPO-loket SWV Voorbeeld
database = $T/small/bpo.db
outbox = $T/small-outbox
templates = $TOP/templates
CONF
	sb() { "$BPOMAIL" -c "$T/small.conf" "$@"; }
	ssql() { sqlite3 "$T/small/bpo.db" "$1"; }
	sb init >/dev/null && sb directory import "$T/directory.csv" >/dev/null
	sb deliver <"$TESTS_DIR/data/groep-tb.eml" 2>/dev/null
	ok $? "tmpfs: a first request is recorded"
	dd if=/dev/zero of="$T/small/filler" bs=4096 2>/dev/null
	before=$(ssql "SELECT count(*) FROM message")
	sb deliver <"$T/full-1.eml" 2>"$T/stderr"
	is "$?" 75 "tmpfs: a delivery on the full file system exits 75"
	like "$(head -n 1 "$T/stderr")" "^bpomail: 4\.3\.0 " "with 4.3.0"
	is "$(ssql "SELECT count(*) FROM message")" "$before" "nothing is recorded"
	is "$(ssql "PRAGMA integrity_check")" ok "the database is intact"
	rm "$T/small/filler"
	sb deliver <"$T/full-1.eml" 2>/dev/null
	ok $? "tmpfs: after space is freed the same delivery exits 0"
	is "$(ssql "SELECT count(*) FROM message WHERE msgkey = '<full-1@test.example>'")" 1 "recorded once"
	is "$(ssql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")" 0 "and its replies are sent"
	umount "$T/small"
else
	for _ in 1 2 3 4 5 6 7 8; do
		_n=$((_n + 1))
		echo "ok $_n # skip a tmpfs cannot be mounted here"
	done
fi
done_testing
