"""Round 41: a later development that gives a key point's count only after an event noun
it is the count of ("charged … with embezzlement over the diversion of about $40 million",
"por el desvío de unos 40 millones") is news beside that key point when it gives a later
state (`briefs.NEWS_RETOLD`): the count is the first event's, retold, not its own. With the
switch off, NEWS_APART reads the shared count as a restatement and passes it over."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.judge import briefs
from tests.helpers import corpus_points, key_point

START = datetime(2037, 7, 19, 14, tzinfo=UTC)  # a Sunday
AUDIT = (
    "Una auditoría de la Contraloría General detectó que unos 40 millones de dólares de la "
    "Caja de Jubilaciones Municipales fueron desviados mediante compras de bonos, informó el "
    "domingo el contralor."
)
CHARGED = (
    "Prosecutors on Wednesday charged Ramón Benítez, the former president of the municipal "
    "pension fund, and four board members with embezzlement over the diversion of about $40 "
    "million, and a judge froze their bank accounts."
)
IMPUTED = (
    "La Fiscalía imputó el miércoles por malversación a Ramón Benítez, expresidente de la "
    "Caja de Jubilaciones Municipales, por el desvío de unos 40 millones de dólares."
)
AUDIT_EN = (
    "State auditors said on Sunday that about $40 million had been diverted from the "
    "municipal pension fund through bond purchases from shell companies."
)
SEIZED = (
    "Prosecutors on Wednesday charged Ramón Benítez, the former president of the municipal "
    "pension fund, with embezzlement and seized 40 million dollars in his bank accounts."
)


def _pair(
    later: str, lang: str, first: str, first_lang: str
) -> tuple[briefs._Sentence, briefs._Sentence]:
    return (
        key_point(2, later, lang, START + timedelta(days=3)),
        key_point(1, first, first_lang, START),
    )


@pytest.mark.parametrize(
    ("later", "lang", "first", "first_lang"),
    [(CHARGED, "en", AUDIT, "es"), (IMPUTED, "es", AUDIT_EN, "en")],
    ids=["en-after-es", "es-after-en"],
)
def test_a_count_retold_after_an_event_noun_leaves_the_later_state_news(
    monkeypatch: pytest.MonkeyPatch, later: str, lang: str, first: str, first_lang: str
) -> None:
    a, b = _pair(later, lang, first, first_lang)
    monkeypatch.setattr(briefs, "NEWS_RETOLD", 0)
    assert not briefs._news(a, b)
    assert briefs.same_thing(a, b, True)
    monkeypatch.setattr(briefs, "NEWS_RETOLD", 1)
    assert briefs._news(a, b)
    assert not briefs.same_thing(a, b, True)


@pytest.mark.parametrize("level", [1, 2])
def test_a_count_of_its_own_still_restates(monkeypatch: pytest.MonkeyPatch, level: int) -> None:
    # "seized 40 million dollars": the count is the new sentence's own, and a repeat
    monkeypatch.setattr(briefs, "NEWS_RETOLD", level)
    assert not briefs._news(*_pair(SEIZED, "en", AUDIT, "es"))


def test_the_caesium_brief_tells_the_licence_suspended(monkeypatch: pytest.MonkeyPatch) -> None:
    # "cesio-137" names the source: the 137 it shares is no count of its own
    def suspended() -> bool:
        briefs.clear_readings()
        points = corpus_points("heldout11", "hidalgo-caesium")
        return any(p.startswith("La CNSNS suspendió por seis meses") for p in points)

    monkeypatch.setattr(briefs, "NEWS_RETOLD", 0)
    assert not suspended()
    monkeypatch.setattr(briefs, "NEWS_RETOLD", 1)
    assert suspended()


CEILING = (
    "El techo del Cine Mitre se desplomó el domingo durante una función y 17 personas "
    "resultaron heridas, informaron los bomberos."
)
CINEMA = (
    "La fiscalía imputó este miércoles por lesiones culposas al dueño del Cine Mitre, donde 17 "
    "personas resultaron heridas por la caída del techo, informaron los fiscales del caso."
)


def test_with_2_a_count_told_in_a_clause_is_retold(monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = _pair(CINEMA, "es", CEILING, "es")
    monkeypatch.setattr(briefs, "NEWS_RETOLD", 1)
    assert not briefs._news(a, b)
    monkeypatch.setattr(briefs, "NEWS_RETOLD", 2)
    assert briefs._news(a, b)


def test_the_round_41_pick_is_the_default() -> None:
    # GRID41's rule would have taken NEWS_RETOLD 1 (one fact more on the forty-two development
    # corpora, no more pairs), but both rows fail an existing test (UNPICKABLE41)
    assert briefs.NEWS_RETOLD == 0
