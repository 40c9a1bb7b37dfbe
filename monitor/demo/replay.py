"""Replay a fixed corpus as RSS feeds and article pages on a loopback port.

The demo and the tests poll this server instead of the internet. Articles appear in
"rounds" so that a second poll finds later developments the way a live feed would.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import threading
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape

DEFAULT_CORPUS = Path(__file__).resolve().with_name("corpus") / "corpus.toml"
TRACKING_QUERY = "utm_source=rss&utm_medium=feed&utm_campaign=wire"

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The scraped seeds start with "Tue Feb 03 09:13:00 UTC 2026: # Title".
_SEED_HEADER = re.compile(
    r"^(?P<date>[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}): #\s*(?P<title>.+)$"
)
_BULLET = re.compile(r"^(?:[•*]|-(?=\s))\s*")
_OUTLET_KEYS = {"id", "name", "language"}
_ARTICLE_KEYS = {
    "slug",
    "outlet",
    "round",
    "published",
    "title",
    "file",
    "author",
    "tracking",
    "redirect",
    "language",
}


@dataclass(frozen=True)
class Outlet:
    id: str
    name: str
    language: str = "en"


@dataclass(frozen=True)
class Block:
    """One line of an article body: a paragraph or a list item."""

    text: str
    bullet: bool = False


@dataclass(frozen=True)
class CorpusArticle:
    slug: str
    outlet: str
    round: int
    published: datetime  # timezone-aware UTC
    title: str
    file: str
    body: str
    author: str | None = None
    tracking: bool = False
    redirect: bool = False
    language: str = "en"

    @property
    def blocks(self) -> list[Block]:
        """Each non-empty line is a block; the seeds wrap nothing, so lines are paragraphs."""
        out: list[Block] = []
        for raw in self.body.splitlines():
            line = " ".join(raw.split())
            if not line:
                continue
            marker = _BULLET.match(line)
            if marker and marker.end() < len(line):
                out.append(Block(line[marker.end() :], bullet=True))
            else:
                out.append(Block(line))
        return out

    @property
    def paragraphs(self) -> list[str]:
        """Body text as rendered on the page (list markers removed)."""
        return [b.text for b in self.blocks]

    @property
    def lede(self) -> str:
        """First paragraph that reads as prose, skipping headings such as 'The Story:'."""
        for block in self.blocks:
            if not block.bullet and len(block.text.split()) >= 8 and not block.text.endswith(":"):
                return block.text
        return self.paragraphs[0] if self.blocks else ""

    def served_in(self, round_: int) -> bool:
        return 1 <= self.round <= round_


@dataclass(frozen=True)
class Corpus:
    path: Path
    outlets: tuple[Outlet, ...]
    articles: tuple[CorpusArticle, ...]

    def outlet(self, outlet_id: str) -> Outlet:
        for outlet in self.outlets:
            if outlet.id == outlet_id:
                return outlet
        raise KeyError(outlet_id)

    def article(self, slug: str) -> CorpusArticle:
        for article in self.articles:
            if article.slug == slug:
                return article
        raise KeyError(slug)

    def served(self, round_: int, outlet: str | None = None) -> list[CorpusArticle]:
        """Articles visible in a round, newest first."""
        found = [
            a
            for a in self.articles
            if a.served_in(round_) and (outlet is None or a.outlet == outlet)
        ]
        return sorted(found, key=lambda a: (a.published, a.slug), reverse=True)

    @property
    def max_round(self) -> int:
        return max((a.round for a in self.articles), default=0)


def load_corpus(path: Path = DEFAULT_CORPUS) -> Corpus:
    """Read and validate a corpus TOML file; every problem is a ValueError naming the file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"{path}: cannot read corpus: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: invalid TOML: {exc}") from exc

    outlets: dict[str, Outlet] = {}
    for i, raw in enumerate(_tables(data, "outlets", path)):
        where = f"{path}: outlet #{i + 1}"
        _check_keys(raw, _OUTLET_KEYS, where)
        outlet_id = _str(raw, "id", where)
        where = f"{path}: outlet {outlet_id!r}"
        if not _ID.match(outlet_id) or outlet_id == "r":
            raise ValueError(f"{where}: id must be lower-case words joined by '-', not 'r'")
        if outlet_id in outlets:
            raise ValueError(f"{where}: duplicate outlet id")
        outlets[outlet_id] = Outlet(
            id=outlet_id,
            name=_str(raw, "name", where),
            language=_str(raw, "language", where, default="en"),
        )

    articles: list[CorpusArticle] = []
    slugs: set[str] = set()
    for i, raw in enumerate(_tables(data, "articles", path)):
        where = f"{path}: article #{i + 1}"
        _check_keys(raw, _ARTICLE_KEYS, where)
        slug = _str(raw, "slug", where)
        where = f"{path}: article {slug!r}"
        if not _ID.match(slug):
            raise ValueError(f"{where}: slug must be lower-case words joined by '-'")
        if slug in slugs:
            raise ValueError(f"{where}: duplicate slug")
        slugs.add(slug)
        outlet_id = _str(raw, "outlet", where)
        if outlet_id not in outlets:
            raise ValueError(f"{where}: unknown outlet {outlet_id!r}")
        round_ = raw.get("round")
        if not isinstance(round_, int) or isinstance(round_, bool) or round_ < 0:
            raise ValueError(f"{where}: round must be an integer >= 0")
        file = _str(raw, "file", where)
        file_path = path.parent / file
        if not file_path.is_file():
            raise ValueError(f"{where}: file {file!r} not found at {file_path}")
        body, header_date, header_title = _read_body(file_path)

        published: datetime | None = header_date
        if "published" in raw:
            published = _datetime(raw["published"], where)
        if published is None:
            raise ValueError(f"{where}: 'published' is required when {file!r} has no date header")
        title = _opt_str(raw, "title", where) or header_title
        if not title:
            raise ValueError(f"{where}: 'title' is required when {file!r} has no title header")
        if not body.strip():
            raise ValueError(f"{where}: file {file!r} has no body text")

        articles.append(
            CorpusArticle(
                slug=slug,
                outlet=outlet_id,
                round=round_,
                published=published,
                title=title,
                file=file,
                body=body,
                author=_opt_str(raw, "author", where),
                tracking=_bool(raw, "tracking", where),
                redirect=_bool(raw, "redirect", where),
                language=_str(raw, "language", where, default=outlets[outlet_id].language),
            )
        )
    return Corpus(path=path, outlets=tuple(outlets.values()), articles=tuple(articles))


def _tables(data: dict[str, Any], key: str, path: Path) -> list[dict[str, Any]]:
    tables = data.get(key, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ValueError(f"{path}: '{key}' must be an array of tables ([[{key}]])")
    return tables


def _check_keys(raw: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ValueError(f"{where}: unknown keys {', '.join(unknown)}")


def _str(raw: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = _opt_str(raw, key, where)
    if value is None:
        if default is None:
            raise ValueError(f"{where}: missing '{key}'")
        return default
    return value


def _opt_str(raw: dict[str, Any], key: str, where: str) -> str | None:
    if key not in raw:
        return None
    value = raw[key]
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()


def _bool(raw: dict[str, Any], key: str, where: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise ValueError(f"{where}: '{key}' must be true or false")
    return value


def _datetime(value: object, where: str) -> datetime:
    # TOML offers native datetimes as well as strings; accept both.
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{where}: 'published' is not an ISO 8601 date: {exc}") from exc
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValueError(f"{where}: 'published' must be a date-time with a time zone")
    return value.astimezone(UTC)


def _read_body(file_path: Path) -> tuple[str, datetime | None, str | None]:
    text = file_path.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    header = _SEED_HEADER.match(first.strip())
    if not header:
        return text.strip(), None, None
    date = datetime.strptime(header["date"], "%a %b %d %H:%M:%S UTC %Y").replace(tzinfo=UTC)
    return rest.strip(), date, header["title"].strip()


# --- rendering ----------------------------------------------------------------

_LABELS = {
    "en": {
        "home": "Home",
        "sections": ["World", "Politics", "Business", "Opinion", "Podcasts"],
        "subscribe": "Subscribe",
        "by": "By",
        "newsletter": "Get the morning briefing in your inbox every weekday.",
        "signup": "Sign up",
        "rights": "All rights reserved.",
        "footer": ["About us", "Contact", "Corrections", "Privacy policy", "Terms of use"],
        "cookies": "We use cookies to improve your experience on our site.",
        "latest": "Latest stories from",
        "months": [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
    },
    "es": {
        "home": "Inicio",
        "sections": ["Mundo", "Política", "Economía", "Opinión", "Pódcast"],
        "subscribe": "Suscríbase",
        "by": "Por",
        "newsletter": "Reciba el boletín de la mañana en su correo cada día hábil.",
        "signup": "Inscribirse",
        "rights": "Todos los derechos reservados.",
        "footer": ["Quiénes somos", "Contacto", "Correcciones", "Privacidad", "Términos de uso"],
        "cookies": "Usamos cookies para mejorar su experiencia en nuestro sitio.",
        "latest": "Últimas noticias de",
        "months": [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
    },
}


def _labels(language: str) -> dict[str, Any]:
    return _LABELS.get(language, _LABELS["en"])


def _human_date(dt: datetime, language: str) -> str:
    month = _labels(language)["months"][dt.month - 1]
    if language == "es":
        return f"{dt.day} de {month} de {dt.year}, {dt:%H:%M} UTC"
    return f"{month} {dt.day}, {dt.year}, {dt:%H:%M} UTC"


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def render_page(corpus: Corpus, article: CorpusArticle, base_url: str) -> str:
    """A news-site article page: real-world chrome around the article body."""
    outlet = corpus.outlet(article.outlet)
    labels = _labels(article.language)
    e = html.escape
    home = f"{base_url}/{outlet.id}/"
    canonical = f"{base_url}/{outlet.id}/{article.slug}.html"
    published = article.published.isoformat().replace("+00:00", "Z")
    nav = "\n".join(
        f'        <li><a href="{home}section/{_slugify(s)}">{e(s)}</a></li>'
        for s in labels["sections"]
    )
    footer_links = "\n".join(
        f'      <li><a href="{home}{_slugify(s)}">{e(s)}</a></li>' for s in labels["footer"]
    )
    body: list[str] = []
    in_list = False
    for block in article.blocks:
        if block.bullet and not in_list:
            body.append("      <ul>")
            in_list = True
        elif not block.bullet and in_list:
            body.append("      </ul>")
            in_list = False
        tag = "li" if block.bullet else "p"
        indent = "        " if block.bullet else "      "
        body.append(f"{indent}<{tag}>{e(block.text)}</{tag}>")
    if in_list:
        body.append("      </ul>")
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": published,
        "inLanguage": article.language,
        "mainEntityOfPage": canonical,
        "publisher": {"@type": "Organization", "name": outlet.name},
    }
    author_meta = ""
    byline = ""
    if article.author:
        ld["author"] = {"@type": "Person", "name": article.author}
        author_meta = f'  <meta name="author" content="{e(article.author)}">\n'
        byline = f'<span class="author">{labels["by"]} {e(article.author)}</span> · '
    ld_json = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="{e(article.language)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{e(article.title)} | {e(outlet.name)}</title>
  <meta name="description" content="{e(article.lede)}">
{author_meta}  <meta property="og:type" content="article">
  <meta property="og:title" content="{e(article.title)}">
  <meta property="og:site_name" content="{e(outlet.name)}">
  <meta property="og:url" content="{canonical}">
  <meta property="og:locale" content="{e(article.language)}">
  <meta property="article:published_time" content="{published}">
  <link rel="canonical" href="{canonical}">
  <link rel="alternate" type="application/rss+xml" title="{e(outlet.name)}" \
href="{home}feed.xml">
  <script type="application/ld+json">{ld_json}</script>
</head>
<body>
  <div class="cookie-banner">{e(labels["cookies"])} <button>OK</button></div>
  <header class="site-header">
    <a class="logo" href="{home}">{e(outlet.name)}</a>
    <nav class="main-nav">
      <ul>
        <li><a href="{home}">{e(labels["home"])}</a></li>
{nav}
        <li><a class="subscribe" href="{home}subscribe">{e(labels["subscribe"])}</a></li>
      </ul>
    </nav>
  </header>
  <main>
    <div class="article-header">
      <h1>{e(article.title)}</h1>
      <p class="byline">{byline}<time datetime="{published}">\
{_human_date(article.published, article.language)}</time></p>
    </div>
    <article>
{chr(10).join(body)}
    </article>
    <aside class="newsletter">
      <p>{e(labels["newsletter"])} <a href="{home}newsletter">{e(labels["signup"])}</a></p>
    </aside>
  </main>
  <footer class="site-footer">
    <ul>
{footer_links}
    </ul>
    <p>© {article.published.year} {e(outlet.name)}. {e(labels["rights"])}</p>
  </footer>
</body>
</html>
"""


def render_home(corpus: Corpus, outlet: Outlet, round_: int, base_url: str) -> str:
    labels = _labels(outlet.language)
    e = html.escape
    items = "\n".join(
        f'      <li><a href="{base_url}/{outlet.id}/{a.slug}.html">{e(a.title)}</a></li>'
        for a in corpus.served(round_, outlet.id)
    )
    return f"""<!DOCTYPE html>
<html lang="{e(outlet.language)}">
<head>
  <meta charset="utf-8">
  <title>{e(outlet.name)}</title>
  <link rel="alternate" type="application/rss+xml" title="{e(outlet.name)}" \
href="{base_url}/{outlet.id}/feed.xml">
</head>
<body>
  <h1>{e(outlet.name)}</h1>
  <ul>
{items}
  </ul>
  <footer><p>© 2026 {e(outlet.name)}. {e(labels["rights"])}</p></footer>
</body>
</html>
"""


def link_url(article: CorpusArticle, base_url: str) -> str:
    """The URL a feed item points at, which may differ from the canonical page URL."""
    if article.redirect:
        return f"{base_url}/r/{article.slug}"
    page = f"{base_url}/{article.outlet}/{article.slug}.html"
    return f"{page}?{TRACKING_QUERY}" if article.tracking else page


def render_feed(corpus: Corpus, outlet: Outlet, round_: int, base_url: str) -> str:
    """RSS 2.0 for one outlet: the items visible in this round, newest first."""
    x = xml_escape
    labels = _labels(outlet.language)
    articles = corpus.served(round_, outlet.id)
    items: list[str] = []
    for a in articles:
        creator = f"\n      <dc:creator>{x(a.author)}</dc:creator>" if a.author else ""
        items.append(
            f"""    <item>
      <title>{x(a.title)}</title>
      <link>{x(link_url(a, base_url))}</link>
      <guid isPermaLink="false">{x(a.outlet)}:{x(a.slug)}</guid>
      <pubDate>{format_datetime(a.published, usegmt=True)}</pubDate>{creator}
      <description>{x(a.lede)}</description>
    </item>"""
        )
    build = ""
    if articles:
        newest = format_datetime(articles[0].published, usegmt=True)
        build = f"\n    <lastBuildDate>{newest}</lastBuildDate>"
    item_text = "\n".join(items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" \
xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>{x(outlet.name)}</title>
    <link>{base_url}/{outlet.id}/</link>
    <description>{x(labels["latest"])} {x(outlet.name)}</description>
    <language>{x(outlet.language)}</language>
    <atom:link href="{base_url}/{outlet.id}/feed.xml" rel="self" \
type="application/rss+xml"/>{build}
{item_text}
  </channel>
</rss>
"""


# --- server -------------------------------------------------------------------


@dataclass
class _Response:
    status: int
    headers: dict[str, str]
    body: bytes = b""


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    replay: ReplayServer


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "ReplayNews/1.0"
    # Keep-alive threads must not outlive a test run by much.
    timeout = 10

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _serve(self, *, head: bool) -> None:
        replay = self.server.replay
        replay._record(self.command, self.path)
        resp = replay._respond(self.path, dict(self.headers.items()))
        self.send_response(resp.status)
        for name, value in resp.headers.items():
            self.send_header(name, value)
        if resp.status != 304:
            self.send_header("Content-Length", str(len(resp.body)))
        self.end_headers()
        if not head and resp.status != 304:
            self.wfile.write(resp.body)


class ReplayServer:
    """Serves a corpus on loopback from a daemon thread, starting at once.

    Routes: /<outlet>/feed.xml, /<outlet>/<slug>.html, /<outlet>/, /r/<slug>.
    Only articles with 1 <= round <= the current round exist; round 0 is never served.
    """

    def __init__(
        self, corpus: Corpus, host: str = "127.0.0.1", port: int = 0, *, start_round: int = 1
    ) -> None:
        self.corpus = corpus
        self._lock = threading.Lock()
        self._round = start_round
        self._requests: list[tuple[str, str]] = []
        self._closed = False
        # Each outlet listens on its own port, so outlets are distinct sites (host:port),
        # as they are on the web. `port` applies to the first outlet only.
        self._servers: list[tuple[_HTTPServer, threading.Thread]] = []
        self.bases: dict[str, str] = {}
        for i, outlet in enumerate(corpus.outlets):
            httpd = _HTTPServer((host, port if i == 0 else 0), _Handler)
            httpd.replay = self
            bound_host, bound_port = httpd.server_address[:2]
            if isinstance(bound_host, bytes):
                bound_host = bound_host.decode()
            shown = f"[{bound_host}]" if ":" in bound_host else bound_host
            self.bases[outlet.id] = f"http://{shown}:{bound_port}"
            # A short poll keeps close() quick; shutdown() waits for the next poll.
            thread = threading.Thread(
                target=httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"replay-{outlet.id}",
                daemon=True,
            )
            thread.start()
            self._servers.append((httpd, thread))
        self.base_url = next(iter(self.bases.values()))

    def base_for(self, outlet_id: str) -> str:
        self.corpus.outlet(outlet_id)
        return self.bases[outlet_id]

    def __enter__(self) -> ReplayServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        for httpd, thread in self._servers:
            httpd.shutdown()
            httpd.server_close()
            thread.join()

    @property
    def round(self) -> int:
        with self._lock:
            return self._round

    def set_round(self, n: int) -> None:
        with self._lock:
            self._round = n

    @property
    def requests(self) -> list[tuple[str, str]]:
        """(method, raw path with query) for every request so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    def feed_url(self, outlet_id: str) -> str:
        return f"{self.base_for(outlet_id)}/{outlet_id}/feed.xml"

    def feed_urls(self) -> dict[str, str]:
        return {o.id: self.feed_url(o.id) for o in self.corpus.outlets}

    def article_url(self, slug: str) -> str:
        """Canonical page URL (no tracking parameters, no redirect)."""
        article = self.corpus.article(slug)
        return f"{self.base_for(article.outlet)}/{article.outlet}/{slug}.html"

    def link_url(self, slug: str) -> str:
        """The URL the outlet's feed gives for this article."""
        article = self.corpus.article(slug)
        return link_url(article, self.base_for(article.outlet))

    def served(self) -> list[CorpusArticle]:
        """Articles visible in the current round, newest first."""
        return self.corpus.served(self.round)

    def _record(self, method: str, path: str) -> None:
        with self._lock:
            self._requests.append((method, path))

    def _respond(self, raw_path: str, headers: dict[str, str]) -> _Response:
        round_ = self.round
        path = urlsplit(raw_path).path
        parts = path.split("/")[1:]
        if len(parts) == 2 and parts[0] == "r":
            article = self._visible(parts[1], round_)
            if article is None:
                return _not_found()
            return _Response(302, {"Location": self.article_url(article.slug)})
        outlet = self._outlet(parts[0]) if parts else None
        if outlet is None or len(parts) != 2:
            return _not_found()
        name = parts[1]
        if name == "":
            page = render_home(self.corpus, outlet, round_, self.base_for(outlet.id))
            return _Response(200, {"Content-Type": "text/html; charset=utf-8"}, page.encode())
        if name == "feed.xml":
            return self._feed(outlet, round_, headers)
        if name.endswith(".html"):
            article = self._visible(name.removesuffix(".html"), round_)
            if article is None or article.outlet != outlet.id:
                return _not_found()
            page = render_page(self.corpus, article, self.base_for(outlet.id))
            return _Response(200, {"Content-Type": "text/html; charset=utf-8"}, page.encode())
        return _not_found()

    def _feed(self, outlet: Outlet, round_: int, headers: dict[str, str]) -> _Response:
        body = render_feed(self.corpus, outlet, round_, self.base_for(outlet.id)).encode()
        # Derived from the bytes, so an outlet with nothing new in a round keeps its ETag.
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        out = {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": etag}
        newest = self.corpus.served(round_, outlet.id)[:1]
        if newest:
            out["Last-Modified"] = format_datetime(newest[0].published, usegmt=True)
        lowered = {k.lower(): v for k, v in headers.items()}
        if_none_match = lowered.get("if-none-match")
        if if_none_match is not None:
            tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
            if etag in tags or "*" in tags:
                return _Response(304, out)
        elif newest and "if-modified-since" in lowered:
            try:
                since = parsedate_to_datetime(lowered["if-modified-since"])
            except (TypeError, ValueError):
                since = None
            if since is not None and since.tzinfo and newest[0].published <= since:
                return _Response(304, out)
        return _Response(200, out, body)

    def _outlet(self, outlet_id: str) -> Outlet | None:
        try:
            return self.corpus.outlet(outlet_id)
        except KeyError:
            return None

    def _visible(self, slug: str, round_: int) -> CorpusArticle | None:
        try:
            article = self.corpus.article(slug)
        except KeyError:
            return None
        return article if article.served_in(round_) else None


def _not_found() -> _Response:
    return _Response(404, {"Content-Type": "text/plain; charset=utf-8"}, b"Not Found\n")
