"""Article pages to text and metadata, via trafilatura."""

from __future__ import annotations

import codecs
import json
import logging
import re
import threading
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from monitor.text import LANGUAGES, guess_language, sentences, tokens

if TYPE_CHECKING:
    from lxml.html import HtmlElement

log = logging.getLogger(__name__)


@dataclass
class Extracted:
    text: str
    title: str | None
    author: str | None
    published: datetime | None
    sitename: str | None
    language: str | None
    canonical_url: str | None  # <link rel=canonical> or og:url, absolute


# Measured on the 16-page Spanish corpus: precision mode keeps every wanted segment that
# balanced mode keeps and drops "read more" teasers, related headlines and placeholder text
# that balanced mode lets through; such boilerplate would make unrelated stories look alike.
# On some layouts it drops the whole article, so a page it leaves without article text is
# read again in balanced mode (bench/extraction.py).
FAVOR_PRECISION = True

# A page is an article when it has this much text and enough prose sentences. Error pages,
# cookie walls and paywall stubs are shorter; section fronts and homepages extract as
# headline lists, which lack sentence punctuation.
MIN_TEXT_CHARS = 200
MIN_PROSE_SENTENCES = 2
_MIN_SENTENCE_TOKENS = 5
# A line this long is prose even without a full stop (lists, transcripts, Thai).
_LONG_LINE_TOKENS = 20
# Scripts written without spaces (Chinese, Japanese): characters stand in for words.
_MIN_SENTENCE_CHARS_UNSPACED = 15
_LONG_LINE_CHARS_UNSPACED = 60
# Precision mode keeps one block of some layouts (each paragraph in its own <section>):
# a text shorter than this is compared with balanced mode's, which wins when twice as long.
_RECHECK_BELOW_CHARS = 1500
# An article with this much text besides a stub's words is kept whatever else it says.
KEEP_CHARS = 500
# Below this size a page saying it is an error, a cookie wall or a paywall is one.
STUB_MAX_CHARS = 1000
_SENTENCE_END = ".!?…\"'”»)。！？｡।॥؟۔"
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
_CJK_STOPS = re.compile(r"(?<=[。！？｡])")


@dataclass(frozen=True)
class NoText:
    """Why a page gave no article text: a stable `reason` code and words for a person."""

    reason: str
    detail: str


# Reason codes, stored with an article whose page gave no text.
EMPTY = "empty"  # no HTML, or nothing trafilatura could read
HOMEPAGE = "homepage"
LISTING = "listing"  # a section front, tag page or headline list
ERROR_PAGE = "error_page"
COOKIE_WALL = "cookie_wall"
PAYWALL = "paywall"
TOO_SHORT = "too_short"
NO_PROSE = "no_prose"
FAILED = "failed"  # extraction raised
TIMEOUT = "timeout"  # extraction overran its time limit

_DETAILS = {
    EMPTY: "the page is empty or not HTML",
    HOMEPAGE: "the link is a site's home page",
    LISTING: "the page is a list of headlines (section front or tag page)",
    ERROR_PAGE: "the page is an error page",
    COOKIE_WALL: "the page is a cookie or consent wall",
    PAYWALL: "the page is a paywall stub",
    TOO_SHORT: "the page has too little text for an article",
    NO_PROSE: "the page text has no prose sentences",
}


def no_text(reason: str, detail: str | None = None) -> NoText:
    return NoText(reason, detail or _DETAILS.get(reason, reason))


_IMPORT = threading.Lock()


@cache
def _trafilatura() -> tuple[Callable[..., Any], Callable[..., Any]]:
    """trafilatura, imported with the first page: a poll with nothing new needs none.

    Pages are extracted in threads, so the first ones import it under a lock.
    """
    with _IMPORT:
        from trafilatura import bare_extraction
        from trafilatura.utils import load_html

        from monitor.collect.outlets import load_suffix_list

        _one_stoplist()
        # trafilatura names each page's domain, through tld for the hosts its pattern
        # misses (short names, ports): loaded here in a sixth of tld's own time
        load_suffix_list()
    return bare_extraction, load_html


class _Stoplist:
    """justext's all-language stoplist, lower-cased, held as the sorted hashes of its
    words: justext only asks whether a word is in it. As a tuple (trafilatura) and a
    frozenset (justext) the 150,000 words took about 28 MB in each process that extracts;
    this takes 1.2 MB. Two 64-bit string hashes agree by chance about once in 10^19.

    Built on the first question, not when trafilatura is loaded: only a page whose own
    extraction is short or unclean goes to justext, and reading the hundred word lists
    and hashing them is about half a second of CPU, most of a worker's start-up."""

    __slots__ = ("_hashes", "_lock", "_words")

    def __init__(self, words: Callable[[], Iterable[str]]) -> None:
        self._words = words
        self._hashes: array[int] | None = None
        self._lock = threading.Lock()

    @property
    def built(self) -> bool:
        return self._hashes is not None

    def _table(self) -> array[int]:
        hashes = self._hashes
        if hashes is None:
            with self._lock:  # pages are extracted in threads too
                hashes = self._hashes
                if hashes is None:
                    hashes = self._hashes = array("q", sorted({hash(w) for w in self._words()}))
        return hashes

    def __contains__(self, word: object) -> bool:
        hashes = self._table()
        h = hash(word)
        i = bisect_left(hashes, h)
        return i < len(hashes) and hashes[i] == h

    def __len__(self) -> int:
        return len(self._table())

    def __bool__(self) -> bool:  # trafilatura asks `JT_STOPLIST or build_it()`: never empty
        return True


def _one_stoplist() -> None:
    """Hold justext's all-language stoplist once, compactly (`_Stoplist`), built when
    justext first needs it; justext is handed it back as it is, not copied into a
    frozenset."""
    import justext.core
    import trafilatura.external as external
    from justext.utils import get_stoplist, get_stoplists

    if isinstance(external.JT_STOPLIST, _Stoplist):
        return

    def every_word() -> Iterator[str]:
        return (w.lower() for lang in get_stoplists() for w in get_stoplist(lang))

    words = _Stoplist(every_word)
    define = justext.core.define_stoplist

    def define_stoplist(stoplist: Any) -> Any:
        return stoplist if stoplist is words else define(stoplist)

    justext.core.define_stoplist = define_stoplist
    external.JT_STOPLIST = words  # type: ignore[assignment]  # typed None until first use


def extract_page(html: bytes, url: str, content_type: str | None = None) -> Extracted | None:
    """None when the page has no article text (`read_page` says why)."""
    outcome = read_page(html, url, content_type)
    return outcome if isinstance(outcome, Extracted) else None


def read_page(html: bytes, url: str, content_type: str | None = None) -> Extracted | NoText:
    """The page's article, or why it has none.

    content_type is the HTTP Content-Type header, used for its charset. Never raises:
    anything trafilatura or lxml cannot make sense of comes back as NoText.
    """
    _trafilatura()  # outside the try: a broken install fails loudly, not as "no text"
    try:
        return _extract(html, url, content_type, favor_precision=FAVOR_PRECISION)
    except Exception as exc:
        log.debug("extraction failed for %s", url, exc_info=True)
        return no_text(FAILED, f"extraction failed: {type(exc).__name__}")


def _extract(
    html: bytes, url: str, content_type: str | None, *, favor_precision: bool
) -> Extracted | NoText:
    if not html or not html.strip():
        return no_text(EMPTY)
    if _is_homepage(url):
        return no_text(HOMEPAGE)
    bare_extraction, load_html = _trafilatura()
    tree = load_html(decode_html(html, content_type))
    if tree is None:
        return no_text(EMPTY)
    metas = _metas(tree)
    ld_types, ld_dates = _json_ld(tree)
    # A page calling itself something else (og:type website) must look like an article
    # all the more: many news sites put og:type=website on every page, articles included.
    declared_other = _declared_not_article(metas, ld_types)
    teasers = _teaser_texts(tree)

    def run(precision: bool) -> tuple[Any, str, NoText | None]:
        doc = bare_extraction(
            tree,
            url=url,
            include_comments=False,
            include_tables=False,
            # True would consult a process-wide cache: a page seen twice comes back empty.
            deduplicate=False,
            favor_precision=precision,
            with_metadata=True,
            # The free-text search guesses from any year on the page ("© 2026" gives
            # 1 January) and loads every dateparser locale on first use; page metadata
            # is read above.
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
        text = _tidy(getattr(doc, "text", None) or "") if doc is not None else ""
        verdict = judge_text(text, listing_check=declared_other)
        if verdict is None and _is_listing(text, teasers):
            verdict = no_text(LISTING)
        return doc, text, verdict

    doc, text, verdict = run(favor_precision)
    if favor_precision and (
        (verdict is not None and verdict.reason in (TOO_SHORT, NO_PROSE, EMPTY))
        or (verdict is None and len(text) < _RECHECK_BELOW_CHARS)
    ):
        doc2, text2, verdict2 = run(False)
        if verdict2 is None and (verdict is not None or len(text2) >= 2 * len(text)):
            doc, text, verdict = doc2, text2, verdict2
    if verdict is not None:
        return verdict
    dek = _standfirst(tree, _clean(getattr(doc, "description", None)), text)
    if dek:
        text = f"{dek}\n{text}"
    sitename = _clean(getattr(doc, "sitename", None))
    return Extracted(
        text=text,
        title=_title(tree, _clean(getattr(doc, "title", None))),
        author=_author(_clean(getattr(doc, "author", None)), sitename),
        published=_published(tree, metas, ld_dates, getattr(doc, "date", None)),
        sitename=sitename,
        language=_language(tree, metas, getattr(doc, "language", None), text),
        canonical_url=_canonical(tree, metas, url),
    )


def is_article_text(text: str) -> bool:
    """The rule extract_page uses to tell article text from everything else."""
    return judge_text(text) is None


def judge_text(text: str, *, listing_check: bool = False) -> NoText | None:
    """None when `text` reads as an article, else why not.

    listing_check: the page said it is not an article (og:type website and no article
    markup), so a text made mostly of headline-like lines is a listing.
    """
    if not text:
        return no_text(EMPTY)
    if len(text) < STUB_MAX_CHARS:
        stub = _stub_kind(text)
        if stub is not None:
            return no_text(stub)
    # A character of Chinese or Japanese says about what a word of English does.
    minimum = MIN_TEXT_CHARS // 2 if _is_unspaced(text[:400]) else MIN_TEXT_CHARS
    if len(text) < minimum:
        return no_text(TOO_SHORT)
    lines = text.splitlines()
    prose = 0
    headlines = 0
    for line in lines:
        line_prose = _prose_sentences(line)
        prose += line_prose
        if not line_prose and not _ends_sentence(line):
            headlines += 1
        if prose >= MIN_PROSE_SENTENCES and not listing_check:
            return None  # enough prose, and no count of headline lines is asked for
    if listing_check and headlines >= 5 and headlines * 3 >= len(lines):
        return no_text(LISTING)
    if prose >= MIN_PROSE_SENTENCES:
        return None
    return no_text(NO_PROSE)


def _ends_sentence(text: str) -> bool:
    return bool(text) and text[-1] in _SENTENCE_END


def _is_unspaced(text: str) -> bool:
    return len(_UNSPACED.findall(text)) * 2 > len(text)


def _prose_sentences(line: str) -> int:
    """Sentences in one line that read as prose: enough words and a sentence end."""
    if _is_unspaced(line):
        if len(line) >= _LONG_LINE_CHARS_UNSPACED and not _ends_sentence(line):
            return 1
        parts = [p for p in _CJK_STOPS.split(line) if p.strip()]
        return sum(
            1 for p in parts if _ends_sentence(p.strip()) and len(p) >= _MIN_SENTENCE_CHARS_UNSPACED
        )
    count = 0
    for sentence in sentences(line):
        n = len(tokens(sentence))
        if (_ends_sentence(sentence) and n >= _MIN_SENTENCE_TOKENS) or n >= _LONG_LINE_TOKENS:
            count += 1
    return count


# What error pages, cookie walls and paywall stubs say, in the languages of the feeds.
_STUB_MARKERS = {
    ERROR_PAGE: re.compile(
        r"\b(404|page not found|page (you|you're) (are )?looking for|not be found|"
        r"no longer available|does not exist|doesn't exist|p[aá]gina no (encontrada|existe)|"
        r"no se (ha )?encontr|no existe|p[aá]gina (que busca|solicitada)|"
        r"n[aã]o (foi )?encontrada|page introuvable|n'existe pas|nicht gefunden|"
        r"existiert nicht|error (404|500)|server error)",
        re.I,
    ),
    COOKIE_WALL: re.compile(
        r"\b(cookies?\b.{0,200}\b(accept|agree|consent|aceptar|acepta|consentimiento|"
        r"aceitar|aceite|akzeptieren|zustimm|accepter|acceptez|partners|socios|parceiros)|"
        r"(accept|aceptar|aceitar|akzeptieren|accepter)\w*\b.{0,200}\bcookies?\b)",
        re.I | re.S,
    ),
    PAYWALL: re.compile(
        r"\b(to (continue|keep) reading|subscribe (now )?to (read|continue)|"
        r"(exclusive|only) (content )?for subscribers|subscribers only|already a subscriber|"
        r"sign in to (read|continue)|log ?in to (read|continue)|"
        r"para (seguir|continuar) leyendo|exclusivo para suscriptores|ya eres suscriptor|"
        r"suscr[ií]bete para (leer|seguir|continuar)|contenido exclusivo|"
        r"para (continuar|seguir) lendo|exclusivo para assinantes|j[aá] [ée] assinante|"
        r"r[ée]serv[ée] aux abonn[ée]s|d[ée]j[aà] abonn[ée]|"
        r"nur f[uü]r abonnenten|weiterlesen mit)",
        re.I,
    ),
}


def _stub_kind(text: str) -> str | None:
    """What kind of stub the text is, if the lines saying so leave no article behind."""
    for kind, marker in _STUB_MARKERS.items():
        if marker.search(text):
            rest = sum(len(line) for line in text.splitlines() if not marker.search(line))
            if rest < KEEP_CHARS:
                return kind
    return None


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(value.split())
    return value or None


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


_NOT_CONTENT = frozenset({"footer", "nav", "script", "noscript", "template", "style", "aside"})


def _standfirst(tree: HtmlElement, description: str | None, text: str) -> str | None:
    """The page's summary line when it is shown on the page but not in the extracted text.

    trafilatura skips the subheadline under the title, which is often the best one-line
    summary of a news story. The meta description stands in for it only when the page
    also shows it as a visible element, so site-wide taglines are never added.
    """
    if not description or len(tokens(description)) < 8:
        return None
    truncated = description.endswith(("...", "…"))
    folded_desc = " ".join(tokens(description))
    if folded_desc[:80] in " ".join(tokens(text)):
        return None
    probe = description[:40]
    for el in tree.iter("h2", "h3", "h4", "p", "div", "span"):
        direct = _clean(el.text)
        if not direct or not direct.startswith(probe):
            continue
        if any(a.tag in _NOT_CONTENT for a in el.iterancestors()):
            continue
        shown = _clean(el.text_content()) or ""
        folded_shown = " ".join(tokens(shown))
        if folded_shown == folded_desc or (
            truncated
            and folded_shown.startswith(folded_desc)
            and len(shown) < 2 * len(description) + 200
        ):
            return shown
    return None


def _is_homepage(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


_TEASER_MAX_CHARS = 600  # a listing's item: a linked headline and a line or two


def _teaser_texts(tree: HtmlElement) -> list[str]:
    """The text of each small block holding a linked headline: a listing's items."""
    out = []
    for heading in tree.iter("h2", "h3", "h4"):
        parent = heading.getparent()
        if parent is None or next(heading.iter("a"), None) is None:
            continue
        text = " ".join(parent.text_content().split())
        if len(text) <= _TEASER_MAX_CHARS:
            out.append(text)
    return out


def _is_listing(text: str, teasers: list[str]) -> bool:
    """Most of the text sits in headline blocks: a section front or a tag page."""
    if len(teasers) < 3:
        return False
    lines = [" ".join(line.lstrip("-• ").split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    inside = sum(1 for line in lines if any(line in t for t in teasers))
    return inside >= 3 and inside * 5 >= len(lines) * 3


def _declared_not_article(metas: dict[str, str], ld_types: list[str]) -> bool:
    """True for pages that call themselves something else (section fronts, tag pages).

    Only an explicit og:type with no article markers anywhere counts: some sites put
    og:type=website on articles but then still carry NewsArticle JSON-LD or a
    published time, and pages with no markup at all are left to the text rule.
    """
    og_type = metas.get("og:type", "").lower()
    if not og_type or any(k in og_type for k in ("article", "news", "blog", "post")):
        return False
    if "article:published_time" in metas:
        return False
    return not any(_ARTICLE_TYPES.search(t) for t in ld_types)


_TITLE_SEPARATORS = "|-–—:·»/"


def _title(tree: HtmlElement, title: str | None) -> str | None:
    """trafilatura's title, minus a trailing '| Site' the page's own <h1> lacks, or
    completed from <title> when an unescaped quote in og:title cut it short."""
    if not title:
        return None
    for h1 in _limited(tree.iter("h1"), 5):
        heading = _clean(h1.text_content())
        if (
            heading
            and len(heading) >= 10
            and title.startswith(heading)
            and title[len(heading) :].lstrip()[:1] in tuple(_TITLE_SEPARATORS)
        ):
            return heading
    head_title = next(_limited(tree.iter("title"), 1), None)
    full = _clean(head_title.text_content()) if head_title is not None else None
    if full and len(full) > len(title) and full.startswith(title):
        rest = full[len(title) :]
        if rest[:1].isspace() and rest.lstrip()[:1] not in tuple(_TITLE_SEPARATORS):
            cut = re.search(r"\s[|–—-]\s", rest)
            return title + (rest[: cut.start()] if cut else rest)
    return title


def _limited(items: Iterator[HtmlElement], n: int) -> Iterator[HtmlElement]:
    for i, item in enumerate(items):
        if i >= n:
            return
        yield item


_GENERIC_BYLINE = re.compile(
    r"^(redaccion|redacao|redaction|staff|newsroom|agencias|anonimo|anonymous|admin|"
    r"editor|editorial)\b|\b(publicacion|actualizado|actualizacion|published|updated)\b"
)


def _author(author: str | None, sitename: str | None) -> str | None:
    """Drop byline parts that name the outlet or a desk rather than a person."""
    if not author:
        return None
    site = _squash(sitename or "")
    kept = []
    for part in author.split(";"):
        part = part.strip()
        squashed = _squash(part)
        if not squashed or _GENERIC_BYLINE.search(" ".join(tokens(part))):
            continue
        if len(site) >= 4 and len(squashed) >= 4 and (site in squashed or squashed in site):
            continue
        kept.append(part)
    return "; ".join(kept) or None


def _squash(value: str) -> str:
    return "".join(tokens(value))


# ---------------------------------------------------------------------------
# Decoding

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# WHATWG: these labels mean windows-1252 in browsers, and pages rely on it.
_WINDOWS_1252 = {"iso-8859-1", "latin-1", "latin1", "iso8859-1", "l1", "ascii", "us-ascii"}


def decode_html(html: bytes, content_type: str | None = None) -> str:
    """Page bytes to text: BOM, then valid UTF-8, then the declared charset, then windows-1252.

    Valid UTF-8 wins over a declaration because mislabelled UTF-8 pages are common and
    legacy-encoded text is almost never valid UTF-8 by accident.
    """
    for bom, encoding in _BOMS:
        if html.startswith(bom):
            return _strip_xml_declaration(html.decode(encoding, errors="replace"))
    try:
        return _strip_xml_declaration(html.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    declared: list[str] = []
    if content_type and (m := _HEADER_CHARSET.search(content_type)):
        declared.append(m.group(1))
    if m2 := _META_CHARSET.search(html[:8192]):
        declared.append(m2.group(1).decode("ascii", errors="replace"))
    for label in declared:
        name = label.strip().lower()
        name = "cp1252" if name in _WINDOWS_1252 else name
        try:
            if codecs.lookup(name).name in ("utf-8", "utf-16", "utf-16-le", "utf-16-be"):
                continue  # the bytes already failed as UTF-8
            return _strip_xml_declaration(html.decode(name, errors="replace"))
        except LookupError:
            continue
    return _strip_xml_declaration(html.decode("cp1252", errors="replace"))


def _strip_xml_declaration(text: str) -> str:
    # lxml refuses str input that declares an encoding and would then re-decode bytes.
    return _XML_DECLARATION.sub("", text, count=1)


# ---------------------------------------------------------------------------
# Metadata read straight from the page


def _metas(tree: HtmlElement) -> dict[str, str]:
    """First content of each <meta> keyed by lower-cased property, name, itemprop or http-equiv."""
    out: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attr)
            if key:
                out.setdefault(key.strip().lower(), content.strip())
    return out


def _canonical(tree: HtmlElement, metas: dict[str, str], page_url: str) -> str | None:
    candidates: list[str] = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = link.get("href")
        if "canonical" in rel and href:
            candidates.append(href)
    if "og:url" in metas:
        candidates.append(metas["og:url"])
    for raw in candidates:
        found = _absolute_canonical(raw, page_url)
        if found is not None:
            return found
    return None


def _absolute_canonical(raw: str, page_url: str) -> str | None:
    raw = raw.strip()
    if not raw or any(c.isspace() for c in raw) or "{{" in raw or "%7B%7B" in raw:
        return None
    try:
        parts = urlsplit(urljoin(page_url, raw))
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    page = urlsplit(page_url)
    # Templates that fill in the site root for every page would merge all articles into one.
    if parts.path in ("", "/") and not parts.query and page.path not in ("", "/"):
        return None
    scheme = parts.scheme
    if scheme == "http" and page.scheme == "https" and parts.hostname == page.hostname:
        scheme = "https"
    return urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, ""))


_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "date",
)
_ARTICLE_TYPES = re.compile(r"(Article|Posting|ReportageNews|Report)$", re.I)


def _published(
    tree: HtmlElement, metas: dict[str, str], ld_dates: list[str], day: str | None
) -> datetime | None:
    """Publication time in UTC.

    Explicit page metadata comes first because it carries a time and an offset;
    trafilatura's date (via htmldate) is day-only and sometimes taken from the URL.
    A timestamp without offset is read as UTC; a bare day becomes midnight UTC.
    """
    dated_only: datetime | None = None
    for raw in _date_candidates(tree, metas, ld_dates):
        parsed = _parse_datetime(raw)
        if parsed is None:
            continue
        value, has_time = parsed
        if has_time:
            return value
        if dated_only is None:
            dated_only = value
    if dated_only is not None:
        return dated_only
    if day:
        parsed = _parse_datetime(day)
        if parsed is not None:
            return parsed[0]
    return None


def _date_candidates(
    tree: HtmlElement, metas: dict[str, str], ld_dates: list[str]
) -> Iterator[str]:
    for key in _DATE_KEYS:
        if key in metas:
            yield metas[key]
    yield from ld_dates
    for el in tree.iter("time"):
        if el.get("itemprop") == "datePublished" or el.get("pubdate") is not None:
            value = el.get("datetime")
            if value:
                yield value


def _json_ld(tree: HtmlElement) -> tuple[list[str], list[str]]:
    """All JSON-LD @types, and datePublished values with article objects' first."""
    types: list[str] = []
    article_dates: list[str] = []
    other_dates: list[str] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        body = script.text or ""
        if len(body) > 500_000:
            continue
        try:
            data = json.loads(body, strict=False)
        except ValueError:
            continue
        for obj in _json_objects(data, 0):
            kind = obj.get("@type")
            kinds = [k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]
            types.extend(kinds)
            value = obj.get("datePublished")
            if isinstance(value, str):
                is_article = any(_ARTICLE_TYPES.search(k) for k in kinds)
                (article_dates if is_article else other_dates).append(value)
    return types, article_dates + other_dates


def _json_objects(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 8:
        return
    if isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, dict | list):
                yield from _json_objects(value, depth + 1)
    elif isinstance(data, list):
        for item in data:
            yield from _json_objects(item, depth + 1)


_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)


def _parse_datetime(raw: str) -> tuple[datetime, bool] | None:
    """An aware UTC datetime and whether the source had a time of day."""
    raw = raw.strip()
    if not raw:
        return None
    value: datetime | None = None
    has_time = True
    if raw.isdigit() and len(raw) in (10, 13):  # Unix seconds or milliseconds
        seconds = int(raw) / (1000 if len(raw) == 13 else 1)
        try:
            value = datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    else:
        try:
            value = datetime.fromisoformat(raw)
            has_time = len(raw) > 10
        except ValueError:
            try:
                value = parsedate_to_datetime(raw)
            except (TypeError, ValueError, IndexError):
                return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    if not _EARLIEST <= value <= datetime.now(UTC) + timedelta(days=1):
        return None
    return value, has_time


_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")


def _language(
    tree: HtmlElement, metas: dict[str, str], extracted: str | None, text: str
) -> str | None:
    """Declared language, unless the text clearly reads as another language.

    Templates get lang wrong (a Spanish page in the corpus says lang="en"), so a
    confident stopword guess from the article text overrides a declaration of one of the
    languages the guesser knows. Other declarations stand: the guesser cannot tell
    Catalan or Galician from its six languages.
    """
    declared = None
    for raw in (
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        extracted,
        metas.get("content-language"),
        metas.get("og:locale"),
    ):
        if raw and (m := _LANG.match(raw.strip().split(",")[0].strip())):
            declared = m.group(1).lower()
            break
    if declared is not None and declared not in LANGUAGES:
        return declared
    return guess_language(text) or declared
