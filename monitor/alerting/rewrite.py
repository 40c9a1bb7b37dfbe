"""An alert's brief reworded by a language model, when one is configured (`[briefs] llm`).

Any OpenAI-compatible chat-completions endpoint will do, a local one included. The model
sees only the brief's extracted sentences, without their outlets, and must answer with the
same number of items; every number and proper name it writes must be in what it was shown,
else the extractive brief goes out. An error, a malformed answer or no answer within the
timeout also leaves the extractive brief: the rewrite never holds a delivery longer than
the timeout.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from dataclasses import dataclass, replace
from typing import Any

import httpx

from monitor import USER_AGENT
from monitor.config import LLMConfig
from monitor.judge.briefs import SPECULATIVE, Brief, one_line
from monitor.judge.features import STOPWORDS
from monitor.text import sentences, tokens

log = logging.getLogger(__name__)

_ATTRIBUTION = re.compile(r"\s*(\([^()]{1,80}\))$")
_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$")
MAX_GROWTH = 1.5  # a reworded item may be this much longer than its sentence, plus slack

INSTRUCTIONS = (
    "You edit alerts for a news desk. You get a JSON object with a headline and lists of "
    "sentences taken from news reports. Reword each one to be short and clear, keeping its "
    "meaning and its language (do not translate). Use no name, number or date that is not "
    "in the sentence you reword; add nothing. Answer with JSON only, the same keys and the "
    "same number of items in each list, in the same order."
)


def _split(item: str) -> tuple[str, str]:
    """'Sentence. (Outlet)' -> ('Sentence.', ' (Outlet)')."""
    m = _ATTRIBUTION.search(item)
    if m is None:
        return item, ""
    return item[: m.start()], " " + m.group(1)


@dataclass(frozen=True)
class Outcome:
    brief: Brief  # what goes out
    rewritten: bool
    why: str = ""  # why the extractive brief was kept


class Rewriter:
    def __init__(self, cfg: LLMConfig, transport: httpx.AsyncBaseTransport | None = None):
        self.cfg = cfg
        self.timeout = cfg.timeout
        url = cfg.url.rstrip("/")
        self.url = url if url.endswith("/chat/completions") else f"{url}/chat/completions"
        headers = {"User-Agent": USER_AGENT}
        if cfg.api_key:
            headers["Authorization"] = f"Bearer {cfg.api_key}"
        self._client = httpx.AsyncClient(
            timeout=cfg.timeout, headers=headers, transport=transport, follow_redirects=False
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def rewrite(self, brief: Brief) -> Outcome:
        """The reworded brief if the model gave one that holds up, else `brief`."""
        try:
            answer = await asyncio.wait_for(self._ask(brief), self.timeout)
        except TimeoutError:
            return Outcome(brief, False, f"no answer within {self.timeout:g}s")
        except httpx.HTTPStatusError as exc:
            return Outcome(brief, False, f"HTTP {exc.response.status_code}")
        except (httpx.HTTPError, ValueError) as exc:
            return Outcome(brief, False, f"{type(exc).__name__}: {exc}")
        return self.check(brief, answer)

    def request(self, brief: Brief) -> dict[str, Any]:
        """The chat-completions request: the sentences, without their outlets."""
        shown = {
            "headline": brief.headline,
            "key_points": [_split(k)[0] for k in brief.key_points],
            "what_changed": [_split(k)[0] for k in brief.what_changed],
        }
        return {
            "model": self.cfg.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": INSTRUCTIONS},
                {"role": "user", "content": json.dumps(shown, ensure_ascii=False)},
            ],
        }

    async def _ask(self, brief: Brief) -> Any:
        response = await self._client.post(self.url, json=self.request(brief))
        response.raise_for_status()
        content = response.json()["choices"][0]["message"]["content"]
        if not isinstance(content, str):
            raise ValueError("the answer has no text")
        return json.loads(_FENCE.sub("", content))

    @staticmethod
    def check(brief: Brief, answer: Any) -> Outcome:
        """The model's answer as a brief, if it has the brief's shape and adds no name or
        number; outlets are put back on each item as the extractive brief had them."""
        if not isinstance(answer, dict):
            return Outcome(brief, False, "the answer is not a JSON object")
        headline = answer.get("headline")
        if not isinstance(headline, str) or not one_line(headline):
            return Outcome(brief, False, "the answer has no headline")
        lists: dict[str, list[str]] = {}
        for key in ("key_points", "what_changed"):
            items = answer.get(key)
            original = getattr(brief, key)
            if not isinstance(items, list) or len(items) != len(original):
                return Outcome(brief, False, f"{key}: expected {len(original)} items")
            out = []
            for item, source in zip(items, original, strict=True):
                text, outlet = _split(source)
                if not isinstance(item, str) or not one_line(item):
                    return Outcome(brief, False, f"{key}: an empty item")
                if len(item) > MAX_GROWTH * len(text) + 40:
                    return Outcome(brief, False, f"{key}: an item longer than its sentence")
                out.append(one_line(item) + outlet)
            lists[key] = out
        candidate = replace(
            brief,
            headline=one_line(headline),
            key_points=lists["key_points"],
            what_changed=lists["what_changed"],
        )
        problems = unsupported(candidate, brief)
        if problems:
            return Outcome(brief, False, "not in the sentences: " + ", ".join(problems[:5]))
        return Outcome(candidate, True)


# ---------------------------------------------------------------- what a rewrite may say

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_STOP = STOPWORDS | frozenset(
    """the a an in on at of for to and or but as by with from after before over under
    el la los las un una en de del y o pero con por para tras sobre según""".split()
)


def _numbers(text: str) -> set[str]:
    return {re.sub(r"[.,]", "", m.group(0)) for m in _NUMBER.finditer(text)}


def _names(text: str) -> set[str]:
    """Capitalised words, but not a sentence's first word when it is a common one."""
    out: set[str] = set()
    for sentence in sentences(text):
        words = re.findall(r"[^\W\d_][\w’'.-]*", sentence)
        for i, w in enumerate(words):
            if not w[:1].isupper():
                continue
            folded = " ".join(tokens(w))
            if i == 0 and (folded in _STOP or folded in SPECULATIVE):
                continue
            out.update(tokens(w))
    return out


def unsupported(rewritten: Brief, source: Brief) -> list[str]:
    """Numbers and proper names in a rewritten brief that its sentences did not give.

    A rewrite may only reword: anything it names or counts must be in what it was shown.
    """
    shown = "\n".join([source.headline, *source.key_points, *source.what_changed])
    said = "\n".join([rewritten.headline, *rewritten.key_points, *rewritten.what_changed])
    known_numbers = _numbers(shown)
    known_words = set(tokens(shown))
    problems = [f"number {n}" for n in sorted(_numbers(said) - known_numbers)]
    problems += [f"name {w}" for w in sorted(_names(said) - known_words)]
    return problems
