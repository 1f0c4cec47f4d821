#!/bin/sh
# One-click actions (bpomail(1), HOW MAILS LOOK): every mail that expects a
# reply carries mailto: buttons in its HTML part and the same links in its
# text part. The new mail a click makes (no In-Reply-To, the token in the
# address and the subject) is understood from Outlook, Gmail and Apple Mail
# as each encodes a mailto: body, all the way from consent to AFGEROND.
. "$(dirname "$0")/../lib.sh"
setup no
Y=$(date -u +%Y)

# click MAIL LABEL FROM CLIENT [FILL]: the mail that button makes, delivered.
click() {
	$MAILTOOL click "$1" --label "$2" --from "$3" --client "$4" ${5:+--fill "$5"} >"$T/click.eml" &&
		deliver "$T/click.eml"
}

deliver "$TESTS_DIR/data/leerling.eml"
ID=BPO-$Y-0001
oudermail=$(latest ouder.test@thuis.example)
html=$($MAILTOOL html "$oudermail")
like "$html" '>Ja, ik geef toestemming</a>' "the parent gets a button to give consent"
like "$html" '>Nee, geen toestemming</a>' "and one to refuse"
like "$html" '>Ik heb eerst een vraag</a>' "and one to ask the intern begeleider first"
like "$(text "$oudermail")" "- Ja, ik geef toestemming: <mailto:bpo\+[a-z2-7]{24}@swv.example\?subject=%5B$ID%5D" "the text part has the same link"
unlike "$html" "BPO&gt;" "the parent's HTML shows no status code"

# A question first: it reaches the intern begeleider, nothing is decided.
click "$oudermail" "Ik heb eerst een vraag" ouder.test@thuis.example apple "Wie is de BPO-er?"
ok $? "the question from Apple Mail is recorded"
is "$(status_of $ID)" "BPO>voorlopige aanvraag" "a question decides nothing"
like "$(text "$(latest ib@delinde.example)")" "Wie is de BPO-er\?" "the question reaches the intern begeleider"

click "$oudermail" "Ja, ik geef toestemming" ouder.test@thuis.example apple
ok $? "consent by a click in Apple Mail is recorded"
like "$(events_of $ID)" "toestemming" "and is recorded as consent"
like "$(text "$(latest ouder.test@thuis.example)")" "Uw toestemming is vastgelegd" "the parent gets a confirmation"

tbmail=$(latest tb.noord@bestuur.example)
like "$($MAILTOOL html "$tbmail")" '>Akkoord</a>' "the trajectbegeleider gets an Akkoord button"
like "$($MAILTOOL html "$tbmail")" '<th[^>]*>Expertise</th>' "and the request as a table"
click "$tbmail" "Akkoord" tb.noord@bestuur.example outlook
ok $? "AKKOORD by a click in Outlook is recorded"
is "$(status_of $ID)" "BPO>indienen SO-loket" "and submits the request"

loketmail=$(latest loket@swv.example)
lhtml=$($MAILTOOL html "$loketmail")
like "$lhtml" '>SO-coördinator De Brug \(SO De Brug\)</a>' "the SO-loket gets a button per SO-coördinator"
like "$lhtml" '>SO-coördinator De Horizon \(SO De Horizon\)</a>' "for each in the directory"
like "$(text "$loketmail")" "Startdatum%3A%20" "with the dates and hours filled in"
click "$loketmail" "SO-coördinator De Horizon (SO De Horizon)" loket@swv.example gmail
ok $? "the choice by a click in Gmail is recorded"
is "$(status_of $ID)" "BPO>doorgezet naar SO" "and sends the request on"
like "$(bpo show $ID)" "soco@horizon.example" "to the SO-coördinator clicked"

socomail=$(latest soco@horizon.example)
unlike "$($MAILTOOL html "$socomail")" '>BPO-er De Brug' "the SO-coördinator is offered no BPO-er of another organisation"

# Outlook, a click on the SO-coördinator's choice at De Brug (a second request).
deliver "$TESTS_DIR/data/groep-tb.eml"
ID2=BPO-$Y-0002
click "$(latest tb.noord@bestuur.example)" "Akkoord" tb.noord@bestuur.example gmail
click "$(latest loket@swv.example)" "SO-coördinator De Brug (SO De Brug)" loket@swv.example apple
is "$(status_of $ID2)" "BPO>doorgezet naar SO" "Apple Mail's click sends it to De Brug"
socomail=$(latest soco@debrug.example)
like "$($MAILTOOL html "$socomail")" '>BPO-er Twee De Brug \(SO De Brug\)</a>' "the SO-coördinator gets a button per BPO-er of their organisation"
click "$socomail" "BPO-er Twee De Brug (SO De Brug)" soco@debrug.example outlook
ok $? "the BPO-er by a click in Outlook is recorded"
is "$(status_of $ID2)" "BPO>in uitvoering" "the work starts"
bpoermail=$(latest bpoer2@debrug.example)
like "$($MAILTOOL html "$bpoermail")" '>Afgerond</a>' "the BPO-er gets an Afgerond button"
click "$bpoermail" "Afgerond" bpoer2@debrug.example gmail "11,5"
ok $? "AFGEROND with hours by a click in Gmail is recorded"
is "$(status_of $ID2)" "BPO>afgerond" "the request is closed"
like "$(bpo show $ID2 --json)" '"hours_spent": 11.5' "with the hours filled in after the click"

# A click from another address changes nothing: the owner is told.
click "$tbmail" "Afwijzen" tb.zuid@bestuur.example gmail "te laat"
is "$(status_of $ID)" "BPO>doorgezet naar SO" "a button used from another address decides nothing"

# Notices that ask nothing carry no buttons and no reply instructions.
m=$(latest ib@delinde.example)
unlike "$($MAILTOOL html "$m")" '<a ' "a notice to the ib has no buttons"
unlike "$(text "$m")" "Antwoorden kan met de knop Beantwoorden" "and no reply footer"

# The other buttons: a parent's no, the trajectbegeleider's Incompleet.
sed 's/aanvraag-leerling-1@/aanvraag-leerling-nee@/' "$TESTS_DIR/data/leerling.eml" >"$T/nee.eml"
deliver "$T/nee.eml"
ID3=BPO-$Y-0003
click "$(latest ouder.test@thuis.example)" "Nee, geen toestemming" ouder.test@thuis.example outlook
ok $? "GEEN TOESTEMMING by a click in Outlook is recorded"
is "$(status_of $ID3)" "BPO>ingetrokken" "and ends the request"
sed 's/aanvraag-groep-1@/aanvraag-groep-incompleet@/' "$TESTS_DIR/data/groep-tb.eml" >"$T/inc.eml"
deliver "$T/inc.eml"
ID4=BPO-$Y-0004
click "$(latest tb.noord@bestuur.example)" "Incompleet" tb.noord@bestuur.example apple "het verslag van de logopedist ontbreekt"
ok $? "INCOMPLEET with a reason typed after the click is recorded"
is "$(status_of $ID4)" "BPO>aanvraag incompleet" "and sends the request back"
like "$(text "$(latest ib@delinde.example)")" "het verslag van de logopedist ontbreekt" "with the reason typed in"

check_outbox --forbid-in-subject Leerling
done_testing
