#!/bin/sh
# The process after it starts (bpomail(1), Commands in mail): consent
# withdrawn at any moment, the SO-loket in the trajectbegeleider's place,
# another trajectbegeleider, SO-coördinator or BPO-er, TERUG, VERLENGING,
# STOPPEN, AFGEROND with the report and the hours spent, linked requests,
# and a parent's message answered by the intern begeleider. Every change:
# who gets which mail, the key sentences, and the history.
. "$(dirname "$0")/../lib.sh"
setup no
Y=$(date -u +%Y)
n=0
IB=ib@delinde.example TB=tb.noord@bestuur.example TB2=tb.zuid@bestuur.example
OUDER=ouder.test@thuis.example LOKET=loket@swv.example
SOCO=soco@debrug.example SOCO2=soco@horizon.example BPOER=bpoer@debrug.example BPOER2=bpoer2@debrug.example

new_request() {	# new_request: a fresh leerling request (tb and consent); sets ID
	n=$((n + 1))
	sed -e "s/aanvraag-leerling-1/aanvraag-leerling-n$n/" "$TESTS_DIR/data/leerling.eml" >"$T/l.eml"
	deliver "$T/l.eml"
	ID=BPO-$Y-$(printf %04d $n)
}

json() {	# json ID PYTHON-EXPRESSION-ON-r
	bpo show "$1" --json | python3 -c "import json,sys; r=json.load(sys.stdin); print($2)"
}

mails_since() {	# mails_since COUNT: the recipients of the mails queued after COUNT mails, sorted
	ls "$T/outbox/new" | sort -t. -k2.2n | tail -n +$(($1 + 1)) | while read -r f; do
		$MAILTOOL show "$T/outbox/new/$f" | sed -n 's/^To: .*<\(.*\)>.*/\1/p; s/^To: \([^<]*@[^ >]*\)$/\1/p'
	done | sort | tr '\n' ' '
}

to_work() {	# to_work: tb, parent, SO-loket and SO-coördinator take ID to BPO>in uitvoering
	answer "$(latest $TB)" $TB outlook "Akkoord, ziet er goed uit."
	answer "$(latest $OUDER)" $OUDER gmail "Ja, ik geef toestemming.\n\nMet vriendelijke groet,\nOuder Voorbeeld"
	answer "$(latest $LOKET)" $LOKET gmail "SO-coördinator: SO-coördinator De Brug\nUren: 10"
	answer "$(latest $SOCO)" $SOCO outlook "BPO-er: BPO-er De Brug"
}

# 1. Consent withdrawn while the work runs.
new_request
to_work
is "$(status_of $ID)" "BPO>in uitvoering" "consent: the request runs"
before=$(outbox_count)
answer "$(latest $OUDER)" $OUDER gmail "Goedemiddag,\n\nIk trek mijn toestemming in. Wij hebben thuis besloten dat het zo niet verder moet.\n\nGroet, Ouder Voorbeeld"
is "$(status_of $ID)" "BPO>in uitvoering" "a withdrawal in a sentence is confirmed first, not carried out"
like "$(text "$(latest $OUDER)")" "TOESTEMMING INTREKKEN" "the parent is asked for the exact words"
answer "$(latest $OUDER)" $OUDER gmail "TOESTEMMING INTREKKEN"
is "$(status_of $ID)" "BPO>ingetrokken" "TOESTEMMING INTREKKEN stops the running request"
like "$(text "$(latest $OUDER)")" "U hebt uw toestemming voor de aanvraag .* ingetrokken" "the parent gets a confirmation"
for who in $IB $LOKET $SOCO $BPOER $TB; do
	m=$(text "$(latest $who)")
	like "$m" "BPO>ingetrokken" "$who is told the request stopped"
	like "$m" "toestemming ingetrokken" "$who is told why"
	unlike "$m" "Wij hebben thuis besloten" "$who does not get the parent's words"
done
like "$(events_of $ID)" "toestemming-ingetrokken" "the history records the withdrawal"
before=$(outbox_count)
answer "$(latest $BPOER)" $BPOER outlook "Hierbij nog het verslag van het laatste gesprek." --attach "$TESTS_DIR/data/directory.csv"
is "$(mails_since $before)" "$BPOER " "after the withdrawal nothing about the pupil goes to anyone but the sender"
like "$(text "$(latest $BPOER)")" "sturen wij berichten over deze aanvraag aan niemand meer door" "who is told why"
unlike "$(bpo show $ID --json)" "directory.csv" "and its attachment is not kept"

# 2. The SO-loket takes the trajectbegeleider's step (absent trajectbegeleider).
new_request
before=$(outbox_count)
answer "$(latest $LOKET)" $LOKET gmail "AKKOORD\n\nDe trajectbegeleider is met verlof."
is "$(json $ID 'r["next"]')" "['ouder']" "the SO-loket's AKKOORD opens the trajectbegeleider's gate"
like "$(text "$(latest $TB)")" "Het SO-loket \(Coördinator SO-loket\) heeft de stap van de trajectbegeleider genomen: AKKOORD" "the trajectbegeleider is told"
like "$(bpo show $ID)" "akkoord +Coördinator SO-loket" "recorded as the SO-loket's decision"
answer "$(latest $TB)" $TB outlook "Akkoord"
like "$(text "$(latest $TB)")" "deze stap is al genomen" "a late akkoord of the trajectbegeleider is already decided"

# 3. Another trajectbegeleider.
new_request
before=$(outbox_count)
answer "$(latest $LOKET)" $LOKET gmail "Trajectbegeleider: Trajectbegeleider Zuid"
is "$(mails_since $before)" "$IB $LOKET $TB $TB2 " "another trajectbegeleider: the old one, the new one, the ib and the SO-loket hear of it"
m=$(text "$(latest $TB)")
like "$m" "U bent niet meer betrokken bij de aanvraag" "the old trajectbegeleider is told they are no longer involved"
like "$m" "Trajectbegeleider Noord is niet meer de trajectbegeleider van deze aanvraag; Trajectbegeleider Zuid neemt het over" "with what changed"
m=$(text "$(latest $TB2)")
like "$m" "Graag uw beoordeling" "the new trajectbegeleider is asked"
like "$m" "Attachment: groeidocument" "with the documents"
like "$(text "$(latest $IB)")" "Trajectbegeleider Zuid neemt het over" "the ib hears of the change"
is "$(json $ID '" ".join(p["email"] for p in r["participants"] if p["role"] == "tb")')" "$TB2" "only the new trajectbegeleider is involved"
before=$(outbox_count)
answer "$(latest $TB 2)" $TB outlook "AKKOORD"
is "$(json $ID 'r["next"]')" "['ouder']" "the old trajectbegeleider can no longer decide ..."
answer "$(latest $TB2)" $TB2 outlook "Akkoord."
is "$(json $ID 'r["next"]')" "['ouder']" "... the new one can"
like "$(events_of $ID)" "tb-vervangen.*akkoord" "the history shows the change"

# 4. Another SO-coördinator; TERUG; another BPO-er; VERLENGING; AFGEROND with the report.
new_request
answer "$(latest $TB)" $TB outlook "Akkoord"
answer "$(latest $OUDER)" $OUDER gmail "TOESTEMMING"
answer "$(latest $LOKET)" $LOKET gmail "SO-coördinator: soco@debrug.example\nUren: 10\nEinddatum: 1 juni 2027"
before=$(outbox_count)
answer "$(latest $LOKET)" $LOKET gmail "SO-coördinator: SO-coördinator De Horizon"
is "$(status_of $ID)" "BPO>doorgezet naar SO" "another SO-coördinator: the status stays"
like "$(text "$(latest $SOCO)")" "U bent niet meer betrokken" "the old SO-coördinator is told"
like "$(text "$(latest $SOCO2)")" "Wat u moet doen" "the new one gets the request"
like "$(text "$(latest $SOCO2)")" "Attachment: groeidocument" "with the documents"
unlike "$(mails_since $before)" "$OUDER" "the parents do not hear of staff changes"
answer "$(latest $SOCO2)" $SOCO2 outlook "TERUG: wij hebben dit schooljaar geen capaciteit voor autisme."
is "$(status_of $ID)" "BPO>indienen SO-loket" "TERUG hands the request back to the SO-loket"
like "$(text "$(latest $LOKET)")" "wij hebben dit schooljaar geen capaciteit voor autisme" "the SO-loket is told why"
is "$(json $ID '" ".join(p["role"] for p in r["participants"])')" "ib tb ouder loket" "the SO-coördinator who handed it back is no longer involved"
answer "$(latest $LOKET)" $LOKET gmail "SO-coördinator: SO-coördinator De Brug"
is "$(json $ID 'r["granted"]["hours"]')" "8" "chosen again without Uren: the requested hours"
answer "$(latest $SOCO)" $SOCO outlook "BPO-er: bpoer@debrug.example"
before=$(outbox_count)
answer "$(latest $SOCO)" $SOCO outlook "BPO-er: BPO-er Twee De Brug\n\nDe vorige BPO-er is langdurig ziek."
is "$(status_of $ID)" "BPO>in uitvoering" "another BPO-er: the status stays"
like "$(text "$(latest $BPOER)")" "U bent niet meer betrokken" "the old BPO-er is told"
m=$(text "$(latest $BPOER2)")
like "$m" "Attachment: groeidocument" "the new BPO-er gets everything"
like "$m" "Leerling van der Voorbeeld" "including the pupil"
like "$(events_of $ID)" "bpoer-vervangen" "the history shows the change"
answer "$(latest $BPOER2)" $BPOER2 outlook "VERLENGING: de leerling heeft meer tijd nodig om te wennen.\nUren: 4\nEinddatum: 1 juli 2027"
like "$(text "$(latest $LOKET)")" "vraagt het SO-loket om verlenging: 4 uur extra, tot en met donderdag 1 juli 2027" "the SO-loket is asked"
like "$(text "$(latest $LOKET)")" "VERLENGING AKKOORD" "with the exact lines to answer"
like "$(text "$(latest $IB)")" "vraagt het SO-loket om verlenging" "the ib hears of it"
is "$(json $ID 'r["extension_asked"]["hours"]')" "4" "the request remembers what was asked"
answer "$(latest $SOCO)" $SOCO outlook "VERLENGING\nUren: 2"
like "$(text "$(latest $SOCO)")" "Er is al een verlenging gevraagd" "a second request waits for the first"
answer "$(latest $LOKET)" $LOKET gmail "Verlenging akkoord"
is "$(json $ID 'r["granted"]')" "{'hours': 12, 'start': '2027-02-15', 'end': '2027-07-01'}" "VERLENGING AKKOORD adds the hours and moves the end date"
like "$(text "$(latest $BPOER2)")" "Het SO-loket heeft de verlenging toegekend" "the BPO-er is told"
answer "$(latest $BPOER2)" $BPOER2 outlook "VERLENGING: nog iets meer\nUren: 2"
answer "$(latest $LOKET)" $LOKET gmail "VERLENGING AFGEWEZEN: het budget is op."
is "$(json $ID 'r["granted"]["hours"]')" "12" "VERLENGING AFGEWEZEN changes nothing"
like "$(text "$(latest $BPOER2)")" "afgewezen. Reden: het budget is op." "the BPO-er hears why"
like "$(events_of $ID)" "verlenging-gevraagd verlenging-akkoord verlenging-gevraagd verlenging-afgewezen" "the history shows each step"
printf '%%PDF-1.4 evaluatie\n' >"$T/evaluatie.pdf"
answer "$(latest $BPOER2)" $BPOER2 outlook "AFGEROND\nUren besteed: 13,5\n\nHet verslag zit in de bijlage." --attach "$T/evaluatie.pdf"
is "$(status_of $ID)" "BPO>afgerond" "AFGEROND closes the request"
is "$(json $ID 'r["hours_spent"]')" "13.5" "with the hours spent"
for who in $IB $LOKET; do
	m=$(text "$(latest $who)")
	like "$m" "Attachment: evaluatie.pdf" "the report reaches $who"
	like "$m" "13,5 uur" "and the hours spent"
done
unlike "$(text "$(latest $TB)")" "evaluatie.pdf" "the report goes to the ib and the SO-loket only"

# 5. A form mailed into the finished request's thread starts a linked request.
old=$ID
sed -n '/^Niveau:/,/^Met welk/p' "$TESTS_DIR/data/leerling.eml" >"$T/form.txt"
answer "$(latest $IB)" $IB gmail "Hierbij een nieuwe aanvraag voor dezelfde leerling.\n\n$(sed 's/$/\\n/' "$T/form.txt" | tr -d '\n')"
n=$((n + 1))
ID=BPO-$Y-$(printf %04d $n)
is "$(status_of $ID)" "BPO>voorlopige aanvraag" "a form in a finished thread is a new request"
is "$(json $ID 'r["follows"]')" "$old" "that follows the finished one up"
like "$(events_of $ID)" "gekoppeld" "the new request's history links it"
like "$(bpo show $old)" "gekoppeld .*vervolgd in $ID" "and so does the old one's"

# 6. Eerdere aanvraag on a form: unknown is refused with the exact problem.
sed -e 's/aanvraag-leerling-1/aanvraag-leerling-onbekend/' -e "s/^Met welk resultaat?: .*/&\nEerdere aanvraag: BPO-2001-0042/" "$TESTS_DIR/data/leerling.eml" >"$T/e.eml"
deliver "$T/e.eml"
m=$(text "$(latest $IB)")
like "$m" "Eerdere aanvraag" "an unknown earlier request is refused"
like "$m" "BPO-2001-0042 is geen bekende aanvraag" "with the exact problem"
sed -e 's/aanvraag-leerling-1/aanvraag-leerling-eerder/' -e "s/^Met welk resultaat?: .*/&\nEerdere aanvraag: [bpo-$Y-1]/" "$TESTS_DIR/data/leerling.eml" >"$T/e.eml"
deliver "$T/e.eml"
n=$((n + 1))
is "$(json BPO-$Y-$(printf %04d $n) 'r["follows"]')" "BPO-$Y-0001" "a known one is linked, written as people write it"

# 7. STOPPEN: by the ib during the work (stopped early), by the SO-loket before it.
new_request
to_work
answer "$(latest $IB)" $IB gmail "STOPPEN: de leerling gaat verhuizen."
is "$(status_of $ID)" "BPO>afgerond" "STOPPEN during the work ends it as afgerond"
is "$(json $ID 'r["stopped_early"]')" "True" "marked as stopped early"
like "$(text "$(latest $LOKET)")" "voortijdig gestopt door IB De Linde" "the SO-loket is told"
like "$(text "$(latest $BPOER)")" "de leerling gaat verhuizen" "the BPO-er hears why"
new_request
answer "$(latest $TB)" $TB outlook "Akkoord"
answer "$(latest $OUDER)" $OUDER gmail "TOESTEMMING"
answer "$(latest $LOKET)" $LOKET gmail "STOPPEN: dubbel ingediend, zie de andere aanvraag."
is "$(status_of $ID)" "BPO>ingetrokken" "the SO-loket's STOPPEN before the work withdraws it"
like "$(text "$(latest $IB)")" "dubbel ingediend" "the ib is told why"
like "$(events_of $ID)" "gestopt" "the history says who stopped it"

# 8. A parent's message goes to the ib only; the ib's answer goes to that parent only.
new_request
before=$(outbox_count)
answer "$(latest $OUDER)" $OUDER gmail "Mag ik eerst nog even bellen met de school voordat ik beslis?"
is "$(mails_since $before)" "$IB $OUDER " "a parent's message goes to the ib only (and the parent is answered)"
like "$(text "$(latest $IB)")" "uw antwoord gaat alleen naar deze ouder" "the ib is told an answer reaches the parent only"
before=$(outbox_count)
answer "$(latest $IB)" $IB outlook "Natuurlijk, belt u morgen tussen 8 en 9 uur.\n\nGroet, IB De Linde"
is "$(mails_since $before)" "$OUDER " "the ib's answer goes to that parent only"
m=$(text "$(latest $OUDER)")
like "$m" "antwoordt op uw bericht" "as an answer from the school"
like "$m" "belt u morgen tussen 8 en 9 uur" "with the ib's words"
unlike "$m" "BPO>" "without status codes"
is "$(status_of $ID)" "BPO>voorlopige aanvraag" "and decides nothing"

# 9. After the trajectbegeleider's INCOMPLEET the consent stands; only the trajectbegeleider is asked again.
new_request
answer "$(latest $OUDER)" $OUDER gmail "TOESTEMMING"
answer "$(latest $TB)" $TB outlook "INCOMPLEET: het groeidocument is van vorig jaar."
oudermail=$(latest $OUDER)
printf '%%PDF-1.4 nieuw\n' >"$T/groeidocument-2027.pdf"
answer "$(latest $IB)" $IB gmail "Hierbij het nieuwe groeidocument." --attach "$T/groeidocument-2027.pdf"
is "$(json $ID 'r["next"]')" "['tb']" "after the trajectbegeleider's INCOMPLEET only the trajectbegeleider is asked again"
is "$(latest $OUDER)" "$oudermail" "the parent is not asked again"
# 10. A limit that cuts something off leaves a warning in the history.
att=
for i in $(seq 1 22); do printf 'bijlage %s\n' $i >"$T/bijlage-$i.txt"; att="$att --attach $T/bijlage-$i.txt"; done
# shellcheck disable=SC2086
answer "$(latest $IB)" $IB gmail "Hierbij alle toetsen van dit jaar." $att
like "$(events_of $ID)" "waarschuwing" "attachments over the limit: a warning in the history"
like "$(bpo show $ID)" "2 bijlagen van het bericht van $IB niet bewaard: meer dan 20 bijlagen" "that says what was cut off"
check_outbox
done_testing
