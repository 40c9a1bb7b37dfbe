"""Outlets: which site published an article, and the name to show for it.

An article is stored with its host (`Article.source`) and a display name
(`Article.source_name`). Readers count and name outlets, not hosts: two feeds of one
outlet (sections on one site, `elpais.com` and `english.elpais.com`, or one outlet's
name on two domains) are one outlet. Two articles belong to one outlet when their hosts
share a registered domain (by the Public Suffix List, so `a.blogspot.com` and
`b.blogspot.com` stay apart) or when their names match once case, accents and spacing
are folded. Hosts without a registered domain (an IP address, `localhost`) are told
apart by host and port, as the demo's outlets are.
"""

from __future__ import annotations

import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
_SUFFIX_LIST_LOCK = threading.Lock()
# How a feed's name sets a section apart from the outlet: "El Tiempo: Mundo".
_SECTION_SEPARATORS = (": ", " - ", " – ", " — ", " | ", " · ")


@dataclass(frozen=True)
class ArticleSource:
    """One article as outlet grouping sees it."""

    host: str  # Article.source: host, with a port when it is not the default
    name: str | None = None  # Article.source_name
    # the feed linked through an aggregator that could not be followed, so `host` may be
    # the aggregator's: only the name says which outlet it was
    unresolved: bool = False


@dataclass(frozen=True)
class Outlet:
    name: str
    site: str  # registered domain, or host[:port] when there is none
    hosts: tuple[str, ...]
    members: tuple[int, ...]  # positions of its articles in what was grouped


def _host_port(text: str) -> tuple[str, int | None, str]:
    value = text.strip()
    if "://" not in value:
        value = f"http://{value}"
    parts = urlsplit(value)
    host = (parts.hostname or "").rstrip(".").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return host, port, parts.scheme.lower()


@lru_cache(maxsize=4096)
def site_key(host_or_url: str) -> str:
    """The site an article's host or URL belongs to: its registered domain (`bbc.co.uk`
    for `feeds.bbc.co.uk`), with a non-default port; for an IP address or a name with
    no public suffix, the host itself (with its port)."""
    try:
        host, port, scheme = _host_port(host_or_url)
    except ValueError:
        return host_or_url.strip().lower()
    if not host:
        return host_or_url.strip().lower()
    domain = _registered_domain()(host, fix_protocol=True, fail_silently=True)
    site = str(domain) if domain else host.removeprefix("www.")
    if ":" in site:
        site = f"[{site}]"
    if port is not None and port != _DEFAULT_PORTS.get(scheme or "http"):
        site = f"{site}:{port}"
    return site


@lru_cache(maxsize=1)
def _registered_domain() -> Callable[..., object]:
    """`tld.get_fld`, with the Public Suffix List loaded once (`load_suffix_list`).

    tld loads the list on its first lookup without a lock: the resolver's threads, each
    asking first, each parsed it (about 0.1 s of CPU apiece).
    """
    from tld import get_fld

    load_suffix_list()
    return get_fld


def load_suffix_list() -> None:
    """Load tld's Public Suffix List into tld, as tld's own loader would, in a sixth of
    its time: tld reads the file through `codecs.open`, line by line (0.12 s of CPU;
    this takes 0.02 s). Lookups through tld (`get_fld`, courlan's `get_tld` in page
    extraction) then find it loaded. The same tree, node for node
    (`tests/test_outlets.py`)."""
    from os.path import isabs

    from tld.trie import Trie
    from tld.utils import (
        MozillaTLDSourceParser,
        get_tld_names_container,
        project_dir,
        update_tld_names_container,
    )

    source = MozillaTLDSourceParser
    with _SUFFIX_LIST_LOCK:  # threads asking at once: one reads, the others find it loaded
        if get_tld_names_container().get(source.local_path) is not None:
            return
        path = source.local_path if isabs(source.local_path) else project_dir(source.local_path)
        trie = Trie()
        private = False
        with open(path, encoding="utf-8") as lines:
            for line in lines:  # tld's own rules, line for line
                if "===BEGIN PRIVATE DOMAINS===" in line:
                    private = True
                if private and not source.include_private:
                    break
                if "// xn--" in line:
                    line = line.split()[1]
                if line[0] in ("/", "\n"):
                    continue
                trie.add(line.strip(), private=private)
        update_tld_names_container(source.local_path, trie)


def same_site(a: str, b: str) -> bool:
    return bool(a and b) and site_key(a) == site_key(b)


def fold(name: str) -> str:
    """A name as compared: case, accents and runs of spaces do not count."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split())


def _clean(name: str | None) -> str:
    return " ".join((name or "").split())


def _head(name: str) -> str:
    cut = min((i for sep in _SECTION_SEPARATORS if (i := name.find(sep)) > 0), default=-1)
    return name[:cut].strip() if cut > 0 else name


def _begins(name: str, stem: str) -> bool:
    return name.startswith(stem) and (len(name) == len(stem) or not name[len(stem)].isalnum())


def display_name(names: list[str], hosts: list[str]) -> str:
    """One name for an outlet seen under `names` (in order of arrival, repeats kept).

    A name, or a name's part before a section ("El País" of "El País: América"), that
    begins every other ("EL PAÍS English") is the outlet's, so section feeds ("El Tiempo:
    Mundo", "El Tiempo: Política") give the part they share; otherwise the most used
    name wins, the first seen on a tie; an outlet nobody named is shown by its host.
    """
    if not names:
        return hosts[0] if hosts else ""
    distinct = list(dict.fromkeys(names))
    if len(distinct) > 1:
        shortest = min((_head(n) for n in distinct), key=len)
        stem = fold(shortest)
        if stem and all(_begins(fold(n), stem) for n in distinct):
            return shortest
    counts = Counter(names)
    return max(distinct, key=lambda n: counts[n])  # max keeps the first of equals


def group(sources: Iterable[ArticleSource]) -> list[Outlet]:
    """The outlets behind a set of articles, in the order they first appear."""
    rows = list(sources)
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    anchors: list[str] = []
    for row in rows:
        name = fold(_clean(row.name))
        nodes = [f"name:{name}"] if name else []
        if not (row.unresolved and name):
            nodes.append(f"site:{site_key(row.host)}")
        for other in nodes[1:]:
            union(nodes[0], other)
        anchors.append(nodes[-1])  # its site when the host says which outlet it is

    members: dict[str, list[int]] = {}
    for i, node in enumerate(anchors):
        members.setdefault(find(node), []).append(i)
    outlets = []
    for indices in members.values():
        hosts = list(dict.fromkeys(rows[i].host for i in indices if rows[i].host))
        names = [n for i in indices if (n := _clean(rows[i].name))]
        by_host = [rows[i].host for i in indices if rows[i].host and anchors[i].startswith("site:")]
        site = site_key(by_host[0]) if by_host else fold(_clean(rows[indices[0]].name))
        outlets.append(Outlet(display_name(names, hosts), site, tuple(hosts), tuple(indices)))
    return outlets


def names_by_row(outlets: list[Outlet], rows: int) -> list[str]:
    """For each of `rows` grouped articles, the name of its outlet."""
    names = [""] * rows
    for outlet in outlets:
        for i in outlet.members:
            names[i] = outlet.name
    return names
