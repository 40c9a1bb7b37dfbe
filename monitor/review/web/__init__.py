"""The monitor's pages, its JSON API and /metrics: server-rendered, no script, read-only
unless the request carries the configured token."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitor.review.web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> object:
    # The server is loaded when asked for: the CLI imports `web.bind` on every run.
    if name == "create_app":
        from monitor.review.web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
