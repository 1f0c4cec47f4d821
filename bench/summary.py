#!/usr/bin/python3
"""bench/summary.py RESULTS FACTS: the table of medians and ratios (Markdown)
from the raw lines bench/run wrote. Ratios marked "paired" are the median,
over rounds, of bpomail's time divided by the other program's time in the
same round; they hold on a noisy machine where the absolute times do not."""
import collections
import os
import statistics
import sys

res = collections.defaultdict(list)   # (section, case, what) -> [(rep, wall, user, sys, rss, status)]
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    if len(f) < 9:
        continue
    sec, case, what, rep = f[0], f[1], f[2], f[3]
    try:
        wall = float(f[4]) if ":" not in f[4] else sum(float(x) * 60 ** i for i, x in enumerate(reversed(f[4].split(":")))) * 1000
        vals = (int(rep), wall, float(f[5]), float(f[6]), int(f[7] or 0), int(f[8] or 0))
    except ValueError:
        continue
    res[(sec, case, what)].append(vals)
facts = {}
for line in open(sys.argv[2]):
    k, _, v = line.rstrip("\n").partition("\t")
    facts[k] = v


def med(sec, case, what, field=1):
    v = [r[field] for r in res.get((sec, case, what), [])]
    return statistics.median(v) if v else None


def paired(sec, case, a, b):
    """median over rounds of a's wall time / b's wall time"""
    ra = {r[0]: r[1] for r in res.get((sec, case, a), [])}
    rb = {r[0]: r[1] for r in res.get((sec, case, b), [])}
    q = [ra[i] / rb[i] for i in ra if i in rb and rb[i] > 0]
    return statistics.median(q) if q else None


def bad_status(sec, case, what, ok=(0,)):
    return sum(1 for r in res.get((sec, case, what), []) if r[5] not in ok)


def progress(n, wall_ms):
    """(early rate, late rate) over the first and last fifth of the messages
    moved to cur/, and the seconds the scan ran after the last move."""
    path = os.path.join(os.path.dirname(os.path.abspath(sys.argv[1])), "progress-%s.txt" % n)
    try:
        rows = [tuple(int(v) for v in l.split()) for l in open(path) if len(l.split()) == 2]
    except OSError:
        return None, None
    if not rows or not wall_ms:
        return None, None
    done = max(c for _, c in rows)
    q = done / 5
    a = next(r for r in rows if r[1] >= q)
    e = next(r for r in rows if r[1] >= done)
    b = [r for r in rows if r[1] <= done - q]
    rates = None
    if a[0] and b and e[0] > b[-1][0]:
        rates = (a[1] / a[0], (e[1] - b[-1][1]) / (e[0] - b[-1][0]))
    return rates, max(0.0, wall_ms / 1000 - e[0])


def ms(v):
    if v is None:
        return "n/a"
    return "%.0f ms" % v if v >= 100 else "%.1f ms" % v


def x(v):
    return "n/a" if v is None else ("%.2f×" % v if v < 10 else "%.0f×" % v)


def kb(n):
    n = float(n)
    return "%.1f KB" % (n / 1000) if n < 1e6 else "%.1f MB" % (n / 1e6)


out = []
p = out.append
settings = facts.get("settings", "")
p("# bpomail benchmark (`make bench`)")
p("")
p("Machine: %s, %s cores, %s; Linux %s; Debian %s; %s. bpomail %s, SQLite %s, Python %s."
  % (facts.get("machine.cpu"), facts.get("machine.nproc"), facts.get("machine.mem"),
     facts.get("machine.kernel"), facts.get("machine.debian"), facts.get("machine.fs"),
     facts.get("bpomail.commit"), facts.get("sqlite"), facts.get("python")))
p("Load average at start %s, at end %s. Run took %s s. Settings: %s."
  % (facts.get("load.start"), facts.get("load.end"), facts.get("elapsed.s"), settings))
p("")

# --- 1 ---
cases = [("text", "text-form request (%s)" % kb(facts.get("in.text.bytes", 0))),
         ("xml", "XML form + 30 KB PDF (%s)" % kb(facts.get("in.xml.bytes", 0))),
         ("reply", "AKKOORD reply, valid token (%s)" % kb(facts.get("in.reply.bytes", 0)))]
rounds = len(res.get(("deliver", "text", "bpomail"), []))
p("## 1. deliver, paired (%d rounds, order rotated and reversed per round)" % rounds)
p("")
p("Each cell: median wall time; after it, bpomail deliver's time divided by this one's (median of the per-round ratios).")
p("")
p("| work | " + " | ".join(c[1] for c in cases) + " |")
p("| --- |" + " --- |" * len(cases))
rows = [("bpomail", "**bpomail deliver**"),
        ("floor", "the floor: start + durable SQLite commit + Maildir delivery (bench/floor.c)"),
        ("maildir-sh", "shell fsync'd Maildir delivery (bench/maildir-deliver.sh)"),
        ("procmail", "procmail -m to a Maildir (fsyncs the file, not new/)"),
        ("python", "python3 stdlib equivalent (bench/pydeliver.py)"),
        ("trivial", "static trivial program (process start)"),
        ("startup", "`bpomail --help` (bpomail's start-up alone)")]
for what, label in rows:
    if not res.get(("deliver", "text", what)):
        continue
    cells = []
    for c, _ in cases:
        m = med("deliver", c, what)
        if what == "bpomail":
            bad = bad_status("deliver", c, what)
            cells.append("**%s**%s" % (ms(m), " (%d non-zero exits)" % bad if bad else ""))
        else:
            cells.append("%s · %s" % (ms(m), x(paired("deliver", c, "bpomail", what))))
    p("| %s | %s |" % (label, " | ".join(cells)))
p("")
p("Outcomes recorded in the paired site: %s" % facts.get("paired.outcomes", "?"))
p("")

# --- 2 ---
scans = sorted({k[1][5:] for k in res if k[0] == "scan" and k[1].startswith("mixed")}, key=int)
best_scan = None
if scans:
    p("## 2. scan of a mixed Maildir (half new requests with a 30 KB PDF, half AKKOORD replies)")
    p("")
    p("scan ÷ cat: time per message of the scan over time per file of `cat` reading all the Maildir's files (page cache warm).")
    p("")
    p("Progress is the count of files in cur/ every 5 s: the rate over the first and the last fifth of the")
    p("messages moved, and the time the scan still ran after the last message was moved (sending the queued mail).")
    p("")
    p("| messages | scan | messages/s | first ⅕ / last ⅕ moved, msg/s | after the last move | cat of the same files (median of 5) | scan ÷ cat | DB growth per message | outgoing mails queued by the scan | outcomes |")
    p("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for n in scans:
        s = med("scan", "mixed" + n, "bpomail")
        c = med("scan", "mixed" + n, "cat")
        done = int(facts.get("scan.%s.done" % n, n))
        rate = done / (s / 1000) if s else None
        if rate and (best_scan is None or rate > best_scan):
            best_scan = rate
        # cat read all n files: compare per message
        cat_ratio = (s / done) / (c / int(n)) if c and done else None
        rates, tail = progress(n, s)
        label = n if done == int(n) else "%s (stopped at the time limit after %d)" % (n, done)
        p("| %s | %.1f s | %.1f | %s | %s | %s | %s | %s | %s | %s |" % (
            label, s / 1000, rate, " / ".join("%.1f" % r for r in rates) if rates else "",
            "≈ %.0f s" % tail if tail is not None and done == int(n) else "", ms(c), x(cat_ratio),
            kb(facts.get("scan.%s.dbgrowth" % n, 0)), facts.get("scan.%s.outmail" % n, "?"),
            facts.get("scan.%s.outcomes" % n, "?")))
        prep = med("scan", "prep" + n, "bpomail")
        if prep:
            p("| (%d new requests made first, for the tokens) | %.1f s | %.1f | | | | | | | %s |" % (
                int(n) // 2, prep / 1000, int(n) // 2 / (prep / 1000), facts.get("scan.%s.prep.outcomes" % n, "")))
    p("")

# --- 3 ---
levels = sorted({k[1][7:] for k in res if k[0] == "scale" and k[1].startswith("request")}, key=int)
flat = {}
if levels:
    p("## 3. deliver as the database grows (grown with SQL by bench/grow.py; each paired with the floor)")
    p("")
    p("| requests stored | database | new request | ÷ floor (paired) | reply | ÷ floor (paired) | request cost ÷ at %s | reply cost ÷ at %s | database read by one deliver (pread): request / reply |"
      % (facts.get("scale.%s.requests" % levels[0]), facts.get("scale.%s.requests" % levels[0])))
    p("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    r0 = paired("scale", "request" + levels[0], "bpomail", "floor")
    p0 = paired("scale", "reply" + levels[0], "bpomail", "floor")
    for L in levels:
        rq = paired("scale", "request" + L, "bpomail", "floor")
        rp = paired("scale", "reply" + L, "bpomail", "floor")
        flat[L] = (rq / r0 if rq and r0 else None, rp / p0 if rp and p0 else None)
        rd = "%s / %s" % (kb(facts["scale.%s.read.request" % L]), kb(facts["scale.%s.read.reply" % L])) \
            if "scale.%s.read.reply" % L in facts else ""
        p("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            facts.get("scale.%s.requests" % L), kb(facts.get("scale.%s.dbbytes" % L, 0)),
            ms(med("scale", "request" + L, "bpomail")), x(rq),
            ms(med("scale", "reply" + L, "bpomail")), x(rp), x(flat[L][0]), x(flat[L][1]), rd))
    p("")
    scans_txt = os.path.join(os.path.dirname(os.path.abspath(sys.argv[1])), "scans.txt")
    if os.path.exists(scans_txt) and os.path.getsize(scans_txt):
        p("Statements in src/ (string literals; SQL built piece by piece is not seen) whose plan on the largest database scans a table that grows (bench/scans.py):")
        p("")
        for line in open(scans_txt):
            p("- " + line.rstrip("\n"))
        p("")
    p("Seed copied: %s. Outcomes of the last deliveries at each size: %s" % (
        facts.get("scale.seed", "?"),
        "; ".join("%s: %s" % (L, facts.get("scale.%s.lastoutcomes" % L, "?")) for L in levels)))
    p("")

# --- 4 ---
sizes = sorted({k[1][3:] for k in res if k[0] == "rss"}, key=int)
rss_ratio = None
if sizes:
    p("## 4. peak RSS of deliver (/usr/bin/time -v, median of %d; includes the sandbox child)" %
      len(res.get(("rss", "big" + sizes[0], "bpomail"), [])))
    p("")
    p("| message | bpomail peak RSS | ÷ message size | wall | floor.c peak RSS (reads it whole) | outcome |")
    p("| --- | --- | --- | --- | --- | --- |")
    for M in sizes:
        size = int(facts.get("rss.%s.bytes" % M, 0))
        r = med("rss", "big" + M, "bpomail", 4)
        fl = med("rss", "big" + M, "floor", 4)
        ratio = r * 1024 / size if size else None
        rss_ratio = ratio
        p("| %s MiB (%d B) | %.1f MiB | %s | %s | %.1f MiB | %s |" % (
            M, size, r / 1024, x(ratio), ms(med("rss", "big" + M, "bpomail")), fl / 1024,
            facts.get("rss.%s.outcome" % M, "?")))
    p("")

# --- 5 ---
if any(k.startswith("prof.") for k in facts):
    p("## 5. where deliver's time goes")
    p("")
    cyc = facts.get("prof.ldso.cycles")
    mhz = facts.get("prof.tsc.mhz")
    try:
        ldms = "%.1f ms" % (float(cyc) / float(mhz) / 1000)
    except (TypeError, ValueError):
        ldms = "?"
    p("- shared libraries (ldd): %s: %s" % (facts.get("prof.ldd"), facts.get("prof.ldd.list")))
    p("- dynamic loader (LD_DEBUG=statistics, `bpomail --help`, median of 7): %s cycles ≈ %s at %s MHz; %s relocations"
      % (cyc, ldms, mhz, facts.get("prof.relocations")))
    su = med("deliver", "text", "startup")
    tr = med("deliver", "text", "trivial")
    bd = med("deliver", "text", "bpomail")
    if su and bd:
        p("- start-up alone (`bpomail --help`) is %.0f%% of a text-form deliver (medians %s of %s); a static trivial program takes %s"
          % (100 * su / bd, ms(su), ms(bd), ms(tr)))
    if "prof.deliver.fsync" in facts:
        p("- strace -f -c, one text-form deliver: %s fsync/fdatasync (%s ms inside them, strace -w), %s system calls, %s processes; one AKKOORD reply: %s fsync/fdatasync"
          % (facts.get("prof.deliver.fsync"), facts.get("prof.deliver.fsync.ms"),
             facts.get("prof.deliver.syscalls"), facts.get("prof.deliver.processes"),
             facts.get("prof.reply.fsync")))
    if "prof.scan100.fsync" in facts:
        p("- strace -f -c, scan of 100 mixed messages: %s fsync/fdatasync (%.1f per message), %s processes"
          % (facts["prof.scan100.fsync"], int(facts["prof.scan100.fsync"]) / 100,
             facts.get("prof.scan100.processes")))
    if "prof.perf.deliver.taskclock_ms" in facts:
        p("- perf stat, per run (10 runs in a bash loop): task-clock trivial %s ms, `--help` %s ms, deliver %s ms; page faults %s, %s, %s"
          % tuple(facts.get("prof.perf.%s.%s" % (w, k)) for k in ("taskclock_ms", "pagefaults")
                  for w in ("trivial", "startup", "deliver")))
    if facts.get("prof.big.maps"):
        p("- memory, one deliver of a 10 MiB form (strace of mmap/mremap): anonymous blocks ≥ 1 MiB per process: %s"
          % facts["prof.big.maps"])
    if facts.get("prof.perf.dso"):
        p("- perf record -e cpu-clock, 20 text-form delivers, samples of bpomail by library: %s" % facts["prof.perf.dso"])
    p("")

# --- goals ---
p("## Goals of issue 12, today")
p("")
if best_scan:
    p("- scan ≥ 2,000 messages/s: %s; best measured %.1f messages/s, %.0f× short"
      % ("met" if best_scan >= 2000 else "not met", best_scan, 2000 / best_scan))
worst = None
for c, _ in cases:
    r = paired("deliver", c, "bpomail", "floor")
    if r and (worst is None or r > worst[0]):
        worst = (r, c)
if worst:
    p("- deliver ≤ 2× the floor: %s; %s (paired; text %s, XML %s, reply %s)" % (
        "met" if worst[0] <= 2 else "not met", "worst %s for %s" % (x(worst[0]), worst[1]),
        x(paired("deliver", "text", "bpomail", "floor")), x(paired("deliver", "xml", "bpomail", "floor")),
        x(paired("deliver", "reply", "bpomail", "floor"))))
if flat and len(levels) > 1:
    last = levels[-1]
    a, b = flat[last]
    worst_flat = max(v for v in (a, b) if v is not None) if (a or b) else None
    p("- flat cost from %s to %s requests (read as flat: ≤ 1.2×): %s; cost at %s ÷ cost at %s: new request %s, reply %s"
      % (facts.get("scale.%s.requests" % levels[0]), facts.get("scale.%s.requests" % last),
         "met" if worst_flat is not None and worst_flat <= 1.2 else "not met",
         facts.get("scale.%s.requests" % last), facts.get("scale.%s.requests" % levels[0]), x(a), x(b)))
if rss_ratio:
    p("- peak RSS ≤ 3× the largest message: %s; %s for %s MiB" % (
        "met" if rss_ratio <= 3 else "not met", x(rss_ratio), sizes[-1]))
print("\n".join(out))
