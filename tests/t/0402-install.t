#!/bin/sh
# Installed as a service (bpomail(1), INSTALLATION; issue 11 item 3):
# make install into a DESTDIR gives the binary, templates, man pages, sample
# configuration, systemd units and cron file, with the paths filled in;
# make uninstall removes them again. Installed under a PREFIX, the binary
# finds its templates there; bpomail setup (as root) makes the delivery
# user, its directory (0750) and database (0600) and prints the Postfix
# lines; the installed binary then takes a request as that user.
. "$(dirname "$0")/../lib.sh"
command -v make >/dev/null 2>&1 || { echo "1..0 # SKIP no make"; exit 0; }
# make install builds from the tree, whatever $BPOMAIL is: once per make check, not again under ASan.
[ "$(cd "$(dirname "$BPOMAIL")" 2>/dev/null && pwd)/$(basename "$BPOMAIL")" = "$TOP/bpomail" ] ||
	{ echo "1..0 # SKIP make install does not use $BPOMAIL (it installs the tree's own build)"; exit 0; }
T=$(mktemp -d "${TMPDIR:-/tmp}/bpomail-inst.XXXXXX")
NEWUSER=bpomail-inst$$
trap 'rm -rf "$T"; [ "$(id -u)" = 0 ] && userdel "$NEWUSER" >/dev/null 2>&1' EXIT
chmod 755 "$T"
Y=$(date -u +%Y)

make -s -C "$TOP" install DESTDIR="$T/dest" PREFIX=/usr/local >"$T/make.out" 2>&1
ok $? "make install DESTDIR=... exits 0"
[ -s "$T/make.out" ] && sed 's/^/#   /' "$T/make.out" | tail -n 5
D=$T/dest
is "$(stat -c %a "$D/usr/local/bin/bpomail")" 755 "the binary, mode 755"
is "$(stat -c %a "$D/usr/local/lib/bpomail/bpomail-pdf")" 755 "the consent form's helper in lib/bpomail, mode 755"
grep -aq "/usr/local/lib/bpomail" "$D/usr/local/bin/bpomail"
ok $? "where the installed binary looks for it"
is "$(ls "$D/usr/local/share/bpomail/templates" | wc -l | tr -d ' ')" "$(ls "$TOP/templates"/*.txt | wc -l | tr -d ' ')" "every template in share/bpomail/templates"
ok "$(test -f "$D/usr/local/share/man/man1/bpomail.1" && test -f "$D/usr/local/share/man/man5/bpomail.conf.5"; echo $?)" "the man pages"
grep -aq "/usr/local/share/bpomail/templates" "$D/usr/local/bin/bpomail"
ok $? "the installed binary looks for its templates under the PREFIX"
grep -aq "$TOP/templates" "$D/usr/local/bin/bpomail"
ok $((!$?)) "and not in the build tree"
like "$(cat "$D/usr/local/share/bpomail/bpomail.conf.sample")" "^#templates = /usr/local/share/bpomail/templates$" "a commented sample configuration"
is "$(stat -c %a "$D/etc/bpomail.conf")" 640 "installed as /etc/bpomail.conf (640) when there is none"
for u in flush remind digest upkeep; do
	ok "$(test -f "$D/usr/local/lib/systemd/system/bpomail-$u.service" && test -f "$D/usr/local/lib/systemd/system/bpomail-$u.timer"; echo $?)" "systemd service and timer: $u"
done
like "$(cat "$D/usr/local/lib/systemd/system/bpomail-flush.service")" "^ExecStart=/usr/local/bin/bpomail -c /etc/bpomail.conf flush$" "the service runs the installed binary with the configuration"
like "$(cat "$D/usr/local/lib/systemd/system/bpomail-flush.service")" "^User=bpomail$" "as the user bpomail"
like "$(cat "$D/usr/local/lib/systemd/system/bpomail-flush.timer")" "^OnCalendar=\*:0/5$" "flush every 5 minutes"
like "$(cat "$D/usr/local/share/bpomail/bpomail.cron")" "^\*/5 \* \* \* \*  bpomail  /usr/local/bin/bpomail -c /etc/bpomail.conf flush$" "a cron file, as the user bpomail, with -c"
is "$(grep -rl '@[A-Z]*DIR@' "$D" | wc -l | tr -d ' ')" 0 "no placeholder left"
if command -v systemd-analyze >/dev/null 2>&1; then
	systemd-analyze verify --man=no "$D"/usr/local/lib/systemd/system/bpomail-*.timer >"$T/verify" 2>&1
	unlike "$(grep -v 'Cannot find unit\|not found\|ExecStart=.*is not executable\|Command .* is not executable\|Unit .*bpomail-.*.service not found\|bpomail-.*service: Failed' "$T/verify")" "[Ee]rror|[Ii]nvalid|[Uu]nknown" "systemd-analyze verify finds no syntax error"
fi
make -s -C "$TOP" uninstall DESTDIR="$T/dest" PREFIX=/usr/local >"$T/make.out" 2>&1
ok $? "make uninstall exits 0"
is "$(cd "$D" && find . -type f | sort | tr '\n' ' ')" "./etc/bpomail.conf " "and leaves only the configuration"

# Under a PREFIX: the binary finds its installed templates and runs a request.
P=$T/prefix
make -s -C "$TOP" install PREFIX="$P" SYSCONFDIR="$T/etc" SYSTEMDDIR="$T/units" >"$T/make.out" 2>&1
ok $? "make install PREFIX=... exits 0"
BIN=$P/bin/bpomail
grep -aq "$P/lib/bpomail" "$BIN"
ok $? "under a PREFIX, the binary looks for its helper there"
CONF=$T/etc/bpomail.conf
sed -i -e "s|^database *=.*|database = $T/site/bpo.db|" -e "s|^sendmail *=.*|outbox = $T/site/outbox|" "$CONF"
unlike "$(cat "$CONF")" "^templates" "the configuration does not name the templates"
out=$("$BIN" -c "$CONF" setup --postfix)
ok $? "setup --postfix prints the Postfix lines"
like "$out" "^  flags=DRXq user=bpomail argv=$BIN -c $CONF deliver --recipient \\$\{recipient\}$" "master.cf: the pipe with its flags, user and the installed binary"
like "$out" "^bpo@swv.example bpomail:$" "transport_maps"
like "$out" "^bpo@swv.example bpo@swv.example$" "virtual_alias_maps, so the address is known with the domain in mydestination"
like "$out" "^postconf -e 'recipient_delimiter = \+'$" "recipient_delimiter"
like "$out" "^postconf -e 'message_size_limit = 3[0-9]{7}'$" "message_size_limit above 25 MB with base64"
like "$out" "^postconf -e 'bpomail_destination_recipient_limit = 1'$" "one recipient per delivery"

if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null 2>&1; then
	"$BIN" -c "$CONF" setup --user "$NEWUSER" >"$T/setup.out" 2>"$T/setup.err"
	ok $? "setup as root exits 0"
	sed 's/^/#   /' "$T/setup.err"
	like "$(cat "$T/setup.out")" "^user $NEWUSER created$" "it creates the delivery user"
	is "$(id -u "$NEWUSER" >/dev/null 2>&1; echo $?)" 0 "which exists"
	is "$(stat -c '%U %a' "$T/site")" "$NEWUSER 750" "the database's directory: the user's, 0750"
	is "$(stat -c '%U %a' "$T/site/bpo.db")" "$NEWUSER 600" "the database: the user's, 0600"
	is "$(stat -c '%U %G %a' "$CONF")" "root $(id -gn "$NEWUSER") 640" "the configuration: root's, readable by the user's group"
	like "$(cat "$T/setup.out")" "flags=DRXq user=$NEWUSER argv=$BIN -c $CONF deliver" "and prints the Postfix lines for that user"
	as_user() { runuser -u "$NEWUSER" -- "$BIN" -c "$CONF" "$@"; }
	is "$(as_user check 2>&1 | tail -n 1)" "$NEWUSER can write the database, its -wal, -shm and lock" "check passes as the delivery user"
	as_user directory import "$TESTS_DIR/data/directory.csv" >/dev/null <"$TESTS_DIR/data/directory.csv" 2>"$T/err" ||
		{ cp "$TESTS_DIR/data/directory.csv" "$T/directory.csv"; chmod 644 "$T/directory.csv"; as_user directory import "$T/directory.csv" >/dev/null; }
	as_user deliver <"$TESTS_DIR/data/leerling.eml"
	ok $? "the installed binary, as the delivery user, takes a request"
	is "$(as_user list --json | python3 -c 'import json,sys; print([r["id"] for r in json.load(sys.stdin)])')" "['BPO-$Y-0001']" "it is recorded"
	is "$(ls "$T/site/outbox/new" | wc -l | tr -d ' ')" 4 "and answered, with the installed templates"
	is "$(for f in "$T/site/outbox/new"/*; do $MAILTOOL show "$f"; done | grep -c 'Attachment: Toestemmingsformulier')" 1 "the parents' letter carries the consent form, drawn by the installed helper"
	is "$(find "$T/site" -maxdepth 1 -name 'bpo.db*' ! -user "$NEWUSER" | wc -l | tr -d ' ')" 0 "every file of the database is the user's"
	"$BIN" -c "$CONF" flush >/dev/null 2>&1
	"$BIN" -c "$CONF" check >/dev/null 2>"$T/err"
	is "$?" 0 "a flush by root leaves nothing the user cannot write"
	[ -s "$T/err" ] && sed 's/^/#   /' "$T/err"
	"$BIN" -c "$CONF" setup --user "$NEWUSER" >/dev/null 2>&1
	ok $? "setup again is harmless"
else
	echo "# not root: setup itself is left out"
fi
make -s -C "$TOP" uninstall PREFIX="$P" SYSCONFDIR="$T/etc" SYSTEMDDIR="$T/units" >/dev/null 2>&1
ok "$(test ! -e "$BIN" && test ! -e "$P/share/bpomail" && test ! -e "$P/lib/bpomail"; echo $?)" "make uninstall under the PREFIX"
done_testing
