#!/bin/sh
# Without a trajectbegeleider on the form, a school request goes straight to
# the SO-loket (bpomail(1)); the loket may change dates and hours.
. "$(dirname "$0")/../lib.sh"
setup no
ID=BPO-$(date -u +%Y)-0001

deliver "$TESTS_DIR/data/school-no-tb.eml"
ok $? "the request is recorded"
is "$(status_of $ID)" "BPO>indienen SO-loket" "no trajectbegeleider, no pupil: straight to the SO-loket"
m=$(text "$(latest ib@deesch.example)")
like "$m" "Aanvraag ontvangen \(school, Basisschool De Esch\)" "the ib gets the confirmation"
like "$m" "ingediend bij het SO-loket" "which says where the request is"
loketmail=$(latest loket@swv.example)
like "$(text "$loketmail")" "Nieuwe aanvraag voor het SO-loket \(school" "the SO-loket is asked to act at once"
is "$(outbox_count)" 2 "two mails: ib and SO-loket"

reply "$loketmail" loket@swv.example thunderbird "SO-coördinator: soco@horizon.example\nStartdatum: 8 maart 2027\nEinddatum: 30-6-2027\nUren: 16"
deliver "$T/reply.eml"
ok $? "the SO-loket's choice is recorded"
json=$(bpo show $ID --json)
like "$json" '"granted": \{"hours": 16, "start": "2027-03-08", "end": "2027-06-30"\}' "the loket's own dates and hours are used"
m=$(text "$(latest loket@swv.example)")
like "$m" "Startdatum: maandag 8 maart 2027 \(zoals u opgaf\)" "the confirmation says which start was used"
like "$m" "Uren: 16 \(zoals u opgaf\)" "and which hours"
like "$(text "$(latest soco@horizon.example)")" "16 uur, van maandag 8 maart 2027 tot en met woensdag 30 juni 2027" "the SO-coördinator gets the final values"
like "$json" '"requested": \{"hours": 20, "start": "2027-03-01", "end": "2027-07-01"\}' "the requested values are kept"
check_outbox
done_testing
