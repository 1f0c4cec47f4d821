#!/usr/bin/env python3
"""A scan killed at random moments (README, What bpomail guarantees): 500 messages in a Maildir,
`bpomail scan` SIGKILLed 0-300 ms after it opened the database and started
again until new/ is empty and a scan runs to its end. Then every message is in cur/ and recorded
once, every reply is queued exactly as a scan without kills queues it (in a
second site, run alongside), the database is intact, and the outbox holds
exactly one file per queued mail: a kill between writing a mail into the
outbox and marking it sent must not give a second copy.

SIGKILL keeps the page cache, so fsync adds nothing here but time: the
databases live in /dev/shm when there is one.
BPOMAIL_SEED=N repeats a run's random moments; BPOMAIL_KILL_MESSAGES=N
scans N messages instead of 500 (a sanitizer build starts slowly)."""
import collections, os, random, re, shutil, signal, sqlite3, subprocess, sys, tempfile, time

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOP = os.path.dirname(TESTS)
BPOMAIL = os.environ.get("BPOMAIL", os.path.join(TOP, "bpomail"))
SYS = "bpo@swv.example"
N = int(os.environ.get("BPOMAIL_KILL_MESSAGES", "500"))


def fast_tmp():
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK | os.X_OK):
        return "/dev/shm"
    return None


# The databases and Maildirs in memory when possible; the killed site's outbox
# on the ordinary temporary directory, where writing a mail durably (fsync of
# the file and of new/) takes long enough for kills to land in the flush.
BASE = tempfile.mkdtemp(prefix="bpomail-kill.", dir=fast_tmp())
OUTBOX = tempfile.mkdtemp(prefix="bpomail-kill-outbox.")
n = 0
failed = 0


def ok(cond, desc, diag=""):
    global n, failed
    n += 1
    print(("ok" if cond else "not ok") + f" {n} - {desc}", flush=True)
    if not cond:
        failed += 1
        for line in str(diag).splitlines()[:30]:
            print("#   " + line)


def is_(got, want, desc):
    ok(got == want, desc, f"got:      {got!r}\nexpected: {want!r}")


def site(name, outbox="outbox"):
    d = os.path.join(BASE, name)
    os.makedirs(d)
    with open(os.path.join(d, "bpomail.conf"), "w") as f:
        f.write(f"address = {SYS}\nname = BPO-loket SWV Voorbeeld\ndatabase = bpo.db\n"
                f"outbox = {outbox}\ntemplates = {TOP}/templates\ntrust_from = yes\n")
    for args in (["init"], ["directory", "import", os.path.join(TESTS, "data", "directory.csv")]):
        p = bpo(d, *args)
        assert p.returncode == 0, p.stderr
    return d


def bpo(d, *args, **kw):
    return subprocess.run([BPOMAIL, "-c", os.path.join(d, "bpomail.conf"), *args],
                          capture_output=True, **kw)


def start(d, *args):
    return subprocess.Popen([BPOMAIL, "-c", os.path.join(d, "bpomail.conf"), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def messages():
    """N different messages: text forms of every kind, an XML form, wrong
    forms, requests for the blank form, unknown senders, no Message-ID."""
    data = {k: open(os.path.join(TESTS, "data", k + ".eml"), "rb").read()
            for k in ("groep-tb", "leerling", "school-no-tb", "form-errors")}
    xml = open(os.path.join(TESTS, "data", "aanvraag.xml"), "rb").read()
    import base64
    xml64 = base64.encodebytes(xml).decode()
    kinds = list(data) + ["xml", "blank", "unknown", "no-id"]
    out = []
    for i in range(N):
        k = kinds[i % len(kinds)]
        mid = f"<kill-{i}@test.example>"
        if k in data:
            raw = re.sub(rb"(?im)^Message-ID: .*$", f"Message-ID: {mid}".encode(), data[k])
        elif k == "xml":
            raw = (f"From: IB De Esch <ib@deesch.example>\nTo: {SYS}\nSubject: aanvraag\n"
                   f"Message-ID: {mid}\nMIME-Version: 1.0\n"
                   "Content-Type: multipart/mixed; boundary=\"x\"\n\n--x\nContent-Type: text/plain\n\n"
                   "Bijgaand het formulier.\n--x\nContent-Type: text/xml; charset=utf-8\n"
                   "Content-Disposition: attachment; filename=\"aanvraag.xml\"\n"
                   f"Content-Transfer-Encoding: base64\n\n{xml64}--x--\n").encode()
        elif k == "blank":
            raw = (f"From: IB De Linde <ib@delinde.example>\nTo: {SYS}\nSubject: nieuw\n"
                   f"Message-ID: {mid}\n\nGraag een formulier.\n").encode()
        elif k == "unknown":
            raw = (f"From: Iemand <iemand{i}@elders.example>\nTo: {SYS}\nSubject: vraag\n"
                   f"Message-ID: {mid}\n\nHoe vraag ik begeleiding aan?\n").encode()
        else:
            raw = (f"From: IB De Esch <ib@deesch.example>\nTo: {SYS}\nSubject: nieuw\n\n"
                   f"Graag een formulier (bericht {i}).\n").encode()
        out.append((f"{1700000000 + i}.M{i}P{os.getpid()}.kill", raw))
    return out


def fill(d, msgs):
    md = os.path.join(d, "in")
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(md, sub))
    for name, raw in msgs:
        with open(os.path.join(md, "new", name), "wb") as f:
            f.write(raw)
    return md


def q(d, sql, ro=False):
    """A query; read-only (ro) leaves the WAL as bpomail left it, not checkpointed."""
    path = os.path.join(d, "bpo.db")
    con = sqlite3.connect(f"file:{path}?mode=ro" if ro else path, uri=ro, timeout=30)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def outbox_ids():
    ids = []
    for sub in ("new", "cur"):
        p = os.path.join(OUTBOX, "outbox", sub)
        for name in os.listdir(p) if os.path.isdir(p) else []:
            m = re.match(r"\d+\.B(\d+)\.", name)
            ids.append(int(m.group(1)) if m else -1)
    return ids


def opened(p, path):
    """Waits until process p has the file open (or has ended, or 3 s): the
    random moments fall in its work, not in starting the program (which a
    sanitizer build makes slow)."""
    end = time.monotonic() + 3
    fds = f"/proc/{p.pid}/fd"
    while p.poll() is None and time.monotonic() < end:
        try:
            for fd in os.listdir(fds):
                if os.readlink(os.path.join(fds, fd)) == path:
                    return
        except OSError:
            pass
        time.sleep(0.002)


def main():
    seed = int(os.environ.get("BPOMAIL_SEED", random.randrange(1 << 30)))
    rnd = random.Random(seed)
    print(f"# seed {seed} (BPOMAIL_SEED={seed} repeats it)")
    msgs = messages()
    calm, killed = site("calm"), site("killed", os.path.join(OUTBOX, "outbox"))
    calm_in, killed_in = fill(calm, msgs), fill(killed, msgs)

    # The same messages scanned once without kills, alongside.
    t0 = time.monotonic()
    control = start(calm, "scan", calm_in)

    db = os.path.realpath(os.path.join(killed, "bpo.db"))
    kills = runs = in_flush = window = 0
    exits = collections.Counter()
    last = None
    while True:
        p = start(killed, "scan", killed_in)
        runs += 1
        opened(p, db)
        time.sleep(rnd.uniform(0, 0.3))
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            p.stderr.close()
            kills += 1
            last = None
            # Where did it land? After new/ was done, in the flush; with a
            # file in the outbox whose mail is not marked sent, in the window
            # between writing it and marking it.
            if not os.listdir(os.path.join(killed_in, "new")):
                in_flush += 1
            sent = q(killed, "SELECT count(*) FROM outmail WHERE sent_at IS NOT NULL", ro=True)[0][0]
            if len(outbox_ids()) > sent:
                window += 1
        else:
            last = p.returncode
            err = p.stderr.read().decode(errors="replace")
            p.stderr.close()
            exits[last] += 1
            if last not in (0, 75):
                print(f"# scan exited {last}: {err.strip()}")
        if last == 0 and not os.listdir(os.path.join(killed_in, "new")):
            break
        if runs > 5000:
            break
    t_kill = time.monotonic() - t0
    print(f"# {kills} kills")
    print(f"# {in_flush} kills after new/ was done (in the flush), {window} between writing a mail"
          " into the outbox and marking it sent")
    print(f"# {runs - 1} restarts, {runs} scans; exits of the scans that ended: {dict(exits)}")
    print(f"# {t_kill:.1f} s to get through with kills")
    ok(runs <= 5000, "the scan gets through in the end")
    ok(kills > 0, f"it was killed ({kills} times)")

    final = bpo(killed, "flush")
    is_(final.returncode, 0, "a final flush exits 0")
    print("# final flush: " + final.stdout.decode().strip())
    cerr = control.communicate()[1].decode(errors="replace")
    is_(control.returncode, 0, "the scan without kills exits 0")
    print("# calm " + cerr.strip().splitlines()[-1].removeprefix("bpomail: "))

    is_(sorted(os.listdir(os.path.join(killed_in, "new"))), [], "new/ is empty")
    is_(sorted(os.listdir(os.path.join(killed_in, "cur"))),
        sorted(name + ":2,S" for name, _ in msgs), "every message is in cur/, once")
    is_(q(killed, "SELECT count(*), count(DISTINCT msgkey) FROM message"), [(N, N)],
        f"the message table has {N} rows with {N} distinct keys")
    is_(q(killed, "SELECT count(*) FROM message WHERE msgkey LIKE '%#%'"), [(0,)],
        "no message taken for a reused Message-ID after a kill")
    is_(q(killed, "SELECT count(*) FROM message WHERE outcome = 'in behandeling'"), [(0,)],
        "no message left half-handled")
    is_(q(killed, "PRAGMA integrity_check"), [("ok",)], "PRAGMA integrity_check is ok")
    is_(q(killed, "PRAGMA foreign_key_check"), [], "and no dangling references")

    per_template = "SELECT template, count(*) FROM outmail GROUP BY template ORDER BY template"
    want = q(calm, per_template)
    is_(q(killed, per_template), want, "the queued replies per template are those of a scan without kills")
    print("# " + ", ".join(f"{t} {c}" for t, c in want))
    per_message = ("SELECT m.msgkey, m.outcome, (SELECT group_concat(x, ' ') FROM (SELECT o.template"
                   " || '>' || o.recipient AS x FROM outmail o WHERE o.cause = m.id ORDER BY x))"
                   " FROM message m ORDER BY m.msgkey")
    a, b = q(killed, per_message), q(calm, per_message)
    diff = [f"{x} / {y}" for x, y in zip(a, b) if x != y]
    ok(a == b, "each message has the outcome and queued replies it has without kills", "\n".join(diff))
    is_(q(killed, "SELECT kenmerk FROM request ORDER BY kenmerk"),
        q(calm, "SELECT kenmerk FROM request ORDER BY kenmerk"),
        "the same request numbers, without gaps")
    is_(q(killed, "SELECT count(*) FROM outmail WHERE sent_at IS NULL"), [(0,)],
        "no queued mail is left unsent after the final flush")

    ids = outbox_ids()
    rows = [r[0] for r in q(killed, "SELECT id FROM outmail ORDER BY id")]
    twice = sorted(i for i, c in collections.Counter(ids).items() if c > 1)
    is_(twice, [], "no queued mail is in the outbox twice")
    is_(sorted(set(ids)), rows, "the outbox holds exactly one file per queued mail")
    is_(len(ids), len(rows), f"{len(rows)} files for {len(rows)} queued mails")
    left = os.listdir(os.path.join(OUTBOX, "outbox", "tmp"))
    print(f"# {len(left)} files left in the outbox's tmp/")
    retried = q(killed, "SELECT count(*), max(attempts) FROM outmail WHERE attempts > 1")
    print(f"# queued mails that needed more than one attempt: {retried[0][0]}"
          f" (at most {retried[0][1] or 1} attempts)")
    print(f"1..{n}")
    return 1 if failed else 0


rc = 1
try:
    rc = main()
finally:
    shutil.rmtree(BASE, ignore_errors=True)
    shutil.rmtree(OUTBOX, ignore_errors=True)
sys.exit(rc)
