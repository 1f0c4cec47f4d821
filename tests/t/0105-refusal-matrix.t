#!/usr/bin/env python3
"""Every command that is not allowed, by every participant, in every status:
nothing changes and the sender gets the exact reason (bpomail(1), Who may do what)."""
import email, email.policy, email.utils, json, os, re, shutil, sqlite3, subprocess, sys, tempfile

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOP = os.path.dirname(TESTS)
BPOMAIL = os.environ.get("BPOMAIL", os.path.join(TOP, "bpomail"))
T = tempfile.mkdtemp(prefix="bpomail-matrix.")
SYS = "bpo@swv.example"
n = 0
failed = 0


def ok(cond, desc, diag=""):
    global n, failed
    n += 1
    print(("ok" if cond else "not ok") + f" {n} - {desc}")
    if not cond:
        failed += 1
        for line in str(diag).splitlines()[:20]:
            print("#   " + line)


def bpo(*args, stdin=None):
    return subprocess.run([BPOMAIL, "-c", os.path.join(T, "bpomail.conf"), *args], input=stdin,
                          capture_output=True)


def setup():
    with open(os.path.join(T, "bpomail.conf"), "w") as f:
        f.write(f"address = {SYS}\nname = BPO-loket\ndatabase = bpo.db\noutbox = outbox\n"
                f"templates = {TOP}/templates\nerror_replies_per_day = 1000\n")
    bpo("init")
    bpo("directory", "import", os.path.join(TESTS, "data", "directory.csv"))


def outbox():
    d = os.path.join(T, "outbox", "new")
    names = sorted(os.listdir(d), key=lambda s: int(s.split(".B")[1].split(".")[0]))
    return [os.path.join(d, x) for x in names]


def load(path):
    return email.message_from_bytes(open(path, "rb").read(), policy=email.policy.default)


def latest(addr, kenmerk):
    for path in reversed(outbox()):
        m = load(path)
        if m["To"].addresses[0].addr_spec == addr and f"[{kenmerk}]" in str(m["Subject"]):
            return m
    raise SystemExit(f"no mail to {addr} about {kenmerk}")


def answer(orig, sender, body):
    r = email.message.EmailMessage()
    r["From"] = sender
    r["To"] = orig["Reply-To"].addresses[0].addr_spec
    r["Subject"] = "Re: " + str(orig["Subject"])
    r["Message-ID"] = email.utils.make_msgid(domain="client.example")
    r["In-Reply-To"] = str(orig["Message-ID"])
    r.set_content(body + "\n\n> oud bericht\n")
    p = bpo("deliver", stdin=r.as_bytes())
    assert p.returncode == 0, p.stderr


def status(kenmerk):
    return json.loads(bpo("show", kenmerk, "--json").stdout)["status"]


def new_request(i):
    raw = open(os.path.join(TESTS, "data", "leerling.eml"), "rb").read()
    raw = raw.replace(b"aanvraag-leerling-1", f"matrix-{i}".encode())
    assert bpo("deliver", stdin=raw).returncode == 0
    return json.loads(bpo("list", "--json").stdout)[-1]["id"]


IB, TB, OUDER = "ib@delinde.example", "tb.noord@bestuur.example", "ouder.test@thuis.example"
LOKET, SOCO, BPOER = "loket@swv.example", "soco@debrug.example", "bpoer@debrug.example"
PEOPLE = {"ib": IB, "tb": TB, "ouder": OUDER, "loket": LOKET, "soco": SOCO, "bpoer": BPOER}
ROLE_NAME = {"ib": "intern begeleider", "tb": "trajectbegeleider", "ouder": "ouder/verzorger",
             "loket": "coördinator SO-loket", "soco": "SO-coördinator", "bpoer": "BPO-er"}

# Steps that take a new request to each status (who answers what, in order).
PATHS = {
    "BPO>voorlopige aanvraag": [],
    "BPO>aanvraag incompleet": [("tb", "INCOMPLEET: groepsplan")],
    "BPO>indienen SO-loket": [("tb", "AKKOORD"), ("ouder", "TOESTEMMING")],
    "BPO>doorgezet naar SO": [("tb", "AKKOORD"), ("ouder", "TOESTEMMING"),
                              ("loket", f"SO-coördinator: {SOCO}")],
    "BPO>in uitvoering": [("tb", "AKKOORD"), ("ouder", "TOESTEMMING"),
                          ("loket", f"SO-coördinator: {SOCO}"), ("soco", f"BPO-er: {BPOER}")],
    "BPO>afgerond": [("tb", "AKKOORD"), ("ouder", "TOESTEMMING"), ("loket", f"SO-coördinator: {SOCO}"),
                     ("soco", f"BPO-er: {BPOER}"), ("bpoer", "AFGEROND")],
    "BPO>afgewezen": [("tb", "AFGEWEZEN: geen budget")],
    "BPO>ingetrokken": [("ib", "INTREKKEN: verhuisd")],
}
COMMANDS = {"AKKOORD": "AKKOORD", "AFGEWEZEN": "AFGEWEZEN: reden", "INCOMPLEET": "INCOMPLEET: reden",
            "TOESTEMMING": "TOESTEMMING", "GEEN TOESTEMMING": "GEEN TOESTEMMING",
            "SO-coördinator": f"SO-coördinator: {SOCO}", "BPO-er": f"BPO-er: {BPOER}",
            "AFGEROND": "AFGEROND", "INTREKKEN": "INTREKKEN: reden",
            "TOESTEMMING INTREKKEN": "TOESTEMMING INTREKKEN", "Trajectbegeleider": f"Trajectbegeleider: {TB}",
            "TERUG": "TERUG: reden", "STOPPEN": "STOPPEN: reden", "VERLENGING": "VERLENGING: reden\nUren: 4",
            "VERLENGING AKKOORD": "VERLENGING AKKOORD", "VERLENGING AFGEWEZEN": "VERLENGING AFGEWEZEN: reden"}
V, I, S, D, U = ("BPO>voorlopige aanvraag", "BPO>aanvraag incompleet", "BPO>indienen SO-loket",
                 "BPO>doorgezet naar SO", "BPO>in uitvoering")
CONSENT_GIVEN = {"GEEN TOESTEMMING", "TOESTEMMING INTREKKEN"}
# bpomail(1), Commands in mail: who gives which command in which status (a pupil request with a
# trajectbegeleider; in incompleet the trajectbegeleider sent it back before consent came).
ALLOWED = {
    (V, "tb"): {"AKKOORD", "AFGEWEZEN", "INCOMPLEET"},
    (V, "loket"): {"AKKOORD", "AFGEWEZEN", "INCOMPLEET", "Trajectbegeleider", "STOPPEN"},
    (V, "ouder"): {"TOESTEMMING", "GEEN TOESTEMMING", "TOESTEMMING INTREKKEN"},
    (V, "ib"): {"TOESTEMMING", "INTREKKEN"},
    (I, "ib"): {"INTREKKEN", "TOESTEMMING"},
    (I, "ouder"): {"TOESTEMMING", "GEEN TOESTEMMING", "TOESTEMMING INTREKKEN"},
    (I, "loket"): {"STOPPEN"},
    (S, "loket"): {"SO-coördinator", "AFGEWEZEN", "INCOMPLEET", "STOPPEN"},
    (S, "ib"): {"INTREKKEN"},
    (S, "ouder"): CONSENT_GIVEN,
    (D, "loket"): {"SO-coördinator", "STOPPEN"},
    (D, "soco"): {"BPO-er", "TERUG"},
    (D, "ib"): {"INTREKKEN"},
    (D, "ouder"): CONSENT_GIVEN,
    (U, "bpoer"): {"AFGEROND", "VERLENGING"},
    (U, "soco"): {"BPO-er", "STOPPEN", "VERLENGING"},
    (U, "ib"): {"STOPPEN", "VERLENGING"},
    (U, "loket"): {"STOPPEN"},
    (U, "ouder"): CONSENT_GIVEN,
}
GIVES = {"VERLENGING AKKOORD": {"loket"}, "VERLENGING AFGEWEZEN": {"loket"}}
for (st, role), cmds in ALLOWED.items():
    for c in cmds:
        GIVES.setdefault(c, set()).add(role)
ORDER = ["ib", "tb", "ouder", "loket", "soco", "bpoer"]
FINAL = {"BPO>afgerond", "BPO>afgewezen", "BPO>ingetrokken"}
# The commands that end in a final status, by whom: refused there as already decided.
ENDS = {
    ("BPO>afgewezen", "AFGEWEZEN"): {"tb", "loket"},
    ("BPO>afgerond", "AFGEROND"): {"bpoer"},
    ("BPO>afgerond", "STOPPEN"): {"ib", "loket", "soco"},
    ("BPO>ingetrokken", "STOPPEN"): {"loket"},
    ("BPO>ingetrokken", "INTREKKEN"): {"ib"},
    ("BPO>ingetrokken", "GEEN TOESTEMMING"): {"ouder"},
    ("BPO>ingetrokken", "TOESTEMMING INTREKKEN"): {"ouder"},
}


def expected_reason(st, role, cmd):
    """The sentence the sender must get, or None for an 'already decided' answer."""
    if role not in GIVES[cmd]:
        who = " of ".join("de " + ROLE_NAME[r] for r in ORDER if r in GIVES[cmd])
        return f"Als {ROLE_NAME[role]} kunt u {cmd} niet geven; dat doet {who}."
    if st in FINAL:
        if role in ENDS.get((st, cmd), set()):
            return None
        return f"De aanvraag is afgesloten met de status {st}; er kan niets meer aan veranderen."
    # Past both gates the trajectbegeleider's step and the consent are decided; past
    # BPO>indienen SO-loket the SO-loket's.
    if st in (S, D, U) and cmd in ("AKKOORD", "AFGEWEZEN", "INCOMPLEET", "Trajectbegeleider", "TOESTEMMING"):
        return None
    if st == U and role == "loket" and cmd == "SO-coördinator":
        return None
    if st == U and cmd in ("VERLENGING AKKOORD", "VERLENGING AFGEWEZEN"):
        return "Er is geen verlenging gevraagd voor deze aanvraag."
    return f"{cmd} kan niet in de status {st}."


setup()
kenmerken = {}
for i, (st, path) in enumerate(PATHS.items(), 1):
    k = new_request(i)
    for role, body in path:
        answer(latest(PEOPLE[role], k), PEOPLE[role], body)
    kenmerken[st] = k
    ok(status(k) == st, f"{k} reached {st}", status(k))

for st, k in kenmerken.items():
    for role in ORDER:
        addr = PEOPLE[role]
        try:
            orig = latest(addr, k)
        except SystemExit:
            continue   # not involved (yet) in this status
        for cmd, body in COMMANDS.items():
            if cmd in ALLOWED.get((st, role), set()):
                continue
            if role == "ib" and cmd == "TOESTEMMING" and st == "BPO>voorlopige aanvraag":
                continue
            before = len(outbox())
            answer(orig, addr, body)
            mails = outbox()[before:]
            reply = load(mails[-1]) if mails else None
            text = reply.get_body(("plain",)).get_content() if reply else ""
            text1 = re.sub(r"\s+", " ", text)
            reason = expected_reason(st, role, cmd)
            desc = f"{st}: {role} {cmd}"
            good = len(mails) == 1 and reply["To"].addresses[0].addr_spec == addr
            if role == "ouder" and cmd == "AKKOORD" and st in (V, I):
                # A parent's "Akkoord" while consent is asked is never taken as consent,
                # nor refused: it is asked back. The message goes to the ib.
                reason = "Bedoelde u TOESTEMMING? Antwoord dan met deze regel: TOESTEMMING"
                good = len(mails) == 2 and reply["To"].addresses[0].addr_spec == addr and \
                    "Wij nemen nooit een besluit voor u." in text1 and reason in text1
                ok(good, desc + " -> asked back: " + reason, text)
                continue
            if reason is None:
                # Parents read the status in words, never its code (bpomail(1), PRIVACY).
                now = "De aanvraag is nu " if role == "ouder" else f"Status: {st}"
                good = good and "over deze stap is al besloten" in text1 and now in text1 and \
                    (role != "ouder" or "BPO>" not in text1)
            else:
                good = good and reason in text1 and "Er is niets veranderd." in text1
            ok(good, desc + (" -> al besloten" if reason is None else " -> " + reason), text)

for st, k in kenmerken.items():
    ok(status(k) == st, f"{k} is still {st} after every refusal")

shutil.rmtree(T)
print(f"1..{n}")
sys.exit(1 if failed else 0)
