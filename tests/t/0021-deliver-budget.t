#!/bin/sh
# Bounded work inside the MTA's time (bpomail(1), deliver; issue 11 item 4):
# deliver sends only the answers to its own message, within
# deliver_time_limit, and leaves everything else to flush; a flush lock left
# by another user is reported with whose it is and what to do.
. "$(dirname "$0")/../lib.sh"
setup yes
use_fake_sendmail

deliver "$TESTS_DIR/data/leerling.eml"
ok $? "a first message is recorded while sendmail fails"
queued_a=$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")
rm "$T/sendmail-fails"
deliver "$TESTS_DIR/data/school-no-tb.eml"
ok $? "a second message once sendmail works"
is "$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")" "$queued_a" "deliver sent the second message's answers only: the first's stay for flush"
is "$(ls "$T/sent" | wc -l | tr -d ' ')" "$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NOT NULL")" "each answer it sent went out"
bpo flush
ok $? "flush sends the rest"
is "$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")" 0 "nothing left"

# A sendmail that takes 4 s a mail (four answers: 16 s), and a budget of 6 s: deliver stops in time.
cat >"$T/sendmail" <<SH
#!/bin/sh
sleep 4
cat >"$T/sent/\$\$.eml"
SH
echo "deliver_time_limit = 6" >>"$T/bpomail.conf"
start=$(date +%s)
sed 's/^Message-ID: .*/Message-ID: <budget-1@delinde.example>/' "$TESTS_DIR/data/leerling.eml" >"$T/b1.eml"
deliver "$T/b1.eml"
ok $? "deliver exits 0 with a slow sendmail"
took=$(($(date +%s) - start))
ok "$([ "$took" -le 12 ]; echo $?)" "within deliver_time_limit (6 s) and a little, not 16 s: took $took s"
left=$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")
ok "$([ "$left" -ge 1 ] && [ "$left" -le 3 ]; echo $?)" "some answers went, the rest is left to flush ($left left)"
bpo flush >/dev/null 2>&1
ok $? "flush sends them"
is "$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")" 0 "nothing left"
is "$(ls "$T/sent" | wc -l | tr -d ' ')" "$(sql "SELECT count(*) FROM outmail")" "every mail went out once"

# A running flush holds the queue: deliver waits for it only within its budget.
printf '#!/bin/sh\ncat >"%s/sent/$$.eml"\n' "$T" >"$T/sendmail"
python3 -c '
import fcntl, sys, time
f = open(sys.argv[1], "a")
fcntl.flock(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(30)
' "$T/bpo.db.flush-lock" "$T/locked" &
LOCKER=$!
while [ ! -e "$T/locked" ]; do sleep 0.1; done
sed 's/^Message-ID: .*/Message-ID: <budget-2@delinde.example>/' "$TESTS_DIR/data/leerling.eml" >"$T/b2.eml"
start=$(date +%s)
deliver "$T/b2.eml"
ok $? "deliver exits 0 while a flush holds the queue"
took=$(($(date +%s) - start))
ok "$([ "$took" -le 12 ]; echo $?)" "after at most its budget: took $took s"
ok "$([ "$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")" -ge 1 ]; echo $?)" "its answers are left to flush"
kill "$LOCKER" 2>/dev/null
wait "$LOCKER" 2>/dev/null
bpo flush
is "$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NULL")" 0 "the next flush sends them"

if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	chown -R nobody "$T"
	chown root "$T/bpo.db.flush-lock"
	runuser -u nobody -- "$BPOMAIL" -c "$T/bpomail.conf" flush >/dev/null 2>"$T/err"
	is "$?" 75 "flush as the delivery user with root's lock file exits 75"
	like "$(cat "$T/err")" "bpo.db.flush-lock: owned by uid 0 with mode 600, so this user \(uid [0-9]+\) cannot send: chown it to the delivery user \(bpomail setup does\)" "and says whose the lock is and what to do"
	chown nobody "$T/bpo.db.flush-lock"
	chown root "$T/bpo.db-shm"
	runuser -u nobody -- "$BPOMAIL" -c "$T/bpomail.conf" list >/dev/null 2>"$T/err"
	is "$?" 75 "a -shm file root left behind: exit 75"
	like "$(cat "$T/err")" "bpo.db-shm: owned by uid 0 with mode 600, so this user \(uid [0-9]+\) cannot write it: chown it to the delivery user \(bpomail setup does\)" "saying whose it is and what to do"
	runuser -u nobody -- "$BPOMAIL" -c "$T/bpomail.conf" deliver <"$TESTS_DIR/data/leerling.eml" >/dev/null 2>"$T/err"
	is "$?" 75 "deliver then exits 75: the MTA keeps the mail"
	# Root's own commands work as the database's owner: nothing they make is root's.
	chown nobody "$T/bpo.db-shm"
	rm -f "$T/bpo.db.flush-lock"
	bpo flush >/dev/null 2>&1
	bpo list >/dev/null 2>&1
	is "$(stat -c %U "$T/bpo.db.flush-lock")" nobody "a flush run by root leaves a lock file of the database's owner"
	is "$(find "$T" -maxdepth 1 -name 'bpo.db*' -user root | wc -l | tr -d ' ')" 0 "and no file of the database is root's"
	chown -R root "$T"
else
	echo "# not root: the lock of another user is left out"
fi
done_testing
