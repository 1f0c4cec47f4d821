#!/bin/sh
# Outgoing mail that cannot be sent stays queued and goes out with a later
# flush, once (README, What bpomail guarantees): an outbox that cannot be written (a file where the
# Maildir should be, a file for its new/), a temporary file left behind by a
# crash, and a sendmail that is missing, refuses one mail, or hangs. A
# sendmail that fails for every mail and then works is in 0010-sendmail.t.
. "$(dirname "$0")/../lib.sh"
setup no

variant() {	# variant DATA-FILE MESSAGE-ID > FILE
	sed "s/^Message-ID: .*/Message-ID: <$2>/" "$TESTS_DIR/data/$1"
}
unsent() {
	sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL"
}

# The outbox is a regular file (root may write anywhere, so no chmod).
rm -r "$T/outbox"
touch "$T/outbox"
deliver "$TESTS_DIR/data/groep-tb.eml"
ok $? "deliver exits 0 although the outbox cannot be written"
like "$(cat "$T/stderr")" "not sent \(kept for the next flush\)" "and says the mail is kept"
queued=$(sql "SELECT count(*) FROM outmail")
is "$(unsent)" "$queued" "every reply stays queued ($queued)"
is "$(sql "SELECT count(*) FROM message")" 1 "the message is recorded"
mkdir -p "$T/in/new" "$T/in/cur" "$T/in/tmp"
variant leerling.eml scan-1@test.example >"$T/in/new/1.M1P1.test"
bpo scan "$T/in" 2>"$T/stderr"
ok $? "scan exits 0 as well"
is "$(ls "$T/in/cur")" "1.M1P1.test:2,S" "and moves the message to cur/"
queued=$(sql "SELECT count(*) FROM outmail")
is "$(unsent)" "$queued" "its replies are queued too ($queued in all)"
bpo flush >"$T/out" 2>"$T/stderr"
is "$?" 75 "flush exits 75 while the outbox cannot be written"
is "$(cat "$T/out")" "0 sent, $queued kept in the queue" "and keeps every mail"
is "$(unsent)" "$queued" "nothing is marked sent"
is "$(sql "SELECT count(*) FROM outmail WHERE attempts >= 1 AND last_error IS NOT NULL")" "$queued" \
	"each failed attempt is noted with its error"
rm "$T/outbox"
bpo flush >"$T/out" 2>"$T/stderr"
ok $? "once the outbox is back, flush exits 0"
is "$(cat "$T/out")" "$queued sent, 0 kept in the queue" "and sends every queued mail"
is "$(outbox_count)" "$queued" "one outbox file per queued mail"
is "$(outbox_dups | tr '\n' ' ')" "" "none twice"
bpo flush >"$T/out"
ok $? "a second flush exits 0"
is "$(cat "$T/out")" "0 sent, 0 kept in the queue" "and sends nothing"
is "$(outbox_count)" "$queued" "the outbox is unchanged"

# The outbox's new/ is a file: the mail is written into tmp/, the rename fails.
n0=$(outbox_count)
mv "$T/outbox/new" "$T/outbox/new.away"
touch "$T/outbox/new"
variant school-no-tb.eml newfile-1@test.example >"$T/newfile.eml"
deliver "$T/newfile.eml"
ok $? "deliver exits 0 when the outbox's new/ is not a directory"
queued=$(unsent)
bpo flush >"$T/out" 2>/dev/null
is "$?" 75 "flush exits 75"
is "$(unsent)" "$queued" "the mails stay queued ($queued)"
is "$(ls "$T/outbox/tmp" | wc -l | tr -d ' ')" 0 "no half-delivered file is left in tmp/"
rm "$T/outbox/new"
mv "$T/outbox/new.away" "$T/outbox/new"
bpo flush >"$T/out" 2>"$T/stderr"
ok $? "once new/ is back, flush exits 0"
is "$(outbox_count)" "$((n0 + queued))" "each queued mail is in the outbox"
is "$(outbox_dups | tr '\n' ' ')" "" "once"
is "$(unsent)" 0 "and marked sent"

# A crash between writing a mail into tmp/ and moving it to new/ leaves the
# file behind, under the name fixed for that queued mail.
n0=$(outbox_count)
mv "$T/outbox" "$T/outbox.away"
touch "$T/outbox"
variant school-no-tb.eml crash-1@test.example >"$T/crash.eml"
deliver "$T/crash.eml"
rm "$T/outbox"
mv "$T/outbox.away" "$T/outbox"
id=$(sql "SELECT min(id) FROM outmail WHERE sent_at IS NULL")
queued=$(unsent)
when=$(sql "SELECT created_at FROM outmail WHERE id = $id" | tr -cd '0-9')
host=$(uname -n | sed 's|/|\\057|g; s|:|\\072|g')
printf 'From: half a mail\n' >"$T/outbox/tmp/$when.B$id.$host"
bpo flush >"$T/out" 2>"$T/stderr"
rc=$?
echo "# the first flush after the crash: $(cat "$T/out") (exit $rc) $(cat "$T/stderr")"
is "$rc $(unsent)" "0 0" "the first flush after a crash in the outbox sends every mail"
bpo flush >"$T/out" 2>"$T/stderr"
ok $? "a flush after that exits 0"
is "$(unsent)" 0 "every queued mail is sent"
is "$(outbox_count)" "$((n0 + queued))" "each is in the outbox"
is "$(outbox_dups | tr '\n' ' ')" "" "once"
is "$(ls "$T/outbox/tmp" | wc -l | tr -d ' ')" 0 "and the crash's file is gone from tmp/"
unlike "$(cat "$T/outbox/new/$when.B$id.$host")" "half a mail" "the mail in new/ is not the crash's half"
like "$(cat "$T/outbox/new/$when.B$id.$host")" "^Message-ID: <" "but the whole mail"
check_outbox

# sendmail: missing, refusing one mail, hanging.
mkdir -p "$T/sent"
cat >"$T/sendmail.ok" <<SH
#!/bin/sh
[ -e "$T/sendmail-hangs" ] && exec sleep 30
cat >"$T/sent/tmp.\$\$"
if [ -e "$T/sendmail-refuses-loket" ] && grep -q '^To:.*loket@swv.example' "$T/sent/tmp.\$\$"; then
	rm "$T/sent/tmp.\$\$"
	exit 75
fi
mv "$T/sent/tmp.\$\$" "$T/sent/\$\$.eml"
SH
chmod +x "$T/sendmail.ok"
sed -i "s|^outbox = outbox|sendmail = $T/sendmail -t -i|" "$T/bpomail.conf"
sent() {	# sent: how many mails went out through sendmail, and how many of them twice
	echo "$(find "$T/sent" -name '*.eml' | wc -l | tr -d ' ') $(cat "$T"/sent/*.eml 2>/dev/null | grep '^Message-ID:' | sort | uniq -d | wc -l | tr -d ' ')"
}

variant leerling.eml sm-missing@test.example >"$T/sm.eml"
deliver "$T/sm.eml"
ok $? "deliver exits 0 when the sendmail command does not exist"
queued=$(unsent)
like "$(cat "$T/stderr")" "not sent \(kept for the next flush\): sendmail exited with 127" "the failure is reported"
bpo flush >/dev/null 2>&1
is "$?" 75 "flush exits 75 while it does not exist"
is "$(unsent)" "$queued" "the mails stay queued ($queued)"
mv "$T/sendmail.ok" "$T/sendmail"
bpo flush >"$T/out" 2>&1
ok $? "once it exists flush exits 0"
is "$(cat "$T/out")" "$queued sent, 0 kept in the queue" "and sends each queued mail"
is "$(sent)" "$queued 0" "once"

touch "$T/sendmail-refuses-loket"
variant groep-tb.eml sm-partial@test.example >"$T/sm.eml"
deliver "$T/sm.eml"
ok $? "deliver exits 0 when sendmail refuses one of its replies"
loket=$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL AND recipient = 'loket@swv.example'")
is "$loket $(unsent)" "1 1" "only the refused mail stays queued"
before=$(sent)
bpo flush >"$T/out" 2>/dev/null
is "$?" 75 "flush exits 75 while it is refused"
is "$(sent)" "$before" "and sends nothing else again"
rm "$T/sendmail-refuses-loket"
bpo flush >"$T/out" 2>&1
ok $? "once sendmail takes it flush exits 0"
is "$(cat "$T/out")" "1 sent, 0 kept in the queue" "sending just that mail"
is "$(sent | cut -d' ' -f2)" 0 "no mail went out twice"

echo "sendmail_timeout = 1" >>"$T/bpomail.conf"
touch "$T/sendmail-hangs"
printf 'From: IB De Linde <ib@delinde.example>\nTo: %s\nSubject: nieuw\nMessage-ID: <sm-hang@test.example>\n\nGraag een formulier.\n' \
	"$SYS" >"$T/sm.eml"
deliver "$T/sm.eml"
ok $? "deliver exits 0 when sendmail hangs"
like "$(cat "$T/stderr")" "sendmail was killed or timed out" "sendmail is stopped after sendmail_timeout"
is "$(unsent)" 1 "the mail stays queued"
rm "$T/sendmail-hangs"
bpo flush >"$T/out" 2>&1
ok $? "once sendmail works flush exits 0"
is "$(cat "$T/out")" "1 sent, 0 kept in the queue" "and sends it"
is "$(sent | cut -d' ' -f2)" 0 "no mail went out twice"
is "$(sql "SELECT count(*) FROM outmail") $(unsent)" "$(($(ls "$T/outbox/new" | wc -l) + $(sent | cut -d' ' -f1))) 0" \
	"every queued mail went out exactly once, to the outbox or through sendmail"
done_testing
