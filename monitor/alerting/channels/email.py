"""Email alerts over SMTP, sent with the standard library in a worker thread."""

from __future__ import annotations

import hashlib
import ipaddress
import re
import smtplib
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import parse_qs, unquote, urlsplit

from monitor.alerting.channels.base import AlertMessage, BlockingSends, DeliveryError
from monitor.alerting.channels.render import DEFAULT, TemplateSet

_TRUE = {"1", "true", "yes", "on"}
_MSGID_SAFE = re.compile(r"^[A-Za-z0-9._\-+=]+$")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    user: str | None
    password: str | None

    def __repr__(self) -> str:
        # The password is left out so settings can be logged safely.
        return (
            f"SmtpSettings(host={self.host!r}, port={self.port}, implicit_tls={self.implicit_tls}, "
            f"starttls={self.starttls}, user={self.user!r})"
        )

    def redacted_url(self) -> str:
        scheme = "smtps" if self.implicit_tls else "smtp"
        auth = f"{self.user}:***@" if self.user and self.password else ""
        if self.user and not self.password:
            auth = f"{self.user}@"
        query = "?starttls=true" if self.starttls else ""
        return f"{scheme}://{auth}{self.host}:{self.port}{query}"


def parse_smtp_url(url: str) -> SmtpSettings:
    """Parse `smtp://[user[:password]@]host[:port][?starttls=true]` or `smtps://...`.

    Errors never quote the URL because it may carry the password.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("smtp", "smtps"):
        raise ValueError(f"SMTP URL must start with smtp:// or smtps://, not {scheme or '(none)'}")
    host = parts.hostname
    if not host:
        raise ValueError("SMTP URL has no host")
    query = parse_qs(parts.query)
    starttls = any(v.strip().lower() in _TRUE for v in query.get("starttls", []))
    implicit_tls = scheme == "smtps"
    if implicit_tls and starttls:
        raise ValueError("smtps:// already uses TLS; drop ?starttls=true or use smtp://")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("SMTP URL has an invalid port") from None
    if port is None:
        port = 465 if implicit_tls else 587 if starttls else 25
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    return SmtpSettings(host, port, implicit_tls, starttls, user, password)


def is_loopback_host(host: str) -> bool:
    """`localhost` or a loopback address literal: a server on this machine."""
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def cleartext_login_problem(settings: SmtpSettings, allow_insecure_auth: bool) -> str | None:
    """Why these settings must not log in, or None when they may.

    A user name without smtps:// or STARTTLS would send the password as readable text to
    anyone on the path. A server on this machine is the one place where that is harmless,
    so `allow_insecure_auth` is honoured for loopback hosts only.
    """
    if not settings.user or settings.implicit_tls or settings.starttls:
        return None
    if not allow_insecure_auth:
        return (
            "a user name without TLS would send the password across the network in clear "
            "text: use smtps:// or ?starttls=true (allow_insecure_auth = true is accepted "
            "for a server on this machine only)"
        )
    if not is_loopback_host(settings.host):
        return (
            f"allow_insecure_auth = true is accepted for a loopback SMTP server only "
            f"(localhost, 127.0.0.1, ::1), not {settings.host}"
        )
    return None


def smtp_problems(url: str, allow_insecure_auth: bool) -> list[str]:
    """What makes an email channel's `smtp` unusable or unsafe; empty when it is fine."""
    try:
        settings = parse_smtp_url(url)
    except ValueError as exc:
        return [str(exc)]
    problem = cleartext_login_problem(settings, allow_insecure_auth)
    return [] if problem is None else [problem]


def message_id(alert_id: str, sender: str) -> str:
    """A Message-ID that is the same every time one alert is sent, so repeats can be spotted."""
    domain = sender.rpartition("@")[2].strip(" <>") or "news-monitor.invalid"
    if not re.fullmatch(r"[A-Za-z0-9.\-]+", domain):
        domain = "news-monitor.invalid"
    if _MSGID_SAFE.fullmatch(alert_id) and len(alert_id) <= 100:
        local = alert_id
    else:
        local = hashlib.sha256(alert_id.encode("utf-8")).hexdigest()[:40]
    return f"<alert.{local}@{domain}>"


def _code_text(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {' '.join(text.split())}"


def _refusals(refused: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{rcpt}: {_code_text(code, text)}" for rcpt, (code, text) in refused.items())


class EmailChannel:
    def __init__(
        self,
        name: str,
        smtp_url: str,
        *,
        sender: str,
        to: list[str],
        timeout: float = 30.0,
        ssl_context: ssl.SSLContext | None = None,
        templates: TemplateSet = DEFAULT,
        allow_insecure_auth: bool = False,
    ) -> None:
        if not to:
            raise ValueError(f"email channel {name!r} needs at least one recipient")
        if not sender:
            raise ValueError(f"email channel {name!r} needs a sender address")
        self.name = name
        self.sender = sender
        self.to = list(to)
        self.timeout = timeout
        self.settings = parse_smtp_url(smtp_url)
        self.allow_insecure_auth = allow_insecure_auth
        self._ssl_context = ssl_context
        self.templates = templates
        self._sends = BlockingSends()

    def __repr__(self) -> str:
        return (
            f"EmailChannel(name={self.name!r}, server={self.settings.redacted_url()!r}, "
            f"sender={self.sender!r}, to={self.to!r})"
        )

    @property
    def ssl_context(self) -> ssl.SSLContext:
        if self._ssl_context is None:
            self._ssl_context = ssl.create_default_context()
        return self._ssl_context

    def build_message(self, message: AlertMessage) -> EmailMessage:
        email = EmailMessage()
        render = self.templates.render
        email["Subject"] = render("subject", message, channel=self.name)
        email["From"] = self.sender
        email["To"] = ", ".join(self.to)
        email["Date"] = format_datetime(datetime.now(UTC))
        email["Message-ID"] = message_id(message.id, self.sender)
        email["X-Monitor-Alert-Id"] = message.id
        email["X-Monitor-Event"] = message.event
        # Quoted-printable keeps non-ASCII titles intact through relays without 8BITMIME.
        email.set_content(render("text", message, channel=self.name), cte="quoted-printable")
        email.add_alternative(
            render("html", message, channel=self.name), subtype="html", cte="quoted-printable"
        )
        return email

    async def send(self, message: AlertMessage) -> None:
        email = self.build_message(message)
        # keyed by the alert: a retry never mails a second copy while the first may arrive
        await self._sends.run(message.id, self._deliver, email)

    def _scrub(self, text: str) -> str:
        password = self.settings.password
        if password:
            text = text.replace(password, "***")
        return text

    def _fail(self, what: str, *, retryable: bool, code: int | None = None) -> DeliveryError:
        where = f"email {self.name!r} ({self.settings.host}:{self.settings.port})"
        return DeliveryError(f"{where}: {self._scrub(what)}", retryable=retryable, status=code)

    def _deliver(self, email: EmailMessage) -> None:
        try:
            self._transact(email)
        except DeliveryError:
            raise
        except UnicodeError:
            # smtplib encodes credentials as ASCII; the exception would carry the password.
            raise self._fail(
                "user name, password or addresses contain characters SMTP cannot carry "
                "here (configuration problem)",
                retryable=False,
            ) from None
        except smtplib.SMTPRecipientsRefused as exc:
            detail = _refusals(exc.recipients)
            codes = [code for code, _reply in exc.recipients.values()]
            temporary = all(400 <= code < 500 for code in codes)
            first = codes[0] if codes else None
            raise self._fail(
                f"all recipients refused ({detail})", retryable=temporary, code=first
            ) from exc
        except smtplib.SMTPAuthenticationError as exc:
            raise self._fail(
                f"authentication failed for user {self.settings.user!r}: "
                f"{_code_text(exc.smtp_code, exc.smtp_error)}"
                + ("" if 400 <= exc.smtp_code < 500 else " (configuration problem)"),
                retryable=400 <= exc.smtp_code < 500,
                code=exc.smtp_code,
            ) from None
        except smtplib.SMTPResponseException as exc:
            # Covers sender refused, DATA rejected, HELO and connect-time replies.
            temporary = 400 <= exc.smtp_code < 500
            raise self._fail(
                f"server replied {_code_text(exc.smtp_code, exc.smtp_error)}"
                + ("" if temporary else " (permanent failure)"),
                retryable=temporary,
                code=exc.smtp_code,
            ) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise self._fail(
                f"server does not support what the configuration asks for: {exc}",
                retryable=False,
            ) from exc
        except smtplib.SMTPServerDisconnected as exc:
            raise self._fail(f"server disconnected: {exc}", retryable=True) from exc
        except ssl.SSLError as exc:
            # Checked before OSError (its base): a certificate or protocol mismatch
            # will not fix itself on retry.
            raise self._fail(f"TLS negotiation failed: {exc}", retryable=False) from exc
        except smtplib.SMTPException as exc:
            raise self._fail(f"SMTP error: {exc}", retryable=False) from exc
        except TimeoutError as exc:
            raise self._fail(f"timed out after {self.timeout:g}s", retryable=True) from exc
        except OSError as exc:
            raise self._fail(f"cannot reach server: {exc.strerror or exc}", retryable=True) from exc

    def _transact(self, email: EmailMessage) -> None:
        settings = self.settings
        smtp: smtplib.SMTP
        if settings.implicit_tls:
            smtp = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=self.timeout, context=self.ssl_context
            )
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=self.timeout)
        with smtp:
            smtp.ehlo()
            if settings.starttls:
                if not smtp.has_extn("starttls"):
                    raise self._fail(
                        "STARTTLS was requested but the server does not offer it; refusing to "
                        "send in clear text (configuration problem)",
                        retryable=False,
                    )
                smtp.starttls(context=self.ssl_context)
                smtp.ehlo()
            if settings.user:
                self._check_login_is_private(smtp)
                smtp.login(settings.user, settings.password or "")
            refused = smtp.send_message(email, from_addr=self.sender, to_addrs=self.to)
        if refused:
            # The others already have it, so a retry would duplicate; report and stop.
            detail = _refusals(refused)
            raise self._fail(
                f"delivered, but some recipients were refused ({detail})",
                retryable=False,
                code=next(iter(refused.values()))[0],
            )

    def _check_login_is_private(self, smtp: smtplib.SMTP) -> None:
        """Refuse to send the password unless TLS is on, or the peer is this machine and
        cleartext login was allowed for it."""
        if isinstance(smtp.sock, ssl.SSLSocket):
            return
        problem = cleartext_login_problem(self.settings, self.allow_insecure_auth)
        if problem is None:
            peer = smtp.sock.getpeername()[0] if smtp.sock is not None else ""
            if is_loopback_host(str(peer)):
                return
            problem = f"the server's address {peer} is not loopback; refusing to log in without TLS"
        raise self._fail(f"{problem} (configuration problem)", retryable=False)

    async def aclose(self) -> None:
        """Nothing to release: each send opens and closes its own SMTP session."""
