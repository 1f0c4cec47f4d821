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
bpo remind -v >"$T/out"
is "$(cat "$T/out")" "1 request reminded" "remind finds the request that waited 30 days"
m=$(text "$(latest tb.noord@bestuur.example)")
like "$m" "Herinnering: de aanvraag wacht op u" "the trajectbegeleider is reminded"
like "$m" "zet bovenaan één van deze regels:

  AKKOORD
  AFGEWEZEN: de reden
  INCOMPLEET: wat er ontbreekt" "with the exact lines to reply with"
like "$m" "Dit is de eerste herinnering voor deze stap\. Na de tweede herinnering sturen wij u er geen meer; dan krijgt het SO-loket bericht\." "and what comes after the second"
m=$(text "$(latest ouder@thuis.example 2>/dev/null || latest ouder.test@thuis.example)")
like "$m" "wacht al meer dan 7 dagen op een stap van u" "and the parent"
like "$m" "  TOESTEMMING
  GEEN TOESTEMMING" "with the parent's lines"
unlike "$m" "BPO>" "without status codes"
is "$(sql "SELECT count(*) FROM outmail WHERE template = 'herinnering-loket'")" 0 "the SO-loket is not told of a first reminder"
bpo remind >"$T/out"
is "$?:$(cat "$T/out")" "0:" "not twice in one period, and quiet when nothing was sent"
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

# Two reminders per person and step, then the SO-loket is told once instead.
day=86400
BPOMAIL_NOW=$(( $(date +%s) + 8 * day )) bpo remind -v >"$T/out"
is "$(cat "$T/out")" "1 request reminded" "a week later: the second reminder"
like "$(text "$(latest tb.noord@bestuur.example)")" "Dit is de tweede herinnering voor deze stap" "it says it is the second"
n=$(outbox_count)
BPOMAIL_NOW=$(( $(date +%s) + 16 * day )) bpo remind -v >"$T/out"
is "$(cat "$T/out")" "1 request reminded" "after two reminders"
is "$(last_template tb.noord@bestuur.example) $(last_template loket@swv.example)" "herinnering herinnering-loket" "the SO-loket is told instead of a third reminder"
is "$(outbox_count)" $((n + 1)) "one mail: to the SO-loket only"
m=$(text "$(latest loket@swv.example)")
like "$m" "Na twee herinneringen, telkens na 7 dagen zonder reactie, is er nog geen reactie van de trajectbegeleider \(Trajectbegeleider Noord\) en de ouders/verzorgers\." "it names who did not react"
like "$m" "  Trajectbegeleider: naam of e-mailadres" "with what the SO-loket can reply"
unlike "$m" "Ouder Voorbeeld|ouder.test@|Leerling van der" "without the family's data"
n=$(outbox_count)
BPOMAIL_NOW=$(( $(date +%s) + 24 * day )) bpo remind >"$T/out"
is "$?:$(cat "$T/out"):$(outbox_count)" "0::$n" "the SO-loket is told once; nobody is reminded again"

# No reminders in the school holidays (vakanties).
sed 's/aanvraag-groep-1/aanvraag-groep-upkeep/' "$TESTS_DIR/data/groep-tb.eml" >"$T/groep.eml"
BPOMAIL_NOW=$(( $(date +%s) + 24 * day )) deliver "$T/groep.eml"
holiday=$(( $(date +%s) + 32 * day ))
from=$(date -u -d @$((holiday - day)) +%Y-%m-%d) to=$(date -u -d @$((holiday + day)) +%Y-%m-%d)
printf 'vakanties = 2027-02-15..2027-02-19, %s..%s\n' "$from" "$to" >>"$T/bpomail.conf"
n=$(outbox_count)
BPOMAIL_NOW=$holiday bpo remind >"$T/out"
is "$?:$(cat "$T/out"):$(outbox_count)" "0::$n" "a day in the holidays: no reminders, nothing printed"
sed -i '/^vakanties/d' "$T/bpomail.conf"
BPOMAIL_NOW=$holiday bpo remind -v >"$T/out"
is "$(cat "$T/out")" "1 request reminded" "the same day outside the holidays: the reminder goes"

# The SO-loket's own step: two reminders to each coordinator, and nobody else to tell.
sed 's/aanvraag-school-1/aanvraag-school-upkeep/' "$TESTS_DIR/data/school-no-tb.eml" >"$T/school.eml"
BPOMAIL_NOW=$holiday deliver "$T/school.eml"
id=$(sql "SELECT max(id) FROM request")
for d in 40 48 56 64; do BPOMAIL_NOW=$(( $(date +%s) + d * day )) bpo remind >/dev/null; done
is "$(sql "SELECT template, count(*) FROM outmail WHERE request_id = $id AND template LIKE 'herinnering%' GROUP BY template")" "herinnering|2" "the SO-loket is reminded twice of its own step, and not told of itself"
like "$(text "$(latest loket@swv.example)")" "  SO-coördinator: naam of e-mailadres" "with the lines it can reply with"
printf 'vakanties = 2027-02-19..2027-02-15\n' >>"$T/bpomail.conf"
bpo remind 2>"$T/err"
is "$?" 78 "a holiday that ends before it begins is refused"
like "$(cat "$T/err")" "vakanties: '2027-02-19..2027-02-15' ends before it begins" "with a clear error"
done_testing
