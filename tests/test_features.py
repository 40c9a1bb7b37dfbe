"""What grouping reads from an article: terms, names, dates read against the publication day."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime

import pytest

import monitor.judge.features as features_module
from monitor.config import TopicConfig
from monitor.judge.features import (
    TopicWords,
    bodies,
    entities,
    event_kinds,
    features,
    grouping_terms,
    headline_actors,
    relative_dates,
)
from monitor.judge.relevance import Topics

WEDNESDAY = date(2026, 2, 4)


def test_weekdays_and_yesterday_are_read_against_the_publication_day() -> None:
    assert relative_dates("Petro met Trump on Tuesday.", WEDNESDAY) == {"date:02-03"}
    assert relative_dates("El mandatario llegó ayer a Washington.", WEDNESDAY) == {"date:02-03"}
    # the publication day itself, and a weekday a week back at most
    assert relative_dates("Talks continue on Wednesday.", WEDNESDAY) == {"date:02-04"}
    assert relative_dates("It began on Thursday.", WEDNESDAY) == {"date:01-29"}
    # "next" and "próximo" look ahead
    assert relative_dates("They meet again next Tuesday.", WEDNESDAY) == {"date:02-10"}
    assert relative_dates("Volverán a reunirse el martes próximo.", WEDNESDAY) == {"date:02-10"}
    assert relative_dates("No day is named here.", WEDNESDAY) == set()


def test_a_report_saying_tuesday_shares_the_date_of_one_saying_february_3() -> None:
    before = features("Petro to meet Trump on February 3", "The meeting is set for February 3.")
    after = features(
        "Petro and Trump meet",
        "Gustavo Petro met Donald Trump at the White House on Tuesday.",
        datetime(2026, 2, 4, 1, 15, tzinfo=UTC),
    )
    assert "date:02-03" in before.facts and "date:02-03" in after.facts


def test_names_stop_at_a_sentence_end_a_line_break_and_a_month() -> None:
    found = entities(
        "Talks were held at the White House. Colombian President Gustavo Petro left.\n"
        "Gustavo Petro February 3 was the date, and U.S. Treasury officials agreed."
    )
    assert {"white house", "gustavo petro", "us treasury"} <= found
    assert not [n for n in found if "house colombian" in n or "petro february" in n]


def test_english_and_spanish_forms_share_grouping_terms() -> None:
    en = set(grouping_terms("Sanctions, extradition and the evacuation of regions"))
    es = set(grouping_terms("Sanciones, extradición y la evacuación de regiones"))
    assert {"sanct", "extra", "evacu", "regio"} <= en & es


def test_the_topic_query_words_are_left_out_of_grouping_terms_and_names() -> None:
    topics = Topics(
        [TopicConfig(name="t", query='(petro OR colombia*) AND (trump OR "casa blanca")')]
    )
    words = topics.words(["t"])
    assert words.covers("petro") and words.covers("colombian") and words.covers("white")
    text = "Colombian President Gustavo Petro met Donald Trump at the White House on drugs."
    feats = features("Petro meets Trump", text, topic=words)
    assert feats.headline == {"meet"} and "drug" in feats.counts
    assert not {"petro", "trump", "colom", "white", "house"} & set(feats.counts)
    # names keep every word (the timeline and alerts show them); views drop those of the topic
    assert words.in_name("gustavo petro") and not words.in_name("laura sarabia")
    # a query prefix too short to mean anything ("a*") leaves every word in
    assert not TopicWords.of(["a*", "b*"])


def test_the_kind_of_event_is_read_in_the_headline_and_first_paragraph() -> None:
    results = "Lumina Motors narrows quarterly loss as deliveries rise"
    lede = "Lumina reported a first-quarter net loss of $312 million on Thursday."
    later = "It took a $650 million charge for this week's battery recall."
    assert event_kinds(results, f"{lede}\n\n{later}") == {"results"}
    assert event_kinds("Lumina recalls 184,000 SUVs", "") == {"recall"}
    hold = "The pound rose after policymakers left borrowing costs unchanged."
    assert event_kinds("Sterling firms", hold) == {"rates"}
    assert event_kinds("Wall Street rallies", "A strong payrolls report calmed worries.") == {
        "jobs"
    }
    # no kind word: no kind, and the words must stand alone ("fired" is not a fire)
    assert event_kinds("Petro to meet Trump", "The president fired his adviser.") == set()
    # a blast furnace is a plant's equipment, not an explosion
    assert "accident" not in event_kinds("Kestrel Steel to shut blast furnace", "")
    assert event_kinds("Blast at Norvale's plant", "") == {"accident"}
    assert features(results, lede).kinds == {"results"}


def test_an_actor_is_the_first_word_of_a_name_and_not_its_later_words() -> None:
    lede = "Carrow Bank said on Wednesday its profit rose, as Linden Bank's fell in London."
    actors, named = headline_actors("Carrow profit rises", lede)
    assert actors == {"carro"}  # not "bank", the name's later word
    assert {"carro", "linde", "londo"} <= named
    # cut as grouping terms are: "Chilean" meets "Chile"
    chilean = headline_actors("Output falls", "Output fell at a Chilean mine.")[1]
    assert "chile" in chilean and "chile" in headline_actors("Output falls", "A mine in Chile.")[1]


def test_the_actor_s_name_is_every_word_of_it_and_no_other_name() -> None:
    lede = "Carrow Bank said on Wednesday its profit rose, as Linden Bank's fell in London."
    assert features_module.actor_name("Carrow profit rises", lede) == {"carro", "bank"}
    assert features("Carrow profit rises", lede).actor_name == {"carro", "bank"}
    # no actor read, no name: a headline naming no one
    assert features_module.actor_name("Profit falls at a lender", "Linden Bank said so.") == set()
    assert features("Profit falls at a lender", "Linden Bank said so.").actor_name == set()


def test_the_headline_s_actors_are_its_names_and_the_lede_s_names_it_uses() -> None:
    # a sentence-case headline opening on the company: its first word is a name only
    # because the first paragraph states it
    actors, named = headline_actors(
        "Carrow shares climb after bank lifts profitability goal",
        "Shares in Carrow rose 4% in London after its trading arm had a record quarter.",
    )
    assert actors == {"carro"} and {"carro", "londo"} <= named
    # a title-case headline capitalises every word: only the lede's names count
    actors, named = headline_actors(
        "Linden Bank Profit Falls As Bad Loans Double",
        "Linden Bank said on Wednesday its pretax profit fell 23% in the quarter.",
    )
    assert (actors, named) == ({"linde"}, {"linde", "bank"})
    # a headline naming no one has no actor, however many the lede names
    actors, named = headline_actors("Profit falls at a lender", "Linden Bank said its profit fell.")
    # the headline's first word counts on the story's side, as a name it may be
    assert (actors, named) == (set(), {"profi", "linde", "bank"})
    assert features("Carrow profit rises", "Carrow Bank said its profit rose.").actors == {"carro"}


def test_a_place_or_its_people_is_never_the_actor() -> None:
    # the court's case is about the airline, not the city the judges sit in
    actors, named = headline_actors(
        "Luxembourg judges side with travellers against Aldmoor",
        "Judges in Luxembourg said a walkout by an airline's own workers is part of its "
        "normal business, so Aldmoor must pay passengers.",
    )
    assert actors == {"aldmo"} and "luxem" in named
    # a possessive place opening the lede is skipped; no other name in the headline
    actors, _ = headline_actors(
        "What Colombia's rate cut means for mortgages",
        "Colombia's central bank cut rates on Friday, and Bancolombia said mortgages "
        "would cost less.",
    )
    assert actors == set()
    # a demonym opening the headline and the lede: the company is the actor
    actors, _ = headline_actors(
        "Mexican watchdog fines Solano Airlines over price fixing",
        "Mexico's competition authority fined Solano Airlines on Wednesday.",
    )
    assert actors == {"solan"}


def test_with_places_allowed_a_place_is_read_as_the_actor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(features_module, "ACTOR_PLACES", 0)
    actors, _ = headline_actors(
        "Luxembourg judges side with travellers against Aldmoor",
        "Judges in Luxembourg said Aldmoor must pay passengers.",
    )
    assert actors == {"luxem"}


def test_a_lede_s_opening_word_is_a_name_when_possessive_or_the_headline_opens_on_it() -> None:
    # possessive: a name even though the sentence starts with it
    actors, _ = headline_actors(
        "Vestmar beats profit forecasts, says fire will not dent output goal",
        "Vestmar's quarterly earnings beat the average analyst forecast.",
    )
    assert actors == {"vestm"}
    # the headline opens on the same word, never written in lower case
    actors, named = headline_actors(
        "OPEC+ agrees to extend oil output cuts", "OPEC+ agreed on Sunday to extend its cuts."
    )
    assert actors == {"opec"} and "opec" in named
    # a market report's opening word is no company
    actors, _ = headline_actors(
        "Copper climbs as Chilean mine stoppage bites",
        "Copper rose 2.3% on the London Metal Exchange on Tuesday after a walkout.",
    )
    assert actors == set()
    # a common word the report also writes in lower case is no name either
    actors, _ = headline_actors(
        "Profits fall at lenders", "Profits fell as profits at banks shrank."
    )
    assert actors == set()


def test_without_opening_words_a_possessive_first_word_gives_no_actor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(features_module, "ACTOR_FIRST", 0)
    actors, named = headline_actors(
        "Vestmar beats profit forecasts", "Vestmar's quarterly earnings beat the forecast."
    )
    assert actors == set() and "vestm" not in named


def test_a_headline_s_kind_comes_before_the_kinds_its_lede_retells(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    title = "Swedish inflation slows to 1.8% in November"
    lede = "Consumer prices rose 1.8%, a day after the Riksbank cut its policy rate."
    assert event_kinds(title, lede) == {"prices"}
    assert features(title, lede).kinds_head
    # a headline with no kind word: the first paragraph tells it
    assert event_kinds("Sterling firms", "Policymakers left borrowing costs unchanged.") == {
        "rates"
    }
    assert not features("Sterling firms", "Policymakers left borrowing costs unchanged.").kinds_head
    monkeypatch.setattr(features_module, "KINDS_HEAD", 0)
    assert event_kinds(title, lede) == {"prices", "rates"}
    assert not features(title, lede).kinds_head


def test_production_figures_and_an_exit_told_in_other_words_have_kinds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert event_kinds("Chile's copper output falls 4% in October", "") == {"production"}
    assert event_kinds("Mines in Chile slip", "Mines produced 441,000 tonnes of copper.") == {
        "production"
    }
    exit_ = "Ellery to leave Brannock as board seeks new leader"
    assert event_kinds(exit_, "") == {"leadership"}
    assert event_kinds("Marlow hires utility executive as CFO", "") == {"leadership"}
    assert event_kinds("Norges Bank holds rate at 4%", "") == {"rates"}
    # a mine's share of a country's output is no production figure
    strike = "Miners walk out at Tamarugo"
    assert event_kinds(strike, "The mine produces about 3% of the world's copper.") == {"strike"}
    monkeypatch.setattr(features_module, "KINDS_MORE", 0)
    assert event_kinds("Chile's copper output falls 4% in October", "") == set()
    assert event_kinds(exit_, "") == set()


def test_a_headline_naming_its_cause_reads_its_main_clause_s_kind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    exit_ = "Arlen Foods chief executive to step down after profit slide"
    assert event_kinds(exit_, "") == {"leadership"}
    assert event_kinds("Vestmar Petroleum profit falls 18%, a day after terminal fire", "") == {
        "results"
    }
    assert event_kinds("Skyreach trims full-year outlook, citing strike and fuel costs", "") == {
        "results"
    }
    # a main clause with no kind: the whole headline tells it
    assert event_kinds("Oil jumps after fire shuts Kollsund terminal", "") == {"accident"}
    monkeypatch.setattr(features_module, "KINDS_CLAUSE", 0)
    assert event_kinds(exit_, "") == {"leadership", "results"}


def test_a_regulator_s_fines_tell_a_penalty(monkeypatch: pytest.MonkeyPatch) -> None:
    assert event_kinds("Ofcom fines Telvio £42 million over broadband outages", "") == {"penalty"}
    assert event_kinds("Telvio hit with £42 million fine", "") == {"penalty"}
    monkeypatch.setattr(features_module, "KINDS_FINES", 0)
    # the main clause has no kind then: the whole headline's outages tell it
    assert event_kinds("Ofcom fines Telvio £42 million over broadband outages", "") == {"accident"}


def test_a_launch_is_a_kind_when_switched_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(features_module, "KINDS_VERB", 1)  # a probe's verb is KINDS_VERB 2's
    assert event_kinds("Corvane Motors unveils electric delivery van", "") == set()
    monkeypatch.setattr(features_module, "KINDS_LAUNCH", 1)
    assert event_kinds("Corvane Motors unveils electric delivery van", "") == {"launch"}
    assert event_kinds("Corvane rolls out battery van to take on rivals", "") == {"launch"}
    assert event_kinds("Chipmaker introduces power-saving AI accelerator", "") == {"launch"}
    # what is launched must be a product: a probe, a bid or a plan is another event
    assert event_kinds("Regulator launches probe into Corvane van", "") == set()
    assert event_kinds("Government unveils stimulus package", "") == set()


def test_a_price_rise_a_capital_raise_and_a_probe_have_kinds_when_switched_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(features_module, "KINDS_VERB", 1)  # a price rise's verb is KINDS_VERB 2's
    rise = "Harlow Bakeries raises prices 6% as flour costs climb"
    assert event_kinds(rise, "") == set()
    monkeypatch.setattr(features_module, "KINDS_NEW", 1)
    assert event_kinds(rise, "") == {"pricing"}
    assert event_kinds("Tessel Rail secures 700 million euros from shareholders", "") == {"funding"}
    assert event_kinds("Owners agree cash injection to shore up Tessel's finances", "") == {
        "funding"
    }
    assert event_kinds("Watchdog opens inquiry into Tessel fares", "") == {"probe"}
    # an order won is no capital raised; a supply increase is no company's price rise
    assert "funding" not in event_kinds("Tessel Rail secures 1.2 billion euro train order", "")
    assert event_kinds("Producers delay supply increase as prices sag", "") == set()


def test_funding_alone_or_with_pricing_and_a_state_loan_as_funding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rise = "Harlow Bakeries raises prices 6% as flour costs climb"
    probe = "Watchdog opens inquiry into Tessel fares"
    loan = "Government lends Tessel Rail 300 million euros to keep lines open"
    monkeypatch.setattr(features_module, "KINDS_VERB", 1)  # verbs' kinds are KINDS_VERB 2's
    monkeypatch.setattr(features_module, "KINDS_NEW", 0)
    assert event_kinds(loan, "") == set()
    monkeypatch.setattr(features_module, "KINDS_NEW", 2)
    assert event_kinds(loan, "") == {"funding"}
    assert event_kinds("Ministers step in with state support for Tessel", "") == {"funding"}
    assert event_kinds("Tessel Rail raises 400 million euros in share placement", "") == {"funding"}
    # funding alone: no price rise, no probe
    assert event_kinds(rise, "") == set()
    assert event_kinds(probe, "") == set()
    monkeypatch.setattr(features_module, "KINDS_NEW", 3)
    assert event_kinds(rise, "") == {"pricing"}
    assert event_kinds(probe, "") == set()


def test_the_first_kind_of_a_headline_s_main_clause_when_switched_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    probe = "Regulator opens investigation into Harlow's bid for Crumb"
    monkeypatch.setattr(features_module, "KINDS_VERB", 1)  # the verb's kind is KINDS_VERB 2's
    monkeypatch.setattr(features_module, "KINDS_NEW", 1)
    assert event_kinds(probe, "") == {"probe", "deal"}
    monkeypatch.setattr(features_module, "KINDS_FIRST", 2)
    # the probe is the report's action, the bid what it examines
    assert event_kinds(probe, "") == {"probe"}
    # no kind in the main clause: the whole headline's kinds, all of them (2) ...
    cause = "Unions condemn Harlow closures two weeks after watchdog penalty and probe"
    assert event_kinds(cause, "") == {"penalty", "probe"}
    # ... or its first only (1)
    monkeypatch.setattr(features_module, "KINDS_FIRST", 1)
    assert event_kinds(cause, "") == {"penalty"}


def test_a_drug_s_trial_and_a_market_crash_read_in_their_sense(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """KINDS_SENSE 1: "trial" beside a drug or a main goal is a clinical study, no court
    case; "shares crash" is a market move, no accident."""
    failed = "Pennard Therapeutics' lead heart drug fails late-stage trial"
    crash = "Pennard shares crash 48% after PT-118 misses main goal"
    monkeypatch.setattr(features_module, "KINDS_SENSE", 0)
    assert event_kinds(failed, "") == {"court"}
    assert event_kinds(crash, "") == {"accident"}
    monkeypatch.setattr(features_module, "KINDS_SENSE", 1)
    assert event_kinds(failed, "") == {"study"}
    assert event_kinds(crash, "") == {"study"}
    # the other senses are still read
    assert event_kinds("Former Halden chief goes on trial for fraud", "") == {"court"}
    assert event_kinds("Freight train crash closes main line", "") == {"accident"}
    # a later word in the kind's sense counts when the first is in another
    assert event_kinds("Shares crash, then a coach crash on the bypass", "") == {"accident"}


def test_a_bond_sale_is_funding_when_switched_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """KINDS_SENSE 2: a bond sale or debt offering is a capital raise ("funding"), when
    KINDS_NEW reads funding."""
    bonds = "Brackwater Mining sells 1 billion dollars of bonds"
    monkeypatch.setattr(features_module, "KINDS_SENSE", 1)
    assert event_kinds(bonds, "") == set()
    monkeypatch.setattr(features_module, "KINDS_SENSE", 2)
    assert event_kinds(bonds, "") == {"funding"}
    assert event_kinds("Investors pile into Tessel's debt offering", "") == {"funding"}
    assert event_kinds("Bond yields rise as traders sell", "") == set()
    monkeypatch.setattr(features_module, "KINDS_NEW", 0)
    assert event_kinds(bonds, "") == set()


def test_a_headline_s_main_clause_ends_at_a_verb_of_blame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """KINDS_VERB 1: "..., blames pilot strike" names the cause of the results, not their
    event."""
    title = "Marstow Airlines swings to quarterly loss, blames pilot strike"
    monkeypatch.setattr(features_module, "KINDS_VERB", 0)
    assert event_kinds(title, "") == {"results", "strike"}
    monkeypatch.setattr(features_module, "KINDS_VERB", 1)
    assert event_kinds(title, "") == {"results"}
    # no kind before the blame: the whole headline's
    assert event_kinds("Airline blames strike for quarterly loss", "") == {"results", "strike"}


def test_what_the_headline_s_main_verb_tells_the_actor_did(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """KINDS_VERB 2: a probe, a closure's job losses and a price rise are read from the
    headline's main clause, before any kind its object names."""
    probe = "Safety watchdog opens investigation into Hollins Chemicals explosion"
    examine = "HSE inspectors to examine Hollins plant records after blast"
    close = "Newport solar plant to close as Dunsley moves output to Spain"
    lede = "Output will move to Seville, days after Dunsley announced its purchase of Castleby."
    prices = "Brockhurst Breweries to raise beer prices for pubs by 6%"
    monkeypatch.setattr(features_module, "KINDS_VERB", 1)
    assert event_kinds(probe, "") == {"accident"}
    assert event_kinds(examine, "") == {"accident"}
    assert event_kinds(close, lede) == {"deal"}
    assert event_kinds(prices, "") == set()
    monkeypatch.setattr(features_module, "KINDS_VERB", 2)
    assert event_kinds(probe, "") == {"probe"}
    assert event_kinds(examine, "") == {"probe"}
    assert event_kinds(close, lede) == {"layoffs"}
    assert event_kinds(prices, "") == {"pricing"}
    assert features(probe, "").kinds_verb
    # an event lifting a market's prices is no price rise
    assert event_kinds("Outage at Nordhavn gas field lifts European prices", "") == {"accident"}
    # the verb is read in the main clause only: a cause's verb is what it follows
    assert event_kinds("Pub landlords protest after Brockhurst raises beer prices", "") == set()
    assert not features("Chemical plant explosion injures two", "").kinds_verb


def test_a_market_at_a_record_is_a_price_move_unless_its_headline_names_an_event(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """KINDS_VERB 3: a market's record is a price move ("prices", as a market report's
    "prices fell" reads) when its headline's main clause reads no other kind and its
    cause clause names no event; a market's move on an event takes the event's kind."""
    record = "Copper hits record high as supply worries mount"
    lede = "Copper rose to a record on Tuesday, as a mine stoppage in Zambia added to worries."
    monkeypatch.setattr(features_module, "KINDS_VERB", 2)
    assert event_kinds(record, lede) == {"strike"}
    monkeypatch.setattr(features_module, "KINDS_VERB", 3)
    assert event_kinds(record, lede) == {"prices"}
    assert features(record, lede).kinds_verb
    assert event_kinds("Container freight rates hit 18-month high", "") == {"prices"}
    stoppage = "Copper climbs to six-week high as Chilean mine stoppage bites"
    assert event_kinds(stoppage, "") == {"strike"}
    assert not features(stoppage, "").kinds_verb
    # a main clause of another kind keeps its kind
    assert event_kinds("Halden profit hits record high", "") == {"results"}


def test_a_structure_s_collapse_is_an_accident(monkeypatch: pytest.MonkeyPatch) -> None:
    """KINDS_SENSE 3: a tunnel's collapse, a cave-in or a rock fall is an accident; talks
    or shares collapsing are not."""
    collapse = "Kirkhaven Copper halts Zambian mine after tunnel collapse"
    cave_in = "Kirkhaven shares tumble after cave-in at biggest mine"
    lede = "Kirkhaven stopped work after part of a tunnel collapsed overnight, injuring four."
    monkeypatch.setattr(features_module, "KINDS_SENSE", 2)
    assert event_kinds(collapse, "") == set()
    assert event_kinds(cave_in, "") == set()
    monkeypatch.setattr(features_module, "KINDS_SENSE", 3)
    assert event_kinds(collapse, "") == {"accident"}
    assert event_kinds(cave_in, "") == {"accident"}
    assert event_kinds("Rescuers free last trapped miner", lede) == {"accident"}
    assert event_kinds("Pay talks collapse at Tessel", "") == set()
    assert event_kinds("Tessel shares collapse on fraud claims", "") == set()
    # the other senses are still read
    assert event_kinds("Pennard shares crash 48% after PT-118 misses main goal", "") == {"study"}


def test_a_probe_that_is_its_headline_s_subject_reads_probe() -> None:
    """KINDS_SUBJECT 2 (shipped): "CMA review casts doubt on ... takeover" tells the probe,
    not the takeover it examines; an investigation asked for is no subject."""
    assert event_kinds("CMA review casts doubt on timing of water takeover", "") == {"probe"}
    asked = "Anastasiades requests investigation into allegations against family members"
    assert "probe" not in event_kinds(asked, "")


def test_a_retailer_s_sales_and_outlook_read_as_results() -> None:
    """KINDS_TRADING 1 (shipped): a company's sales or outlook are its results; a
    country's retail sales are spending figures."""
    assert event_kinds("Haddow & Sons sales rise 7% as shoppers trade up", "") == {"results"}
    assert event_kinds("Haddow upgrades outlook on strong autumn trading", "") == {"results"}
    assert event_kinds("Retail sales rise 2% in November", "") == {"spending"}


def test_what_hit_someone_is_the_cause_and_an_order_to_compensate_is_redress() -> None:
    """KINDS_HIT 1 and KINDS_REDRESS 1 (shipped)."""
    order = "Regulator orders Alderbury to compensate customers hit by outage"
    assert event_kinds(order, "") == {"redress"}
    assert "strike" not in event_kinds("Greyfell swoops on strike-hit Chilean copper producer", "")
    assert event_kinds("Alderbury restores service after day-long outage", "") == {"accident"}


def test_a_product_s_approval_and_its_licence_have_kinds() -> None:
    """KINDS_APPROVAL 1 (shipped)."""
    assert event_kinds("Lorimer Biotech wins European approval for migraine drug", "") == {
        "approval"
    }
    assert event_kinds("Regulators clear Lorimer's ravelon, shares climb", "") == {"approval"}
    assert event_kinds("Lorimer licenses migraine drug to Kanemura for Asian markets", "") == {
        "deal"
    }


def test_a_spanish_report_reads_its_kind_in_spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every kind's words were English: a Spanish report read none (KINDS_ES 0)."""
    probe = "La CNMC abre un expediente a Energía Solana por el apagón de Valencia"
    recall = "Ravelle llama a revisión a 310.000 coches por un fallo en los frenos"
    rates = "El BCE baja los tipos de interés al 1,75 % ante la debilidad de la eurozona"
    assert event_kinds(probe, "") == event_kinds(recall, "") == event_kinds(rates, "") == set()
    monkeypatch.setattr(features_module, "KINDS_ES", 1)
    assert event_kinds(probe, "") == {"probe", "accident"}
    assert event_kinds(recall, "") == {"recall"}
    assert event_kinds(rates, "") == {"rates"}
    # accented or not, any case
    assert event_kinds("DIMITE el presidente de Norte Energia", "") == {"leadership"}
    assert event_kinds("Huelga en la planta de Vigo", "") == {"strike"}
    assert event_kinds("Nueva explosion en la refineria", "") == {"accident"}
    # words of another common sense are read only in the kind's
    assert event_kinds("El paro registrado baja en 30.000 personas", "") == {"jobs"}
    assert event_kinds("Santa Cruz declara alerta sanitaria por el sarampión", "") == set()
    assert event_kinds("Las partes pactan un alto el fuego en la frontera", "") == set()
    # KINDS_ES 2: the Spanish headline's main clause ends at its cause ("por", "tras")
    monkeypatch.setattr(features_module, "KINDS_ES", 2)
    assert event_kinds(probe, "") == {"probe"}


def test_a_kind_s_pattern_is_skipped_only_where_it_cannot_match(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each kind's pattern is searched only where one of the strings its matches need
    occurs, in the part folded as a case-blind pattern compares: the Turkish dotted and
    dotless i, the long s and the Kelvin sign match ASCII letters too."""
    monkeypatch.setattr(features_module, "KINDS_NEW", 1)
    monkeypatch.setattr(features_module, "KINDS_LAUNCH", 1)
    patterns, _ = features_module._kind_patterns()
    assert len(patterns) > 30
    checked = [
        *patterns,
        ("funding", features_module._BONDS, features_module._needs(features_module._BONDS)),
    ]
    assert all(needs for _, _, needs in checked)  # every one is screened
    texts = [
        "QUARTERLY PROFIT",
        "\u0130nterest rates",
        "\u0131nterest rates",
        "\u017ftrike",
        "ta\u212aeover",
        "\u0130PO",
        "Walk-Outs",
        "cut 1,200 jobs",
        "fines",
        "record fine",
        "cave-in",
        "bond sale",
        "raised $5 million from",
        "licenses drug to",
        "pays $50m upfront",
        "Regulators CLEAR",
        "ORDERS Shell TO REFUND",
        "sales rise",
        "phase 3 trial",
        "recapitali\u017fation",
        "(IPO)",
        "\u201cStrike\u201d",
        "ex-CEO resigns",
        "\u0131nterest-rate decision",
        "job_cuts",
    ]
    _assert_screens_pass_matches(checked, texts)
    assert event_kinds("Central bank raises \u0130nterest rates", "") == {"rates"}
    assert event_kinds("Union calls \u017ftrike", "") == {"strike"}
    assert event_kinds("ta\u212aeover", "") == {"deal"}
    assert event_kinds("Weather today", "Sunny, then rain.") == set()


def test_a_body_s_pattern_is_skipped_only_where_it_cannot_match() -> None:
    """Each public body's pattern is screened as the kinds' are, and is searched wherever
    it can match: in any case, with the characters a case-blind pattern reads as ASCII
    letters, and with a short form read in its own case only."""
    screens = features_module._body_screens()
    assert len(screens) == len(features_module.BODIES)
    assert all(needs for _, _, needs in screens)  # every one is screened
    texts = [
        "EL BCE",
        "the BoE and the BOE",
        "boe",
        "Bank of \u0130ndia",
        "Reserve Bank of \u0130ndia",
        "Banco de M\u00e9xico",
        "BANCO DE ESPA\u00d1A",
        "People's Bank of China",
        "peoples bank of china",
        "PBoC",
        "Federal Reserve-led",
        "Fed, ECB",
        "(SEC)",
        "\u201cFDA\u201d",
        "OPEC+",
        "World Trade Organi\u017fation",
        "ba\u212aer",
        "Comisi\u00f3n Nacional de los Mercados y la Competencia",
        "Comision Europea",
        "agencia internacional de la energia",
    ]
    _assert_screens_pass_matches(screens, texts)
    for text in texts:
        assert bodies(text) == {k for k, p in features_module.BODIES.items() if p.search(text)}


def test_an_alternation_is_screened_by_each_branch_s_every_string() -> None:
    """A pattern of one alternation needs, for the branch that matches, every string of
    that branch: "nuevo presidente" needs "nuev" at a word's start as well as "president",
    so an English paragraph naming a president is not searched for it."""
    pattern = features_module.ES_KINDS["leadership"]
    needs = features_module._needs(pattern)

    def screened(text: str) -> bool:
        folded = features_module._kind_fold(text)
        return features_module._may_match(needs, folded, features_module._word_heads(text))

    english = "The president said the director would stay. The board's president agreed."
    assert pattern.search(english) is None
    assert not screened(english)
    for spanish in (
        "Nuevo presidente en Ibercaja",
        "NUEVA CONSEJERA DELEGADA",
        "cese del director",
    ):
        assert pattern.search(spanish) is not None
        assert screened(spanish), spanish


def test_a_contract_won_and_a_burst_main_have_kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    """KINDS_WINS 1: a company's first event told by these words read no kind, and its
    next event joined it with nothing for rule 3 to read on the story's side."""
    monkeypatch.setattr(features_module, "KINDS_WINS", 1)
    won = "Corvell Aerospace wins 1.1 billion pound fighter wing contract"
    assert event_kinds(won, "") == {"contract"}
    assert event_kinds("Defence order worth 1.1 billion pounds lands at Corvell", "") == {
        "contract"
    }
    burst = "Thousands without water after Pelham main bursts in Sheffield"
    assert event_kinds(burst, "") == {"accident"}
    # the job cuts that name the contract are job cuts: the clause after "despite" is not read
    cuts = "Corvell Aerospace to cut 600 jobs at Bristol despite fighter contract"
    assert event_kinds(cuts, "") == {"layoffs"}


def test_suit_and_rating_cut_read_their_own_kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    """KINDS_SUITS 1: shareholders suing over a takeover read "court", not the takeover's
    "deal"; a rating agency's cut reads "rating" (no kind before), in English and Spanish."""
    monkeypatch.setattr(features_module, "KINDS_SUITS", 0)
    suit = "Altoandina investors sue to block Quellin takeover, saying price too low"
    assert event_kinds(suit, "") == {"deal"}
    assert event_kinds("Stanway cuts Harcourt Utilities to BBB, citing debt", "") == set()
    monkeypatch.setattr(features_module, "KINDS_SUITS", 1)
    assert event_kinds(suit, "") == {"court"}
    assert event_kinds("Stanway cuts Harcourt Utilities to BBB, citing debt", "") == {"rating"}
    assert event_kinds("Stanway rebaja la nota de Harcourt Utilities a BBB", "") == {"rating"}
    assert event_kinds("Quellin Copper to buy Chile's Minera Altoandina", "") == {"deal"}
    assert event_kinds("Bank of England cuts rates to 3.25% in split vote", "") == {"rates"}


def test_narrowed_suits_read_a_class_action_and_a_cut_not_a_watch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """KINDS_SUITS 2: a class action reads "court" in English and Spanish; a rating cut
    reads "rating" but a rating watch after a deal does not, nor does "demanda" (demand)."""
    watch = "Ratings agency puts Calloway on watch for downgrade after Pinecrest deal"
    action = "Krestel Bank faces class action over customer data breach"
    colectiva = "Demanda colectiva contra Krestel Bank por la filtración de datos"
    monkeypatch.setattr(features_module, "KINDS_SUITS", 1)
    assert "rating" in event_kinds(watch, "")
    assert "court" not in event_kinds(action, "")
    monkeypatch.setattr(features_module, "KINDS_SUITS", 2)
    assert "rating" not in event_kinds(watch, "")
    assert "court" in event_kinds(action, "")
    assert "court" in event_kinds(colectiva, "")
    assert event_kinds("Stanway cuts Harcourt Utilities to BBB, citing debt", "") == {"rating"}
    assert event_kinds("Stanway rebaja la calificación de Harcourt a BBB", "") == {"rating"}
    suit = "Altoandina investors sue to block Quellin takeover, saying price too low"
    assert event_kinds(suit, "") == {"court"}
    assert "court" not in event_kinds("La demanda de gas cae un 8% en noviembre", "")
    assert event_kinds("Bank of England cuts rates to 3.25% in split vote", "") == {"rates"}


def test_public_bodies_and_a_central_bank_s_verb(monkeypatch: pytest.MonkeyPatch) -> None:
    """features.bodies reads a central bank or regulator by its name or short form, in
    English and Spanish, as one body; KINDS_BANKS reads "rates" from a central bank's
    decision verb, and only then."""
    assert bodies("El BCE mantiene los tipos") == {"ecb"} == bodies("ECB holds rates")
    assert bodies("a narrow majority at the BoE") == {"boe"}
    assert bodies("Bank of England cuts rates") == {"boe"}
    assert bodies("Fed up with delays, shoppers stay home") == {"fed"}  # a short form's case
    assert bodies("fed up with delays") == set()
    assert bodies("OPEC+ agrees deeper output cut") == {"opec"}
    head = "Gilts slip, pound firms as BoE resists cutting"
    for banks in (0, 1):
        monkeypatch.setattr(features_module, "KINDS_BANKS", banks)
        assert ("rates" in event_kinds(head, "")) == bool(banks)
        assert event_kinds("Vellmar Steel cuts jobs as demand slumps", "") == set()


def test_a_central_bank_as_its_clause_s_subject_reads_rates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """KINDS_BANKS 2: a central bank read as its clause's subject with its own decision's
    verb reads "rates" ("as BoE resists cutting"); bets on or a case for a move (read as
    a decision under 1) and a move a bank may make read none from the bank."""
    head = "Gilts slip, pound firms as BoE resists cutting"
    bets = "Strong Australian jobs data lift bets on another RBA hike"
    case = "Cooling euro area prices bolster case for ECB cut"
    monkeypatch.setattr(features_module, "KINDS_BANKS", 1)
    assert "rates" in event_kinds(bets, "") and "rates" in event_kinds(case, "")
    monkeypatch.setattr(features_module, "KINDS_BANKS", 2)
    assert event_kinds(head, "") == {"rates"}
    assert event_kinds(bets, "") == {"jobs"}
    assert event_kinds(case, "") == set()
    assert event_kinds("RBA stands pat on cash rate", "") == {"rates"}
    assert event_kinds("Loonie jumps after Bank of Canada raises key rate", "") == {"rates"}
    assert event_kinds("Pound slips as traders see BoE moving later", "") == set()
    assert event_kinds("Vellmar Steel cuts jobs as demand slumps", "") == set()


def test_a_headline_s_act_reads_as_a_kind_when_no_kind_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """KINDS_ACTION 1: a main clause reading no kind reads the act its verb tells right
    after its subject; a kind read otherwise comes first, and a verb after "to" or a
    lower-case opening is no act. 2: in the late kinds only. 0: none."""
    raise_head = "Tidewell raises 800 million pounds to fund Yorkshire wind farm"
    lede = "Analysts expect interest rates to stay high."
    monkeypatch.setattr(features_module, "KINDS_ACTION", 0)
    assert event_kinds(raise_head, "") == set()
    assert event_kinds("Calderwind scraps North Sea wind farm", lede) == {"rates"}
    monkeypatch.setattr(features_module, "KINDS_ACTION", 1)
    assert event_kinds(raise_head, "") == {"act:raise"}
    assert event_kinds("Calderwind scraps North Sea wind farm", lede) == {"act:scrap"}
    assert event_kinds("Tidewell Energy wins North Sea wind auction", "") == {"act:win"}
    assert event_kinds("Corriedale cuts price it pays Irish dairy farmers", "") == {"act:cut"}
    assert event_kinds("Halvik Lines cuts profit forecast", "") == {"results"}
    assert event_kinds("Shares set to rise on Monday", "") == set()
    monkeypatch.setattr(features_module, "KINDS_ACTION", 2)
    got = features(raise_head, "Tidewell Energy raised 800 million pounds.")
    assert got.kinds == set() and got.late_kinds == {"act:raise"}


def _assert_screens_pass_matches(
    screens: Iterable[tuple[str, re.Pattern[str], object]], texts: list[str]
) -> None:
    """Every pattern that matches a text is let through by its screen (`_may_match`)."""
    for text in texts:
        folded = features_module._kind_fold(text)
        heads = features_module._word_heads(text)
        for name, pattern, needs in screens:
            if pattern.search(text):
                assert features_module._may_match(needs, folded, heads), (name, text)
