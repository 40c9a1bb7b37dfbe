"""A news-monitoring daemon: feeds in, a clean article log and story alerts out."""

import sys

# httpx's package imports its command-line client when it can (click, rich, pygments:
# about a tenth of the monitor's start-up); a None entry makes that import fail, and
# httpx falls back to a stub `main`. Only httpx's own command would miss it.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

__version__ = "0.1.0"
USER_AGENT = f"news-monitor/{__version__} (feed and article monitor; python-httpx)"
