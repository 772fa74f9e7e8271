"""Sending a digest by e-mail (SMTP), as plain text (Markdown) with an HTML alternative.

The server, sender and recipients come from the caller; a login, when the server needs one,
from POLICYSCOPE_SMTP_USER / POLICYSCOPE_SMTP_PASSWORD (never from a command line, where
other users of the machine could read it).
"""

from __future__ import annotations

import os
import smtplib
from email.message import EmailMessage

from policyscope.errors import BadArgument, PolicyScopeError
from policyscope.watch.render import LABELS, digest_html, digest_markdown


def parse_server(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":") if ":" in text else (text, "", "25")
    if not host or not port.isdigit():
        raise BadArgument(f"--smtp {text!r}: give HOST or HOST:PORT, e.g. mail.example.org:587")
    return host, int(port)


def digest_message(dg, sender: str, recipients: list[str], lang: str = "en") -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = "PolicyScope: " + LABELS.get(lang, LABELS["en"])["title"].format(
        since=dg.since
    )
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg.set_content(digest_markdown(dg, lang))
    msg.add_alternative(digest_html(dg, lang), subtype="html")
    return msg


def send_digest(dg, server: str, sender: str, recipients: list[str], lang: str = "en",
                starttls: bool = False, timeout: float = 30.0) -> None:  # fmt: skip
    if not recipients:
        raise BadArgument("--mail-to: give at least one address")
    host, port = parse_server(server)
    msg = digest_message(dg, sender, recipients, lang)
    user, password = os.environ.get("POLICYSCOPE_SMTP_USER"), os.environ.get(
        "POLICYSCOPE_SMTP_PASSWORD"
    )
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as smtp:
            if starttls:
                smtp.starttls()
            if user and password:
                smtp.login(user, password)
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise PolicyScopeError(f"--smtp {server}: the digest was not sent ({exc})") from None
