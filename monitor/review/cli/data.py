"""The database as a whole: export, import, backup and schema migrations."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from monitor.review.cli.app import app
from monitor.review.cli.common import (
    ExitCode,
    config_or_exit,
    err,
    fail,
    missing_database,
    out,
    plain_store,
    store_or_exit,
)
from monitor.review.cli.filters import Lang, Since, Source, StoryId, Topic, Until, make_filters


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="Format.")] = ExportFormat.jsonl,
    with_text: Annotated[bool, typer.Option("--with-text", help="Include article text.")] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File [default: standard output]")
    ] = None,
    stories: Annotated[
        bool, typer.Option("--stories", help="Stories and their timelines instead of articles.")
    ] = False,
    since: Since = None,
    until: Until = None,
    topic: Topic = None,
    source: Source = None,
    lang: Lang = None,
    story: StoryId = None,
) -> None:
    """Write the stored relevant articles (or stories with --stories), one per line.

    With --stories the time filters pick the stories active in the range, and --source or
    --lang those with an article from that outlet or in that language.
    """
    from monitor.review import export as exporter

    filters = make_filters(
        since=since, until=until, topic=topic, source=source, lang=lang, story=story
    )
    store = store_or_exit(config_or_exit())

    def write(fh: Any) -> int:
        if stories:
            return exporter.write_stories(store, fh, fmt=fmt.value, filters=filters)
        return exporter.write(store, fh, fmt=fmt.value, with_text=with_text, filters=filters)

    if output is None:
        write(sys.stdout)
        return
    try:
        fh = output.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        fail(ExitCode.USAGE, f"cannot write {output}: {exc.strerror or exc}")
    try:
        with fh:
            n = write(fh)
    except OSError as exc:
        fail(ExitCode.FAILED, f"writing {output} failed, the file is incomplete: {exc}")
    err.print(f"wrote {n} {'stories' if stories else 'articles'} to {output}", markup=False)


@app.command()
def prune(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only count what would be dropped.")
    ] = False,
) -> None:
    """Apply retention now: drop the text of articles older than keep_text_days (storage),
    and old near-duplicate index keys. The daemon does this by itself."""
    from datetime import timedelta

    from monitor.storage import utcnow
    from monitor.storage.retention import prune_text

    cfg = config_or_exit()
    store = store_or_exit(cfg)
    now = utcnow()
    try:
        report = prune_text(store, cfg.storage.keep_text_days, now, dry_run=dry_run)
        keep = max(cfg.stories.near_duplicate_window, cfg.stories.near_duplicate_title_window)
        bands = 0
        if not dry_run:
            with store.tx() as tx:
                bands = tx.prune_bands(now - timedelta(seconds=keep))
    finally:
        store.close()
    if report.before is None:
        out.print("[storage] keep_text_days is 0: article text is kept for good", markup=False)
    else:
        verb = "would drop" if dry_run else "dropped"
        out.print(
            f"{verb} the text of {report.texts} articles first seen before "
            f"{report.before:%Y-%m-%d %H:%M} UTC; their titles, stories, search entries "
            "and seen feed entries stay",
            markup=False,
        )
    if not dry_run:
        out.print(f"dropped {bands} near-duplicate index keys", markup=False)


db_app = typer.Typer(help="Database schema migrations (Alembic).")


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Apply pending migrations (`monitor run` does this on start unless auto_migrate = false)."""
    from monitor.storage import StorageError, migrate

    store = plain_store(create=True)
    try:
        before, after = migrate.upgrade(store, revision)
    except StorageError as exc:
        err.print("[bold red]Database error:[/] ", end="")
        fail(ExitCode.DATABASE, str(exc))
    finally:
        store.close()
    if before == after:
        out.print(f"schema already at {after}")
    else:
        out.print(f"schema upgraded from {before or 'nothing'} to {after}")


@db_app.command("current")
def db_current() -> None:
    """Print the schema revision of the database and the one this version expects."""
    from monitor.storage import StorageError, migrate

    if missing_database(config_or_exit()):
        # Asking must not create the file: say so, as a database without a schema would.
        out.print(f"none (head {migrate.head()}, upgrade needed: monitor db upgrade creates it)")
        return
    store = plain_store()
    try:
        rev = migrate.current(store)
    except StorageError as exc:
        err.print("[bold red]Database error:[/] ", end="")
        fail(ExitCode.DATABASE, str(exc))
    finally:
        store.close()
    head = migrate.head()
    state_ = "up to date" if rev == head else "upgrade needed: monitor db upgrade"
    out.print(f"{rev or 'none'} (head {head}, {state_})")


@db_app.command("revision")
def db_revision(
    message: Annotated[str, typer.Option("--message", "-m", help="What the change is.")],
) -> None:
    """Autogenerate the next numbered migration from the models (for developers)."""
    from monitor.storage import migrate

    store = plain_store(create=True)
    try:
        rev = migrate.revision(store, message)
    finally:
        store.close()
    out.print(f"wrote revision {rev} in {migrate.MIGRATIONS / 'versions'}")


@app.command()
def backup(path: Annotated[Path, typer.Argument(help="New file to write the backup to.")]) -> None:
    """Back up the database: SQLite online (safe while running); PostgreSQL via pg_dump."""
    from monitor.storage import StorageError
    from monitor.storage.backup import backup_sqlite, pg_dump_command

    store = store_or_exit(config_or_exit())
    try:
        if store.backend != "sqlite":
            out.print("PostgreSQL is backed up with its own tool; run:", markup=False)
            out.print(f"  {pg_dump_command(store, path)}", markup=False)
            out.print("and restore with pg_restore --dbname=… --clean FILE", markup=False)
            return
        try:
            pages = backup_sqlite(store, path)
        except (OSError, ValueError) as exc:
            err.print("[bold red]Backup failed:[/] ", end="")
            fail(ExitCode.USAGE, str(exc))
        except StorageError as exc:
            err.print("[bold red]Backup failed:[/] ", end="")
            fail(ExitCode.DATABASE, str(exc))
        out.print(f"backed up {pages} pages to {path}", markup=False)
    finally:
        store.close()


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A `monitor export --with-text` JSONL file.")],
) -> None:
    """Load an exported article log (e.g. moving from SQLite to PostgreSQL)."""
    from monitor.judge.relevance import Topics
    from monitor.review.transfer import import_rows, read_jsonl

    try:
        with file.open(encoding="utf-8") as fh:
            rows = read_jsonl(fh)
    except (OSError, ValueError) as exc:
        fail(ExitCode.USAGE, f"cannot read {file}: {exc}")
    if rows and "text" not in rows[0]:
        fail(ExitCode.USAGE, "the export has no article text: export again with --with-text")
    cfg = config_or_exit()
    store = store_or_exit(cfg, create=True)
    try:
        report = import_rows(store, rows, Topics(cfg.topics))
    finally:
        store.close()
    out.print(
        f"imported {report.articles} articles ({report.duplicates} copies) in "
        f"{report.stories} stories; {report.skipped} already stored"
    )
