#!/usr/bin/python3
"""bench/grow.py: grows a bpomail database with SQL, for the 1k -> 1M scaling run.

  grow.py seed DATABASE          remember the rows now in DATABASE as the seed
  grow.py to DATABASE N          add copies of the seed until the request table
                                 holds at least N rows; prints the new count

The schema is read from the database itself (PRAGMA table_info, index_list,
foreign_key_list), so the copies follow whatever src/store.c creates:

- every table grows except meta, person and counter (and SQLite's own);
- an INTEGER PRIMARY KEY is moved past every id in use: copy k of the seed
  row with id i gets base + k * stride + i, where stride is the largest seed
  id and base the table's largest id rounded up to a multiple of stride;
- a foreign key to a growing table is moved the same way, so copy k of a
  participant belongs to copy k of its request;
- a text column in a UNIQUE index that has no moved column gets "-gID"
  appended (ID: the row's new id): kenmerk, msgkey, token, outmail's
  Message-ID stay unique; copied tokens are not valid, nobody replies to them;
- BLOB columns are cut to BENCH_GROW_BLOB bytes (default 512), so the rows
  take about the room real rows take in the table's leaf pages while a 1M
  database stays a few GB, not ~100 GB. Statements that read the blobs
  themselves are cheaper on copies than on real rows.

The seed is kept in DATABASE.seed.json beside the database. The copies are
written with journal_mode=DELETE and synchronous=OFF in one transaction per
step (this is setting up, not measuring) and WAL is switched back on after.
"""
import json
import math
import os
import sqlite3
import sys
import time

KEEP = {"meta", "person", "counter"}


def tables(con):
    out = []
    for name, sql in con.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'table'"
                                 " AND name NOT LIKE 'sqlite_%' ORDER BY rowid"):
        if name in KEEP or (sql or "").upper().startswith("CREATE VIRTUAL"):
            continue
        out.append(name)
    return out


def q(name):
    return '"' + name.replace('"', '""') + '"'


def rowid_alias(con, t):
    cols = con.execute("PRAGMA table_info(%s)" % q(t)).fetchall()
    pks = [c for c in cols if c[5]]
    if len(pks) == 1 and (pks[0][2] or "").upper() == "INTEGER":
        return pks[0][1]
    return None


def seed(db):
    con = sqlite3.connect(db)
    s = {}
    for t in tables(con):
        s[t] = con.execute("SELECT coalesce(max(rowid), 0), count(*) FROM %s" % q(t)).fetchone()
    req = s.get("request", (0, 0))[1]
    if not req:
        sys.exit("grow.py: the seed has no requests")
    with open(db + ".seed.json", "w") as f:
        json.dump({"tables": {t: v[0] for t, v in s.items()}, "requests": req}, f)
    return 0


def grow(db, target):
    with open(db + ".seed.json") as f:
        sd = json.load(f)
    stride = {t: max(1, m) for t, m in sd["tables"].items()}
    blob = int(os.environ.get("BENCH_GROW_BLOB", "512"))
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA cache_size = -262144")
    have = con.execute("SELECT count(*) FROM request").fetchone()[0]
    if have >= target:
        con.execute("PRAGMA journal_mode = WAL")
        print(have)
        return 0
    copies = math.ceil((target - have) / sd["requests"])
    growing = [t for t in tables(con) if t in stride]
    base = {}
    for t in growing:
        top = con.execute("SELECT coalesce(max(rowid), 0) FROM %s" % q(t)).fetchone()[0]
        base[t] = math.ceil(top / stride[t]) * stride[t]
    t0 = time.monotonic()
    con.execute("BEGIN")
    for t in growing:
        cols = con.execute("PRAGMA table_info(%s)" % q(t)).fetchall()
        alias = rowid_alias(con, t)
        fks = {}
        for fk in con.execute("PRAGMA foreign_key_list(%s)" % q(t)):
            parent, frm, to = fk[2], fk[3], fk[4]
            if parent in base and (to is None or to == rowid_alias(con, parent)):
                fks[frm] = parent
        moved = set(fks) | ({alias} if alias else set())
        suffixed = set()
        for idx in con.execute("PRAGMA index_list(%s)" % q(t)).fetchall():
            if not idx[2]:
                continue
            icols = [r[2] for r in con.execute("PRAGMA index_info(%s)" % q(idx[1]))]
            if any(c in moved for c in icols):
                continue
            for c in icols:
                suffixed.add(c)
        newid = "(%d + k.n * %d + %s.rowid)" % (base[t], stride[t], q(t))
        names, exprs = [], []
        for c in cols:
            name, ctype = c[1], (c[2] or "").upper()
            names.append(q(name))
            col = "%s.%s" % (q(t), q(name))
            if name == alias:
                exprs.append(newid)
            elif name in fks:
                p = fks[name]
                exprs.append("%s + %d + k.n * %d" % (col, base[p], stride[p]))
            elif name in suffixed:
                if "INT" in ctype:
                    exprs.append("%s + %d + k.n * %d" % (col, base[t], stride[t]))
                else:
                    exprs.append("%s || '-g' || %s" % (col, newid))
            elif ctype == "BLOB":
                exprs.append("CASE WHEN typeof(%s) = 'blob' THEN substr(%s, 1, %d) ELSE %s END"
                             % (col, col, blob, col))
            else:
                exprs.append(col)
        if not alias:
            names.insert(0, "rowid")
            exprs.insert(0, newid)
        sql = ("WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < %d) "
               "INSERT INTO %s (%s) SELECT %s FROM k, %s WHERE %s.rowid <= %d ORDER BY k.n, %s.rowid"
               % (copies, q(t), ", ".join(names), ", ".join(exprs), q(t), q(t), stride[t], q(t)))
        con.execute(sql)
    con.execute("COMMIT")
    con.execute("PRAGMA journal_mode = WAL")
    n = con.execute("SELECT count(*) FROM request").fetchone()[0]
    con.close()
    print(n)
    print("grow.py: %d -> %d requests in %.1f s" % (have, n, time.monotonic() - t0), file=sys.stderr)
    return 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "seed":
        return seed(sys.argv[2])
    if len(sys.argv) == 4 and sys.argv[1] == "to":
        return grow(sys.argv[2], int(sys.argv[3]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
