"""The pages in a real headless Chromium: the story list, a story, and stored script that
must show as text and never run. Leaves a screenshot of a story page behind."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from monitor.review.web import create_app
from tests.desk import Desk
from tests.helpers import Receiver
from tests.webdata import HOSTILE_TITLE, IMG, SCRIPT, Newsroom, newsroom, served

CHROMIUM = os.environ.get("MONITOR_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _browser_or_skip() -> None:
    missing = None
    if not Path(CHROMIUM).exists():
        missing = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.async_api  # noqa: F401
        except ImportError:
            missing = "the playwright package is not installed (pip install -e '.[test]')"
    if missing is not None:
        if os.environ.get("MONITOR_REQUIRE_BROWSER") == "1":
            pytest.fail(f"the browser test is required (MONITOR_REQUIRE_BROWSER=1): {missing}")
        pytest.skip(missing)


@pytest.fixture
async def room(sqlite_url: str, httpserver: HTTPServer) -> AsyncIterator[Newsroom]:
    d = Desk(
        sqlite_url,
        Receiver(httpserver),
        {"group_wait": "0s", "group_interval": "0s"},
        alerts={"backfill": "off"},
    )
    try:
        yield await newsroom(d)
    finally:
        await d.app.aclose()


async def test_stories_in_chromium_show_stored_script_as_text_and_never_run_it(
    room: Newsroom, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _browser_or_skip()
    from playwright.async_api import async_playwright

    dialogs: list[str] = []
    errors: list[str] = []
    with served(create_app(room.desk.app.store)) as base:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                page = await browser.new_page(viewport={"width": 1100, "height": 900})

                async def dismiss(dialog: Any) -> None:
                    dialogs.append(dialog.message)
                    await dialog.dismiss()

                page.on("dialog", dismiss)
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

                await page.goto(f"{base}/")
                links = page.locator("li.story h2 a")
                assert await links.count() == 2
                assert await links.nth(0).inner_text() == (
                    "Petro and Trump White House meeting moved to the Oval Office"
                )
                assert await links.nth(1).inner_text() == HOSTILE_TITLE  # as text, whole

                await links.nth(1).click()  # follow a story: the hostile one
                await page.wait_for_url(f"{base}/stories/{room.sanctions}")
                assert await page.locator("h1").inner_text() == HOSTILE_TITLE
                article = page.locator(f"#article-{room.hostile}")
                await article.locator("details.text summary").click()
                body = await article.locator("details.text .body").inner_text()
                assert IMG in body and "Petro answered Trump." in body
                assert SCRIPT in await page.locator("body").inner_text()
                await _nothing_ran(page)

                await page.goto(f"{base}/")
                await links.nth(0).click()
                await page.wait_for_url(f"{base}/stories/{room.summit}")
                wire = page.locator(f"#article-{room.wire}")
                await wire.locator("details.text summary").click()
                await wire.locator("details.copies summary").click()
                assert "daily.example" in await wire.locator("details.copies").inner_text()
                timeline = page.locator("ol.timeline > li")
                assert await timeline.count() >= 2  # dated lines, one per event
                await timeline.nth(0).locator("a").click()  # a line leads to its report
                assert page.url.endswith(f"#article-{room.wire}")
                shot = tmp_path / "story-page.png"
                await page.screenshot(path=str(shot), full_page=True)

                # search a Spanish-language report's place name, typed with and without
                # its accent, through the page's own form
                for typed in ("Bogotá", "bogota"):
                    await page.goto(f"{base}/search")
                    await page.fill("input[name=q]", typed)
                    await page.click("form.filters button[type=submit]")
                    await page.wait_for_url(f"{base}/search?**")
                    hits = page.locator("li.hit")
                    assert await hits.count() == 1, typed
                    assert (await hits.locator("mark").inner_text()).casefold() == "bogota"
                    await hits.locator("h2 a").click()
                    await page.wait_for_url(f"{base}/stories/{room.summit}")
                await page.goto(f"{base}/search?q=answered")
                assert await page.locator("li.hit").count() == 1
                await _nothing_ran(page)

                for path in ("/feeds", "/alerts"):
                    await page.goto(f"{base}{path}")
                    await _nothing_ran(page)
            finally:
                await browser.close()
    assert dialogs == []
    assert errors == []  # no script errors, no resource refused by the policy
    assert shot.stat().st_size > 20_000
    kept = os.environ.get("MONITOR_TEST_ARTIFACTS")
    if kept:
        Path(kept).mkdir(parents=True, exist_ok=True)
        shot = Path(shutil.copy(shot, Path(kept) / shot.name))
    with capsys.disabled():  # shown in every run's output, not only a failing one's
        print(f"\nstory page screenshot: {shot}")


async def _nothing_ran(page: Any) -> None:
    assert await page.evaluate("() => window.__pwned === undefined")
    assert await page.evaluate("() => document.querySelectorAll('script, img').length") == 0
    assert await page.evaluate(
        "() => [...document.querySelectorAll('*')].every("
        "e => [...e.attributes].every(a => !a.name.startsWith('on')))"
    )
