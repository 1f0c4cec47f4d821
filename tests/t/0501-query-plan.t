#!/bin/sh
# Every SQL statement bpomail prepares uses an index on every table that grows
# (issue 12: the cost per message stays flat as the database grows). All
# statements are prepared by store_prepare() (src/store.c); with
# BPOMAIL_SQL_LOG set it appends each distinct SQL text to a file. This test
# runs representative flows (other tests of tests/t, their results ignored
# here) with it set, adds every SQL string literal of src/*.c that prepares as
# it stands (statements no flow reached), and runs EXPLAIN QUERY PLAN over each
# against a database of the current schema. A plan that scans a table (SCAN,
# also along a whole index; a partial index is fine) fails, naming the
# statement, unless the table is small and fixed or the statement is listed
# below with the reason its scan is its job.
. "$(dirname "$0")/../lib.sh"
once_per_check "query plans do not change under a sanitizer"
setup yes
BPOMAIL_SQL_LOG=$T/sql.log
export BPOMAIL_SQL_LOG
LOG=$BPOMAIL_SQL_LOG

# Flows: the main path, an XML form with documents, refusals and the
# error-reply cap, tokens, the operator's commands, bad input, bounces and
# out-of-office replies, upkeep (export, remind, purge), replies that decide
# nothing and STATUS.
FLOWS="0001-main-path 0005-xml-form 0007-refusals 0008-tokens 0009-operator 0011-bad-input
0013-bounce-absent 0014-upkeep 0104-overleg-status"
for f in $FLOWS; do
	TMPDIR=$T sh "$TESTS_DIR/t/$f.t" >"$T/flow.out" 2>&1
	echo "# flow $f: exit $?, $(sort -u "$LOG" | wc -l | tr -d ' ') distinct statements so far"
done

# purge: a document's bytes stay while another request holds them, and go with the last.
Y=$(date -u +%Y)
deliver "$TESTS_DIR/data/leerling.eml"
sed 's/^Message-ID: .*/Message-ID: <aanvraag-leerling-2@delinde.example>/' "$TESTS_DIR/data/leerling.eml" >"$T/second.eml"
deliver "$T/second.eml"
is "$(sql "SELECT count(*) FROM document") $(sql "SELECT count(*) FROM blob")" "2 1" \
	"two requests with the same attachment: two documents, one blob"
withdraw() {	# withdraw N: the ib withdraws request BPO-Y-000N
	printf 'From: IB De Linde <ib@delinde.example>\nTo: %s\nSubject: Re: [BPO-%s-000%s] aanvraag\nMessage-ID: <intrekken-%s@delinde.example>\n\nINTREKKEN: dubbel ingediend\n' \
		"$SYS" "$Y" "$1" "$1" >"$T/withdraw.eml"
	deliver "$T/withdraw.eml"
}
tomorrow=$(date -u -d tomorrow +%Y-%m-%d)
withdraw 1
bpo purge --before "$tomorrow" >"$T/out"
is "$(cat "$T/out")" "1 ended request from before $tomorrow removed for good" "purge removes the first"
is "$(sql "SELECT count(*) FROM document") $(sql "SELECT count(*) FROM blob")" "1 1" \
	"the blob stays with the second request"
withdraw 2
bpo purge --before "$tomorrow" >"$T/out"
is "$(sql "SELECT count(*) FROM document") $(sql "SELECT count(*) FROM blob")" "0 0" \
	"and goes with it"

like "$(cat "$LOG")" "^INSERT INTO message " "BPOMAIL_SQL_LOG collects the statements run"

python3 - "$T/bpo.db" "$LOG" "$TOP/src" >"$T/plans" <<'EOF'
import glob, os, re, sqlite3, sys

db, log, srcdir = sys.argv[1:4]
# Tables that do not grow with the mail: whitelisted, with the reason.
FIXED = {
    "meta": "the database's secret: one row",
    "counter": "one row per year",
    "person": "the directory: the people of one samenwerkingsverband, imported by the operator",
}
# Statements whose result is the whole table: a scan is their job.
WHOLE = {
    "SELECT id FROM request ORDER BY id": "list and export: every request",
}
con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
tables = {r[0] for r in con.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
# A partial index holds only the rows its WHERE names (unsent mail, the
# quarantine): reading all of it reads only what the statement asks for.
partial = {r[0] for r in con.execute("SELECT name FROM sqlite_schema WHERE type = 'index'"
                                     " AND sql LIKE '% WHERE %'")}
stmts = {}
for line in open(log, encoding="utf-8"):
    stmts.setdefault(line.rstrip("\n"), "run")
for path in sorted(glob.glob(os.path.join(srcdir, "*.c"))):
    src = open(path, encoding="utf-8").read()
    for m in re.finditer(r'(?:"(?:[^"\\\n]|\\.)*"\s*)+', src):
        sql = "".join(re.findall(r'"((?:[^"\\\n]|\\.)*)"', m.group(0)))
        if re.match(r"\s*(SELECT|UPDATE|DELETE|INSERT|WITH|REPLACE)\b", sql):
            stmts.setdefault(sql, "%s:%d" % (os.path.basename(path), src[:m.start()].count("\n") + 1))

def explain(sql):
    """The plan with every parameter NULL; numbered ones (?3) count once, so try counts."""
    for n in range(0, 40):
        try:
            return con.execute("EXPLAIN QUERY PLAN " + sql, [None] * n).fetchall()
        except sqlite3.ProgrammingError as e:
            if "Incorrect number of bindings" not in str(e):
                raise
    return con.execute("EXPLAIN QUERY PLAN " + sql).fetchall()

bad = checked = skipped = 0
for sql, where in sorted(stmts.items()):
    try:
        plan = [r[3] for r in explain(sql)]
    except sqlite3.Error as e:
        if where == "run":
            print("not prepared: %s | %s" % (e, sql))
            bad += 1
        else:   # a piece of SQL put together at run time (a %s in it): seen in the log when run
            skipped += 1
        continue
    checked += 1
    alias = {}
    for t, a in re.findall(r"\b(?:FROM|JOIN|UPDATE|INTO)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?", sql, re.I):
        alias[t] = t
        if a and a.upper() not in ("WHERE", "ON", "JOIN", "SET", "ORDER", "GROUP", "LIMIT",
                                   "LEFT", "INNER", "VALUES", "SELECT", "USING"):
            alias[a] = t
    for row in plan:
        m = re.match(r"SCAN (\w+)", row)
        if not m or "VIRTUAL TABLE" in row:
            continue
        table = alias.get(m.group(1), m.group(1))
        if table not in tables or table in FIXED:
            continue
        m = re.search(r"USING (?:COVERING )?INDEX (\w+)", row)
        if m and m.group(1) in partial:
            continue
        if " ".join(sql.split()) in WHOLE:
            continue
        print("full scan of %s (%s) [%s]: %s" % (table, row, where, " ".join(sql.split())))
        bad += 1
print("# %d statements checked, %d pieces put together at run time skipped" % (checked, skipped))
sys.exit(1 if bad else 0)
EOF
status=$?
grep '^#' "$T/plans"
ok $status "no statement scans a table that grows ($(grep -c . "$LOG") lines in the log)"
grep -v '^#' "$T/plans" | sed 's/^/#   /'
done_testing
