"""Development detection: what a report adds to its story, in English and Spanish.

The story is what ingest keeps of its earlier reports (the union of their `features`
facts); the new report is judged by `detect` as grouping calls it. The last test runs
the whole ingest path with alert rules: one development alert per development.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from monitor.collect.resolve import Candidate
from monitor.config import parse_config
from monitor.judge.briefs import readable
from monitor.judge.developments import Development, describe_fact, detect, is_opinion
from monitor.judge.features import features
from monitor.service.app import App
from monitor.storage import Alert, Article

T0 = datetime(2026, 5, 10, 15, 0, tzinfo=UTC)  # a Sunday

Report = tuple[str, str, datetime]

LANDSLIDE: Report = (
    "Landslide buries homes in Colombian town, at least 14 dead",
    "POPAYAN (CWS) — A landslide buried about 30 homes in the town of Rosas in Colombia's "
    "Cauca department on Sunday, killing at least 14 people, the country's disaster "
    "management agency said.\n"
    "Rescue teams with dogs were searching for 20 missing people, Cauca governor Elena "
    "Muñoz said. The Pan-American Highway between Popayán and Pasto was closed, and "
    "damage was estimated at $2.5 million.",
    T0,
)
# The same report in Spanish, naming the agency and the road its own way.
DESLIZAMIENTO: Report = (
    "Un deslizamiento sepulta viviendas en Rosas, Colombia; al menos 14 muertos",
    "POPAYÁN — Un deslizamiento de tierra sepultó unas 30 viviendas en el municipio de "
    "Rosas, en el departamento del Cauca, y dejó al menos 14 muertos este domingo, informó "
    "la Unidad Nacional para la Gestión del Riesgo de Desastres (UNGRD).\n"
    "Equipos de rescate con perros buscaban a 20 desaparecidos, dijo la gobernadora del "
    "Cauca, Elena Muñoz. La vía Panamericana entre Popayán y Pasto quedó cerrada y los "
    "daños se calculan en 2,5 millones de dólares.",
    T0 + timedelta(hours=2),
)
TOLL: Report = (
    "Death toll from Colombia landslide rises to 23",
    "The number of people killed by Sunday's landslide in Rosas, in Cauca, rose to 23 on "
    "Monday, the disaster management agency said, as rescuers recovered more bodies.\n"
    "Governor Elena Muñoz said the search would continue.",
    T0 + timedelta(days=1),
)
CIFRA: Report = (
    "Sube a 23 la cifra de muertos por el deslizamiento en Rosas",
    "La cifra de muertos por el deslizamiento del domingo en Rosas, Cauca, subió a 23, "
    "informó este lunes la UNGRD, mientras los rescatistas recuperaban más cuerpos.",
    T0 + timedelta(days=1, hours=3),
)
# Wire copy with a new lede: nothing new, but a state word ("confirmed") up front.
NEW_LEDE: Report = (
    "UPDATE 1-Colombia confirms 14 dead in Cauca landslide",
    "POPAYAN (CWS) — Colombian authorities confirmed on Sunday that at least 14 people died "
    "when a landslide buried about 30 homes in Rosas, in the Cauca department.\n"
    "Rescue teams were searching for 20 missing people, governor Elena Muñoz said.",
    T0 + timedelta(hours=4),
)

SUMMIT: Report = (
    "Mercosur leaders to meet in Asunción on July 2",
    "The presidents of the Mercosur trade bloc will meet in Asunción on July 2 to discuss "
    "the trade agreement with the European Union, Paraguay's foreign ministry said.\n"
    "Foreign Minister Raúl Giménez said all four member states had confirmed attendance.",
    datetime(2026, 6, 1, 12, tzinfo=UTC),
)
POSTPONED: Report = (
    "Mercosur: la reunión de Asunción, sin fecha",
    "Los presidentes del Mercosur aplazaron la cumbre que iban a celebrar en Asunción el 2 "
    "de julio, informó la cancillería paraguaya, sin dar una nueva fecha.",
    datetime(2026, 6, 20, 12, tzinfo=UTC),
)
RESCHEDULED: Report = (
    "Mercosur summit set for July 23 after delay",
    "The Mercosur presidents' summit in Asunción will take place on July 23, Paraguay's "
    "foreign ministry said, three weeks later than first planned.",
    datetime(2026, 6, 25, 12, tzinfo=UTC),
)

RATES_EXPECTED: Report = (
    "Chile's central bank seen lowering its key rate to 4.75% on Tuesday",
    "Chile's central bank is expected to cut its benchmark interest rate by 25 basis points "
    "to 4.75% on Tuesday, according to 14 of 18 economists polled.",
    datetime(2026, 3, 16, 12, tzinfo=UTC),
)
RATES_CUT: Report = (
    "Chile's central bank cuts key rate to 4.75%",
    "Chile's central bank cut its benchmark interest rate by 25 basis points to 4.75% on "
    "Tuesday, as expected, citing slowing inflation.",
    datetime(2026, 3, 17, 22, tzinfo=UTC),
)
RATES_ES: Report = (
    "El Banco Central de Chile recorta su tasa de interés a 4,75 %",
    "El Consejo del Banco Central de Chile redujo este martes su tasa de política monetaria "
    "en 25 puntos básicos, hasta 4,75 %, en línea con lo esperado, por la menor inflación.",
    datetime(2026, 3, 17, 23, tzinfo=UTC),
)


def known(*reports: Report) -> set[str]:
    """What a story keeps of its reports: the union of their facts."""
    found: set[str] = set()
    for title, text, published in reports:
        found |= features(title, text, published).facts
    return found


def judge(earlier: Iterable[Report], report: Report) -> Development | None:
    title, text, published = report
    return detect(title, text, features(title, text, published).facts, known(*earlier))


def test_a_translation_is_not_a_development() -> None:
    assert judge([LANDSLIDE], DESLIZAMIENTO) is None
    assert judge([DESLIZAMIENTO], LANDSLIDE) is None


def test_a_new_casualty_count_is_a_development_once() -> None:
    dev = judge([LANDSLIDE, DESLIZAMIENTO], TOLL)
    assert dev is not None and "qty:23" in dev.facts
    assert "23" in dev.summary
    # the same count in Spanish afterwards is the same development
    assert judge([LANDSLIDE, DESLIZAMIENTO, TOLL], CIFRA) is None
    assert judge([LANDSLIDE, CIFRA], TOLL) is None


def test_a_rewritten_lede_is_not_a_development() -> None:
    assert judge([LANDSLIDE], NEW_LEDE) is None


def test_a_postponement_is_a_development_and_so_is_the_new_date() -> None:
    dev = judge([SUMMIT], POSTPONED)
    assert dev is not None and dev.facts[0] == "state:postponed"
    assert "(postponed)" in dev.summary
    later = judge([SUMMIT, POSTPONED], RESCHEDULED)
    assert later is not None and "date:07-23" in later.facts
    assert describe_fact("date:07-23") in later.summary


def test_a_decision_that_was_only_expected_is_a_development() -> None:
    dev = judge([RATES_EXPECTED], RATES_CUT)
    assert dev is not None and dev.facts[0] == "state:lowered"
    assert judge([RATES_EXPECTED, RATES_CUT], RATES_ES) is None


def test_opinion_analysis_and_recaps_are_not_developments_whatever_they_add() -> None:
    for title in (
        "Opinion: Rosas was a disaster foretold",
        "Columna | Lo que el Cauca no aprendió",
        "Analysis: Why Colombia's hillsides keep giving way",
        "Colombia landslide: what we know so far",
        "Who is Elena Muñoz, Cauca's governor?",
        "Explainer | Landslides in the Andes",
    ):
        assert is_opinion(title), title
        text = "At least 23 people died and the government declared an emergency on May 12."
        assert judge([LANDSLIDE], (title, text, T0 + timedelta(days=2))) is None
    assert not is_opinion("Death toll from Colombia landslide rises to 23")


def test_a_correction_note_is_not_news() -> None:
    title, text, published = LANDSLIDE
    corrected = (
        f"CORRECTED-{title}",
        "(Corrects spelling of governor's surname in paragraph 2 to Muñoz, not Núñez)\n"
        + text.replace("Elena Muñoz", "Elena Núñez"),
        published + timedelta(hours=1),
    )
    assert judge([LANDSLIDE], corrected) is None


def test_quantities_are_told_as_a_reader_would_say_them() -> None:
    assert describe_fact("qty:2800000") == "2.8 million"
    assert describe_fact("qty:1500000000") == "1.5 billion"
    assert describe_fact("qty:26500") == "26,500"
    assert describe_fact("qty:8.75%") == "8.75%"
    assert readable("new facts: postponed, qty:2800000") == "new facts: postponed, 2.8 million"


def test_figures_are_compared_by_value_across_languages_and_scales() -> None:
    report = (
        "Bolivia signs $1.2 billion lithium contract",
        "Bolivia signed a $1.2 billion lithium contract on Monday.",
        T0,
    )
    spanish = (
        "Bolivia firma contrato de litio por US$1.200 millones",
        "Bolivia firmó el lunes un contrato de litio de 1.200 millones de dólares (unos "
        "8.300 millones de bolivianos).",
        T0 + timedelta(hours=1),
    )
    assert judge([report], spanish) is None
    bigger = (
        "Bolivia lithium contract grows to $1.5 billion",
        "The lithium contract Bolivia signed this week is now worth $1.5 billion.",
        T0 + timedelta(days=2),
    )
    dev = judge([report, spanish], bigger)
    assert dev is not None and "qty:1500000000" in dev.facts
    assert "1.5 billion" in dev.summary


def test_a_story_stored_before_figures_had_their_scale_still_knows_them() -> None:
    stored = {f for f in known(LANDSLIDE) if not f.startswith("qty:")}
    assert "num:2.5" in stored  # what was kept of "$2.5 million"
    title = "Los daños en Rosas suman 2,5 millones de dólares"
    text = "Los daños del deslizamiento en Rosas suman 2,5 millones de dólares, dijo Muñoz."
    assert detect(title, text, features(title, text, T0).facts, stored) is None
    title, text, published = TOLL
    assert detect(title, text, features(title, text, published).facts, stored) is not None


# ---------------------------------------------------------------- through ingest and rules


def _candidate(report: Report, slug: str, language: str) -> Candidate:
    title, text, published = report
    url = f"http://news.test/{slug}.html"
    return Candidate(
        feed_id=1,
        entry_key=slug,
        link=url,
        url=url,
        title=title,
        text=text,
        text_origin="page",
        published=published,
        author=None,
        source=f"{slug}.test",
        source_name=None,
        language=language,
    )


async def test_one_development_alert_per_development_across_languages(db_url: str) -> None:
    cfg = parse_config(
        {
            "storage": {"url": db_url},
            "topics": [{"name": "cauca", "query": "rosas OR cauca"}],
            "feeds": [{"url": "http://news.test/feed.xml"}],
            "rules": [
                {
                    "name": "desk",
                    "topics": ["cauca"],
                    "channels": ["log"],
                    "group_wait": "0s",
                    "group_interval": "0s",
                }
            ],
            "channels": [{"name": "log", "type": "console"}],
            "alerts": {"backfill": "off"},
        }
    )
    ids = {}
    async with App(cfg, console=io.StringIO()) as app:
        for slug, report, language in (
            ("landslide", LANDSLIDE, "en"),
            ("deslizamiento", DESLIZAMIENTO, "es"),
            ("toll", TOLL, "en"),
            ("cifra", CIFRA, "es"),
        ):
            done = app.pipeline.ingest.article(_candidate(report, slug, language))
            assert done.kind == "article", (slug, done.kind)
            ids[slug] = done.article_id
            await app.outbox.deliver_due()  # seals the alert: a later one is a new alert
        with app.store.tx() as tx:
            stories = {tx.get(Article, i).story_id for i in ids.values()}  # type: ignore[union-attr]
            alerts: list[Alert] = sorted(tx.alerts(), key=lambda a: a.created_at)
    assert len(stories) == 1
    assert [a.event for a in alerts] == ["new_story", "development"]
    (dev,) = [a for a in alerts if a.event == "development"]
    assert dev.article_id == ids["toll"]
    assert any("23" in line for line in dev.new_information)
