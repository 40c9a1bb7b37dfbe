"""Alert channels against real loopback HTTP and SMTP servers."""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import io
import json
import re
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session
from pytest_httpserver import HTTPServer
from werkzeug import Response

from monitor import USER_AGENT
from monitor.alerting.channels.base import AlertMessage, ArticlePayload, DeliveryError, StoryPayload
from monitor.alerting.channels.console import ConsoleChannel
from monitor.alerting.channels.email import EmailChannel, parse_smtp_url
from monitor.alerting.channels.render import render_html, render_text, subject
from monitor.alerting.channels.webhook import (
    WebhookChannel,
    parse_retry_after,
    sign,
    verify_signature,
)
from tests.helpers import RecordingHandler, free_port, smtp_server

SPANISH_TITLE = "Reunión en la Casa Blanca"


def make_alert(
    *, event: str = "new_story", title: str = "Trump and Petro meet at the White House"
) -> AlertMessage:
    articles = [
        ArticlePayload(
            url="https://www.reuters.com/world/americas/trump-petro-meeting-2026-02-03/",
            title="Trump, Petro hold White House talks on drugs and tariffs",
            source="Reuters",
            published_at="2026-02-03T18:05:00+00:00",
            language="en",
        ),
        ArticlePayload(
            url="https://www.eltiempo.com/politica/reunion-petro-trump",
            title="Petro y Trump se reúnen en Washington",
            source="El Tiempo",
            published_at="2026-02-03T18:40:00+00:00",
            language="es",
        ),
        ArticlePayload(
            url="https://apnews.com/article/colombia-petro-trump",
            title="Colombia's Petro visits Trump",
            source="AP",
            published_at=None,
            language=None,
        ),
    ]
    development = event == "development"
    return AlertMessage(
        id=f"story-42-us-colombia-{event}",
        event=event,
        rule="us-colombia",
        story=StoryPayload(
            id=42,
            title=title,
            first_seen="2026-02-03T18:05:00+00:00",
            outlets=3,
            articles=articles,
        ),
        article=articles[1] if development else None,
        new_information=["Both leaders agreed to resume extraditions"] if development else [],
        created_at="2026-02-03T19:00:00+00:00",
    )


# --------------------------------------------------------------------------- rendering


def test_to_dict_shape_and_key_order() -> None:
    data = make_alert(event="development").to_dict()
    assert list(data) == [
        "id",
        "event",
        "rule",
        "created_at",
        "story",
        "article",
        "new_information",
        "brief",
    ]
    assert data["brief"] is None  # a message made without one
    assert list(data["story"]) == [
        "id",
        "title",
        "first_seen",
        "outlets",
        "outlet_names",
        "articles",
    ]
    assert list(data["story"]["articles"][0]) == [
        "url",
        "title",
        "source",
        "published_at",
        "language",
    ]
    assert data["article"]["source"] == "El Tiempo"
    assert data["new_information"] == ["Both leaders agreed to resume extraditions"]
    assert make_alert().to_dict()["article"] is None


def test_subject_labels_event_and_flattens_title() -> None:
    assert subject(make_alert(title="Trump\nmeets  Petro")) == (
        "[news-monitor] New story: Trump meets Petro"
    )
    assert subject(make_alert(event="development", title=SPANISH_TITLE)) == (
        f"[news-monitor] Development: {SPANISH_TITLE}"
    )


def test_html_escapes_text_and_refuses_script_links() -> None:
    alert = make_alert(title="<script>alert(1)</script> & more")
    alert.story.articles[0].url = "javascript:alert(1)"
    page = render_html(alert)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert 'href="javascript:' not in page
    assert 'href="https://www.eltiempo.com/politica/reunion-petro-trump"' in page


def test_text_rendering_of_a_development() -> None:
    text = render_text(make_alert(event="development"))
    assert text.startswith("Development: Trump and Petro meet at the White House\n")
    assert "New information:\n  - Both leaders agreed to resume extraditions" in text
    assert "Triggering article:" in text
    assert "Covered by 3 outlets" in text


# --------------------------------------------------------------------------- console


async def test_console_prints_title_outlets_and_urls() -> None:
    stream = io.StringIO()
    channel = ConsoleChannel("console", stream=stream)
    alert = make_alert()
    await channel.send(alert)
    await channel.aclose()
    out = stream.getvalue()
    assert "New story: Trump and Petro meet at the White House" in out
    assert "3 outlets" in out
    for article in alert.story.articles:
        assert article.url in out
        assert article.source in out
    assert "\033" not in out
    assert "New information" not in out


async def test_console_shows_new_information_for_developments() -> None:
    stream = io.StringIO()
    await ConsoleChannel("console", stream=stream).send(make_alert(event="development"))
    out = stream.getvalue()
    assert "Development:" in out
    assert "Both leaders agreed to resume extraditions" in out


# --------------------------------------------------------------------------- webhook


@pytest.fixture
async def hook_url(httpserver: HTTPServer) -> str:
    return httpserver.url_for("/hook")


async def send_to(url: str, alert: AlertMessage | None = None, **kwargs: Any) -> None:
    channel = WebhookChannel("hook", url, **kwargs)
    try:
        await channel.send(alert or make_alert())
    finally:
        await channel.aclose()


async def failure(url: str, **kwargs: Any) -> DeliveryError:
    with pytest.raises(DeliveryError) as info:
        await send_to(url, **kwargs)
    return info.value


async def test_webhook_posts_json_with_headers(httpserver: HTTPServer, hook_url: str) -> None:
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    alert = make_alert(event="development", title=SPANISH_TITLE)
    await send_to(hook_url, alert)

    assert len(httpserver.log) == 1
    request, response = httpserver.log[0]
    assert response.status_code == 200
    raw = request.get_data()
    assert SPANISH_TITLE.encode("utf-8") in raw
    assert json.loads(raw) == alert.to_dict()
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"] == USER_AGENT
    assert request.headers["X-Monitor-Event"] == "development"
    assert request.headers["X-Monitor-Delivery"] == alert.id
    assert "X-Monitor-Signature" not in request.headers


async def test_webhook_signature_verifies(httpserver: HTTPServer, hook_url: str) -> None:
    httpserver.expect_request("/hook", method="POST").respond_with_data("", status=204)
    await send_to(hook_url, secret="s3cret", headers={"Authorization": "Bearer abc"})

    request, _ = httpserver.log[0]
    header = request.headers["X-Monitor-Signature"]
    body = request.get_data()
    match = re.fullmatch(r"t=(\d+),v1=([0-9a-f]{64})", header)
    assert match
    signed_at = int(match[1])
    expected = hmac.new(b"s3cret", f"{signed_at}.".encode() + body, hashlib.sha256).hexdigest()
    assert match[2] == expected
    assert request.headers["Authorization"] == "Bearer abc"
    assert verify_signature("s3cret", header, body)
    assert not verify_signature("wrong", header, body)
    assert not verify_signature("s3cret", header, body.replace(b'"outlets": 3', b'"outlets": 4'))
    assert not verify_signature("s3cret", None, body)
    assert not verify_signature("s3cret", header, body, now=signed_at + 3600)
    assert verify_signature("s3cret", header, body, now=signed_at + 60)


def test_webhook_signature_replay_window_is_300_seconds_either_way() -> None:
    """As documented: a signed request verifies within 300 s of its timestamp, before or
    after (clock skew), and never outside; repeats inside it are dropped by delivery id."""
    body = b'{"id": "a"}'
    header = sign("s3cret", body, 1_000_000)
    for offset, ok in [(-301, False), (-300, True), (0, True), (300, True), (301, False)]:
        assert verify_signature("s3cret", header, body, now=1_000_000 + offset) is ok, offset


async def test_webhook_500_is_retryable(httpserver: HTTPServer, hook_url: str) -> None:
    httpserver.expect_request("/hook").respond_with_data("database down", status=500)
    error = await failure(hook_url)
    assert error.retryable
    assert error.status == 500
    assert len(httpserver.log) == 1


async def test_webhook_429_with_delta_seconds(httpserver: HTTPServer, hook_url: str) -> None:
    httpserver.expect_request("/hook").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"}
    )
    error = await failure(hook_url)
    assert error.retryable
    assert error.status == 429
    assert error.retry_after == 7


async def test_webhook_429_with_http_date(httpserver: HTTPServer, hook_url: str) -> None:
    later = datetime.now(UTC) + timedelta(seconds=120)
    httpserver.expect_request("/hook").respond_with_data(
        "slow down", status=429, headers={"Retry-After": format_datetime(later, usegmt=True)}
    )
    error = await failure(hook_url)
    assert error.retryable
    assert error.retry_after is not None
    assert 0 < error.retry_after <= 120


def test_parse_retry_after_forms() -> None:
    now = datetime(2026, 2, 3, 12, 0, tzinfo=UTC)
    assert parse_retry_after("7", now=now) == 7
    assert parse_retry_after("Tue, 03 Feb 2026 12:02:00 GMT", now=now) == 120
    assert parse_retry_after("Tue, 03 Feb 2026 11:00:00 GMT", now=now) == 0
    assert parse_retry_after("soon", now=now) is None
    assert parse_retry_after(None) is None


@pytest.mark.parametrize("status", [400, 404])
async def test_webhook_client_errors_are_permanent(
    httpserver: HTTPServer, hook_url: str, status: int
) -> None:
    httpserver.expect_request("/hook").respond_with_data("no such hook", status=status)
    error = await failure(hook_url)
    assert not error.retryable
    assert error.status == status
    assert str(status) in str(error)
    assert "configuration problem" in str(error)
    assert "no such hook" in str(error)


async def test_webhook_redirect_is_not_followed(httpserver: HTTPServer, hook_url: str) -> None:
    httpserver.expect_request("/hook").respond_with_response(
        Response(status=301, headers={"Location": "https://hooks.example.net/new"})
    )
    httpserver.expect_request("/new").respond_with_data("ok")
    error = await failure(hook_url)
    assert not error.retryable
    assert "https://hooks.example.net/new" in str(error)
    assert len(httpserver.log) == 1


async def test_webhook_uses_shared_client_and_leaves_it_open(
    httpserver: HTTPServer, hook_url: str
) -> None:
    httpserver.expect_request("/hook").respond_with_data("ok")
    async with httpx.AsyncClient() as client:
        channel = WebhookChannel("hook", hook_url, client=client)
        await channel.send(make_alert())
        await channel.send(make_alert(event="development"))
        await channel.aclose()
        assert not client.is_closed
    assert [r.headers["X-Monitor-Event"] for r, _ in httpserver.log] == [
        "new_story",
        "development",
    ]


@contextmanager
def silent_receiver() -> Iterator[str]:
    """Accepts connections and reads requests but never answers."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        server.settimeout(0.05)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/hook"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()


async def test_webhook_hanging_receiver_times_out_retryably() -> None:
    with silent_receiver() as url:
        error = await failure(url, timeout=0.3)
    assert error.retryable
    assert "timed out" in str(error)


async def test_webhook_connection_refused_is_retryable() -> None:
    error = await failure(f"http://127.0.0.1:{free_port()}/hook")
    assert error.retryable
    assert error.status is None


# --------------------------------------------------------------------------- email


def mail_channel(url: str, **kwargs: Any) -> EmailChannel:
    kwargs.setdefault("sender", "alerts@monitor.example")
    kwargs.setdefault("to", ["desk@newsroom.example"])
    return EmailChannel("mail", url, timeout=5, **kwargs)


async def mail_failure(channel: EmailChannel) -> DeliveryError:
    with pytest.raises(DeliveryError) as info:
        await channel.send(make_alert())
    return info.value


def test_parse_smtp_url_defaults_and_decoding() -> None:
    plain = parse_smtp_url("smtp://mail.example")
    assert (plain.host, plain.port, plain.starttls, plain.implicit_tls) == (
        "mail.example",
        25,
        False,
        False,
    )
    assert parse_smtp_url("smtp://mail.example?starttls=true").port == 587
    assert parse_smtp_url("smtps://mail.example").port == 465
    creds = parse_smtp_url("smtp://alerts%40monitor.example:p%40ss%3Aw%2Frd@mail.example:2525")
    assert (creds.user, creds.password, creds.port) == (
        "alerts@monitor.example",
        "p@ss:w/rd",
        2525,
    )
    assert "p@ss:w/rd" not in repr(creds)
    with pytest.raises(ValueError, match="smtp://"):
        parse_smtp_url("http://mail.example")
    with pytest.raises(ValueError) as info:
        parse_smtp_url("smtp://user:hunter2@mail.example:notaport")
    assert "hunter2" not in str(info.value)


async def test_email_delivers_text_and_html() -> None:
    with smtp_server() as (handler, port):
        channel = mail_channel(
            f"smtp://127.0.0.1:{port}", to=["desk@newsroom.example", "editor@newsroom.example"]
        )
        alert = make_alert(event="development", title=SPANISH_TITLE)
        await channel.send(alert)
        await channel.send(alert)
        await channel.aclose()

    assert len(handler.envelopes) == 2
    envelope = handler.envelopes[0]
    assert envelope.mail_from == "alerts@monitor.example"
    assert envelope.rcpt_tos == ["desk@newsroom.example", "editor@newsroom.example"]
    first, repeat = handler.messages()
    assert first["Subject"] == f"[news-monitor] Development: {SPANISH_TITLE}"
    assert first["X-Monitor-Alert-Id"] == alert.id
    assert first["Message-ID"] == repeat["Message-ID"]
    assert first["Date"]
    assert first.get_content_type() == "multipart/alternative"
    text_part = first.get_body(preferencelist=("plain",))
    html_part = first.get_body(preferencelist=("html",))
    assert text_part is not None
    assert html_part is not None
    text = text_part.get_content()
    assert SPANISH_TITLE in text
    assert "Both leaders agreed to resume extraditions" in text
    assert f'<h2 style="margin:4px 0 8px 0;font-size:20px">{SPANISH_TITLE}</h2>' in (
        html_part.get_content()
    )


async def test_email_recipient_refused_is_permanent() -> None:
    with smtp_server() as (handler, port):
        handler.rcpt_replies["desk@newsroom.example"] = "550 no such user"
        error = await mail_failure(mail_channel(f"smtp://127.0.0.1:{port}"))
    assert not error.retryable
    assert error.status == 550
    assert "no such user" in str(error)
    assert handler.envelopes == []


async def test_email_partial_refusal_is_reported_without_retry() -> None:
    with smtp_server() as (handler, port):
        handler.rcpt_replies["gone@newsroom.example"] = "550 no such user"
        channel = mail_channel(
            f"smtp://127.0.0.1:{port}", to=["desk@newsroom.example", "gone@newsroom.example"]
        )
        error = await mail_failure(channel)
    assert not error.retryable
    assert "gone@newsroom.example" in str(error)
    assert [e.rcpt_tos for e in handler.envelopes] == [["desk@newsroom.example"]]


async def test_email_temporary_rejection_is_retryable() -> None:
    with smtp_server() as (handler, port):
        handler.data_reply = "451 try later"
        error = await mail_failure(mail_channel(f"smtp://127.0.0.1:{port}"))
    assert error.retryable
    assert error.status == 451


async def test_email_server_down_is_retryable() -> None:
    error = await mail_failure(mail_channel(f"smtp://127.0.0.1:{free_port()}"))
    assert error.retryable


class Authenticator:
    def __init__(self, user: str, password: str) -> None:
        self.expected = (user.encode(), password.encode())
        self.attempts: list[bytes] = []

    def __call__(
        self,
        server: SMTPServer,
        session: Session,
        envelope: Envelope,
        mechanism: str,
        auth_data: Any,
    ) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        self.attempts.append(auth_data.login)
        ok = (auth_data.login, auth_data.password) == self.expected
        return AuthResult(success=ok, handled=False)


async def test_email_login_success() -> None:
    auth = Authenticator("alerts@monitor.example", "p@ss:w/rd")
    with smtp_server(authenticator=auth, auth_require_tls=False) as (handler, port):
        url = f"smtp://alerts%40monitor.example:p%40ss%3Aw%2Frd@127.0.0.1:{port}"
        await mail_channel(url, allow_insecure_auth=True).send(make_alert())
    assert auth.attempts == [b"alerts@monitor.example"]
    assert len(handler.envelopes) == 1


async def test_email_login_failure_hides_password() -> None:
    password = "Wr0ngPassw0rd"
    auth = Authenticator("alerts", "right")
    with smtp_server(authenticator=auth, auth_require_tls=False) as (handler, port):
        channel = mail_channel(
            f"smtp://alerts:{password}@127.0.0.1:{port}", allow_insecure_auth=True
        )
        error = await mail_failure(channel)
    assert not error.retryable
    assert "authentication failed" in str(error)
    assert password not in str(error)
    assert password not in repr(error)
    assert password not in repr(channel)
    assert handler.envelopes == []


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
async def test_email_never_logs_in_over_cleartext_unless_allowed(host: str) -> None:
    password = "S3cretPassw0rd"
    auth = Authenticator("alerts", password)
    with smtp_server(authenticator=auth, auth_require_tls=False) as (handler, port):
        error = await mail_failure(mail_channel(f"smtp://alerts:{password}@{host}:{port}"))
    assert not error.retryable
    assert "clear text" in str(error) and "starttls" in str(error)
    assert password not in str(error)
    assert auth.attempts == []  # the server never saw AUTH, so never the password
    assert handler.envelopes == []


def _outward_address() -> str | None:
    """This machine's address on its default route, if it has one besides loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # no packet is sent for a UDP connect
        except OSError:
            return None
        address = str(s.getsockname()[0])
    return None if address.startswith("127.") else address


async def test_email_insecure_auth_is_refused_for_a_server_elsewhere() -> None:
    # allow_insecure_auth covers a server on this machine reached over loopback; the
    # address actually connected to is checked again at delivery.
    address = _outward_address()
    if address is None:
        pytest.skip("no non-loopback address to listen on")
    auth = Authenticator("alerts", "pw")
    handler = RecordingHandler()
    port = free_port()
    controller = Controller(
        handler, hostname=address, port=port, authenticator=auth, auth_require_tls=False
    )
    controller.start()
    try:
        channel = mail_channel(f"smtp://alerts:pw@{address}:{port}", allow_insecure_auth=True)
        error = await mail_failure(channel)
    finally:
        controller.stop()
    assert not error.retryable
    assert "loopback" in str(error)
    assert auth.attempts == []
    assert handler.envelopes == []


@pytest.mark.parametrize(
    ("smtp", "extra", "problem"),
    [
        ("smtp://alerts:hunter2@mail.example.com:587", "", "clear text"),
        ("smtp://alerts:hunter2@mail.example.com:25", "allow_insecure_auth = true", "loopback"),
        ("smtp://alerts:hunter2@10.0.0.5:25", "allow_insecure_auth = true", "loopback"),
        ("smtp://alerts:hunter2@127.0.0.1:25", "", "clear text"),
        ("smtp://alerts:hunter2@127.0.0.1:notaport", "", "invalid port"),
        ("smtp://alerts:hunter2@127.0.0.1:25", "allow_insecure_auth = true", None),
        ("smtp://alerts:hunter2@[::1]:25", "allow_insecure_auth = true", None),
        ("smtp://alerts:hunter2@localhost:25", "allow_insecure_auth = true", None),
        ("smtp://alerts:hunter2@mail.example.com:587?starttls=true", "", None),
        ("smtps://alerts:hunter2@mail.example.com", "", None),
        ("smtp://mail.example.com:25", "", None),  # no login, nothing to protect
    ],
)
def test_config_refuses_cleartext_login(
    tmp_path: Path, smtp: str, extra: str, problem: str | None
) -> None:
    from typer.testing import CliRunner

    from monitor.config import ConfigError
    from monitor.review.cli import app as cli
    from monitor.service.configcheck import load_config

    path = tmp_path / "monitor.toml"
    path.write_text(
        f"""
[[topics]]
name = "us-colombia"
query = 'petro AND trump'
[[rules]]
name = "summit"
channels = ["desk-mail"]
[[channels]]
name = "desk-mail"
type = "email"
smtp = "{smtp}"
from = "monitor@example.org"
to = ["desk@example.org"]
{extra}
""",
        encoding="utf-8",
    )
    checked = CliRunner().invoke(cli, ["-c", str(path), "check-config"])
    if problem is None:
        load_config(path)
        assert checked.exit_code == 0, checked.output
        return
    with pytest.raises(ConfigError) as info:
        load_config(path)
    text = str(info.value)
    assert f"{path}: channels[0].smtp: " in text and problem in text, text
    assert "hunter2" not in text
    assert checked.exit_code != 0 and problem in checked.output
    assert "hunter2" not in checked.output


# --------------------------------------------------------------------------- TLS


def write_cert_with_cryptography(cert: Path, key: Path) -> None:
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    private_key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(private_key, hashes.SHA256())
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def write_cert_with_openssl(openssl: str, cert: Path, key: Path) -> None:
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def tls_cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made fresh for this run."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    if importlib.util.find_spec("cryptography") is not None:
        write_cert_with_cryptography(cert, key)
    elif (openssl := shutil.which("openssl")) is not None:
        write_cert_with_openssl(openssl, cert, key)
    else:
        pytest.skip("no way to make a test certificate: neither cryptography nor openssl")
    return cert, key


def server_tls(cert: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*cert)
    return context


def client_tls(cert: tuple[Path, Path]) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(cert[0]))


async def test_email_starttls(tls_cert: tuple[Path, Path]) -> None:
    with smtp_server(tls_context=server_tls(tls_cert), require_starttls=True) as (handler, port):
        channel = mail_channel(
            f"smtp://127.0.0.1:{port}?starttls=true", ssl_context=client_tls(tls_cert)
        )
        await channel.send(make_alert())
    assert len(handler.envelopes) == 1


async def test_email_implicit_tls(tls_cert: tuple[Path, Path]) -> None:
    with smtp_server(ssl_context=server_tls(tls_cert)) as (handler, port):
        channel = mail_channel(f"smtps://127.0.0.1:{port}", ssl_context=client_tls(tls_cert))
        await channel.send(make_alert())
    assert len(handler.envelopes) == 1


async def test_email_untrusted_certificate_is_permanent(tls_cert: tuple[Path, Path]) -> None:
    with smtp_server(tls_context=server_tls(tls_cert)) as (handler, port):
        channel = mail_channel(
            f"smtp://127.0.0.1:{port}?starttls=true", ssl_context=ssl.create_default_context()
        )
        error = await mail_failure(channel)
    assert not error.retryable
    assert "TLS" in str(error)
    assert handler.envelopes == []


async def test_email_starttls_not_offered_is_permanent() -> None:
    with smtp_server() as (handler, port):
        error = await mail_failure(mail_channel(f"smtp://127.0.0.1:{port}?starttls=true"))
    assert not error.retryable
    assert "STARTTLS" in str(error)
    assert handler.envelopes == []
