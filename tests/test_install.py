"""The package as users get it: a wheel built from what the Docker image builds from,
installed (not editable) into a fresh virtualenv, runs `monitor demo` from a folder that
holds nothing of ours. Anything the installed program reads must travel inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.docker_context import ROOT, stage_build_context

PACKAGE = ROOT / "monitor"


def _env() -> dict[str, str]:
    """This environment without anything that would point Python back at the checkout."""
    drop = {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "MONITOR_CONFIG"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", NO_COLOR="1", COLUMNS="120")
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    context = tmp_path_factory.mktemp("context")
    stage_build_context(context)
    dist = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), "."],
        cwd=context,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = dist.glob("monitor-*.whl")
    return found


def test_wheel_holds_every_file_of_the_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        p.relative_to(ROOT).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and p.suffix not in (".pyc", ".pyo")
        and not p.name.startswith(".")
    }
    assert sorted(expected - names) == []
    # The data the installed program reads, by name: demo corpus, shipped config,
    # message templates, migrations.
    for required in (
        "monitor/demo/corpus/corpus.toml",
        "monitor/defaults/monitor.toml",
        "monitor/alerting/templates/text.txt.j2",
        "monitor/alerting/templates/html.html.j2",
        "monitor/storage/migrations/env.py",
        "monitor/storage/migrations/script.py.mako",
        "monitor/storage/migrations/sqlite_head.sql",
        "monitor/storage/migrations/versions/0001_initial_schema.py",
    ):
        assert required in names
    articles = [n for n in names if n.startswith("monitor/demo/corpus/articles/")]
    assert len(articles) == len(list((PACKAGE / "demo" / "corpus" / "articles").glob("*.txt")))


def test_installed_wheel_runs_the_demo_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # The dependencies are this environment's, reached through a .pth file: it comes after
    # the new venv's own site-packages, so the monitor installed there wins.
    (purelib / "zz_test_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    installed = subprocess.run(
        [*pip, "install", "--no-deps", "--quiet", str(wheel)],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [python, "-c", "import monitor; print(monitor.__file__)"],
        cwd=elsewhere,
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(purelib / "monitor")

    demo = subprocess.run(
        [venv / "bin" / "monitor", "demo"],
        cwd=elsewhere,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert demo.returncode == 0, demo.stdout + demo.stderr
    # The alerts the replayed corpus raises: the story, then what the meeting added.
    assert "New story" in demo.stdout
    assert "Development" in demo.stdout
    assert "Petro confirms February 3 White House meeting with Trump" in demo.stdout
    assert list(elsewhere.iterdir()) == []  # nothing written where it ran
