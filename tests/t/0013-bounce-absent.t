#!/bin/sh
# A bounce of a mail bpomail sent, and an out-of-office reply from the
# person whose step it is, are recorded on the request and the SO-loket is
# told (bpomail(1), WHO MAY DO WHAT); neither is ever answered.
. "$(dirname "$0")/../lib.sh"
setup no
ID=BPO-$(date -u +%Y)-0001

deliver "$TESTS_DIR/data/groep-tb.eml"
tbmail=$(latest tb.noord@bestuur.example)
msgid=$(python3 -c 'import email,email.policy,sys; print(email.message_from_bytes(open(sys.argv[1],"rb").read(), policy=email.policy.default)["Message-ID"])' "$tbmail")

cat >"$T/bounce.eml" <<MAIL
From: Mail Delivery System <MAILER-DAEMON@mx.bestuur.example>
To: $SYS
Return-Path: <>
Subject: Undelivered Mail Returned to Sender
Message-ID: <bounce-1@mx.bestuur.example>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="r"

--r
Content-Type: text/plain

This is the mail system at host mx.bestuur.example.
<tb.noord@bestuur.example>: mailbox full
--r
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.bestuur.example
Final-Recipient: rfc822; tb.noord@bestuur.example
Action: failed
Status: 5.2.2

--r
Content-Type: text/rfc822-headers

From: BPO-loket SWV Voorbeeld <bpo@swv.example>
To: Trajectbegeleider Noord <tb.noord@bestuur.example>
Message-ID: $msgid
Subject: [$ID] Graag uw beoordeling

--r--
MAIL
n=$(outbox_count)
deliver "$T/bounce.eml"
ok $? "the bounce is recorded"
is "$(outbox_count)" $((n + 1)) "one mail goes out: to the SO-loket, none to the bounce"
m=$(text "$(latest loket@swv.example)")
like "$m" "Bericht niet aangekomen bij tb.noord@bestuur.example" "the SO-loket is told which mail did not arrive"
like "$m" "controleer het e-mailadres" "and what to do"
like "$(bpo show $ID --json)" '"event": "onbestelbaar"' "the bounce is in the request's history"

cat >"$T/ooo.eml" <<MAIL
From: Trajectbegeleider Noord <tb.noord@bestuur.example>
To: $SYS
Subject: Automatisch antwoord: [$ID] Graag uw beoordeling van een BPO-aanvraag
Message-ID: <ooo-1@bestuur.example>
In-Reply-To: $msgid
Auto-Submitted: auto-replied
X-Auto-Response-Suppress: All

Ik ben afwezig tot en met 25 januari en lees mijn mail dan.
MAIL
n=$(outbox_count)
deliver "$T/ooo.eml"
is "$(outbox_count)" $((n + 1)) "the out-of-office reply is not answered; the SO-loket is told"
m=$(text "$(latest loket@swv.example)")
like "$m" "Afwezigheidsbericht van Trajectbegeleider Noord" "the SO-loket learns who is away"
like "$m" "Ik ben afwezig tot en met 25 januari" "and what the reply said"
like "$m" "wacht op de trajectbegeleider" "while the request waits for them"
like "$(bpo show $ID --json)" '"event": "afwezig"' "it is in the history"

sed 's/ooo-1/ooo-2/' "$T/ooo.eml" >"$T/ooo2.eml"
n=$(outbox_count)
deliver "$T/ooo2.eml"
is "$(outbox_count)" "$n" "a second one the same day is recorded without telling the SO-loket again"

sed -e 's/ooo-1/ooo-3/' -e 's/Trajectbegeleider Noord <tb.noord/IB De Linde <ib@delinde.example> <x/' "$T/ooo.eml" | sed 's/^From: .*/From: IB De Linde <ib@delinde.example>/' >"$T/ooo3.eml"
n=$(outbox_count)
deliver "$T/ooo3.eml"
is "$(outbox_count)" "$n" "an out-of-office reply from someone whose step it is not changes nothing"
check_outbox
done_testing
