#!/bin/sh
# scan hands the parsing child the next message while it records this one
# (sandbox_send_ahead). A message sent ahead that is never asked for (a
# duplicate) must not have its answer taken by a later message, not even one
# whose bytes come to lie where its bytes were (same length). Found by the
# review of stop 17; the answer for new-1 went to dup-1's sender.
. "$(dirname "$0")/../lib.sh"
setup no
echo "error_replies_per_day = 1000" >>"$T/bpomail.conf"
question() {	# question SUBJECT ID
	printf 'From: IB De Linde <ib@delinde.example>\nTo: %s\nSubject: vraag %s\nMessage-ID: <%s@delinde.example>\n\nGoedemorgen,\n\nKunt u mij het aanvraagformulier sturen?\n\nMet vriendelijke groet,\nIB De Linde\n' \
		"$SYS" "$1" "$2"
}
mkdir -p "$T/in/new" "$T/in/cur" "$T/in/tmp"
question d1 dup-1 >"$T/in/new/1001.A.test"
question d2 dup-2 >"$T/in/new/1002.A.test"
bpo scan "$T/in" 2>"$T/err"
ok $? "a first scan records two questions"
question p0 first >"$T/in/new/2001.B.test"
cp "$T/in/cur/1001.A.test"* "$T/in/new/2002.B.test"
cp "$T/in/cur/1002.A.test"* "$T/in/new/2003.B.test"
question m1 new-1 >"$T/in/new/2004.B.test"   # as long as dup-1's file
is "$(wc -c <"$T/in/new/2004.B.test")" "$(wc -c <"$T/in/new/2002.B.test")" "the new question is as long as the duplicate"
bpo scan "$T/in" 2>"$T/err"
like "$(cat "$T/err")" "2 recorded, 2 seen before" "the second scan records two and knows two"
is "$(grep -l "^In-Reply-To: <new-1@" "$T/outbox/new/"* | wc -l | tr -d ' ')" 1 "new-1 is answered"
is "$(grep -l "^In-Reply-To: <dup-1@" "$T/outbox/new/"* | wc -l | tr -d ' ')" 1 "dup-1 is answered once (at its first scan)"
is "$(sql "SELECT count(*) FROM message WHERE msgkey = '<new-1@delinde.example>' AND subject = 'vraag m1'")" 1 \
	"new-1 is recorded with its own subject"
done_testing
