from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.text import (
    _astral,
    combining_marks,
    fold,
    guess_language,
    sentences,
    tokens,
    tokens_once,
)

SHARED = Path(__file__).parents[1].parent / "shared"


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Bogotá", "bogota"),
        ("EE. UU.", "ee. uu."),
        ("ñ", "n"),
        ("REUNIÓN", "reunion"),
        ("São Paulo", "sao paulo"),
        ("Straße", "strasse"),
        ("İstanbul", "istanbul"),
        ("Ærøskøbing", "aeroskobing"),
        ("Łódź", "lodz"),
        ("ﬁnal", "final"),
        ("ℌ", "h"),
        ("plain ascii", "plain ascii"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Petro's visit", ["petro", "visit"]),
        ("Petro’s visit", ["petro", "visit"]),
        ("U.S.-Colombia talks", ["u", "s", "colombia", "talks"]),
        ("At least 126 people in 2026", ["at", "least", "126", "people", "in", "2026"]),
        ("La reunión en Bogotá, ¿cuándo?", ["la", "reunion", "en", "bogota", "cuando"]),
        ("white-house", ["white", "house"]),
        ("snake_case", ["snake", "case"]),
        ("l'Amérique", ["l", "amerique"]),
        ("", []),
        ("¡¿...?!", []),
    ],
)
def test_tokens(raw: str, expected: list[str]) -> None:
    assert tokens(raw) == expected


def test_sentences_keep_abbreviations_and_initials_together() -> None:
    text = (
        "El presidente de EE. UU. Donald J. Trump recibió a Petro. "
        "La reunión fue en Washington D.C. el martes. ¿Habrá acuerdo? "
        '"Sí", dijo el Sr. Pérez. The U.S. said no! Prices fell... and then rose.'
    )
    assert sentences(text) == [
        "El presidente de EE. UU. Donald J. Trump recibió a Petro.",
        "La reunión fue en Washington D.C. el martes.",
        "¿Habrá acuerdo?",
        '"Sí", dijo el Sr. Pérez.',
        "The U.S. said no!",
        "Prices fell... and then rose.",
    ]


def test_sentences_split_lines_and_after_closing_quotes() -> None:
    text = (
        "First paragraph ends here.\n\n"
        "He said “it is over.” Then he left.\n"
        "Key points:\n- one point\n- another point"
    )
    assert sentences(text) == [
        "First paragraph ends here.",
        "He said “it is over.”",
        "Then he left.",
        "Key points:",
        "- one point",
        "- another point",
    ]


def test_sentences_of_empty_text() -> None:
    assert sentences("") == []
    assert sentences("   \n\n  ") == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "The government said that the meeting with the president will be at the White "
            "House, and that it was planned for weeks.",
            "en",
        ),
        (
            "El gobierno de Colombia anunció que la reunión con los Estados Unidos será en la "
            "Casa Blanca y que el presidente viajará el lunes.",
            "es",
        ),
        (
            "O governo do Brasil anunciou que a reunião com os Estados Unidos não será na Casa "
            "Branca, mas em Nova Iorque.",
            "pt",
        ),
        (
            "Le gouvernement a annoncé que la réunion avec les États-Unis aura lieu dans la "
            "Maison Blanche et que le président sera présent.",
            "fr",
        ),
        (
            "Die Regierung hat angekündigt, dass das Treffen mit den USA nicht im Weißen Haus "
            "stattfinden wird und der Präsident auch kommt.",
            "de",
        ),
        (
            "Il governo ha annunciato che la riunione con gli Stati Uniti non sarà alla Casa "
            "Bianca, ma anche il presidente sarà presente.",
            "it",
        ),
    ],
)
def test_guess_language(text: str, lang: str) -> None:
    assert guess_language(text) == lang


@pytest.mark.parametrize(
    "text", ["", "Petro Trump", "hello world", "2026-02-03 12:00", "Петро встретился с Трампом"]
)
def test_guess_language_needs_evidence(text: str) -> None:
    assert guess_language(text) is None


def test_guess_language_on_real_texts() -> None:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    wikiref = sorted((SHARED / "corpus" / "wikiref220").glob("*.txt"))[:40]
    if not seeds or not wikiref:
        pytest.skip(f"{SHARED} not found: the shared corpus is not beside this checkout")
    for path in seeds:
        assert guess_language(path.read_text(encoding="utf-8")) == "en", path.name
    for path in wikiref:
        assert guess_language(path.read_bytes().decode("cp1252", "replace")) == "en", path.name


@given(st.text())
def test_fold_is_idempotent_and_mark_free(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert not any(unicodedata.combining(c) for c in once)


@given(st.text(st.characters(exclude_categories=())))
def test_astral_is_max_past_the_bmp(text: str) -> None:
    # every code point, lone surrogates included: `fold` may meet any of them
    assert _astral(text) == (max(text, default="a") > "\uffff")


@pytest.mark.parametrize("text", ["", "a", "\uffff", "x\U00010000", "\ud83d", "é\U0010ffff\ud800"])
def test_astral_at_the_edges(text: str) -> None:
    assert _astral(text) == (max(text, default="a") > "\uffff")


def test_fold_strips_a_mark_past_the_bmp() -> None:
    # U+1D167 is a combining mark outside the BMP: folded away only when `_astral` sees it
    assert fold("é\U0001d167x") == "ex"


@given(st.text())
def test_tokens_are_stable_under_retokenising(text: str) -> None:
    toks = tokens(text)
    assert all(toks)
    assert tokens(" ".join(toks)) == toks
    for tok in toks:
        assert tokens(tok) == [tok]


@given(st.text())
def test_sentences_lose_no_words(text: str) -> None:
    assert [t for s in sentences(text) for t in tokens(s)] == tokens(text)


def test_combining_marks_lie_in_the_planes_scanned() -> None:
    everything = (range(sys.maxunicode + 1),)
    assert combining_marks() == combining_marks(everything)


@given(
    st.lists(
        st.sampled_from(
            [
                *("Petro", "met", "U.S.", "Mr.", "Gen.", "officials", "on", "May", "3.", "!"),
                *("?", "...", ".", " ", "  ", "\n", "\n\n", " \n ", "\t", "\r\n", "said."),
            ]
        ),
        max_size=60,
    ).map("".join),
    st.integers(min_value=0, max_value=5),
)
def test_a_limit_gives_the_first_of_all_sentences(text: str, n: int) -> None:
    """Only the lines the first sentences come from are split, with the same result."""
    assert sentences(text, n) == sentences(text)[:n]


@given(st.text())
def test_tokens_once_are_the_tokens_and_keep_nothing(text: str) -> None:
    """A near-copy candidate's text is read once: the same tokens, and the few texts
    `tokens` keeps (the incoming article's) stay kept."""
    from monitor.text import _tokens

    kept = _tokens.cache_info().currsize
    once = tokens_once(text)
    assert _tokens.cache_info().currsize == kept
    assert list(once) == tokens(text)
