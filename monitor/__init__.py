"""A news-monitoring daemon: feeds in, a clean article log and story alerts out."""

__version__ = "0.1.0"
USER_AGENT = f"news-monitor/{__version__} (feed and article monitor; python-httpx)"
