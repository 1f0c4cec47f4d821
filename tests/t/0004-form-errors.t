#!/bin/sh
# A form that breaks the rules of bpomail(1), THE REQUEST FORM creates nothing and gets one reply
# listing every problem (field, what is wrong, what is expected; the line for
# XML) with the form back, filled with the sender's values.
. "$(dirname "$0")/../lib.sh"
setup no

deliver "$TESTS_DIR/data/form-errors.eml"
ok $? "a form with errors is recorded (exit 0)"
is "$(bpo list --json)" "[]" "nothing is created"
is "$(outbox_count)" 1 "one reply"
m=$(text "$(latest ib@delinde.example)")
like "$m" "Subject: Uw aanvraagformulier is nog niet in orde \(9 punten\)" "the subject counts the problems"
like "$m" "Er is nog niets aangemaakt of bewaard" "the sender is told nothing was created"
like "$m" "- regel 1, Niveau: 'klas' is geen niveau. Verwacht: leerling, groep of school." "niveau"
like "$m" "- regel 3, BRIN: '1A34' is geen BRIN-code. Verwacht: 4 tekens: 2 cijfers en 2 letters of cijfers, bijv. 12AB." "BRIN"
like "$m" "Bestuur: is niet ingevuld. Verwacht: de naam van het schoolbestuur." "an empty required field"
like "$m" "Gewenst aantal uur: '12,25' is geen geldig aantal uur. Verwacht: hele of halve uren" "hours in quarters"
like "$m" "Gewenste startdatum: '31-02-2027' bestaat niet. Verwacht: een datum die bestaat." "a date that does not exist"
like "$m" "Gewenste einddatum: 'gauw' is geen datum" "a date that is no date"
like "$m" "Expertise: 'muziek' is geen bekende expertise" "an unknown expertise"
like "$m" "Welke maatregelen zijn genomen\?: is niet ingevuld" "a missing question"
like "$m" "Trajectbegeleider: 'Trajectbegeleider Oost' staat niet als trajectbegeleider in het adresboek. Verwacht: Trajectbegeleider Noord <tb.noord@bestuur.example>; Trajectbegeleider Zuid <tb.zuid@bestuur.example>" "an unknown trajectbegeleider, with the candidates"
like "$m" "Niveau: klas" "the form comes back with the sender's values"
like "$m" "Gewenste startdatum: 31-02-2027" "including the wrong ones, to correct"
like "$m" "Attachment: aanvraagformulier.xml" "and as XML"

cat >"$T/xml.eml" <<MAIL
From: IB De Esch <ib@deesch.example>
To: $SYS
Subject: aanvraag (XML)
Message-ID: <xml-fouten-1@deesch.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="x"

--x
Content-Type: text/plain

Zie bijlage.
--x
Content-Type: application/xml; name="aanvraag.xml"
Content-Disposition: attachment; filename="aanvraag.xml"

$(cat "$TESTS_DIR/data/aanvraag-fouten.xml")
--x--
MAIL
deliver "$T/xml.eml"
is "$(bpo list --json)" "[]" "an XML form with errors creates nothing"
m=$(text "$(latest ib@deesch.example)")
like "$m" "regel 6, BRIN: 'ABCD'" "the XML problem names the line and the field"
like "$m" "regel 12, Gewenst aantal uur" "hours"
like "$m" "regel 13, Gewenste startdatum" "the start date"

printf '<?xml version="1.0"?>\n<aanvraag xmlns="urn:bpomail:aanvraag:1">\n  <niveau>groep</niveau>\n  <school>\n</aanvraag>\n' >"$T/broken.xml"
sed -e "s|xml-fouten-1|xml-kapot-1|" -e '/^<?xml/,/^<\/aanvraag>/d' "$T/xml.eml" | sed "/filename=\"aanvraag.xml\"/{n;r $T/broken.xml
}" >"$T/broken.eml"
deliver "$T/broken.eml"
like "$(text "$(latest ib@deesch.example)")" "niet goed gevormd.*regel 5" "not-well-formed XML is refused with its line"
# A groep request that names a pupil is refused (no pupil data at groep or school level).
sed -e 's/aanvraag-groep-1/groep-met-leerling/' -e 's/^Groep: 5$/Groep: 5\nLeerling: Leerling van der Voorbeeld\nOuder: Ouder Voorbeeld <ouder@thuis.example>/' "$TESTS_DIR/data/groep-tb.eml" >"$T/gl.eml"
deliver "$T/gl.eml"
is "$(bpo list --json)" "[]" "a groep request naming a pupil creates nothing"
like "$(text "$(latest ib@delinde.example)")" "Leerling: een aanvraag op niveau groep mag geen gegevens van een leerling of ouder bevatten. Verwacht: laat Leerling, Geboortedatum en Ouder leeg, of kies niveau leerling." "with the reason"
check_outbox
done_testing
