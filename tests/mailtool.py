#!/usr/bin/env python3
"""mailtool.py: reads bpomail's outgoing mail with Python's email package (an
independent parser) and writes replies the way real mail clients do.

  mailtool.py check DIR [--forbid-in-subject TEXT]...  every mail well-formed
  mailtool.py latest DIR ADDR [N]                     newest mail to ADDR
  mailtool.py show FILE                               decoded headers + text
  mailtool.py reply FILE --from ADDR --client C --body TEXT [--drop-token]
                        [--attach PATH] [--message-id ID] [--subject S]
  mailtool.py click FILE --label L --from ADDR --client C [--fill TEXT]
                        the new mail a one-click (mailto:) action makes, as C sends it
  mailtool.py html FILE                               the text/html part
"""
import html.parser
import urllib.parse
import argparse
import email
import email.policy
import email.utils
import os
import re
import sys
from email.message import EmailMessage

REQUIRED = ["From", "To", "Reply-To", "Subject", "Message-ID", "Date",
            "Auto-Submitted", "X-Auto-Response-Suppress", "X-BPOmail-Loop"]


def load(path):
    with open(path, "rb") as f:
        return email.message_from_bytes(f.read(), policy=email.policy.default)


def mails(directory):
    new = os.path.join(directory, "new")
    names = sorted(os.listdir(new)) if os.path.isdir(new) else []
    # Maildir names start with the queue time and the queue number: sort on the number.
    def key(n):
        m = re.match(r"(\d+)\.B(\d+)\.", n)
        return (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    return [os.path.join(new, n) for n in sorted(names, key=key)]


def body_text(msg):
    part = msg.get_body(preferencelist=("plain",))
    return part.get_content() if part else ""


class _HtmlCheck(html.parser.HTMLParser):
    """Collects the mailto: buttons and anything that would load or run something."""
    VOID = {"br", "hr", "meta", "img", "input", "link"}

    def __init__(self):
        super().__init__()
        self.stack, self.problems, self.links, self._href, self._label = [], [], [], None, ""

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            v = v or ""
            if k == "src" or k.startswith("on") or "url(" in v or re.search(r"https?:", v):
                self.problems.append(f"<{tag} {k}=...> loads or runs something")
        if tag in ("script", "img", "iframe", "object", "link", "form"):
            self.problems.append(f"<{tag}> in the HTML part")
        if tag == "a":
            self._href, self._label = dict(attrs).get("href", ""), ""
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._label, self._href))
            self._href = None
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> does not close <{self.stack[-1] if self.stack else ''}>")
        else:
            self.stack.pop()

    def handle_data(self, data):
        if self._href is not None:
            self._label += data


def html_part(msg):
    part = msg.get_body(preferencelist=("html",))
    return part.get_content() if part and part.get_content_type() == "text/html" else None


def check_html(msg, name, problems):
    doc = html_part(msg)
    if doc is None:
        return
    p = _HtmlCheck()
    p.feed(doc)
    p.close()
    problems += [f"{name}: HTML: {x}" for x in p.problems]
    if p.stack:
        problems.append(f"{name}: HTML: unclosed {p.stack}")
    text = body_text(msg)
    for label, href in p.links:
        if not href.startswith("mailto:"):
            problems.append(f"{name}: HTML: a link that is no mailto: {href}")
        elif f"- {label}: <{href}>" not in text:
            problems.append(f"{name}: the button {label} is not in the text part")


def check(args):
    problems = []
    for path in mails(args.dir):
        raw = open(path, "rb").read()
        name = os.path.basename(path)
        try:
            raw.decode("ascii")
        except UnicodeDecodeError:
            problems.append(f"{name}: not 7-bit")
        if any(len(line) > 998 for line in raw.split(b"\n")):
            problems.append(f"{name}: a line over 998 bytes")
        msg = load(path)
        defects = list(msg.defects)
        for part in msg.walk():
            defects += list(part.defects)
        for h in REQUIRED:
            if msg[h] is None:
                problems.append(f"{name}: no {h} header")
            elif msg[h].defects:
                defects += list(msg[h].defects)
        if defects:
            problems.append(f"{name}: defects {defects}")
        subject = str(msg["Subject"] or "")
        for text in args.forbid_in_subject or []:
            if text.lower() in subject.lower():
                problems.append(f"{name}: subject shows '{text}': {subject}")
        if "\ufffd" in subject or "\ufffd" in body_text(msg):
            problems.append(f"{name}: replacement character (accents lost)")
        if not str(msg["Auto-Submitted"] or "").startswith("auto-"):
            problems.append(f"{name}: Auto-Submitted is {msg['Auto-Submitted']}")
        for line in body_text(msg).split("\n"):
            if line != line.rstrip(" \t"):
                problems.append(f"{name}: trailing blanks in the body")
                break
        check_html(msg, name, problems)
        # Parents read plain words: never a status code (bpomail(1), PRIVACY).
        to = msg["To"].addresses[0].addr_spec.lower() if msg["To"] else ""
        if to.endswith("@thuis.example"):
            for what, text in (("subject", subject), ("text", body_text(msg)),
                               ("HTML", html_part(msg) or "")):
                if "BPO>" in text or "BPO&gt;" in text:
                    problems.append(f"{name}: the parent's {what} shows a status code")
    for p in problems:
        print(p)
    return 1 if problems else 0


def latest(args):
    found = []
    for path in mails(args.dir):
        msg = load(path)
        to = msg["To"].addresses[0].addr_spec.lower() if msg["To"] else ""
        if to == args.addr.lower():
            found.append(path)
    if len(found) < args.n:
        print(f"no mail #{args.n} to {args.addr}", file=sys.stderr)
        return 1
    print(found[-args.n])
    return 0


def show(args):
    msg = load(args.file)
    for h in ["From", "To", "Reply-To", "Subject", "Message-ID", "In-Reply-To", "References"]:
        print(f"{h}: {msg[h] or ''}")
    for part in msg.iter_attachments():
        print(f"Attachment: {part.get_filename()} ({part.get_content_type()})")
    print()
    print(body_text(msg))
    return 0


def quote(client, orig):
    """The quoted original as CLIENT writes it below a reply."""
    sender = orig["From"].addresses[0]
    body = body_text(orig).rstrip("\n")
    quoted = "\n".join("> " + l if l else ">" for l in body.split("\n"))
    if client == "outlook":
        return ("\n\nMet vriendelijke groet,\n{name}\n\n" + "_" * 32 +
                "\nVan: {sname} <{saddr}>\nVerzonden: maandag 11 januari 2027 09:01\n"
                "Aan: {name}\nOnderwerp: {subj}\n\n{body}\n")
    if client == "gmail":
        return ("\n\nOp ma 11 jan. 2027 om 09:01 schreef {sname} <{saddr}>:\n\n" + quoted + "\n")
    if client == "apple":
        return ("\n\n> Op 11 jan. 2027, om 09:01 heeft {sname} <{saddr}> het volgende "
                "geschreven:\n>\n" + quoted + "\n")
    if client == "thunderbird":
        return "\n\nOp 11-01-2027 om 09:01 schreef {sname}:\n" + quoted + "\n"
    if client == "iphone":
        return "\n\nVerzonden vanaf mijn iPhone\n\n> Op 11 jan. 2027 om 09:01 heeft {sname} <{saddr}> het volgende geschreven:\n>\n" + quoted + "\n"
    if client == "none":
        return ""
    raise SystemExit(f"unknown client {client}")


def reply(args):
    orig = load(args.file)
    sender = orig["From"].addresses[0]
    msg = EmailMessage()
    name = args.name or args.sender.split("@")[0]
    msg["From"] = email.utils.formataddr((name, args.sender))
    reply_to = orig["Reply-To"].addresses[0].addr_spec
    if args.drop_token:
        reply_to = re.sub(r"\+[^@]*@", "@", reply_to)
    msg["To"] = reply_to
    prefix = "Antw: " if args.client == "outlook" else "Re: "
    msg["Subject"] = args.subject if args.subject is not None else prefix + str(orig["Subject"])
    msg["Message-ID"] = args.message_id or email.utils.make_msgid(domain="client.example")
    msg["Date"] = email.utils.formatdate(localtime=True)
    if not args.no_thread:
        msg["In-Reply-To"] = orig["Message-ID"]
        refs = str(orig["References"] or "").split() + [str(orig["Message-ID"])]
        msg["References"] = " ".join(refs)
    text = quote(args.client, orig).format(
        name=name, sname=sender.display_name, saddr=sender.addr_spec,
        subj=str(orig["Subject"]), body=body_text(orig))
    body = args.body.replace("\\n", "\n") + text
    if args.client == "html":
        html = "<html><body><div>" + args.body.replace("\\n", "<br>") + "</div>" + \
               '<div class="gmail_quote">Op ma 11 jan. 2027 om 09:01 schreef x:<blockquote>' + \
               body_text(orig).replace("\n", "<br>") + "</blockquote></div></body></html>"
        msg.set_content(html, subtype="html")
    else:
        msg.set_content(body, cte="quoted-printable" if args.client == "outlook" else None)
    for path in args.attach or []:
        data = open(path, "rb").read()
        ctype = "application/xml" if path.endswith(".xml") else "application/pdf"
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype,
                           filename=os.path.basename(path))
    sys.stdout.buffer.write(msg.as_bytes(policy=email.policy.SMTP.clone(linesep="\n")))
    return 0


def show_html(args):
    doc = html_part(load(args.file))
    if doc is None:
        print(f"{args.file}: no text/html part", file=sys.stderr)
        return 1
    sys.stdout.write(doc)
    return 0


def click(args):
    """The new mail CLIENT makes from the button LABEL (its mailto: URL) and sends."""
    orig = load(args.file)
    p = _HtmlCheck()
    p.feed(html_part(orig) or "")
    hrefs = [h for label, h in p.links if label == args.label]
    if not hrefs:
        print(f"no button {args.label!r} in {args.file}", file=sys.stderr)
        return 1
    url = urllib.parse.urlsplit(hrefs[0])
    query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
    to = urllib.parse.unquote(url.path)
    subject = query.get("subject", [""])[0]
    body = query.get("body", [""])[0].replace("\r\n", "\n") + (args.fill or "")
    name = args.name or args.sender.split("@")[0]
    msg = EmailMessage()
    msg["From"] = email.utils.formataddr((name, args.sender))
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = email.utils.make_msgid(domain="client.example")
    msg["Date"] = email.utils.formatdate(localtime=True)
    lines = body.split("\n")
    if args.client == "outlook":
        # Outlook: HTML with a text alternative in windows-1252, and the signature.
        text = body + "\n\nMet vriendelijke groet,\n" + name + "\n"
        msg.set_content(text.replace("\n", "\r\n"), charset="windows-1252", cte="quoted-printable")
        html_body = "".join(f'<p class="MsoNormal">{l or "&nbsp;"}</p>' for l in lines)
        msg.add_alternative("<html><body><div class=WordSection1>" + html_body +
                            "<p class=MsoNormal>Met vriendelijke groet,<br>" + name +
                            "</p></div></body></html>", subtype="html", charset="windows-1252")
    elif args.client == "gmail":
        # Gmail: text and HTML in UTF-8, each line a <div>.
        msg.set_content(body + "\n", charset="utf-8", cte="quoted-printable")
        msg.add_alternative('<div dir="ltr">' + "".join(f"<div>{l or '<br>'}</div>" for l in lines) +
                            "</div>", subtype="html", charset="utf-8")
    elif args.client == "apple":
        # Apple Mail: plain text, format=flowed, and its signature.
        msg.set_content(body + "\n\nVerstuurd vanaf mijn iPad\n", charset="utf-8",
                        cte="quoted-printable")
        msg.set_param("format", "flowed")
    else:
        raise SystemExit(f"unknown client {args.client}")
    sys.stdout.buffer.write(msg.as_bytes(policy=email.policy.SMTP.clone(linesep="\n")))
    return 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check")
    c.add_argument("dir")
    c.add_argument("--forbid-in-subject", action="append")
    lt = sub.add_parser("latest")
    lt.add_argument("dir")
    lt.add_argument("addr")
    lt.add_argument("n", type=int, nargs="?", default=1)
    s = sub.add_parser("show")
    s.add_argument("file")
    r = sub.add_parser("reply")
    r.add_argument("file")
    r.add_argument("--from", dest="sender", required=True)
    r.add_argument("--name")
    r.add_argument("--client", default="gmail")
    r.add_argument("--body", required=True)
    r.add_argument("--drop-token", action="store_true")
    r.add_argument("--no-thread", action="store_true")
    r.add_argument("--attach", action="append")
    r.add_argument("--message-id")
    r.add_argument("--subject")
    k = sub.add_parser("click")
    k.add_argument("file")
    k.add_argument("--label", required=True)
    k.add_argument("--from", dest="sender", required=True)
    k.add_argument("--name")
    k.add_argument("--client", default="gmail")
    k.add_argument("--fill")
    h = sub.add_parser("html")
    h.add_argument("file")
    args = ap.parse_args()
    return {"check": check, "latest": latest, "show": show, "reply": reply, "click": click,
            "html": show_html}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
