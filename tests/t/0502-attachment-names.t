#!/bin/sh
# Attachment names keep their characters (issue 10, item 7): an intern
# begeleider's request with documents named "één", "ß" and "Ş", sent the
# ways mail clients write them (RFC 2231 like Thunderbird and Python, RFC
# 2047 in quotes like Gmail and Outlook); every mail that passes them on
# names them exactly so for Python's email package (RFC 2231 filename*=)
# and for clients that read only Content-Type's name= (RFC 2047).
. "$(dirname "$0")/../lib.sh"
setup no

N1="Verslag overleg één.pdf"
N2="Straße-plan.pdf"
N3="Ş-rapport.pdf"

python3 - "$TESTS_DIR/data/groep-tb.eml" "$N1" "$N2" "$N3" >"$T/request.eml" <<'PY'
import email, email.policy, sys
from email.message import EmailMessage
src = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
msg = EmailMessage()
for h in ("From", "To", "Subject", "Date"):
    msg[h] = src[h]
msg["Message-ID"] = "<aanvraag-namen-1@delinde.example>"
msg.set_content(src.get_content())
# Thunderbird and Python: filename*=utf-8''...
msg.add_attachment(b"%PDF-1.4 verslag\n", maintype="application", subtype="pdf", filename=sys.argv[2])
msg.add_attachment(b"%PDF-1.4 plan\n", maintype="application", subtype="pdf", filename=sys.argv[3])
# Gmail and Outlook: RFC 2047 words in quotes
part = EmailMessage()
part.set_content(b"%PDF-1.4 rapport\n", maintype="application", subtype="pdf")
part.replace_header("Content-Type", 'application/pdf; name="=?UTF-8?B?xZ4tcmFwcG9ydC5wZGY=?="')
part["Content-Disposition"] = 'attachment; filename="=?UTF-8?B?xZ4tcmFwcG9ydC5wZGY=?="'
msg.attach(part)
sys.stdout.buffer.write(msg.as_bytes(policy=email.policy.SMTP.clone(linesep="\n")))
PY

deliver "$T/request.eml"
ok $? "the request with three documents is recorded (exit 0)"
ID=BPO-$(date -u +%Y)-0001
docs=$(bpo show $ID --json | python3 -c 'import json,sys; print("|".join(d["name"] for d in json.load(sys.stdin)["documents"]))')
is "$docs" "$N1|$N2|$N3" "the documents are kept under their own names"

answer "$(latest tb.noord@bestuur.example)" tb.noord@bestuur.example outlook "Akkoord"
is "$(status_of $ID)" "BPO>indienen SO-loket" "the request goes to the SO-loket"

# Every outgoing attachment: the name Python reads from filename*= and from name=.
names() {
	python3 - "$1" <<'PY'
import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
for a in m.iter_attachments():
    print("%s|%s|%s|%s" % (a.get_filename(), a["Content-Type"].params.get("name"),
                           a.get_content_disposition(), a.get_payload(decode=True).decode().rstrip("\n")))
PY
}
loket=$(names "$(latest loket@swv.example)")
is "$loket" "$N1|$N1|attachment|%PDF-1.4 verslag
$N2|$N2|attachment|%PDF-1.4 plan
$N3|$N3|attachment|%PDF-1.4 rapport" "the SO-loket gets the three documents, named exactly, whole"

# The same for every outgoing mail that carries documents.
bad=
count=0
for f in "$T"/outbox/new/*; do
	while IFS='|' read -r fn nm disp data; do
		[ -n "$fn" ] || continue
		count=$((count + 1))
		case "$fn" in "$N1"|"$N2"|"$N3") ;; *) bad="$bad $fn";; esac
		[ "$fn" = "$nm" ] || bad="$bad name=$nm"
		[ "$disp" = attachment ] || bad="$bad $disp"
	done <<EOT
$(names "$f")
EOT
done
is "$bad" "" "every document passed on ($count in all) keeps its name in filename*= and name="
ok $([ "$count" -ge 3 ] && echo 0 || echo 1) "documents were passed on ($count)"

raw=$(cat "$(latest loket@swv.example)")
like "$raw" "filename\*=utf-8''Verslag%20overleg%20%C3%A9%C3%A9n\.pdf" "RFC 2231 filename*= for Python, Thunderbird and Apple Mail"
like "$raw" 'name="=\?UTF-8\?Q\?Stra=C3=9Fe-plan=2Epdf\?="' "RFC 2047 name= for Outlook"
unlike "$raw" 'filename\*[0-9]*\*?="' "no quoted RFC 2231 value (RFC 2231 forbids it)"

# Our own parser reads them back as well (the names a reply would pass on).
reply "$(latest loket@swv.example)" loket@swv.example thunderbird "Dank, goed ontvangen."
python3 - "$(latest loket@swv.example)" "$T/reply.eml" >"$T/forward.eml" <<'PY'
import email, email.policy, sys
out = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
r = email.message_from_bytes(open(sys.argv[2], "rb").read(), policy=email.policy.default)
for a in out.iter_attachments():
    r.add_attachment(a.get_payload(decode=True), maintype="application", subtype="pdf",
                     filename=a.get_filename())
sys.stdout.buffer.write(r.as_bytes(policy=email.policy.SMTP.clone(linesep="\n")))
PY
deliver "$T/forward.eml"
ok $? "a reply carrying the documents back is recorded"

docs=$(bpo show $ID --json | python3 -c 'import json,sys; print("|".join(d["name"] for d in json.load(sys.stdin)["documents"][3:]))')
is "$docs" "$N1|$N2|$N3" "and bpomail reads the names it wrote back exactly"
check_outbox
done_testing
