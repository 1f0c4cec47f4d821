#!/bin/sh
# INTREKKEN: reden by the intern begeleider at every status before
# BPO>in uitvoering; refused there and after.
. "$(dirname "$0")/../lib.sh"
setup no
Y=$(date -u +%Y)
n=0

new_request() {	# new_request: a fresh groep request; sets ID
	n=$((n + 1))
	sed -e "s/aanvraag-groep-1/aanvraag-groep-w$n/" "$TESTS_DIR/data/groep-tb.eml" >"$T/g.eml"
	deliver "$T/g.eml"
	ID=BPO-$Y-$(printf %04d $n)
}

withdraw() {	# withdraw DESCRIPTION: the ib withdraws ID from its newest mail
	answer "$(latest ib@delinde.example)" ib@delinde.example gmail "INTREKKEN: de leerkracht is vertrokken"
}

new_request
withdraw
is "$(status_of $ID)" "BPO>ingetrokken" "withdrawn in BPO>voorlopige aanvraag"
m=$(text "$(latest ib@delinde.example)")
like "$m" "De aanvraag is ingetrokken" "the ib gets a confirmation"
like "$m" "de leerkracht is vertrokken" "with the reason"
like "$(text "$(latest tb.noord@bestuur.example)")" "Nieuwe status: BPO>ingetrokken" "the trajectbegeleider is told"
like "$(text "$(latest tb.noord@bestuur.example)")" "Reden: de leerkracht is vertrokken" "with the reason"
like "$(text "$(latest loket@swv.example)")" "Nieuwe status: BPO>ingetrokken" "the SO-loket is told"

new_request
answer "$(latest tb.noord@bestuur.example)" tb.noord@bestuur.example outlook "INCOMPLEET: groepsplan"
withdraw
is "$(status_of $ID)" "BPO>ingetrokken" "withdrawn in BPO>aanvraag incompleet"

new_request
answer "$(latest tb.noord@bestuur.example)" tb.noord@bestuur.example outlook "AKKOORD"
withdraw
is "$(status_of $ID)" "BPO>ingetrokken" "withdrawn in BPO>indienen SO-loket"

new_request
answer "$(latest tb.noord@bestuur.example)" tb.noord@bestuur.example outlook "AKKOORD"
answer "$(latest loket@swv.example)" loket@swv.example gmail "SO-coördinator: soco@debrug.example"
withdraw
is "$(status_of $ID)" "BPO>ingetrokken" "withdrawn in BPO>doorgezet naar SO"
like "$(text "$(latest soco@debrug.example)")" "Nieuwe status: BPO>ingetrokken" "the SO-coördinator is told"

new_request
answer "$(latest tb.noord@bestuur.example)" tb.noord@bestuur.example outlook "AKKOORD"
answer "$(latest loket@swv.example)" loket@swv.example gmail "SO-coördinator: soco@debrug.example"
answer "$(latest soco@debrug.example)" soco@debrug.example gmail "BPO-er: bpoer@debrug.example"
withdraw
is "$(status_of $ID)" "BPO>in uitvoering" "not withdrawn once the BPO-er works on it"
like "$(text "$(latest ib@delinde.example)")" "INTREKKEN kan niet in de status BPO>in uitvoering" "the ib is told why"

new_request
answer "$(latest ib@delinde.example)" ib@delinde.example gmail "Intrekken"
like "$(text "$(latest ib@delinde.example)")" "Bij INTREKKEN hoort een reden" "INTREKKEN without a reason is refused"
is "$(status_of $ID)" "BPO>voorlopige aanvraag" "and changes nothing"
answer "$(latest tb.noord@bestuur.example)" tb.noord@bestuur.example outlook "INTREKKEN: ik wil niet"
like "$(text "$(latest tb.noord@bestuur.example)")" "Als trajectbegeleider kunt u INTREKKEN niet geven; dat doet de intern begeleider." "only the ib may withdraw"
check_outbox
done_testing
