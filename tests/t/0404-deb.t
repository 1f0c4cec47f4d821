#!/bin/sh
# The Debian package (debian/; issue 11 item 3): built with dpkg-buildpackage
# from a copy of the tree, it installs (user bpomail, /var/lib/bpomail 0750,
# the configuration root:bpomail 0640, binary, templates, man pages, units),
# bpomail setup then makes the database, an upgrade keeps a changed
# configuration and the database, and a purge removes everything again.
# Root only, with debhelper; never on a machine where bpomail is installed.
. "$(dirname "$0")/../lib.sh"
skip() {
	echo "1..0 # SKIP $*"
	exit 0
}
[ "$(id -u)" = 0 ] || skip "not root: this test installs and purges a package"
# The package is built from the tree, whatever $BPOMAIL is: once per make check, not again under ASan.
[ "$(cd "$(dirname "$BPOMAIL")" 2>/dev/null && pwd)/$(basename "$BPOMAIL")" = "$TOP/bpomail" ] ||
	skip "the package does not use $BPOMAIL (it runs with the tree's own bpomail)"
if ! command -v dpkg-buildpackage >/dev/null 2>&1 || ! command -v dh >/dev/null 2>&1; then
	echo "# installing dpkg-dev and debhelper (apt-get)"
	_inst="apt-get install -y -q -o DPkg::Lock::Timeout=300 --no-install-recommends dpkg-dev debhelper"
	DEBIAN_FRONTEND=noninteractive $_inst >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive $_inst >/dev/null 2>&1; } ||
		skip "apt-get install dpkg-dev debhelper failed"
fi
dpkg-query -W -f='${Status}' bpomail 2>/dev/null | grep -q installed && skip "the package bpomail is installed here already"
[ -e /usr/bin/bpomail ] && skip "/usr/bin/bpomail exists already"
getent passwd bpomail >/dev/null && skip "a user bpomail exists already"
T=$(mktemp -d "${TMPDIR:-/tmp}/bpomail-deb.XXXXXX")
cleanup() {
	dpkg --purge bpomail >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

mkdir "$T/src"
tar -C "$TOP" --exclude=./build --exclude=./.git --exclude=./tests --exclude=./bpomail -cf - . | tar -C "$T/src" -xf -
(cd "$T/src" && dpkg-buildpackage -us -uc -b -j2) >"$T/build.log" 2>&1
ok $? "dpkg-buildpackage -b builds the package"
[ -f "$T/bpomail_1.0_amd64.deb" ] || { tail -n 20 "$T/build.log" | sed 's/^/#   /'; done_testing; }
DEB=$(ls "$T"/bpomail_*_*.deb | grep -v dbgsym)

dpkg -i "$DEB" >"$T/install.log" 2>&1
ok $? "dpkg -i installs it"
[ -s "$T/install.log" ] && grep -iE 'warn|error' "$T/install.log" | sed 's/^/#   /'
like "$(/usr/bin/bpomail --version)" "^bpomail 1\.0$" "/usr/bin/bpomail runs"
is "$(getent passwd bpomail | cut -d: -f6,7)" "/var/lib/bpomail:/usr/sbin/nologin" "the system user bpomail, without a shell"
is "$(stat -c '%U %G %a' /var/lib/bpomail)" "bpomail bpomail 750" "/var/lib/bpomail: the user's, 0750"
is "$(stat -c '%U %G %a' /etc/bpomail.conf)" "root bpomail 640" "/etc/bpomail.conf: root's, readable by group bpomail"
is "$(dpkg-query -W -f='${Conffiles}' bpomail | awk '{print $1}' | tr -d '\n')" "/etc/bpomail.conf" "and a conffile"
ok "$(test -f /usr/share/bpomail/templates/status.txt && test -f /usr/share/man/man1/bpomail.1.gz && test -f /lib/systemd/system/bpomail-flush.timer; echo $?)" "templates, man pages and units"
grep -aq /usr/share/bpomail/templates /usr/bin/bpomail
ok $? "the binary looks for its templates in /usr/share/bpomail/templates"

# setup makes the database; a request runs with the packaged templates.
sed -i -e 's|^sendmail *=.*|outbox = /var/lib/bpomail/outbox|' /etc/bpomail.conf
bpomail -c /etc/bpomail.conf setup >"$T/setup.out" 2>&1
ok $? "bpomail setup"
is "$(stat -c '%U %a' /var/lib/bpomail/bpo.db)" "bpomail 600" "makes the database the user's, 0600"
cp "$TESTS_DIR/data/directory.csv" "$T/directory.csv"
bpomail -c /etc/bpomail.conf directory import "$T/directory.csv" >/dev/null
runuser -u bpomail -- bpomail -c /etc/bpomail.conf deliver <"$TESTS_DIR/data/leerling.eml"
ok $? "the delivery user takes a request"
is "$(ls /var/lib/bpomail/outbox/new | wc -l | tr -d ' ')" 4 "and answers it with the packaged templates"

# An upgrade (the same package as 1.0.1) keeps the changed configuration and the database.
mkdir "$T/up"
dpkg-deb -R "$DEB" "$T/up/pkg"
sed -i 's/^Version: .*/Version: 1.0.1/' "$T/up/pkg/DEBIAN/control"
dpkg-deb -b "$T/up/pkg" "$T/up/bpomail_1.0.1.deb" >/dev/null 2>&1
dpkg -i --force-confold "$T/up/bpomail_1.0.1.deb" >"$T/upgrade.log" 2>&1
ok $? "dpkg -i of a newer version upgrades"
is "$(dpkg-query -W -f='${Version}' bpomail)" "1.0.1" "to 1.0.1"
like "$(cat /etc/bpomail.conf)" "^outbox = /var/lib/bpomail/outbox$" "the changed configuration stays"
is "$(stat -c '%U %G %a' /etc/bpomail.conf)" "root bpomail 640" "with its owner and mode"
is "$(runuser -u bpomail -- bpomail -c /etc/bpomail.conf list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 1 "the database and its request stay"

dpkg --purge bpomail >"$T/purge.log" 2>&1
ok $? "dpkg --purge removes it"
ok "$(test ! -e /usr/bin/bpomail && test ! -e /etc/bpomail.conf && test ! -e /var/lib/bpomail && test ! -e /usr/share/bpomail && test ! -e /lib/systemd/system/bpomail-flush.timer; echo $?)" "binary, configuration, database and units are gone"
getent passwd bpomail >/dev/null
ok $((!$?)) "and the user bpomail"
done_testing
