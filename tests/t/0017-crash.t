#!/bin/sh
# A message that crashes bpomail (a bug not found yet) does not crash every
# retry for ever: after two crashes on it, its next try records it
# in the quarantine, and scan goes on with the messages after it.
# tests/fault/crash.c (LD_PRELOAD) kills bpomail when it writes a marker
# text: here the answer to the message ("In-Reply-To: <crash-..."), so the
# crash comes while the message is processed, as a bug's would, and not when
# it is only recorded in the quarantine.
. "$(dirname "$0")/../lib.sh"
case $BPOMAIL in
*asan*|*valgrind*)
	echo "1..0 # SKIP under a sanitizer its own report is what a crash gives (no crash counting)"
	exit 0 ;;
esac
setup no
if ! cc -shared -fPIC -o "$T/crash.so" "$TESTS_DIR/fault/crash.c" -ldl 2>"$T/cc.err"; then
	echo "1..0 # SKIP cannot build tests/fault/crash.c: $(head -n 1 "$T/cc.err")"
	exit 0
fi
crashing() {	# crashing CMD...: bpomail under the crash library
	env LD_PRELOAD="$T/crash.so" CRASH_ON="In-Reply-To: <crash-" "$BPOMAIL" -c "$T/bpomail.conf" "$@"
}
messages() { sql "SELECT count(*) FROM message"; }

printf 'From: IB De Linde <ib@delinde.example>\nTo: %s\nSubject: vraag\nMessage-ID: <crash-1@delinde.example>\n\nGraag een formulier.\n' \
	"$SYS" >"$T/crash.eml"
crashing deliver <"$T/crash.eml" 2>/dev/null
rc=$?
is "$rc $(messages)" "139 0" "the first try crashes (SIGSEGV) and records nothing"
crashing deliver <"$T/crash.eml" 2>/dev/null
is "$? $(messages)" "139 0" "so does the second"
ls "$T"/bpo.db.crashed-* >/dev/null 2>&1
ok $? "the crashes are counted beside the database"
crashing deliver <"$T/crash.eml" 2>"$T/err"
is "$?" 0 "the third try exits 0"
is "$(sql "SELECT outcome || ': ' || reason FROM message")" "quarantaine: bpomail brak 2 keer af op dit bericht; het is niet verwerkt" \
	"the message is recorded in the quarantine, with why"
like "$(bpo quarantine)" "bpomail brak 2 keer af op dit bericht" "bpomail quarantine shows it"
ls "$T"/bpo.db.crashed-* >/dev/null 2>&1
ok $((! $?)) "and its crash count is gone"
crashing deliver <"$T/crash.eml" 2>/dev/null
is "$? $(messages)" "0 1" "delivered again it is a duplicate: exit 0, nothing new"

# scan: the messages after the one that crashes are not held up for ever.
# A scan writes a batch's answers at its commit, so the crash comes there:
# it counts against each message of the batch; one that crashed before is
# committed alone, so the next crash is its own.
mkdir -p "$T/in/new" "$T/in/cur" "$T/in/tmp"
for i in 1 2 3; do
	id="scan-$i"; [ $i = 2 ] && id="crash-scan-$i"
	printf 'From: IB De Linde <ib@delinde.example>\nTo: %s\nSubject: vraag %s\nMessage-ID: <%s@delinde.example>\n\nGraag een formulier.\n' \
		"$SYS" "$i" "$id" >"$T/in/new/100$i.eml"
done
crashing scan "$T/in" 2>/dev/null; r1=$?
crashing scan "$T/in" 2>/dev/null; r2=$?
crashing scan "$T/in" 2>"$T/err"; r3=$?
is "$r1 $r2 $r3" "139 139 0" "scan crashes twice on the message, then goes on"
is "$(ls "$T/in/new" | wc -l | tr -d ' ')" 0 "every message left new/"
is "$(sql "SELECT outcome FROM message WHERE msgkey LIKE '<%scan-%' ORDER BY msgkey" | tr '\n' ' ')" \
	"quarantaine formulier formulier " "the one quarantined (crash-scan-2), the others processed"
ls "$T"/bpo.db.crashed-* >/dev/null 2>&1
ok $((! $?)) "no crash count is left"
done_testing
