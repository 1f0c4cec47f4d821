#!/bin/sh
# The operator's view of the mail (bpomail(1), COMMANDS and LOGGING; issue 11
# item 5): one syslog line per message and per mail sent, without pupil data
# or addresses; bpomail log; quarantine release and delete; upkeep deletes
# old quarantined mail and tells the beheer role once a day what is new.
. "$(dirname "$0")/../lib.sh"
setup yes
Y=$(date -u +%Y)
if ! cc -shared -fPIC -o "$T/syslog.so" "$TESTS_DIR/fault/syslog.c" 2>"$T/cc.err"; then
	sed 's/^/# /' "$T/cc.err"
	echo "1..0 # SKIP cannot build tests/fault/syslog.c"
	exit 0
fi
LOG=$T/syslog
# (under ASan the library comes before ASan's runtime: tell ASan that is fine)
ASAN_PRELOAD="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
lbpo() {	# bpomail with its syslog lines written to $LOG
	LD_PRELOAD=$T/syslog.so ASAN_OPTIONS=$ASAN_PRELOAD BPOMAIL_SYSLOG_FILE=$LOG bpo "$@"
}
ldeliver() {
	LD_PRELOAD=$T/syslog.so ASAN_OPTIONS=$ASAN_PRELOAD BPOMAIL_SYSLOG_FILE=$LOG bpo deliver <"$1" 2>"$T/stderr"
}

# One line per message and per mail sent.
ldeliver "$TESTS_DIR/data/leerling.eml"
like "$(cat "$LOG")" "^mail.info bpomail: message <aanvraag-leerling-1@delinde.example>: aanvraag, request BPO-$Y-0001$" "a line for the message: Message-ID, outcome, request"
like "$(cat "$LOG")" "^mail.info bpomail: sent mail 1 <[^>]+@swv.example> \(ontvangen-ib\), request BPO-$Y-0001$" "and one for every mail sent: Message-ID, template, request"
is "$(grep -c 'sent mail' "$LOG")" "$(outbox_count)" "each mail sent once in the log"
unlike "$(cat "$LOG")" "der Voorbeeld|14-03-2016|2016-03-14|ib@delinde|ouder@|Nieuwe aanvraag" "no pupil data, addresses or subjects"
: >"$LOG"
ldeliver "$TESTS_DIR/data/leerling.eml"
is "$(cat "$LOG")" "mail.info bpomail: message <aanvraag-leerling-1@delinde.example>: seen before, request -" "a duplicate is logged as seen before"

# A form from outside the directory is quarantined, and logged so.
stranger() {	# stranger N [WHEN]: a form from iemand@elders.example with Message-ID <vreemd-N@elders.example>
	sed -e "s/^From: .*/From: Iemand <iemand@elders.example>/" \
	    -e "s/^Message-ID: .*/Message-ID: <vreemd-$1@elders.example>/" \
	    "$TESTS_DIR/data/leerling.eml" >"$T/vreemd-$1.eml"
}
stranger 1
: >"$LOG"
ldeliver "$T/vreemd-1.eml"
is "$(cat "$LOG")" "mail.info bpomail: message <vreemd-1@elders.example>: quarantaine, request -" "a quarantined message is logged"
q1=$(bpo quarantine --json | python3 -c 'import json,sys; print([m["id"] for m in json.load(sys.stdin) if m["key"] == "<vreemd-1@elders.example>"][0])')
like "$(bpo quarantine)" "^$q1  .*  iemand@elders.example  <vreemd-1@elders.example>" "quarantine lists it with its number"

# upkeep: one mail to the beheer role about what is new, quietly.
n=$(outbox_count)
lbpo upkeep >"$T/out" 2>&1
ok $? "upkeep exits 0"
is "$(cat "$T/out")" "" "and prints nothing"
is "$(outbox_count)" "$((n + 1))" "one mail"
mail=$(text "$(latest beheer@swv.example)")
like "$mail" "Subject: 1 bericht\(en\) in quarantaine" "to the beheerder: how many"
like "$mail" "nr. $q1, $(date -u +%Y-%m-%d) [0-9:]+: iemand@elders.example \(afzender staat niet in het adresboek\)" "which, from whom and why"
like "$mail" "bpomail quarantine release NUMMER" "and what can be done"
unlike "$mail" "der Voorbeeld|14-03-2016|2016-03-14|Nieuwe aanvraag" "without the pupil or the subject"
like "$(cat "$LOG")" "mail.info bpomail: quarantine: 1 new message reported to beheer" "upkeep logs it"
stranger 2
deliver "$T/vreemd-2.eml"
stranger 3
deliver "$T/vreemd-3.eml"
is "$(bpo upkeep -v)" "0 quarantined messages older than 30 days deleted; 2 new reported to beheer (1 person)" "the next day: only what is new, in one mail"
like "$(text "$(latest beheer@swv.example)")" "Subject: 2 bericht\(en\) in quarantaine" "one mail for both"
unlike "$(text "$(latest beheer@swv.example)")" "nr. $q1," "not the one reported before"
n=$(outbox_count)
is "$(bpo upkeep -v)" "0 quarantined messages older than 30 days deleted; nothing new in the quarantine" "nothing new: no mail"
is "$(outbox_count)" "$n" "none sent"

# delete
q2=$(bpo quarantine --json | python3 -c 'import json,sys; print([m["id"] for m in json.load(sys.stdin) if m["key"] == "<vreemd-2@elders.example>"][0])')
is "$(lbpo quarantine delete "$q2")" "message $q2 deleted from the quarantine" "quarantine delete ID"
unlike "$(bpo quarantine)" "vreemd-2" "it is gone"
bpo quarantine delete "$q2" 2>"$T/err"
is "$?" 65 "deleting it again exits 65"
is "$(cat "$T/err")" "bpomail: no message $q2 in the quarantine" "and says so"
bpo quarantine delete vreemd 2>"$T/err"
is "$?" 64 "a number is needed (64)"

# release: once the sender is in the directory, the message is processed as if just delivered.
q3=$(bpo quarantine --json | python3 -c 'import json,sys; print([m["id"] for m in json.load(sys.stdin) if m["key"] == "<vreemd-3@elders.example>"][0])')
is "$(bpo quarantine release "$q3")" "message $q3 released: quarantaine" "released while the sender is still unknown: quarantined again"
like "$(bpo quarantine)" "<vreemd-3@elders.example>" "so it stays in the quarantine"
q3=$(bpo quarantine --json | python3 -c 'import json,sys; print([m["id"] for m in json.load(sys.stdin) if m["key"] == "<vreemd-3@elders.example>"][0])')
cp "$TESTS_DIR/data/directory.csv" "$T/dir2.csv"
echo "Iemand,iemand@elders.example,ib,Basisschool De Linde" >>"$T/dir2.csv"
bpo directory import "$T/dir2.csv" >/dev/null
: >"$LOG"
is "$(lbpo quarantine release "$q3")" "message $q3 released: aanvraag, request BPO-$Y-0002" "released after the sender was added: a request"
like "$(text "$(latest iemand@elders.example)")" "Aanvraag ontvangen" "its sender is answered"
unlike "$(bpo quarantine)" "vreemd-3" "and it left the quarantine"
like "$(cat "$LOG")" "message <vreemd-3@elders.example>: aanvraag, request BPO-$Y-0002" "the release is logged as a message"
bpo quarantine release "$q3" 2>"$T/err"
is "$?" 65 "releasing it again exits 65"
bpo directory import "$T/directory.csv" >/dev/null

# retention: quarantined mail older than quarantine_days is deleted by upkeep.
stranger 4
BPOMAIL_NOW=$(( $(date +%s) - 40 * 86400 )) deliver "$T/vreemd-4.eml"
is "$(bpo upkeep -v)" "1 quarantined message older than 30 days deleted; nothing new in the quarantine" "upkeep deletes what is older than quarantine_days"
unlike "$(bpo quarantine)" "vreemd-4" "it is gone"

# bpomail log: every message and mail, oldest first.
out=$(bpo log)
ok $? "log exits 0"
like "$out" "^[0-9T:Z-]+  in   BPO-$Y-0001 +aanvraag +<aanvraag-leerling-1@delinde.example>" "a line per incoming message"
like "$out" "^[0-9T:Z-]+  in   - +quarantaine +<vreemd-1@elders.example>: afzender staat niet in het adresboek" "with what became of it"
like "$out" "^[0-9T:Z-]+  uit  BPO-$Y-0001 +verzonden +mail 1 \(ontvangen-ib\)" "a line per outgoing mail"
unlike "$out" "ib@delinde|ouder@|der Voorbeeld|14-03-2016|2016-03-14" "no addresses or pupil data"
is "$(bpo log --request BPO-$Y-0002 | awk '{print $3}' | sort -u | tr '\n' ' ')" "BPO-$Y-0002 " "--request: one request only"
is "$(bpo log --since "$(date -u -d tomorrow +%Y-%m-%d)")" "(nothing since $(date -u -d tomorrow +%Y-%m-%d))" "--since a date"
is "$(bpo log --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sorted(d[0]), sorted([e for e in d if e["direction"] == "out"][0]))')" "['at', 'direction', 'message_id', 'outcome', 'reason', 'request'] ['at', 'attempts', 'direction', 'error', 'id', 'request', 'sent', 'template']" "--json"
bpo log --since gisteren 2>"$T/err"
is "$?" 64 "--since needs a date (64)"

# A scan logs the same: its answers go out in batches, each logged once.
mkdir -p "$T/in/new" "$T/in/cur" "$T/in/tmp"
sed 's/^Message-ID: .*/Message-ID: <aanvraag-scan-1@delinde.example>/' "$TESTS_DIR/data/leerling.eml" >"$T/in/new/1.scan"
: >"$LOG"
before=$(outbox_count)
lbpo scan "$T/in" 2>"$T/stderr"
like "$(cat "$LOG")" "^mail.info bpomail: message <aanvraag-scan-1@delinde.example>: aanvraag, request BPO-$Y-[0-9]+$" "scan: a line for the message"
is "$(grep -c 'sent mail' "$LOG")" "$(($(outbox_count) - before))" "scan: a line for every mail it sent, once"

# The facility is configurable.
echo "syslog_facility = local3" >>"$T/bpomail.conf"
: >"$LOG"
stranger 5
ldeliver "$T/vreemd-5.eml"
is "$(cat "$LOG")" "local3.info bpomail: message <vreemd-5@elders.example>: quarantaine, request -" "syslog_facility = local3"
sed -i 's/^syslog_facility = .*/syslog_facility = kernel/' "$T/bpomail.conf"
bpo list 2>"$T/err" >/dev/null
is "$?" 78 "an unknown facility is a configuration error"
like "$(cat "$T/err")" "syslog_facility: 'kernel' is not one of mail, daemon, user, local0 ... local7" "naming the choices"
done_testing
