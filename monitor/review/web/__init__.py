"""The monitor's pages, its JSON API and /metrics: server-rendered, no script, read-only
unless the request carries the configured token."""

from monitor.review.web.app import create_app

__all__ = ["create_app"]
