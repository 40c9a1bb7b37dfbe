"""Serving the application with uvicorn: on its own (`monitor serve`) or as one more task
in the daemon's event loop (`monitor run` with [web] enabled)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
from collections.abc import Iterator
from typing import Any

import uvicorn

from monitor.review.web.bind import listen

GRACE = 5  # seconds open requests get when the server stops


class _Server(uvicorn.Server):
    """A uvicorn server that leaves the process's signals to its owner (the daemon)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _config(app: Any) -> uvicorn.Config:
    # Its start and stop lines say nothing ours do not; its errors still come through.
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
    return uvicorn.Config(
        app,
        log_config=None,  # our logging is set up already (JSON lines or text)
        access_log=False,
        lifespan="off",
        server_header=False,
        timeout_graceful_shutdown=GRACE,
    )


class WebServer:
    """The application served from inside a running event loop until `close()`."""

    def __init__(self, app: Any, host: str, port: int) -> None:
        self.app = app
        self.host = host
        self.port = port
        self._server: _Server | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        sock = listen(self.host, self.port)
        self.port = int(sock.getsockname()[1])
        self._server = _Server(_config(self.app))
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started and not self._task.done():
            await asyncio.sleep(0.01)
        if self._task.done():
            self._task.result()  # raises what stopped it

    async def close(self) -> None:
        if self._server is None or self._task is None:
            return
        self._server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._server = self._task = None


def serve_forever(app: Any, sock: socket.socket) -> None:
    """`monitor serve`: until SIGINT or SIGTERM, then open requests get GRACE seconds."""

    async def main() -> None:
        server = _Server(_config(app))
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, lambda: setattr(server, "should_exit", True))
        await server.serve(sockets=[sock])

    asyncio.run(main())
