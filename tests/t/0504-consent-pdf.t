#!/bin/sh
# The letter asking parents' consent carries a printable consent form (issue
# 10, item 5; bpomail(1), PRIVACY): "Toestemmingsformulier BPO-YYYY-NNNN.pdf",
# made with cairo, that shows the title, the kenmerk, the school, what is
# shared with whom and the intern begeleider's "Toelichting voor ouders",
# and holds nothing about the pupil (the parent writes the name in). Only the
# parents get it.
. "$(dirname "$0")/../lib.sh"
setup no
Y=$(date -u +%Y)
ID=BPO-$Y-0001

# The leerling request with a note for the parents.
sed 's/^Met welk resultaat?: .*/&\nToelichting voor ouders: Wij willen graag dat een deskundige meekijkt in de klas; ideeën, coöperatie en een naïeve vraag mogen altijd./' \
	"$TESTS_DIR/data/leerling.eml" >"$T/request.eml"
deliver "$T/request.eml"
ok $? "the request is recorded (exit 0)"
is "$(status_of $ID)" "BPO>voorlopige aanvraag" "it waits for consent"

oudermail=$(latest ouder.test@thuis.example)
like "$(text "$oudermail")" "Attachment: Toestemmingsformulier $ID\.pdf \(application/pdf\)" "the parent's letter carries the consent form as a PDF"

# The PDF out of the parent's mail, as a mail client saves it.
python3 - "$oudermail" "$T/form.pdf" <<'PY'
import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
for a in m.iter_attachments():
    if a.get_content_type() == "application/pdf":
        open(sys.argv[2], "wb").write(a.get_payload(decode=True))
PY
is "$(head -c 5 "$T/form.pdf")" "%PDF-" "it is a PDF"
is "$(tail -c 6 "$T/form.pdf" | tr -d '\n')" "%%EOF" "and a whole one"

others=$(for a in ib@delinde.example tb.noord@bestuur.example loket@swv.example; do text "$(latest $a)"; done)
unlike "$others" "Toestemmingsformulier" "nobody but the parents gets the consent form"

# What the PDF says, read by poppler's pdftotext (installed as root, else skipped).
if ! command -v pdftotext >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null 2>&1
fi
if command -v pdftotext >/dev/null 2>&1; then
	pdf=$(pdftotext -raw "$T/form.pdf" - | tr "\n" " ")
	like "$pdf" "Toestemmingsformulier Begeleiding Passend Onderwijs \(BPO\)" "the PDF shows the title"
	like "$pdf" "Kenmerk: $ID" "and the kenmerk"
	like "$pdf" "School: Basisschool De Linde" "and the school"
	like "$pdf" "de coördinator van het SO-loket" "and what is shared with whom"
	like "$pdf" "ideeën, coöperatie en een naïeve vraag" "and the intern begeleider's note, accents whole"
	like "$pdf" "Naam ouder/verzorger:" "with lines to fill in"
	like "$pdf" "Ja, ik geef toestemming voor de aanvraag $ID" "and the yes and no boxes"
	unlike "$pdf" "Voorbeeld|14-03-2016|2016|Picto|overgangsmomenten" "no pupil data: no name, no birth date, no support question"
else
	for d in title kenmerk school shared note lines boxes no-pupil-data; do
		echo "ok $((_n += 1)) # skip pdftotext not installed (apt-get install poppler-utils): $d"
	done
fi

# Consent still works by mail; the form is not sent again after a correction.
answer "$oudermail" ouder.test@thuis.example gmail "TOESTEMMING"
like "$(text "$(latest ouder.test@thuis.example)")" "Uw toestemming is vastgelegd" "consent by mail is recorded as before"
like "$(bpo show $ID)" "ouder.test@thuis.example \(ouder\): verzoek om toestemming" "the disclosure to the parent is recorded"

check_outbox
done_testing
