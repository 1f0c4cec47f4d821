#!/bin/sh
# Peak memory of deliver (issue 12): a 10 MiB form (bench/gen.py big, one
# document) is delivered under bench/brun, whose wait4 gives the peak
# resident size of the largest single process, bpomail or its parsing
# child. Memory, unlike time, does not depend on the machine's load: the
# bound is fixed. It is 3x the message (the goal of the issue) plus what a
# small request takes (start-up, libraries, SQLite's cache), measured here
# too. Skipped under the sanitizers, whose shadow memory is most of a
# process.
. "$(dirname "$0")/../lib.sh"
case $BPOMAIL in
*asan*|*valgrind*)
	echo "1..0 # SKIP under a sanitizer the resident size is its own"
	exit 0 ;;
esac
setup no
if ! cc -O2 -o "$T/brun" "$TOP/bench/brun.c" 2>"$T/cc.err"; then
	echo "1..0 # SKIP cannot build bench/brun.c: $(head -n 1 "$T/cc.err")"
	exit 0
fi
MIB=10
python3 "$TOP/bench/gen.py" big "$T/big.eml" --bytes $((MIB * 1048576)) --seed 1001
peak() {	# peak FILE: peak RSS in kB of one deliver, "kB status"
	"$T/brun" -i "$1" -e "$T/stderr" -- "$BPOMAIL" -c "$T/bpomail.conf" deliver | cut -d' ' -f4,5
}
set -- $(peak "$TESTS_DIR/data/groep-tb.eml")
base=$1
is "$2" 0 "a small request is delivered (peak ${base} kB)"
set -- $(peak "$T/big.eml")
big=$1
is "$2" 0 "the $MIB MiB form is delivered"
is "$(sql "SELECT outcome FROM message ORDER BY id DESC LIMIT 1")" aanvraag "and recorded as a request"
bound=$((3 * MIB * 1024 + base))
[ "$big" -le "$bound" ]
ok $? "peak ${big} kB is at most 3x the message plus the small request's ${base} kB (${bound} kB)"
done_testing
