#!/bin/sh
# The operator's upkeep (bpomail(1)): export --csv without pupil data, remind
# for steps left too long, purge --before DATE of ended requests for good.
. "$(dirname "$0")/../lib.sh"
setup yes
Y=$(date -u +%Y)
past=$(( $(date +%s) - 30 * 86400 ))

BPOMAIL_NOW=$past deliver "$TESTS_DIR/data/leerling.eml"
deliver "$TESTS_DIR/data/school-no-tb.eml"
csv=$(bpo export --csv)
ok $? "export --csv exits 0"
is "$(printf '%s\n' "$csv" | head -1 | tr -d '\r')" "kenmerk,status,niveau,school,brin,bestuur,groep,expertise,gevraagd_uren,gevraagd_start,gevraagd_eind,toegekend_uren,toegekend_start,toegekend_eind,so_coordinator,bpo_er,aangemaakt,bijgewerkt" "with a header line"
like "$csv" "BPO-$Y-0001,BPO>voorlopige aanvraag,leerling,Basisschool De Linde,12AB" "one line per request"
unlike "$csv" "Voorbeeld|2016-03-14" "and no pupil data"
is "$(printf '%s\n' "$csv" | python3 -c 'import csv,sys; print(len(list(csv.reader(sys.stdin))))')" 3 "readable as CSV"

n=$(outbox_count)
bpo remind >"$T/out"
is "$(cat "$T/out")" "1 request reminded" "remind finds the request that waited 30 days"
like "$(text "$(latest tb.noord@bestuur.example)")" "Herinnering: de aanvraag wacht op u" "the trajectbegeleider is reminded"
like "$(text "$(latest ouder@thuis.example 2>/dev/null || latest ouder.test@thuis.example)")" "wacht al meer dan 7 dagen op een stap van u" "and the parent"
like "$(text "$(latest loket@swv.example)")" "wacht al meer dan 7 dagen op de trajectbegeleider en de ouder" "the SO-loket is told"
bpo remind >"$T/out"
is "$(cat "$T/out")" "0 requests reminded" "not twice in one period"

answer "$(latest ib@deesch.example)" ib@deesch.example gmail "INTREKKEN: verkeerd ingediend"
is "$(status_of BPO-$Y-0002)" "BPO>ingetrokken" "the second request has ended"
bpo purge --before 2000-01-01 >"$T/out"
is "$(cat "$T/out")" "0 ended requests from before 2000-01-01 removed for good" "purge keeps what ended after the date"
tomorrow=$(date -u -d tomorrow +%Y-%m-%d)
bpo purge --before "$tomorrow" >"$T/out"
is "$(cat "$T/out")" "1 ended request from before $tomorrow removed for good" "purge removes the ended request"
is "$(bpo list --json | python3 -c 'import json,sys; print([r["id"] for r in json.load(sys.stdin)])')" "['BPO-$Y-0001']" "the open request stays"
is "$(sqlite3 "$T/bpo.db" "SELECT count(*) FROM outmail WHERE recipient = 'ib@deesch.example'") $(sqlite3 "$T/bpo.db" "SELECT count(*) FROM document d JOIN request r ON r.id = d.request_id WHERE r.kenmerk = 'BPO-$Y-0002'")" "0 0" "its mail and documents are gone"
bpo purge --before morgen 2>"$T/err"
is "$?" 64 "purge needs a date"
done_testing
