#!/bin/sh
# Deliveries that run at the same time (README, What bpomail guarantees): 8 different new requests at
# once, 8 replies on one request at once, and one message delivered by 8
# processes at once. Every message is recorded once, request numbers are
# unique and gap-free, every reply is queued once and written to the outbox
# once, and every process exits 0.
. "$(dirname "$0")/../lib.sh"
setup no
Y=$(date -u +%Y)

# A copy of a test mail under another Message-ID.
variant() {	# variant DATA-FILE MESSAGE-ID > FILE
	sed "s/^Message-ID: .*/Message-ID: <$2>/" "$TESTS_DIR/data/$1"
}

# The templates and recipients a message caused, sorted: what it queued.
caused() {	# caused MSGKEY
	sql "SELECT o.template || '>' || o.recipient FROM outmail o JOIN message m ON m.id = o.cause
	     WHERE m.msgkey = '<$1>' ORDER BY 1" | tr '\n' ' '
}

# The outbox file of the mail with TEMPLATE that a message caused.
mail_of() {	# mail_of MSGKEY TEMPLATE
	_id=$(sql "SELECT o.id FROM outmail o JOIN message m ON m.id = o.cause
		   WHERE m.msgkey = '<$1>' AND o.template = '$2'")
	ls "$T"/outbox/new/*.B"$_id".*
}

# One of each kind first, one at a time: what each kind should queue.
for k in groep-tb leerling school-no-tb; do
	variant $k.eml "base-$k@test.example" >"$T/base-$k.eml"
	deliver "$T/base-$k.eml"
	ok $? "$k alone exits 0"
done
want_groep_tb=$(caused base-groep-tb@test.example)
want_leerling=$(caused base-leerling@test.example)
want_school_no_tb=$(caused base-school-no-tb@test.example)
like "$want_groep_tb" "ontvangen-ib" "a request queues its confirmation ($want_groep_tb)"

# 8 different new requests at once.
files='' kinds=''
for i in 1 2 3 4 5 6 7 8; do
	case $i in
	1 | 4 | 7) k=groep-tb ;;
	2 | 5 | 8) k=leerling ;;
	*) k=school-no-tb ;;
	esac
	variant $k.eml "new-$i@test.example" >"$T/new-$i.eml"
	files="$files $T/new-$i.eml" kinds="$kinds $k"
done
# shellcheck disable=SC2086
is "$(deliver_at_once $files)" "0 0 0 0 0 0 0 0" "8 new requests delivered at once: every process exits 0"
is "$(sql "SELECT count(*), count(DISTINCT msgkey) FROM message WHERE msgkey LIKE '<new-%'")" "8|8" \
	"each is recorded once"
is "$(sql "SELECT count(*) FROM message WHERE outcome = 'aanvraag' AND reason IS NOT NULL AND msgkey LIKE '<new-%'")" 8 \
	"each made a request"
expect=$(seq -f "BPO-$Y-%04g" 1 11 | tr '\n' ' ')
is "$(sql "SELECT kenmerk FROM request ORDER BY kenmerk" | tr '\n' ' ')" "$expect" \
	"request numbers are unique and without gaps (0001-0011)"
is "$(sql "SELECT count(DISTINCT reason) FROM message WHERE outcome = 'aanvraag'")" 11 \
	"each message has a request of its own"
bad=
i=0
for k in $kinds; do
	i=$((i + 1))
	got=$(caused "new-$i@test.example")
	case $k in
	groep-tb) want=$want_groep_tb ;;
	leerling) want=$want_leerling ;;
	*) want=$want_school_no_tb ;;
	esac
	[ "$got" = "$want" ] || bad="$bad new-$i($k): $got;"
done
is "$bad" "" "each queued exactly the mails its kind queues when delivered alone"

# 8 replies on one request at once: 4 STATUS from the intern begeleider, 4
# overleg messages from the trajectbegeleider, each with a Message-ID of its own.
ibmail=$(mail_of base-groep-tb@test.example ontvangen-ib)
tbmail=$(mail_of base-groep-tb@test.example beoordelen-tb)
like "$(text "$ibmail")" "BPO-$Y-0001" "the intern begeleider's mail is about the first request"
reply "$ibmail" ib@delinde.example gmail "STATUS" --message-id "<status-base@test.example>"
deliver "$T/reply.eml"
ok $? "a STATUS reply alone exits 0"
reply "$tbmail" tb.noord@bestuur.example gmail "Een vraag over de planning." \
	--message-id "<overleg-base@test.example>"
deliver "$T/reply.eml"
ok $? "an overleg reply alone exits 0"
want_status=$(caused status-base@test.example)
want_overleg=$(caused overleg-base@test.example)
like "$want_status" "status>ib@delinde.example" "STATUS is answered with the status ($want_status)"
like "$want_overleg" "overleg>" "an overleg message is passed on ($want_overleg)"
files=
for i in 1 2 3 4; do
	reply "$ibmail" ib@delinde.example gmail "STATUS" --message-id "<status-$i@test.example>"
	mv "$T/reply.eml" "$T/status-$i.eml"
	reply "$tbmail" tb.noord@bestuur.example gmail "Vraag $i over de planning." \
		--message-id "<overleg-$i@test.example>"
	mv "$T/reply.eml" "$T/overleg-$i.eml"
	files="$files $T/status-$i.eml $T/overleg-$i.eml"
done
# shellcheck disable=SC2086
is "$(deliver_at_once $files)" "0 0 0 0 0 0 0 0" "8 replies on one request at once: every process exits 0"
is "$(sql "SELECT count(*), count(DISTINCT msgkey) FROM message WHERE msgkey GLOB '<status-[0-9]*' OR msgkey GLOB '<overleg-[0-9]*'")" "8|8" \
	"each reply is recorded once"
bad=
for i in 1 2 3 4; do
	got=$(caused "status-$i@test.example")
	[ "$got" = "$want_status" ] || bad="$bad status-$i: $got;"
	got=$(caused "overleg-$i@test.example")
	[ "$got" = "$want_overleg" ] || bad="$bad overleg-$i: $got;"
done
is "$bad" "" "each reply queued exactly its answers, once"

# The same message by 8 processes at once: a new request, and a reply.
variant leerling.eml "same-1@test.example" >"$T/same.eml"
reply "$ibmail" ib@delinde.example gmail "STATUS" --message-id "<same-status@test.example>"
n_req=$(sql "SELECT count(*) FROM request")
n_out=$(sql "SELECT count(*) FROM outmail")
# shellcheck disable=SC2046
is "$(deliver_at_once $(for i in 1 2 3 4 5 6 7 8; do echo "$T/same.eml"; done))" "0 0 0 0 0 0 0 0" \
	"one new request delivered by 8 processes at once: every process exits 0"
is "$(sql "SELECT count(*) FROM message WHERE msgkey LIKE '<same-1@%'")" 1 "it is recorded once (no '#2' key)"
is "$(sql "SELECT count(*) FROM request")" "$((n_req + 1))" "one request is made"
is "$(sql "SELECT kenmerk FROM request ORDER BY id DESC LIMIT 1")" "BPO-$Y-0012" "with the next number"
is "$(caused same-1@test.example)" "$want_leerling" "its mails are queued once"
is "$(sql "SELECT count(*) FROM outmail")" "$((n_out + $(echo "$want_leerling" | wc -w)))" "and nothing else is"
# shellcheck disable=SC2046
is "$(deliver_at_once $(for i in 1 2 3 4 5 6 7 8; do echo "$T/reply.eml"; done))" "0 0 0 0 0 0 0 0" \
	"one reply delivered by 8 processes at once: every process exits 0"
is "$(sql "SELECT count(*) FROM message WHERE msgkey LIKE '<same-status@%'")" 1 "it is recorded once"
is "$(caused same-status@test.example)" "$want_status" "and answered once"

# 8 different messages under one Message-ID at once (a reused id): each is a
# message of its own, under <id>, <id>#2, ... <id>#8.
files=
for i in 1 2 3 4 5 6 7 8; do
	printf 'From: IB De Linde <ib@delinde.example>\nTo: %s\nSubject: nieuw\nMessage-ID: <reused@test.example>\n\nGraag een formulier (%s).\n' \
		"$SYS" "$i" >"$T/reused-$i.eml"
	files="$files $T/reused-$i.eml"
done
# shellcheck disable=SC2086
is "$(deliver_at_once $files)" "0 0 0 0 0 0 0 0" "8 different messages with one Message-ID at once: every process exits 0"
is "$(sql "SELECT count(*) FROM message WHERE msgkey = '<reused@test.example>' OR msgkey GLOB '<reused@test.example>#[0-9a-f]*'")" 8 \
	"each is recorded once, under a key of its own (the id, then the id and the content's hash)"
is "$(sql "SELECT count(*) FROM message WHERE msgkey GLOB '<reused@test.example>#*' AND msgkey <> '<reused@test.example>#' || raw_sha256")" 0 \
	"a reused id's key carries the hash of that message's content"
is "$(sql "SELECT count(DISTINCT raw_sha256) FROM message WHERE msgkey LIKE '<reused@test.example>%'")" 8 "one for each content"

# Over everything: one row per message, every queued mail sent, one file each.
is "$(sql "SELECT count(*) - count(DISTINCT msgkey) FROM message")" 0 "no message key twice"
is "$(sql "SELECT count(*) FROM message WHERE msgkey LIKE '%#%' AND msgkey NOT LIKE '<reused@%'")" 0 \
	"no identical message taken for a reused Message-ID"
is "$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")" 0 "every queued mail was sent after its commit"
is "$(outbox_count)" "$(sql "SELECT count(*) FROM outmail")" "the outbox holds one file per queued mail"
is "$(outbox_dups | tr '\n' ' ')" "" "and no queued mail twice"
is "$(sql "PRAGMA integrity_check")" ok "the database is intact"
check_outbox
done_testing
