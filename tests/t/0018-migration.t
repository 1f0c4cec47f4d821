#!/bin/sh
# A database made by schema version 1 (tests/data/schema-v1.sqlite: the
# demo's two requests, made by the first bpomail) migrates in place to the
# current schema the first time bpomail opens it, and keeps working.
. "$(dirname "$0")/../lib.sh"
setup yes
rm -f "$T/bpo.db" "$T/bpo.db-wal" "$T/bpo.db-shm"
cp "$TESTS_DIR/data/schema-v1.sqlite" "$T/bpo.db"
is "$(sql "PRAGMA user_version")" 1 "the file is schema version 1"
before_events=$(sql "SELECT count(*) FROM event")
before_docs=$(sql "SELECT group_concat(filename || ' ' || sha256, ',') FROM (SELECT * FROM document ORDER BY id)")

bpo list >"$T/list" 2>"$T/err"
ok $? "bpomail opens it"
is "$(sql "PRAGMA user_version")" 4 "and migrates it to the current version (4)"
is "$(sql "PRAGMA foreign_key_check" | wc -l | tr -d ' ')" 0 "no foreign key is broken"
is "$(sql "PRAGMA integrity_check")" "ok" "the file is sound"
like "$(cat "$T/list")" "BPO-2027-0001 +BPO>afgerond" "the first request is still afgerond"
like "$(cat "$T/list")" "BPO-2027-0002 +BPO>doorgezet naar SO" "the second still doorgezet"
is "$(sql "SELECT group_concat(status) FROM (SELECT status FROM request ORDER BY id)")" "afgerond,doorgezet" \
	"statuses are stored as codes"
is "$(sql "SELECT count(*) FROM event")" "$before_events" "every event is kept"
is "$(sql "SELECT count(*) FROM event WHERE status NOT IN ('voorlopig','incompleet','afgewezen','indienen','doorgezet','uitvoering','afgerond','ingetrokken')")" 0 \
	"with its status as a code"
is "$(sql "SELECT group_concat(filename || ' ' || sha256, ',') FROM (SELECT * FROM document ORDER BY id)")" "$before_docs" \
	"every document is kept"
is "$(sql "SELECT count(*) FROM document d JOIN blob b ON b.sha256 = d.sha256")" \
	"$(sql "SELECT count(*) FROM document")" "its bytes are in the blob table"
is "$(sql "SELECT count(*) FROM outmail WHERE sent_at IS NOT NULL AND raw IS NOT NULL")" 0 \
	"sent mail no longer keeps its bytes"
like "$(bpo show BPO-2027-0002 --json)" '"status": "BPO>doorgezet naar SO"' "show reads it"
like "$(bpo show BPO-2027-0002 --json)" '"history": \[' "with its history"

# It keeps working: the SO-coördinator chooses the BPO-er (trust_from, as the demo ran).
printf 'From: SO-coördinator De Horizon <soco@horizon.example>\nTo: %s\nSubject: Re: [BPO-2027-0002] aanvraag\nMessage-ID: <na-migratie-1@horizon.example>\n\nBPO-er: BPO-er De Brug\n' \
	"$SYS" >"$T/bpoer.eml"
deliver "$T/bpoer.eml"
is "$?" 0 "a new reply is taken"
is "$(status_of BPO-2027-0002)" "BPO>in uitvoering" "and moves the migrated request on"
bpo list >/dev/null
is "$(sql "PRAGMA user_version")" 4 "opening it again changes nothing"
check_outbox
done_testing
