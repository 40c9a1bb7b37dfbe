"""Online story grouping: each new article joins the best-matching recent story or starts one.

Whether an article belongs with another is judged by a small pair model (logistic
regression fitted by `bench/fit_grouping.py` on labelled corpora): how alike their words
are (TF-IDF over the stored corpus, stems shared by English and Spanish), their names,
their headlines and their dates and numbers, how far apart they were published, and
whether they are in different languages. An article's fit with a story is the mean of
that chance over the story's latest articles, so a story is judged by all of its recent
coverage, not by its one closest article (which lets unrelated events chain together)
nor by a centroid (which drifts). A join is vetoed when the article reports another
event of the story's actors (`distinct_event`). Candidate stories come from an inverted
index on each story's strongest terms, read only inside the grouping window, so the cost
per article does not grow with the number of stories.

An article that fits two stories strongly shows they are one: the younger is merged into
the older, which keeps both timelines; the absorbed story keeps its alerts and points at
the survivor.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from operator import itemgetter
from typing import Any

from monitor.judge import embed
from monitor.judge import features as features_module
from monitor.judge.developments import Development, StatedFacts, describe_fact, detect
from monitor.judge.features import Features, TopicWords, features
from monitor.storage import Article, Story, StoryEvent, Tx

log = logging.getLogger(__name__)

PROFILE_TERMS = 60  # terms kept in a story's centroid (candidate lookup)
INDEX_TERMS = 40  # of which the strongest are indexed for candidate lookup
QUERY_TERMS = 15  # an article's strongest terms used to look up candidates
CANDIDATES = 20  # stories scored per article, at most
COMMON_SHARE = 0.5  # terms in more than this share of articles are not looked up...
COMMON_MIN_DOCS = 50  # ...once the corpus is this large
MEMBERS = 10  # latest articles a story is compared through
# what an article's view keeps, at most: terms, names, headline terms, dates, numbers
VIEW_TERMS = 40
VIEW_NAMES = 20
VIEW_HEADLINE = 15
VIEW_FIGURES = 10
JOIN_THRESHOLD = 0.5  # chance of being the same story an article needs to join it
MERGE_THRESHOLD = 0.8  # an article this sure of two stories merges them
MAX_MERGES = 3  # stories merged by one article, at most
PAIR_SHARE = 0.5  # ...and only stories this share of the join threshold alike themselves
FUTURE_SLACK = timedelta(days=1)  # published dates further ahead of the fetch are not trusted
# An article this long after a story's latest report, stating dates the story never
# states and whose words are this far from each of its reports, reports another event
# (distinct_event).
DISTINCT_GAP = timedelta(days=4)
DISTINCT_WORDS = 0.35
# At any distance in time: naming none of the story's names, with words this far from
# each of its reports in the article's language (distinct_event; 0 switches it off)...
UNRELATED_WORDS = 0.1
# ...and this share of it from each in another: one event's English and Spanish reports
# share fewer terms (stems shared in part) than two in one language. Both chosen on the
# tuning corpora by their worst one (bench/README.md).
UNRELATED_ACROSS = 0.75
# At any distance in time: reporting another kind of event than every report of the story
# in its language (features.EVENT_KINDS), with words this far from each (0 switches it off;
# 1: whatever the words). Not 1: the kinds are read from English business words, which
# political news uses too ("recalled its ambassador", "military strikes", "sanctions"),
# and the words keep such a report with its story (bench/README.md, "Merges kept to one
# event").
KIND_WORDS = 0.25
# ...or this far (when higher), when the article's kinds are read from its headline
# (features.KINDS_HEAD): a headline tells what a report is about, so one actor's exit and
# results share the actor's name and the day's words and are still apart. Chosen on the
# development corpora by their worst one (bench/README.md, "Rule 3, third round"; 0.5
# split a story's report whose headline tells another kind, "Rule 3, seventh round").
KIND_HEAD_WORDS = 0.35
# ...or this far (when higher) from a report whose kinds are read from its headline too,
# when the article's are (0: not read): two headlines telling two kinds of one company's
# events share its name and its sector's words in every line (a fine and the leak it
# punishes, job cuts and the trial failure they cite, 0.45-0.53 of their words), and the
# headlines still tell two events. Off: it also splits a story's report whose headline
# tells another kind than its first reports' (an airline's loss and "Strike and fuel costs
# push Skyline deeper into the red"), which the grouping tests keep (bench/README.md,
# "Rule 3, seventh round").
KIND_HEADS_WORDS = 0.0
# ...or this far (when higher) between the article and a report either of whose kinds is
# told by its headline's main verb (features.KINDS_VERB; 0: not read): what the actor did
# ("opens investigation into ... explosion", "to close plant") tells another event than a
# report of what it acts on, though both retell it (a probe and the explosion it examines
# share 0.38 of their words).
KIND_VERB_WORDS = 0.0
# 1: that bar only when every such report's kinds are its headline's too; 0: the
# article's alone (a story's report whose headline tells no kind still counts).
KIND_HEAD_ALL = 0
# 1: between a statistics release (prices, jobs, growth, spending figures) and a rate
# decision, rule 3's words leave out the words of the names either report's headline and
# first paragraph state: inflation figures name the central bank whose decision they
# follow, and share its name, the country and the rate with its reports.
KIND_STATS_NAMES = 1
# A report whose kind is read against a story none of whose reports in its language have
# one, or a report with no kind against a story whose every such report has one, is
# apart when its words are under this from each of them (0 switches it off): a price
# rise, a funding round or a probe told by words no kind reads joined the event its
# company had last, by the company's name and the day's words.
KIND_NONE_WORDS = 0.0
# One way only: a report whose kind is read from its headline, against a story none of
# whose reports in its language reads one, is apart under this bar from each (0 switches
# it off): a miner's share placement beside the permit it names. The other way (a report
# with no kind beside a story of one kind) is most often a follow-up told in other words.
KIND_HEAD_NONE_WORDS = 0.0
# 1: rule 3's words leave out the names' words between any two kinds, not only between a
# release and a rate decision: one company's fine and its rescue funding, its bid and the
# probe of it, share the company's name in every line.
KIND_NAMES_ALL = 0
# 1: rule 3's words leave out every word of the name of the actor either report is about
# (features.headline_actors, features.actor_name), not every name: one company's next
# event retells the first with the company's name in every line (its place, its product
# and the other names stay counted); 2: the actors of the article and of every report of
# the story, in either language (names read alike in English and Spanish), so a report
# whose actor is not read still loses the story's company's name. 0: not read. 1 (with
# KIND_NAMES_ACTOR_HEAD 1) was picked on the development corpora (bench/README.md, "Rule
# 3, eleventh round").
KIND_NAMES_ACTOR = 1
# 1: only when the article's kinds are read from its headline (features.KINDS_HEAD): a
# market report reading a kind from its lede ("a week after a regulatory penalty at
# home") under a rule 3 bar of KIND_WORDS retells its own event in other words, and
# leaving the company's name out of so few words parts it. 0: whatever the kinds' source.
KIND_NAMES_ACTOR_HEAD = 1
# 1: KIND_NONE_WORDS's and KIND_HEAD_NONE_WORDS's words leave out the words of the name of
# the actor either report is about, as rule 3's do with KIND_NAMES_ACTOR: a company's next
# event beside a first one that read no kind shares the company's name in every line. 0:
# every word counted.
KIND_NONE_NAMES = 0
# At any words: an article this many days after the story's latest report, not foretold
# by it, reporting kinds of event (features.Features.late_kinds) none of the story's reports
# in any language reads, is apart (0: not read): a company's next event (the fine over an
# outage, the job cuts after a takeover, the chief's exit after a blast) comes days after
# the first one's coverage and retells it, over rule 3's word bars; the business corpora
# cover one event within three days, its outcome included. Kinds are compared across
# languages here: read with Spanish words (features.KINDS_LATE_ES), they are the same kinds.
# 6 (with KINDS_LATE_ES 2, KINDS_LATE_TOLD 1) was picked on the development corpora
# (bench/README.md, "Rule 3, thirteenth round"); 4 parts a fine five days after the oil
# spill it punishes, which the held-out development stories label one story.
LATE_DAYS = 6.0
# ...and only when the article's words are under this from each report (1: whatever the
# words; the actor's name left out, as rule 3's with KIND_NAMES_ACTOR).
LATE_WORDS = 1.0
STATISTICS = frozenset({"prices", "jobs", "growth", "spending"})
DECISIONS = frozenset({"rates"})
# At any distance in time: the same kind of event as the story's reports in its language,
# about an actor (named by its headline and first paragraph) none of theirs name,
# with words this far from each (0 switches it off; 1: whatever the words): two companies'
# results on one morning, two courts' rulings on one day. 1: a probe retelling the bid it
# examines shares its words; the actor is one name, read only where headline and first
# paragraph agree on it, so a report of the story about its own actors is not split
# (bench/README.md, "Rule 4").
ACTOR_WORDS = 1.0
# 1: an English report with no kind of event, whose headline tells no cause and is about
# an actor (features.headline_actors) none of the story's reports in its language name in
# their headline or first paragraph, is apart: another company's act reported in words no
# kind reads (a container line's surcharge beside the freight-rate record it follows, one
# brewer's buyback beside another's results). A headline telling its cause ("Nogales
# importers warn of price jump after tomato duty") is a reaction to the event it names,
# and is kept to the pair model; kinds are read from English words only, so a report in
# another language has none to lack. 2: and two stories one of whose reports is so apart
# from the other's do not merge (a carrier's second report, naming the rates it follows,
# fits both). 0: not read. 2 was picked on the development corpora (bench/README.md,
# "Rule 3, sixth round").
KIND_NONE_ACTOR = 2
KIND_LANGS = frozenset({"en"})
# 1: the other way too: an English report of a kind, about an actor none of the story's
# reports in its language name in their headline or first paragraph, against a story none
# of whose reports reads a kind, is apart: another brewer's results beside a brewer's
# price rise told in words no kind reads (0: not read; a kind against a kind is rule 3's
# and rule 4's, and a kindless report rule KIND_NONE_ACTOR's). 2: only when the report's
# kind is its headline's main clause's: a kind its cause names ("Doral celebrates Maduro's
# fall as he awaits first New York court date") is what it reacts to. 2 was picked on the
# development corpora (bench/README.md, "Rule 3, eighth round").
KIND_ACTOR_NONE = 2
# 1: a report whose kind its headline's main verb tells (features.KINDS_VERB), about an
# actor none of the story's reports in its language name, against a story none of whose
# reports reads that kind, is apart: another actor's act (a competition regulator opening
# a probe into a bid it names). A kind the story reports by another actor is rule 4's. 1
# was picked on the development corpora (bench/README.md, "Rule 3, ninth round").
KIND_VERB_ACTOR = 1
# 1: two stories whose reports in one language read kinds (KIND_LANGS), none shared, do
# not merge: an article fitting both (a Spanish report of a bid that names the strike
# before it) told two events apart by their kinds, as rule 3 parts a report from a story
# of another kind. 0: any two stories the article fits strongly merge. Off: it parts
# stories of one event whose reports read different kinds (bench/README.md, "Rule 3,
# ninth round").
KIND_MERGE_KINDS = 0
# 1: two stories do not merge when a report of the later one is one the late rule
# (LATE_DAYS) parts from the earlier one: an article of no kind fitting both (a Spanish
# report of a bond sale ten days after the drug approval it funds) joined what the late
# rule had told apart. 0: the late rule is read on joins only. 1 was picked with
# KIND_LATE_READ 1 (bench/README.md, "Rule 3, sixteenth round").
LATE_MERGE = 1
# 1: the kinds rule 3 compares (KIND_WORDS) include, for a story whose reports read
# kinds, the kinds each report reads as a late report (features' late kinds): a probe's
# headline naming the merger it examines reads "deal", its late kind "probe", and a
# later report of the probe ("to examine … deal") reads "probe". 0: their kinds only.
# It can only part less. 1 was picked with LATE_MERGE 1 (bench/README.md, "Rule 3,
# sixteenth round").
KIND_LATE_READ = 1
# 1: a report whose headline names public bodies (features.BODIES: central banks,
# regulators, OPEC), against a story whose reports' headlines name some, is apart when
# neither side's headline names a body the other names in its headline or first
# paragraph: the ECB's hold and the Bank of England's cut the next day read one kind and
# no actor (a body's short form is no name headline_actors reads). 0: not read. 1 was
# picked with UNRELATED_FIGURES 1 (bench/README.md, "Rule 3, nineteenth round").
BODIES_APART = 1
# 1: the unrelated rule (UNRELATED_WORDS) does not part a report sharing a stated figure
# of three digits or more, or with decimals, with one of the story's reports: a Spanish
# and an English report of a power price's jump share "212 euros" and no name ("España",
# "Spanish"). 0: figures not read. 1 was picked with BODIES_APART 1 (bench/README.md,
# "Rule 3, nineteenth round").
UNRELATED_FIGURES = 1
# Days (0: not read): rule 3 (KIND_WORDS) does not part a report from a story when
# it and one of the story's reports in its language came this close in time and either's
# headline tells a cause (features._CAUSE) naming an actor or public body the other names
# in its headline or first paragraph: a market's move and the event it names as its cause
# ("Crude climbs … as hurricane halts Gulf platforms" beside "Hurricane shuts 40% of Gulf
# of Mexico oil output"; "Gilts slip, pound firms as BoE resists cutting" beside the
# Bank of England's hold) read two kinds, a price and what moved it. It can only part
# less. Not picked: a cause naming a company keeps its next event with the story
# (bench/README.md, "Rule 3, twentieth round").
REACTION_DAYS = 0.0
# 2: either report's cause may name the other's actor or body; 1: only the joining
# report's own (a story's report whose cause names the later report's company, "No talks
# scheduled as Cordell strike enters second day", does not keep that company's next
# event, its forecast cut, with it).
REACTION_WAY = 2
# 1: two stories do not merge when the later one's first report is one the join rules
# (`distinct_event`) part from the earlier one's reports before it: an article fitting
# both (a finance chief's exit "two days after record plane order") would join what was
# told apart when the later event's first report came. 2: any report of the later story
# so parted. 0: not read (only LATE_MERGE's and KIND_NONE_ACTOR's bars). Not picked: it
# parts corpora's reports of one story (bench/README.md, "Rule 3, twentieth round").
MERGE_APART = 0
# Hours (0: not read): rule 3 (KIND_WORDS) does not part a report from a story when one
# report's headline tells a move of shares (features.share_move), the other's actor is
# one it names in its headline or first paragraph, and they came within this many hours:
# a company's shares tumbling on its profit warning read "prices" from the market's low,
# the warning "results". It can only part less. Not picked: the development grid's best
# row at 24, but the grouping tests fail with it (bench/README.md, "Rule 3, twenty-first
# round").
MOVE_HOURS = 0.0

# Hours (0: not read): the unrelated rule (UNRELATED_WORDS) does not part a report from a
# story one of whose reports in its language came within this many hours when either
# names (headline or first paragraph) the actor the other's headline is about
# (`_names_actor`): a market piece ("Retail stocks lifted as Penhallow's festive food
# push pays off") names "Penhallow", the results "Penhallow Stores", two names that share
# no fact, and a customer's account of an outage names the operator in its first
# paragraph only. It can only part less. 24 (with NAMED_PRIOR 0.05, LATE_HEAD_DAYS 10)
# was picked on the development corpora (bench/README.md, "Rule 3, twenty-second round").
UNRELATED_NAMED = 24.0
# Hours (0: not read): rule 3 (KIND_WORDS) does not part a report whose headline reads no
# kind (its kinds read from its first paragraph) from a story one of whose reports in its
# language came within this many hours: an interview or a reaction piece of the same day
# ("Union chief: miners want a share of record prices, not a bonus" beside the strike)
# tells no event in its headline, and its first paragraph's words ("record prices")
# read a kind of what it only mentions. It can only part less. Not picked: a GDP release
# or a rival's bid of the same day, told with a kind only in its first paragraph, joins
# another company's results (bench/README.md, "Rule 3, twenty-second round").
KIND_LEDE_HOURS = 0.0
# Hours (0: not read): as KIND_LEDE_HOURS, only when one of those reports and the article
# name each other's actor (`_names_actor`): an analysis of a chipmaker's purchase ("A
# software buy from a chipmaker that is cutting back on factories") names Veridan and
# reads "results" from its first paragraph, the purchase "deal". Same-day events of
# other companies (a GDP release beside a company's results) name no actor of the other.
# It can only part less. 24 (with LATE_LEDE_DAYS 10) was picked on the development
# corpora (bench/README.md, "Rule 3, twenty-fourth round").
KIND_LEDE_NAMED = 24.0
# Hours (0: not read): rule 4 (`_other_actor`) and its kindless form
# (`_other_actor_of_no_kind`) do not part an article about another actor whose headline
# or first paragraph names the actor of one of the story's reports in its language that
# came within this many hours: a reaction by a union, a charity or a supplier on a
# company's event of that day is about the union and names the company ("Scientists'
# union vows to fight closure of Cambridge laboratory" names Cendril beside its job
# cuts). It can only part less. 12 (with features.KINDS_JOBS 1 and LATE_END_DAYS 7) was
# picked; 24 joins a lender's mortgage-rate cut, 18 hours on, to the central bank's cut it
# names (bench/README.md, "Rule 3, twenty-fifth round" and "twenty-sixth round").
REACTION_NAMED = 12.0
# Added to a story's fit (0: not read) when one of its reports in the article's language
# came within NAMED_HOURS and either names (headline or first paragraph) the actor the
# other's headline is about: the market's reaction to a company's event and the event
# share the company and the day, few other words. Applied after the join rules
# (`distinct_event`), which still part a company's other events. 0.05 was picked
# (bench/README.md, "Rule 3, twenty-second round").
NAMED_PRIOR = 0.05
NAMED_HOURS = 24.0
# Hours (0: not read): a story one of whose reports in the article's language came within
# this many hours and names the article's actor, or whose actor the article names
# (`_names_actor`), fits it at least as well as the pair model's chance with that report,
# not only its mean over the story's reports: an interview or an analysis of a company's
# event ("Turbine maker: 'We cannot keep absorbing steel and shipping costs'") is close to
# the event's flash and far from its market piece, whose mean keeps it out. Applied after
# the join rules (`distinct_event`), which still part a company's other events. Not
# picked: every grid row with it lowers `sameday` by 0.027, where a Libyan oil field's
# shutdown and a chemicals maker's purchase of that day end in one story (bench/README.md,
# "Rule 3, twenty-fourth round").
NAMED_BEST = 0.0
# Days (0: not read): an article this long after a story's latest report whose headline's
# main clause reads kinds (features' kinds_head and kinds_main) none of the story's
# reports reads (kinds or late kinds) is another event, whatever the words and the kinds
# they name: a miner's output forecast cut three weeks after its strike names the strike
# ("after strike") and shares its words, which the late rule (LATE_DAYS) reads as told.
# 10 was picked (bench/README.md, "Rule 3, twenty-second round").
LATE_HEAD_DAYS = 10.0
# Days (0: not read): an article this long after a story's latest report whose headline
# reads no kind and whose first paragraph reads only kinds the story's reports read is
# another event, the story's told as its cause: a refinery's restart sixteen days after its fire
# ("Strandholm restarts Antwerp crude unit after repairs") retells the fire in its first
# paragraph, which reads "accident", and shares its words. It can only part more. 10 (with
# KIND_LEDE_NAMED 24) was picked (bench/README.md, "Rule 3, twenty-fourth round").
LATE_LEDE_DAYS = 10.0
# Days (0: not read): an article this long after a story's latest report, not foretold by
# it, whose headline tells an event's end or undoing (features.ends_event: "accept 7% deal,
# ending two-week strike", "as terminal reopens", a settlement, a restart, a rescue) and
# no report of the story's headline does, is another event: the later action that ended
# the story's, whose reports retell it in its words and kinds (a dock strike and the pay
# deal that ended it 17 days later). It can only part more. 7 (with REACTION_NAMED 12 and
# features.KINDS_JOBS 1) was picked (bench/README.md, "Rule 3, twenty-sixth round"), and
# kept with features.ENDS_MORE 1, which reads an end's first flash ("strike over",
# "restores gas") ("twenty-seventh round").
LATE_END_DAYS = 7.0
# Days (0: not read): an article this long after the story's latest report in its
# language, not foretold by it, reporting a kind of event one of them reports, is apart
# when its headline names a name (features' head_named) none of the story's reports names
# in its headline or first paragraph, and the headline of each report sharing its kind
# names one the article does not name in its own: one rating agency's downgrades of a
# cruise line and, three days later, of a tyre maker ("Norbridge cuts Aurelian Cruises to
# junk", "FLASH: Norbridge lowers Pellmoor Tyres to BB-") share the agency's name, the
# kind and its words, and are two events, each of its own company. It can only part more.
# 2 (with RECENT_DAYS 7) was picked (bench/README.md, "Rule 3, twenty-eighth round").
OBJECT_DAYS = 2.0
# Days (0: not read): an article this long after a story's latest report, not foretold by
# it, whose headline tells a new step against an earlier event (features.step_event: an
# appeal, a challenge of a ruling, a suit, a bid raised or rejected) and no report of the
# story's headline does, is another event, as a late end is (LATE_END_DAYS): a grid
# operator's appeal of its price ruling to the competition authority nineteen days on
# ("FLASH: Lynmouth Grid appeals Ofgem price ruling to CMA") retells the ruling in its
# words and names, and a hostile bid's all-cash raise twelve days on joins the first
# offer's story. It can only part more. 7 was picked (bench/README.md, "Rule 3, thirtieth
# round").
LATE_STEP_DAYS = 7.0
# 1: LATE_STEP_DAYS parts a step even on a day one of the story's reports said lay ahead
# (0: a foretold day keeps it): a strike vote names the day the walkout starts
# ("crews would stop work from April 26") and the strike's flash comes on it, thirteen days
# on; a possible offer names the day a firm one is due. The step is another event though
# its day was named; an announced event's own report (a rate decision on its day) tells
# no step and is not read. Not picked: with it the strike's analysis stays with the vote
# (bench/README.md, "Rule 3, thirty-first round").
STEP_AHEAD = 0
# Days (0: not read): an article whose best story's latest report in its language is this
# many days older, and which fits another story above the join threshold one of whose
# reports in its language came within RECENT_HOURS of it and shares a name with it
# (headline or first paragraph), joins that story: a reaction piece of the day an
# abandoned takeover is told ("Stoke tyre workers caught between pension fears and a lost
# buyer") shares the factory's and the union's names with the workers' piece on the bid
# three weeks before, and is about the day's news. 7 (with OBJECT_DAYS 2) was picked
# (bench/README.md, "Rule 3, twenty-eighth round").
RECENT_DAYS = 7.0
RECENT_HOURS = 24.0
# Hours (0: not read): an article whose headline reads no kind (an angle piece) and whose
# text names, anywhere (features.capitalised, read with features.READ_CAPITALS: a
# sentence's first word too), the actor of
# one of the story's reports in its language that came within this many hours, fits the
# story at least as well as its best chance with those reports, and with NAMED_PRIOR:
# the workers' piece on a sale ("Doncaster windscreen workers wait to learn what a Dutch
# owner means for them", naming Pellridge and Luxbury only at its sentences' starts) is
# close to the sale's full report and far from its flash, whose mean keeps it out.
# Applied after the join rules (`distinct_event`), which still part a company's other
# events. It can only join more. Not picked: other companies' events of the day end in
# one story (two insurers' deal and profit warning, two grocers' results and warning)
# (bench/README.md, "Rule 3, thirty-second round").
ANGLE_NAMED = 0.0
# Pair chance (0: not read): rule 3 (KIND_WORDS) does not part an article whose headline
# reads no kind from a story one of whose reports in its language came within
# ANGLE_SURE_HOURS with at least this chance with it (`same_story`): an analysis of a
# price slide ("Flood of Chinese metal puts pressure on European producers") reads
# "trade" from its first paragraph, the slide's report "prices", and they share the day,
# the record figure and its words. It can only part less. 0.99 was picked (bench/README.md,
# "Rule 3, thirty-third round"; the best row of round 32's grid too, when tests of older
# rules read alone, which left the rules beside them off and not this one, failed with
# it: they now leave it off as well); at 0.95 other companies' events of the day end in
# one story (a salmon farmer's purchase and another's forecast cut).
ANGLE_SURE = 0.99
ANGLE_SURE_HOURS = 24.0
# Pair chance (0: not read): as ANGLE_SURE, for an article whose headline is about no
# actor, whatever kind it reads: rule 3 (KIND_WORDS) does not part it from a story one of
# whose reports in its language came within ANGLE_SURE_HOURS with at least this chance
# with it. A piece about the people an event touches ("Pet owners spared price rises,
# watchdog says, as kibble deal falls", "prices" against the blocked takeover's "deal")
# or a market piece naming the company by its sector ("Beauty stock suffers worst day
# since listing …", "listing" against the warning's "results") names no actor of its own,
# so the kind its headline reads is the event's effect, not another event. It can only
# part less. Not picked: alone it joins inflation releases to their central banks' rate
# decisions; with ACTORLESS_NARROW at 0.99 it was the grid's best row, but older tests
# that read other rules alone, and one with the shipped settings (a regulator's
# compensation order joining the outage), fail with it (bench/README.md, "Rule 3,
# thirty-sixth round").
ACTORLESS_SURE = 0.0
# 0 or 1: at 1, ACTORLESS_SURE reads only an article whose headline reads a kind (one
# reading none is ANGLE_SURE's: an older rule's tests pin such pieces apart while
# ANGLE_SURE is off), and leaves alone a report of statistics only beside a rate decision
# only, or the reverse (`_release_and_decision`): an inflation release is about no actor
# and shares its day, its figures and its words with the central bank's decision, yet is
# another event (round 36's first grid, without it: four inflation releases joined their
# central banks' decisions).
ACTORLESS_NARROW = 0
# Hours (0: not read): rule 3's other actor (`_other_actor`) counts the article's actor
# as one the story names only where a report of the story is about it or names it within
# this many hours of the article: a market piece on one grocer's results the day after a
# rival's ("Bellhaven edges up as savings plan offsets flat profit") is about a grocer the
# rival's market piece of the day before named in passing ("Rival Bellhaven Grocers, which
# reports on Wednesday, rose 1.9% in sympathy"), not the rival's event. It can only part
# more. Not picked: a mine's union deal ending a strike two days on is parted from the
# strike's story, which named the mine in passing and is about its owner (bench/README.md,
# "Rule 3, thirty-third round").
ACTOR_NAMED_HOURS = 0.0
# Hours (0: not read): an article whose headline is about no actor and reads no kind (a
# market piece naming its companies by their sector: "Tower stocks rally as final rule
# proves milder than feared") and which names, in its headline or first paragraph, a name
# a report of the story in its language that came within this many hours names there too
# (Highmast, named by the final rule's report), is parted neither by the unrelated rule
# (`_unrelated`) nor by rule 3 (`_other_kind`). It can only part less. Not picked: the
# names read are any capitalised words of the headline and first paragraph, a headline's
# first too (Spanish "La", "Shares"), so a day's unrelated events end in one story (a
# chemicals deal, a heatwave and an oil rise) (bench/README.md, "Rule 3, thirty-third
# round").
SHARED_NAMED = 0.0
# 0: off. 1: rule 3's other actor (`_other_actor`) does not count as the story's the names
# a report of the story reads only in passing (features.passing_names: "Rival Bellhaven
# Grocers, which reports on Wednesday, rose 1.9% in sympathy"; "Stranvik dragged lower
# before its results"), save the actor the report is about: a narrower reading than
# ACTOR_NAMED_HOURS's, which counts no name of a report more than some hours off, so a
# strike's reports still name the mine a union's deal ending it is about. 2: the other
# rules reading a story's names against the article's actor (`_kindless_other_actor`,
# `_other_actor_of_no_kind`) do the same. It can only part more. 1 picked in round 35 (the
# grid's best row in rounds 34 and 35; round 34 left it only because round 33's test of
# ACTOR_NAMED_HOURS pinned the merge it parts, a test that now leaves it off), with
# features.READ_PASSING 1, the reading it needs; at 2 a takeover's target called a rival
# ("AeroAndes agrees to buy rival SurJet") is read in passing and a rewrite of the deal
# leaves its story (bench/README.md, "Rule 3, thirty-fourth round" and "thirty-fifth").
PASSING_NAMED = 1

# Pair model: a logistic regression over PAIR_INPUTS (pair_features), fitted by
# bench/fit_grouping.py; PAIR_WEIGHTS_EMBED adds the sentence-embedding cosine as the last
# input and is used when both articles carry an embedding (the `embed` extra, switched on
# with MONITOR_EMBED=on), fitted on all tuning corpora of bench/README.md.
PAIR_INPUTS = (
    "words",  # word cosine
    "names",  # name cosine
    "headline",  # headline cosine
    "dates",  # date cosine
    "numbers",  # number cosine
    "log_days",  # log(1 + days apart)
    "cross_words",  # word cosine across languages
    "cross",  # different languages
    "on_day_ahead",  # one published on the day the other said lay ahead
    "names_apart",  # both name people or bodies, none the same
    "numbers_apart",  # both state figures, none the same
    "dates_apart",  # both state dates, none the same
)
APART_BELOW = 0.05  # a cosine under this shares nothing that counts
# PAIR_WEIGHTS: fitted on labelled.toml and tuning.toml over the first nine inputs. The
# refit on the wider tuning data (bench/fit_grouping.py) joined fewer distinct events of
# one sector but split more of one story on three of four held-out sets, so it is not
# used (bench/README.md); the inputs after the ninth weigh nothing here.
PAIR_WEIGHTS = (23.62, 3.99, 8.33, 2.07, 2.23, -1.89, 7.11, 1.01, 7.24, 0.0, 0.0, 0.0)
PAIR_BIAS = -2.13
PAIR_WEIGHTS_EMBED = (
    6.76,
    1.92,
    4.18,
    1.76,
    1.75,
    -1.26,
    2.00,
    1.68,
    5.20,
    -0.59,
    0.52,
    -0.38,
    9.87,
)
PAIR_BIAS_EMBED = -6.38

_NAME, _DATE, _NUMBER = "ent:", "date:", "num:"
_TERM, _WEIGHT = itemgetter(0), itemgetter(1)
_FACT = (_NAME, _DATE, _NUMBER)


@dataclass
class Placement:
    story: Story
    created: bool
    score: float
    new_facts: list[str] = field(default_factory=list)  # facts the story did not have yet
    development: Development | None = None  # what the article adds, when it is news
    merged: list[int] = field(default_factory=list)  # stories this article merged in


def _normalise(vec: Mapping[str, float], keep: int | None = None) -> dict[str, float]:
    # weight down, then term: by term, then stably by weight reversed (sorts in C, where
    # one key of (-weight, term) built a tuple per item)
    items = sorted(vec.items(), key=_TERM)
    items.sort(key=_WEIGHT, reverse=True)
    if keep is not None:
        items = items[:keep]
    norm = math.sqrt(sum(v * v for _, v in items)) or 1.0
    return {k: v / norm for k, v in items}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def _idf(n_docs: int, df: int) -> float:
    return math.log((n_docs + 1) / (df + 1)) + 1.0


def article_time(article: Article) -> datetime:
    """When the article was published; the fetch time when the feed gave no usable date."""
    published = article.published_at
    if published is None or published > article.fetched_at + FUTURE_SLACK:
        return article.fetched_at
    return published


@dataclass(frozen=True)
class Sketch:
    """What grouping reads of an article, weighed by the frequencies stored before it."""

    vec: dict[str, float]  # TF-IDF over terms and facts: the centroid's share
    view: dict[str, Any]  # what the pair model compares (member_view)
    lookup: list[str]  # terms to find candidate stories by (lookup_terms)
    when: datetime


def sketch(tx: Tx, article: Article, feats: Features, *, count: bool = False) -> Sketch:
    """The article's vector, view and lookup terms, from one read of the frequencies.

    Read before its own terms are counted (`tx.count_terms`), as ingest and import do;
    `count`: counted here, by the statement that reads them (`tx.count_and_read`).
    """
    counted, dfs = tx.count_and_read(feats.counts) if count else tx.frequencies(feats.counts)
    n_docs = counted + 1
    idf = {t: _idf(n_docs, dfs.get(t, 0)) for t in feats.counts}
    weights = {t: (1.0 + math.log(c)) * idf[t] for t, c in feats.counts.items()}
    vec = _normalise(weights, PROFILE_TERMS)
    when = article_time(article)
    view = member_view(feats, idf, when, article.language, weights)
    packed = embed.vector(article.title, article.text)  # once per article: the view keeps it
    if packed is not None:
        view["embed"] = packed
    return Sketch(
        vec=vec,
        view=view,
        lookup=lookup_terms(vec, dfs, counted),
        when=when,
    )


def member_view(
    feats: Features,
    idf: Mapping[str, float],
    when: datetime,
    language: str | None,
    weights: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """What a story keeps of an article to compare later ones with (JSON-ready).

    `weights`: each counted term's TF-IDF weight by `idf`, when worked out already."""
    if weights is None:
        words = {
            t: (1.0 + math.log(c)) * idf.get(t, 1.0)
            for t, c in feats.counts.items()
            if not t.startswith(_FACT)
        }
    else:
        words = {t: w for t, w in weights.items() if not t.startswith(_FACT)}
    names = {
        f: idf.get(f, 1.0)
        for f in feats.facts
        if f.startswith(_NAME) and not feats.topic.in_name(f[len(_NAME) :])
    }
    dates = {f: idf.get(f, 1.0) for f in feats.facts if f.startswith(_DATE)}
    numbers = {f: idf.get(f, 1.0) for f in feats.facts if f.startswith(_NUMBER)}
    view: dict[str, Any] = {
        "terms": _normalise(words, VIEW_TERMS),
        "names": _normalise(names, VIEW_NAMES),
        "headline": _normalise({t: idf.get(t, 1.0) for t in feats.headline}, VIEW_HEADLINE),
        "dates": _normalise(dates, VIEW_FIGURES),
        "numbers": _normalise(numbers, VIEW_FIGURES),
        "at": when.timestamp(),
        "lang": (language or "").split("-")[0].lower() or None,
        "ahead": _ahead(feats.facts, when.date()),
        "kinds": sorted(feats.kinds),
        "late_kinds": sorted(feats.late_kinds),
        "late_told": sorted(feats.late_told),
        "kind_head": feats.kinds_head,
        "kind_verb": feats.kinds_verb,
        "kind_main": feats.kinds_main,
        "actors": sorted(feats.actors),
        "named": sorted(feats.named),
        "actor_name": sorted(feats.actor_name),
        "caused": feats.caused,
        "bodies": sorted(feats.bodies),
        "bodies_named": sorted(feats.bodies_named),
        # kinds of which the view keeps only the rarest: sharing none of those says little
        "cut": [
            kind
            for kind, found, keep in (
                ("names", names, VIEW_NAMES),
                ("dates", dates, VIEW_FIGURES),
                ("numbers", numbers, VIEW_FIGURES),
            )
            if len(found) > keep
        ],
    }
    # kept only for the rules that read them (off by default): every story row carries
    # its members' views
    if REACTION_DAYS > 0:
        view["cause"] = sorted(feats.cause)
        view["cause_bodies"] = sorted(feats.cause_bodies)
    if MOVE_HOURS > 0:
        view["moves"] = feats.moves
    if LATE_END_DAYS > 0:
        view["ends"] = feats.ends
    if OBJECT_DAYS > 0:
        view["head_named"] = sorted(feats.head_named)
    if ANGLE_NAMED > 0:
        view["capitals"] = sorted(feats.capitals)
    if PASSING_NAMED > 0:
        view["passing"] = sorted(feats.passing)
    if LATE_STEP_DAYS > 0:
        view["steps"] = feats.steps
        if features_module.STEP_KINDS:
            view["step_kinds"] = sorted(feats.step_kinds)
    return view


AHEAD = timedelta(days=60)  # a named date this far after publication is one coming up


def _ahead(facts: set[str], published: date) -> list[str]:
    """The dates an article names that lie ahead of it ("will meet on February 3")."""
    out = []
    for f in facts:
        if not f.startswith(_DATE):
            continue
        month, day = (int(x) for x in f[len(_DATE) :].split("-"))
        for year in (published.year, published.year + 1):
            try:
                named = date(year, month, day)
            except ValueError:
                continue
            if timedelta(0) < named - published <= AHEAD:
                out.append(f[len(_DATE) :])
                break
    return sorted(out)


def _on_a_day_ahead(a: Mapping[str, Any], b: Mapping[str, Any]) -> float:
    """1 when one article appeared on (or the day after) a date the other said lay ahead:
    the announcement of an event and the report of it."""
    for x, y in ((a, b), (b, a)):
        day = datetime.fromtimestamp(x["at"], UTC).date()
        ahead = y.get("ahead") or ()
        for d in (day, day - timedelta(days=1)):
            if f"{d.month:02d}-{d.day:02d}" in ahead:
                return 1.0
    return 0.0


def _apart(a: Mapping[str, Any], b: Mapping[str, Any], kind: str, alike: float) -> float:
    """1 when both articles state names (dates, figures) and share none of them, judged
    on views that keep all they state: a long article's view keeps only its rarest."""
    if not a[kind] or not b[kind] or kind in a.get("cut", ()) or kind in b.get("cut", ()):
        return 0.0
    return float(alike < APART_BELOW)


def pair_features(a: Mapping[str, Any], b: Mapping[str, Any]) -> tuple[float, ...]:
    """The pair model's inputs for two article views (PAIR_INPUTS), without the embedding."""
    words = cosine(a["terms"], b["terms"])
    names = cosine(a["names"], b["names"])
    dates = cosine(a["dates"], b["dates"])
    numbers = cosine(a["numbers"], b["numbers"])
    apart = abs(a["at"] - b["at"]) / 86400
    cross = float(bool(a["lang"] and b["lang"] and a["lang"] != b["lang"]))
    return (
        words,
        names,
        cosine(a["headline"], b["headline"]),
        dates,
        numbers,
        math.log1p(apart),
        cross * words,
        cross,
        _on_a_day_ahead(a, b),
        _apart(a, b, "names", names),
        _apart(a, b, "numbers", numbers),
        _apart(a, b, "dates", dates),
    )


def embedding_alike(a: Mapping[str, Any], b: Mapping[str, Any]) -> float | None:
    """Cosine of the two articles' sentence embeddings; None unless both have one."""
    x, y = a.get("embed"), b.get("embed")
    return embed.similarity(x, y) if x and y else None


def same_story(a: Mapping[str, Any], b: Mapping[str, Any]) -> float:
    """The pair model's chance that two articles report the same story: with the
    embedding when both views carry one, else by the model fitted without it."""
    x: tuple[float, ...] = pair_features(a, b)
    weights: tuple[float, ...] = PAIR_WEIGHTS
    z = PAIR_BIAS
    alike = embedding_alike(a, b)
    if alike is not None:
        weights, z = PAIR_WEIGHTS_EMBED, PAIR_BIAS_EMBED
        x = (*x, alike)
    z += sum(w * v for w, v in zip(weights, x, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def members(story: Story) -> list[dict[str, Any]]:
    """The views a story is compared through; one made of its centroid and facts for a
    story from before views were kept."""
    if story.members:
        return story.members
    return [
        {
            "terms": _normalise(
                {k: v for k, v in story.profile.items() if not k.startswith(_FACT)}, VIEW_TERMS
            ),
            "names": _normalise(
                dict.fromkeys((f for f in story.facts if f.startswith(_NAME)), 1.0)
            ),
            "headline": {},
            "dates": _normalise(
                dict.fromkeys((f for f in story.facts if f.startswith(_DATE)), 1.0)
            ),
            "numbers": _normalise(
                dict.fromkeys((f for f in story.facts if f.startswith(_NUMBER)), 1.0)
            ),
            "at": story.last_seen.timestamp(),
            "lang": None,
            "cut": ["names", "dates", "numbers"],  # a whole story's facts, not one report's
        }
    ]


def fit(view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]) -> float:
    """How well an article fits a story: the mean chance over the story's latest articles."""
    return sum(same_story(view, m) for m in story_members) / max(1, len(story_members))


def _stated_apart(
    view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]], kind: str
) -> bool:
    """The article states `kind` (dates), the story's reports state some, and none of the
    article's are among them; judged only on views that keep all they state."""
    if not view[kind] or kind in view.get("cut", ()):
        return False
    stated: set[str] = set()
    for m in story_members:
        if kind in m.get("cut", ()):
            return False
        stated.update(m[kind])
    return bool(stated) and stated.isdisjoint(view[kind])


def distinct_event(view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the article reports another event than the story, however the pair model
    scores it. Either

    - it names people or bodies, the story's reports name some, it names none of them,
      and it shares next to nothing else with each report (`_unrelated`): reports of
      the same day share that day and its weekday, which the pair model counts for
      much, and nothing else; or
    - it reports another kind of event than all of the story's reports (`_other_kind`):
      one company's recall and results, one country's rate decision and jobs figures,
      share names, sector and day; or
    - it reports a kind of event the story reports, by an actor its headline names and
      the story's reports do not (`_other_actor`): two banks' results on one morning; or
    - with BODIES_APART, its headline names public bodies, the story's reports' headlines
      name others and neither names the other's (`_other_body`): the ECB's hold beside
      the Bank of England's cut; or
    - with KIND_NONE_ACTOR, it reports no kind and no cause, about an actor the story's
      reports do not name (`_kindless_other_actor`): a carrier's surcharge beside the
      freight-rate record; or
    - with KIND_ACTOR_NONE, it reports a kind, about an actor the story's reports (of no
      kind) do not name (`_other_actor_of_no_kind`): a brewer's results beside another's
      price rise; or
    - with KIND_VERB_ACTOR, its headline's verb tells a kind the story's reports do not
      report, by an actor they do not name (`_other_actor_s_act`): a regulator's probe
      of a bid; or
    - with LATE_DAYS, it comes that long after the story's latest report and reports kinds
      none of its reports does (`_late_other_kind`): a company's fine over its outage of
      two weeks before; or
    - with LATE_HEAD_DAYS, it comes that long after the story's latest report and its
      headline's main clause reads kinds none of its reports reads, whatever the kinds
      they name (`_late_headline_kind`): a miner's output cut weeks after its strike; or
    - with LATE_LEDE_DAYS, it comes that long after the story's latest report, its
      headline reads no kind and the kinds its first paragraph reads are the story's
      (`_late_lede_kind`): a refinery's restart weeks after its fire; or
    - with LATE_END_DAYS, it comes that long after the story's latest report and its
      headline tells an event's end, which none of theirs tells (`_late_end`): the pay
      deal that ended a strike, weeks after it; or
    - with LATE_STEP_DAYS, it comes that long after the story's latest report and its
      headline tells a new step, an appeal, a suit or a bid raised, which none of theirs
      tells (`_late_step`; with features.STEP_KINDS a kind of step none of theirs tells,
      with STEP_AHEAD even on a day they named): a grid operator's appeal of its price
      ruling, weeks after it; or
    - with OBJECT_DAYS, it comes that long after the story's latest report, reports a
      kind one of its reports does, its headline names a name none of theirs names and
      each such report's headline one it does not name (`_other_object`): one agency's
      downgrades of two companies days apart; or
    - it comes DISTINCT_GAP after the story's latest report, was not foretold by it (a
      date one said lay ahead), states other dates than all of its reports, and its
      words are not close to any one of them (DISTINCT_WORDS): a company's results a
      week after its strike share the company and the sector, not the day; a later turn
      of one story names the day it follows or retells one report closely.
    """
    return apart_rule(view, story_members) is not None


def apart_rule(view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]) -> str | None:
    """The name of the first rule of `distinct_event` that parts the article from the
    story (its predicate's name, or "gap"), None when none does."""
    if not story_members:
        return None
    for on, rule in (
        (UNRELATED_WORDS > 0, _unrelated),
        (KIND_WORDS > 0, _other_kind),
        (ACTOR_WORDS > 0, _other_actor),
        (BODIES_APART, _other_body),
        (KIND_NONE_ACTOR, _kindless_other_actor),
        (KIND_ACTOR_NONE, _other_actor_of_no_kind),
        (KIND_VERB_ACTOR, _other_actor_s_act),
        (LATE_DAYS > 0, _late_other_kind),
        (LATE_HEAD_DAYS > 0, _late_headline_kind),
        (LATE_LEDE_DAYS > 0, _late_lede_kind),
        (LATE_END_DAYS > 0, _late_end),
        (OBJECT_DAYS > 0, _other_object),
        (LATE_STEP_DAYS > 0, _late_step),
    ):
        if on and rule(view, story_members):
            return rule.__name__
    latest = max(m["at"] for m in story_members)
    if view["at"] - latest < DISTINCT_GAP.total_seconds():
        return None
    if any(_on_a_day_ahead(view, m) for m in story_members):
        return None
    if not _stated_apart(view, story_members, "dates"):
        return None
    if all(cosine(view["terms"], m["terms"]) < DISTINCT_WORDS for m in story_members):
        return "gap"
    return None


def _late_other_kind(view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]) -> bool:
    """The article comes LATE_DAYS or more after the story's latest report, none of its
    reports said its day lay ahead, it reads kinds (`late_kinds`) none of them reads or
    names (`late_told`, with features.KINDS_LATE_TOLD), and its words without the actors'
    names are under LATE_WORDS from each. Views kept before late kinds were read give no
    evidence."""
    if "late_kinds" not in view or any("late_kinds" not in m for m in story_members):
        return False
    latest = max(m["at"] for m in story_members)
    if view["at"] - latest < LATE_DAYS * 86400:
        return False
    kinds = set(view["late_kinds"])
    told = [set(m["late_kinds"]) | set(m.get("late_told") or ()) for m in story_members]
    if not kinds or any(kinds & t for t in told):
        return False
    if any(_on_a_day_ahead(view, m) for m in story_members):
        return False
    if LATE_WORDS >= 1:
        return True
    actors = _actor_words(view)
    for m in story_members:
        actors |= _actor_words(m)
    return all(_actorless_cosine(view, m, actors) < LATE_WORDS for m in story_members)


def _late_headline_kind(
    view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]
) -> bool:
    """The article comes LATE_HEAD_DAYS or more after the story's latest report, its
    headline's main clause reads kinds, and none of the story's reports reads any of them
    (kinds or late kinds)."""
    if not view.get("kind_head") or not view.get("kind_main") or not view.get("kinds"):
        return False
    told = _told_before(view, story_members, LATE_HEAD_DAYS)
    return told is not None and not told & set(view["kinds"])


def _late_lede_kind(view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]) -> bool:
    """The article comes LATE_LEDE_DAYS or more after the story's latest report, its
    headline reads no kind, and each kind its first paragraph reads is one the story's
    reports read (kinds or late kinds): it retells the story's event as its cause."""
    if view.get("kind_head", True) or not view.get("kinds"):
        return False
    told = _told_before(view, story_members, LATE_LEDE_DAYS)
    if told is None or any(_on_a_day_ahead(view, m) for m in story_members):
        return False
    return set(view["kinds"]) <= told


def _late_end(view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]) -> bool:
    """The article comes LATE_END_DAYS or more after the story's latest report, none of
    its reports said its day lay ahead, and its headline tells an event's end, which none
    of theirs tells. Views kept without the reading give no evidence."""
    return _late_reading(view, story_members, "ends", LATE_END_DAYS)


def _late_step(view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]) -> bool:
    """The article comes LATE_STEP_DAYS or more after the story's latest report, none of
    its reports said its day lay ahead, and its headline tells a new step (an appeal, a
    challenge, a suit, a bid raised, rejected, recommended or withdrawn), which none of
    theirs tells; with features.STEP_KINDS, a kind of step none of theirs tells (a
    rejection after a raise). Views kept without the reading give no evidence."""
    # a story whose views were kept before steps were read by kind is read yes or no
    kept = all("step_kinds" in m for m in story_members)
    if features_module.STEP_KINDS and "step_kinds" in view and kept:
        return _late_step_kind(view, story_members)
    return _late_reading(view, story_members, "steps", LATE_STEP_DAYS, ahead=bool(STEP_AHEAD))


def _late_step_kind(view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]) -> bool:
    """The article comes LATE_STEP_DAYS or more after the story's latest report, none of
    its reports said its day lay ahead, and its headline tells a kind of step none of
    theirs tells: the board's rejection of a raised bid ("rejects Grenholt's raised bid")
    reads a rejection beside the raise its story told ten days before."""
    kinds = set(view["step_kinds"])
    if not kinds:
        return False
    told: set[str] = set()
    for m in story_members:
        told.update(m["step_kinds"])
    if not kinds - told or _told_before(view, story_members, LATE_STEP_DAYS) is None:
        return False
    return bool(STEP_AHEAD) or not any(_on_a_day_ahead(view, m) for m in story_members)


def _late_reading(
    view: Mapping[str, Any],
    story_members: Sequence[Mapping[str, Any]],
    key: str,
    days: float,
    ahead: bool = False,
) -> bool:
    """The article's headline reads `key` (an end, a step), none of the story's does, and
    it comes `days` or more after the story's latest report, which did not foretell it
    (or did, with `ahead`)."""
    if not view.get(key) or any(key not in m or m[key] for m in story_members):
        return False
    if _told_before(view, story_members, days) is None:
        return False
    return ahead or not any(_on_a_day_ahead(view, m) for m in story_members)


def _other_object(view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]) -> bool:
    """The article comes OBJECT_DAYS or more after the latest of the story's reports in its
    language, none of them said its day lay ahead, it reports a kind one of them reports,
    its headline names a name none of them names (headline or first paragraph), and each
    report sharing its kind has a headline name the article does not name. Views kept
    without headline names give no evidence."""
    kinds = set(view.get("kinds") or ())
    head = set(view.get("head_named") or ())
    alike = [m for m in story_members if _same_language(view, m)]
    if not kinds or not head or not alike:
        return False
    if any("head_named" not in m or "named" not in m or "kinds" not in m for m in alike):
        return False
    if view["at"] - max(m["at"] for m in alike) < OBJECT_DAYS * 86400:
        return False
    shared = [m for m in alike if kinds & set(m["kinds"])]
    if not shared or any(_on_a_day_ahead(view, m) for m in alike):
        return False
    story_named: set[str] = set()
    for m in alike:
        story_named.update(m["named"])
    if not head - story_named:
        return False
    named = set(view.get("named") or ())
    return all(set(m["head_named"]) - named for m in shared)


def _told_before(
    view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]], days: float
) -> set[str] | None:
    """The kinds and late kinds the story's reports read, when the article comes `days` or
    more after the latest of them; None when it comes sooner, or when a report's view was
    kept before kinds were read (it gives no evidence)."""
    if any("kinds" not in m for m in story_members):
        return None
    latest = max(m["at"] for m in story_members)
    if view["at"] - latest < days * 86400:
        return None
    told: set[str] = set()
    for m in story_members:
        told.update(m["kinds"])
        told.update(m.get("late_kinds") or ())
    return told


def _shared_figure(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Both reports state one figure of three digits or more, or with decimals."""
    shared = set(a.get("numbers") or ()) & set(b.get("numbers") or ())
    return any(len(f) - len(_NUMBER) >= 3 for f in shared)


def _other_body(view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]) -> bool:
    """The article's headline names public bodies, the story's reports' headlines name
    some, and neither side's headline names one the other names in its headline or first
    paragraph (BODIES_APART). Views kept before bodies were read give no evidence."""
    head = set(view.get("bodies") or ())
    if not head or any("bodies" not in m for m in story_members):
        return False
    story_head: set[str] = set()
    story_named: set[str] = set()
    for m in story_members:
        story_head.update(m["bodies"])
        story_named.update(m.get("bodies_named") or m["bodies"])
    named = set(view.get("bodies_named") or head)
    return bool(story_head) and not head & story_named and not story_head & named


def _same_language(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Both in one language, or either unknown (then words are all there is to judge by)."""
    return not (a.get("lang") and b.get("lang") and a["lang"] != b["lang"])


def _unrelated(view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]) -> bool:
    """The article names none of the story's names (folded of accents: they read alike
    in English and Spanish) and its words are under UNRELATED_WORDS from each report in
    its language, under UNRELATED_WORDS * UNRELATED_ACROSS from each in another."""
    if not _stated_apart(view, story_members, "names"):
        return False
    if SHARED_NAMED > 0 and _shares_name(view, story_members):
        return False
    if UNRELATED_FIGURES and any(_shared_figure(view, m) for m in story_members):
        return False
    if UNRELATED_NAMED > 0 and any(_names_actor(view, m, UNRELATED_NAMED) for m in story_members):
        return False
    return all(
        cosine(view["terms"], m["terms"])
        < UNRELATED_WORDS * (1.0 if _same_language(view, m) else UNRELATED_ACROSS)
        for m in story_members
    )


def _other_kind(view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]) -> bool:
    """The article reports kinds of event none of the story's reports in its language
    report (a recall beside results, jobs figures beside a rate decision), and its words
    are under KIND_WORDS from each of them (with KIND_WORDS 1, words are not read).
    Reports whose kind is not read (no kind words, or views kept before kinds were) give
    no evidence."""
    kinds = set(view.get("kinds") or ())
    alike = [m for m in story_members if _same_language(view, m)]
    if not alike or any("kinds" not in m for m in alike):
        return False
    if KIND_NONE_WORDS > 0 and _kind_against_none(view, alike):
        return True
    if KIND_HEAD_NONE_WORDS > 0 and _headline_kind_against_none(view, alike):
        return True
    if not kinds:
        return False
    told: set[str] = set()
    for m in alike:
        told.update(m["kinds"])
    if not told:
        return False
    if REACTION_DAYS > 0 and any(_reaction(view, m) for m in alike):
        return False
    if MOVE_HOURS > 0 and any(_market_move(view, m) or _market_move(m, view) for m in alike):
        return False
    if KIND_LEDE_HOURS > 0 and _lede_kind_near(view, alike):
        return False
    if KIND_LEDE_NAMED > 0 and _lede_kind_named(view, alike):
        return False
    if ANGLE_SURE > 0 and _angle_sure(view, alike):
        return False
    if ACTORLESS_SURE > 0 and _actorless_sure(view, alike):
        return False
    if SHARED_NAMED > 0 and _shares_name(view, alike):
        return False
    if KIND_LATE_READ:
        for m in alike:
            told.update(m.get("late_kinds") or ())
    if told & kinds:
        return False
    bar = KIND_WORDS
    if view.get("kind_head") and (not KIND_HEAD_ALL or all(m.get("kind_head") for m in alike)):
        bar = max(bar, KIND_HEAD_WORDS)
    if bar >= 1:
        return True
    unnamed = KIND_NAMES_ALL or (KIND_STATS_NAMES and _release_and_decision(kinds, told))
    story_actors = _actor_words(view)
    if KIND_NAMES_ACTOR >= 2:
        for m in story_members:
            story_actors |= _actor_words(m)

    def words(m: Mapping[str, Any]) -> float:
        if unnamed:
            return _unnamed_cosine(view, m)
        if KIND_NAMES_ACTOR and (view.get("kind_head") or not KIND_NAMES_ACTOR_HEAD):
            return _actorless_cosine(view, m, story_actors)
        return cosine(view["terms"], m["terms"])

    return all(words(m) < _heads_bar(view, m, bar) for m in alike)


def _reaction(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """The two reports came within REACTION_DAYS of each other and the joining report's
    headline (or, with REACTION_WAY 2, either's) tells a cause naming an actor or public
    body the other names (`_cause_names`)."""
    if abs(a["at"] - b["at"]) >= REACTION_DAYS * 86400:
        return False
    return _cause_names(a, b) or (REACTION_WAY >= 2 and _cause_names(b, a))


def _market_move(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """`a`'s headline tells a share move, `b`'s actor is one `a` names in its headline or
    first paragraph, and they came within MOVE_HOURS (views kept before moves were read
    give no evidence)."""
    if not a.get("moves") or abs(a["at"] - b["at"]) >= MOVE_HOURS * 3600:
        return False
    return bool(set(b.get("actors") or ()) & set(a.get("named") or ()))


def _names_actor(a: Mapping[str, Any], b: Mapping[str, Any], hours: float) -> bool:
    """Both in one language, within `hours`, and either's headline or first paragraph
    names the actor the other's headline is about. Views kept before names were read
    give no evidence."""
    if not _same_language(a, b) or abs(a["at"] - b["at"]) >= hours * 3600:
        return False
    return bool(set(a.get("actors") or ()) & set(b.get("named") or ())) or bool(
        set(b.get("actors") or ()) & set(a.get("named") or ())
    )


def _lede_kind_near(view: Mapping[str, Any], alike: Sequence[Mapping[str, Any]]) -> bool:
    """The article's kinds are not its headline's (KIND_LEDE_HOURS) and one of the
    story's reports in its language came within KIND_LEDE_HOURS of it."""
    if view.get("kind_head", True):
        return False
    return any(abs(view["at"] - m["at"]) < KIND_LEDE_HOURS * 3600 for m in alike)


def _lede_kind_named(view: Mapping[str, Any], alike: Sequence[Mapping[str, Any]]) -> bool:
    """The article's kinds are not its headline's and one of the story's reports in its
    language came within KIND_LEDE_NAMED hours of it, naming its actor or named by it
    (`_names_actor`)."""
    if view.get("kind_head", True):
        return False
    return any(_names_actor(view, m, KIND_LEDE_NAMED) for m in alike)


def _angle_sure(view: Mapping[str, Any], alike: Sequence[Mapping[str, Any]]) -> bool:
    """The article's headline reads no kind and one of the story's reports in its
    language came within ANGLE_SURE_HOURS of it with a chance of at least ANGLE_SURE."""
    if view.get("kind_head", True):
        return False
    return any(
        abs(view["at"] - m["at"]) < ANGLE_SURE_HOURS * 3600 and same_story(view, m) >= ANGLE_SURE
        for m in alike
    )


def _actorless_sure(view: Mapping[str, Any], alike: Sequence[Mapping[str, Any]]) -> bool:
    """The article's headline is about no actor and one of the story's reports in its
    language came within ANGLE_SURE_HOURS of it with a chance of at least ACTORLESS_SURE
    (with ACTORLESS_NARROW, only when its headline reads a kind, and not a release beside
    a decision). Views kept before actors were read give no evidence."""
    if view.get("actors", True):
        return False
    if ACTORLESS_NARROW and not view.get("kind_head"):
        return False
    kinds = set(view.get("kinds") or ())
    return any(
        abs(view["at"] - m["at"]) < ANGLE_SURE_HOURS * 3600
        and not (
            ACTORLESS_NARROW
            and kinds
            and m.get("kinds")
            and _release_and_decision(kinds, set(m["kinds"]))
        )
        and same_story(view, m) >= ACTORLESS_SURE
        for m in alike
    )


def _shares_name(view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]) -> bool:
    """With SHARED_NAMED: the article's headline is about no actor and reads no kind, and it
    names (headline or first paragraph) a name a report of the story in its language that
    came within SHARED_NAMED hours names there too. Views kept before names, actors or the
    headline's kinds were read give no evidence."""
    if view.get("actors", True) or view.get("kind_head", True) or "named" not in view:
        return False
    named = set(view["named"])
    return any(
        _same_language(view, m)
        and abs(view["at"] - m["at"]) < SHARED_NAMED * 3600
        and named & set(m.get("named") or ())
        for m in story_members
    )


def _angle_reports(
    view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """With ANGLE_NAMED: the story's reports in the article's language within ANGLE_NAMED
    hours of it, when its headline reads no kind and its text names the actor of one of
    them (none otherwise). Views kept before capitalised words were read give none."""
    if view.get("kind_head", True) or "capitals" not in view:
        return []
    near = [
        m
        for m in story_members
        if _same_language(view, m) and abs(view["at"] - m["at"]) < ANGLE_NAMED * 3600
    ]
    capitals = set(view["capitals"])
    if any(capitals & set(m.get("actors") or ()) for m in near):
        return near
    return []


def _cause_names(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """`a`'s headline cause names (a term of three letters or more) an actor `b` names in
    its headline or first paragraph, or a public body it names there. Views kept before
    causes were read give no evidence."""
    words = {t for t in a.get("cause") or () if len(t) >= 3}
    if words & set(b.get("named") or ()):
        return True
    return bool(set(a.get("cause_bodies") or ()) & set(b.get("bodies_named") or ()))


def _heads_bar(view: Mapping[str, Any], member: Mapping[str, Any], bar: float) -> float:
    """Rule 3's word bar between the article and one report: KIND_HEADS_WORDS when both
    read their kinds from their headlines and it is higher; KIND_VERB_WORDS when either
    reads them from its headline's main verb and it is higher."""
    if bar < KIND_VERB_WORDS and (view.get("kind_verb") or member.get("kind_verb")):
        bar = KIND_VERB_WORDS
    if bar < KIND_HEADS_WORDS and view.get("kind_head") and member.get("kind_head"):
        return KIND_HEADS_WORDS
    return bar


def _kind_against_none(view: Mapping[str, Any], alike: Sequence[Mapping[str, Any]]) -> bool:
    """One side's kind is read and the other's is not (the article has none and every
    report does, or the reverse), and the words are under KIND_NONE_WORDS from each."""
    has = bool(view.get("kinds"))
    if any(bool(m["kinds"]) == has for m in alike):
        return False
    return all(_none_cosine(view, m) < KIND_NONE_WORDS for m in alike)


def _headline_kind_against_none(
    view: Mapping[str, Any], alike: Sequence[Mapping[str, Any]]
) -> bool:
    """The article's kind is read from its headline, no report reads one, and the words
    are under KIND_HEAD_NONE_WORDS from each."""
    if not view.get("kinds") or not view.get("kind_head") or any(m["kinds"] for m in alike):
        return False
    return all(_none_cosine(view, m) < KIND_HEAD_NONE_WORDS for m in alike)


def _none_cosine(view: Mapping[str, Any], member: Mapping[str, Any]) -> float:
    """The words' cosine the kind-against-none bars read: with KIND_NONE_NAMES, without
    the words of the actors either report is about."""
    if KIND_NONE_NAMES:
        return _actorless_cosine(view, member, _actor_words(view))
    return cosine(view["terms"], member["terms"])


def _release_and_decision(kinds: set[str], told: set[str]) -> bool:
    """One side reports statistics only, the other a rate decision only."""
    return (kinds <= STATISTICS and told <= DECISIONS) or (
        kinds <= DECISIONS and told <= STATISTICS
    )


def _unnamed_cosine(a: Mapping[str, Any], b: Mapping[str, Any]) -> float:
    """The word cosine of two reports without the words of the names either states."""
    named = set(a.get("named") or ()) | set(b.get("named") or ())
    return cosine(
        _normalise({t: w for t, w in a["terms"].items() if t not in named}),
        _normalise({t: w for t, w in b["terms"].items() if t not in named}),
    )


def _story_named(m: Mapping[str, Any], level: int = 1) -> set[str]:
    """The names a report of a story gives in its headline or first paragraph, less those
    it reads only in passing (PASSING_NAMED at `level` or more) but for its own actors."""
    named = set(m["named"])
    if level <= PASSING_NAMED and m.get("passing"):
        named -= set(m["passing"]) - set(m.get("actors") or ())
    return named


def _actor_words(view: Mapping[str, Any]) -> set[str]:
    """The words of the name of the actor a report is about (its actor's first word for a
    view kept before whole names were)."""
    return set(view.get("actor_name") or view.get("actors") or ())


def _actorless_cosine(a: Mapping[str, Any], b: Mapping[str, Any], actors: set[str]) -> float:
    """The word cosine of two reports without the words of the actors they are about
    (KIND_NAMES_ACTOR): `actors`, with the second report's own."""
    left = actors | _actor_words(b)
    if not left:
        return cosine(a["terms"], b["terms"])
    return cosine(
        _normalise({t: w for t, w in a["terms"].items() if t not in left}),
        _normalise({t: w for t, w in b["terms"].items() if t not in left}),
    )


def _other_actor(view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]) -> bool:
    """The article reports a kind of event the story's reports in its language report,
    the actor it is about (features.headline_actors) is named in none of their headlines
    or first paragraphs, and its words are under ACTOR_WORDS from each of
    them: one kind of event by another company or court shares the kind's words and the
    day, not the actor. With ACTOR_NAMED_HOURS, a report further than that from the
    article counts only the actor it is about. Reports whose actors or kinds are not read
    give no evidence."""
    actors = set(view.get("actors") or ())
    kinds = set(view.get("kinds") or ())
    alike = [m for m in story_members if _same_language(view, m)]
    if not actors or not kinds or not alike:
        return False
    named: set[str] = set()
    told: set[str] = set()
    for m in alike:
        if "named" not in m or "kinds" not in m:
            return False
        if ACTOR_NAMED_HOURS <= 0 or abs(view["at"] - m["at"]) < ACTOR_NAMED_HOURS * 3600:
            named.update(_story_named(m))
        else:  # a name read in passing days before is not the story's: only its actors
            named.update(m.get("actors") or ())
        told.update(m["kinds"])
    if not named or not told & kinds:
        return False
    if actors <= named or _reacts(view, alike):
        return False
    if ACTOR_WORDS >= 1:
        return True
    return all(cosine(view["terms"], m["terms"]) < ACTOR_WORDS for m in alike)


def _kindless_other_actor(
    view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]
) -> bool:
    """The article is in a language kinds are read in (KIND_LANGS), reports no kind, its
    headline tells no cause, and the actor it is about is named by none of the story's
    reports in its language (their headlines and first paragraphs). Views kept before
    causes, kinds or names were read give no evidence."""
    actors = set(view.get("actors") or ())
    if view.get("lang") not in KIND_LANGS or view.get("kinds") or not actors:
        return False
    if view.get("caused", True):
        return False
    alike = [m for m in story_members if _same_language(view, m)]
    if not alike or any("named" not in m for m in alike):
        return False
    named: set[str] = set()
    for m in alike:
        named.update(_story_named(m, 2))
    return bool(named) and not actors <= named


def _other_actor_of_no_kind(
    view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]
) -> bool:
    """The article is in a language kinds are read in (KIND_LANGS) and reports a kind,
    none of the story's reports in its language reads one, and the actor the article is
    about is named by none of them (their headlines and first paragraphs). Views kept
    before kinds or names were read give no evidence."""
    actors = set(view.get("actors") or ())
    if view.get("lang") not in KIND_LANGS or not view.get("kinds") or not actors:
        return False
    if KIND_ACTOR_NONE >= 2 and not view.get("kind_main"):
        return False
    alike = [m for m in story_members if _same_language(view, m)]
    if not alike or any("named" not in m or "kinds" not in m for m in alike):
        return False
    if any(m["kinds"] for m in alike) or _reacts(view, alike):
        return False
    named: set[str] = set()
    for m in alike:
        named.update(_story_named(m, 2))
    return bool(named) and not actors <= named


def _reacts(view: Mapping[str, Any], alike: Sequence[Mapping[str, Any]]) -> bool:
    """The article names the actor of one of the story's reports that came within
    REACTION_NAMED hours of it (a reaction to that actor's event)."""
    if REACTION_NAMED <= 0:
        return False
    named = set(view.get("named") or ())
    return any(
        abs(view["at"] - m["at"]) < REACTION_NAMED * 3600 and named & set(m.get("actors") or ())
        for m in alike
    )


def _other_actor_s_act(view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]) -> bool:
    """The article's kind is told by its headline's main verb (KIND_VERB_ACTOR), none of
    the story's reports in its language reads that kind, and the actor the article is
    about is named by none of them. Views kept before verbs, kinds or names were read
    give no evidence."""
    actors = set(view.get("actors") or ())
    kinds = set(view.get("kinds") or ())
    if not view.get("kind_verb") or not kinds or not actors:
        return False
    alike = [m for m in story_members if _same_language(view, m)]
    if not alike or any("named" not in m or "kinds" not in m for m in alike):
        return False
    named: set[str] = set()
    for m in alike:
        if kinds & set(m["kinds"]):
            return False
        named.update(m["named"])
    return bool(named) and not actors <= named


def _kindless_apart(a: Story, b: Story) -> bool:
    """A report of either story is another actor's act against the other's reports
    (`_kindless_other_actor`)."""
    ma, mb = members(a), members(b)
    return any(_kindless_other_actor(m, mb) for m in ma) or any(
        _kindless_other_actor(m, ma) for m in mb
    )


def _told_kinds(story: Story, lang: str) -> set[str]:
    """The kinds the story's reports in the language read."""
    told: set[str] = set()
    for m in members(story):
        if m.get("lang") == lang:
            told.update(m.get("kinds") or ())
    return told


def _kinds_apart(a: Story, b: Story) -> bool:
    """In a language kinds are read in (KIND_LANGS), both stories' reports read kinds
    and none is shared (KIND_MERGE_KINDS)."""
    for lang in KIND_LANGS:
        told_a, told_b = _told_kinds(a, lang), _told_kinds(b, lang)
        if told_a and told_b and told_a.isdisjoint(told_b):
            return True
    return False


def _late_apart(a: Story, b: Story) -> bool:
    """A report of the later story is one the late rule parts from the earlier story
    (LATE_MERGE)."""
    earlier, later = sorted((a, b), key=lambda s: (s.first_seen, s.id or 0))
    told = members(earlier)
    return bool(told) and any(_late_other_kind(m, told) for m in members(later))


def _joins_apart(a: Story, b: Story) -> bool:
    """The later story's first report (MERGE_APART 1), or any of its reports (2), is
    another event than the earlier story's reports before it (`distinct_event`)."""
    earlier, later = sorted((a, b), key=lambda s: (s.first_seen, s.id or 0))
    told, reports = members(earlier), members(later)
    for m in reports[:1] if MERGE_APART < 2 else reports:
        before = [e for e in told if e["at"] <= m["at"]]
        if before and distinct_event(m, before):
            return True
    return False


def _late_after(when: datetime, story: Story) -> bool:
    """The article comes LATE_DAYS or more after the story's latest report."""
    latest = max((m["at"] for m in members(story)), default=when.timestamp())
    return when.timestamp() - latest >= LATE_DAYS * 86400


def join_fit(view: Mapping[str, Any], story_members: Sequence[Mapping[str, Any]]) -> float:
    """The fit an article is joined to a story by: none for another event (distinct_event);
    with NAMED_PRIOR, more when a report of the story names its actor or the reverse
    within NAMED_HOURS; with NAMED_BEST, at least its chance with such a report within
    NAMED_BEST hours; with ANGLE_NAMED, an angle piece naming a recent report's actor at
    least its chance with the story's reports of those hours, and NAMED_PRIOR more."""
    if distinct_event(view, story_members):
        return 0.0
    prior = 0.0
    if NAMED_PRIOR > 0 and any(_names_actor(view, m, NAMED_HOURS) for m in story_members):
        prior = NAMED_PRIOR
    base = fit(view, story_members)
    if NAMED_BEST > 0:
        named = [same_story(view, m) for m in story_members if _names_actor(view, m, NAMED_BEST)]
        base = max([base, *named])
    if ANGLE_NAMED > 0 and (near := _angle_reports(view, story_members)):
        base = max([base, *(same_story(view, m) for m in near)])
        prior = NAMED_PRIOR
    return min(1.0, base + prior)


def story_similarity(a: Story, b: Story) -> float:
    """How alike two stories are: the mean chance over pairs of their latest articles."""
    ma, mb = members(a), members(b)
    return sum(fit(m, mb) for m in ma) / max(1, len(ma))


def lookup_terms(vec: Mapping[str, float], dfs: Mapping[str, int], n_docs: int) -> list[str]:
    """The article's strongest terms that earlier articles have, without those most of
    them share: a term no article had yet (the strongest, by IDF) finds no story."""
    ranked = [t for t, _ in sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))]
    known = [t for t in ranked if dfs.get(t, 0) > 0]
    if n_docs >= COMMON_MIN_DOCS:
        known = [t for t in known if dfs[t] <= COMMON_SHARE * n_docs]
    return known[:QUERY_TERMS]


def _fold(
    story: Story,
    profile: Mapping[str, float],
    count: int,
    views: Sequence[dict[str, Any]],
    facts: set[str],
    first: datetime,
    last: datetime,
    topics: Sequence[str],
) -> None:
    """Fold `count` articles (their centroid, views, facts, span, topics) into a story."""
    n = story.article_count
    merged = {k: v * n for k, v in story.profile.items()}
    for k, v in profile.items():
        merged[k] = merged.get(k, 0.0) + v * count
    story.profile = _normalise(merged, PROFILE_TERMS)
    # new lists and dicts throughout: the JSON columns see the change
    story.members = sorted([*members(story), *views], key=lambda m: m["at"])[-MEMBERS:]
    story.facts = sorted(set(story.facts) | facts)
    story.article_count = n + count
    story.first_seen = min(story.first_seen, first)
    story.last_seen = max(story.last_seen, last)
    story.topics = sorted(set(story.topics) | set(topics))


def absorb(
    story: Story,
    article: Article,
    vec: Mapping[str, float],
    feats: Features,
    when: datetime,
    view: dict[str, Any],
) -> None:
    """Fold one article into a story."""
    _fold(story, vec, 1, [view], feats.facts, when, when, article.topics)


def combine(survivor: Story, absorbed: Story) -> None:
    """Fold a whole story into another: centroids weighted by size, views, facts, spans."""
    _fold(
        survivor,
        absorbed.profile,
        absorbed.article_count,
        members(absorbed),
        set(absorbed.facts),
        absorbed.first_seen,
        absorbed.last_seen,
        absorbed.topics,
    )


def start_story(
    article: Article,
    vec: dict[str, float],
    feats: Features,
    when: datetime,
    view: dict[str, Any],
) -> Story:
    """A new story made of one article."""
    return Story(
        title=article.title or article.url,
        first_seen=when,
        last_seen=when,
        profile=vec,
        members=[view],
        facts=sorted(feats.facts),
        article_count=1,
        topics=sorted(article.topics),
    )


def index_story(tx: Tx, story: Story) -> None:
    """Point the inverted index at the story's strongest terms, stamped with its last_seen."""
    assert story.id is not None
    strongest = sorted(story.profile.items(), key=lambda kv: (-kv[1], kv[0]))[:INDEX_TERMS]
    tx.set_story_terms(story.id, [t for t, _ in strongest], story.last_seen)


def first_report(story: Story, article: Article, feats: Features, when: datetime) -> StoryEvent:
    """The timeline entry of the article that started a story."""
    assert story.id is not None
    details = [describe_fact(f) for f in sorted(feats.facts) if f.startswith(("state:", "date:"))]
    return StoryEvent(
        story_id=story.id,
        article_id=article.id,
        at=when,
        kind="first_report",
        summary=article.title or article.url,
        details=details,
    )


def _prefer_recent(
    view: Mapping[str, Any],
    ranked: list[tuple[float, int]],
    seen: Mapping[int, Sequence[Mapping[str, Any]]],
    threshold: float,
) -> list[tuple[float, int]]:
    """The candidates with the best one's place taken by a recent story (RECENT_DAYS):
    when the best story's latest report in the article's language is RECENT_DAYS or more
    older than the article, the next story above the threshold one of whose reports in its
    language came within RECENT_HOURS of it and shares a name with it goes first."""
    if not ranked or ranked[0][0] < threshold:
        return ranked
    best = [m for m in seen[ranked[0][1]] if _same_language(view, m)]
    if not best or view["at"] - max(m["at"] for m in best) < RECENT_DAYS * 86400:
        return ranked
    named = set(view.get("named") or ())
    for pos, (score, story_id) in enumerate(ranked[1:], start=1):
        if score < threshold:
            break
        if any(
            _same_language(view, m)
            and abs(view["at"] - m["at"]) < RECENT_HOURS * 3600
            and named & set(m.get("named") or ())
            for m in seen[story_id]
        ):
            return [ranked[pos], *ranked[:pos], *ranked[pos + 1 :]]
    return ranked


class Grouper:
    def __init__(
        self,
        window: timedelta,
        threshold: float = JOIN_THRESHOLD,
        merge_threshold: float = MERGE_THRESHOLD,
    ) -> None:
        self.window = window
        self.threshold = threshold
        self.merge_threshold = merge_threshold

    def place_article(
        self,
        tx: Tx,
        article: Article,
        topic: TopicWords | None,
        sentences_read: StatedFacts | None = None,
    ) -> Placement:
        """Place a stored article by its title and text, weighing its topics' words.

        `sentences_read`: its sentences with their facts, when they were read already
        (`monitor.judge.analysis`)."""
        feats = features(article.title, article.text or "", article_time(article), topic)
        return self.place(tx, article, feats, sentences_read)

    def place(
        self,
        tx: Tx,
        article: Article,
        feats: Features,
        sentences_read: StatedFacts | None = None,
    ) -> Placement:
        """Attach `article` (already flushed, relevant, not a duplicate) to a story."""
        sk = sketch(tx, article, feats, count=True)  # its terms counted as they are read
        vec, view, when = sk.vec, sk.view, sk.when
        # Scored by their members alone: only the story joined (and those merged) is read.
        found = tx.story_candidate_members(sk.lookup, since=when - self.window, limit=CANDIDATES)
        seen = {story_id: views or members(self._story(tx, story_id)) for story_id, views in found}
        ranked = sorted(
            ((join_fit(view, told), story_id) for story_id, told in seen.items()),
            key=lambda x: (-x[0], x[1]),
        )
        if RECENT_DAYS > 0:
            ranked = _prefer_recent(view, ranked, seen, self.threshold)
        log.debug(
            "article %s candidates %s",
            article.id,
            ", ".join(f"{i}:{sc:.3f}" for sc, i in ranked[:5]) or "none",
        )
        score = ranked[0][0] if ranked else 0.0
        if not ranked or score < self.threshold:
            story = tx.add(start_story(article, vec, feats, when, view))
            tx.stage(first_report(story, article, feats, when))
            return self._attach(
                tx,
                article,
                Placement(
                    story=story,
                    created=True,
                    score=score,
                    new_facts=sorted(feats.facts),
                ),
            )
        strong = [i for sc, i in ranked if sc >= self.merge_threshold]
        if len(strong) > 1:
            story, merged = self._merge(tx, [self._story(tx, i) for i in strong], when)
        else:
            story, merged = self._story(tx, ranked[0][1]), []
        known = list(story.facts)
        development = detect(article.title, article.text or "", feats.facts, known, sentences_read)
        absorb(story, article, vec, feats, when, view)
        if development is not None:
            assert story.id is not None
            tx.stage(
                StoryEvent(
                    story_id=story.id,
                    article_id=article.id,
                    at=when,
                    kind="development",
                    summary=article.title or article.url,
                    details=development.summary,
                )
            )
        return self._attach(
            tx,
            article,
            Placement(
                story=story,
                created=False,
                score=score,
                new_facts=sorted(feats.facts - set(known)),
                development=development,
                merged=merged,
            ),
        )

    @staticmethod
    def _story(tx: Tx, story_id: int) -> Story:
        story = tx.get(Story, story_id)
        assert story is not None
        return story

    def _merge(self, tx: Tx, strong: list[Story], when: datetime) -> tuple[Story, list[int]]:
        """The oldest of the stories the article matches strongly; those like it fold in."""
        survivor = min(strong, key=lambda s: (s.first_seen, s.id or 0))
        home = survivor
        merged: list[int] = []
        for other in strong:
            if other is survivor or len(merged) >= MAX_MERGES:
                continue
            if story_similarity(survivor, other) < PAIR_SHARE * self.threshold:
                continue  # a round-up spanning two unrelated stories; leave them apart
            if KIND_NONE_ACTOR >= 2 and _kindless_apart(survivor, other):
                continue  # one's report is another actor's act the other never names
            if KIND_MERGE_KINDS and _kinds_apart(survivor, other):
                continue  # each reports its own kind of event
            if MERGE_APART and _joins_apart(survivor, other):
                continue  # the join rules told the later story's event apart
            if LATE_MERGE and LATE_DAYS > 0 and _late_apart(survivor, other):
                if home is survivor and _late_after(when, survivor):
                    home = other  # the article comes with the later event, not the first
                continue  # the later one's event came days after the earlier one's
            assert survivor.id is not None and other.id is not None
            combine(survivor, other)
            tx.merge_story(other.id, survivor.id)
            tx.add_story_event(
                StoryEvent(
                    story_id=survivor.id,
                    at=when,
                    kind="merge",
                    summary=f"merged with story {other.id}: {other.title}",
                )
            )
            merged.append(other.id)
            log.info(
                "story %s merged into %s",
                other.id,
                survivor.id,
                extra={"story_id": survivor.id},
            )
        return home, merged

    def _attach(self, tx: Tx, article: Article, placement: Placement) -> Placement:
        # The story's row, its timeline entry and the article's story are written in one
        # flush, the article's: a flush each cost more than the statements. Nothing
        # between reads them (the postings are driver statements on the story's id).
        story = tx.stage(placement.story)
        assert story.id is not None
        index_story(tx, story)
        article.story_id = story.id
        tx.add(article)
        return placement
