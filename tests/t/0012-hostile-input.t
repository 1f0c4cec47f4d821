#!/bin/sh
# Bad and hostile input gets a clear answer and never harms: a BSN is
# refused and not kept; XML with a DOCTYPE, external entities, entity
# expansion or deep nesting is refused and nothing is read from disk;
# attachment names with paths never become paths; names with CR/LF never
# become headers; error answers are capped per address and day.
. "$(dirname "$0")/../lib.sh"
setup no
echo "error_replies_per_day = 4" >>"$T/bpomail.conf"

sed -e 's/aanvraag-groep-1/bsn-1/' -e 's/^Groep: 5$/Groep: 5\nBSN van de leerling: 123456782/' "$TESTS_DIR/data/groep-tb.eml" >"$T/bsn.eml"
deliver "$T/bsn.eml"
is "$(bpo list --json)" "[]" "a form with a BSN creates nothing"
m=$(text "$(latest ib@delinde.example)")
like "$m" "het bericht bevat een BSN of onderwijsnummer; dat mag niet worden verstuurd en is niet bewaard" "the sender is told why"
unlike "$m" "123456782" "the number is not sent back"
is "$(sqlite3 "$T/bpo.db" "SELECT count(*) FROM message WHERE raw LIKE '%123456782%'")" 0 "and not kept"

xml_mail() {	# xml_mail ID FILE: a mail from IB De Esch with FILE as its XML form
	cat <<MAIL
From: IB De Esch <ib@deesch.example>
To: $SYS
Subject: aanvraag
Message-ID: <$1@deesch.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="x"

--x
Content-Type: text/plain

Zie bijlage.
--x
Content-Type: application/xml
Content-Disposition: attachment; filename="aanvraag.xml"
Content-Transfer-Encoding: base64

$(base64 "$2")
--x--
MAIL
}

cat >"$T/xxe.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE aanvraag [ <!ENTITY geheim SYSTEM "file:///etc/passwd"> ]>
<aanvraag xmlns="urn:bpomail:aanvraag:1"><niveau>&geheim;</niveau></aanvraag>
XML
xml_mail xxe-1 "$T/xxe.xml" >"$T/xxe.eml"
deliver "$T/xxe.eml"
m=$(text "$(latest ib@deesch.example)")
like "$m" "het XML-bestand bevat een DOCTYPE; dat is niet toegestaan" "XML with an external entity is refused"
unlike "$m" "root:" "nothing of /etc/passwd is read"

cat >"$T/lol.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<aanvraag xmlns="urn:bpomail:aanvraag:1"><niveau>&lol3;</niveau></aanvraag>
XML
xml_mail lol-1 "$T/lol.xml" >"$T/lol.eml"
deliver "$T/lol.eml"
like "$(text "$(latest ib@deesch.example)")" "bevat een DOCTYPE" "entity expansion is refused"

python3 -c 'print("<?xml version=\"1.0\"?>\n<aanvraag xmlns=\"urn:bpomail:aanvraag:1\">" + "<a>" * 400 + "</a>" * 400 + "</aanvraag>")' >"$T/deep.xml"
xml_mail deep-1 "$T/deep.xml" >"$T/deep.eml"
deliver "$T/deep.eml"
ok $? "deep XML nesting is recorded (exit 0)"
like "$(text "$(latest ib@deesch.example)")" "niet goed gevormd" "and refused as not well-formed"
is "$(bpo list --json)" "[]" "none of these created a request"

# Attachment names with paths, names with CR/LF.
cat >"$T/names.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<aanvraag xmlns="urn:bpomail:aanvraag:1">
  <niveau>groep</niveau>
  <school><naam>Basisschool De Esch</naam><brincode>34CD</brincode><bestuur>Stichting Zuid</bestuur></school>
  <groep>3</groep>
  <intern-begeleider naam="IB De Esch&#13;&#10;Bcc: evil@elders.example" email="ib@deesch.example"/>
  <aantal-uren>4</aantal-uren>
  <startdatum>2027-02-01</startdatum>
  <einddatum>2027-03-01</einddatum>
  <expertise>leren</expertise>
  <ondersteuningsvraag>Vraag</ondersteuningsvraag>
  <maatregelen>Maatregelen</maatregelen>
  <resultaat>Resultaat</resultaat>
</aanvraag>
XML
xml_mail names-1 "$T/names.xml" | sed 's|--x--||' >"$T/names.eml"
cat >>"$T/names.eml" <<'MAIL'
--x
Content-Type: application/pdf
Content-Disposition: attachment; filename="../../etc/passwd"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--x--
MAIL
deliver "$T/names.eml"
ID=BPO-$(date -u +%Y)-0001
is "$(status_of $ID)" "BPO>indienen SO-loket" "the request is made"
like "$(bpo show $ID --json)" '"name": "passwd", "type": "application/pdf"' "an attachment name with a path keeps only its last part"
[ ! -e "$T/etc/passwd" ] && [ ! -e /etc/passwd.pdf ]
ok $? "no file was written by that name"
! sed '/^$/q' "$(latest ib@deesch.example)" | grep -qi '^Bcc:'
ok $? "a name with CR/LF never becomes a header"
like "$(text "$(latest ib@deesch.example)")" "Beste IB De Esch Bcc: evil@elders.example," "it stays one line, also in the body"
check_outbox

# A BSN in a message about a request: refused, not kept, not passed on.
n_ev=$(bpo show $ID --json | grep -c '"event"')
answer "$(latest ib@deesch.example)" ib@deesch.example gmail "Ter info: het burgerservicenummer is 123456782."
m=$(text "$(latest ib@deesch.example)")
like "$m" "Uw bericht bevat een BSN of onderwijsnummer \(in de tekst, het onderwerp of de naam van een bijlage\). Dat mag niet per e-mail worden verstuurd: wij hebben het bericht niet bewaard en niet doorgestuurd." "a BSN in a message is refused"
is "$(bpo show $ID --json | grep -c '"event"')" "$n_ev" "nothing of it is in the history"
is "$(sqlite3 "$T/bpo.db" "SELECT count(*) FROM outmail WHERE raw LIKE '%123456782%' OR raw LIKE '%123 456 782%'") $(sqlite3 "$T/bpo.db" "SELECT count(*) FROM event WHERE detail LIKE '%123456782%'")" "0 0" "and it went to nobody"

# Error answers are capped per address and day.
for i in 1 2 3 4 5; do
	printf 'From: Trajectbegeleider Zuid <tb.zuid@bestuur.example>\nTo: %s\nSubject: vraag %s\nMessage-ID: <cap-%s@bestuur.example>\n\nHallo?\n' "$SYS" "$i" "$i" >"$T/cap.eml"
	deliver "$T/cap.eml"
done
is "$(sqlite3 "$T/bpo.db" "SELECT count(*) FROM outmail WHERE recipient = 'tb.zuid@bestuur.example'")" 4 "only error_replies_per_day answers go to one address"
is "$(sqlite3 "$T/bpo.db" "SELECT count(*) FROM message WHERE msgkey LIKE '<cap-%'")" 5 "but every message is recorded"
done_testing
