"""The log from the command line: search, query test, --json, filters, export, prune.

Data comes through the real ingest path (tests.desk) or a real poll of a loopback feed;
the commands run through the real CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import update
from typer.testing import CliRunner

from monitor.config import parse_config
from monitor.review.cli import app as cli
from monitor.service.app import App
from monitor.service.daemon import Daemon
from monitor.storage import Article, Silence, Store, migrate
from monitor.storage.search import search_articles
from tests.desk import AGENDA, SANCTIONS, WIRE, Desk

HOSTILE_TITLE = "[bold red]Petro[/] and Trump [link=https://evil.example]meet[/link] [/]"


def run(config: Path, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["-c", str(config), *args])
    return result


def config_file(tmp_path: Path, url: str, extra: str = "") -> Path:
    path = tmp_path / "monitor.toml"
    path.write_text(
        f'[storage]\nurl = "{url}"\n{extra}\n'
        '[[topics]]\nname = "us-colombia"\nquery = "petro AND trump"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def log(desk: Callable[..., Desk], db_url: str, tmp_path: Path) -> Path:
    """A log with a story of three outlets, a copy, another story and an alert."""
    d = desk()
    d.publish("wire.example", WIRE)
    d.publish("copies.example", WIRE)
    d.publish("bogota.example", AGENDA, language="es")
    d.publish("news.example", (HOSTILE_TITLE, SANCTIONS[1]))
    with d.app.store.tx() as tx:
        tx.add(
            Silence(
                query="venezuela",
                comment="[red]noisy[/red]",
                expires_at=datetime.now(UTC) + timedelta(days=1),
            )
        )
    return config_file(tmp_path, db_url)


def test_search_prints_ranked_hits_with_feed_text_escaped(log: Path) -> None:
    result = run(log, "search", "petro AND (maduro OR sarabia)")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert HOSTILE_TITLE in out  # Rich markup in a title is printed as it is
    assert "Foreign" in out and "Sarabia" in out  # a snippet around the match
    assert "Maduro" in out
    empty = run(log, "search", "nothingmatches")
    assert empty.exit_code == 0 and "no stored article matches" in empty.stdout


def test_search_json_and_filters(log: Path) -> None:
    result = run(log, "search", "petro", "--json", "--lang", "es")
    assert result.exit_code == 0, result.output
    (hit,) = json.loads(result.stdout)
    assert hit["language"] == "es" and hit["source"] == "bogota.example"
    assert {"text", "match"} == set(hit["snippet"][0])
    assert any(s["match"] and s["text"] == "Petro" for s in hit["snippet"])
    assert hit["fetched_at"].endswith("Z")
    page = json.loads(run(log, "search", "petro", "--json", "--limit", "1").stdout)
    assert len(page) == 1
    hostile = json.loads(run(log, "search", "evil OR maduro", "--json").stdout)
    assert hostile[0]["title"] == HOSTILE_TITLE
    by_source = json.loads(run(log, "search", "petro", "--json", "--source", "wire.example").stdout)
    assert [h["source"] for h in by_source] == ["wire.example"]
    later = json.loads(run(log, "search", "petro", "--json", "--since", "2099-01-01").stdout)
    assert later == []


def test_bad_query_says_where(log: Path) -> None:
    result = run(log, "search", 'petro AND "white')
    assert result.exit_code == 2
    assert "unterminated quote (at character 11)" in result.stderr
    assert result.stderr.splitlines()[-1] == " " * 12 + "^"
    assert run(log, "search", "petro", "--after", "junk").exit_code == 2
    assert run(log, "search", "petro", "--since", "yesterday").exit_code == 2


def test_every_list_and_show_command_speaks_json(log: Path) -> None:
    def data(*args: str) -> Any:
        result = run(log, *args, "--json")
        assert result.exit_code == 0, (args, result.output)
        return json.loads(result.stdout)

    stories = data("stories")
    assert len(stories) == 2 and {"id", "title", "first_seen", "outlets"} <= set(stories[0])
    story = data("stories", "show", str(stories[-1]["id"]))
    assert story["timeline"] and len(story["articles"]) == 3
    assert sorted(story["outlets"]) == ["bogota.example", "copies.example", "wire.example"]
    articles = data("articles")
    assert len(articles) == 4 and all(a["fetched_at"].endswith("Z") for a in articles)
    assert [a["source"] for a in data("articles", "--lang", "es")] == ["bogota.example"]
    assert len(data("articles", "--story", str(stories[-1]["id"]))) == 3
    assert len(data("articles", "--topic", "nope")) == 0
    shown = data("articles", "show", str(articles[0]["id"]), "--text")
    assert shown["text"] and shown["sightings"] and shown["title"] == HOSTILE_TITLE
    assert data("articles", "show", str(articles[0]["id"]))["text"] is None
    assert data("stories", "--source", "bogota.example")[0]["id"] == stories[-1]["id"]
    alerts = data("alerts", "list")
    assert alerts == data("alerts") and alerts[0]["deliveries"]
    alert = data("alerts", "show", alerts[0]["id"][:8])
    assert alert["id"] == alerts[0]["id"] and "payload" in alert
    feeds = data("feeds")
    assert {f["name"] for f in feeds} == {"Wire feed", "Blog feed"}
    assert data("feeds", "show", str(feeds[0]["id"]))["url"] == feeds[0]["url"]
    (silence,) = data("silence", "list")
    assert silence["comment"] == "[red]noisy[/red]" and silence["state"] == "active"


def test_query_test_shows_what_a_query_would_match(log: Path) -> None:
    result = run(log, "query", "test", "sarabia OR chevron", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["matched"] == 2 and found["checked"] == 4
    assert {tuple(a["matched_terms"]) for a in found["articles"]} == {("sarabia",), ("chevron",)}
    text = run(log, "query", "test", "sarabia OR chevron").stdout
    assert "matched 2 of 4 stored articles" in text and HOSTILE_TITLE in text
    narrowed = json.loads(run(log, "query", "test", "petro", "--lang", "es", "--json").stdout)
    assert narrowed["matched"] == 1
    bad = run(log, "query", "test", "petro AND")
    assert bad.exit_code == 2 and "expected a term after AND" in bad.stderr


def test_export_filters(log: Path) -> None:
    def lines(*args: str) -> list[dict[str, Any]]:
        result = run(log, "export", *args)
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in result.stdout.splitlines()]

    everything = lines()
    assert len(everything) == 4
    story = everything[0]["story_id"]
    assert {r["source"] for r in lines("--story", str(story))} == {
        "wire.example",
        "copies.example",
        "bogota.example",
    }
    assert lines("--since", "2099-01-01") == [] and len(lines("--until", "2099-01-01")) == 4
    assert len(lines("--topic", "us-colombia")) == 4 and lines("--topic", "other") == []
    (copy,) = [r for r in everything if r["duplicate_of"]]
    assert copy["outlets"] == ["copies.example", "wire.example"]
    assert len(lines("--stories", "--source", "news.example")) == 1


FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>{base}/{slug}.html</link><guid>{slug}</guid>
<description>{body}</description></item>"""


def _feed(base: str, *stories: tuple[str, tuple[str, str]]) -> str:
    items = "".join(
        ITEM.format(title=title, body=body, base=base, slug=slug) for slug, (title, body) in stories
    )
    return FEED.format(items=items)


async def test_pruned_articles_never_come_back_as_new(
    db_url: str, httpserver: HTTPServer, tmp_path: Path
) -> None:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feed.xml").respond_with_data(
        _feed(base, ("wire", WIRE)), content_type="application/rss+xml"
    )
    for slug in ("wire", "agenda"):
        httpserver.expect_request(f"/{slug}.html").respond_with_data("<html><body></body></html>")
    raw = {
        "storage": {"url": db_url, "keep_text_days": 2},
        "fetch": {"allow_private_addresses": True},
        "topics": [{"name": "us-colombia", "query": "petro AND trump"}],
        "feeds": [{"url": f"{base}/feed.xml"}],
        "alerts": {"backfill": "off"},
    }
    async with App(parse_config(raw)) as app:
        first = await app.run_once()
        assert first.cycle.total("relevant") == 1
        daemon = Daemon(app)
        await daemon.retention()  # nothing is old yet
        with app.store.tx() as tx:
            (article,) = tx.articles()
            assert article.text and "counternarcotics" in article.text
            tx.session.execute(
                update(Article).values(fetched_at=datetime.now(UTC) - timedelta(days=3))
            )
        await daemon.retention()
        with app.store.tx() as tx:
            (article,) = tx.articles()
            assert article.text is None and article.title == WIRE[0]
        httpserver.clear()
        httpserver.expect_request("/feed.xml").respond_with_data(
            _feed(base, ("wire", WIRE), ("agenda", AGENDA)), content_type="application/rss+xml"
        )
        httpserver.expect_request("/agenda.html").respond_with_data("<html><body></body></html>")
        second = await app.run_once()
        assert second.cycle.total("new_entries") == 1  # only the agenda item is new
        with app.store.tx() as tx:
            titles = sorted(a.title for a in tx.articles(relevant=None))
            assert titles == sorted([WIRE[0], AGENDA[0]])
            old = tx.get(Article, article.id)
            assert old is not None and old.text is None  # not fetched again
            hits, _ = search_articles(tx, "counternarcotics")  # words of the dropped text
            assert article.id in [h.article_id for h in hits]


def test_prune_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    store = Store(url)
    migrate.upgrade(store)
    now = datetime.now(UTC)
    with store.tx() as tx:
        for days in (1, 10, 20):
            tx.add(
                Article(
                    url=f"https://x.example/{days}",
                    title=f"Petro {days}",
                    text=f"Trump text {days}",
                    relevant=True,
                    fetched_at=now - timedelta(days=days),
                )
            )
    store.close()
    kept = config_file(tmp_path, url)
    assert "kept for good" in run(kept, "prune").stdout
    config = config_file(tmp_path, url, "keep_text_days = 7")
    dry = run(config, "prune", "--dry-run")
    assert dry.exit_code == 0 and "would drop the text of 2 articles" in dry.stdout
    done = run(config, "prune")
    assert done.exit_code == 0 and "dropped the text of 2 articles" in done.stdout
    store = Store(url)
    with store.tx() as tx:
        texts = {a.title: a.text for a in tx.articles()}
        assert texts == {"Petro 1": "Trump text 1", "Petro 10": None, "Petro 20": None}
        assert [h.article_id for h in search_articles(tx, "text AND 20")[0]] == [3]
    store.close()
    assert "dropped the text of 0 articles" in run(config, "prune").stdout
