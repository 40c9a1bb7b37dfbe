"""Test helpers shared by several test files: a webhook receiver and corpus scenarios."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from monitor.replay import Corpus, load_corpus

WIRE = ["petro-confirms-summit", "petro-summit-date-set", "petro-trump-meeting-feb3"]


class Receiver:
    """A webhook endpoint that records what it accepts and can be told to fail."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.bodies: list[dict[str, Any]] = []
        self.raw: list[tuple[dict[str, str], bytes]] = []
        self.fail_with: int | None = None
        self.lock = threading.Lock()
        server.expect_request("/hook", method="POST").respond_with_handler(self.handle)

    def handle(self, request: Request) -> Response:
        with self.lock:
            self.raw.append((dict(request.headers), request.get_data()))
            if self.fail_with is not None:
                return Response("unavailable", status=self.fail_with)
            self.bodies.append(json.loads(request.get_data()))
        return Response("ok")

    @property
    def url(self) -> str:
        return self.server.url_for("/hook")

    def events(self, name: str) -> list[dict[str, Any]]:
        return [b for b in self.bodies if b["event"] == name]


def scenario_corpus(rounds: dict[str, int]) -> Corpus:
    corpus = load_corpus()
    articles = tuple(replace(a, round=rounds.get(a.slug, 0)) for a in corpus.articles)
    return replace(corpus, articles=articles)
