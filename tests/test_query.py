from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.judge.query import Document, Query, QueryError

TOPIC = '(petro OR colombia*) AND (trump OR "white house" OR "casa blanca" OR washington)'


def matches(query: str, text: str) -> bool:
    return Query.parse(query).matches(Document(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Colombian President Gustavo Petro will meet Donald Trump on Tuesday.", True),
        ("Petro's visit to the White House was confirmed.", True),
        ("Petro’s visit to the white-house lawn", True),
        ("Trump hosts Colombia's president in Washington.", True),
        ("El presidente colombiano viajará a la Casa Blanca el martes.", True),
        ("Los colombianos esperan la reunión en Washington.", True),
        ("Gustavo Petro se reunirá con Donald Trump en la CASA BLANCA.", True),
        ("Petroleum exports to Washington fell.", False),
        ("Petro spoke about the house that is white.", False),
        ("Trump met the Venezuelan opposition at the White House.", False),
        ("Petro viajó a Bogotá para reunirse con su gabinete.", False),
    ],
)
def test_shipped_topic_query(text: str, expected: bool) -> None:
    assert matches(TOPIC, text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The summit starts today", True),
        ("A meeting in Washington", True),
        ("La reunión será el martes", True),
        ("La REUNION será el martes", True),
        ("Cumbre de las Américas", True),
        ("Summitry and meetings", False),
        ("Nothing relevant here", False),
    ],
)
def test_any_of_several_words(text: str, expected: bool) -> None:
    assert matches("summit OR meeting OR reunión OR cumbre", text) is expected


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("bogota", "Llegó a Bogotá", True),
        ("BOGOTÁ", "llego a bogota", True),
        ("reunión", "the reunion", True),
        ("petro", "petroleum", False),
        ("petro", "Petro-led government", True),
        ("colombia*", "Colombia", True),
        ("colombia*", "colombianos", True),
        ("colombia*", "precolombian art", False),
        ('"casa blanc*"', "las casas blancas", False),
        ('"casa blanc*"', "la Casa Blanca", True),
        ('"white house"', "White House", True),
        ('"white house"', "white-house", True),
        ('"white house"', "white dog house", False),
        ('"U.S. officials"', "US officials said", False),
        ('"U.S. officials"', "U.S. officials said", True),
        ("petro trump", "Trump met Petro", True),
        ("petro trump", "Petro alone", False),
        ("petro AND trump", "Trump met Petro", True),
        ("petro AND NOT trump", "Petro alone", True),
        ("petro AND NOT trump", "Trump met Petro", False),
        ("petro -trump", "Trump met Petro", False),
        ("petro -trump", "Petro alone", True),
        ("-trump", "Petro alone", True),
        ("NOT NOT petro", "Petro alone", True),
        ("petro and trump", "Petro and Trump", True),
        ("petro and trump", "Petro, Trump", False),
        ("petro or trump", "Petro or Trump", True),
        ("not petro", "It is not Petro", True),
        # NOT binds tighter than AND, AND tighter than OR.
        ("a OR b AND c", "a", True),
        ("a OR b AND c", "b", False),
        ("(a OR b) AND c", "a", False),
        ("NOT a AND b", "b", True),
        ("NOT a AND b", "a b", False),
        ("NOT (a AND b)", "a", True),
        ("2026", "On February 3, 2026", True),
        ("U.S.-Colombia", "US Colombia", False),
        ("U.S.-Colombia", "U.S. Colombia relations", True),
    ],
)
def test_matching(query: str, text: str, expected: bool) -> None:
    assert matches(query, text) is expected


@pytest.mark.parametrize(
    ("query", "normalised"),
    [
        (TOPIC, TOPIC),
        ("petro trump", "petro AND trump"),
        ("Petro  AND   Trump", "petro AND trump"),
        ("summit OR meeting OR reunión OR cumbre", "summit OR meeting OR reunion OR cumbre"),
        ("a OR b c NOT d", "a OR (b AND c AND NOT d)"),
        ("-petro", "NOT petro"),
        ("NOT NOT petro", "petro"),
        ("((petro))", "petro"),
        ("a AND (b AND c)", "a AND b AND c"),
        ("a OR (b OR c)", "a OR b OR c"),
        ("NOT (a OR b)", "NOT (a OR b)"),
        ('"Casa   Blanc*"', '"casa blanc*"'),
        ("“White House”", '"white house"'),
        ('"petro"', "petro"),
        ("U.S.-Colombia", '"u s colombia"'),
        ("Petro's", "petro"),
        ("and or not", "and AND or AND not"),
    ],
)
def test_normalised_form(query: str, normalised: str) -> None:
    parsed = Query.parse(query)
    assert str(parsed) == normalised
    assert Query.parse(str(parsed)) == parsed


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ("", "empty query", 0),
        ("   ", "empty query", 0),
        ("petro AND", "expected a term after AND", 6),
        ("petro OR", "expected a term after OR", 6),
        ("petro AND OR trump", "expected a term after AND", 6),
        ("AND petro", "expected a term before AND", 0),
        ("NOT", "expected a term after NOT", 0),
        ("petro NOT", "expected a term after NOT", 6),
        ("(petro OR trump", "'(' is never closed", 0),
        ("petro (trump OR (a b)", "'(' is never closed", 6),
        ("petro) trump", "')' has no matching '('", 5),
        ("()", "empty parentheses", 0),
        ("petro (NOT)", "expected a term after NOT", 7),
        ('petro "white house', "unterminated quote", 6),
        ('""', "empty phrase", 0),
        ("*", "'*' must follow a word", 0),
        ("petro *", "'*' must follow a word", 6),
        ("col*mbia", "'*' is only allowed at the end of a word", 3),
        ('"casa* blanca"', "'*' is only allowed at the last word of a phrase", 5),
        ("petro - trump", "'-' must be directly followed by a term", 6),
        ("!!!", "'!!!' has no letters or digits to search for", 0),
    ],
)
def test_parse_errors(query: str, message: str, position: int) -> None:
    with pytest.raises(QueryError) as info:
        Query.parse(query)
    assert info.value.position == position
    assert str(info.value).startswith(message)
    assert f"(at character {position + 1})" in str(info.value)


def test_error_message_reads_well() -> None:
    with pytest.raises(QueryError, match=r"^expected a term after AND \(at character 7\)$"):
        Query.parse("petro AND")


def test_deep_nesting_is_a_query_error() -> None:
    with pytest.raises(QueryError, match="nested too deeply"):
        Query.parse("(" * 500 + "petro" + ")" * 500)
    with pytest.raises(QueryError, match="nested too deeply"):
        Query.parse("NOT " * 500 + "petro")


def test_terms_are_the_positive_ones() -> None:
    assert Query.parse(TOPIC).terms() == [
        "petro",
        "colombia*",
        "trump",
        "white house",
        "casa blanca",
        "washington",
    ]
    assert Query.parse("petro -trump NOT (maduro OR venezuela*)").terms() == ["petro"]
    assert Query.parse("NOT (a AND NOT b)").terms() == ["b"]
    assert Query.parse("a OR a OR A").terms() == ["a"]


def test_matched_terms_explain_the_match() -> None:
    query = Query.parse(TOPIC)
    doc = Document("Colombian President Petro will meet Trump at the White House.")
    assert query.matched_terms(doc) == ["petro", "colombia*", "trump", "white house"]
    doc = Document("El presidente colombiano viajará a la Casa Blanca.")
    assert query.matched_terms(doc) == ["colombia*", "casa blanca"]
    assert query.matched_terms(Document("Petro alone")) == []


def test_matched_terms_leave_out_branches_that_did_not_decide() -> None:
    query = Query.parse("(petro AND trump) OR cumbre")
    assert query.matched_terms(Document("petro en la cumbre")) == ["cumbre"]
    negated = Query.parse("petro -trump")
    assert negated.matched_terms(Document("petro")) == ["petro"]
    assert negated.matched_terms(Document("petro trump")) == []


def test_document_is_reusable_across_queries() -> None:
    doc = Document("Petro y Trump se reúnen en la Casa Blanca; los colombianos esperan.")
    assert doc.tokens[:3] == ["petro", "y", "trump"]
    assert doc.positions["casa"] == [7]
    assert "trump" in doc and "maduro" not in doc
    assert {"petro", "y", "trump"} <= doc.words
    assert doc.words_with_prefix("colombia") == ["colombianos"]
    assert doc.words_with_prefix("zz") == []
    results = [Query.parse(q).matches(doc) for q in ("petro", '"casa blanca"', "maduro", "reun*")]
    assert results == [True, True, False, True]


def test_queries_compare_and_hash_by_meaning_of_syntax() -> None:
    assert Query.parse("petro trump") == Query.parse("Petro AND Trump")
    assert hash(Query.parse("petro trump")) == hash(Query.parse("PETRO   trump"))
    assert Query.parse("petro trump") != Query.parse("trump petro")
    assert repr(Query.parse("a b")) == "Query('a AND b')"


# ---------------------------------------------------------------------------
# Properties

WORDS = st.sampled_from(
    ["petro", "trump", "Bogotá", "reunión", "Casa", "blanca", "EE.", "UU.", "2026", "ñandú"]
)


@given(st.lists(st.text(min_size=1), min_size=1, max_size=30), st.data())
def test_a_present_token_matches(words: list[str], data: st.DataObject) -> None:
    doc = Document(" ".join(words))
    if not doc.tokens:
        return
    token = data.draw(st.sampled_from(doc.tokens))
    assert Query.parse(token).matches(doc)
    assert Query.parse(f'"{token}"').matches(doc)
    assert Query.parse(token[: max(1, len(token) // 2)] + "*").matches(doc)
    assert not Query.parse(f"NOT {token}").matches(doc)
    assert Query.parse(token).matched_terms(doc) == [token]


@given(st.lists(WORDS, min_size=2, max_size=12), st.data())
def test_a_present_run_matches_as_a_phrase(words: list[str], data: st.DataObject) -> None:
    doc = Document(" ".join(words))
    start = data.draw(st.integers(0, len(doc.tokens) - 1))
    end = data.draw(st.integers(start + 1, len(doc.tokens)))
    phrase = " ".join(doc.tokens[start:end])
    assert Query.parse(f'"{phrase}"').matches(doc)


TERMS = st.sampled_from(
    ["petro", "trump", "colombia*", '"white house"', '"casa blanc*"', "reunión", "ee.uu", "2026"]
)


def _render(draw: st.DrawFn, depth: int = 0) -> str:
    """A random query in loose surface syntax (implicit AND, -x, extra spaces, case)."""
    kind = draw(st.integers(0, 4 if depth < 3 else 0))
    if kind == 0:
        term = draw(TERMS)
        return term.upper() if draw(st.booleans()) and not term.startswith('"') else term
    if kind == 1:
        inner = _render(draw, depth + 1)
        return draw(st.sampled_from(["NOT ", "-"])) + f"({inner})"
    parts = [_render(draw, depth + 1) for _ in range(draw(st.integers(2, 3)))]
    op = {2: " AND ", 3: " OR ", 4: "  "}[kind]
    return "(" + op.join(parts) + ")"


queries = st.composite(_render)()

SAMPLE_DOCS = [
    Document(text)
    for text in [
        "",
        "Petro met Trump at the White House in 2026.",
        "Gustavo Petro y la Casa Blanca: reunión con EE. UU.",
        "Los colombianos celebran la reunion.",
        "Trump alone in Washington.",
        "Colombia 2026 petro",
        "casa blancas white",
    ]
]


@given(queries)
@settings(max_examples=300)
def test_round_trip_through_str(text: str) -> None:
    query = Query.parse(text)
    again = Query.parse(str(query))
    assert again == query
    assert str(again) == str(query)
    for doc in SAMPLE_DOCS:
        assert again.matches(doc) == query.matches(doc)
        assert again.matched_terms(doc) == query.matched_terms(doc)
        if query.matches(doc):
            assert set(query.matched_terms(doc)) <= set(query.terms())


@given(
    st.text(
        alphabet=st.sampled_from(list("()\"*- abcAND ORNOT“”\t.,é'_")) | st.characters(),
        max_size=40,
    )
)
@settings(max_examples=500)
def test_parse_raises_only_query_errors(text: str) -> None:
    try:
        query = Query.parse(text)
    except QueryError as exc:
        assert 0 <= exc.position <= len(text)
        return
    assert Query.parse(str(query)) == query
