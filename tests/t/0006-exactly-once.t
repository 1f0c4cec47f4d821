#!/bin/sh
# Every message is recorded once (README, What bpomail guarantees): delivered twice it changes
# nothing and sends nothing; a scanned Maildir moves each message to cur/
# after its work is committed; a reused Message-ID with other content is a
# message of its own.
. "$(dirname "$0")/../lib.sh"
setup no
ID=BPO-$(date -u +%Y)-0001

deliver "$TESTS_DIR/data/groep-tb.eml"
n=$(outbox_count)
deliver "$TESTS_DIR/data/groep-tb.eml"
ok $? "the second delivery exits 0"
is "$(bpo list | wc -l | tr -d ' ')" 1 "still one request"
is "$(outbox_count)" "$n" "and nothing sent twice"

tbmail=$(latest tb.noord@bestuur.example)
reply "$tbmail" tb.noord@bestuur.example gmail "AKKOORD" --message-id "<akkoord-1@bestuur.example>"
deliver "$T/reply.eml"
n=$(outbox_count)
deliver "$T/reply.eml"
is "$(outbox_count)" "$n" "a command delivered twice is carried out once, without a second answer"
is "$(bpo show $ID --json | grep -c '"event": "akkoord"')" 1 "and recorded once"

# The same Message-ID with other content: not a redelivery.
reply "$tbmail" tb.noord@bestuur.example gmail "Nog een vraag over de planning." --message-id "<akkoord-1@bestuur.example>"
deliver "$T/reply.eml"
is "$(sqlite3 "$T/bpo.db" "SELECT count(*) FROM message WHERE msgkey LIKE '<akkoord-1@bestuur.example>%'")" 2 "a reused Message-ID with other bytes is recorded under its own key"

# A message without Message-ID is keyed by its content.
printf 'From: IB De Esch <ib@deesch.example>\nTo: %s\nSubject: nieuw\n\nformulier graag\n' "$SYS" >"$T/noid.eml"
deliver "$T/noid.eml"; n=$(outbox_count)
deliver "$T/noid.eml"
is "$(outbox_count)" "$n" "without Message-ID the content hash makes it once"

# scan: every message in new/ is processed and moved to cur/.
mkdir -p "$T/in/new" "$T/in/cur" "$T/in/tmp"
cp "$TESTS_DIR/data/school-no-tb.eml" "$T/in/new/1.M1P1.test"
cp "$TESTS_DIR/data/school-no-tb.eml" "$T/in/new/2.M2P2.test"
cp "$TESTS_DIR/data/leerling.eml" "$T/in/new/3.M3P3.test"
bpo scan "$T/in" 2>"$T/stderr"
ok $? "scan exits 0"
like "$(cat "$T/stderr")" "2 recorded, 1 seen before" "scan reports what it did"
is "$(ls "$T/in/new" | wc -l | tr -d ' ')" 0 "new/ is empty"
is "$(ls "$T/in/cur" | tr '\n' ' ')" "1.M1P1.test:2,S 2.M2P2.test:2,S 3.M3P3.test:2,S " "every message is in cur/ with the seen flag"
bpo scan "$T/in" 2>/dev/null
is "$(bpo list | wc -l | tr -d ' ')" 3 "scanning again changes nothing"
is "$(sqlite3 "$T/bpo.db" "SELECT count(*) FROM outmail WHERE sent_at IS NULL")" 0 "every queued mail was sent"
# scan sends each batch's answers right after its commit, the attempt counted in that commit.
is "$(sqlite3 "$T/bpo.db" "SELECT count(*) FROM outmail WHERE attempts != 1")" 0 "each once, counted once"
check_outbox
done_testing
