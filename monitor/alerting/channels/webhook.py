"""Signed JSON webhooks."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from monitor import USER_AGENT
from monitor.alerting.channels.base import AlertMessage, DeliveryError

SIGNATURE_HEADER = "X-Monitor-Signature"
EVENT_HEADER = "X-Monitor-Event"
DELIVERY_HEADER = "X-Monitor-Delivery"
_SNIPPET_CHARS = 200


def encode_body(message: AlertMessage) -> bytes:
    return json.dumps(message.to_dict(), ensure_ascii=False).encode("utf-8")


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """Stripe-style signature: the timestamp is signed too, so a captured request
    cannot be replayed outside the tolerance window."""
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp}.".encode("ascii") + body, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify_signature(
    secret: str,
    header: str | None,
    body: bytes | str,
    *,
    tolerance: float = 300,
    now: float | None = None,
) -> bool:
    """Check an `X-Monitor-Signature` header against the raw request body."""
    if not header:
        return False
    if isinstance(body, str):
        body = body.encode("utf-8")
    timestamp: int | None = None
    candidates: list[str] = []
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            continue
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                return False
        elif key == "v1":
            candidates.append(value)
    if timestamp is None or not candidates:
        return False
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        return False
    expected = sign(secret, body, timestamp).rpartition("v1=")[2].encode("ascii")
    # Every candidate is compared so timing does not reveal which one matched.
    matched = False
    for candidate in candidates:
        matched |= hmac.compare_digest(expected, candidate.encode("ascii", "replace"))
    return matched


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date)."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if seconds == seconds else None  # NaN guard
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now if now is not None else datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())


def _snippet(response: httpx.Response) -> str:
    try:
        text = response.text
    except Exception:  # undecodable bodies are not worth failing over
        text = ""
    text = " ".join(text.split())
    if len(text) > _SNIPPET_CHARS:
        text = text[:_SNIPPET_CHARS] + "..."
    return text


def _safe_target(url: str) -> str:
    """Scheme and host only: webhook URLs often embed tokens in the path or query."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}" if parts.scheme else "(invalid URL)"


class WebhookChannel:
    def __init__(
        self,
        name: str,
        url: str,
        *,
        secret: str | None = None,
        timeout: float = 15.0,
        client: httpx.AsyncClient | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.url = url
        self.timeout = timeout
        self._secret = secret or None
        self._extra_headers = dict(headers or {})
        self._client = client
        self._owns_client = client is None
        self._target = _safe_target(url)

    def __repr__(self) -> str:
        return (
            f"WebhookChannel(name={self.name!r}, target={self._target!r}, "
            f"signed={self._secret is not None})"
        )

    def _get_client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout, follow_redirects=False)
        return self._client

    def build_headers(self, message: AlertMessage, body: bytes) -> dict[str, str]:
        headers = dict(self._extra_headers)
        headers.update(
            {
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                EVENT_HEADER: message.event,
                DELIVERY_HEADER: message.id,
            }
        )
        if self._secret is not None:
            headers[SIGNATURE_HEADER] = sign(self._secret, body, int(time.time()))
        return headers

    async def send(self, message: AlertMessage) -> None:
        body = encode_body(message)
        headers = self.build_headers(message, body)
        where = f"webhook {self.name!r} ({self._target})"
        try:
            response = await self._get_client().post(
                self.url,
                content=body,
                headers=headers,
                timeout=self.timeout,
                follow_redirects=False,
            )
        except httpx.TimeoutException as exc:
            raise DeliveryError(
                f"{where} timed out after {self.timeout:g}s ({type(exc).__name__})",
                retryable=True,
            ) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise DeliveryError(
                f"{where}: configuration problem, invalid URL: {exc}", retryable=False
            ) from exc
        except httpx.TransportError as exc:
            raise DeliveryError(
                f"{where} unreachable: {type(exc).__name__}: {exc}", retryable=True
            ) from exc
        self._check(response, where)

    def _check(self, response: httpx.Response, where: str) -> None:
        status = response.status_code
        if 200 <= status < 300:
            return
        if status == 429:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            hint = f", retry after {retry_after:g}s" if retry_after is not None else ""
            raise DeliveryError(
                f"{where} is rate limiting (HTTP 429{hint})",
                retryable=True,
                status=status,
                retry_after=retry_after,
            )
        if status >= 500:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            raise DeliveryError(
                f"{where} failed with HTTP {status}: {_snippet(response)!r}",
                retryable=True,
                status=status,
                retry_after=retry_after,
            )
        if 300 <= status < 400:
            location = response.headers.get("Location", "(no Location header)")
            raise DeliveryError(
                f"{where} answered HTTP {status} redirecting to {location}: configuration "
                "problem, point the webhook URL at the final address (redirects are not followed)",
                retryable=False,
                status=status,
            )
        raise DeliveryError(
            f"{where} rejected the alert with HTTP {status}: configuration problem "
            f"(check the URL, secret and receiver); response: {_snippet(response)!r}",
            retryable=False,
            status=status,
        )

    async def aclose(self) -> None:
        if self._owns_client and self._client is not None:
            await self._client.aclose()
            self._client = None
