"""Story-grouping quality: run the real ingest path over labelled corpora and score it.

Each corpus is streamed, in publication order, through `Ingest.article` on a fresh
store (SQLite in a temporary directory, or --db for PostgreSQL), exactly as the daemon
ingests articles: relevance, dedupe, grouping, merges. The stories the articles end up in
(after any merges) are compared with the labels: pairwise precision/recall/F1 over all
pairs of articles, and BCubed precision/recall/F1.

Corpora (`--corpus`; `tune` runs the ones the pair model is fitted and tuned on, `held`
the held-out ones):
  labelled      bench/corpus/labelled.toml (tuning; `--split all` streams it whole)
  tuning        bench/corpus/tuning.toml (tuning)
  domains       bench/corpus/tuning_domains.toml: sport, courts, health, airlines, metals
                (tuning)
  sameday       bench/corpus/tuning_sameday.toml: unrelated events side by side, three a
                day (tuning)
  developments  the stories of bench/corpus/developments.toml: the `tuning` ones (tuning)
                and the `heldout` ones (held out)
  heldout       bench/corpus/heldout.toml (held out)
  business      bench/corpus/business.toml: business, energy, technology and markets
                stories sharing their vocabulary (held out)
  business2     bench/corpus/business2.toml: a second such corpus, written later (held out)
  business3     bench/corpus/business3.toml: a third, many companies' events on one day
                (held out)
  business4     bench/corpus/business4.toml: a fourth, English only (held out)
  business5     bench/corpus/business5.toml: a fifth, English only, hard negatives of one
                company, sector or country (held out)
  business6     bench/corpus/business6.toml: a sixth, English only, one company's events
                with its name in every headline (held out)
  business7     bench/corpus/business7.toml: a seventh, English only, events that retell
                one another (a GDP report naming a rate hold) and same-kind pairs (held out)
  business8     bench/corpus/business8.toml: an eighth, English only, same-kind events of
                different actors and one actor's event told in other words (held out)
  business9     bench/corpus/business9.toml: a ninth, English only, reports opening on a
                place or a demonym, next-day deals, a rate cut and the inflation naming it
                (held out)
  business10    bench/corpus/business10.toml: a tenth, English only, output figures vs a
                strike, an exit or appointment vs results, inflation vs the rate hold it
                names, a launch vs a recall (held out)
  business11    bench/corpus/business11.toml: an eleventh, English only, an exit whose
                headline names its cause, a launch vs a forecast cut, inflation vs the rate
                hold it names, two fines on one day (held out)
  business12    bench/corpus/business12.toml: a twelfth, English only, a strike vs results,
                a placement vs the permit it names, a refiner's warning vs the oil jump it
                names, a mortgage rate cut vs the central bank cut it names (held out)
  business13    bench/corpus/business13.toml: a thirteenth, English only, an auction win vs
                a blade failure, a tariff rise vs a gas low, output vs a bond sale naming
                it, a trial failure vs the job cuts citing it (held out)
  business14    bench/corpus/business14.toml: a fourteenth, English only, a drug trial vs
                a patent lawsuit and a bond sale, a mine cave-in vs the copper record
                citing it, a fine vs the chief's exit (held out)
  business15    bench/corpus/business15.toml: a fifteenth, English and Spanish, a recall
                vs the chief's ouster citing it, a refinery flood vs the diesel high and
                the refinery's sale, an outage vs the regulator's redress order, a strike
                vs a bid naming it (held out)
  business16    bench/corpus/business16.toml: a sixteenth, English and Spanish, a ship
                fire vs a freight-rate rise and an alliance naming it, a recall vs results
                blaming it and a court's fine, a blackout vs a bond sale and the regulator's
                probe of it (held out)
  business17    bench/corpus/business17.toml: a seventeenth, half in Spanish, a recall vs
                results blaming it and a fine over it, an airbag recall vs a strike, job
                cuts vs a bid naming them, a refinery blast vs the chief's exit (held out)
  business18    bench/corpus/business18.toml: an eighteenth, a third in Spanish, an
                approval vs a bond sale naming it, a merger vs its probe, a supply cut vs
                the fine over it and the chief's exit, a listing vs a profit warning (held
                out)
  business19    bench/corpus/business19.toml: a nineteenth, a third in Spanish, an outage
                vs the fine over it, a takeover vs job cuts naming it, a recall vs a plant
                closure and the chief's exit, a furnace halt vs state aid, an auction win vs
                a share placing, a data breach vs the regulator's probe (held out)
  business20    bench/corpus/business20.toml: a twentieth, a third in Spanish, a company's
                successive events (a shutdown vs the forecast cut blaming it, a recall vs a
                profit warning and the chief's exit, a stake deal vs its probe) and distinct
                stories sharing only their sector's words (two oil outages, two banks'
                results, a gas price jump vs a pipeline deal) (held out)
  business21    bench/corpus/business21.toml: a twenty-first, 14 of 35 in Spanish, a
                company's successive events whose later reports retell the first (a fire
                vs results blaming it and a stake sale, an auction win vs the share sale
                funding it, a spill vs its fine, a strike vs the forecast cut blaming it, a
                merger vs its probe) and distinct stories sharing their sector's words (a
                power price jump vs an interconnector deal, two banks' results) (held
                out)
  business22    bench/corpus/business22.toml: a twenty-second, 13 of 31 in Spanish, a
                company's successive events whose later reports retell the first (a plant
                fire vs results blaming it, a merger vs the EU's probe of it, a takeover vs
                the competition regulator's probe, a mine flood vs the forecast cut blaming
                it, a spill vs its fine) and distinct stories sharing their sector's words
                (a gas price jump vs an LNG tanker order, two banks' results) (held out)
  business23    bench/corpus/business23.toml: a twenty-third, 12 of 34 in Spanish, written
                by a hand that did not read the grouping code: a company's successive
                events (a profit warning vs the chief's exit, a takeover vs the lawsuit over
                it, a blackout vs its compensation, a bond sale vs a downgrade) and distinct
                stories sharing their sector's words (two airlines, two miners, two oil
                price moves, two central banks) (held out)
  business24    bench/corpus/business24.toml: a twenty-fourth, about a third in Spanish,
                written by a hand that did not read the grouping code: a company's
                successive events (a dividend cut vs an activist's stake, a plant opening
                vs a recall, a union deal vs layoffs, a licence vs a tax dispute, a data
                breach vs the class action over it) and distinct stories sharing their
                sector's words (two shipping lines, gas prices on two days) (held out)
  business25    bench/corpus/business25.toml: a twenty-fifth, about a third in Spanish,
                written by a hand that did not read the grouping code: a company's
                successive events (a buyback vs the chairman's exit, an expansion approval
                vs a fine, an IPO vs its first results, a supply contract vs a price dispute
                over it) and distinct stories sharing their sector's words (two steelmakers,
                two telecoms, two central banks, power prices on two days) (held out)
  business26    bench/corpus/business26.toml: a twenty-sixth, all English, written by a
                hand that did not read the grouping code: a company's successive events (a
                bid vs the regulator's probe of it, results vs the chief's exit, a nuclear
                shutdown vs its restart) and distinct stories sharing their sector's words
                (two airlines, two utilities, two oil producers, oil prices on two days, two
                central banks in one week) (held out)
  business27    bench/corpus/business27.toml: a twenty-seventh, all English, written by a
                hand that did not read the grouping code: a company's successive events (an
                agreed takeover vs the target's vote against it, a mine's collapse vs its
                restart and fine, trial results vs approval, a profit warning vs job cuts)
                and distinct stories sharing their sector's words (two miners, a shipping
                line and a port, two regulators' drug approvals, two LNG deals) (held out)
  business28    bench/corpus/business28.toml: a twenty-eighth, all English, written by a
                hand that did not read the grouping code: a company's successive events (a
                recall, a loss, a plant closure and a union deal; a capital raise, a fine
                and the chief's exit; a cut coal price and a court ruling; an aircraft
                order and a fare cut) and distinct stories sharing their sector's words
                (two index moves) (held out)
  business29    bench/corpus/business29.toml: a twenty-ninth, all English, written by a
                hand that did not read the grouping code: a company's successive events (a
                trading update and store closures; an outage, the regulator's inquiry and
                price rises; trial results and a licence; a profit warning and a purchase;
                a strike and cut guidance) and distinct stories sharing their sector's
                words (copper on two days) (held out)
  business30    bench/corpus/business30.toml: a thirtieth, all English, written by a
                hand that did not read the grouping code: a company's successive events (a
                blast furnace idled and a state loan; a profit warning, a plant delay and a
                purchase; output cuts and a takeover approach; a refinery fire and its
                restart; a hosepipe ban and a scrapped dividend) and distinct stories sharing
                their sector's words (wheat and a miller's purchase a week apart) (held out)
  business31    bench/corpus/business31.toml: a thirty-first, all English, written by a
                hand that did not read the grouping code: a company's successive events (a
                contract, a profit warning and a buyout approach; a plant idled and a dividend
                halved; a game delayed and job cuts; a debt refinancing and a club's sale; an
                outage and a listing) and distinct stories sharing their sector's words (sugar
                prices and a sugar company's purchase weeks apart) (held out)
  business32    bench/corpus/business32.toml: a thirty-second, all English, written by a
                hand that did not read the grouping code: a company's successive events (a
                smelter fire, an output cut and the chief's exit; a failed drug trial, a share
                rebound and job cuts; a sewage fine and an owners' rescue; a dock strike and
                its pay deal) and distinct stories sharing their sector's words (two insurers
                on one day) (held out)
  business33    bench/corpus/business33.toml: a thirty-third, all English, written by a
                hand that did not read the grouping code: a company's successive events (a
                rail freight strike and the pay deal ending it; a mast purchase and the rights
                issue paying for it; a kiln fire and its restart; a defence order and the hall
                built for it) and distinct stories sharing their sector's words (two
                supermarkets on one morning, mid-cap index moves on two days) (held out)
  business34    bench/corpus/business34.toml: a thirty-fourth, all English, written by a
                hand that did not read the grouping code: a company's successive events (a
                gas main blast, the supply restored and the regulator's fine; a smelter halt
                and its restart; an airport strike and the deal ending it; a flooded mine
                and its fine; an order and the results retelling it) and distinct stories
                sharing their sector's words (two salmon farmers on one day) (held out)
  business35    bench/corpus/business35.toml: a thirty-fifth, all English, written by a
                hand that did not read the grouping code: a company's successive events (a
                fertiliser plant idled, the results writing it down and a line restarted; a
                tyre takeover and its collapse; a sugar factory's closure and its buyer) and
                distinct stories sharing their sector's words (a bid and a rival's profit
                warning on one day, two downgrades by one agency) (held out)
  business36    bench/corpus/business36.toml: a thirty-sixth, all English, written by a
                hand that did not read the grouping code: a company's successive events (a
                refinery fire and its restart; a colliery closure and the miner's sale of its
                other mines; a price ruling and the appeal of it) and distinct stories
                sharing their sector's words (one regulator's decisions on two operators'
                reactors, two dividend cuts two days apart, two oil price moves) (held out)
  business37    bench/corpus/business37.toml: a thirty-seventh, all English, written by a
                hand that did not read the grouping code: a company's successive steps (a
                hostile bid, the raised bid and the board's rejection; a fine, its appeal
                and the regulator's new order; a wind farm's licence and its building plan)
                and distinct stories sharing their sector's words (two battery financings,
                two parcel carriers' results, two coffee price moves) (held out)
  business38    bench/corpus/business38.toml: a thirty-eighth, all English, written by a
                hand that did not read the grouping code: a takeover's approach, offer, rival
                proposal and raised offer; a strike vote, the strike and the deal ending it;
                a regulator's provisional and final rulings; a scheme's consent and its court
                challenge; two tanker owners' results on consecutive days; two iron ore moves
                (held out)
  business39    bench/corpus/business39.toml: a thirty-ninth, all English, written by a
                hand that did not read the grouping code: a glassmaker's profit warning,
                chief executive's exit and asset sale weeks apart; one water regulator's
                fines on two companies two days apart; two aluminium price moves five weeks
                apart; an insurer's approach and later offer; a rail freight strike vote and
                the walkout a month on; a patent ruling and its appeal (held out)
  business40    bench/corpus/business40.toml: a fortieth, all English, written by a
                hand that did not read the grouping code: a drug maker's takeover and its
                clearance weeks later; a cement works' closure, its buyer and the buyer's
                lawsuit; lithium up on a mine fire and down on stockpiles; a regulator's
                proposed cap on mast rents and its final decision; two grocers' results and
                job cuts on consecutive days (held out)
  business41    bench/corpus/business41.toml: a forty-first, all English, written by a
                hand that did not read the grouping code: two rival carmakers' warning and
                results on consecutive days; cotton up on a crop cut and down weeks later; a
                gold miner's probe and its fine months later; a hotel group's bond sale and
                its results; one defence company's two announcements a week apart (held out)
  business42    bench/corpus/business42.toml: a forty-second, all English, written by a
                hand that did not read the grouping code: a bus operator's warning and a
                rival's results the next day, each market piece naming the other; zinc up on
                a mine strike and down two weeks later; a funeral prices inquiry and its
                report; a timber company's sawmill fire and its forest purchase; a toymaker's
                two bidders weeks apart (held out)
  business43    bench/corpus/business43.toml: a forty-third, all English, written by a
                hand that did not read the grouping code: rival ferry operators' results and
                route news on consecutive days; a fashion retailer's store closures and its
                sale of a Dutch chain; silver up on a mine strike and down on the dollar; two
                regulators' decisions on two companies in one week; a furniture deal agreed
                and its collapse weeks later (held out)
  business44    bench/corpus/business44.toml: a forty-fourth, all English, written by a
                hand that did not read the grouping code: rival salmon farmers' algae
                kill, forecast, warning and bid; two fertiliser makers' ammonia halts in
                one week and the gas spike naming both; an energy supplier's collapse and
                its customers' transfer; a lift maker's order, strike and results; a wind
                developer's auction win and write-off; a lending platform's freeze (scored
                blind in round 36)
  heldout5      bench/corpus/heldout5.toml: general news of Latin America and the U.S.,
                English and Spanish (held out)
  wikiref220    ../shared/corpus/wikiref220 (or $MONITOR_SHARED/corpus/wikiref220): 220
                English texts labelled by topic (coarser than a story), no dates; its
                `fit` half gives the fit negatives across topics, its `held-out` half is
                held out.

Usage:
  .venv/bin/python bench/score.py --corpus tune --sweep 0.4,0.5,0.6
  .venv/bin/python bench/score.py --corpus held             # once, after the choices
  .venv/bin/python bench/score.py --corpus business --no-embed
"""

from __future__ import annotations

import argparse
import os
import random
import re
import string
import sys
import tempfile
import time
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.collect.fetch import Fetcher  # noqa: E402
from monitor.collect.parsepool import ParsePool  # noqa: E402
from monitor.collect.resolve import Candidate  # noqa: E402
from monitor.config import parse_config  # noqa: E402
from monitor.judge.stories import MERGE_THRESHOLD  # noqa: E402
from monitor.pipeline import Pipeline  # noqa: E402
from monitor.storage import Article, Store, migrate  # noqa: E402

LABELLED = ROOT / "bench" / "corpus" / "labelled.toml"
TUNING = ROOT / "bench" / "corpus" / "tuning.toml"
HELDOUT = ROOT / "bench" / "corpus" / "heldout.toml"
BUSINESS = ROOT / "bench" / "corpus" / "business.toml"
BUSINESS2 = ROOT / "bench" / "corpus" / "business2.toml"
BUSINESS3 = ROOT / "bench" / "corpus" / "business3.toml"
BUSINESS4 = ROOT / "bench" / "corpus" / "business4.toml"
BUSINESS5 = ROOT / "bench" / "corpus" / "business5.toml"
BUSINESS6 = ROOT / "bench" / "corpus" / "business6.toml"
BUSINESS7 = ROOT / "bench" / "corpus" / "business7.toml"
BUSINESS8 = ROOT / "bench" / "corpus" / "business8.toml"
BUSINESS9 = ROOT / "bench" / "corpus" / "business9.toml"
BUSINESS10 = ROOT / "bench" / "corpus" / "business10.toml"
BUSINESS11 = ROOT / "bench" / "corpus" / "business11.toml"
BUSINESS12 = ROOT / "bench" / "corpus" / "business12.toml"
BUSINESS13 = ROOT / "bench" / "corpus" / "business13.toml"
BUSINESS14 = ROOT / "bench" / "corpus" / "business14.toml"
BUSINESS15 = ROOT / "bench" / "corpus" / "business15.toml"
BUSINESS16 = ROOT / "bench" / "corpus" / "business16.toml"
BUSINESS17 = ROOT / "bench" / "corpus" / "business17.toml"
BUSINESS18 = ROOT / "bench" / "corpus" / "business18.toml"
BUSINESS19 = ROOT / "bench" / "corpus" / "business19.toml"
BUSINESS20 = ROOT / "bench" / "corpus" / "business20.toml"
BUSINESS21 = ROOT / "bench" / "corpus" / "business21.toml"
BUSINESS22 = ROOT / "bench" / "corpus" / "business22.toml"
BUSINESS23 = ROOT / "bench" / "corpus" / "business23.toml"
BUSINESS24 = ROOT / "bench" / "corpus" / "business24.toml"
BUSINESS25 = ROOT / "bench" / "corpus" / "business25.toml"
BUSINESS26 = ROOT / "bench" / "corpus" / "business26.toml"
BUSINESS27 = ROOT / "bench" / "corpus" / "business27.toml"
BUSINESS28 = ROOT / "bench" / "corpus" / "business28.toml"
BUSINESS29 = ROOT / "bench" / "corpus" / "business29.toml"
BUSINESS30 = ROOT / "bench" / "corpus" / "business30.toml"
BUSINESS31 = ROOT / "bench" / "corpus" / "business31.toml"
BUSINESS32 = ROOT / "bench" / "corpus" / "business32.toml"
BUSINESS33 = ROOT / "bench" / "corpus" / "business33.toml"
BUSINESS34 = ROOT / "bench" / "corpus" / "business34.toml"
BUSINESS35 = ROOT / "bench" / "corpus" / "business35.toml"
BUSINESS36 = ROOT / "bench" / "corpus" / "business36.toml"
BUSINESS37 = ROOT / "bench" / "corpus" / "business37.toml"
BUSINESS38 = ROOT / "bench" / "corpus" / "business38.toml"
BUSINESS39 = ROOT / "bench" / "corpus" / "business39.toml"
BUSINESS40 = ROOT / "bench" / "corpus" / "business40.toml"
BUSINESS41 = ROOT / "bench" / "corpus" / "business41.toml"
BUSINESS42 = ROOT / "bench" / "corpus" / "business42.toml"
BUSINESS43 = ROOT / "bench" / "corpus" / "business43.toml"
BUSINESS44 = ROOT / "bench" / "corpus" / "business44.toml"
HELDOUT5 = ROOT / "bench" / "corpus" / "heldout5.toml"
DOMAINS = ROOT / "bench" / "corpus" / "tuning_domains.toml"
SAMEDAY = ROOT / "bench" / "corpus" / "tuning_sameday.toml"
DEVELOPMENTS = ROOT / "bench" / "corpus" / "developments.toml"
# the shared data beside the checkout, or where MONITOR_SHARED says (a worktree elsewhere)
SHARED = Path(os.environ.get("MONITOR_SHARED", ROOT.parent / "shared"))
WIKIREF = SHARED / "corpus" / "wikiref220"
# Every article is on topic here: grouping is what is measured, not relevance.
EVERYTHING = " OR ".join(f"{c}*" for c in string.ascii_lowercase)
# The shipped topic too: as in use, the words of its query (which every article about
# it carries) are left out of grouping for the articles it matches.
SHIPPED_TOPICS = tomllib.loads((ROOT / "config" / "monitor.toml").read_text(encoding="utf-8"))[
    "topics"
]
NO_DATE = datetime(2026, 1, 15, 12, tzinfo=UTC)


@dataclass(frozen=True)
class Item:
    id: str
    label: str
    title: str
    text: str
    published: datetime | None
    language: str | None = None
    source: str = "bench.test"


# corpora


def load_labelled(split: str, *, events: bool = False, path: Path = LABELLED) -> list[Item]:
    """The labelled articles of one split; `events` labels the summit's events apart."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    items = []
    for row in data["articles"]:
        if split != "all" and row["split"] != split:
            continue
        items.append(
            Item(
                id=row["id"],
                label=row.get("event", row["story"]) if events else row["story"],
                title=row["title"],
                text=row["text"].strip(),
                published=row["published"],
                language=row["lang"],
                source=row.get("outlet", "bench.test"),
            )
        )
    return items


def load_developments(split: str, path: Path = DEVELOPMENTS) -> list[Item]:
    """The stories of `developments.toml` (coverage and updates) of one split, as grouping
    items: every report of one story there is one story here."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    items = []
    for story in data["stories"]:
        if split != "all" and story["split"] != split:
            continue
        rows = [*story.get("coverage", []), *story.get("updates", [])]
        for n, row in enumerate(rows):
            items.append(
                Item(
                    id=f"{story['id']}/{row.get('id', n)}",
                    label=story["id"],
                    title=row["title"],
                    text=row["text"].strip(),
                    published=row["published"],
                    language=row["lang"],
                    source=row.get("outlet", "bench.test"),
                )
            )
    return items


def decode(raw: bytes) -> str:
    """UTF-8 when it is; else Windows-1252, with UTF-8 read as 1252 ("â€™") repaired."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = raw.decode("cp1252", errors="replace")

    def repair(m: re.Match[str]) -> str:
        try:
            return m.group(0).encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return m.group(0)

    return re.sub(r"[\u00c2-\u00f4][\u0080-\u00bf\u0152-\u2122]{1,3}", repair, text)


def wikiref_label(name: str) -> str:
    stem = name.removesuffix(".txt")
    stem = re.sub(r"\s*\(\d+\)$", "", stem)
    return re.sub(r"\.\d+$", "", stem)


def wikiref_part(name: str) -> str:
    """ "fit" or "held-out": every other text of each topic, by file name, so both halves
    hold every topic; fitting reads only pairs across topics of the "fit" half."""
    label = wikiref_label(name)
    names = sorted(p.name for p in WIKIREF.glob("*.txt") if wikiref_label(p.name) == label)
    return "fit" if names.index(name) % 2 == 0 else "held-out"


def load_wikiref(seed: int = 7, part: str = "all") -> list[Item]:
    items = []
    if not WIKIREF.is_dir():
        raise SystemExit(f"{WIKIREF} not found: set MONITOR_SHARED to the shared data folder")
    for path in sorted(WIKIREF.glob("*.txt")):
        if part != "all" and wikiref_part(path.name) != part:
            continue
        text = decode(path.read_bytes()).replace("\r\n", "\n").strip()
        title, _, body = text.partition("\n")
        items.append(
            Item(
                id=path.name,
                label=wikiref_label(path.name),
                title=title.strip(),
                text=body.strip(),
                published=None,
            )
        )
    random.Random(seed).shuffle(items)  # topics interleave, as they would in a feed
    return items


# the run


def run(
    items: Sequence[Item], db_url: str, join: float | None, merge: float | None
) -> dict[str, int]:
    """Stream the items through the real ingest path; item id -> story id."""
    stories: dict[str, Any] = {"window": "30d"}
    if join is not None:
        stories["join_threshold"] = join
    stories["merge_threshold"] = max(merge if merge is not None else MERGE_THRESHOLD, join or 0.0)
    cfg = parse_config(
        {
            "storage": {"url": db_url},
            "stories": stories,
            "topics": [{"name": "all", "query": EVERYTHING}, *SHIPPED_TOPICS],
            "feeds": [{"url": "http://bench.test/feed.xml"}],
            "rules": [{"name": "all", "channels": ["null"]}],
            "channels": [{"name": "null", "type": "console"}],
        }
    )
    store = Store(db_url)
    migrate.upgrade(store)
    now = [NO_DATE]  # each article is fetched an hour after it was published
    pipeline = Pipeline(cfg, store, Fetcher(), ParsePool(workers=1), clock=lambda: now[0])
    pipeline.sync_feeds()
    with store.tx() as tx:
        (feed,) = tx.feeds()
    assert feed.id is not None
    ordered = sorted(enumerate(items), key=lambda ix: (ix[1].published or NO_DATE, ix[0]))
    article_ids: dict[str, int] = {}
    for _, item in ordered:
        url = f"http://bench.test/{item.id.replace(' ', '_')}"
        now[0] = (item.published or NO_DATE) + timedelta(hours=1)
        done = pipeline.ingest.article(
            Candidate(
                feed_id=feed.id,
                entry_key=item.id,
                link=url,
                url=url,
                title=item.title,
                text=item.text,
                text_origin="page",
                published=item.published or NO_DATE,
                author=None,
                source=item.source,
                source_name=None,
                language=item.language,
            )
        )
        if done.kind not in ("article", "duplicate") or done.article_id is None:
            raise SystemExit(f"{item.id}: not ingested as an article ({done.kind})")
        article_ids[item.id] = done.article_id
    with store.tx() as tx:
        out = {}
        for item_id, aid in article_ids.items():
            row = tx.get(Article, aid)
            assert row is not None and row.story_id is not None
            out[item_id] = row.story_id
    store.close()
    return out


# scores


def pairwise(
    gold: dict[str, str], pred: dict[str, int], lang: dict[str, str | None] | None = None
) -> tuple[float, float, float]:
    """Pairwise precision, recall, F1; with `lang`, over pairs in two languages only."""
    ids = sorted(gold)
    tp = fp = fn = 0
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if lang is not None and lang[a] == lang[b]:
                continue
            same_gold = gold[a] == gold[b]
            same_pred = pred[a] == pred[b]
            tp += same_gold and same_pred
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, _f1(p, r)


def bcubed(gold: dict[str, str], pred: dict[str, int]) -> tuple[float, float, float]:
    by_gold: dict[str, set[str]] = defaultdict(set)
    by_pred: dict[int, set[str]] = defaultdict(set)
    for i in gold:
        by_gold[gold[i]].add(i)
        by_pred[pred[i]].add(i)
    p = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_pred[pred[i]]) for i in gold)
    r = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in gold)
    p, r = p / len(gold), r / len(gold)
    return p, r, _f1(p, r)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(
    name: str, items: list[Item], db_url: str | None, join: float | None, merge: float | None
) -> dict[str, Any]:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        pred = run(items, db_url or f"sqlite:///{tmp}/bench.db", join, merge)
    elapsed = time.perf_counter() - started
    gold = {i.id: i.label for i in items}
    lang = {i.id: i.language for i in items}
    return {
        "cross": pairwise(gold, pred, lang) if len(set(lang.values())) > 1 else None,
        "corpus": name,
        "articles": len(items),
        "labels": len(set(gold.values())),
        "stories": len(set(pred.values())),
        "pairwise": pairwise(gold, pred),
        "bcubed": bcubed(gold, pred),
        "seconds": elapsed,
        "pred": pred,
        "gold": gold,
    }


def show(result: dict[str, Any], join: float | None, details: bool) -> None:
    pp, pr, pf = result["pairwise"]
    bp, br, bf = result["bcubed"]
    print(
        f"{result['corpus']:<22} join={join if join is not None else 'default':<7} "
        f"n={result['articles']:<4} labels={result['labels']:<3} stories={result['stories']:<4} "
        f"pairwise P={pp:.3f} R={pr:.3f} F1={pf:.3f}  "
        f"BCubed P={bp:.3f} R={br:.3f} F1={bf:.3f}  ({result['seconds']:.1f}s)"
    )
    if result["cross"] is not None:
        cp, cr, cf = result["cross"]
        print(f"{'':<22} EN-ES pairs only: pairwise P={cp:.3f} R={cr:.3f} F1={cf:.3f}")
    if details:
        by_pred: dict[int, list[str]] = defaultdict(list)
        for i, s in result["pred"].items():
            by_pred[s].append(i)
        for s, ids in sorted(by_pred.items()):
            labels = Counter(result["gold"][i] for i in ids)
            print(f"   story {s}: {dict(labels)}  {sorted(ids)}")


def corpora(
    which: str, split: str | None, events: bool, wikiref: bool = True
) -> list[tuple[str, list[Item]]]:
    """The named corpus (or group: `tune` the fitted-on ones, `held` the held-out ones)."""
    suffix = "/events" if events else ""
    tune, held = which in ("tune", "all"), which in ("held", "all")
    runs: list[tuple[str, list[Item]]] = []
    if which == "labelled" or tune:
        splits = [split] if split else (["all"] if tune else ["tune", "held-out"])
        runs += [(f"labelled/{s}{suffix}", load_labelled(s, events=events)) for s in splits]
    for name, path, group in (
        ("tuning", TUNING, tune),
        ("domains", DOMAINS, tune),
        ("sameday", SAMEDAY, tune),
        ("heldout", HELDOUT, held),
        ("business", BUSINESS, held),
        ("business2", BUSINESS2, held),
        ("business3", BUSINESS3, held),
        ("business4", BUSINESS4, held),
        ("business5", BUSINESS5, held),
        ("business6", BUSINESS6, held),
        ("business7", BUSINESS7, held),
        ("business8", BUSINESS8, held),
        ("business9", BUSINESS9, held),
        ("business10", BUSINESS10, held),
        ("business11", BUSINESS11, held),
        ("business12", BUSINESS12, held),
        ("business13", BUSINESS13, held),
        ("business14", BUSINESS14, held),
        ("business15", BUSINESS15, held),
        ("business16", BUSINESS16, held),
        ("business17", BUSINESS17, held),
        ("business18", BUSINESS18, held),
        ("business19", BUSINESS19, held),
        ("business20", BUSINESS20, held),
        ("business21", BUSINESS21, held),
        ("business22", BUSINESS22, held),
        ("business23", BUSINESS23, held),
        ("business24", BUSINESS24, held),
        ("business25", BUSINESS25, held),
        ("business26", BUSINESS26, held),
        ("business27", BUSINESS27, held),
        ("business28", BUSINESS28, held),
        ("business29", BUSINESS29, held),
        ("business30", BUSINESS30, held),
        ("business31", BUSINESS31, held),
        ("business32", BUSINESS32, held),
        ("business33", BUSINESS33, held),
        ("business34", BUSINESS34, held),
        ("business35", BUSINESS35, held),
        ("business36", BUSINESS36, held),
        ("business37", BUSINESS37, held),
        ("business38", BUSINESS38, held),
        ("business39", BUSINESS39, held),
        ("business40", BUSINESS40, held),
        ("business41", BUSINESS41, held),
        ("business42", BUSINESS42, held),
        ("business43", BUSINESS43, held),
        ("business44", BUSINESS44, False),
        ("heldout5", HELDOUT5, held),
    ):
        if which == name or group:
            runs.append((f"{name}{suffix}", load_labelled("all", events=events, path=path)))
    for part, group in (("tuning", tune), ("heldout", held)):
        if which == "developments" or group:
            runs.append((f"developments/{part}", load_developments(part)))
    for part, group in (("all", False), ("fit", tune), ("held-out", held)):
        if which == "wikiref220" or (group and wikiref):
            runs.append((f"wikiref220/{part}", load_wikiref(part=part)))
    return runs


def _floats(text: str | None) -> Iterable[float | None]:
    return [float(x) for x in text.split(",")] if text else [None]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "--corpus",
        choices=[
            "labelled",
            "tuning",
            "heldout",
            "domains",
            "sameday",
            "business",
            "business2",
            "business3",
            "business4",
            "business5",
            "business6",
            "business7",
            "business8",
            "business9",
            "business10",
            "business11",
            "business12",
            "business13",
            "business14",
            "business15",
            "business16",
            "business17",
            "business18",
            "business19",
            "business20",
            "business21",
            "business22",
            "business23",
            "business24",
            "business25",
            "business26",
            "business27",
            "business28",
            "business29",
            "business30",
            "business31",
            "business32",
            "business33",
            "business34",
            "business35",
            "business36",
            "business37",
            "business38",
            "business39",
            "business40",
            "business41",
            "business42",
            "business43",
            "business44",
            "heldout5",
            "developments",
            "wikiref220",
            "tune",
            "held",
            "all",
        ],
        default="all",
    )
    ap.add_argument("--split", choices=["tune", "held-out", "all"], default=None)
    ap.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    ap.add_argument("--sweep", help="join thresholds to try, comma-separated")
    ap.add_argument("--merge", type=float, help="merge threshold (default: the shipped one)")
    ap.add_argument("--details", action="store_true", help="print each story's labels")
    ap.add_argument(
        "--no-embed",
        action="store_true",
        help="group without the sentence embedding (used, here, whenever the extra is installed)",
    )
    ap.add_argument(
        "--no-wikiref", action="store_true", help="leave WikiRef220 out of --corpus tune/held"
    )
    ap.add_argument(
        "--events",
        action="store_true",
        help="label the summit's announcement, postponement rumours and meeting apart",
    )
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a monitor.judge.stories, .events or .features constant while tuning",
    )
    args = ap.parse_args()
    import monitor.judge.embed as embed
    import monitor.judge.events as events
    import monitor.judge.features as features
    import monitor.judge.stories as stories

    embed.ENABLED = not args.no_embed  # measured with the embedding unless told (extra installed)

    for assignment in args.set:
        name, _, value = assignment.partition("=")
        module = next((m for m in (stories, events) if hasattr(m, name)), features)
        current = getattr(module, name)
        if isinstance(current, timedelta):
            setattr(module, name, timedelta(hours=float(value)))
        elif isinstance(current, tuple):  # PAIR_WEIGHTS=1.2,3.4,...
            setattr(module, name, tuple(float(v) for v in value.strip("()").split(",")))
        else:
            setattr(module, name, type(current)(value))
    runs = corpora(args.corpus, args.split, args.events, wikiref=not args.no_wikiref)
    for join in _floats(args.sweep):
        for name, items in runs:
            show(score(name, items, args.db, join, args.merge), join, args.details)


if __name__ == "__main__":
    main()
