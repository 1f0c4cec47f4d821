#!/usr/bin/python3
"""bench/scans.py DATABASE SRCDIR: every SQL statement written as string
literals in SRCDIR/*.c (adjacent literals joined, %s and %d read as 1) whose
EXPLAIN QUERY PLAN on DATABASE scans a table that grows (every table but
meta, person and counter) without an index. One line each:
file:line | plan | statement. A finding for the benchmark, not a test: SQL
assembled piece by piece at run time is not seen."""
import glob
import os
import re
import sqlite3
import sys

KEEP = {"meta", "person", "counter"}
db, srcdir = sys.argv[1], sys.argv[2]
con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
growing = {r[0] for r in con.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")} - KEEP
for path in sorted(glob.glob(os.path.join(srcdir, "*.c"))):
    src = open(path, encoding="utf-8", errors="replace").read()
    for m in re.finditer(r'(?:"(?:[^"\\\n]|\\.)*"\s*)+', src):
        sql = "".join(re.findall(r'"((?:[^"\\\n]|\\.)*)"', m.group(0)))
        if not re.match(r"\s*(SELECT|UPDATE|DELETE|INSERT|WITH)\b", sql, re.I):
            continue
        sql = re.sub(r"%l*[sdu]", "1", sql)
        try:
            plan = con.execute("EXPLAIN QUERY PLAN " + sql, [None] * sql.count("?")).fetchall()
        except sqlite3.Error:
            continue
        scans = []
        for row in plan:
            t = re.match(r"SCAN (\w+)", row[3])
            if t and t.group(1) in growing and "INDEX" not in row[3]:
                scans.append(row[3])
        if scans:
            line = src[:m.start()].count("\n") + 1
            print("%s:%d | %s | %s" % (os.path.relpath(path, os.path.dirname(srcdir)), line,
                                       "; ".join(scans), " ".join(sql.split())[:120]))
