#!/bin/sh
# The HTML alternative of every mail renders in a real browser engine (issue
# 10, item 3): a groep request through the main path (as 0001-main-path.t)
# and a leerling request to the parents; every text/html part of every mail
# queued is rendered headless by Debian's chromium (tests/browser/render)
# without network: no external resources, a screenshot that is not blank,
# a layout that fits the window. Skipped (not passed) when chromium cannot
# be installed. BPOMAIL_RENDER_KEEP=DIR keeps the HTML, text and PNG files
# there (make mail-voorbeeld uses it for doc/).
. "$(dirname "$0")/../lib.sh"
# Rendering does not depend on the sanitizers: once per make check, with the tree's own build.
[ "$(cd "$(dirname "$BPOMAIL")" 2>/dev/null && pwd)/$(basename "$BPOMAIL")" = "$TOP/bpomail" ] || {
	echo "1..0 # SKIP rendered once, with the tree's own bpomail (not $BPOMAIL)"
	exit 0
}
setup no
Y=$(date -u +%Y)
RENDER="$TESTS_DIR/browser/render"

# The main path, every step by a reply.
deliver "$TESTS_DIR/data/groep-tb.eml"
ok $? "a groep request is recorded"
ID=BPO-$Y-0001
answer "$(latest tb.noord@bestuur.example)" tb.noord@bestuur.example outlook "Akkoord"
answer "$(latest loket@swv.example)" loket@swv.example gmail "SO-coördinator: so-coordinator de brug"
answer "$(latest soco@debrug.example)" soco@debrug.example apple "BPO-er: BPO-er De Brug"
answer "$(latest bpoer@debrug.example)" bpoer@debrug.example iphone "AFGEROND"
is "$(status_of $ID)" "BPO>afgerond" "the groep request went the whole main path"
# The parents' letters: a leerling request, consent given.
deliver "$TESTS_DIR/data/leerling.eml"
ok $? "a leerling request is recorded"
answer "$(latest ouder.test@thuis.example)" ouder.test@thuis.example gmail "TOESTEMMING"
check_outbox

mkdir -p "$T/html"
extracted=$(python3 "$TESTS_DIR/browser/extract-html" "$T/outbox" "$T/bpo.db" "$T/html")
ok $? "every queued mail reads without defects"
printf '%s\n' "$extracted" | grep -v '^no html: ' | sed 's/^/# /'
html=$(ls "$T/html" | grep -c '\.html$')

# The renderer itself, on a mail-like page (so a broken chromium is seen before bpomail's HTML is).
mkdir -p "$T/self"
cat >"$T/self/voorbeeld.html" <<'HTML'
<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Graag uw beoordeling</title></head>
<body style="font-family: sans-serif; max-width: 640px">
<p>Beste Trajectbegeleider Noord,</p>
<p>De school vraagt begeleiding passend onderwijs aan voor groep 5. Coördinatie, ideeën.</p>
<table style="border-collapse: collapse">
<tr><th style="text-align: left; padding: 4px">Kenmerk</th><td style="padding: 4px">BPO-2027-0001</td></tr>
<tr><th style="text-align: left; padding: 4px">School</th><td style="padding: 4px">Basisschool De Linde</td></tr>
</table>
<p><a href="mailto:bpo+token@swv.example?subject=AKKOORD&amp;body=AKKOORD" style="background: #1a6e3a; color: #fff; padding: 8px 16px; text-decoration: none">Akkoord</a></p>
</body></html>
HTML
out=$("$RENDER" "$T/self" 2>&1)
rc=$?
if [ $rc -eq 77 ]; then
	echo "ok $((_n += 1)) # skip $(printf '%s' "$out" | tail -n 1)"
	echo "ok $((_n += 1)) # skip chromium not installed: bpomail's HTML not rendered"
	done_testing
fi
ok $rc "the renderer works here (a mail-like page renders)"
[ $rc -eq 0 ] || printf '%s\n' "$out" | sed 's/^/#   /'

if [ "$html" -eq 0 ]; then
	echo "ok $((_n += 1)) # skip no text/html part in any outgoing mail yet (letter.c does not set mail_out.html)"
else
	out=$("$RENDER" "$T/html" 2>&1)
	ok $? "every HTML part ($html) renders: no external resources, not blank, fits the window"
	printf '%s\n' "$out" | sed 's/^/#   /'
	missing=$(printf '%s\n' "$extracted" | sed -n 's/^no html: //p')
	is "$missing" "" "every mail has an HTML alternative"
fi

# Every template, with every placeholder filled (the template unit test writes them).
UNIT="$TOP/build/tests/test_template"
if [ ! -x "$UNIT" ]; then
	echo "ok $((_n += 1)) # skip $UNIT not built (make unit builds it)"
else
	mkdir -p "$T/templates"
	BPOMAIL_HTML_OUT="$T/templates" BPOMAIL_TEMPLATEDIR="$TOP/templates" "$UNIT" >/dev/null 2>&1
	n=$(ls "$T/templates" | grep -c '\.html$')
	want=$(ls "$TOP/templates" | grep -c '\.txt$')
	is "$n" "$((want - 2))" "every template's HTML is written (all but the partials voettekst and groet)"
	out=$("$RENDER" "$T/templates" 2>&1)
	ok $? "every template's HTML part ($n) renders: no external resources, not blank, fits the window"
	printf '%s\n' "$out" | sed 's/^/#   /'
fi

if [ -n "${BPOMAIL_RENDER_KEEP:-}" ]; then
	mkdir -p "$BPOMAIL_RENDER_KEEP"
	cp "$T"/html/* "$BPOMAIL_RENDER_KEEP"/ 2>/dev/null
	cp "$T"/self/* "$BPOMAIL_RENDER_KEEP"/
fi
done_testing
