#!/bin/sh
# The operator's command line (bpomail(1), COMMANDS; issue 11 item 5):
# --version, --help and COMMAND --help on stdout with exit 0, options in any
# order, status names without BPO>, directory list, quiet success for cron,
# and check of what the delivery user can write and run.
. "$(dirname "$0")/../lib.sh"
setup yes
Y=$(date -u +%Y)

out=$("$BPOMAIL" --version)
ok $? "--version exits 0"
like "$out" '^bpomail [0-9]+\.[0-9]+' "and prints the version on stdout"
out=$("$BPOMAIL" --help 2>/dev/null)
ok $? "--help exits 0"
like "$out" "usage: bpomail \[-c FILE\] \[-v\] COMMAND" "and prints the usage on stdout"
like "$out" "quarantine \[--json\] \| quarantine release ID \| quarantine delete ID" "listing every command"
out=$("$BPOMAIL" list --help 2>/dev/null)
ok $? "list --help exits 0"
is "$(printf '%s\n' "$out" | head -1)" "usage: bpomail [-c FILE] list [--status STATUS] [--json]" "and gives that command's synopsis"
"$BPOMAIL" 2>"$T/err" >/dev/null
is "$?" 64 "no command is a usage error (64)"
like "$(cat "$T/err")" "usage: bpomail" "with the usage on stderr"

out=$(bpo deliver --help </dev/null)
ok $? "deliver --help exits 0"
like "$out" "usage: bpomail \[-c FILE\] deliver \[--recipient ADDR\]" "with deliver's usage"
is "$(sql "SELECT count(*) FROM message")" 0 "and records nothing"

deliver "$TESTS_DIR/data/leerling.eml"
deliver "$TESTS_DIR/data/school-no-tb.eml"
is "$("$BPOMAIL" list --json -c "$T/bpomail.conf" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 2 "-c after the command and its options"
is "$("$BPOMAIL" show --json "BPO-$Y-0001" -c "$T/bpomail.conf" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')" "BPO-$Y-0001" "show with --json before the number"
is "$(bpo list --status 'indienen SO-loket' --json | python3 -c 'import json,sys; print([r["id"] for r in json.load(sys.stdin)])')" "['BPO-$Y-0002']" "list --status without BPO>"
is "$(bpo list --status 'voorlopige aanvraag' | awk '{print $1}')" "BPO-$Y-0001" "also as text"
is "$(bpo list --status afgerond)" "(geen aanvragen)" "list --status afgerond: nothing ended yet"

out=$(bpo directory list)
ok $? "directory list exits 0"
like "$out" "^beheer +beheer@swv.example +Beheerder SWV \(SWV Voorbeeld\)" "one line per person: role, address, name (organisation)"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "$(($(wc -l <"$TESTS_DIR/data/directory.csv") - 1))" "everyone in the directory"
is "$(bpo directory list --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d), sorted(d[0]))')" "$(($(wc -l <"$TESTS_DIR/data/directory.csv") - 1)) ['email', 'name', 'organisation', 'role']" "and as JSON"

# Quiet success for cron: nothing on stdout or stderr unless -v.
bpo flush >"$T/out" 2>&1
ok $? "flush exits 0"
is "$(cat "$T/out")" "" "and prints nothing"
is "$(bpo -v flush 2>&1)" "0 sent, 0 kept in the queue" "with -v it says what it did"
bpo remind >"$T/out" 2>&1
ok $? "remind exits 0"
is "$(cat "$T/out")" "" "and prints nothing"
is "$(bpo remind -v 2>&1)" "0 requests reminded" "with -v it says what it did"

# check: what the delivery user can write, and the sendmail command.
is "$(bpo check 2>&1 | tail -1)" "$(id -un) can write the database, its -wal, -shm and lock" "check names who can write the database's files"
chmod 644 "$T/bpo.db"
bpo check >/dev/null 2>"$T/err"
is "$?" 78 "check fails on a database others can read"
like "$(cat "$T/err")" "bpo.db: readable by others \(mode 644\): it holds the reply tokens' secret; chmod 600 it" "and says why and what to do"
chmod 600 "$T/bpo.db"
sed -i 's|^outbox = .*|sendmail = /nonexistent/sendmail -t -i|' "$T/bpomail.conf"
bpo check >/dev/null 2>"$T/err"
is "$?" 78 "check fails when the sendmail command is missing"
like "$(cat "$T/err")" "sendmail: /nonexistent/sendmail: No such file or directory" "and names it"
printf '#!/bin/sh\n' >"$T/sendmail" && chmod 644 "$T/sendmail"
sed -i "s|^sendmail = .*|sendmail = $T/sendmail -t -i|" "$T/bpomail.conf"
bpo check >/dev/null 2>"$T/err"
like "$(cat "$T/err")" "sendmail: $T/sendmail is not executable" "or not executable"
chmod 755 "$T/sendmail"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	# As root, check looks with the eyes of the database's owner (the delivery user).
	chown nobody "$T" "$T/bpo.db" "$T/bpo.db-wal" "$T/bpo.db-shm"
	chown root "$T/bpo.db.flush-lock"
	bpo check >/dev/null 2>"$T/err"
	is "$?" 78 "as root: a lock file root left behind fails the check"
	like "$(cat "$T/err")" "bpo.db.flush-lock: not writable by nobody \(owner uid 0, mode 600\): every delivery would be deferred; chown nobody and chmod 600 it" "naming the file, the user and the fix"
	chown nobody "$T/bpo.db.flush-lock"
	chmod 444 "$T/bpo.db-shm"
	bpo check >/dev/null 2>"$T/err"
	like "$(cat "$T/err")" "bpo.db-shm: mode set back to 600, as the database's" "a read-only -shm of the delivery user is repaired (root works as the database's owner)"
	is "$(stat -c '%U %a' "$T/bpo.db-shm")" "nobody 600" "and stays the user's"
	is "$(bpo check 2>&1 | tail -1)" "nobody can write the database, its -wal, -shm and lock, and run the sendmail command" "all fine for the delivery user"
	chown -R root "$T"
else
	echo "# not root: the checks as the delivery user are left out"
fi
# init makes the database's directory (0750) and the database (0600).
printf 'address = bpo@swv.example\ndatabase = %s/lib/bpo.db\noutbox = %s/lib/outbox\n' "$T" "$T" >"$T/new.conf"
is "$("$BPOMAIL" -c "$T/new.conf" init 2>&1)" "directory $T/lib made (mode 750)
database $T/lib/bpo.db ready (schema 4)" "init makes the missing directory of the database"
is "$(stat -c %a "$T/lib") $(stat -c %a "$T/lib/bpo.db")" "750 600" "0750, and the database 0600"
done_testing
