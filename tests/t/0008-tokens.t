#!/bin/sh
# Who may act (bpomail(1), WHO MAY DO WHAT): a command that changes a request needs a valid
# personal token from the person who holds the role, found in the reply
# address or, when a server dropped "+TOKEN", in In-Reply-To/References.
. "$(dirname "$0")/../lib.sh"
setup no
ID=BPO-$(date -u +%Y)-0001

deliver "$TESTS_DIR/data/groep-tb.eml"
tbmail=$(latest tb.noord@bestuur.example)

reply "$tbmail" tb.noord@bestuur.example outlook "AKKOORD" --drop-token --no-thread
deliver "$T/reply.eml"
m=$(text "$(latest tb.noord@bestuur.example)")
like "$m" "Wij konden niet vaststellen dat dit bericht van u komt" "AKKOORD without any token is refused"
like "$m" "To: Trajectbegeleider Noord <tb.noord@bestuur.example>" "and the person it claims to come from is told"
is "$(status_of $ID)" "BPO>voorlopige aanvraag" "nothing changed"

reply "$tbmail" ib@delinde.example gmail "AKKOORD" --name "IB De Linde"
deliver "$T/reply.eml"
like "$(text "$(latest ib@delinde.example)")" "Niet uitgevoerd: AKKOORD" "someone else using the trajectbegeleider's token is refused"
is "$(status_of $ID)" "BPO>voorlopige aanvraag" "nothing changed"

reply "$tbmail" tb.noord@bestuur.example outlook "STATUS" --drop-token --no-thread
deliver "$T/reply.eml"
like "$(text "$(latest tb.noord@bestuur.example)")" "Stand van zaken: BPO>voorlopige aanvraag" "STATUS needs no token: the answer goes to the participant's own address"

reply "$tbmail" tb.noord@bestuur.example outlook "AKKOORD" --drop-token
deliver "$T/reply.eml" --recipient "$SYS"
is "$(status_of $ID)" "BPO>indienen SO-loket" "the token in In-Reply-To counts when the server dropped +TOKEN"

# The token binds the request: a token of another request does not carry over.
deliver "$TESTS_DIR/data/school-no-tb.eml"
ID2=BPO-$(date -u +%Y)-0002
loket2=$(latest loket@swv.example)
reply "$loket2" loket@swv.example gmail "SO-coördinator: soco@debrug.example" --subject "Re: [$ID] andere aanvraag"
deliver "$T/reply.eml"
is "$(status_of $ID2)" "BPO>doorgezet naar SO" "the token decides which request a reply is about"
is "$(status_of $ID)" "BPO>indienen SO-loket" "not the number typed in the subject"

# A forged token (one character changed) is worthless.
loket1=$(latest loket@swv.example 3)
reply "$loket1" loket@swv.example gmail "SO-coördinator: soco@debrug.example" --no-thread
python3 - "$T/reply.eml" <<'PY'
import sys, re
p = sys.argv[1]
s = open(p).read()
s = re.sub(r"bpo\+([a-z2-7])", lambda m: "bpo+" + ("b" if m.group(1) == "a" else "a"), s, count=1)
open(p, "w").write(s)
PY
deliver "$T/reply.eml"
is "$(status_of $ID)" "BPO>indienen SO-loket" "a forged token changes nothing"
check_outbox
done_testing
