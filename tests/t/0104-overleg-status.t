#!/bin/sh
# Any participant can mail a free message about a request, with
# attachments: kept in the history, passed on to the others, not echoed to
# its sender. STATUS returns the status, who acts next and the history.
. "$(dirname "$0")/../lib.sh"
setup no
ID=BPO-$(date -u +%Y)-0001

deliver "$TESTS_DIR/data/leerling.eml"
answer "$(latest tb.noord@bestuur.example)" tb.noord@bestuur.example outlook "AKKOORD"
answer "$(latest ouder.test@thuis.example)" ouder.test@thuis.example gmail "TOESTEMMING"
is "$(status_of $ID)" "BPO>indienen SO-loket" "submitted"

printf 'observatie\n' >"$T/observatie.txt"
before_tb=$(last_template tb.noord@bestuur.example)
answer "$(latest ib@delinde.example)" ib@delinde.example gmail "Aanvulling: de leerling heeft sinds kort een vaste begeleider in de pauze.\nZie ook de bijlage." --attach "$T/observatie.txt"
is "$(status_of $ID)" "BPO>indienen SO-loket" "a free message changes no status"
m=$(text "$(latest loket@swv.example)")
like "$m" "Subject: \[$ID\] Bericht van IB De Linde \(intern begeleider\)" "the SO-loket gets the message"
like "$m" "de leerling heeft sinds kort een vaste begeleider in de pauze." "word for word"
like "$m" "Attachment: observatie.txt" "with the attachment"
is "$(last_template tb.noord@bestuur.example)" "overleg" "the trajectbegeleider gets it too"
is "$(last_template ib@delinde.example)" "indienen-ib" "the sender does not get it back"
is "$(last_template ouder.test@thuis.example)" "bevestiging-toestemming" "parents are not part of the overleg"
like "$(bpo show $ID --json)" '"name": "observatie.txt"' "the attachment is kept with the request"
like "$(bpo show $ID)" "loket@swv.example \(loket\): observatie.txt" "and its disclosure to the SO-loket is recorded"
like "$(bpo show $ID --json)" '"event": "overleg"' "the message is in the history"

answer "$(latest loket@swv.example)" loket@swv.example gmail "Status?"
m=$(text "$(latest loket@swv.example)")
like "$m" "Subject: .*Stand van zaken" "STATUS is answered"
like "$m" "is ingediend bij het SO-loket van het samenwerkingsverband. Status: BPO>indienen SO-loket." "with the status in words and as its code"
like "$m" "Wie nu aan zet is: de coördinator SO-loket." "who acts next"
like "$m" "- [a-z]+dag [0-9]{1,2} [a-z]+ [0-9]{4} om [0-9]{2}:[0-9]{2}: IB De Linde \(intern begeleider\) vroeg de begeleiding aan." "and the history in sentences, Dutch local time"
like "$m" "IB De Linde \(intern begeleider\) stuurde een bericht." "including the overleg"
check_outbox --forbid-in-subject "Voorbeeld"
done_testing
