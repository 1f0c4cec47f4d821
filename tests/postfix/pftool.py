#!/usr/bin/env python3
"""pftool.py: SMTP and Maildir helpers for the Postfix end-to-end test.

  pftool.py send PORT FILE [--from ADDR] [--to ADDR]...   one message over SMTP
        to 127.0.0.1:PORT; envelope from From/To/Cc unless given; prints the
        queue id from "250 2.0.0 Ok: queued as ID"
  pftool.py list MAILDIR                    its mails in delivery order
  pftool.py newest MAILDIR [--subject RE] [--after N]   the newest mail (whose
        Subject matches RE, among those after the first N); exit 1 if none
  pftool.py count MAILDIR                   how many mails it holds
  pftool.py big --from ADDR --to ADDR --size BYTES --message-id ID
        a message with a PDF attachment of about BYTES, on stdout
  pftool.py listening [PID]                 the TCP addresses listened on (by
        PID), ADDR:PORT a line, from /proc (no ss needed)
"""
import argparse
import base64
import email
import email.policy
import email.utils
import ipaddress
import os
import re
import smtplib
import sys
from email.message import EmailMessage


def addrs(msg, *names):
    found = []
    for n in names:
        for v in msg.get_all(n, []):
            found += [a for _, a in email.utils.getaddresses([str(v)]) if a]
    return found


def send(args):
    raw = open(args.file, "rb").read()
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    sender = args.sender if args.sender is not None else (addrs(msg, "From") or [""])[0]
    rcpts = args.to or addrs(msg, "To", "Cc")
    s = smtplib.SMTP("127.0.0.1", args.port, local_hostname="client.test", timeout=60)
    try:
        s.ehlo()
        code, resp = s.mail(sender)
        if code != 250:
            raise SystemExit(f"MAIL FROM: {code} {resp.decode(errors='replace')}")
        for r in rcpts:
            code, resp = s.rcpt(r)
            if code not in (250, 251):
                raise SystemExit(f"RCPT TO:<{r}>: {code} {resp.decode(errors='replace')}")
        code, resp = s.data(raw)
        text = resp.decode(errors="replace")
        if code != 250:
            raise SystemExit(f"DATA: {code} {text}")
    finally:
        try:
            s.quit()
        except smtplib.SMTPException:
            pass
    m = re.search(r"queued as ([0-9A-Za-z]+)", text)
    print(m.group(1) if m else "?")
    return 0


def mails(maildir):
    found = []
    for sub in ("new", "cur"):
        d = os.path.join(maildir, sub)
        if not os.path.isdir(d):
            continue
        for n in os.listdir(d):
            # Postfix virtual(8): TIME.VdevIinoMusec.host
            m = re.match(r"(\d+)\.V[0-9a-f]+I[0-9a-f]+M(\d+)\.", n)
            key = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
            found.append((key, os.stat(os.path.join(d, n)).st_mtime_ns, os.path.join(d, n)))
    return [p for _, _, p in sorted(found)]


def subject(path):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    return str(msg["Subject"] or "")


def list_(args):
    for p in mails(args.maildir):
        print(f"{p}\t{subject(p)}")
    return 0


def newest(args):
    for p in reversed(mails(args.maildir)[args.after:]):
        if args.subject is None or re.search(args.subject, subject(p)):
            print(p)
            return 0
    print(f"no mail in {args.maildir} after #{args.after}"
          + (f" with a subject matching {args.subject}" if args.subject else ""), file=sys.stderr)
    return 1


def count(args):
    print(len(mails(args.maildir)))
    return 0


def big(args):
    msg = EmailMessage()
    msg["From"] = args.sender
    msg["To"] = args.to
    msg["Subject"] = "Stukken bij de aanvraag"
    msg["Message-ID"] = args.message_id
    msg["Date"] = email.utils.formatdate(localtime=True)
    msg.set_content("Hierbij de scans.\n")
    data = b"%PDF-1.4\n" + os.urandom(args.size * 3 // 4)
    msg.add_attachment(data, maintype="application", subtype="pdf", filename="scans.pdf")
    sys.stdout.buffer.write(msg.as_bytes(policy=email.policy.SMTP.clone(linesep="\n")))
    return 0


def listening(args):
    inodes = None
    if args.pid:
        inodes = set()
        fd = f"/proc/{args.pid}/fd"
        for n in os.listdir(fd):
            try:
                m = re.match(r"socket:\[(\d+)\]", os.readlink(os.path.join(fd, n)))
            except OSError:
                continue
            if m:
                inodes.add(m.group(1))
    found = set()
    for table, v6 in (("/proc/net/tcp", False), ("/proc/net/tcp6", True)):
        try:
            rows = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            f = row.split()
            if f[3] != "0A" or (inodes is not None and f[9] not in inodes):
                continue
            addr, port = f[1].split(":")
            raw = bytes.fromhex(addr)
            if v6:
                # four little-endian 32-bit words
                raw = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
                host = "[" + str(ipaddress.IPv6Address(raw)) + "]"
            else:
                host = ".".join(str(b) for b in raw[::-1])
            found.add(f"{host}:{int(port, 16)}")
    for a in sorted(found):
        print(a)
    return 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("send")
    s.add_argument("port", type=int)
    s.add_argument("file")
    s.add_argument("--from", dest="sender")
    s.add_argument("--to", action="append")
    lt = sub.add_parser("list")
    lt.add_argument("maildir")
    n = sub.add_parser("newest")
    n.add_argument("maildir")
    n.add_argument("--subject")
    n.add_argument("--after", type=int, default=0)
    c = sub.add_parser("count")
    c.add_argument("maildir")
    b = sub.add_parser("big")
    b.add_argument("--from", dest="sender", required=True)
    b.add_argument("--to", required=True)
    b.add_argument("--size", type=int, required=True)
    b.add_argument("--message-id", required=True)
    li = sub.add_parser("listening")
    li.add_argument("pid", nargs="?")
    args = ap.parse_args()
    return {"send": send, "list": list_, "newest": newest, "count": count,
            "big": big, "listening": listening}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
