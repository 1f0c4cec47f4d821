#!/bin/sh
# tests/t/0401-postfix.t against the installed binary (issue 11 item 3): make
# install under a PREFIX, bpomail setup for the delivery user, and the whole
# end-to-end run through Postfix with the templates make install put there.
# make install builds from the tree, whatever $BPOMAIL is: once per make
# check, not again under ASan (0401 itself runs the ASan binary).
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BPOMAIL=${BPOMAIL:-$TOP/bpomail}
if [ "$(cd "$(dirname "$BPOMAIL")" 2>/dev/null && pwd)/$(basename "$BPOMAIL")" != "$TOP/bpomail" ]; then
	echo "1..0 # SKIP make install does not use $BPOMAIL (it installs the tree's own build)"
	exit 0
fi
BPOMAIL_INSTALLED=yes
export BPOMAIL_INSTALLED
exec sh "$(dirname "$0")/0401-postfix.t"
