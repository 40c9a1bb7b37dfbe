"""OPML, the file feed readers import and export subscriptions with.

Reading: every `<outline>` with an `xmlUrl` is a feed; the outlines it sits in (a
reader's folders or categories) and its OPML 2.0 `category` attribute are kept as
categories. The file comes from elsewhere, so a document type declaration (and with it
every entity, the way to an "XML bomb" or to local files) is refused before anything
is expanded, as defusedxml does, with the standard library's expat.

Writing: OPML 2.0, every value escaped by the serializer, characters XML cannot carry
removed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pyexpat import ExpatError, ParserCreate, errors

MAX_BYTES = 20 * 1024 * 1024  # a reader's export with tens of thousands of feeds is far less
MAX_DEPTH = 64
# Not allowed in XML 1.0 at all: C0 controls but tab, newline and return; surrogates;
# U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class OPMLError(ValueError):
    """A file that is not OPML this reader accepts; the message says why."""


@dataclass(frozen=True)
class OutlineFeed:
    url: str
    title: str  # title, else text; "" when neither
    categories: tuple[str, ...] = ()  # outermost folder first, then `category` values
    html_url: str | None = None


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node] = field(default_factory=list)


def _forbid_dtd(*_: object) -> int:
    raise OPMLError("the file declares a document type (DTD): OPML needs none, and it is refused")


def _tree(data: bytes) -> _Node:
    """The document as nested nodes, parsed by expat with DTDs and entities refused."""
    if len(data) > MAX_BYTES:
        raise OPMLError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    parser = ParserCreate()
    parser.StartDoctypeDeclHandler = _forbid_dtd
    parser.EntityDeclHandler = _forbid_dtd
    parser.ExternalEntityRefHandler = _forbid_dtd
    root = _Node("", {})
    stack = [root]

    def start(tag: str, attrs: dict[str, str]) -> None:
        if len(stack) > MAX_DEPTH:
            raise OPMLError(f"outlines nested deeper than {MAX_DEPTH} levels")
        node = _Node(tag, attrs)
        stack[-1].children.append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except ExpatError as exc:
        reason = errors.messages.get(exc.code, str(exc)) if exc.code else str(exc)
        raise OPMLError(f"not well-formed XML (line {exc.lineno}): {reason}") from None
    if len(root.children) != 1:
        raise OPMLError("not an XML document")
    return root.children[0]


# DEL and the C1 controls: allowed in XML, but a terminal may act on them.
_CONTROL = re.compile("[\x7f-\x9f]")


def _clean(text: str | None) -> str:
    """One line of text, without characters XML, TOML or a terminal cannot take."""
    return " ".join(_CONTROL.sub("", _NOT_XML.sub("", text or "")).split())


def _attr(attrs: dict[str, str], name: str) -> str:
    # Attribute names are case-sensitive in XML, but exports spell them xmlUrl or xmlurl.
    for key, value in attrs.items():
        if key.lower() == name.lower():
            return value
    return ""


def parse(data: bytes) -> list[OutlineFeed]:
    """The feeds in an OPML document, in document order."""
    root = _tree(data)
    if root.tag.lower() != "opml":
        raise OPMLError(f"the document is <{_clean(root.tag)}>, not <opml>")
    body = next((c for c in root.children if c.tag.lower() == "body"), None)
    if body is None:
        raise OPMLError("the OPML has no <body>")
    feeds: list[OutlineFeed] = []

    def walk(node: _Node, folders: tuple[str, ...]) -> None:
        for child in node.children:
            if child.tag.lower() != "outline":
                continue
            url = _clean(_attr(child.attrs, "xmlUrl"))
            title = _clean(_attr(child.attrs, "title") or _attr(child.attrs, "text"))
            if url:
                tagged = [
                    _clean(c).strip("/").rpartition("/")[2]
                    for c in _attr(child.attrs, "category").split(",")
                ]
                categories = tuple(dict.fromkeys(c for c in (*folders, *tagged) if c))
                html = _clean(_attr(child.attrs, "htmlUrl")) or None
                feeds.append(OutlineFeed(url, title, categories, html))
            walk(child, (*folders, title) if not url and title else folders)

    walk(body, ())
    return feeds


@dataclass(frozen=True)
class ExportFeed:
    url: str
    title: str
    topics: tuple[str, ...] = ()


def render(feeds: list[ExportFeed], *, title: str, now: datetime | None = None) -> str:
    """OPML 2.0: a feed restricted to one topic sits in that topic's folder (as a reader
    shows a category), one with several lists them in `category`, others at the top."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = _clean(title)
    ET.SubElement(head, "dateCreated").text = format_datetime(now or datetime.now(UTC))
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for feed in feeds:
        parent = body
        attrs = {"type": "rss", "text": _clean(feed.title) or _clean(feed.url)}
        attrs["title"] = attrs["text"]
        attrs["xmlUrl"] = _clean(feed.url)
        topics = [t for t in (_clean(t) for t in feed.topics) if t]
        if len(topics) == 1:
            if topics[0] not in folders:
                folders[topics[0]] = ET.SubElement(
                    body, "outline", {"text": topics[0], "title": topics[0]}
                )
            parent = folders[topics[0]]
        elif topics:
            attrs["category"] = ",".join(f"/{t.replace(',', ' ')}" for t in topics)
        ET.SubElement(parent, "outline", attrs)
    ET.indent(root, space="  ")
    document = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{document}\n'
