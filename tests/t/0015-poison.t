#!/bin/sh
# No message can stop bpomail: each mail that once crashed
# deliver or made it exit 75 on every attempt now ends recorded, once, and
# every mail it causes is well-formed.
. "$(dirname "$0")/../lib.sh"
setup no
Y=$(date -u +%Y)
ID=BPO-$Y-0001

messages() { sql "SELECT count(*) FROM message"; }

deliver "$TESTS_DIR/data/groep-tb.eml"
tbmail=$(latest tb.noord@bestuur.example)
tbreply=$(sed -n 's/^Reply-To: //p' "$tbmail")
tbid=$(sed -n 's/^Message-ID: //p' "$tbmail")

# reply_with NAME BODY-HEADERS-AND-PARTS: a reply of the trajectbegeleider in the thread, as raw MIME.
reply_with() {
	{
		printf 'From: Trajectbegeleider Noord <tb.noord@bestuur.example>\nTo: %s\n' "$tbreply"
		printf 'Subject: Re: [%s] beoordeling\nMessage-ID: <%s@bestuur.example>\n' "$ID" "$1"
		printf 'In-Reply-To: %s\nReferences: %s\nMIME-Version: 1.0\n' "$tbid" "$tbid"
		cat
	} >"$T/$1.eml"
}

# 1. A forwarded mail (message/rfc822) crashed deliver while passing the document on.
reply_with fwd <<'EOF'
Content-Type: multipart/mixed; boundary="fw"

--fw
Content-Type: text/plain; charset=utf-8

Hierbij de mail van de ouders over de groep, ter informatie.
--fw
Content-Type: message/rfc822
Content-Disposition: attachment; filename="Mail van de ouders.eml"

From: Ouder <ouder@thuis.example>
To: IB De Linde <ib@delinde.example>
Subject: Over groep 5
Message-ID: <ouders-1@thuis.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Beste juf, wij maken ons zorgen over de onrust in de groep.
--fw--
EOF
n=$(messages)
deliver "$T/fwd.eml"
is "$?" 0 "a reply with a forwarded mail attached is taken (exit 0, no crash)"
is "$(messages)" $((n + 1)) "and recorded once"
like "$(bpo show $ID --json)" '"name": "Mail van de ouders.eml"' "the forwarded mail is kept as a document"
m=$(text "$(latest ib@delinde.example)")
like "$m" "Attachment: Mail van de ouders.eml \(application/octet-stream\)" "and passed on as an .eml file every mail client opens"
deliver "$T/fwd.eml"
is "$?.$(messages)" "0.$((n + 1))" "the same mail again changes nothing"

# 2. A digest (its parts are messages by default) and odd message/ parts.
reply_with digest <<'EOF'
Content-Type: multipart/mixed; boundary="dg"

--dg
Content-Type: text/plain

Twee mails van de ouders, en wat de server terugstuurde.
--dg
Content-Type: multipart/digest; boundary="inner"

--inner

From: Ouder <ouder@thuis.example>
Subject: een

Eerste mail.
--inner

From: Ouder <ouder@thuis.example>
Subject: twee

Tweede mail.
--inner--
--dg
Content-Type: message/partial; id="abc@x.example"; number=1; total=2

From: x@x.example
Subject: deel

eerste deel
--dg
Content-Type: message/external-body; access-type=URL; URL="http://x.example/a"

Content-Type: text/plain

--dg
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example

Final-Recipient: rfc822; a@x.example
Action: failed
Status: 5.1.1
--dg
Content-Type: multipart/mixed

Een multipart zonder grens.
--dg
Content-Type: multipart/mixed; boundary*=utf-8''zz

--zz
Content-Type: text/plain

Een grens volgens RFC 2231.
--zz--
--dg--
EOF
n=$(messages)
deliver "$T/digest.eml"
is "$?" 0 "a digest, message/partial, external-body, delivery-status and boundary-less parts: exit 0"
is "$(messages)" $((n + 1)) "recorded once"

# 3. A Message-ID without '@' was copied into In-Reply-To and every attempt failed.
printf 'From: IB De Linde <ib@delinde.example>\nTo: %s\nSubject: nieuw\nMessage-ID: <zonder-apenstaartje>\n\nGraag een formulier.\n' \
	"$SYS" >"$T/noat.eml"
n=$(messages)
deliver "$T/noat.eml"
is "$?" 0 "a Message-ID without '@': exit 0"
is "$(messages)" $((n + 1)) "recorded once"
is "$(last_template ib@delinde.example)" "formulier" "and answered"
unlike "$(text "$(latest ib@delinde.example)")" "In-Reply-To: <zonder" "without repeating the unusable id"
deliver "$T/noat.eml"
is "$?.$(messages)" "0.$((n + 1))" "the same mail again changes nothing"

# 4. A reply with more new text than a mail may carry (over 256 kB) made every attempt fail.
python3 - "$T" "$tbreply" "$tbid" "$ID" <<'PY'
import sys
t, to, irt, kid = sys.argv[1:]
line = "Wij hebben in de groep veel geprobeerd en ik beschrijf het hier uitgebreid. " * 3 + "\n"
body = "Een lang verslag van de observaties.\n\n" + line * 1800
open(f"{t}/long.eml", "w").write(
    f"From: Trajectbegeleider Noord <tb.noord@bestuur.example>\nTo: {to}\n"
    f"Subject: Re: [{kid}] verslag\nMessage-ID: <long-1@bestuur.example>\nIn-Reply-To: {irt}\n"
    "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n" + body)
PY
n=$(messages)
deliver "$T/long.eml"
is "$?" 0 "a reply with 400 kB of new text: exit 0"
is "$(messages)" $((n + 1)) "recorded once"
m=$(text "$(latest ib@delinde.example)")
like "$m" "Een lang verslag van de observaties" "the message is passed on"
like "$m" "… \(ingekort\)" "visibly cut"

# 5. Text over 1 MB was dropped without a word: now it is cut visibly.
python3 - "$T" "$tbreply" "$tbid" "$ID" <<'PY'
import sys
t, to, irt, kid = sys.argv[1:]
body = "Het begin van een heel groot bericht.\n\n" + ("x" * 70 + "\n") * 16000
open(f"{t}/huge.eml", "w").write(
    f"From: Trajectbegeleider Noord <tb.noord@bestuur.example>\nTo: {to}\n"
    f"Subject: Re: [{kid}] bijlage\nMessage-ID: <huge-1@bestuur.example>\nIn-Reply-To: {irt}\n"
    "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n" + body)
PY
deliver "$T/huge.eml"
is "$?" 0 "a reply with 1.1 MB of text: exit 0"
m=$(text "$(latest ib@delinde.example)")
like "$m" "Het begin van een heel groot bericht" "its beginning is passed on, not dropped"
like "$m" "… \(ingekort\)" "visibly cut"

# 6. The 100th message with one Message-ID could never be recorded.
mkdir -p "$T/in/new" "$T/in/cur" "$T/in/tmp"
i=0
while [ $i -lt 101 ]; do
	printf 'From: IB De Linde <ib@delinde.example>\nTo: %s\nSubject: nieuw\nMessage-ID: <hergebruikt@test.example>\n\nGraag een formulier (%s).\n' \
		"$SYS" "$i" >"$T/in/new/$i.eml"
	i=$((i + 1))
done
n=$(messages)
bpo scan "$T/in" 2>"$T/stderr"
is "$?" 0 "101 different messages under one Message-ID: scan exits 0"
is "$(messages)" $((n + 101)) "each is recorded once"
is "$(ls "$T/in/new" | wc -l | tr -d ' ')" 0 "none is left in new/"

# 7. A leading mbox "From " line (procmail, maildrop, Postfix flags=F) made a valid form unreadable.
{ printf 'From ib@delinde.example  Mon Jan 11 09:00:00 2027\n'
  sed 's/aanvraag-groep-1/aanvraag-mbox-1/' "$TESTS_DIR/data/groep-tb.eml"; } >"$T/mbox.eml"
deliver "$T/mbox.eml"
is "$?" 0 "a message with a leading 'From ' line: exit 0"
is "$(sql "SELECT outcome FROM message WHERE msgkey = '<aanvraag-mbox-1@delinde.example>'")" "aanvraag" "its form makes a request"

# 8. The same message through the MTA twice, with other trace fields, is one message (bpomail(1)).
sed 's/aanvraag-groep-1/aanvraag-twice-1@delinde.example/' "$TESTS_DIR/data/groep-tb.eml" >"$T/base.eml"
{ printf 'Return-Path: <ib@delinde.example>\nDelivered-To: bpo@swv.example\nReceived: from a.example by mx.swv.example; Mon, 11 Jan 2027 09:00:01 +0100\n'; cat "$T/base.eml"; } >"$T/twice-a.eml"
{ printf 'Return-Path: <ib@delinde.example>\nX-Original-To: bpo@swv.example\nReceived: from b.example by mx.swv.example; Mon, 11 Jan 2027 09:05:00 +0100\nReceived: from c.example\n\tby b.example; Mon, 11 Jan 2027 09:04:59 +0100\nAuthentication-Results: mx.swv.example; spf=pass\n'; cat "$T/base.eml"; } >"$T/twice-b.eml"
n=$(messages)
deliver "$T/twice-a.eml"
deliver "$T/twice-b.eml"
is "$?" 0 "the second copy exits 0"
is "$(messages)" $((n + 1)) "and is recorded once: trace fields do not make it another message"
is "$(sql "SELECT count(*) FROM request")" 3 "one request from it, not two"

check_outbox
done_testing
