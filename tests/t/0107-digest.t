#!/bin/sh
# The SO-loket's digest (bpomail(1), digest; bpomail.conf(5), loket_notices):
# one overview mail to every SO-loket coordinator of the open requests, the
# overdue ones first, by status, how long each waited and for whom, one-click
# actions where the SO-loket acts, and no pupil data; nothing open: no mail
# and no output. With loket_notices = digest the notices that ask nothing of
# the SO-loket are left to the digest; mails that ask it to act still go.
. "$(dirname "$0")/../lib.sh"
setup no
printf 'Tweede coördinator SO-loket,loket2@swv.example,loket,SWV Voorbeeld\n' >>"$T/directory.csv"
bpo directory import "$T/directory.csv" >/dev/null
T0=1805101200   # maandag 15 maart 2027, 10:00 in Amsterdam
at() {	# at DAYS-BEFORE-T0: the clock for what follows
	export BPOMAIL_NOW=$((T0 - $1 * 86400))
}

at 0
out=$(bpo digest 2>&1)
is "$?:$out:$(outbox_count)" "0::0" "nothing open: digest sends nothing and prints nothing"

# A: a groep request, agreed 12 days ago: waits for the SO-loket (overdue).
at 20
deliver "$TESTS_DIR/data/groep-tb.eml"
at 12
answer "$(latest tb.noord@bestuur.example)" tb.noord@bestuur.example outlook "Akkoord"
# C: a school request, sent on to an SO-coördinator 8 days ago (overdue).
at 9
deliver "$TESTS_DIR/data/school-no-tb.eml"
at 8
answer "$(latest loket@swv.example)" loket@swv.example gmail "SO-coördinator: SO-coördinator De Horizon"
# B: a pupil's request of 3 days ago: waits for the trajectbegeleider and the parents.
at 3
deliver "$TESTS_DIR/data/leerling.eml"
# D: a request rejected: ended, not in the digest.
sed 's/aanvraag-groep-1/aanvraag-groep-2/' "$TESTS_DIR/data/groep-tb.eml" >"$T/groep2.eml"
deliver "$T/groep2.eml"
answer "$(latest tb.noord@bestuur.example)" tb.noord@bestuur.example outlook "AFGEWEZEN: past niet bij BPO"
is "$(status_of BPO-2027-0001) | $(status_of BPO-2027-0002) | $(status_of BPO-2027-0003) | $(status_of BPO-2027-0004)" \
	"BPO>indienen SO-loket | BPO>doorgezet naar SO | BPO>voorlopige aanvraag | BPO>afgewezen" "four requests in four statuses"

at 0
n=$(outbox_count)
out=$(bpo digest -v)
is "$?:$out" "0:digest sent to 2 coordinators of the SO-loket" "digest mails every SO-loket coordinator"
is "$(outbox_count)" $((n + 2)) "one mail each"
is "$(last_template loket@swv.example) $(last_template loket2@swv.example)" "digest-loket digest-loket" "with the digest template"
m=$(text "$(latest loket2@swv.example)")
like "$m" "Beste Tweede coördinator SO-loket," "addressed to each coordinator by name"
like "$m" "Subject: Overzicht van de open aanvragen, maandag 15 maart 2027" "the date in words in the subject"
like "$m" "er staan 3 aanvragen open\." "counts the open requests"
like "$m" "Daarvan wachten er 2 al langer dan 7 dagen op een reactie; deze staan bovenaan\." "and the overdue ones"
like "$m" "- BPO-2027-0001, Basisschool De Linde, groep 5 \(niveau groep\)" "a request by kenmerk, school, group and level"
like "$m" "wacht 12 dagen op het SO-loket \(u\), sinds woensdag 3 maart 2027" "how long and for whom: the SO-loket"
like "$m" "wacht 8 dagen op de SO-coördinator \(SO-coördinator De Horizon\), sinds zondag 7 maart 2027" "the SO-coördinator by name"
like "$m" "wacht 3 dagen op de trajectbegeleider \(Trajectbegeleider Noord\) en de ouders/verzorgers \(toestemming\), sinds vrijdag 12 maart 2027" "the trajectbegeleider and the parents"
order=$(printf '%s\n' "$m" | grep -nE '^(TE LANG|OVERIGE|AFGESLOTEN|- BPO-2027-000[0-9])' | sed 's/^[0-9]*://; s/,.*//' | tr '\n' ' ')
is "$order" "TE LANG ZONDER REACTIE (langer dan 7 dagen) - BPO-2027-0001 - BPO-2027-0002 OVERIGE OPEN AANVRAGEN - BPO-2027-0003 AFGESLOTEN SINDS HET VORIGE OVERZICHT - BPO-2027-0004 " "overdue first, by status; the ended one last"
like "$m" "Status BPO>indienen SO-loket:" "grouped under their status"
like "$m" "- BPO-2027-0004, Basisschool De Linde, groep 5 \(niveau groep\): afgesloten op vrijdag 12 maart 2027 met de status BPO>afgewezen" "the request that ended is listed once, as ended"
actions=$(printf '%s\n' "$m" | grep -F ': <mailto:')
like "$actions" '^- Doorzetten naar SO De Brug \(SO-coördinator De Brug\): <mailto:bpo\+[a-z2-7]{24}@swv.example\?subject=%5BBPO-2027-0001%5D.*&body=SO-co%C3%B6rdinator%3A%20SO-co%C3%B6rdinator%20De%20Brug%0D%0AStartdatum%3A%201%20februari%202027%0D%0AEinddatum%3A%2030%20juni%202027%0D%0AUren%3A%2012%2C5>$' "a one-click action per SO-coördinator with the requested dates and hours"
like "$actions" '^- Doorzetten naar SO De Horizon \(SO-coördinator De Horizon\): <mailto:.*body=SO-co%C3%B6rdinator%3A%20SO-co%C3%B6rdinator%20De%20Horizon%0D%0A' "for every SO-coördinator"
like "$actions" '^- Terugsturen: incompleet: <mailto:.*subject=%5BBPO-2027-0001%5D.*&body=INCOMPLEET%3A%20>$' "send back"
like "$actions" '^- Afwijzen: <mailto:.*subject=%5BBPO-2027-0001%5D.*&body=AFGEWEZEN%3A%20>$' "reject"
is "$(printf '%s\n' "$actions" | grep -vc 'subject=%5BBPO-2027-0001%5D')" 0 "actions only where the SO-loket acts"
like "$($MAILTOOL html "$(latest loket2@swv.example)")" '>Doorzetten naar SO De Brug \(SO-coördinator De Brug\)</a>' "as buttons in the HTML part"
unlike "$m" "Leerling van der|Ouder Voorbeeld|ouder\.test@|14-03-2016|2016-03-14|14 maart 2016|overgangsmomenten" "no pupil data"
is "$(text "$(latest loket@swv.example)" | sed -n '/^Beste/,$p' | sed '1d; s/<mailto:[^>]*>//')" "$(printf '%s\n' "$m" | sed -n '/^Beste/,$p' | sed '1d; s/<mailto:[^>]*>//')" "both coordinators get the same overview (each with their own reply links)"
at 0
bpo digest >/dev/null
m=$(text "$(latest loket@swv.example)")
unlike "$m" "BPO-2027-0004|AFGESLOTEN" "the next digest no longer lists the ended request"
like "$m" "BPO-2027-0001" "but still the open ones"
# A button in the digest is a command on its own request (Gmail, as it sends a mailto: mail).
$MAILTOOL click "$(latest loket2@swv.example)" --label "Doorzetten naar SO De Horizon (SO-coördinator De Horizon)" \
	--from loket2@swv.example --client gmail >"$T/click.eml" && deliver "$T/click.eml"
ok $? "a click on a digest's button is recorded"
is "$(status_of BPO-2027-0001)" "BPO>doorgezet naar SO" "and sends that request on"
like "$(bpo show BPO-2027-0001)" "soco@horizon.example" "to the SO-coördinator clicked, with the requested dates and hours"

# loket_notices = digest: notices that ask nothing wait for the digest, action mails go at once.
printf 'loket_notices = digest\n' >>"$T/bpomail.conf"
n1=$(sql "SELECT count(*) FROM outmail WHERE recipient = 'loket@swv.example'")
sed 's/aanvraag-groep-1/aanvraag-groep-3/' "$TESTS_DIR/data/groep-tb.eml" >"$T/groep3.eml"
deliver "$T/groep3.eml"
is "$(sql "SELECT count(*) FROM outmail WHERE recipient = 'loket@swv.example'")" "$n1" "a new request's notice (melding-loket) is left to the digest"
like "$(text "$(latest tb.noord@bestuur.example)")" "Graag uw beoordeling" "the trajectbegeleider is asked as always"
answer "$(latest tb.noord@bestuur.example)" tb.noord@bestuur.example outlook "Akkoord"
is "$(last_template loket@swv.example) $(last_template loket2@swv.example)" "indienen-loket indienen-loket" "the request for the SO-loket's step goes at once"
answer "$(latest loket@swv.example)" loket@swv.example gmail "SO-coördinator: SO-coördinator De Brug"
is "$(status_of BPO-2027-0005)" "BPO>doorgezet naar SO" "the SO-loket chose an SO-coördinator"
is "$(last_template loket@swv.example)" "bevestiging-soco" "the coordinator who acted gets the confirmation"
is "$(last_template loket2@swv.example)" "indienen-loket" "the other coordinator's status notice waits for the digest"
sed -i 's/^loket_notices = digest$/loket_notices = each/' "$T/bpomail.conf"
answer "$(latest soco@debrug.example)" soco@debrug.example apple "BPO-er: BPO-er De Brug"
is "$(last_template loket2@swv.example)" "melding-loket" "with loket_notices = each it comes at once"

# More hours asked: the SO-loket decides, at once and in the digest.
sed -i 's/^loket_notices = each$/loket_notices = digest/' "$T/bpomail.conf"
at -1
answer "$(latest bpoer@debrug.example)" bpoer@debrug.example outlook "VERLENGING: meer tijd nodig om af te ronden.\nUren: 4"
is "$(last_template loket@swv.example)" "verlenging-loket" "a request for more hours goes to the SO-loket at once"
at -2
bpo digest >/dev/null
m=$(text "$(latest loket@swv.example)")
like "$m" "- BPO-2027-0005, Basisschool De Linde, groep 5 \(niveau groep\)
  wacht 1 dag op het SO-loket \(u\), sinds dinsdag 16 maart 2027; er is een verlenging gevraagd" "the digest shows the extension waits for the SO-loket since it was asked"
like "$m" '- Verlenging toekennen: <mailto:.*subject=%5BBPO-2027-0005%5D.*&body=VERLENGING%20AKKOORD>' "with one-click actions to grant"
like "$m" '- Verlenging afwijzen: <mailto:.*&body=VERLENGING%20AFGEWEZEN%3A%20>' "or refuse it"
unset BPOMAIL_NOW
check_outbox --forbid-in-subject "Voorbeeld"
done_testing
