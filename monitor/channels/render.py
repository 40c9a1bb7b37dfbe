"""Human-readable renderings of an alert, shared by the email and console channels."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from monitor.channels.base import AlertMessage, ArticlePayload

SUBJECT_PREFIX = "[news-monitor]"
# Big stories collect dozens of articles; a reader only needs the first screenful.
MAX_LISTED_ARTICLES = 25

_EVENT_LABELS = {
    "new_story": "New story",
    "development": "Development",
    "repeat": "Still developing",
    "spike": "Coverage spike",
    "digest": "Digest",
}
# A digest lists this many articles per story; the rest are counted.
MAX_DIGEST_ARTICLES = 5


def event_label(event: str) -> str:
    return _EVENT_LABELS.get(event) or event.replace("_", " ").strip().capitalize() or "Alert"


def one_line(text: str) -> str:
    """Collapse newlines and runs of whitespace; feed titles often carry both."""
    return " ".join(text.split())


def _stories_phrase(count: int) -> str:
    return f"{count} story" if count == 1 else f"{count} stories"


def subject(message: AlertMessage) -> str:
    if message.story is None:
        return f"{SUBJECT_PREFIX} {event_label(message.event)} ({message.rule}): " + (
            _stories_phrase(len(message.stories)) if message.stories else "nothing new"
        )
    title = one_line(message.story.title) or "(untitled story)"
    return f"{SUBJECT_PREFIX} {event_label(message.event)}: {title}"


def format_timestamp(value: str | None) -> str:
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC)
    return parsed.strftime("%Y-%m-%d %H:%M UTC")


def _outlets_phrase(count: int) -> str:
    return f"{count} outlet" if count == 1 else f"{count} outlets"


def _article_line(article: ArticlePayload) -> str:
    parts = [one_line(article.title) or "(untitled)"]
    details = [one_line(article.source)] if article.source else []
    published = format_timestamp(article.published_at)
    if published:
        details.append(published)
    if details:
        parts.append(f"({', '.join(details)})")
    return " ".join(parts)


def _period_text(message: AlertMessage) -> str:
    if message.period is None:
        return ""
    since, until = message.period
    return f"From {format_timestamp(since)} to {format_timestamp(until)}"


def _digest_text(message: AlertMessage) -> str:
    lines = [f"{event_label(message.event)}: {_stories_phrase(len(message.stories))}"]
    if message.period is not None:
        lines.append(_period_text(message))
    lines.append(f"Rule: {message.rule}")
    if not message.stories:
        lines += ["", "Nothing new matched since the last digest."]
    for n, story in enumerate(message.stories, start=1):
        lines += [
            "",
            f"{n}. {one_line(story.title) or '(untitled story)'}",
            f"   {_outlets_phrase(story.outlets)}; first seen {format_timestamp(story.first_seen)}",
        ]
        for article in story.articles[:MAX_DIGEST_ARTICLES]:
            lines.append(f"   - {_article_line(article)}")
            lines.append(f"     {article.url}")
        hidden = len(story.articles) - MAX_DIGEST_ARTICLES
        if hidden > 0:
            lines.append(f"   ... and {hidden} more")
    lines += ["", f"Alert id: {message.id}"]
    return "\n".join(lines) + "\n"


def render_text(message: AlertMessage) -> str:
    story = message.story
    if story is None:
        return _digest_text(message)
    lines = [
        f"{event_label(message.event)}: {one_line(story.title) or '(untitled story)'}",
        f"Covered by {_outlets_phrase(story.outlets)}; "
        f"first seen {format_timestamp(story.first_seen)}",
        f"Rule: {message.rule}",
    ]
    if message.new_information:
        lines += ["", "New information:"]
        lines += [f"  - {one_line(item)}" for item in message.new_information]
    if message.article is not None:
        lines += ["", "Triggering article:", f"  {_article_line(message.article)}"]
        lines.append(f"  {message.article.url}")
    if story.articles:
        lines += ["", "Articles:"]
        for article in story.articles[:MAX_LISTED_ARTICLES]:
            lines.append(f"  - {_article_line(article)}")
            lines.append(f"    {article.url}")
        hidden = len(story.articles) - MAX_LISTED_ARTICLES
        if hidden > 0:
            lines.append(f"  ... and {hidden} more")
    lines += ["", f"Alert id: {message.id}"]
    return "\n".join(lines) + "\n"


def _link(url: str, text: str) -> str:
    # Only web links become anchors: a feed could smuggle in a javascript: URL.
    if url.lower().startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}" style="color:#1a5fb4">{text}</a>'
    return text


def _article_html(article: ArticlePayload) -> str:
    title = html.escape(one_line(article.title) or "(untitled)")
    details = [html.escape(one_line(article.source))] if article.source else []
    published = format_timestamp(article.published_at)
    if published:
        details.append(html.escape(published))
    suffix = f' <span style="color:#666">({", ".join(details)})</span>' if details else ""
    return f"{_link(article.url, title)}{suffix}"


def _digest_html(message: AlertMessage) -> list[str]:
    esc = html.escape
    parts = [
        f'<h2 style="margin:4px 0 8px 0;font-size:20px">'
        f"{esc(_stories_phrase(len(message.stories)))}</h2>",
        f'<p style="margin:0 0 12px 0;color:#444">{esc(_period_text(message))}'
        f"{'; ' if message.period else ''}rule <code>{esc(message.rule)}</code></p>",
    ]
    if not message.stories:
        parts.append("<p>Nothing new matched since the last digest.</p>")
    for story in message.stories:
        parts.append(
            f'<h3 style="margin:12px 0 4px 0;font-size:16px">'
            f"{esc(one_line(story.title) or '(untitled story)')}</h3>"
        )
        parts.append(
            f'<p style="margin:0;color:#666">{_outlets_phrase(story.outlets)}; first seen '
            f"{esc(format_timestamp(story.first_seen))}</p>"
        )
        parts.append('<ul style="margin:0;padding-left:20px">')
        parts += [f"<li>{_article_html(a)}</li>" for a in story.articles[:MAX_DIGEST_ARTICLES]]
        hidden = len(story.articles) - MAX_DIGEST_ARTICLES
        if hidden > 0:
            parts.append(f'<li style="color:#666">... and {hidden} more</li>')
        parts.append("</ul>")
    return parts


def render_html(message: AlertMessage) -> str:
    story = message.story
    esc = html.escape
    if story is None:
        head = [
            "<!DOCTYPE html>",
            '<html><head><meta charset="utf-8">',
            f"<title>{esc(subject(message))}</title></head>",
            '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">',
            f'<p style="margin:0;color:#666;text-transform:uppercase;font-size:12px">'
            f"{esc(event_label(message.event))}</p>",
        ]
        tail = [
            f'<p style="margin:16px 0 0 0;color:#999;font-size:11px">Alert id: '
            f"{esc(message.id)}</p>",
            "</body></html>",
        ]
        return "\n".join(head + _digest_html(message) + tail) + "\n"
    title = esc(one_line(story.title) or "(untitled story)")
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{esc(subject(message))}</title></head>",
        '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">',
        f'<p style="margin:0;color:#666;text-transform:uppercase;font-size:12px">'
        f"{esc(event_label(message.event))}</p>",
        f'<h2 style="margin:4px 0 8px 0;font-size:20px">{title}</h2>',
        f'<p style="margin:0 0 12px 0;color:#444">Covered by {_outlets_phrase(story.outlets)}'
        f"; first seen {esc(format_timestamp(story.first_seen))}; rule "
        f"<code>{esc(message.rule)}</code></p>",
    ]
    if message.new_information:
        parts.append('<h3 style="margin:12px 0 4px 0;font-size:16px">New information</h3>')
        parts.append('<ul style="margin:0;padding-left:20px">')
        parts += [f"<li>{esc(one_line(item))}</li>" for item in message.new_information]
        parts.append("</ul>")
    if message.article is not None:
        parts.append('<h3 style="margin:12px 0 4px 0;font-size:16px">Triggering article</h3>')
        parts.append(f'<p style="margin:0">{_article_html(message.article)}</p>')
    if story.articles:
        parts.append('<h3 style="margin:12px 0 4px 0;font-size:16px">Articles</h3>')
        parts.append('<ul style="margin:0;padding-left:20px">')
        parts += [f"<li>{_article_html(a)}</li>" for a in story.articles[:MAX_LISTED_ARTICLES]]
        hidden = len(story.articles) - MAX_LISTED_ARTICLES
        if hidden > 0:
            parts.append(f'<li style="color:#666">... and {hidden} more</li>')
        parts.append("</ul>")
    parts.append(
        f'<p style="margin:16px 0 0 0;color:#999;font-size:11px">Alert id: {esc(message.id)}</p>'
    )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
