#!/usr/bin/python3
"""bench/pydeliver.py DATABASE MAILDIR < message: the Python standard-library
equivalent of one `bpomail deliver`, as a baseline.

Parses the message with the email package (policy.default), records it with
one INSERT in DATABASE (journal_mode=WAL, synchronous=FULL, BEGIN IMMEDIATE,
the same durability bpomail asks of SQLite), and writes one reply into MAILDIR
durably (tmp/ written and fsync'd, renamed into new/, new/ fsync'd).
`pydeliver.py --init DATABASE MAILDIR` creates both.
"""
import email
import email.message
import email.policy
import email.utils
import hashlib
import os
import socket
import sqlite3
import sys
import time


def init(db, maildir):
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("CREATE TABLE IF NOT EXISTS message (id INTEGER PRIMARY KEY,"
                " msgkey TEXT NOT NULL UNIQUE, received_at TEXT NOT NULL,"
                " sender TEXT, subject TEXT, raw BLOB)")
    con.commit()
    con.close()
    for sub in ("tmp", "new", "cur"):
        os.makedirs(os.path.join(maildir, sub), exist_ok=True)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--init":
        init(sys.argv[2], sys.argv[3])
        return 0
    db, maildir = sys.argv[1], sys.argv[2]
    raw = sys.stdin.buffer.read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    sender = msg["From"].addresses[0].addr_spec if msg["From"] else ""
    subject = str(msg["Subject"] or "")
    body = msg.get_body(preferencelist=("plain",))
    text = body.get_content() if body else ""
    key = str(msg["Message-ID"] or "") + "/" + hashlib.sha256(raw).hexdigest() + \
        "/" + os.urandom(6).hex()

    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA synchronous = FULL")
    con.execute("BEGIN IMMEDIATE")
    con.execute("INSERT INTO message (msgkey, received_at, sender, subject, raw)"
                " VALUES (?, datetime('now'), ?, ?, ?)", (key, sender, subject, raw))
    con.execute("COMMIT")
    con.close()

    reply = email.message.EmailMessage()
    reply["From"] = "BPO-loket <bpo@swv.example>"
    reply["To"] = msg["From"] or "postmaster"
    reply["Subject"] = "Re: " + subject
    reply["Message-ID"] = email.utils.make_msgid(domain="swv.example")
    reply["Date"] = email.utils.formatdate(localtime=True)
    if msg["Message-ID"]:
        reply["In-Reply-To"] = msg["Message-ID"]
    reply["Auto-Submitted"] = "auto-replied"
    reply.set_content("Uw bericht is ontvangen (%d regels).\n" % text.count("\n"))
    data = reply.as_bytes(policy=email.policy.SMTP)

    name = "%d.%d_%s.%s" % (time.time(), os.getpid(), os.urandom(4).hex(), socket.gethostname())
    tmp = os.path.join(maildir, "tmp", name)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, data)
    os.fsync(fd)
    os.close(fd)
    os.rename(tmp, os.path.join(maildir, "new", name))
    dfd = os.open(os.path.join(maildir, "new"), os.O_RDONLY | os.O_DIRECTORY)
    os.fsync(dfd)
    os.close(dfd)
    return 0


if __name__ == "__main__":
    sys.exit(main())
