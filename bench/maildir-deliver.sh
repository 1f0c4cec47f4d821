#!/bin/sh
# bench/maildir-deliver.sh MAILDIR UNIQUE < message: a correct, durable
# Maildir delivery in shell: the message written to tmp/ and fsync'd (coreutils
# `sync FILE` calls fsync on it), renamed into new/, and new/ fsync'd.
set -e
n=$2.$$.bench
cat >"$1/tmp/$n"
sync "$1/tmp/$n"
mv "$1/tmp/$n" "$1/new/$n"
sync "$1/new"
