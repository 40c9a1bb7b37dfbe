"""Feeds in and out as feed readers move them: `monitor feeds import FILE.opml` appends
`[[feeds]]` blocks to the config file (its comments kept, duplicates skipped, hostile
titles kept literal), `monitor feeds export` writes OPML 2.0 that reads back the same."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.review.cli import app as cli
from monitor.review.opml import OPMLError, parse
from monitor.service.configcheck import load_config

MINIFLUX = Path(__file__).parent / "fixtures" / "opml" / "miniflux.opml"

CONFIG = """\
# The desk's configuration: keep this comment.
[storage]
url = "sqlite:///{db}"   # trailing comment

[[topics]]
name = "us-colombia"
query = 'petro AND trump'

# Feeds we follow
[[feeds]]
name = "El Tiempo: Mundo"
url = "https://www.eltiempo.com/rss/mundo.xml"
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "monitor.toml"
    path.write_text(CONFIG.format(db=tmp_path / "m.db"), encoding="utf-8")
    return path


def run(config: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--config", str(config), "feeds", *args])
    return result.exit_code, result.output


def test_import_appends_feeds_keeps_comments_and_skips_duplicates(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", "/home/desk")
    monkeypatch.setenv("PATH", "/usr/bin")
    before = config.read_text(encoding="utf-8")
    code, out = run(config, "import", str(MINIFLUX))
    assert code == 0, out
    text = config.read_text(encoding="utf-8")
    assert text.startswith(before)  # nothing above the new blocks changed
    assert f"# Imported from {MINIFLUX.name} on " in text

    feeds = {f.url: f for f in load_config(config).feeds}
    assert list(feeds) == [
        "https://www.eltiempo.com/rss/mundo.xml",
        "https://hostile.example/feed?a=1&b=2",
        "http://text-only.example/rss",
        "https://www.elespectador.com/arc/outboundfeeds/rss/?outputType=xml",
        "https://www.semana.com/arc/outboundfeeds/rss/?outputType=xml",
    ]
    # The title as the file gave it: no environment variable read, no markup run.
    hostile = feeds["https://hostile.example/feed?a=1&b=2"]
    assert hostile.name == 'Pay ${HOME} & $${PATH} <b>News</b> "quoted"'
    assert feeds["http://text-only.example/rss"].name == "Text only"
    # A folder named like a topic restricts its feeds to it; other folders are ignored.
    espectador = feeds["https://www.elespectador.com/arc/outboundfeeds/rss/?outputType=xml"]
    assert espectador.topics == ["us-colombia"]
    assert feeds["https://www.semana.com/arc/outboundfeeds/rss/?outputType=xml"].topics is None

    assert "Added 4 feeds" in out
    assert "+ Pay ${HOME} & $${PATH} <b>News</b>" in out
    assert "Skipped 3 feeds:" in out
    assert (
        "https://www.eltiempo.com/rss/mundo.xml: already configured as "
        "https://www.eltiempo.com/rss/mundo.xml" in out
    )
    assert "utm_source=miniflux#top: listed twice in the file" in out
    assert "ftp://files.example/feed.xml: not an http(s) URL" in out
    assert "Folders that name no topic were ignored: All, Tech, Nested" in out

    # The same file again adds nothing and leaves the file as it is.
    after = config.read_text(encoding="utf-8")
    code, out = run(config, "import", str(MINIFLUX))
    assert code == 0 and "Added 0 feeds" in out and "Skipped 7 feeds" in out
    assert config.read_text(encoding="utf-8") == after


def test_export_is_opml_that_reads_back_the_same(config: Path, tmp_path: Path) -> None:
    assert run(config, "import", str(MINIFLUX))[0] == 0
    cfg = load_config(config)

    code, out = run(config, "export")
    assert code == 0
    root = ET.fromstring(out.encode("utf-8"))  # well-formed, escaped
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.find("head/title") is not None and root.find("head/dateCreated") is not None
    exported = {o.url: o for o in parse(out.encode("utf-8"))}
    assert list(exported) == [f.url for f in cfg.feeds]
    for f in cfg.feeds:
        assert exported[f.url].title == (f.name or "")
        assert list(exported[f.url].categories) == (f.topics or [])

    target = tmp_path / "out.opml"
    code, shown = run(config, "export", "-o", str(target))
    assert code == 0 and "Wrote 5 feeds" in shown
    assert target.read_text(encoding="utf-8").split("<body>")[1] == out.split("<body>")[1]

    # Into a fresh config and back: the same feeds, names and topics.
    fresh = tmp_path / "fresh.toml"
    fresh.write_text(CONFIG.split("# Feeds we follow")[0].format(db=tmp_path / "f.db"))
    code, out = run(fresh, "import", str(target))
    assert code == 0, out
    again = load_config(fresh)
    assert [(f.url, f.name, f.topics) for f in again.feeds] == [
        (f.url, f.name, f.topics) for f in cfg.feeds
    ]


def test_import_refuses_an_xml_bomb_and_junk_and_changes_nothing(
    config: Path, tmp_path: Path
) -> None:
    before = config.read_text(encoding="utf-8")
    bomb = tmp_path / "bomb.opml"
    lols = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb.write_text(
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY l0 "lol">{lols}]>'
        '<opml version="2.0"><body><outline text="&l9;" xmlUrl="https://x.example/"/>'
        "</body></opml>"
    )
    code, out = run(config, "import", str(bomb))
    assert code == 1
    assert "declares a document type (DTD)" in out and "nothing was imported" in out

    external = tmp_path / "external.opml"
    external.write_text(
        '<?xml version="1.0"?><!DOCTYPE opml SYSTEM "file:///etc/passwd">'
        '<opml version="2.0"><body/></opml>'
    )
    assert run(config, "import", str(external))[0] == 1

    junk = tmp_path / "junk.opml"
    junk.write_text("<opml><body><outline xmlUrl='https://x.example/'></body>")
    code, out = run(config, "import", str(junk))
    assert code == 1 and "not well-formed XML (line 1)" in out
    code, out = run(config, "import", str(tmp_path / "absent.opml"))
    assert code == 1 and "cannot read" in out
    assert config.read_text(encoding="utf-8") == before


def test_dry_run_and_an_export_to_nowhere(config: Path) -> None:
    before = config.read_text(encoding="utf-8")
    code, out = run(config, "import", "--dry-run", str(MINIFLUX))
    assert code == 0 and "Would add 4 feeds" in out
    assert config.read_text(encoding="utf-8") == before
    code, out = run(config, "export", "-o", "/nonexistent/dir/feeds.opml")
    assert code == 1 and "cannot write /nonexistent/dir/feeds.opml" in out


def test_parse_reads_folders_categories_and_rejects_what_is_not_opml() -> None:
    feeds = parse(
        b'<opml version="2.0"><body><outline text="A">'
        b'<outline text="x" xmlurl="https://a.example/rss" category="/Politics/Colombia,/World"/>'
        b"</outline></body></opml>"
    )
    assert [(f.url, f.title, f.categories) for f in feeds] == [
        ("https://a.example/rss", "x", ("A", "Colombia", "World"))
    ]
    with pytest.raises(OPMLError, match="not <opml>"):
        parse(b"<rss><channel/></rss>")
    with pytest.raises(OPMLError, match="no <body>"):
        parse(b"<opml><head/></opml>")
