#!/bin/sh
# A mail without a request number and without a form, or with subject
# "nieuw", gets the blank text form and the blank XML form (bpomail(1)); the
# filled-in form comes back as a request.
. "$(dirname "$0")/../lib.sh"
setup no

cat >"$T/ask.eml" <<MAIL
From: IB De Linde <ib@delinde.example>
To: $SYS
Subject: nieuw
Message-ID: <vraag-1@delinde.example>

Graag een formulier.
MAIL
deliver "$T/ask.eml"
ok $? "recorded"
blank=$(latest ib@delinde.example)
m=$(text "$blank")
like "$m" "Subject: Aanvraagformulier BPO" "the answer is the form"
like "$m" "Attachment: aanvraagformulier.xml \(application/xml\)" "with the blank XML form attached"
like "$m" "Gewenste startdatum:" "and the text form in the body"
like "$m" "\[ \] communicatie" "with the expertise checkboxes"
python3 - "$blank" "$T/blank.xml" <<'PY'
import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
att = next(m.iter_attachments())
open(sys.argv[2], "wb").write(att.get_content() if isinstance(att.get_content(), bytes) else att.get_content().encode())
PY
like "$(cat "$T/blank.xml")" 'xmlns="urn:bpomail:aanvraag:1"' "the XML form has the namespace"

cat >"$T/plain.eml" <<MAIL
From: Trajectbegeleider Zuid <tb.zuid@bestuur.example>
To: $SYS
Subject: vraagje
Message-ID: <vraag-2@bestuur.example>

Hoe vraag ik BPO aan?
MAIL
deliver "$T/plain.eml"
like "$(text "$(latest tb.zuid@bestuur.example)")" "Aanvraagformulier BPO" "anyone in the directory gets the form for a mail without form"

cat >"$T/stranger.eml" <<MAIL
From: Iemand <iemand@elders.example>
To: $SYS
Subject: nieuw
Message-ID: <vraag-3@elders.example>

Formulier?
MAIL
before=$(outbox_count)
deliver "$T/stranger.eml"
ok $? "mail from outside the directory is recorded (exit 0)"
is "$(outbox_count)" "$before" "but gets no automatic answer"
like "$(bpo quarantine)" "iemand@elders.example" "it is quarantined"
like "$(bpo quarantine)" "afzender staat niet in het adresboek" "with the reason"

# Fill the blank form in, as a person would, and send it back.
python3 - "$blank" "$T/filled.eml" <<'PY'
import email, email.policy, sys, re
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
body = m.get_body(("plain",)).get_content()
form = body.split("---- begin formulier ----\n")[1].split("---- einde formulier ----")[0]
values = {"Niveau": "groep", "School": "Basisschool De Linde", "BRIN": "12ab", "Bestuur": "Stichting Noord",
          "Groep": "7", "Gewenst aantal uur": "6", "Gewenste startdatum": "1-3-2027",
          "Gewenste einddatum": "1 jun 2027", "Concrete ondersteuningsvraag": "Rust in de groep.",
          "Welke maatregelen zijn genomen?": "Vaste plekken.", "Met welk resultaat?": "Iets rustiger."}
out = []
for line in form.split("\n"):
    label = line.split(":")[0] if ":" in line else None
    if line.startswith("Welke maatregelen zijn genomen?:"):
        label = "Welke maatregelen zijn genomen?"
    if line.startswith("Met welk resultaat?:"):
        label = "Met welk resultaat?"
    if label in values:
        line = f"{label}: {values[label]}"
    if line.startswith("[ ] gedrag"):
        line = "[x] gedrag"
    out.append(line)
reply = email.message.EmailMessage()
reply["From"] = "IB De Linde <ib@delinde.example>"
reply["To"] = str(m["Reply-To"])
reply["Subject"] = "Re: " + str(m["Subject"])
reply["Message-ID"] = "<ingevuld-1@delinde.example>"
reply["In-Reply-To"] = str(m["Message-ID"])
quoted = "\n".join("> " + l for l in body.split("\n"))
reply.set_content("\n".join(out) + "\n\nOp ma 11 jan. 2027 om 09:01 schreef BPO-loket <bpo@swv.example>:\n" + quoted)
open(sys.argv[2], "wb").write(reply.as_bytes())
PY
deliver "$T/filled.eml"
ok $? "the filled-in form is recorded"
ID=BPO-$(date -u +%Y)-0001
is "$(status_of $ID)" "BPO>indienen SO-loket" "the filled-in blank form becomes a request"
like "$(bpo show $ID --json)" '"school": "Basisschool De Linde", "brin": "12AB"' "with the values typed into it"
check_outbox
done_testing
