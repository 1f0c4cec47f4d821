#!/bin/sh
# scan sends each batch's answers from a process of its own, beside the
# recording of the next batch (src/sender.c). Every answer still goes out
# once, its attempt counted once; when that process dies (here: it crashes
# writing one answer), scan's last flush sends what it had, and nothing is
# lost or sent twice.
. "$(dirname "$0")/../lib.sh"
setup no
echo "error_replies_per_day = 1000" >>"$T/bpomail.conf"   # each question gets its answer

question() {	# question N ID: a "send me the form" mail from an intern begeleider
	printf 'From: IB De Linde <ib@delinde.example>\nTo: %s\nSubject: vraag %s\nMessage-ID: <%s@delinde.example>\n\nGoedemorgen,\n\nKunt u mij het aanvraagformulier sturen?\n\nMet vriendelijke groet,\nIB De Linde\n' \
		"$SYS" "$1" "$2"
}

# 1. 250 messages: three batches or more, all through the sending process.
mkdir -p "$T/in/new" "$T/in/cur" "$T/in/tmp"
i=1
while [ $i -le 250 ]; do
	question $i "vraag-$i" >"$T/in/new/$((1000 + i)).M${i}P1.test"
	i=$((i + 1))
done
bpo scan "$T/in" 2>"$T/err"
ok $? "scan of 250 messages exits 0"
like "$(cat "$T/err")" "250 recorded" "and records them all"
is "$(sql "SELECT count(*) FROM outmail")" 250 "each with its answer"
is "$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")" 0 "every answer is sent"
is "$(sql "SELECT count(*) FROM outmail WHERE attempts != 1")" 0 "each at the first attempt, counted once"
is "$(outbox_count)" "$(sql "SELECT count(*) FROM outmail")" "one file in the outbox per answer"
is "$(outbox_dups)" "" "none twice"

# 2. The sending process crashes on one answer: scan's last flush sends them.
if ! cc -shared -fPIC -o "$T/crash.so" "$TESTS_DIR/fault/crash.c" -ldl 2>"$T/cc.err"; then
	echo "# cannot build tests/fault/crash.c: $(head -n 1 "$T/cc.err")"
	done_testing
	exit
fi
case $BPOMAIL in
*asan*|*valgrind*)
	echo "# under a sanitizer a crash is its report: part 2 skipped"
	done_testing
	exit ;;
esac
before=$(sql "SELECT count(*) FROM outmail")
for i in 1 2 3 4 5; do
	id="later-$i"; [ $i = 3 ] && id="crash-later-3"
	question "x$i" "$id" >"$T/in/new/$((2000 + i)).M${i}P2.test"
done
env LD_PRELOAD="$T/crash.so" CRASH_IN=child CRASH_ON="In-Reply-To: <crash-later-3" \
	"$BPOMAIL" -c "$T/bpomail.conf" scan "$T/in" 2>"$T/err"
ok $? "scan exits 0 although its sending process crashed"
like "$(cat "$T/err")" "5 recorded" "the messages are recorded"
is "$(sql "SELECT count(*) FROM outmail")" "$((before + 5))" "with their answers"
is "$(sql "SELECT count(*) FROM outmail WHERE attempts = 2")" 5 "the sending process's attempt failed (it crashed before a file was in new/)"
is "$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")" 0 "and scan's last flush sent them"
is "$(outbox_count)" "$(sql "SELECT count(*) FROM outmail")" "one file per answer"
is "$(outbox_dups)" "" "none twice"
ls "$T"/bpo.db.crashed-* >/dev/null 2>&1
ok $((! $?)) "a crash in sending counts against no message"
done_testing
