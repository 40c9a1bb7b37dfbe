"""CPU per article page fetch: `Fetcher` behind a `Resolver`'s limits, against loopback.

A keep-alive asyncio server in another process serves 4 KB pages on 127.0.0.1–4; the
client fetches `--pages` of them, `--concurrency` in flight (global and per host, as
`bench/ingest.py` configures the monitor), after 200 to warm up, and prints the client
process's CPU time per page and how many TCP connections the server accepted.
The code measured is the `monitor` package Python finds: this checkout's, or the one put
first on `PYTHONPATH` (`PYTHONPATH=/tmp/base .venv/bin/python bench/page_fetch.py`).
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SERVER = r"""
import asyncio, sys
BODY = b"<html><body>" + b"<p>word " * 500 + b"</body></html>"
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n"
count = [0]
async def handle(reader, writer):
    count[0] += 1
    with open(sys.argv[2], "w") as fh:
        fh.write(str(count[0]))
    try:
        while True:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(HEAD % len(BODY) + BODY)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()
async def main():
    hosts = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")
    port = int(sys.argv[1])
    servers = [await asyncio.start_server(handle, h, port, backlog=1024) for h in hosts]
    print("ready", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))
asyncio.run(main())
"""


async def measure(pages: int, concurrency: int, port: int) -> float:
    from monitor.collect.fetch import Fetcher, FetchLimits
    from monitor.collect.resolve import Resolver

    async with Fetcher(FetchLimits(timeout=60), allow_private=True) as fetcher:
        resolver = Resolver(fetcher, concurrency=concurrency, per_host=concurrency)

        async def one(i: int) -> int:
            url = f"http://127.0.0.{1 + i % 4}:{port}/a/{i}.html"
            return len((await resolver.fetch(url, guard=True)).body)

        await asyncio.gather(*(one(i) for i in range(200)))
        started = time.process_time()
        await asyncio.gather(*(one(i) for i in range(pages)))
        return (time.process_time() - started) / pages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        counted = Path(tmp) / "connections"
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(port), str(counted)], stdout=subprocess.PIPE
        )
        try:
            assert server.stdout is not None
            server.stdout.readline()
            per_page = asyncio.run(measure(args.pages, args.concurrency, port))
        finally:
            server.kill()
            server.wait()
        connections = counted.read_text() if counted.exists() else "0"
    print(
        f"{args.pages} pages, {args.concurrency} in flight: {per_page * 1000:.2f} ms of CPU "
        f"per page; {connections} TCP connections for {args.pages + 200} requests"
    )


if __name__ == "__main__":
    main()
