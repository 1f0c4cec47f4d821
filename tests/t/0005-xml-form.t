#!/bin/sh
# An XML form attached to a mail becomes a request, the same as a text form.
. "$(dirname "$0")/../lib.sh"
setup no
ID=BPO-$(date -u +%Y)-0001

cat >"$T/xml.eml" <<MAIL
From: IB De Esch <ib@deesch.example>
To: $SYS
Subject: aanvraag
Message-ID: <xml-1@deesch.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="x"

--x
Content-Type: text/plain

Bijgaand het formulier.
--x
Content-Type: text/xml; charset=utf-8
Content-Disposition: attachment; filename="aanvraag.xml"
Content-Transfer-Encoding: base64

$(base64 "$TESTS_DIR/data/aanvraag.xml")
--x--
MAIL
deliver "$T/xml.eml"
ok $? "recorded"
is "$(status_of $ID)" "BPO>voorlopige aanvraag" "the XML form made a request waiting for its trajectbegeleider"
json=$(bpo show $ID --json)
like "$json" '"requested": \{"hours": 10.5, "start": "2027-02-01", "end": "2027-04-30"\}' "hours and dates read from XML"
like "$json" '"role": "tb", "name": "Trajectbegeleider Zuid"' "the trajectbegeleider from the directory"
like "$json" '"name": "aanvraag.xml", "type": "text/xml"' "the XML form is kept as a document"
like "$(text "$(latest tb.zuid@bestuur.example)")" "Expertise: .*zicht" "the trajectbegeleider sees the chosen expertise only"
check_outbox
done_testing
