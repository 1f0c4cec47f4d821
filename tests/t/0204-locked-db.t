#!/bin/sh
# A database that stays locked (README, What bpomail guarantees): another process holds the write
# lock longer than busy_timeout. deliver and scan exit 75 with "4.3.0" and
# record nothing; once the lock is gone the same delivery is recorded once.
# A flush that cannot mark a mail sent keeps it queued, and the next flush
# does not send it a second time.
. "$(dirname "$0")/../lib.sh"
setup no
echo "busy_timeout = 1" >>"$T/bpomail.conf"

variant() {	# variant DATA-FILE MESSAGE-ID > FILE
	sed "s/^Message-ID: .*/Message-ID: <$2>/" "$TESTS_DIR/data/$1"
}
count() {	# count MSGKEY: how often the message is recorded
	sql "SELECT count(*) FROM message WHERE msgkey = '<$1>'"
}

deliver "$TESTS_DIR/data/groep-tb.eml"
ok $? "a first request is recorded"
tbmail=$(latest tb.noord@bestuur.example)

# A new request while the database is locked.
variant leerling.eml locked-1@test.example >"$T/locked-1.eml"
nmsg=$(sql "SELECT count(*) FROM message")
nbox=$(outbox_count)
lock_db
ok $? "another process holds the write lock"
deliver "$T/locked-1.eml"
is "$?" 75 "deliver exits 75 while the database stays locked"
like "$(head -n 1 "$T/stderr")" "^bpomail: 4\.3\.0 " "its stderr starts with 4.3.0 ($(head -n 1 "$T/stderr"))"
unlike "$(cat "$T/stderr")" "5\.[0-9]\.[0-9]" "and has no permanent (5.x.x) code"
is "$(sql "SELECT count(*) FROM message")" "$nmsg" "nothing is recorded"
is "$(outbox_count)" "$nbox" "nothing is sent"

# A command while the database is locked.
reply "$tbmail" tb.noord@bestuur.example gmail "AKKOORD" --message-id "<locked-akkoord@test.example>"
deliver "$T/reply.eml"
is "$?" 75 "a command exits 75 as well"
is "$(count locked-akkoord@test.example)" 0 "and is not recorded"

# scan while the database is locked.
mkdir -p "$T/in/new" "$T/in/cur" "$T/in/tmp"
variant school-no-tb.eml locked-scan@test.example >"$T/in/new/1.M1P1.test"
bpo scan "$T/in" 2>"$T/stderr"
is "$?" 75 "scan exits 75 while the database stays locked"
like "$(cat "$T/stderr")" "4\.3\.0" "and says 4.3.0"
is "$(ls "$T/in/new")" "1.M1P1.test" "the message stays in new/"
is "$(count locked-scan@test.example)" 0 "and is not recorded"
unlock_db

# The lock is gone: the same deliveries succeed, once.
deliver "$T/locked-1.eml"
ok $? "after the lock is released the same delivery exits 0"
is "$(count locked-1@test.example)" 1 "it is recorded once"
is "$(sql "SELECT outcome FROM message WHERE msgkey = '<locked-1@test.example>'")" aanvraag "as a request"
is "$(sql "SELECT kenmerk FROM request ORDER BY id" | tr '\n' ' ')" \
	"BPO-$(date -u +%Y)-0001 BPO-$(date -u +%Y)-0002 " "with the next number"
deliver "$T/locked-1.eml"
ok $? "delivered again it exits 0"
is "$(count locked-1@test.example)" 1 "and is still recorded once"
deliver "$T/reply.eml"
ok $? "the command exits 0 now"
is "$(bpo show "BPO-$(date -u +%Y)-0001" --json | grep -c '"event": "akkoord"')" 1 "and is carried out once"
bpo scan "$T/in" 2>"$T/stderr"
ok $? "scan exits 0 now"
is "$(ls "$T/in/new" | wc -l | tr -d ' ') $(ls "$T/in/cur" | wc -l | tr -d ' ')" "0 1" "the message moved to cur/"
is "$(count locked-scan@test.example)" 1 "and is recorded once"
is "$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")" 0 "every queued mail was sent"
is "$(outbox_count)" "$(sql "SELECT count(*) FROM outmail")" "one outbox file per queued mail"

# flush while the database is locked: the attempt cannot be counted, so no
# mail is written at all; the next flush writes each once.
mv "$T/outbox" "$T/outbox.away"
touch "$T/outbox"
variant school-no-tb.eml queued-1@test.example >"$T/queued-1.eml"
deliver "$T/queued-1.eml"
ok $? "a request whose replies cannot be written yet is recorded"
queued=$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")
rm "$T/outbox"
mv "$T/outbox.away" "$T/outbox"
nbox=$(outbox_count)
lock_db
bpo flush >"$T/out" 2>"$T/stderr"
is "$?" 75 "flush exits 75 while the database stays locked"
like "$(cat "$T/stderr")" "stays queued" "and says the mail stays queued"
is "$(outbox_count)" "$nbox" "no mail is written while its mark cannot follow"
unlock_db
is "$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")" "$queued" "nothing is marked sent"
bpo flush >"$T/out" 2>"$T/stderr"
ok $? "after the lock is released flush exits 0"
is "$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")" 0 "every queued mail is marked sent"
is "$(outbox_count)" "$((nbox + queued))" "each is in the outbox"
is "$(outbox_dups | tr '\n' ' ')" "" "once"
bpo flush >"$T/out"
is "$(cat "$T/out")" "0 sent, 0 kept in the queue" "a second flush sends nothing"

# The same through sendmail, which cannot be asked whether it has a mail.
use_fake_sendmail
variant school-no-tb.eml queued-2@test.example >"$T/queued-2.eml"
deliver "$T/queued-2.eml"
ok $? "a request whose replies cannot be sent yet is recorded"
queued=$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")
rm "$T/sendmail-fails"
lock_db
bpo flush >/dev/null 2>&1
is "$?" 75 "flush through sendmail exits 75 while the database stays locked"
unlock_db
bpo flush >/dev/null 2>&1
ok $? "after the lock is released flush exits 0"
is "$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")" 0 "every queued mail is marked sent"
is "$(grep -h '^Message-ID:' "$T"/sent/*.eml | sort | uniq -d | wc -l | tr -d ' ')" 0 \
	"no mail went out twice through sendmail"
is "$(ls "$T/sent" | wc -l | tr -d ' ')" "$queued" "each queued mail went out once"
is "$(sql "PRAGMA integrity_check")" ok "the database is intact"
done_testing
