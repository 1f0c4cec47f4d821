#!/bin/sh
# No message can stop it (README, What bpomail guarantees): every message of the peer
# corpus (tests/data/peer: other projects' MIME parser tests, see its
# SOURCES.md) goes through `deliver` three ways: as is, as a would-be
# request from a known intern begeleider, and as the trajectbegeleider's
# reply in a request's thread. Each delivery exits 0 within the time limit,
# with no sanitizer report, and is recorded exactly once; delivered again it
# adds nothing. All of them together also go through `scan` in one Maildir.
# Every outgoing mail must be free of defects in Python's email parser.
#
# The three ways and the scan each have a site of their own and run at the
# same time; their TAP lines are printed afterwards, in order.
#
# PEER_SETS="cpython rspamd" limits the run to those sets; PEER_SHARE=N
# (make check-asan: 3, a sanitizer build starts slowly) lets each way deliver
# every N-th message only, the ways offset so that every message still goes
# through `deliver` one way and the scan takes them all; PEER_AGAIN=N
# delivers every N-th message a second time (7; 1 for all); PEER_TIMEOUT is
# the limit per delivery (60 s), PEER_SCAN_TIMEOUT that of the scan (1800 s);
# PEER_KEEP=DIR keeps the variants, the databases, the standard error of
# every failed delivery and results.tsv (one line per delivery) in DIR.
. "$(dirname "$0")/../lib.sh"
case $BPOMAIL in
*valgrind*)
	[ -n "${PEER_UNDER_VALGRIND:-}" ] || {
		echo "1..0 # SKIP the peer corpus takes hours under valgrind (PEER_UNDER_VALGRIND=1 runs it)"
		exit 0
	} ;;
esac
PEERTOOL="python3 $TESTS_DIR/peertool.py"
PEER=$TESTS_DIR/data/peer
LIMIT=${PEER_TIMEOUT:-60}
SCAN_LIMIT=${PEER_SCAN_TIMEOUT:-1800}
SETS=${PEER_SETS:-$(cd "$PEER" && ls -d */ | tr -d /)}
IB='IB De Linde <ib@delinde.example>'
TB='Trajectbegeleider Noord <tb.noord@bestuur.example>'
ID=BPO-$(date -u +%Y)-0001
SANITIZER='AddressSanitizer|runtime error:|LeakSanitizer'
TAB=$(printf '\t')

setup no
BASE=$T
trap 'rm -rf "$BASE"' EXIT
V=$BASE/variants
mkdir -p "$V/a" "$BASE/errors"
for s in $SETS; do
	ln -s "$PEER/$s" "$V/a/$s"
done

site() {	# site NAME: a fresh site in $BASE/NAME; it becomes the current one ($T)
	T=$BASE/$1
	mkdir -p "$T"
	cp "$BASE/bpomail.conf" "$T/bpomail.conf"
	echo "error_replies_per_day = 1000" >>"$T/bpomail.conf"
	bpo init >/dev/null && bpo directory import "$BASE/directory.csv" >/dev/null
}

rows() {
	sql "SELECT count(*) FROM message"
}

globs() {	# globs PREFIX...: "PREFIX/SET/*" ("SET/*" for .) for every set, to be expanded unquoted
	for s in $SETS; do
		for p; do
			[ "$p" = . ] && printf '%s/* ' "$s" || printf '%s/%s/* ' "$p" "$s"
		done
	done
}

why() {	# why RC STDERR-FILE LIMIT: what a nonzero exit status means
	case $1 in
	124) echo "no exit within $3 s (timeout)" ;;
	129 | 1[3-9][0-9] | 2[0-9][0-9])
		echo "killed by signal $(($1 - 128)) (SIG$(kill -l $(($1 - 128)) 2>/dev/null))" ;;
	*) echo "exit $1: $(tail -n 1 "$2" | cut -c1-160)" ;;
	esac
}

# The background jobs cannot number TAP lines; they write "STATUS<tab>TEXT"
# and "# diagnostics" lines, which `replay` prints as TAP in this shell.
result() {	# result STATUS TEXT (in a background job)
	printf '%s\t%s\n' "$1" "$2"
}

replay() {	# replay FILE
	while IFS= read -r _l; do
		case $_l in
		[0-9]*"$TAB"*) ok "${_l%%"$TAB"*}" "${_l#*"$TAB"}" ;;
		"#"*) printf '%s\n' "$_l" ;;
		*) printf '#   %s\n' "$_l" ;;
		esac
	done <"$1"
}

# deliver_way WAY INDEX LABEL: every message of $V/WAY (its share, PEER_SHARE)
# through `deliver` twice, in the current site; two results per set.
deliver_way() {
	_way=$1 _label=$3
	(cd "$V/$_way" && $PEERTOOL expect --share "${PEER_SHARE:-1}" --index "$2" $(globs .)) >"$T/expect"
	[ "${PEER_SHARE:-1}" -gt 1 ] && _label="$_label (one message in ${PEER_SHARE})"
	_rows=$(rows)
	for s in $SETS; do
		_cnt=0 _new=0 _bad1= _bad2=
		grep "^[01]$TAB$s/" "$T/expect" >"$T/expect.set"
		while IFS=$TAB read -r _want _f _same; do
			_cnt=$((_cnt + 1))
			_new=$((_new + _want))
			timeout "$LIMIT" "$BPOMAIL" -c "$T/bpomail.conf" deliver <"$V/$_way/$_f" 2>"$T/err1"
			_rc1=$?
			_r1=$(rows)
			# Delivered again (every PEER_AGAIN-th message: the same path each time, and
			# tests/t/020*.t try it harder): exit 0, nothing new.
			if [ $((_cnt % ${PEER_AGAIN:-7})) -eq 1 ] || [ "${PEER_AGAIN:-7}" = 1 ]; then
				timeout "$LIMIT" "$BPOMAIL" -c "$T/bpomail.conf" deliver <"$V/$_way/$_f" 2>"$T/err2"
				_rc2=$?
				_r2=$(rows)
			else
				: >"$T/err2"
				_rc2=0 _r2=$_r1
			fi
			_p1= _p2= _s1= _s2=
			[ -s "$T/err1" ] && _s1=$(grep -Em1 "$SANITIZER" "$T/err1" | cut -c1-160)
			[ -s "$T/err2" ] && _s2=$(grep -Em1 "$SANITIZER" "$T/err2" | cut -c1-160)
			[ "$_rc1" -eq 0 ] || _p1="$_p1; $(why "$_rc1" "$T/err1" "$LIMIT")"
			[ -n "$_s1" ] && _p1="$_p1; $_s1"
			if [ "$_want" = 1 ] && [ "$((_r1 - _rows))" -ne 1 ]; then
				_p1="$_p1; $((_r1 - _rows)) message rows added, not 1"
			elif [ "$_want" = 0 ] && [ "$_r1" -ne "$_rows" ]; then
				_p1="$_p1; recorded again: the same message as $_same"
			fi
			[ "$_rc2" -eq 0 ] || _p2="$_p2; $(why "$_rc2" "$T/err2" "$LIMIT")"
			[ -n "$_s2" ] && _p2="$_p2; $_s2"
			[ "$_r2" -eq "$_r1" ] || _p2="$_p2; $((_r2 - _r1)) message rows added"
			[ -n "$_p1" ] && _bad1="$_bad1#   $_f${_p1#;}
"
			[ -n "$_p2" ] && _bad2="$_bad2#   $_f${_p2#;}
"
			if [ -n "$_p1$_p2" ]; then
				_e=$BASE/errors/$_way/$(echo "$_f" | tr / _)
				mkdir -p "$BASE/errors/$_way"
				cp "$T/err1" "$_e.err"
				cp "$T/err2" "$_e.again.err"
			fi
			printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$_way" "$_f" "$_rc1" "$((_r1 - _rows))" "$_rc2" \
				"$((_r2 - _r1))" "$_s1${_s1:+${_s2:+ / }}$_s2" >>"$BASE/results.$_way"
			_rows=$_r2
		done <"$T/expect.set"
		result "$([ -z "$_bad1" ]; echo $?)" "$s $_label: $_cnt delivered, exit 0 within $LIMIT s, no sanitizer report, recorded once ($_new new)"
		printf '%s' "$_bad1"
		result "$([ -z "$_bad2" ]; echo $?)" "$s $_label: delivered again (every ${PEER_AGAIN:-7}th), exit 0, no sanitizer report, nothing new recorded"
		printf '%s' "$_bad2"
	done
}

# outbox_clean LABEL: check_outbox (in a background job), with the corpus
# file behind each problem.
outbox_clean() {
	_out=$($MAILTOOL check "$T/outbox" 2>&1)
	result $? "$1: every outgoing mail is well-formed ($(outbox_count) mails)"
	[ -n "$_out" ] && printf '%s\n' "$_out" | $PEERTOOL attribute "$T/bpo.db" "$V/a" "$V/b" "$V/c" |
		sed 's/^/#   /'
	return 0
}

# scan_all: every variant, once, through `scan` in the current site.
scan_all() {
	M=$BASE/maildir
	mkdir -p "$M/new" "$M/cur" "$M/tmp"
	(cd "$V" && $PEERTOOL expect $(globs a b c)) >"$T/expect"
	_i=0
	while IFS=$TAB read -r _want _f _same; do
		_i=$((_i + 1))
		cp "$V/$_f" "$M/new/$((1700000000 + _i)).M${_i}P1.peer"
		printf '%s\t%s\n' "$((1700000000 + _i)).M${_i}P1.peer" "$_f" >>"$T/maildir.map"
	done <"$T/expect"
	_want=$(($(grep -c "^1$TAB" "$T/expect") + $(rows)))
	timeout "$SCAN_LIMIT" "$BPOMAIL" -c "$T/bpomail.conf" scan "$M" 2>"$T/scan.err"
	_rc=$?
	cp "$T/scan.err" "$BASE/errors/scan.err"
	result "$_rc" "scan of $_i messages (the three ways) exits 0 within $SCAN_LIMIT s"
	[ "$_rc" -eq 0 ] || {
		echo "#   $(why "$_rc" "$T/scan.err" "$SCAN_LIMIT")"
		tail -n 5 "$T/scan.err" | cut -c1-300 | sed 's/^/#   /'
	}
	_san=$(grep -Em3 "$SANITIZER" "$T/scan.err")
	result "$([ -z "$_san" ]; echo $?)" "scan: no sanitizer report"
	[ -z "$_san" ] || printf '%s\n' "$_san" | sed 's/^/#   /'
	_left=$(ls "$M/new" | wc -l | tr -d ' ')
	_cur=$(ls "$M/cur" | wc -l | tr -d ' ')
	result "$([ "$_left $_cur" = "0 $_i" ]; echo $?)" "scan: every message moved to cur/"
	[ "$_left" -eq 0 ] || {
		echo "#   $_left left in new/, $_cur in cur/; the first left:"
		ls "$M/new" | head -n 3 | while read -r n; do
			echo "#     $(grep "^$n$TAB" "$T/maildir.map" | cut -f2)"
		done
	}
	_got=$(rows)
	result "$([ "$_got" = "$_want" ]; echo $?)" "scan: one message row per distinct message"
	[ "$_got" = "$_want" ] || echo "#   got $_got rows, expected $_want"
	outbox_clean "scan"
}

site a
site b
$PEERTOOL rewrite --out "$V/b" --tag b --from "$IB" --to "$SYS" $(globs "$PEER")
site c
deliver "$TESTS_DIR/data/groep-tb.eml"
tbmail=$(latest tb.noord@bestuur.example)
set -- $($PEERTOOL thread "$tbmail")
thread_id=${1:-} reply_to=${2:-}
like "$thread_id $reply_to $(bpo list)" "^<.*@.*> bpo\+.*@swv.example .*$ID" "a request with the trajectbegeleider as participant, and the mail to reply to"
$PEERTOOL rewrite --out "$V/c" --tag c --from "$TB" --to "$reply_to" --subject-prefix "[$ID] " \
	--reply-to-id "$thread_id" $(globs "$PEER")
# The scan's site is a copy of this one as it is now (the request, the
# database's secret), so the replies' tokens are valid there too.
mkdir -p "$BASE/scan"
cp "$T/bpomail.conf" "$BASE/scan/bpomail.conf"
sql ".backup '$BASE/scan/bpo.db'"

# a. As is, from whoever it claims to be.
(T=$BASE/a; deliver_way a 0 "as is"; outbox_clean "as is") >"$BASE/tap.a" 2>"$BASE/errors/job.a" &
job_a=$!
# b. A would-be request from a known intern begeleider.
(T=$BASE/b; deliver_way b 1 "from the intern begeleider"
	outbox_clean "from the intern begeleider") >"$BASE/tap.b" 2>"$BASE/errors/job.b" &
job_b=$!
# c. The trajectbegeleider's reply in the request's thread.
(T=$BASE/c; deliver_way c 2 "as the trajectbegeleider's reply"
	outbox_clean "as the trajectbegeleider's reply") >"$BASE/tap.c" 2>"$BASE/errors/job.c" &
job_c=$!
# All of them, once, through `scan`.
(T=$BASE/scan; scan_all) >"$BASE/tap.scan" 2>"$BASE/errors/job.scan" &
job_scan=$!
wait $job_a $job_b $job_c $job_scan
for w in a b c scan; do
	replay "$BASE/tap.$w"
done

if [ -n "${PEER_KEEP:-}" ]; then
	mkdir -p "$PEER_KEEP"
	rm -f "$V/a"/*
	rmdir "$V/a"
	cp -r "$V" "$BASE/errors" "$PEER_KEEP/"
	printf 'way\tfile\trc\trows\trc_again\trows_again\tsanitizer\n' >"$PEER_KEEP/results.tsv"
	cat "$BASE"/results.? >>"$PEER_KEEP/results.tsv" 2>/dev/null
	for w in a b c scan; do
		cp "$BASE/$w/bpo.db" "$PEER_KEEP/$w.db"
	done
fi
done_testing
