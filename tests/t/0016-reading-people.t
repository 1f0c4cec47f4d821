#!/bin/sh
# Reading people (bpomail(1), READING REPLIES): replies as
# Dutch school staff and parents write them. A decision counts only when it
# is unmistakable; a reply that decides nothing is kept, passed on and
# answered with the exact lines to send; signatures, logos and quoted text
# never count; forms are found where people put them.
. "$(dirname "$0")/../lib.sh"
setup no
Y=$(date -u +%Y)
IB=ib@delinde.example TB=tb.noord@bestuur.example OUDER=ouder.test@thuis.example

# new_leerling N: a new leerling request (tb and a parent to answer); prints its number.
new_leerling() {
	sed "s/aanvraag-leerling-1/lees-$1/" "$TESTS_DIR/data/leerling.eml" >"$T/l.eml"
	deliver "$T/l.eml"
	bpo list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["id"])'
}
# body FILE: the text of a mail, on one line (for sentences that wrap).
flat() { text "$1" | tr '\n' ' ' | tr -s ' '; }

# 1. A decision counts only when unmistakable.
ID=$(new_leerling 1)
answer "$(latest $OUDER)" $OUDER iphone "Toestemming? Ik wil eerst met de juf praten."
is "$(status_of $ID)" "BPO>voorlopige aanvraag" "'Toestemming? Ik wil eerst ...' gives no consent"
is "$(events_of $ID)" "aangevraagd overleg" "it is kept as a message"
m=$(flat "$(latest $OUDER)")
like "$m" "Uw bericht stelt een vraag over dit besluit. Daarom hebben wij niets vastgelegd. Bedoelde u TOESTEMMING\? Antwoord dan met deze regel: TOESTEMMING" "the parent is told nothing was decided, and the exact line"
like "$m" "Het is doorgestuurd aan IB De Linde \(intern begeleider\)" "and that the message went to the intern begeleider only"
like "$(text "$(latest $IB)")" "Toestemming\? Ik wil eerst met de juf praten." "who gets it"
unlike "$(last_template $TB)" "overleg" "the trajectbegeleider does not get a parent's message"

answer "$(latest $OUDER)" $OUDER gmail "Toestemming geven wij niet, wij willen eerst een gesprek met de juf."
is "$(status_of $ID)" "BPO>voorlopige aanvraag" "'Toestemming geven wij niet' gives no consent and ends nothing"
like "$(flat "$(latest $OUDER)")" "klinkt als een besluit, maar een besluit leggen wij alleen vast als u het in precies deze woorden schrijft. Bedoelde u GEEN TOESTEMMING\? Antwoord dan met deze regel: GEEN TOESTEMMING" "a clear refusal is asked to be confirmed in the exact words"

answer "$(latest $TB)" $TB outlook "Akkoord? Ik mis nog het verslag van de logopedist."
is "$(events_of $ID)" "aangevraagd overleg overleg overleg" "'Akkoord? Ik mis nog ...' approves nothing"
m=$(flat "$(latest $TB)")
like "$m" "Bedoelde u AKKOORD\? Antwoord dan met deze regel: AKKOORD" "the trajectbegeleider gets the exact line"
like "$m" "AFGEWEZEN: de reden INCOMPLEET: wat er ontbreekt" "and the other possible answers"

answer "$(latest $TB)" $TB gmail "Ja, akkoord. Ziet er goed uit."
is "$(events_of $ID)" "aangevraagd overleg overleg overleg akkoord" "'Ja, akkoord' is the decision"
answer "$(latest $OUDER)" $OUDER iphone "Ja, ik geef toestemming"
is "$(status_of $ID)" "BPO>indienen SO-loket" "'Ja, ik geef toestemming' is consent: submitted"

ID2=$(new_leerling 2)
answer "$(latest $TB)" $TB thunderbird "Ziet er goed uit, akkoord."
is "$(events_of $ID2)" "aangevraagd akkoord" "'Ziet er goed uit, akkoord.' is the decision"
answer "$(latest $OUDER)" $OUDER gmail "Nee, geen toestemming."
is "$(status_of $ID2)" "BPO>voorlopige aanvraag" "'Nee, geen toestemming.' does not end the request by itself"
like "$(flat "$(latest $OUDER)")" "Bedoelde u GEEN TOESTEMMING\? Antwoord dan met deze regel: GEEN TOESTEMMING" "the parent is asked to confirm"
answer "$(latest $IB)" $IB outlook "Wij willen de aanvraag intrekken, de ouders zijn verhuisd."
is "$(status_of $ID2)" "BPO>voorlopige aanvraag" "'Wij willen de aanvraag intrekken, ...' withdraws nothing"
like "$(flat "$(latest $IB)")" "Bedoelde u INTREKKEN\? Antwoord dan met deze regel: INTREKKEN: de reden" "the intern begeleider is asked to confirm with the reason"

# 2. Every reply of the person whose step it is is answered, an empty one too.
ID3=$(new_leerling 3)
printf '%%PDF-1.4 verslag\n' >"$T/verslag.pdf"
answer "$(latest $TB)" $TB outlook "Zie bijlage." --attach "$T/verslag.pdf"
m=$(flat "$(latest $TB)")
like "$m" "Er is niets besloten: uw bericht bevat geen besluit." "a reply without a decision is answered"
like "$m" "zet één van deze regels bovenaan uw antwoord: AKKOORD AFGEWEZEN: de reden INCOMPLEET: wat er ontbreekt" "with the possible answers"
like "$(text "$(latest $IB)")" "Attachment: verslag.pdf" "and its attachment is passed on"
answer "$(latest $OUDER)" $OUDER iphone ""
m=$(flat "$(latest $OUDER)")
like "$m" "maar er stond geen tekst in" "an empty reply is answered"
like "$m" "TOESTEMMING GEEN TOESTEMMING" "with the possible answers"

# 3. Remarks and reasons end where the signature begins.
answer "$(latest $TB)" $TB outlook "AKKOORD\nGoede, duidelijke aanvraag.\n\nMet vriendelijke groet,\n\nTrajectbegeleider Noord\nStichting Noord\nT: 0123-456789\n\nDit e-mailbericht is uitsluitend bestemd voor de geadresseerde(n)."
m=$(text "$(latest $IB)")
like "$m" "Opmerking: Goede, duidelijke aanvraag." "the remark reaches the intern begeleider"
unlike "$m" "0123-456789|Dit e-mailbericht|Stichting Noord" "without the signature, phone number or disclaimer"
ID4=$(new_leerling 4)
answer "$(latest $TB)" $TB gmail "INCOMPLEET: het verslag van de logopedist ontbreekt.\n\nGroet,\nTrajectbegeleider Noord\nM: 06-12345678"
m=$(text "$(latest $IB)")
like "$m" "het verslag van de logopedist ontbreekt." "the reason reaches the intern begeleider"
unlike "$m" "06-12345678" "without the signature"

# 4. Inline images (Outlook's logo) are not documents; attachments are.
python3 - "$(latest $TB 2)" "$T/logo.eml" <<'PY'
import sys, email, email.policy
from email.message import EmailMessage
orig = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
m = EmailMessage()
m["From"] = "Trajectbegeleider Noord <tb.noord@bestuur.example>"
m["To"] = orig["Reply-To"].addresses[0].addr_spec
m["Subject"] = "RE: " + str(orig["Subject"])
m["Message-ID"] = "<logo-1@bestuur.example>"
m["In-Reply-To"] = str(orig["Message-ID"])
m.set_content("Hierbij het groepsplan.\n\nMet vriendelijke groet,\nTrajectbegeleider Noord\n[cid:image001.png@01DB6C2A.4F3E8B10]\n")
m.add_alternative('<html><body><p>Hierbij het groepsplan.</p><p>Met vriendelijke groet,<br>'
                  'Trajectbegeleider Noord<br><img src="cid:image001.png@01DB6C2A.4F3E8B10"></p></body></html>',
                  subtype="html")
m.get_payload()[1].add_related(b"\x89PNG\r\n\x1a\n logo", maintype="image", subtype="png",
                               cid="<image001.png@01DB6C2A.4F3E8B10>", filename="image001.png")
m.add_attachment(b"%PDF-1.4 groepsplan", maintype="application", subtype="pdf", filename="groepsplan.pdf")
open(sys.argv[2], "wb").write(m.as_bytes())
PY
deliver "$T/logo.eml"
docs=$(bpo show $ID4 --json | python3 -c 'import json,sys; print(" ".join(d["name"] for d in json.load(sys.stdin)["documents"]))')
like "$docs" "groepsplan.pdf" "the attachment is a document of the request"
unlike "$docs" "image001" "the signature logo is not"
m=$(text "$(latest $IB)")
like "$m" "Attachment: groepsplan.pdf" "the attachment is passed on"
unlike "$m" "image001" "the logo is not"

# 5. Forms are found where people put them.
printf 'From: IB De Esch <ib@deesch.example>\nTo: %s\nSubject: nieuw\nMessage-ID: <vraag-form@deesch.example>\n\nGraag het formulier.\n' "$SYS" >"$T/nieuw.eml"
deliver "$T/nieuw.eml"
python3 - "$(latest ib@deesch.example)" "$T/typed.eml" <<'PY'
import sys, email, email.policy
from email.message import EmailMessage
orig = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
body = orig.get_body(("plain",)).get_content()
answers = {
    "Niveau:": "Niveau: groep", "School:": "School: Basisschool De Esch", "BRIN:": "BRIN: 34CD",
    "Bestuur:": "Bestuur: Stichting Zuid", "Groep:": "Groep: 7",
    "Intern begeleider:": "Intern begeleider: IB De Esch <ib@deesch.example>",
    "Gewenst aantal uur:": "Gewenst aantal uur: 10", "Gewenste startdatum:": "Gewenste startdatum: 1 maart 2027",
    "Gewenste einddatum:": "Gewenste einddatum: 1 juli 2027", "[ ] gedrag": "[x] gedrag",
    "Concrete ondersteuningsvraag:": "Concrete ondersteuningsvraag: Hoe krijgen we rust in groep 7?\n\nDe tweede alinea van de vraag: na de pauzes loopt het uit de hand.",
    "Welke maatregelen zijn genomen?:": "Welke maatregelen zijn genomen?: Een vaste dagstructuur.",
    "Met welk resultaat?:": "Met welk resultaat?: Iets rustiger.",
}
lines = []
for line in body.split("\n"):
    lines.append(answers.get(line.strip(), line))
quoted = "\n".join("> " + l if l else ">" for l in "\n".join(lines).split("\n"))
m = EmailMessage()
m["From"] = "IB De Esch <ib@deesch.example>"
m["To"] = orig["Reply-To"].addresses[0].addr_spec
m["Subject"] = "Re: " + str(orig["Subject"])
m["Message-ID"] = "<typed-1@deesch.example>"
m["In-Reply-To"] = str(orig["Message-ID"])
m.set_content("Hierbij ingevuld, in uw bericht hieronder.\n\nOp ma 11 jan. 2027 om 09:01 schreef BPO-loket SWV Voorbeeld <bpo@swv.example>:\n" + quoted + "\n")
open(sys.argv[2], "wb").write(m.as_bytes())
PY
deliver "$T/typed.eml"
m=$(flat "$(latest ib@deesch.example)")
like "$m" "Uw aanvraag voor begeleiding passend onderwijs is ontvangen" "a form typed into the quoted blank form makes a request"
like "$m" "Wij vonden het formulier in de geciteerde tekst onder uw bericht." "and the answer says where it was found"
like "$m" "als uw toelichting bij de aanvraag bewaard" "the text above it is kept as the note"
IDF=$(bpo list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["id"])')
m=$(text "$(latest loket@swv.example)")
like "$m" "De tweede alinea van de vraag: na de pauzes loopt het uit de hand." "a second paragraph of the question reaches the SO-loket"
like "$m" "Toelichting van de intern begeleider:" "with the intern begeleider's note"

# A form forwarded as an attachment.
python3 - "$TESTS_DIR/data/groep-tb.eml" "$T/fwd-form.eml" <<'PY'
import sys, email, email.policy
from email.message import EmailMessage
inner = email.message_from_bytes(open(sys.argv[1], "rb").read().replace(b"aanvraag-groep-1", b"doorgestuurd-1"),
                                 policy=email.policy.default)
m = EmailMessage()
m["From"] = "IB De Linde <ib@delinde.example>"
m["To"] = "bpo@swv.example"
m["Subject"] = "FW: Aanvraag BPO groep 5"
m["Message-ID"] = "<fwd-form-1@delinde.example>"
m.set_content("Let op: alleen moeder heeft het gezag. Zie het doorgestuurde formulier.\n")
m.add_attachment(inner)
open(sys.argv[2], "wb").write(m.as_bytes())
PY
deliver "$T/fwd-form.eml"
m=$(flat "$(latest $IB)")
like "$m" "Wij vonden het formulier in het doorgestuurde bericht." "a forwarded form makes a request, and the answer says so"
like "$m" "Let op: alleen moeder heeft het gezag." "the note above it is kept"

# 6. A personal address used from another address changes nothing; its owner is told.
ID5=$(new_leerling 5)
answer "$(latest $OUDER)" ouder.werk@kantoor.example gmail "TOESTEMMING" --name "Ouder Voorbeeld"
is "$(status_of $ID5)" "BPO>voorlopige aanvraag" "consent from another address changes nothing"
m=$(flat "$(latest $OUDER)")
like "$m" "kwam van een ander e-mailadres: ouder.werk@kantoor.example" "the parent is told at their own address"
like "$m" "Stuur het dan opnieuw vanaf het adres waarop u dit bericht ontvangt" "and what to do"
is "$(sql "SELECT count(*) FROM outmail WHERE recipient = 'ouder.werk@kantoor.example'")" 0 "the other address gets nothing"
# A second address of the trajectbegeleider in the directory counts as theirs.
{ cat "$T/directory.csv"; echo "Trajectbegeleider Noord,tb.noord.mobiel@bestuur.example,tb,Stichting Noord"; } >"$T/dir2.csv"
bpo directory import "$T/dir2.csv" >/dev/null
answer "$(latest $TB)" tb.noord.mobiel@bestuur.example iphone "Akkoord"
is "$(events_of $ID5)" "aangevraagd akkoord" "the trajectbegeleider's other address in the directory counts"

# 7. A command that ends a request, in one thread with another's number in the subject.
ID6=$(new_leerling 6)
ID7=$(new_leerling 7)
answer "$(latest $IB 2)" $IB outlook "INTREKKEN: dubbele aanvraag" --subject "RE: [$ID7] Aanvraag ontvangen"
is "$(status_of $ID6) $(status_of $ID7)" "BPO>voorlopige aanvraag BPO>voorlopige aanvraag" "INTREKKEN in another request's thread is not carried out"
like "$(flat "$(latest $IB)")" "in het onderwerp staat de aanvraag $ID7. Welke aanvraag bedoelt u\?" "the sender is asked which one"

# 8. Names and dates as people write them.
answer "$(latest $TB)" $TB gmail "Akkoord"
answer "$(latest $OUDER)" $OUDER gmail "Ik geef toestemming"
is "$(status_of $ID7)" "BPO>indienen SO-loket" "a request at the SO-loket"
answer "$(latest loket@swv.example)" loket@swv.example outlook "SO-coördinator: SO-coördinator De Brug (SO De Brug)\nStartdatum: 1 maart"
is "$(status_of $ID7)" "BPO>doorgezet naar SO" "'Naam (Organisatie)' names the SO-coördinator"
m=$(flat "$(latest loket@swv.example)")
like "$m" "Startdatum: maandag 1 maart 2027 \(u schreef geen jaartal; wij namen het jaar van de aanvraag\)" "a date without a year takes the request's year, and the confirmation says so"
answer "$(latest $TB 3)" $TB gmail "Akkoord"
answer "$(latest $OUDER 3)" $OUDER gmail "Wij geven toestemming."
answer "$(latest loket@swv.example)" loket@swv.example gmail "SO-coördinator: SO De Horizon"
like "$(bpo list)" "doorgezet naar SO" "the SO-coördinator may be named by an organisation that has exactly one"

# 9. No BSN anywhere: not in the subject, not in a file name.
n=$(sql "SELECT count(*) FROM document")
printf 'x\n' >"$T/dossier BSN 123456782.pdf"
answer "$(latest $IB)" $IB gmail "Hierbij het dossier." --attach "$T/dossier BSN 123456782.pdf"
like "$(text "$(latest $IB)")" "Uw bericht bevat een BSN of onderwijsnummer" "a BSN in a file name is refused"
is "$(sql "SELECT count(*) FROM document")" "$n" "the file is not kept"
answer "$(latest $IB)" $IB gmail "Zie hieronder." --subject "Re: [$ID7] leerling met BSN 123456782"
like "$(text "$(latest $IB)")" "Uw bericht bevat een BSN of onderwijsnummer" "a BSN in the subject is refused"
is "$(sql "SELECT count(*) FROM message WHERE subject LIKE '%123456782%'")" 0 "and the subject is not stored"
unlike "$(sql "SELECT group_concat(detail) FROM event")" "123456782" "nor in the history"
check_outbox --forbid-in-subject "Voorbeeld" --forbid-in-subject "Leerling van"
done_testing
