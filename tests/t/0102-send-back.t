#!/bin/sh
# INCOMPLEET and AFGEWEZEN carry a reason that reaches the ib word for word;
# after INCOMPLEET the ib's corrected form and/or missing documents take the
# request back to whoever sent it back: the trajectbegeleider is asked again,
# after the SO-loket's INCOMPLEET it goes straight back to the SO-loket; the
# history shows every round (bpomail(1)).
. "$(dirname "$0")/../lib.sh"
setup no
ID=BPO-$(date -u +%Y)-0001

deliver "$TESTS_DIR/data/groep-tb.eml"
answer "$(latest tb.noord@bestuur.example)" tb.noord@bestuur.example outlook "INCOMPLEET: Het groepsplan ontbreekt.\nGraag ook de toetsresultaten van januari."
is "$(status_of $ID)" "BPO>aanvraag incompleet" "the trajectbegeleider sends it back"
m=$(text "$(latest ib@delinde.example)")
like "$m" "Aanvraag teruggestuurd: aanvulling nodig" "the ib is told"
like "$m" "Het groepsplan ontbreekt.
Graag ook de toetsresultaten van januari." "with the reason word for word"
like "$m" "---- begin formulier ----" "and the form to correct"
like "$(text "$(latest tb.noord@bestuur.example)")" "teruggestuurd naar de intern begeleider" "the tb gets a confirmation"
like "$(text "$(latest loket@swv.example)")" "Nieuwe status: BPO>aanvraag incompleet" "the SO-loket is told"

# Round 1: a corrected text form.
ibmail=$(latest ib@delinde.example)
sed -n '/^Niveau:/,/^Welke andere/p' "$TESTS_DIR/data/groep-tb.eml" | sed 's/^Gewenst aantal uur: 12,5/Gewenst aantal uur: 14/' >"$T/form.txt"
answer "$ibmail" ib@delinde.example gmail "$(sed 's/$/\\n/' "$T/form.txt" | tr -d '\n')"
is "$(status_of $ID)" "BPO>voorlopige aanvraag" "the corrected form takes it back to voorlopige aanvraag"
like "$(bpo show $ID --json)" '"requested": \{"hours": 14' "with the corrected values"
like "$(text "$(latest tb.noord@bestuur.example)")" "Graag uw beoordeling" "the trajectbegeleider is asked again"

# Round 2: sent back again, completed with documents only.
answer "$(latest tb.noord@bestuur.example)" tb.noord@bestuur.example outlook "Incompleet: de toetsresultaten ontbreken nog"
is "$(status_of $ID)" "BPO>aanvraag incompleet" "a second send-back"
printf '%%PDF-1.4 toetsen\n' >"$T/toetsresultaten.pdf"
answer "$(latest ib@delinde.example)" ib@delinde.example outlook "Hierbij de toetsresultaten." --attach "$T/toetsresultaten.pdf"
is "$(status_of $ID)" "BPO>voorlopige aanvraag" "the missing documents alone take it back too"
tbmail=$(latest tb.noord@bestuur.example)
like "$(text "$tbmail")" "Attachment: toetsresultaten.pdf" "the trajectbegeleider gets the new document"
answer "$tbmail" tb.noord@bestuur.example outlook "AKKOORD"
is "$(status_of $ID)" "BPO>indienen SO-loket" "then akkoord submits it"

# The SO-loket sends back too, and later rejects.
answer "$(latest loket@swv.example)" loket@swv.example gmail "INCOMPLEET: welke SO-school heeft de voorkeur?"
is "$(status_of $ID)" "BPO>aanvraag incompleet" "the SO-loket can send back"
like "$(text "$(latest ib@delinde.example)")" "teruggestuurd door Coördinator SO-loket \(coördinator SO-loket\)" "the ib sees who sent it back"
answer "$(latest ib@delinde.example)" ib@delinde.example gmail "$(sed 's/$/\\n/' "$T/form.txt" | tr -d '\n')"
is "$(status_of $ID)" "BPO>indienen SO-loket" "corrected after the SO-loket's INCOMPLEET: straight back to the SO-loket"
like "$(text "$(latest loket@swv.example)")" "Nieuwe aanvraag voor het SO-loket|ingediend" "the SO-loket gets it again"
unlike "$(text "$(latest tb.noord@bestuur.example)")" "Graag uw beoordeling" "the trajectbegeleider's akkoord stands: not asked again"
answer "$(latest loket@swv.example)" loket@swv.example gmail "AFGEWEZEN: Het budget voor dit schooljaar is op.\nDien in augustus opnieuw in."
is "$(status_of $ID)" "BPO>afgewezen" "the SO-loket rejects"
m=$(text "$(latest ib@delinde.example)")
like "$m" "Aanvraag afgewezen" "the ib is told"
like "$m" "Het budget voor dit schooljaar is op.
Dien in augustus opnieuw in." "with the reason word for word"
is "$(events_of $ID)" "aangevraagd incompleet aangevuld incompleet aangevuld akkoord ingediend incompleet aangevuld ingediend afgewezen" "the history shows every round"

# The trajectbegeleider rejects.
sed -e 's/aanvraag-groep-1/aanvraag-groep-2/' "$TESTS_DIR/data/groep-tb.eml" >"$T/g2.eml"
deliver "$T/g2.eml"
ID2=BPO-$(date -u +%Y)-0002
answer "$(latest tb.noord@bestuur.example)" tb.noord@bestuur.example outlook "Afgewezen: de school heeft eerst eigen middelen."
is "$(status_of $ID2)" "BPO>afgewezen" "the trajectbegeleider can reject"
like "$(text "$(latest ib@delinde.example)")" "de school heeft eerst eigen middelen." "the reason reaches the ib"
check_outbox
done_testing
