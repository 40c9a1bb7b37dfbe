"""Content-Encoding, every way a server can spell it, decoded within the size cap.

The cap counts decoded bytes, and every coding is undone in bounded steps, so a
compression bomb costs no more memory than the cap whatever its header says: stacked
codings, odd spellings, a trailing comma. Codings we cannot decode in bounded steps are
refused. Memory is measured in a child process, on a real loopback socket.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import zlib
from collections.abc import Callable

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from monitor.collect import fetch as fetch_module
from monitor.collect.fetch import Fetcher, FetchError, FetchLimits, content_codings

PAYLOAD = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>' * 300 + b"</rss>"
MiB = 1024 * 1024


def gz(data: bytes) -> bytes:
    return gzip.compress(data)


def zl(data: bytes) -> bytes:
    return zlib.compress(data)


def raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def serve(server: HTTPServer, path: str, body: bytes, *encodings: str) -> str:
    """One response carrying `body`, with one Content-Encoding header line per value."""
    headers = [("Content-Encoding", e) for e in encodings]
    server.expect_request(path).respond_with_response(Response(body, headers=headers))
    return server.url_for(path)


async def get(url: str, cap: int = 10 * MiB) -> bytes:
    async with Fetcher(FetchLimits(timeout=30, max_bytes=cap)) as f:
        return (await f.fetch(url)).body


async def refused(url: str, cap: int = 10 * MiB) -> FetchError:
    async with Fetcher(FetchLimits(timeout=30, max_bytes=cap)) as f:
        with pytest.raises(FetchError) as info:
            await f.fetch(url)
    return info.value


# --- spellings that decode ------------------------------------------------------------

DECODABLE: list[tuple[list[str], Callable[[bytes], bytes]]] = [
    (["gzip"], gz),
    (["x-gzip"], gz),
    (["GZIP"], gz),
    ([" gzip "], gz),
    (["gzip,"], gz),  # trailing comma
    (["gzip, ,"], gz),
    (["identity, gzip"], gz),
    (["gzip, identity"], gz),
    (["identity"], lambda b: b),
    ([""], lambda b: b),
    (["deflate"], zl),  # zlib-wrapped, as the standard says
    (["deflate"], raw_deflate),  # raw, as some servers send it
    (["Deflate"], raw_deflate),
    (["gzip, gzip"], lambda b: gz(gz(b))),
    (["gzip", "gzip"], lambda b: gz(gz(b))),  # two header lines
    (["x-gzip,gzip,"], lambda b: gz(gz(b))),
    (["deflate, gzip"], lambda b: gz(zl(b))),  # applied in the order listed
    (["gzip, deflate"], lambda b: zl(gz(b))),
    (["deflate , X-Gzip ,"], lambda b: gz(raw_deflate(b))),
    (["gzip"], lambda b: gz(b[:1000]) + gz(b[1000:])),  # two gzip members
    (["gzip, gzip, gzip, gzip"], lambda b: gz(gz(gz(gz(b))))),
]


@pytest.mark.parametrize(("encodings", "encode"), DECODABLE)
async def test_content_encodings_decode(
    server: HTTPServer, encodings: list[str], encode: Callable[[bytes], bytes]
) -> None:
    url = serve(server, "/feed", encode(PAYLOAD), *encodings)
    assert await get(url) == PAYLOAD


@pytest.mark.parametrize(
    "encoding",
    [
        "compress",
        "zstd",
        "gzip, foo",
        "gzip;q=1",
        "x-compress",
        "gzip, gzip, gzip, gzip, gzip",  # more stacked than anyone sends
    ],
)
async def test_unknown_content_encodings_are_refused(server: HTTPServer, encoding: str) -> None:
    url = serve(server, "/feed", gz(PAYLOAD), encoding)
    err = await refused(url)
    assert err.kind == "http"
    assert "unsupported Content-Encoding" in str(err)
    assert not err.retryable


def test_content_codings() -> None:
    assert content_codings("") == []
    assert content_codings(" Identity ") == []
    assert content_codings("gzip,") == ["gzip"]
    assert content_codings("DEFLATE, x-gzip") == ["deflate", "x-gzip"]
    assert content_codings("gzip, br2") is None


# --- bombs --------------------------------------------------------------------------


def zeros_gzip(size: int) -> bytes:
    """`size` zero bytes as one gzip stream (about a thousandth of the size)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(MiB)
    parts = [packer.compress(block) for _ in range(size // MiB)]
    return b"".join([*parts, packer.flush()])


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """256 MiB of zeros as a 255 KB gzip stream."""
    return zeros_gzip(256 * MiB)


BOMBS: list[tuple[str, Callable[[bytes], bytes]]] = [
    ("gzip,", lambda b: b),
    ("gzip, gzip", gz),  # a few hundred bytes on the wire
    ("x-gzip , deflate", zl),
    ("GZIP, identity, gzip,", gz),
]


@pytest.mark.parametrize(("encoding", "wrap"), BOMBS)
async def test_bombs_stop_at_the_cap(
    server: HTTPServer, bomb: bytes, encoding: str, wrap: Callable[[bytes], bytes]
) -> None:
    url = serve(server, "/bomb", wrap(bomb), encoding)
    err = await refused(url, cap=MiB)
    assert err.kind == "too_large", str(err)


async def test_an_inner_coding_that_grows_without_output_is_stopped(server: HTTPServer) -> None:
    # A raw deflate stream of empty stored blocks: megabytes that decode to nothing,
    # gzip-wrapped so a few KB on the wire. The inner stage is capped like the body.
    empty_blocks = b"\x00\x00\x00\xff\xff" * (3 * MiB // 5) + b"\x03\x00"
    url = serve(server, "/blocks", gz(empty_blocks), "deflate, gzip")
    err = await refused(url, cap=MiB)
    assert err.kind == "too_large"
    assert "inner content coding" in str(err)


# Fetches argv[1] (small, to warm everything up), records the peak resident size so far,
# then fetches argv[2] with the default 10 MiB cap; prints what it saw as JSON.
CHILD = """
import asyncio, json, resource, sys
from monitor.collect.fetch import Fetcher, FetchError, FetchLimits

async def main():
    async with Fetcher(FetchLimits(timeout=60)) as f:
        await f.fetch(sys.argv[1])
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            await f.fetch(sys.argv[2])
            kind = "ok"
        except FetchError as exc:
            kind = exc.kind
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"before_kib": before, "after_kib": after, "kind": kind}))

asyncio.run(main())
"""
TIME = shutil.which("time", path="/usr/bin:/bin")


def peak_growth_kib(warm: str, url: str) -> tuple[int, str]:
    """How much the child's peak resident size grew during the fetch of `url`, in KiB.

    The peak is `/usr/bin/time -f %M` of the child when available, else the child's own
    maximum resident size; the baseline is the child's peak just before the fetch.
    """
    cmd = [sys.executable, "-c", CHILD, warm, url]
    if TIME is not None:
        cmd = [TIME, "-f", "%M", *cmd]
    run = subprocess.run(
        cmd, capture_output=True, text=True, timeout=120, env={**os.environ, "LC_ALL": "C"}
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    peak = int(run.stderr.strip().splitlines()[-1]) if TIME is not None else seen["after_kib"]
    return peak - seen["before_kib"], seen["kind"]


@pytest.mark.scenario  # a child process per bomb
@pytest.mark.parametrize(("encoding", "wrap"), BOMBS[:3])
def test_bomb_memory_stays_near_the_cap(
    server: HTTPServer, bomb: bytes, encoding: str, wrap: Callable[[bytes], bytes]
) -> None:
    warm = serve(server, "/warm", gz(PAYLOAD), "gzip")
    url = serve(server, "/bomb", wrap(bomb), encoding)
    growth, kind = peak_growth_kib(warm, url)
    assert kind == "too_large"
    # Measured: about 20 MiB (10 MiB of body, grown in place); 256 MiB is on offer, and
    # before bounded decoding "gzip," took 128 MiB and "gzip, gzip" 512 MiB.
    assert growth < 4 * 10 * 1024, f"peak grew by {growth / 1024:.0f} MiB"


# --- brotli: decoded when installed with a bounded decoder, else refused ------------------


async def test_br_refused_without_a_bounded_brotli(server: HTTPServer) -> None:
    if fetch_module._HAS_BROTLI:
        pytest.skip("brotli is installed here")
    url = serve(server, "/br", b"\x0b\x02\x80hello\x03", "br")
    err = await refused(url)
    assert err.kind == "http" and "unsupported Content-Encoding" in str(err)


async def test_br_decoded_and_capped_with_brotli(server: HTTPServer) -> None:
    brotli = pytest.importorskip("brotli")
    if not fetch_module._HAS_BROTLI:
        pytest.skip("this brotli cannot stop at a size")
    url = serve(server, "/br", brotli.compress(PAYLOAD), "br")
    assert await get(url) == PAYLOAD
    url = serve(server, "/br-gz", gz(brotli.compress(PAYLOAD)), "BR, gzip")
    assert await get(url) == PAYLOAD
    url = serve(server, "/br-bomb", brotli.compress(bytes(64 * MiB), quality=1), "br")
    assert (await refused(url, cap=MiB)).kind == "too_large"
