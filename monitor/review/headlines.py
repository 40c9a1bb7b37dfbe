"""What a story is called where it is listed: its latest alert's headline, else its title.

A story keeps the title of its first report; once it has been alerted, the desk knows it
by the headline of the latest alert (for a development, the development itself), so the
lists on the terminal, the pages and the API all lead with that.
"""

from __future__ import annotations

from monitor.alerting.outbox import message_from_payload
from monitor.storage import Story, Tx


def story_headline(tx: Tx, story: Story) -> str:
    assert story.id is not None
    for alert in reversed(tx.alerts_for_story(story.id)):
        if alert.payload:
            try:
                return message_from_payload(alert.payload).headline or story.title
            except (ValueError, KeyError, TypeError):
                continue
    return story.title
