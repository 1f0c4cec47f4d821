#!/bin/sh
# The operator's command line (bpomail(1)): list and show as text and JSON,
# exit codes, strict configuration.
. "$(dirname "$0")/../lib.sh"
setup yes
ID=BPO-$(date -u +%Y)-0001

deliver "$TESTS_DIR/data/leerling.eml"
deliver "$TESTS_DIR/data/school-no-tb.eml"
json=$(bpo list --json)
ok $? "list --json exits 0"
is "$(printf '%s' "$json" | python3 -c 'import json,sys; print([sorted(r) for r in json.load(sys.stdin)][0])')" "['id', 'next', 'niveau', 'school', 'status']" "list --json has the keys of bpomail(1)"
like "$json" '"next": \["tb", "ouder"\]' "a leerling request waits for tb and parents"
is "$(bpo list --status 'BPO>indienen SO-loket' --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 1 "list --status filters"
bpo list --status 'BPO>bestaat niet' 2>"$T/err"
is "$?" 64 "an unknown status is a usage error (64)"

show=$(bpo show $ID --json)
keys=$(printf '%s' "$show" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(k for k in ["id","status","niveau","school","requested","granted","participants","history"] if k in d), sorted(d["requested"]), sorted(d["participants"][0]), sorted(d["history"][0]))')
is "$keys" "id status niveau school requested granted participants history ['end', 'hours', 'start'] ['email', 'name', 'role'] ['at', 'by', 'event', 'status']" "show --json has the keys of bpomail(1)"
like "$show" '"name": "groeidocument coördinatie.pdf", "type": "application/pdf"' "documents are listed with their RFC 2231 names"
like "$(bpo show $ID)" "Betrokkenen" "show prints text"
bpo show BPO-1999-0001 2>"$T/err"
is "$?" 65 "show of an unknown request exits 65"

"$BPOMAIL" -c "$T/bpomail.conf" frobnicate 2>"$T/err"
is "$?" 64 "an unknown command is a usage error (64)"
printf 'address = bpo@swv.example\nname = x\ndatabase = x.db\noutbox = o\nsendmail = /usr/sbin/sendmail\ncolour = blue\ntrust_from = misschien\n' >"$T/bad.conf"
"$BPOMAIL" -c "$T/bad.conf" list 2>"$T/err"
is "$?" 78 "a bad configuration exits 78"
like "$(cat "$T/err")" "bad.conf:6: unknown setting 'colour'" "naming the line of an unknown setting"
like "$(cat "$T/err")" "bad.conf:7: trust_from: 'misschien' is not yes or no" "and of a bad value"
like "$(cat "$T/err")" "set either outbox or sendmail, not both" "and the conflict"
like "$(cat "$T/err")" "3 errors; configuration refused" "counting every error"

like "$(bpo check)" "configuration, database, schema and templates are fine" "check passes on a good site"
mkdir "$T/tpl" && cp "$TOP"/templates/*.txt "$T/tpl/" && sed -i 's/{{kenmerk}}/{{kenmerkk}}/' "$T/tpl/status.txt"
sed -i "s|^templates = .*|templates = $T/tpl|" "$T/bpomail.conf"
bpo check 2>"$T/err"
is "$?" 78 "check finds a broken template (exit 78)"
like "$(cat "$T/err")" "status.txt: line 8: unknown placeholder 'kenmerkk'" "and says where"
sed -i "s|^templates = .*|templates = $TOP/templates|" "$T/bpomail.conf"

printf 'address = bpo@swv.example\ndatabase = nergens.db\noutbox = o\n' >"$T/noinit.conf"
"$BPOMAIL" -c "$T/noinit.conf" deliver <"$TESTS_DIR/data/school-no-tb.eml" 2>"$T/err"
is "$?" 75 "deliver before init exits 75: the MTA keeps the mail"
like "$(cat "$T/err")" "run 'bpomail init'" "and says what to do"
done_testing
