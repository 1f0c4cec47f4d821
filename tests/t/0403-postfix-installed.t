#!/bin/sh
# tests/t/0401-postfix.t against the installed binary (issue 11 item 3): make
# install under a PREFIX, bpomail setup for the delivery user, and the whole
# end-to-end run through Postfix with the templates make install put there.
BPOMAIL_INSTALLED=yes
export BPOMAIL_INSTALLED
exec sh "$(dirname "$0")/0401-postfix.t"
