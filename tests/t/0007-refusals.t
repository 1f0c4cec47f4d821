#!/bin/sh
# Bad commands change nothing and are answered with the exact problem, the
# status and who acts next (bpomail(1), WHO MAY DO WHAT).
. "$(dirname "$0")/../lib.sh"
setup no
ID=BPO-$(date -u +%Y)-0001

deliver "$TESTS_DIR/data/groep-tb.eml"
tbmail=$(latest tb.noord@bestuur.example)
ibmail=$(latest ib@delinde.example)

reply "$ibmail" ib@delinde.example gmail "AKKOORD"
deliver "$T/reply.eml"
m=$(text "$(latest ib@delinde.example)")
like "$m" "Subject: \[$ID\] Niet uitgevoerd: AKKOORD" "an ib cannot give AKKOORD"
like "$m" "Als intern begeleider kunt u AKKOORD niet geven; dat doet de trajectbegeleider." "and is told who does"
like "$m" "De aanvraag heeft de status BPO>voorlopige aanvraag. Wie nu aan zet is: de trajectbegeleider." "with the status and who acts next"
is "$(status_of $ID)" "BPO>voorlopige aanvraag" "nothing changed"

reply "$tbmail" tb.noord@bestuur.example gmail "SO-coördinator: SO-coördinator De Brug"
deliver "$T/reply.eml"
like "$(text "$(latest tb.noord@bestuur.example)")" "Als trajectbegeleider kunt u SO-coördinator niet geven; dat doet de coördinator SO-loket." "a tb cannot choose the SO-coördinator"

reply "$tbmail" tb.noord@bestuur.example gmail "AFGEWEZEN"
deliver "$T/reply.eml"
like "$(text "$(latest tb.noord@bestuur.example)")" "Bij AFGEWEZEN hoort een reden" "AFGEWEZEN without a reason is refused"

reply "$tbmail" tb.noord@bestuur.example gmail "Akkoord\nIncompleet: het groepsplan ontbreekt"
deliver "$T/reply.eml"
like "$(text "$(latest tb.noord@bestuur.example)")" "twee opdrachten \(AKKOORD en INCOMPLEET\)" "two commands in one mail are refused"
is "$(status_of $ID)" "BPO>voorlopige aanvraag" "still nothing changed"

reply "$tbmail" tb.noord@bestuur.example outlook "AKKOORD"
deliver "$T/reply.eml"
is "$(status_of $ID)" "BPO>indienen SO-loket" "the right AKKOORD is carried out"
reply "$tbmail" tb.noord@bestuur.example outlook "Akkoord!"
deliver "$T/reply.eml"
m=$(text "$(latest tb.noord@bestuur.example)")
like "$m" "Al besloten: AKKOORD" "a second AKKOORD is answered as decided"
like "$m" "Besloten door: Trajectbegeleider Noord" "with who decided"
like "$m" "Op: [0-9]{4}-[0-9]{2}-[0-9]{2}T" "and when"
like "$m" "nu de status BPO>indienen SO-loket" "and the status now"

loketmail=$(latest loket@swv.example)
reply "$loketmail" loket@swv.example gmail "SO-coördinator: De Brug"
deliver "$T/reply.eml"
m=$(text "$(latest loket@swv.example)")
like "$m" "'De Brug' is niet bekend als zodanig in het adresboek" "an unknown SO-coördinator is refused"
like "$m" "SO-coördinator De Brug <soco@debrug.example>" "with the candidates"
reply "$loketmail" loket@swv.example gmail "SO-coördinator: soco@debrug.example\nStartdatum: 31-02-2027"
deliver "$T/reply.eml"
like "$(text "$(latest loket@swv.example)")" "Startdatum '31-02-2027' is een datum die niet bestaat" "a start date that does not exist is refused"
reply "$loketmail" loket@swv.example gmail "SO-coördinator: soco@debrug.example\nUren: twaalf"
deliver "$T/reply.eml"
like "$(text "$(latest loket@swv.example)")" "Uren 'twaalf' is geen geldig aantal uur" "hours that are no number are refused"
reply "$loketmail" loket@swv.example gmail "SO-coördinator: soco@debrug.example\nEinddatum: 1-1-2027"
deliver "$T/reply.eml"
like "$(text "$(latest loket@swv.example)")" "De einddatum ligt niet na de startdatum" "an end before the start is refused"
is "$(status_of $ID)" "BPO>indienen SO-loket" "none of these changed anything"

# Unknown request number.
cat >"$T/unknown.eml" <<MAIL
From: IB De Linde <ib@delinde.example>
To: $SYS
Subject: Re: [BPO-2019-0999] vraag
Message-ID: <onbekend-1@delinde.example>

STATUS
MAIL
deliver "$T/unknown.eml"
like "$(text "$(latest ib@delinde.example)")" "er is geen aanvraag met dat kenmerk" "an unknown request number is answered"

# Someone in the directory who is not involved.
reply "$tbmail" ib@deesch.example gmail "STATUS" --name "IB De Esch"
deliver "$T/reply.eml"
like "$(text "$(latest ib@deesch.example)")" "U bent niet betrokken bij deze aanvraag" "a person not involved is told so"
check_outbox
done_testing
