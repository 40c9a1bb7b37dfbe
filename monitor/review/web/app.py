"""The ASGI application: pages, /api/ (schema at /api/openapi.json), /metrics, /healthz."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.exceptions import HTTPException as StarletteHTTPException

from monitor.review.web import api, pages
from monitor.review.web.context import HealthFn, Web
from monitor.review.web.metrics import exposition, registry_for
from monitor.review.web.paging import BadRequest
from monitor.review.web.security import SecurityHeaders
from monitor.storage import Store, utcnow


def create_app(
    store: Store,
    *,
    token: str | None = None,
    health: HealthFn | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> FastAPI:
    """The pages and API over `store`. `health` is the daemon's own report for /healthz;
    without one (`monitor serve`) /healthz asks the database."""
    app = FastAPI(
        title="monitor",
        summary="The news monitor's log: stories, articles, feeds and alerts.",
        version="1",
        openapi_url="/api/openapi.json",
        docs_url=None,  # the interactive docs load scripts from elsewhere; the CSP forbids it
        redoc_url=None,
    )
    app.state.web = Web(store=store, clock=clock, token=token, health=health)
    registry = registry_for(store)
    app.add_middleware(SecurityHeaders)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("monitor.review.web", "static")]), name="static")

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> Response:
        ctx: Web = app.state.web
        body = ctx.health() if ctx.health is not None else await asyncio.to_thread(_db_health, ctx)
        return JSONResponse(body, status_code=200 if body.get("ok") else 503)

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return Response(exposition(registry), media_type=CONTENT_TYPE_LATEST)

    def _is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, exc: BadRequest) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": str(exc)}, status_code=400)
        return pages.error_page(400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": _jsonable(exc.errors())}, status_code=422)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return pages.error_page(400, f"The address has a bad parameter: {problems}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = getattr(exc, "headers", None)
        if _is_api(request) or request.url.path.startswith("/static/"):
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=headers
            )
        message = exc.detail if exc.status_code != 404 or exc.detail != "Not Found" else None
        return pages.error_page(exc.status_code, message or "There is no such page.")

    return app


def _jsonable(errors: Any) -> Any:
    """Validation errors as JSON: the offending input may be bytes or an exception."""
    out = []
    for e in errors:
        item = {k: v for k, v in e.items() if k in ("type", "loc", "msg")}
        out.append(item)
    return out


def _db_health(ctx: Web) -> dict[str, Any]:
    try:
        ctx.store.ping()
        with ctx.store.tx() as tx:
            last = tx.last_feed_success()
    except Exception as exc:
        return {"ok": False, "database": False, "error": type(exc).__name__}
    age = None if last is None else round(max(0.0, (ctx.clock() - last).total_seconds()))
    return {"ok": True, "database": True, "last_successful_poll_age_seconds": age}
