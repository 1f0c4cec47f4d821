#!/usr/bin/env python3
"""peertool.py: prepares the peer corpus (tests/data/peer) for
tests/t/0301-peer-corpus.t. Python 3 standard library only.

  peertool.py rewrite --out DIR --tag T --from HEADER --to ADDR
                      [--subject-prefix P] [--reply-to-id ID] FILE...
      writes DIR/SET/NAME for every FILE (SET is the name of its directory):
      the header block rewritten, the body byte for byte.
  peertool.py expect [--share N --index K] FILE...
      "1<tab>FILE" when FILE is a new message, "0<tab>FILE<tab>SAME" when an earlier FILE
      is the same message (same Message-ID, same bytes apart from
      the trace headers). With --share, only every N-th FILE from the K-th.
  peertool.py thread MAIL
      MAIL's Message-ID and the address in its Reply-To, on one line.
  peertool.py attribute DB DIR... < problems
      prefixes each line of `mailtool.py check` output ("NAME: what") with
      the file under DIR whose delivery queued the outgoing mail NAME (and
      that mail's template).

Rewriting works on bytes and never parses or re-serialises the message: the
header block is the lines before the first empty line (LF or CRLF); a field
is a line with a name and a colon plus the lines that continue it (starting
with a blank or tab); every other line is left as it is.

  - every From: field is removed (continuation lines included) and one
    `From: HEADER` is put where the first one was;
  - likewise To: becomes `To: ADDR`;
  - every Message-ID: gets ".peer-TAG" inserted before its last ">" (or appended
    when it has none), so each variant is a message of its own; a message
    without one gets `Message-ID: <peer-TAG-SHA@peer.example>`;
  - with --subject-prefix, P is put before the value of every Subject: field
    (one is added when there is none);
  - with --reply-to-id, every In-Reply-To: and References: is removed and
    both are set to ID.
New fields use the line ending of the message's first line. A message with
no empty line (no header/body separator) is not taken apart: the new fields
are put in front of it.
"""
import email
import email.policy
import hashlib
import os
import re
import sqlite3
import sys

FIELD = re.compile(rb"^([!-9;-~]+)[ \t]*:")


def split_message(raw):
    """(header lines, body bytes, has_separator); the separator stays in body."""
    lines = [l + b"\n" for l in raw.split(b"\n")]
    lines[-1] = lines[-1][:-1]
    if lines and lines[-1] == b"":
        lines.pop()
    head = []
    pos = 0
    for line in lines:
        if line in (b"\n", b"\r\n"):
            return head, raw[pos:], True
        head.append(line)
        pos += len(line)
    return head, b"", False


def fields(head):
    """Groups header lines: a list of (lower-case name or None, [lines])."""
    out = []
    for line in head:
        if line[:1] in (b" ", b"\t") and out and out[-1][0] is not None:
            out[-1][1].append(line)
            continue
        m = FIELD.match(line)
        out.append((m.group(1).lower() if m else None, [line]))
    return out


def eol_of(raw, body, separated):
    """The line end of the separator; without one, that of the first line."""
    if separated:
        return b"\r\n" if body.startswith(b"\r\n") else b"\n"
    i = raw.find(b"\n")
    return b"\r\n" if i > 0 and raw[i - 1:i] == b"\r" else b"\n"


def tag_message_id(lines, tag):
    text = b"".join(lines)
    i = text.rfind(b">")
    if i < 0:
        body = text.rstrip(b"\r\n")
        end = text[len(body):]
        stripped = body.rstrip(b" \t")
        return [stripped + b"." + tag + body[len(stripped):] + end]
    return [text[:i] + b"." + tag + text[i:]]


def add_subject_prefix(lines, prefix):
    first = lines[0]
    colon = first.index(b":") + 1
    rest = first[colon:]
    blanks = len(rest) - len(rest.lstrip(b" \t"))
    return [first[:colon] + rest[:blanks] + prefix + rest[blanks:]] + lines[1:]


def rewrite(raw, tag, sender, to, subject_prefix=None, reply_to_id=None):
    head, body, separated = split_message(raw)
    eol = eol_of(raw, body, separated)
    tagb = b"peer-" + tag.encode()
    own_id = b"<" + tagb + b"-" + hashlib.sha256(raw).hexdigest()[:16].encode() + b"@peer.example>"
    new = {b"from": b"From: " + sender.encode() + eol, b"to": b"To: " + to.encode() + eol}
    if reply_to_id:
        new[b"in-reply-to"] = b"In-Reply-To: " + reply_to_id.encode() + eol
        new[b"references"] = b"References: " + reply_to_id.encode() + eol
    if not separated:
        out = [new[b"from"], new[b"to"], b"Message-ID: " + own_id + eol]
        if subject_prefix:
            out.append(b"Subject: " + subject_prefix.encode().rstrip() + eol)
        if reply_to_id:
            out += [new[b"in-reply-to"], new[b"references"]]
        return b"".join(out) + raw
    out = []
    placed = set()
    has_id = has_subject = False
    for name, lines in fields(head):
        if name in new:
            if name not in placed:
                out.append(new[name])
                placed.add(name)
            continue
        if name == b"message-id":
            has_id = True
            lines = tag_message_id(lines, tagb)
        elif name == b"subject" and subject_prefix:
            has_subject = True
            lines = add_subject_prefix(lines, subject_prefix.encode())
        out += lines
    for name in new:
        if name not in placed:
            out.append(new[name])
    if not has_id:
        out.append(b"Message-ID: " + own_id + eol)
    if subject_prefix and not has_subject:
        out.append(b"Subject: " + subject_prefix.encode().rstrip() + eol)
    return b"".join(out) + body


# What bpomail leaves out when it compares two deliveries (src/mailparse.c,
# mailparse_content_spans): trace fields, by name or by prefix.
TRACE_NAMES = (b"received", b"return-path", b"delivered-to", b"x-original-to",
               b"authentication-results", b"arc-authentication-results",
               b"arc-message-signature", b"arc-seal", b"received-spf", b"x-received")
TRACE_PREFIXES = (b"x-spam-", b"x-virus-")


def usable_id(value):
    """The first <id> of a Message-ID value that bpomail keeps (compose_id_ok), or None."""
    for m in re.finditer(rb"<([^<>]*)>", value):
        i = m.group(1)
        if 0 < len(i) <= 250 and b"@" in i and all(0x20 < c < 0x7f and c not in b'<>"()' for c in i):
            return i
        return None
    return None


def message_key(raw):
    """The key of a message as bpomail keeps it (README, What bpomail guarantees): a usable Message-ID (or none) and the
    SHA-256 of the message without a leading mbox From line and without trace fields."""
    if raw.startswith(b"From ") and b"\n" in raw:
        raw = raw[raw.index(b"\n") + 1:]
    msgid = None
    kept = []
    pos = 0
    skipping = False
    seen_id = False
    while pos < len(raw) and raw[pos:pos + 1] != b"\n" and raw[pos:pos + 2] != b"\r\n":
        nl = raw.find(b"\n", pos)
        end = len(raw) if nl < 0 else nl + 1
        line = raw[pos:end]
        if line[:1] in (b" ", b"\t"):
            skip = skipping
        else:
            low = line.lower()
            skip = any(low.startswith(n + b":") for n in TRACE_NAMES) or \
                any(low.startswith(p) for p in TRACE_PREFIXES)
            if low.startswith(b"message-id:") and not seen_id:
                seen_id = True
                value = line[11:]
                if raw[end:end + 1] in (b" ", b"\t"):
                    nl2 = raw.find(b"\n", end)
                    value = value.rstrip(b"\r\n") + raw[end:len(raw) if nl2 < 0 else nl2]
                msgid = usable_id(value)
        if not skip:
            kept.append(line)
        skipping = skip
        pos = end
    return (msgid, hashlib.sha256(b"".join(kept) + raw[pos:]).hexdigest())


def cmd_rewrite(argv):
    import argparse
    ap = argparse.ArgumentParser(prog="peertool.py rewrite")
    ap.add_argument("--out", required=True)
    ap.add_argument("--tag", required=True)
    ap.add_argument("--from", dest="sender", required=True)
    ap.add_argument("--to", required=True)
    ap.add_argument("--subject-prefix")
    ap.add_argument("--reply-to-id")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args(argv)
    for path in a.files:
        with open(path, "rb") as f:
            raw = f.read()
        d = os.path.join(a.out, os.path.basename(os.path.dirname(os.path.abspath(path))))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, os.path.basename(path)), "wb") as f:
            f.write(rewrite(raw, a.tag, a.sender, a.to, a.subject_prefix, a.reply_to_id))
    return 0


def cmd_expect(argv):
    share, index = 1, 0
    if argv[:1] == ["--share"]:
        share, index, argv = int(argv[1]), int(argv[3]), argv[4:]
    seen = {}
    for path in argv[index % share::share]:
        with open(path, "rb") as f:
            key = message_key(f.read())
        if key in seen:
            print(f"0\t{path}\t{seen[key]}")
        else:
            seen[key] = path
            print(f"1\t{path}")
    return 0


def cmd_thread(argv):
    with open(argv[0], "rb") as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.default)
    print(str(msg["Message-ID"]).strip(), msg["Reply-To"].addresses[0].addr_spec)
    return 0


def cmd_attribute(argv):
    db, dirs = argv[0], argv[1:]
    by_sha = {}
    for top in dirs:
        for d, _, names in os.walk(top, followlinks=True):
            for n in sorted(names):
                path = os.path.join(d, n)
                with open(path, "rb") as f:
                    by_sha.setdefault(message_key(f.read())[1], os.path.relpath(path, top))
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    for line in sys.stdin:
        line = line.rstrip("\n")
        m = re.match(r"\d+\.B(\d+)\.", line)
        source = "?"
        if m:
            row = con.execute("SELECT m.raw_sha256, o.template FROM outmail o LEFT JOIN message m"
                              " ON m.id = o.cause WHERE o.id = ?", (int(m.group(1)),)).fetchone()
            if row:
                source = f"{by_sha.get(row[0], 'sha256:' + str(row[0]))} ({row[1]})"
        print(f"{source}: {line}")
    return 0


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 64
    cmd = {"rewrite": cmd_rewrite, "expect": cmd_expect, "thread": cmd_thread,
           "attribute": cmd_attribute}.get(sys.argv[1])
    if not cmd:
        print(__doc__, file=sys.stderr)
        return 64
    return cmd(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
