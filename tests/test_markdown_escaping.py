"""Feed text in chat messages: hostile titles, outlets and URLs stay text in every target.

The Markdown a chat channel sends is parsed by a real CommonMark parser and converted by
Apprise for its targets (HTML for Telegram and others, Slack's mrkdwn); only the links the
template makes may come out as links, and nothing may ping a channel.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from markdown_it import MarkdownIt

from monitor.alerting.channels.apprise import AppriseChannel
from monitor.alerting.channels.base import AlertMessage, ArticlePayload, StoryPayload
from monitor.alerting.channels.render import markdown_url, render_markdown
from monitor.judge.briefs import Brief

HOSTILE_TITLES = [
    "@everyone the summit is off",
    "Breaking @here: talks collapse",
    "# Heading injected",
    "~~struck~~ and ~one~",
    "Petro [click](https://evil.example/) **bold** _it_ `code`",
    "Talks end) [x](https://evil.example/",
    "![pixel](https://evil.example/p.png)",
    "<img src=x onerror=alert(1)> <@U123> <!channel> <https://evil.example|safe>",
    "- not a list",
    "1. not a list",
    "| a | b |",
    "\\*still text\\*",
]
URLS = [
    "https://news.example/a_(b)",
    "https://news.example/x) [pwn](https://evil.example/",
    "https://news.example/with space/and|pipe",
    "https://news.example/<script>",
]


def hostile(title: str, url: str) -> AlertMessage:
    article = ArticlePayload(
        url=url, title=title, source=f"@everyone {title}", published_at=None, language="en"
    )
    story = StoryPayload(
        id=7, title=title, first_seen="2026-02-03T18:05:00Z", outlets=1, articles=[article]
    )
    return AlertMessage(
        id="hostile",
        event="development",
        rule="summit",
        story=story,
        article=article,
        new_information=[title],
        brief=Brief(headline=title, key_points=[title], what_changed=[title]),
    )


def _commonmark() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["strikethrough", "table"])


def structure(md: str) -> tuple[list[str], list[str]]:
    """The Markdown's shape (every block and inline element but text) and its links."""
    shape: list[str] = []
    hrefs: list[str] = []
    for token in _commonmark().parse(md):
        shape.append(token.type)
        for child in token.children or []:
            if child.type != "text":
                shape.append(child.type)
            if child.type == "link_open":
                hrefs.append(str(child.attrs.get("href")))
    return shape, hrefs


def plain_text(md: str) -> str:
    return " ".join(
        c.content for t in _commonmark().parse(md) for c in t.children or [] if c.type == "text"
    )


BENIGN = render_markdown(hostile("Petro and Trump meet", "https://news.example/plain"))


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_feed_text_changes_nothing_but_the_text(title: str, url: str) -> None:
    md = render_markdown(hostile(title, url))
    shape, hrefs = structure(md)
    assert shape == structure(BENIGN)[0]  # no heading, list, strike, image, code, HTML, link
    assert set(hrefs) == {markdown_url(url)}  # the article's link, whole
    assert urlsplit(hrefs[0]).hostname == "news.example"
    assert not re.search(r"[\s()<>|]", hrefs[0])
    text = plain_text(md)
    assert "@everyone" not in text and "@here" not in text  # broken by a zero-width space
    assert title.replace("@", "@\u200b") in text  # shown as the feed wrote it


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_apprise_targets_get_no_mention_and_no_foreign_link(title: str) -> None:
    from apprise.conversion.format import markdown_to_html
    from apprise.plugins.slack import NotifySlack

    url = URLS[1]
    channel = AppriseChannel("chat", ["json://127.0.0.1:9/hook"])
    subject, body = channel.render(hostile(title, url), 0)
    assert "@everyone" not in subject and "@here" not in subject
    html = markdown_to_html(body)
    assert not re.search(r"<(h\d|img|del|s|table|script)\b", html), html
    assert html.count("<code>") == 1  # the rule's name, as the template writes it
    anchors = re.findall(r'<a href="([^"]*)"', html)
    assert len(anchors) == 2 and {urlsplit(a).hostname for a in anchors} == {"news.example"}
    assert "@everyone" not in html and "@here" not in html
    slack = NotifySlack._commonmark_to_slack(body)
    assert not re.search(r"<[!@#]", slack)  # no <!channel>, <@U…>, <#C…>
    links = re.findall(r"<(https?://[^>|]*)", slack)
    assert links and {urlsplit(link).hostname for link in links} == {"news.example"}
