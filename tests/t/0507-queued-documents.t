#!/bin/sh
# A queued mail that passes a request's documents on is kept without them:
# their bytes are in the database once, and are encoded in again as the mail
# goes out (issue 12, src/queued.c). What goes out is the whole mail, each
# document byte for byte; a document that is gone from the database by the
# time the mail goes out stops that mail alone, with a reason, and nothing
# is sent without it.
. "$(dirname "$0")/../lib.sh"
setup no
use_fake_sendmail
Y=$(date -u +%Y)

# request MESSAGE-ID NAME SEED: the intern begeleider's request with a 96 KB document of its own bytes.
request() {
	python3 - "$TESTS_DIR/data/groep-tb.eml" "$1" "$2" "$3" <<'PY'
import email, email.policy, hashlib, sys
from email.message import EmailMessage
src = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
msg = EmailMessage()
for h in ("From", "To", "Subject", "Date"):
    msg[h] = src[h]
msg["Message-ID"] = "<%s>" % sys.argv[2]
msg.set_content(src.get_content())
data = b"".join(hashlib.sha256(("%s-%d" % (sys.argv[4], i)).encode()).digest() for i in range(3072))
msg.add_attachment(b"%PDF-1.4\n" + data, maintype="application", subtype="pdf", filename=sys.argv[3])
sys.stdout.buffer.write(msg.as_bytes(policy=email.policy.SMTP.clone(linesep="\n")))
PY
}

# sent_docs NAME: for each sent mail carrying NAME, the sha256 of its decoded bytes, one per line.
sent_docs() {
	python3 - "$T/sent" "$1" <<'PY'
import email, email.policy, hashlib, os, sys
for f in sorted(os.listdir(sys.argv[1])):
    m = email.message_from_binary_file(open(os.path.join(sys.argv[1], f), "rb"), policy=email.policy.default)
    for part in m.iter_attachments():
        if part.get_filename() == sys.argv[2]:
            print(hashlib.sha256(part.get_payload(decode=True)).hexdigest())
PY
}

request aanvraag-1@delinde.test verslag.pdf een >"$T/r1.eml"
want=$(python3 -c 'import email, email.policy, hashlib, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
print(hashlib.sha256(next(m.iter_attachments()).get_payload(decode=True)).hexdigest())' "$T/r1.eml")

deliver "$T/r1.eml"
ok $? "a request with a 96 KB document is recorded while sendmail fails"
passing=$(sql "SELECT count(*) FROM outmail WHERE docs IS NOT NULL AND sent_at IS NULL")
ok "$([ "$passing" -ge 1 ] && echo 0 || echo 1)" "mails that pass the document on are queued ($passing)"
is "$(sql "SELECT count(*) FROM outmail WHERE docs IS NOT NULL AND length(raw) > 90000")" 0 \
	"each is kept without the document's bytes"
is "$(sql "SELECT count(*) FROM outmail WHERE docs IS NOT NULL AND docs NOT LIKE '% 98313 $want' || char(10)")" 0 \
	"and names the document by its hash and size"
is "$(sql "SELECT count(*) FROM blob")" 1 "the document's bytes are in the database once"

rm -f "$T/sendmail-fails"
bpo flush >"$T/out" 2>"$T/stderr"
ok $? "once sendmail works, flush sends them (exit 0)"
is "$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")" 0 "every mail is sent"
is "$(sql "SELECT count(*) FROM outmail WHERE raw IS NOT NULL OR docs IS NOT NULL")" 0 \
	"and nothing of them is kept once sent"
got=$(sent_docs verslag.pdf | sort -u)
is "$got" "$want" "every mail that passes the document on carries it byte for byte"
is "$(sent_docs verslag.pdf | wc -l | tr -d ' ')" "$passing" "one copy per mail that passes it on ($passing)"
mkdir -p "$T/sentbox/new" && cp "$T"/sent/*.eml "$T/sentbox/new/"
$MAILTOOL check "$T/sentbox" >"$T/check" 2>&1
ok $? "and each of the $(ls "$T/sent" | wc -l | tr -d ' ') mails sent parses without defects"
sed 's/^/#   /' "$T/check"

# A document gone from the database before its mail went out.
touch "$T/sendmail-fails"
request aanvraag-2@delinde.test plan.pdf twee >"$T/r2.eml"
deliver "$T/r2.eml"
ok $? "a second request is recorded while sendmail fails"
held=$(sql "SELECT count(*) FROM outmail WHERE docs IS NOT NULL AND sent_at IS NULL")
others=$(sql "SELECT count(*) FROM outmail WHERE docs IS NULL AND sent_at IS NULL")
sql "PRAGMA foreign_keys = OFF; DELETE FROM blob" >/dev/null
rm -f "$T/sendmail-fails"
bpo flush >"$T/out" 2>"$T/stderr"
is "$?" 75 "flush exits 75 while mails cannot go out"
like "$(cat "$T/stderr")" "outgoing mail [0-9]+ not sent \(kept for the next flush\): document [0-9a-f]{16}\.\.\. of this mail is no longer in the database" \
	"and says which document is missing"
is "$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL AND last_error LIKE 'document % is no longer in the database'")" "$held" \
	"the mails that pass it on are kept, with the reason ($held)"
is "$(sql "SELECT count(*) FROM outmail WHERE docs IS NULL AND sent_at IS NULL")" 0 "the others are sent ($others)"
is "$(sent_docs plan.pdf | wc -l | tr -d ' ')" 0 "no mail went out without its document"

# A damaged list of documents.
sql "UPDATE outmail SET docs = 'rommel' WHERE sent_at IS NULL" >/dev/null
bpo flush >"$T/out" 2>"$T/stderr"
is "$?" 75 "flush exits 75 for a damaged list"
like "$(cat "$T/stderr")" "not sent \(kept for the next flush\): the queued mail's list of documents is damaged" \
	"and says the list is damaged"
done_testing
