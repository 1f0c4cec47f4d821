#!/bin/sh
# The main path of bpomail(1), every step by a reply from a real-looking mail
# client with its personal token: groep request with a trajectbegeleider,
# AKKOORD, SO-coördinator (requested dates and hours), BPO-er, AFGEROND.
. "$(dirname "$0")/../lib.sh"
setup no

deliver "$TESTS_DIR/data/groep-tb.eml"
ok $? "the request is recorded (exit 0)"
ID=BPO-$(date -u +%Y)-0001
is "$(status_of $ID)" "BPO>voorlopige aanvraag" "a new request with a trajectbegeleider waits for the tb"
is "$(outbox_count)" 3 "three mails: ib, trajectbegeleider, SO-loket"

m=$(text "$(latest ib@delinde.example)")
like "$m" "Subject: \[$ID\] Aanvraag ontvangen" "the ib gets a confirmation with the request number"
like "$m" "Beste IB De Linde," "addressed by the directory name"
like "$m" "De trajectbegeleider \(Trajectbegeleider Noord" "the ib is told who acts next"

tbmail=$(latest tb.noord@bestuur.example)
m=$(text "$tbmail")
like "$m" "Subject: \[$ID\] Graag uw beoordeling" "the trajectbegeleider is asked to review"
like "$m" "AFGEWEZEN: de reden" "and told exactly how to answer"
like "$m" "Reply-To: bpo\+[a-z2-7]{24}@swv.example" "with a personal reply token"
like "$(text "$(latest loket@swv.example)")" "Nieuwe status: BPO>voorlopige aanvraag" "the SO-loket hears of the new status"

reply "$tbmail" tb.noord@bestuur.example outlook "Akkoord, een heldere aanvraag."
deliver "$T/reply.eml"
ok $? "AKKOORD from Outlook is recorded"
is "$(status_of $ID)" "BPO>indienen SO-loket" "akkoord moves the request to the SO-loket"
like "$(text "$(latest tb.noord@bestuur.example)")" "Uw akkoord is verwerkt" "the trajectbegeleider gets a confirmation"
like "$(text "$(latest tb.noord@bestuur.example)")" "een heldere aanvraag" "that repeats the remark"
loketmail=$(latest loket@swv.example)
m=$(text "$loketmail")
like "$m" "Nieuwe aanvraag voor het SO-loket" "the SO-loket gets the full picture"
like "$m" "SO-coördinator: naam of e-mailadres" "with the instructions"
like "$m" "Uren: 12,5" "and the requested hours to keep or change"
like "$(text "$(latest ib@delinde.example)")" "ingediend bij het SO-loket" "the ib is told"

reply "$loketmail" loket@swv.example gmail "SO-coördinator: so-coordinator de brug"
deliver "$T/reply.eml"
ok $? "SO-coördinator from Gmail is recorded"
is "$(status_of $ID)" "BPO>doorgezet naar SO" "the request goes to the SO organisation"
m=$(text "$(latest loket@swv.example)")
like "$m" "SO-coördinator: SO-coördinator De Brug <soco@debrug.example>" "the SO-loket is told who was chosen"
like "$m" "Uren: 12,5 \(het gevraagde aantal\)" "and that the requested hours are used"
like "$m" "Startdatum: maandag 1 februari 2027 \(de gevraagde startdatum\)" "and the requested start"
json=$(bpo show $ID --json)
like "$json" '"granted": \{"hours": 12.5, "start": "2027-02-01", "end": "2027-06-30"\}' "granted values stored"
socomail=$(latest soco@debrug.example)
like "$(text "$socomail")" "BPO-er: naam of e-mailadres" "the SO-coördinator is asked to choose a BPO-er"

reply "$socomail" soco@debrug.example apple "BPO-er: BPO-er De Brug"
deliver "$T/reply.eml"
ok $? "BPO-er from Apple Mail is recorded"
is "$(status_of $ID)" "BPO>in uitvoering" "the BPO-er works on it"
bpoermail=$(latest bpoer@debrug.example)
like "$(text "$bpoermail")" "AFGEROND" "the BPO-er is told how to close it"
like "$(text "$(latest ib@delinde.example)")" "BPO-er De Brug" "the ib learns who the BPO-er is"

reply "$bpoermail" bpoer@debrug.example iphone "Afgerond. Verslag volgt via de school."
deliver "$T/reply.eml"
ok $? "AFGEROND from an iPhone is recorded"
is "$(status_of $ID)" "BPO>afgerond" "the request is finished"
like "$(text "$(latest ib@delinde.example)")" "Verslag volgt via de school" "the ib gets the BPO-er's remark"

history=$(bpo show $ID --json | python3 -c 'import json,sys; print(" ".join(h["event"] for h in json.load(sys.stdin)["history"]))')
is "$history" "aangevraagd akkoord ingediend doorgezet in-uitvoering afgerond" "the history holds every step"
check_outbox --forbid-in-subject "Voorbeeld"
done_testing
