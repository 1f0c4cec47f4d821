#!/bin/sh
# Parental consent and the trajectbegeleider's review run side by side; the
# request moves to the SO-loket the moment the last open gate closes,
# whichever that is (bpomail(1)). GEEN TOESTEMMING ends it.
. "$(dirname "$0")/../lib.sh"
setup no
Y=$(date -u +%Y)

deliver "$TESTS_DIR/data/leerling.eml"
ID=BPO-$Y-0001
is "$(status_of $ID)" "BPO>voorlopige aanvraag" "a leerling request waits"
oudermail=$(latest ouder.test@thuis.example)
m=$(text "$oudermail")
like "$m" "Subject: \[$ID\] Verzoek om toestemming voor extra begeleiding op school" "the parent is asked for consent"
like "$m" "voor uw kind Leerling van der Voorbeeld" "about their own child, by name"
like "$m" "de coördinator van het SO-loket" "told which data goes to whom"
like "$m" "  TOESTEMMING" "and how to answer"
like "$m" "  GEEN TOESTEMMING" "either way"
like "$(bpo show $ID)" "ouder.test@thuis.example \(ouder\): verzoek om toestemming" "the disclosure to the parent is recorded"

# Order 1: consent first, then the trajectbegeleider.
answer "$oudermail" ouder.test@thuis.example iphone "Toestemming"
is "$(status_of $ID)" "BPO>voorlopige aanvraag" "consent alone is not enough: the tb has not answered"
like "$(text "$(latest ouder.test@thuis.example)")" "Uw toestemming is vastgelegd" "the parent gets a confirmation"
like "$(text "$(latest ib@delinde.example)")" "wacht nu nog op de beoordeling van de trajectbegeleider" "the ib hears what the request still waits for"
answer "$(latest tb.noord@bestuur.example)" tb.noord@bestuur.example outlook "AKKOORD"
is "$(status_of $ID)" "BPO>indienen SO-loket" "the tb's akkoord closes the last gate: submitted"
like "$(text "$(latest loket@swv.example)")" "Attachment: groeidocument coordinatie.pdf \(application/pdf\)" "the SO-loket gets the documents"

# Order 2: the trajectbegeleider first, then consent.
sed -e 's/aanvraag-leerling-1/aanvraag-leerling-2/' "$TESTS_DIR/data/leerling.eml" >"$T/l2.eml"
deliver "$T/l2.eml"
ID2=BPO-$Y-0002
answer "$(latest tb.noord@bestuur.example)" tb.noord@bestuur.example outlook "Akkoord"
is "$(status_of $ID2)" "BPO>voorlopige aanvraag" "akkoord alone is not enough: no consent yet"
like "$(text "$(latest ib@delinde.example)")" "wacht nu nog op de toestemming van de ouders" "the ib hears consent is missing"
answer "$(latest ouder.test@thuis.example)" ouder.test@thuis.example gmail "TOESTEMMING."
is "$(status_of $ID2)" "BPO>indienen SO-loket" "consent closes the last gate: submitted"
is "$(events_of $ID2)" "aangevraagd akkoord toestemming ingediend" "both orders leave the same history"

# The ib records consent with the signed form attached.
sed -e 's/aanvraag-leerling-1/aanvraag-leerling-3/' -e 's/^Trajectbegeleider: .*$//' -e 's/^Ouder: .*$//' "$TESTS_DIR/data/leerling.eml" >"$T/l3.eml"
deliver "$T/l3.eml"
ID3=BPO-$Y-0003
is "$(status_of $ID3)" "BPO>voorlopige aanvraag" "without parents on the form the request waits for the ib's consent"
ibmail=$(latest ib@delinde.example)
answer "$ibmail" ib@delinde.example gmail "TOESTEMMING"
like "$(text "$(latest ib@delinde.example)")" "Voeg het door de ouders ondertekende toestemmingsformulier als bijlage toe" "TOESTEMMING from the ib needs the signed form"
printf '%%PDF-1.4 ondertekend\n' >"$T/toestemming.pdf"
answer "$ibmail" ib@delinde.example gmail "TOESTEMMING" --attach "$T/toestemming.pdf"
is "$(status_of $ID3)" "BPO>indienen SO-loket" "with the form attached consent is recorded; no tb: submitted"
like "$(bpo show $ID3 --json)" '"name": "toestemming.pdf"' "the signed form is kept with the request"

# GEEN TOESTEMMING ends the request.
sed -e 's/aanvraag-leerling-1/aanvraag-leerling-4/' "$TESTS_DIR/data/leerling.eml" >"$T/l4.eml"
deliver "$T/l4.eml"
ID4=BPO-$Y-0004
answer "$(latest ouder.test@thuis.example)" ouder.test@thuis.example gmail "Geen toestemming"
is "$(status_of $ID4)" "BPO>ingetrokken" "GEEN TOESTEMMING withdraws the request"
like "$(text "$(latest ib@delinde.example)")" "Reden: de ouders/verzorgers geven geen toestemming" "the ib is told why"
like "$(text "$(latest loket@swv.example)")" "Nieuwe status: BPO>ingetrokken" "the SO-loket is told"
like "$(text "$(latest ouder.test@thuis.example)")" "Er worden geen gegevens van uw kind meer gedeeld" "the parent gets a confirmation"
check_outbox --forbid-in-subject "Voorbeeld" --forbid-in-subject "Leerling van"
done_testing
