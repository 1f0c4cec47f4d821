#!/bin/sh
# Outgoing mail through a sendmail command (fork and exec, no shell). A
# failing sendmail keeps the mail queued; the next flush sends it, once.
. "$(dirname "$0")/../lib.sh"
setup no
mkdir -p "$T/sent"
cat >"$T/sendmail" <<SH
#!/bin/sh
[ -e "$T/sendmail-fails" ] && exit 75
n=\$(ls "$T/sent" | wc -l)
cat >"$T/sent/\$n.eml"
echo "\$@" >"$T/sent/\$n.args"
SH
chmod +x "$T/sendmail"
sed -i "s|^outbox = outbox|sendmail = $T/sendmail -t -i|" "$T/bpomail.conf"

touch "$T/sendmail-fails"
deliver "$TESTS_DIR/data/groep-tb.eml"
ok $? "the request is recorded although sending fails"
is "$(ls "$T/sent" | wc -l | tr -d ' ')" 0 "nothing went out"
like "$(cat "$T/stderr")" "not sent \(kept for the next flush\): sendmail exited with 75" "the failure is reported"
is "$(sqlite3 "$T/bpo.db" "SELECT count(*) FROM outmail WHERE sent_at IS NULL")" 3 "three mails stay queued"
bpo flush >/dev/null 2>&1
is "$?" 75 "flush exits 75 while sendmail fails"

rm "$T/sendmail-fails"
bpo flush -v >"$T/out"
ok $? "flush exits 0 once sendmail works"
is "$(cat "$T/out")" "3 sent, 0 kept in the queue" "and says so"
is "$(ls "$T/sent"/*.eml | wc -l | tr -d ' ')" 3 "each queued mail went out"
is "$(cat "$T/sent/0.args")" "-t -i -f $SYS" "with the configured arguments, and -f with bpomail's own address (bounces come back to it)"
bpo flush -v >"$T/out"
is "$(cat "$T/out")" "0 sent, 0 kept in the queue" "a second flush sends nothing again"
like "$(python3 "$TESTS_DIR/mailtool.py" show "$T/sent/0.eml")" "Aanvraag ontvangen" "the mail is complete"
done_testing
