"""An article's text read once, before its transaction: what dedupe and development detection need.

Made in the parse workers (`monitor.collect.parsepool`) while other pages are fetched, so
the one ingest writer only reads it. Every field is what the judging stages would compute
from the same title and text, so decisions do not depend on where it was made.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.judge.copies import Copy
from monitor.judge.developments import StatedFacts, sentence_facts


@dataclass(frozen=True)
class Analysis:
    copy: Copy  # hash, shingles, MinHash signature and index keys (dedupe)
    origin: str  # "page" | "feed": the text's origin it was made for
    sentences: StatedFacts  # the sentences of "title.\ntext" that state facts

    def fits(self, title: str, text: str, origin: str) -> bool:
        """Made from exactly this title, text and origin."""
        return (self.copy.title, self.copy.text, self.origin) == (title, text, origin)


def analyse(title: str, text: str, origin: str) -> Analysis:
    return Analysis(
        copy=Copy.of(title, text, origin),
        origin=origin,
        sentences=sentence_facts(f"{title}.\n{text}"),
    )
