#!/usr/bin/env python3
"""bench/gen.py: builds the benchmark's input mail (Python standard library only).

  gen.py text OUT [--msgid ID] [--attach-kb N] [--seed S]
      a new text-form request, modelled on tests/data/groep-tb.eml, with a
      unique Message-ID; with --attach-kb a PDF-like attachment of N KiB
  gen.py xml OUT [--msgid ID] [--attach-kb N] [--seed S]
      a request whose form is an XML attachment (tests/data/aanvraag.xml, as in
      tests/t/0005-xml-form.t), plus a PDF-like attachment of N KiB
  gen.py big OUT --bytes N [--seed S]
      a text-form request with one PDF-like attachment, N bytes in all
  gen.py replies OUTBOX DIR --to ADDR --body TEXT --count N [--used FILE] [--prefix P]
      N replies, as Gmail writes them, to the oldest mails in OUTBOX/new
      addressed to ADDR that FILE does not list yet (their kenmerk is appended
      to FILE): To the mail's Reply-To (bpo+TOKEN@...), In-Reply-To and
      References its Message-ID, the original quoted below. One file per
      reply in DIR, named PREFIX000001.eml ...
  gen.py requests DIR --count N [--attach-kb K] [--kind text|xml] [--prefix P]
      N requests (text or XML form) with a K KiB attachment each, one file each
  gen.py kreplies DIR --count N [--first F] [--year Y] [--body TEXT]
      N replies from the trajectbegeleider to requests BPO-Y-F, BPO-Y-F+1, ...
      that name their request only by the kenmerk in the subject (no token:
      for a site with trust_from = yes)
  gen.py mixed MAILDIR --requests DIR1 --replies DIR2
      a Maildir whose new/ holds the files of DIR1 and DIR2 alternating
      (request, reply, request, ...) in name order

Every message gets its own Message-ID; every attachment its own bytes
(seeded, so runs are repeatable), so nothing can be shared by content hash.
"""
import argparse
import base64
import datetime
import email
import email.message
import email.policy
import email.utils
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
DATA = os.path.join(TOP, "tests", "data")
SYS_DOMAIN = "swv.example"

_counter = [0]


def msgid(tag="bench"):
    _counter[0] += 1
    return "<%s-%d-%d-%s@delinde.example>" % (tag, os.getpid(), _counter[0],
                                              base64.b32encode(os.urandom(5)).decode().lower())


def dutch_date(d):
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli",
              "augustus", "september", "oktober", "november", "december"]
    return "%d %s %d" % (d.day, months[d.month - 1], d.year)


def dates():
    """A start at the first of next month and an end five months later:
    always in the future, whenever the benchmark runs."""
    t = datetime.date.today()
    start = (t.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    m = start.month + 5
    end = start.replace(year=start.year + (m - 1) // 12, month=(m - 1) % 12 + 1)
    end = end - datetime.timedelta(days=1)
    return start, end


def form_text():
    """The form of tests/data/groep-tb.eml with dates that are always valid."""
    with open(os.path.join(DATA, "groep-tb.eml"), "rb") as f:
        raw = f.read().decode("utf-8")
    head, body = raw.split("\n\n", 1)
    start, end = dates()
    body = re.sub(r"(?m)^Gewenste startdatum:.*$", "Gewenste startdatum: " + dutch_date(start), body)
    body = re.sub(r"(?m)^Gewenste einddatum:.*$", "Gewenste einddatum: " + end.strftime("%d-%m-%Y"), body)
    return body


def head(subject, mid, multipart=None):
    h = ["From: IB De Linde <ib@delinde.example>",
         "To: bpo@%s" % SYS_DOMAIN,
         "Subject: %s" % subject,
         "Message-ID: %s" % mid,
         "Date: %s" % email.utils.formatdate(localtime=True),
         "MIME-Version: 1.0"]
    if multipart:
        h.append('Content-Type: multipart/mixed; boundary="%s"' % multipart)
    else:
        h += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
    return "\n".join(h) + "\n\n"


def b64(data):
    s = base64.b64encode(data).decode()
    return "\n".join(s[i:i + 76] for i in range(0, len(s), 76)) + "\n"


def pdf_like(nbytes, rng):
    """A PDF header and trailer around incompressible bytes: nbytes in all."""
    headb = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length " + str(nbytes).encode() + b" >>\nstream\n"
    tail = b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    n = max(0, nbytes - len(headb) - len(tail))
    return headb + rng.randbytes(n) + tail


def part_pdf(data, name):
    return ("Content-Type: application/pdf; name=\"%s\"\n"
            "Content-Disposition: attachment; filename=\"%s\"\n"
            "Content-Transfer-Encoding: base64\n\n" % (name, name)) + b64(data)


def text_request(attach_bytes=0, rng=None, mid=None, subject="Aanvraag BPO groep 5"):
    mid = mid or msgid("aanvraag")
    body = form_text()
    if not attach_bytes:
        return (head(subject, mid) + body).encode("utf-8")
    bnd = "bench-" + base64.b32encode(os.urandom(10)).decode().lower()
    out = head(subject, mid, bnd)
    out += "--%s\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" % bnd
    out += body
    out += "\n--%s\n" % bnd + part_pdf(pdf_like(attach_bytes, rng), "verslag-groep5.pdf")
    out += "--%s--\n" % bnd
    return out.encode("utf-8")


def xml_request(attach_bytes, rng, mid=None):
    mid = mid or msgid("xml")
    with open(os.path.join(DATA, "aanvraag.xml"), "rb") as f:
        xml = f.read().decode("utf-8")
    start, end = dates()
    xml = re.sub(r"<startdatum>.*?</startdatum>", "<startdatum>%s</startdatum>" % start.isoformat(), xml)
    xml = re.sub(r"<einddatum>.*?</einddatum>", "<einddatum>%s</einddatum>" % end.isoformat(), xml)
    bnd = "x" + base64.b32encode(os.urandom(10)).decode().lower()
    out = head("aanvraag", mid, bnd).replace("IB De Linde <ib@delinde.example>",
                                             "IB De Esch <ib@deesch.example>")
    out += "--%s\nContent-Type: text/plain\n\nBijgaand het formulier.\n" % bnd
    out += ("--%s\nContent-Type: text/xml; charset=utf-8\n"
            "Content-Disposition: attachment; filename=\"aanvraag.xml\"\n"
            "Content-Transfer-Encoding: base64\n\n" % bnd) + b64(xml.encode("utf-8"))
    if attach_bytes:
        out += "--%s\n" % bnd + part_pdf(pdf_like(attach_bytes, rng), "onderzoeksverslag.pdf")
    out += "--%s--\n" % bnd
    return out.encode("utf-8")


def big_request(total, rng):
    """A text form with one attachment, exactly total bytes (base64 grows 4/3;
    an X-Bench-Pad header makes up the last few bytes)."""
    probe = text_request(1000, random.Random(0), mid="<probe@delinde.example>")
    overhead = len(probe) - len(b64(pdf_like(1000, random.Random(0)))) + 200
    raw_len = max(1000, int((total - overhead) * 57 / 77))
    msg = text_request(raw_len, rng)
    while len(msg) > total - 120:
        raw_len -= 57
        msg = text_request(raw_len, random.Random(raw_len))
    pad = total - len(msg) - len("X-Bench-Pad: \n")
    return msg.replace(b"MIME-Version: 1.0\n", b"MIME-Version: 1.0\nX-Bench-Pad: " + b"x" * pad + b"\n", 1)


def load(path):
    with open(path, "rb") as f:
        return email.message_from_bytes(f.read(), policy=email.policy.default)


def outbox_mails(outbox):
    new = os.path.join(outbox, "new")
    names = os.listdir(new) if os.path.isdir(new) else []

    def key(n):
        m = re.match(r"(\d+)\.B(\d+)\.", n)
        return (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    return [os.path.join(new, n) for n in sorted(names, key=key)]


def gmail_reply(orig, sender, name, body):
    omid = str(orig["Message-ID"])
    refs = str(orig["References"] or "").split() + [omid]
    osender = orig["From"].addresses[0]
    part = orig.get_body(preferencelist=("plain",))
    otext = part.get_content() if part else ""
    quoted = "\n".join("> " + l if l else ">" for l in otext.rstrip("\n").split("\n"))
    m = email.message.EmailMessage()
    m["From"] = email.utils.formataddr((name, sender))
    m["To"] = orig["Reply-To"].addresses[0].addr_spec
    m["Subject"] = "Re: " + str(orig["Subject"])
    m["Message-ID"] = email.utils.make_msgid(domain="client.example")
    m["Date"] = email.utils.formatdate(localtime=True)
    m["In-Reply-To"] = omid
    m["References"] = " ".join(refs)
    text = "%s\n\nOp %s schreef %s <%s>:\n\n%s\n" % (
        body, email.utils.formatdate(localtime=True), osender.display_name, osender.addr_spec, quoted)
    m.set_content(text)
    return m.as_bytes(policy=email.policy.SMTP.clone(linesep="\n"))


def kenmerk(msg):
    m = re.search(r"\[(BPO-[0-9]+-[0-9]+)\]", str(msg["Subject"]))
    return m.group(1) if m else None


def cmd_replies(a):
    used = set()
    if a.used and os.path.exists(a.used):
        with open(a.used) as f:
            used = set(l.strip() for l in f if l.strip())
    os.makedirs(a.dir, exist_ok=True)
    picked = []
    for path in outbox_mails(a.outbox):
        with open(path, "rb") as f:
            head_bytes = f.read(4096)
        if ("To:" not in head_bytes.decode("utf-8", "replace")
                or a.to.encode() not in head_bytes.split(b"\n\n", 1)[0]):
            continue
        msg = load(path)
        to = msg["To"].addresses[0].addr_spec.lower() if msg["To"] else ""
        k = kenmerk(msg)
        if to != a.to.lower() or not k or k in used or not msg["Reply-To"]:
            continue
        used.add(k)
        picked.append((k, msg))
    if len(picked) < a.count:
        sys.exit("gen.py replies: only %d unanswered mails to %s in %s, %d wanted"
                 % (len(picked), a.to, a.outbox, a.count))
    name = a.name or a.to.split("@")[0]
    with open(a.used, "a") if a.used else open(os.devnull, "w") as uf:
        for i, (k, msg) in enumerate(picked[:a.count]):
            with open(os.path.join(a.dir, "%s%06d.eml" % (a.prefix, i + 1)), "wb") as f:
                f.write(gmail_reply(msg, a.to, name, a.body.replace("\\n", "\n")))
            uf.write(k + "\n")
    return 0


def cmd_requests(a):
    os.makedirs(a.dir, exist_ok=True)
    rng = random.Random(a.seed)
    for i in range(a.count):
        with open(os.path.join(a.dir, "%s%06d.eml" % (a.prefix, i + 1)), "wb") as f:
            if a.kind == "xml":
                f.write(xml_request(a.attach_kb * 1024, rng))
            else:
                f.write(text_request(a.attach_kb * 1024, rng))
    return 0


QUOTE = """Beste Trajectbegeleider Noord,

IB De Linde <ib@delinde.example> van Basisschool De Linde vraagt begeleiding
passend onderwijs (BPO) aan en noemt u als trajectbegeleider. De aanvraag gaat
pas naar het SO-loket als u akkoord geeft.

Wat u moet doen: bekijk de aanvraag hieronder en beantwoord dit bericht met
een van deze opdrachten, bovenaan uw antwoord:

  AKKOORD
  AFGEWEZEN: de reden
  INCOMPLEET: wat er ontbreekt

Kenmerk: %s
Niveau: groep
School: Basisschool De Linde (12AB), Stichting Noord
Groep: 5
Gewenst: 12,5 uur

Met vriendelijke groet,
BPO-loket SWV Voorbeeld
"""


def cmd_kreplies(a):
    """Replies that name their request only by the kenmerk in the subject:
    for a site with trust_from = yes, where no token is needed."""
    os.makedirs(a.dir, exist_ok=True)
    for i in range(a.count):
        k = "BPO-%s-%04d" % (a.year, a.first + i)
        m = email.message.EmailMessage()
        m["From"] = email.utils.formataddr(("Trajectbegeleider Noord", "tb.noord@bestuur.example"))
        m["To"] = "bpo@%s" % SYS_DOMAIN
        m["Subject"] = "Re: [%s] Graag uw beoordeling van een BPO-aanvraag (Basisschool De Linde)" % k
        m["Message-ID"] = email.utils.make_msgid(domain="client.example")
        m["Date"] = email.utils.formatdate(localtime=True)
        quoted = "\n".join("> " + l if l else ">" for l in (QUOTE % k).rstrip("\n").split("\n"))
        m.set_content("%s\n\nOp %s schreef BPO-loket SWV Voorbeeld <bpo@%s>:\n\n%s\n"
                      % (a.body, email.utils.formatdate(localtime=True), SYS_DOMAIN, quoted))
        with open(os.path.join(a.dir, "%s%06d.eml" % (a.prefix, i + 1)), "wb") as f:
            f.write(m.as_bytes(policy=email.policy.SMTP.clone(linesep="\n")))
    return 0


def cmd_mixed(a):
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(a.maildir, sub), exist_ok=True)
    reqs = sorted(os.listdir(a.requests))
    reps = sorted(os.listdir(a.replies))
    seq = []
    for i in range(max(len(reqs), len(reps))):
        if i < len(reqs):
            seq.append(os.path.join(a.requests, reqs[i]))
        if i < len(reps):
            seq.append(os.path.join(a.replies, reps[i]))
    for i, src in enumerate(seq):
        dst = os.path.join(a.maildir, "new", "1760000000.M%07dP1.bench" % i)
        try:
            os.link(src, dst)
        except OSError:
            with open(src, "rb") as f, open(dst, "wb") as g:
                g.write(f.read())
    return 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    for kind in ("text", "xml"):
        p = sub.add_parser(kind)
        p.add_argument("out")
        p.add_argument("--msgid")
        p.add_argument("--attach-kb", type=int, default=30 if kind == "xml" else 0)
        p.add_argument("--seed", type=int, default=1)
    p = sub.add_parser("big")
    p.add_argument("out")
    p.add_argument("--bytes", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p = sub.add_parser("replies")
    p.add_argument("outbox")
    p.add_argument("dir")
    p.add_argument("--to", required=True)
    p.add_argument("--name")
    p.add_argument("--body", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--used")
    p.add_argument("--prefix", default="reply-")
    p = sub.add_parser("requests")
    p.add_argument("dir")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--attach-kb", type=int, default=30)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--prefix", default="request-")
    p.add_argument("--kind", choices=("text", "xml"), default="text")
    p = sub.add_parser("kreplies")
    p.add_argument("dir")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--first", type=int, default=1)
    p.add_argument("--year", default=str(datetime.datetime.now(datetime.timezone.utc).year))
    p.add_argument("--body", default="AKKOORD")
    p.add_argument("--prefix", default="reply-")
    p = sub.add_parser("mixed")
    p.add_argument("maildir")
    p.add_argument("--requests", required=True)
    p.add_argument("--replies", required=True)
    a = ap.parse_args()
    if a.cmd in ("text", "xml", "big"):
        rng = random.Random(a.seed)
        if a.cmd == "text":
            data = text_request(a.attach_kb * 1024, rng, a.msgid)
        elif a.cmd == "xml":
            data = xml_request(a.attach_kb * 1024, rng, a.msgid)
        else:
            data = big_request(a.bytes, rng)
        with open(a.out, "wb") as f:
            f.write(data)
        return 0
    return {"replies": cmd_replies, "requests": cmd_requests, "mixed": cmd_mixed,
            "kreplies": cmd_kreplies}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
