"""The topic query language: words, "phrases", AND, OR, NOT, parentheses, prefix*.

Grammar (NOT binds tighter than AND, AND tighter than OR; adjacent terms are ANDed)::

    query   := or
    or      := and ("OR" and)*
    and     := unary (["AND"] unary)*
    unary   := ("NOT" | "-") unary | atom
    atom    := WORD | WORD* | "PHRASE" | "PHRASE*" | "(" or ")"

Only upper-case AND/OR/NOT are operators. Terms go through monitor.text.tokens, so
matching is case- and accent-insensitive and on word boundaries on both sides.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import KeysView
from dataclasses import dataclass
from typing import TypeAlias

from monitor.text import fold, tokens


class QueryError(ValueError):
    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at character {position + 1})")
        self.message = message
        self.position = position


class Document:
    """Text prepared once for matching many queries."""

    __slots__ = ("_vocab", "positions", "tokens")

    def __init__(self, text: str) -> None:
        self.tokens: list[str] = tokens(text)
        self.positions: dict[str, list[int]] = {}
        for i, tok in enumerate(self.tokens):
            self.positions.setdefault(tok, []).append(i)
        self._vocab: list[str] | None = None

    @property
    def words(self) -> KeysView[str]:
        """The distinct tokens, as a set-like view."""
        return self.positions.keys()

    def __contains__(self, word: str) -> bool:
        return word in self.positions

    def words_with_prefix(self, prefix: str) -> list[str]:
        """Distinct tokens of the document that start with prefix."""
        if self._vocab is None:
            self._vocab = sorted(self.positions)
        vocab = self._vocab
        out: list[str] = []
        i = bisect.bisect_left(vocab, prefix)
        while i < len(vocab) and vocab[i].startswith(prefix):
            out.append(vocab[i])
            i += 1
        return out


@dataclass(frozen=True)
class Term:
    """One word or a phrase; with prefix=True the last word matches as a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    def matches(self, doc: Document) -> bool:
        words, prefix = self.words, self.prefix
        if len(words) == 1:
            if prefix:
                return bool(doc.words_with_prefix(words[0]))
            return words[0] in doc.positions
        fixed = words[:-1] if prefix else words
        if any(w not in doc.positions for w in fixed):
            return False
        toks = doc.tokens
        n = len(words)
        last = n - 1
        for start in doc.positions[words[0]]:
            if start + n > len(toks):
                break
            for k in range(1, n):
                tok = toks[start + k]
                if tok != words[k] and not (prefix and k == last and tok.startswith(words[k])):
                    break
            else:
                return True
        return False

    def label(self) -> str:
        """Human-readable form used in explanations: `white house`, `colombia*`."""
        return " ".join(self.words) + ("*" if self.prefix else "")

    def __str__(self) -> str:
        return self.label() if len(self.words) == 1 else f'"{self.label()}"'


@dataclass(frozen=True)
class Not:
    child: Node

    def __str__(self) -> str:
        return f"NOT {_wrap(self.child, (And, Or))}"


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]

    def __str__(self) -> str:
        return " AND ".join(_wrap(c, (Or,)) for c in self.children)


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]

    def __str__(self) -> str:
        return " OR ".join(_wrap(c, (And,)) for c in self.children)


Node: TypeAlias = Term | Not | And | Or


def _wrap(node: Node, kinds: tuple[type, ...]) -> str:
    # AND inside OR needs no brackets by precedence; they are kept for readability.
    return f"({node})" if isinstance(node, kinds) else str(node)


def _evaluate(node: Node, doc: Document) -> bool:
    if isinstance(node, Term):
        return node.matches(doc)
    if isinstance(node, Not):
        return not _evaluate(node.child, doc)
    if isinstance(node, And):
        return all(_evaluate(c, doc) for c in node.children)
    return any(_evaluate(c, doc) for c in node.children)


def _witnesses(node: Node, doc: Document, out: list[Term]) -> bool:
    """Evaluate node, appending the present terms that decide its value.

    A present term under one NOT can only decide a false value, so by the time a value
    reaches a true root every collected term sits under an even number of NOTs.
    """
    if isinstance(node, Term):
        hit = node.matches(doc)
        if hit:
            out.append(node)
        return hit
    if isinstance(node, Not):
        return not _witnesses(node.child, doc, out)
    want_any = isinstance(node, Or)
    decided: list[Term] = []
    rest: list[Term] = []
    value = not want_any
    for child in node.children:
        found: list[Term] = []
        v = _witnesses(child, doc, found)
        if v == want_any:
            value = want_any
            decided.extend(found)
        else:
            rest.extend(found)
    out.extend(decided if value == want_any else rest)
    return value


def _positive_terms(node: Node, negated: bool, out: list[Term]) -> None:
    if isinstance(node, Term):
        if not negated:
            out.append(node)
    elif isinstance(node, Not):
        _positive_terms(node.child, not negated, out)
    else:
        for child in node.children:
            _positive_terms(child, negated, out)


def _unique_labels(terms: list[Term]) -> list[str]:
    return list(dict.fromkeys(t.label() for t in terms))


class Query:
    """A parsed query; immutable, comparable, and safe to share between threads."""

    __slots__ = ("root", "source")

    def __init__(self, root: Node, source: str | None = None) -> None:
        self.root = root
        self.source = source

    @classmethod
    def parse(cls, text: str) -> Query:
        return cls(_Parser(text).parse(), text)

    def matches(self, doc: Document) -> bool:
        return _evaluate(self.root, doc)

    def matched_terms(self, doc: Document) -> list[str]:
        """Positive terms that made the query match (empty when it does not match)."""
        found: list[Term] = []
        if not _witnesses(self.root, doc, found):
            return []
        return _unique_labels(found)

    def terms(self) -> list[str]:
        """Terms whose presence can make the query match (those not under a NOT)."""
        found: list[Term] = []
        _positive_terms(self.root, False, found)
        return _unique_labels(found)

    def __str__(self) -> str:
        return str(self.root)

    def __repr__(self) -> str:
        return f"Query({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Query) and self.root == other.root

    def __hash__(self) -> int:
        return hash(self.root)


# ---------------------------------------------------------------------------
# Lexing and parsing

_OPEN_QUOTES = '"“”'
_CLOSE_QUOTES = '"“”'
_SPECIAL = "()" + _OPEN_QUOTES
_KEYWORDS = frozenset({"AND", "OR", "NOT"})
_MAX_DEPTH = 100
_ENDS_IN_WORD = re.compile(r"[^\W_]$")


@dataclass(frozen=True)
class _Tok:
    kind: str  # "(", ")", "AND", "OR", "NOT", "-", "TERM"
    pos: int
    text: str
    term: Term | None = None


def _describe(tok: _Tok) -> str:
    if tok.kind == "TERM":
        return f"'{tok.text}'"
    if tok.kind in ("(", ")", "-"):
        return f"'{tok.kind}'"
    return tok.kind


def _make_term(raw: str, pos: int, phrase: bool) -> Term:
    """Turn a word or phrase body into a Term; pos is where raw starts in the query."""
    body = raw.rstrip()
    prefix = body.endswith("*")
    if prefix:
        body = body.rstrip("*")
    star = body.find("*")
    if star >= 0:
        where = "the last word of a phrase" if phrase else "the end of a word"
        raise QueryError(f"'*' is only allowed at {where}", pos + star)
    words = tuple(tokens(body))
    if not words:
        if phrase:
            raise QueryError("empty phrase", pos - 1)
        if prefix and not body:
            raise QueryError("'*' must follow a word", pos)
        raise QueryError(f"'{raw}' has no letters or digits to search for", pos)
    if prefix and not _ENDS_IN_WORD.search(fold(body)):
        # "colombia. *" or "u.s.*": the star must touch a letter or digit to mean "prefix".
        raise QueryError("'*' must directly follow a letter or digit", pos + len(body))
    return Term(words, prefix)


def _lex(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            out.append(_Tok(c, i, c))
            i += 1
        elif c in _OPEN_QUOTES:
            end = i + 1
            while end < n and text[end] not in _CLOSE_QUOTES:
                end += 1
            if end >= n:
                raise QueryError("unterminated quote", i)
            body = text[i + 1 : end]
            out.append(_Tok("TERM", i, text[i : end + 1], _make_term(body, i + 1, phrase=True)))
            i = end + 1
        elif c == "-":
            if i + 1 >= n or text[i + 1].isspace():
                raise QueryError("'-' must be directly followed by a term, as in -word", i)
            out.append(_Tok("-", i, c))
            i += 1
        else:
            end = i
            while end < n and not text[end].isspace() and text[end] not in _SPECIAL:
                end += 1
            word = text[i:end]
            if word in _KEYWORDS:
                out.append(_Tok(word, i, word))
            else:
                out.append(_Tok("TERM", i, word, _make_term(word, i, phrase=False)))
            i = end
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _lex(text)
        self.i = 0
        self.depth = 0

    def parse(self) -> Node:
        if not self.toks:
            raise QueryError("empty query", 0)
        node = self._or()
        if self.i < len(self.toks):
            tok = self.toks[self.i]
            if tok.kind == ")":
                raise QueryError("')' has no matching '('", tok.pos)
            raise QueryError(f"unexpected {_describe(tok)}", tok.pos)
        return node

    def _peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def _expect_operand(self, after: _Tok) -> None:
        nxt = self._peek()
        if nxt is None or nxt.kind in ("AND", "OR", ")"):
            raise QueryError(f"expected a term after {_describe(after)}", after.pos)

    def _or(self) -> Node:
        children = [self._and()]
        while (tok := self._peek()) is not None and tok.kind == "OR":
            self.i += 1
            self._expect_operand(tok)
            children.append(self._and())
        return _flatten(Or, children)

    def _and(self) -> Node:
        children = [self._unary()]
        while (tok := self._peek()) is not None and tok.kind not in ("OR", ")"):
            if tok.kind == "AND":
                self.i += 1
                self._expect_operand(tok)
            children.append(self._unary())
        return _flatten(And, children)

    def _unary(self) -> Node:
        tok = self._peek()
        if tok is None:  # callers check for an operand first
            raise QueryError("expected a term", len(self.text))
        if tok.kind in ("AND", "OR"):
            raise QueryError(f"expected a term before {tok.kind}", tok.pos)
        if tok.kind == ")":
            raise QueryError("')' has no matching '('", tok.pos)
        self._enter(tok)
        try:
            if tok.kind in ("NOT", "-"):
                self.i += 1
                self._expect_operand(tok)
                child = self._unary()
                # NOT NOT x is x; keeping str() round trips exact.
                return child.child if isinstance(child, Not) else Not(child)
            if tok.kind == "(":
                self.i += 1
                nxt = self._peek()
                if nxt is None:
                    raise QueryError("'(' is never closed", tok.pos)
                if nxt.kind == ")":
                    raise QueryError("empty parentheses", tok.pos)
                node = self._or()
                close = self._peek()
                if close is None or close.kind != ")":
                    raise QueryError("'(' is never closed", tok.pos)
                self.i += 1
                return node
            self.i += 1
            assert tok.term is not None
            return tok.term
        finally:
            self.depth -= 1

    def _enter(self, tok: _Tok) -> None:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise QueryError("query is nested too deeply", tok.pos)


def _flatten(kind: type[And] | type[Or], children: list[Node]) -> Node:
    if len(children) == 1:
        return children[0]
    flat: list[Node] = []
    for child in children:
        if isinstance(child, kind):
            flat.extend(child.children)
        else:
            flat.append(child)
    return kind(tuple(flat))
