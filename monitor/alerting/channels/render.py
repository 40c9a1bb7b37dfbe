"""Messages rendered from Jinja2 templates: subject, plain text, HTML and Markdown.

The shipped templates live in the package (`monitor/templates/`, also reachable as
`config/templates/`); a channel may put its own `template_dir` first or name one file per
format. HTML is autoescaped. Templates see every field of the message, so one set of files
renders any event: a story alert, a bundle or digest of several stories, a health alert.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from monitor.alerting.channels.base import AlertMessage, ArticlePayload, StoryPayload
from monitor.collect.outlets import fold
from monitor.judge.briefs import Brief, TimelineEntry

if TYPE_CHECKING:
    import jinja2

    from monitor.config import ChannelConfig

# Big stories collect dozens of articles; a reader only needs the first screenful.
MAX_LISTED_ARTICLES = 25
# A digest or bundle lists this many articles per story; the rest are counted.
MAX_DIGEST_ARTICLES = 5
SHIPPED_DIR = Path(__file__).resolve().parent.parent / "templates"

Format = Literal["subject", "text", "html", "markdown"]
FORMATS: tuple[Format, ...] = ("subject", "text", "html", "markdown")
FILES: dict[Format, str] = {
    "subject": "subject.txt.j2",
    "text": "text.txt.j2",
    "html": "html.html.j2",
    "markdown": "markdown.md.j2",
}

_EVENT_LABELS = {
    "new_story": "New story",
    "development": "Development",
    "repeat": "Still developing",
    "spike": "Coverage spike",
    "digest": "Digest",
    "bundle": "While you were away",
    "health": "Monitor problem",
    "health_resolved": "Monitor recovered",
    "test": "Test message",
}
# Markdown for chat goes through Apprise, which turns CommonMark into each service's own
# dialect (Slack mrkdwn, Discord, Telegram's HTML, Teams...), honouring CommonMark's
# backslash escapes; so one rule serves every target: escape each character that means
# something in one of them (emphasis, strike, code, links, images, headings, tables, raw
# HTML and Slack's <url|label>), and break the mentions no escape stops.
_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>|#~()!{}"})
# "@everyone", "@here", "@channel": a zero-width space after the @ keeps every service
# from pinging anyone, and leaves addresses (a@b.example) alone.
_MENTION = re.compile(r"(?<![\w@])@(?=\w)")
# Lists, setext headings and quotes begin a line: text at a line start must not begin one.
_LEADING = re.compile(r"^(\s*)(?:([-+=])|(\d+)\.)")


class TemplateProblem(Exception):
    """A template that does not compile or render; the message names file and line."""


def event_label(event: str) -> str:
    return _EVENT_LABELS.get(event) or event.replace("_", " ").strip().capitalize() or "Alert"


def one_line(text: str | None) -> str:
    """Collapse newlines and runs of whitespace; feed titles often carry both."""
    return " ".join((text or "").split())


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


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {many or word + 's'}"


def _is_web(url: str | None) -> bool:
    # Only web links become anchors: a feed could smuggle in a javascript: URL.
    return bool(url) and str(url).lower().startswith(("http://", "https://"))


def defuse_mentions(text: str) -> str:
    """Feed text that cannot notify a whole chat channel or a user."""
    return _MENTION.sub("@\u200b", text)


def _markdown(text: str | None) -> str:
    """Feed text as literal Markdown text for every chat target."""
    out = defuse_mentions((text or "").translate(_MD_SPECIAL))
    return _LEADING.sub(
        lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\."),
        out,
        count=1,
    )


# What may not appear raw in a link target: what closes it, starts a title or breaks
# Slack's <url|label>; whitespace and controls are encoded too.
_MD_URL_UNSAFE = frozenset(" ()<>[]\\`|\"'{}")


def markdown_url(url: str | None) -> str:
    """A link target that cannot close the Markdown link early."""
    out = []
    for ch in url or "":
        if ch in _MD_URL_UNSAFE or ord(ch) <= 0x20 or ord(ch) == 0x7F:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return "".join(out)


def story_link(message: AlertMessage, story_url: str | None = None) -> str:
    """Where the full story can be read: the monitor's own page if configured, else the
    article behind the alert, else the story's first article."""
    story = message.story or (message.stories[0] if message.stories else None)
    if story_url and story is not None:
        return story_url.replace("{id}", str(story.id))
    candidates: list[ArticlePayload] = []
    if message.article is not None:
        candidates.append(message.article)
    if story is not None:
        candidates += story.articles
    return next((a.url for a in candidates if _is_web(a.url)), "")


def _outlets(stories: list[StoryPayload]) -> list[str]:
    """The outlets' names; a payload sealed before stories named their outlets falls
    back to its articles' sources."""
    seen: dict[str, str] = {}
    for s in stories:
        for name in s.outlet_names or [a.source for a in s.articles]:
            if name:
                seen.setdefault(fold(name), one_line(name))
    return list(seen.values())


def timeline_note(count: int, story_id: int | None, story_url: str | None = None) -> str:
    """The line an alert's timeline gives for the `count` entries it leaves out after the
    first, and where to read them all; "" when none are left out."""
    if count <= 0:
        return ""
    note = f"… {_plural(count, 'earlier entry', 'earlier entries')} left out"
    if story_id is None:
        return note
    where = f"monitor stories show {story_id}"
    if story_url:
        where += f" or {story_url.replace('{id}', str(story_id))}"
    return f"{note} (all of them: {where})"


def context(
    message: AlertMessage,
    *,
    channel: str = "",
    story_url: str | None = None,
    is_test: bool = False,
) -> dict[str, Any]:
    stories = [message.story] if message.story is not None else []
    return {
        "message": message,
        "id": message.id,
        "event": message.event,
        "label": event_label(message.event),
        "headline": message.headline
        or (_plural(len(message.stories), "story", "stories") if message.story is None else ""),
        "rule": message.rule,
        "story": message.story,
        "stories": message.stories,
        "article": message.article,
        "articles": message.story.articles if message.story is not None else [],
        "outlets": _outlets(stories + message.stories),
        "new_information": message.new_information,
        "brief": message.brief,
        "created_at": message.created_at,
        "urgent": message.urgent,
        "covers": message.covers,
        "link": story_link(message, story_url),
        "channel": channel,
        "is_test": is_test or message.event == "test",
        "max_articles": MAX_LISTED_ARTICLES,
        "max_digest_articles": MAX_DIGEST_ARTICLES,
        "period": message.period,
        "timeline_note": lambda brief, story: timeline_note(
            brief.timeline_omitted if brief is not None else 0,
            story.id if story is not None else None,
            story_url,
        ),
    }


def _environment(loader: jinja2.BaseLoader, *, html: bool) -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=loader,
        autoescape=html,
        undefined=jinja2.StrictUndefined,  # a misspelt field fails at check-config
        keep_trailing_newline=True,
    )
    env.filters.update(
        one_line=one_line,
        when=format_timestamp,
        plural=_plural,
        is_web=_is_web,
        md=_markdown,
        mdurl=markdown_url,
    )
    return env


@dataclass(frozen=True)
class TemplateSet:
    """The templates one channel renders with."""

    template_dir: Path | None = None
    overrides: Mapping[str, Path] | None = None  # format -> file
    story_url: str | None = None

    def _template(self, fmt: Format) -> jinja2.Template:
        return _load(self.template_dir, fmt, (self.overrides or {}).get(fmt))

    def render(
        self, fmt: Format, message: AlertMessage, *, channel: str = "", is_test: bool = False
    ) -> str:
        import jinja2  # on first render: a run whose channels render nothing never loads it

        try:
            template = self._template(fmt)
            values = context(message, channel=channel, story_url=self.story_url, is_test=is_test)
            if fmt != "subject":
                values["subject"] = self.render(
                    "subject", message, channel=channel, is_test=is_test
                )
            out = template.render(values)
        except jinja2.TemplateError as exc:
            raise TemplateProblem(_describe(exc, self.source(fmt))) from None
        except OSError as exc:
            raise TemplateProblem(f"{self.source(fmt)}: cannot read: {exc.strerror}") from None
        if fmt == "subject":
            return one_line(out)
        return out

    def source(self, fmt: Format) -> str:
        override = (self.overrides or {}).get(fmt)
        if override is not None:
            return str(override)
        if self.template_dir is not None and (self.template_dir / FILES[fmt]).is_file():
            return str(self.template_dir / FILES[fmt])
        return str(SHIPPED_DIR / FILES[fmt])

    def check(self, formats: tuple[Format, ...] = FORMATS) -> list[str]:
        """Compile each template and render it for every kind of message."""
        import jinja2

        problems: list[str] = []
        for fmt in formats:
            try:
                self._template(fmt)
            except jinja2.TemplateError as exc:
                problems.append(_describe(exc, self.source(fmt)))
                continue
            except OSError as exc:
                problems.append(f"{self.source(fmt)}: cannot read the template: {exc.strerror}")
                continue
            for sample in sample_messages():
                try:
                    self.render(fmt, sample, channel="check")
                except TemplateProblem as exc:
                    problems.append(f"{exc} (rendering a {sample.event} message)")
                    break
        return problems


_CACHE: dict[tuple[Path | None, str, Path | None], jinja2.Template] = {}


def _load(template_dir: Path | None, fmt: Format, override: Path | None) -> jinja2.Template:
    key = (template_dir, fmt, override)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    dirs = [str(SHIPPED_DIR)]
    if template_dir is not None:
        dirs.insert(0, str(template_dir))
    import jinja2

    name = FILES[fmt]
    if override is not None:
        dirs.insert(0, str(override.parent))
        name = override.name
    env = _environment(jinja2.FileSystemLoader(dirs), html=fmt == "html")
    template = env.get_template(name)
    _CACHE[key] = template
    return template


def clear_cache() -> None:
    """Forget compiled templates (a reload may point at edited files)."""
    _CACHE.clear()


def _describe(exc: jinja2.TemplateError, fallback: str) -> str:
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = exc.filename or exc.name or fallback
        return f"{where}: line {exc.lineno}: {exc.message}"
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"{fallback}: template not found: {exc.name}"
    line = _error_line(exc)
    return f"{fallback}: {'line ' + str(line) + ': ' if line else ''}{exc}"


def _error_line(exc: BaseException) -> int | None:
    """The template line of a render-time error, from the traceback Jinja2 rewrote."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


DEFAULT = TemplateSet()


def template_set(ch: ChannelConfig, story_url: str | None) -> TemplateSet:
    """The templates a configured channel renders with."""
    if ch.template_dir is None and not ch.templates and story_url is None:
        return DEFAULT
    return TemplateSet(
        template_dir=Path(ch.template_dir) if ch.template_dir else None,
        overrides={fmt: Path(p) for fmt, p in ch.templates.items()},
        story_url=story_url,
    )


def subject(message: AlertMessage, templates: TemplateSet = DEFAULT) -> str:
    return templates.render("subject", message)


def render_text(message: AlertMessage, templates: TemplateSet = DEFAULT) -> str:
    return templates.render("text", message)


def render_html(message: AlertMessage, templates: TemplateSet = DEFAULT) -> str:
    return templates.render("html", message)


def render_markdown(message: AlertMessage, templates: TemplateSet = DEFAULT) -> str:
    return templates.render("markdown", message)


def fit(text: str, limit: int | None, link: str) -> str:
    """Cut `text` to `limit` characters at a line break, ending with the story link."""
    text = text.rstrip("\n")
    if limit is None or len(text) <= limit:
        return text
    tail = f"\n… (cut) Full story: {link}" if link else "\n… (cut)"
    room = max(0, limit - len(tail))
    cut = text[:room]
    newline = cut.rfind("\n")
    if newline > room // 2:  # a whole line if that keeps most of the room
        cut = cut[:newline]
    return (cut.rstrip() + tail)[:limit] if room else tail.strip()[:limit]


def sample_messages() -> list[AlertMessage]:
    """One message of every kind, to prove a template renders them all."""
    article = ArticlePayload(
        url="https://example.org/news/1",
        title="Sample <b>article</b>",
        source="Example News",
        published_at="2026-02-03T18:05:00Z",
        language="en",
    )
    story = StoryPayload(
        id=1,
        title="Sample story",
        first_seen="2026-02-03T18:05:00Z",
        outlets=1,
        articles=[article],
        outlet_names=["Example News"],
    )
    brief = Brief(
        headline="Sample development",
        key_points=["A sample key point. (Example News)"],
        what_changed=["A sample change. (Example News)"],
        timeline=[
            TimelineEntry(date(2026, 2, 3), "Sample report (Example News)", article.url),
            TimelineEntry(date(2026, 2, 9), "Sample latest report (Example News)", article.url),
        ],
        timeline_omitted=3,  # a long story's timeline, cut
    )
    briefed = StoryPayload(
        id=2,
        title="Sample story with a brief",
        first_seen="2026-02-03T18:05:00Z",
        outlets=1,
        articles=[article],
        brief=brief,
    )
    return [
        AlertMessage(id="sample-new", event="new_story", rule="sample", story=story),
        AlertMessage(
            id="sample-dev",
            event="development",
            rule="sample",
            story=story,
            article=article,
            new_information=["a new fact"],
        ),
        AlertMessage(
            id="sample-dev-brief",
            event="development",
            rule="sample",
            story=story,
            article=article,
            new_information=["a new fact"],
            brief=brief,
        ),
        AlertMessage(
            id="sample-bundle",
            event="bundle",
            rule="quiet hours",
            title="2 alerts held during quiet hours",
            stories=[story, story],
        ),
        AlertMessage(
            id="sample-digest",
            event="digest",
            rule="sample",
            stories=[story, briefed],
            period=("2026-02-02T12:00:00Z", "2026-02-03T12:00:00Z"),
        ),
        AlertMessage(id="sample-empty-digest", event="digest", rule="sample"),
        AlertMessage(
            id="sample-health",
            event="health",
            rule="health",
            title="Feed failing",
            new_information=["feed X has failed for 7 hours"],
        ),
        AlertMessage(id="sample-test", event="test", rule="test", title="Test message"),
    ]
