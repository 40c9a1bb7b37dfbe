"""A monitor fed article by article through the real ingest path, for rule tests.

Articles go through relevance, dedupe, stories and rules into a real database; alerts go
out through the real outbox to a loopback webhook receiver.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from monitor.alerting.outbox import DeliveryReport
from monitor.collect.resolve import Candidate
from monitor.config import parse_config
from monitor.ingest import Ingested
from monitor.service.app import App
from monitor.storage import Alert, Delivery
from tests.helpers import Receiver

T0 = datetime(2026, 2, 2, 15, 0, tzinfo=UTC)  # Monday; 10:00 in Bogotá

# One event, reported three ways: the wire text (copies of it are duplicates), then two
# follow-ups that join the story and each add names and numbers.
WIRE = (
    "Petro and Trump agree to meet at the White House",
    "Colombian President Gustavo Petro said on Monday he will travel to Washington to meet "
    "President Donald Trump at the White House, after weeks of threats over tariffs and "
    "drug policy. Petro said the meeting would focus on counternarcotics cooperation.",
)
AGENDA = (
    "Petro-Trump White House meeting: delegation and agenda named",
    "The White House meeting between Gustavo Petro and Donald Trump will include Foreign "
    "Minister Laura Sarabia and Ambassador Daniel Garcia-Pena, officials in Bogota said. "
    "Petro and Trump are expected to sign 12 agreements on counternarcotics and tariffs "
    "during the meeting in Washington.",
)
VENUE = (
    "Petro and Trump White House meeting moved to the Oval Office",
    "The meeting between Gustavo Petro and Donald Trump at the White House will take place "
    "in the Oval Office at 11:00, Press Secretary Karoline Leavitt said, with Senator Bernie "
    "Moreno and Secretary Marco Rubio attending. Petro arrives in Washington with 40 "
    "officials to discuss tariffs and counternarcotics.",
)
# A different story on the same topic.
SANCTIONS = (
    "Trump sanctions on Venezuela oil test Petro",
    "Washington imposed new sanctions on Venezuelan state oil company PDVSA on Tuesday, and "
    "Nicolas Maduro called them an act of war. Trump said Chevron would keep its licence. "
    "Petro warned that migration from Caracas to Cucuta would rise, and Delcy Rodriguez "
    "announced 30 percent cuts in crude exports by 2027.",
)


class Desk:
    """A monitor with one webhook rule, fed article by article."""

    def __init__(self, db_url: str, receiver: Receiver, rule: dict[str, Any], **extra: Any):
        self.cfg = parse_config(
            {
                "storage": {"url": db_url},
                "topics": [{"name": "us-colombia", "query": "petro AND trump"}],
                # A closed loopback port: a poll fails at once, nothing leaves the machine.
                "feeds": [
                    {"url": "http://127.0.0.1:9/wire.xml", "name": "Wire feed"},
                    {"url": "http://127.0.0.1:9/blog.xml", "name": "Blog feed"},
                ],
                "rules": [{"name": "summit", "channels": ["hook"], **rule}],
                "channels": [{"name": "hook", "type": "webhook", "url": receiver.url}],
                **extra,
            }
        )
        self.receiver = receiver
        self.app = App(self.cfg)
        self.app.start()
        with self.app.store.tx() as tx:
            self.feeds = {f.name: f.id for f in tx.feeds()}

    def publish(
        self,
        host: str,
        article: tuple[str, str] = WIRE,
        *,
        published: datetime | None = None,
        language: str = "en",
        feed: str = "Wire feed",
    ) -> Ingested:
        url = f"https://{host}/{uuid.uuid4().hex[:8]}"
        feed_id = self.feeds[feed]
        assert feed_id is not None
        return self.app.pipeline.ingest.article(
            Candidate(
                feed_id=feed_id,
                entry_key=url,
                link=url,
                url=url,
                title=article[0],
                text=article[1],
                text_origin="page",
                published=published,
                author=None,
                source=host,
                source_name=host,
                language=language,
            )
        )

    async def deliver(self) -> DeliveryReport:
        return await self.app.outbox.deliver_due()

    def alerts(self) -> list[Alert]:
        with self.app.store.tx() as tx:
            return sorted(tx.alerts(), key=lambda a: a.created_at)

    def deliveries(self) -> list[Delivery]:
        with self.app.store.tx() as tx:
            return [d for a in tx.alerts() for d in tx.deliveries(a.id)]

    @property
    def events(self) -> list[str]:
        return [b["event"] for b in self.receiver.bodies]

    def config_toml(self) -> str:
        """The same monitor as a config file, for the CLI."""
        rule = self.cfg.rules[0]
        lines = [
            "[storage]",
            f'url = "{self.cfg.storage.url}"',
            "[[topics]]",
            'name = "us-colombia"',
            "query = 'petro AND trump'",
            "[[rules]]",
            f'name = "{rule.name}"',
            'channels = ["hook"]',
            "[[channels]]",
            'name = "hook"',
            'type = "webhook"',
            f'url = "{self.receiver.url}"',
        ]
        return "\n".join(lines) + "\n"
