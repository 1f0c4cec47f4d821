#!/bin/sh
# The consent form is drawn by the helper bpomail-pdf (issue 12: cairo and
# fontconfig stay out of every deliver), found beside the binary, else in
# LIBEXECDIR. Whatever goes wrong with it (missing, failing, not a PDF, too
# much output, hanging), the parents' letter still goes out, without the
# form, exactly as when cairo failed: the request is recorded (exit 0), the
# disclosure is recorded, and standard error (the MTA's log) has one line
# that says why. The helper runs with a
# fixed environment and no descriptor of bpomail's but its own pipes.
. "$(dirname "$0")/../lib.sh"
setup no
Y=$(date -u +%Y)
HERE=$(cd "$(dirname "$BPOMAIL")" && pwd)
REAL=$HERE/bpomail-pdf
[ -x "$REAL" ] || { echo "1..0 # SKIP no $REAL beside $BPOMAIL (make all builds it)"; exit 0; }

# A copy of bpomail in a directory of its own, with the helper this test puts beside it.
mkdir "$T/bin"
cp "$BPOMAIL" "$T/bin/bpomail"
BPOMAIL=$T/bin/bpomail
HELPER=$T/bin/bpomail-pdf
n=0

helper() {	# helper SCRIPT-BODY: the fake bpomail-pdf beside the copy
	printf '#!/bin/sh\n%s\n' "$1" >"$HELPER"
	chmod 755 "$HELPER"
}

# request: one more leerling request (its own Message-ID); sets ID and oudermail.
request() {
	n=$((n + 1))
	sed "s/aanvraag-leerling-1/aanvraag-pdf-$n/" "$TESTS_DIR/data/leerling.eml" >"$T/l$n.eml"
	deliver "$T/l$n.eml"
	ok $? "$1: the request is recorded (exit 0)"
	ID=$(printf 'BPO-%s-%04d' "$Y" "$n")
	oudermail=$(latest ouder.test@thuis.example)
}

without_form() {	# without_form CASE WHY: the parent's letter went out, without the PDF, and WHY was said
	m=$(text "$oudermail")
	like "$m" "Subject: \[$ID\] Verzoek om toestemming" "$1: the parent is still asked for consent"
	unlike "$m" "Attachment: Toestemmingsformulier" "$1: without the form"
	like "$m" "Vraag de intern begeleider van de school om een toestemmingsformulier" "$1: the letter does not promise it"
	like "$(bpo show $ID)" "ouder.test@thuis.example \(ouder\): verzoek om toestemming" "$1: the disclosure is recorded"
	is "$(cat "$T/stderr")" "bpomail: consent form: $2" "$1: one line says why"
}

# No helper beside the copy: LIBEXECDIR, where none is installed on a test machine.
libexec=$(grep -ao '/[[:alnum:]/._-]*/lib/bpomail' "$BPOMAIL" | head -n 1)
request "missing"
if [ -x "$libexec/bpomail-pdf" ]; then
	echo "ok $((_n += 1)) # skip a bpomail-pdf is installed in $libexec"
else
	without_form "missing" "$libexec/bpomail-pdf: No such file or directory"
fi

helper 'echo "kapot" >&2; exit 70'
request "failing"
without_form "failing" "bpomail-pdf exited with 70: kapot"

helper 'cat >/dev/null; echo "geen pdf"'
request "not a PDF"
without_form "not a PDF" "bpomail-pdf gave no whole PDF (9 bytes)"

helper 'cat >/dev/null; printf "%%PDF-"; head -c 5000000 /dev/zero'
request "more than 4 MB"
without_form "more than 4 MB" "bpomail-pdf: more than 4194304 bytes of output"

helper 'exec sleep 60'
start=$(date +%s)
request "hanging"
took=$(($(date +%s) - start))
without_form "hanging" "bpomail-pdf: killed after 10 s"
ok "$([ "$took" -ge 9 ] && [ "$took" -le 30 ]; echo $?)" "hanging: killed after 10 s (took $took s)"

# The real helper behind a wrapper that notes what it was given.
# ls runs in a subshell, so it lists the shell's descriptors as bpomail left them
# (and the one dash reads this script on).
helper "env >'$T/env'
(ls -l /proc/\$\$/fd/ >'$T/fds.ls')
exec '$REAL'"
request "wrapped"
awk -v me="$HELPER" '$NF != me && $(NF-1) == "->" { print $(NF-2), $NF }' "$T/fds.ls" >"$T/fds"
like "$(text "$oudermail")" "Attachment: Toestemmingsformulier $ID\.pdf \(application/pdf\)" "wrapped: the real helper's form is attached"
like "$(text "$oudermail")" "In de bijlage staat een toestemmingsformulier" "and the letter says so"
is "$(grep -v '^PWD=' "$T/env" | sort | tr '\n' ' ')" "LC_ALL=C.UTF-8 PATH=/usr/bin:/bin " "the helper gets a fixed environment"
is "$(cut -d' ' -f1 "$T/fds" | sort -n | tr '\n' ' ')" "0 1 2 " "and only its standard input, output and error"
like "$(sed -n 's/^0 //p' "$T/fds") $(sed -n 's/^1 //p' "$T/fds")" "^pipe:.* pipe:" "which are pipes from bpomail"

check_outbox
done_testing
