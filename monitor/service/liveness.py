"""Liveness: a tiny HTTP endpoint, `GET /healthz`, for container checks and load balancers.

Whether the process runs and reaches its database. Not to be confused with health
alerts (`monitor.alerting.selfwatch`), which are about what the monitor watches.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import threading
import time
import urllib.request
from collections.abc import Callable
from typing import Any

LivenessFn = Callable[[], dict[str, Any]]


class LivenessServer:
    """Answers 200 with the liveness report when it says ok, 503 otherwise; nothing else.

    It serves from a thread and an event loop of its own, and the report comes from
    memory: a busy or stuck main loop, or a database that does not answer, delays no
    answer (the report says so instead).
    """

    def __init__(self, report: LivenessFn, host: str = "127.0.0.1", port: int = 0) -> None:
        self.report = report
        self.host = host
        self.port = port
        self._server: asyncio.Server | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    async def start(self) -> None:
        started: concurrent.futures.Future[int] = concurrent.futures.Future()
        self._thread = threading.Thread(
            target=self._serve, args=(started,), name="monitor-liveness", daemon=True
        )
        self._thread.start()
        self.port = await asyncio.wrap_future(started)  # or the bind error, raised here

    def _serve(self, started: concurrent.futures.Future[int]) -> None:
        loop = self._loop = asyncio.new_event_loop()
        try:
            self._server = loop.run_until_complete(
                asyncio.start_server(self._handle, self.host, self.port)
            )
        except BaseException as exc:
            started.set_exception(exc)
            loop.close()
            return
        started.set_result(self._server.sockets[0].getsockname()[1])
        try:
            loop.run_forever()
        finally:
            self._server.close()
            loop.run_until_complete(self._server.wait_closed())
            loop.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
            method, path, *_ = request.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
            if method != "GET" or path.split("?")[0] != "/healthz":
                status, body = "404 Not Found", {"error": "not found"}
            else:
                body = self.report()
                status = "200 OK" if body.get("ok") else "503 Service Unavailable"
            data = json.dumps(body).encode()
            writer.write(
                f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n".encode()
                + data
            )
            await writer.drain()
        except (TimeoutError, asyncio.IncompleteReadError, ValueError, ConnectionError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def close(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        with contextlib.suppress(RuntimeError):  # its loop already ended
            loop.call_soon_threadsafe(loop.stop)
        deadline = time.monotonic() + 2.0  # no executor thread: they may all be stuck
        while thread.is_alive() and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        self._loop = self._thread = self._server = None


def probe(host: str, port: int, timeout: float = 5.0) -> tuple[bool, str]:
    """What `monitor healthcheck` asks: (alive, the body or the reason it is not)."""
    target = "127.0.0.1" if host in ("0.0.0.0", "") else host
    if ":" in target and not target.startswith("["):
        target = f"[{target}]"
    try:
        with urllib.request.urlopen(f"http://{target}:{port}/healthz", timeout=timeout) as resp:
            return resp.status == 200, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return False, exc.read().decode(errors="replace")
    except OSError as exc:
        return False, str(exc)
