"""Date arithmetic of the treaties' own clauses (whatapplies.treaty_time) and its edges
through the whole engine."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import whatapplies
from whatapplies import treaty_time
from whatapplies.knowledge import default_knowledge

from .conftest import NO_DATA_STATE
from whatapplies.knowledge_models import FuzzyDate, Membership

D = dt.date.fromisoformat
KNOWLEDGE = default_knowledge()
TREATY_IDS = sorted(KNOWLEDGE.treaties)

WORKED = [
    # CWC art. XXI(2): the 30th day after deposit
    ("cwc", "SYR", "2013-09-14", "2013-10-14"),
    ("cwc", "IRQ", "2009-01-13", "2009-02-12"),
    # deposited before the CWC entered into force: bound from 1997-04-29 (art. XXI(1))
    ("cwc", "BGD", "1997-04-25", "1997-04-29"),
    # Rome Statute art. 126(2): first day of the month after the 60th day
    ("rome-statute", "ARM", "2023-11-14", "2024-02-01"),
    ("rome-statute", "UKR", "2024-10-25", "2025-01-01"),
    ("rome-statute", "PSE", "2015-01-02", "2015-04-01"),
    ("rome-statute", "LTU", "2003-05-12", "2003-08-01"),
    # CCM art. 17(2): first day of the sixth month after deposit
    ("ccm", "PHL", "2019-01-03", "2019-07-01"),
    ("ccm", "IRQ", "2013-05-14", "2013-11-01"),
    ("ccm", "COL", "2015-09-10", "2016-03-01"),
    # CCW art. 5(2): six months after deposit
    ("ccw", "AFG", "2017-08-09", "2018-02-09"),
]


@pytest.mark.parametrize("treaty_id,state,deposit,expected", WORKED, ids=[f"{w[0]}-{w[1]}" for w in WORKED])
def test_worked_examples(treaty_id, state, deposit, expected):
    assert treaty_time.entry_into_force(KNOWLEDGE.treaties[treaty_id], D(deposit)) == D(expected)


@pytest.mark.parametrize("treaty_id,state,deposit,expected", WORKED, ids=[f"{w[0]}-{w[1]}" for w in WORKED])
def test_worked_examples_match_the_state_data(treaty_id, state, deposit, expected):
    """The seeds record the same deposit, and the state's timeline starts on the expected day."""
    membership = KNOWLEDGE.membership(state, treaty_id)
    assert membership is not None and membership.status == "party", f"seeds/states/{state}.yaml: {treaty_id}"
    assert str(membership.deposit) == deposit, f"seeds/states/{state}.yaml: {treaty_id}.deposit"
    line = KNOWLEDGE.timeline(state, treaty_id)
    assert line.entry_into_force == D(expected)
    party = [s for s in line.segments if s.standing == "party"]
    assert party and party[0].start == D(expected)
    before = [s for s in line.segments if s.end == D(expected)]
    assert before and before[0].standing == "non-party"


def _recorded_day_precision():
    for code, record in sorted(KNOWLEDGE.states.items()):
        for treaty_id, membership in sorted(record.memberships.items()):
            if membership.entry_into_force and membership.deposit and membership.deposit.precision == "day":
                yield pytest.param(code, treaty_id, id=f"{code}-{treaty_id}")


@pytest.mark.parametrize("state,treaty_id", list(_recorded_day_precision()))
def test_recorded_entry_into_force_matches_the_clause(state, treaty_id):
    membership = KNOWLEDGE.membership(state, treaty_id)
    computed = treaty_time.entry_into_force(KNOWLEDGE.treaties[treaty_id], membership.deposit.earliest,
                                            bool(membership.in_armed_conflict_at_deposit))
    where = f"seeds/states/{state}.yaml: memberships.{treaty_id}"
    if membership.entry_into_force_basis:
        assert membership.entry_into_force != computed, f"{where}: has a basis but matches the clause anyway"
        assert len(membership.entry_into_force_basis.strip()) > 20, f"{where}: the basis must say why"
    else:
        assert membership.entry_into_force == computed, (
            f"{where}: recorded {membership.entry_into_force}, clause gives {computed}"
        )


def test_there_are_recorded_dates_to_check():
    assert len(list(_recorded_day_precision())) >= 10


# ------------------------------------------------------------------ withdrawal


def test_rome_statute_withdrawal_takes_one_year():
    clause = KNOWLEDGE.treaties["rome-statute"].withdrawal
    assert treaty_time.withdrawal_effective(clause, D("2016-10-27")) == D("2017-10-27")


def test_burundi_timeline_ends_on_the_effective_date():
    line = KNOWLEDGE.timeline("BDI", "rome-statute")
    assert line.withdrawal_effective == D("2017-10-27")
    notified = KNOWLEDGE.membership("BDI", "rome-statute").withdrawal.notified
    computed = treaty_time.withdrawal_effective(KNOWLEDGE.treaties["rome-statute"].withdrawal, notified)
    assert computed == line.withdrawal_effective  # recorded and computed agree
    assert line.segments[-1].start == D("2017-10-27") and line.segments[-1].standing == "non-party"
    assert line.segments[-2].end == D("2017-10-27") and line.segments[-2].standing == "party"


@pytest.mark.parametrize(
    "rule,n,notified,effective",
    [
        ("days_after_notice", 90, "2020-01-01", "2020-03-31"),
        ("months_after_notice", 6, "2020-08-31", "2021-02-28"),
        ("years_after_notice", 1, "2020-02-29", "2021-02-28"),
    ],
)
def test_withdrawal_clause_kinds(rule, n, notified, effective):
    clause = KNOWLEDGE.treaties["cwc"].withdrawal.model_copy(update={"rule": rule, "n": n})
    assert treaty_time.withdrawal_effective(clause, D(notified)) == D(effective)


def test_add_months_clamps_to_the_end_of_the_month():
    assert treaty_time.add_months(D("2019-08-31"), 6) == D("2020-02-29")
    assert treaty_time.add_months(D("2019-12-15"), 1) == D("2020-01-15")
    assert treaty_time.first_of_month_after(D("2019-12-15")) == D("2020-01-01")


# ------------------------------------------------------------------ edges through the engine


def _verdict(regime: str, date: str, **scenario) -> str:
    return whatapplies.ask({"date": date, **scenario}).regime(regime).verdict


SYRIA = dict(weapon="sarin", territory="SYR", actor="SYR", conflict="non-international", opponents=["group:opposition"])
ARMENIA = dict(territory="ARM", actor="AZE", opponents=["ARM"])
BURUNDI = dict(territory="BDI", actor="BDI", conflict="none")


@pytest.mark.parametrize(
    "regime,scenario,date,expected",
    [
        ("cwc", SYRIA, "2013-10-13", "does_not_apply"),
        ("cwc", SYRIA, "2013-10-14", "applies"),
        ("rome-statute", ARMENIA, "2021-05-09", "does_not_apply"),
        ("rome-statute", ARMENIA, "2021-05-10", "applies"),
        ("rome-statute", BURUNDI, "2017-10-26", "applies"),
        ("rome-statute", BURUNDI, "2017-10-27", "does_not_apply"),
    ],
    ids=["syria-cwc-day-before", "syria-cwc-day-of", "armenia-12-3-day-before", "armenia-12-3-day-of",
         "burundi-last-day", "burundi-withdrawal-effective"],
)
def test_edges_through_the_engine(regime, scenario, date, expected):
    assert _verdict(regime, date, **scenario) == expected


# ------------------------------------------------------------------ properties

deposits = st.dates(min_value=dt.date(1945, 1, 1), max_value=dt.date(2100, 12, 31))


@settings(max_examples=60, deadline=None)
@given(treaty_id=st.sampled_from(TREATY_IDS), a=deposits, b=deposits)
def test_entry_into_force_is_never_early_and_monotone(treaty_id, a, b):
    treaty = KNOWLEDGE.treaties[treaty_id]
    eif_a = treaty_time.entry_into_force(treaty, a)
    eif_b = treaty_time.entry_into_force(treaty, b)
    for deposit, eif in ((a, eif_a), (b, eif_b)):
        assert eif >= deposit
        assert eif >= treaty.in_force
    if a <= b:
        assert eif_a <= eif_b
    else:
        assert eif_a >= eif_b


@pytest.mark.parametrize("treaty_id", TREATY_IDS)
def test_entry_into_force_around_the_treatys_own_entry_into_force(treaty_id):
    """Every day from a year before the cut-off to a year after: never early, monotone."""
    treaty = KNOWLEDGE.treaties[treaty_id]
    cutoff = treaty.entry_into_force.later_deposits_after
    previous = None
    for offset in range(-366, 367):
        deposit = cutoff + dt.timedelta(days=offset)
        eif = treaty_time.entry_into_force(treaty, deposit)
        assert eif >= deposit and eif >= treaty.in_force, deposit
        if previous is not None:
            assert eif >= previous, deposit
        previous = eif


@settings(max_examples=50, deadline=None)
@given(treaty_id=st.sampled_from(TREATY_IDS), year=st.integers(min_value=1950, max_value=2030),
       precision=st.sampled_from(["year", "month"]), month=st.integers(min_value=1, max_value=12))
def test_fuzzy_deposit_gives_an_unknown_segment_between_earliest_and_latest(treaty_id, year, precision, month):
    treaty = KNOWLEDGE.treaties[treaty_id]
    deposit = FuzzyDate.parse(year if precision == "year" else f"{year}-{month:02d}")
    membership = Membership(status="party", deposit=deposit, verified=False)
    earliest = treaty_time.entry_into_force(treaty, deposit.earliest)
    latest = treaty_time.entry_into_force(treaty, deposit.latest)
    line = treaty_time.timeline(treaty, membership)
    assert line.entry_into_force == latest
    unknown = [s for s in line.segments if s.standing == "unknown"]
    if latest > earliest:
        assert len(unknown) == 1
        assert (unknown[0].start, unknown[0].end) == (earliest, latest)
        assert str(deposit) in unknown[0].why
    else:  # e.g. every day of the year was before the treaty's own entry into force
        assert unknown == []
    # the segments tile all time without gaps or overlaps
    assert line.segments[0].start == treaty_time.BEGINNING
    assert line.segments[-1].end == treaty_time.FOREVER
    for left, right in zip(line.segments, line.segments[1:]):
        assert left.end == right.start
    assert {s.standing for s in line.segments if s.end <= earliest} == {"non-party"}
    # before the treaty itself was in force, the standing rests on the treaty's own date
    assert line.segments[0].before_treaty and line.segments[0].end == treaty.in_force
    assert not any(s.before_treaty for s in line.segments[1:])
    assert line.segments[-1].standing == "party" and line.segments[-1].start == latest


def test_fuzzy_deposit_in_the_data():
    """Egypt's Geneva Conventions deposit is known to the month: unknown exactly between the possible dates."""
    membership = KNOWLEDGE.membership("EGY", "geneva-conventions")
    assert membership.deposit.precision == "month"
    treaty = KNOWLEDGE.treaties["geneva-conventions"]
    unknown = [s for s in KNOWLEDGE.timeline("EGY", "geneva-conventions").segments if s.standing == "unknown"]
    assert [(s.start, s.end) for s in unknown] == [
        (treaty_time.entry_into_force(treaty, membership.deposit.earliest),
         treaty_time.entry_into_force(treaty, membership.deposit.latest))
    ]


# -- withdrawal during an armed conflict (CCM/APMBC art. 20(3), CCW art. 9(2))

def _apmbc_segments(**withdrawal):
    treaty = default_knowledge().treaties["apmbc"]
    membership = Membership.model_validate(
        {"status": "party", "deposit": "2003-05-12", "verified": False, "withdrawal": {"notified": "2025-06-27", **withdrawal}}
    )
    return [(s.start, s.end, s.standing) for s in treaty_time.timeline(treaty, membership).segments]


EXPIRY = dt.date(2025, 12, 27)  # six months after 2025-06-27


def test_withdrawal_not_engaged_in_armed_conflict_takes_effect_after_six_months():
    assert _apmbc_segments(armed_conflict_at_expiry=False)[-1] == (EXPIRY, treaty_time.FOREVER, "non-party")
    assert _apmbc_segments(armed_conflict_at_expiry=False)[-2][1:] == (EXPIRY, "party")


def test_withdrawal_while_engaged_in_armed_conflict_keeps_the_state_bound():
    assert _apmbc_segments(armed_conflict_at_expiry=True)[-1] == (EXPIRY, treaty_time.FOREVER, "party")


def test_withdrawal_takes_effect_when_the_armed_conflict_ends():
    ended = dt.date(2027, 3, 1)
    segments = _apmbc_segments(armed_conflict_at_expiry=True, armed_conflict_ended=ended.isoformat())
    assert segments[-2] == (EXPIRY, ended, "party")
    assert segments[-1] == (ended, treaty_time.FOREVER, "non-party")


def test_withdrawal_with_unknown_armed_conflict_is_unknown_after_the_notice_period():
    segments = _apmbc_segments()
    assert segments[-2][1:] == (EXPIRY, "party")
    assert segments[-1] == (EXPIRY, treaty_time.FOREVER, "unknown")


def test_withdrawal_clause_without_the_proviso_ignores_armed_conflict():
    treaty = default_knowledge().treaties["rome-statute"]
    membership = Membership.model_validate(
        {"status": "party", "deposit": "2003-05-12", "verified": False, "withdrawal": {"notified": "2025-06-02"}}
    )
    assert treaty_time.timeline(treaty, membership).segments[-1].start == dt.date(2026, 6, 2)


def test_conflict_end_without_engagement_is_refused():
    with pytest.raises(ValueError, match="armed_conflict_ended"):
        Membership.model_validate({"status": "party", "deposit": "2003-05-12", "verified": False,
                                   "withdrawal": {"notified": "2025-06-27", "armed_conflict_ended": "2026-01-01"}})


@pytest.mark.parametrize("date, expected", [("2025-12-26", "applies"), ("2025-12-27", "does_not_apply")])
def test_lithuania_leaves_the_ottawa_convention_on_2025_12_27(date, expected):
    answer = whatapplies.ask({"date": date, "territory": "LTU", "actor": "LTU", "opponents": ["RUS"],
                              "weapon": "anti-personnel-mine"})
    assert answer.regime("apmbc").verdict == expected


# -- art. 124: Ukraine's declaration covers war crimes by its nationals only (2025-01-01 to 2031-12-31)

def _rome_reasons(actor, opponent, date="2025-06-01"):
    answer = whatapplies.ask({"date": date, "territory": "UKR", "actor": actor, "opponents": [opponent]})
    return " ".join(answer.regime("rome-statute").reasons)


def test_art_124_reaches_ukrainian_nationals():
    assert "committed by its nationals" in _rome_reasons("UKR", "RUS")


def test_art_124_does_not_reach_others_on_ukrainian_territory():
    assert "art. 124" not in _rome_reasons("RUS", "UKR")


@pytest.mark.parametrize("date, excluded", [("2024-12-31", False), ("2025-01-01", True),
                                            ("2031-12-31", True), ("2032-01-01", False)])
def test_art_124_period_edges(date, excluded):
    assert ("art. 124" in _rome_reasons("UKR", "RUS", date)) is excluded


def test_only_art_124_declarations_have_a_scope():
    from whatapplies.knowledge_models import Declaration

    with pytest.raises(ValueError, match="scope"):
        Declaration.model_validate({"id": "x", "type": "rome-12-3", "from": "2020-01-01", "scope": "nationals",
                                    "verified": False, "sources": []})
    assert Declaration.model_validate({"id": "y", "type": "rome-124", "from": "2020-01-01", "verified": False,
                                       "sources": []}).scope is None  # read by the rules as the article's reach


@pytest.mark.parametrize("actor, territory", [("COL", "COL"), ("COL", "VEN"), ("VEN", "COL")])
def test_art_124_without_a_scope_reaches_nationals_and_territory(actor, territory):
    """Colombia's declaration (2002-11-01 to 2009-10-31) names no scope: the article's own reach."""
    opponent = "VEN" if actor == "COL" else "COL"
    answer = whatapplies.ask({"date": "2005-06-01", "territory": territory, "actor": actor, "opponents": [opponent]})
    reasons = " ".join(answer.regime("rome-statute").reasons)
    assert "art. 124" in reasons and "Colombia" in reasons


def test_geneva_conventions_take_immediate_effect_for_a_party_to_a_conflict():
    """GC I art. 62: Palestine's accession of 2014-04-02 took effect that day, not six months later."""
    gc = KNOWLEDGE.treaties["geneva-conventions"]
    assert treaty_time.entry_into_force(gc, D("2014-04-02"), in_armed_conflict=True) == D("2014-04-02")
    assert treaty_time.entry_into_force(gc, D("2014-04-02")) == D("2014-10-02")
    rome = KNOWLEDGE.treaties["rome-statute"]  # no such clause: the conflict changes nothing
    assert treaty_time.entry_into_force(rome, D("2015-01-02"), in_armed_conflict=True) == D("2015-04-01")


# -- a withdrawal announced, its notification not on record (Mali, Rome Statute, 2025-09-22)

def test_announced_withdrawal_binds_until_the_earliest_expiry_then_is_unknown():
    treaty = default_knowledge().treaties["rome-statute"]
    membership = Membership.model_validate(
        {"status": "party", "deposit": "2003-05-12", "verified": False, "withdrawal": {"announced": "2025-09-22"}})
    line = treaty_time.timeline(treaty, membership)
    assert [(s.start, s.end, s.standing) for s in line.segments][-2:] == [
        (dt.date(2003, 8, 1), dt.date(2026, 9, 22), "party"), (dt.date(2026, 9, 22), treaty_time.FOREVER, "unknown")]
    assert line.withdrawal_effective is None  # not known: never "withdrawal effective"
    assert "notification to the depositary not on record" in line.segments[-1].why


def test_announced_withdrawal_under_a_clause_suspended_in_armed_conflict_is_unknown_after_the_notice_period():
    assert _apmbc_segments_announced()[-1] == (EXPIRY, treaty_time.FOREVER, "unknown")
    assert _apmbc_segments_announced()[-2][1:] == (EXPIRY, "party")


def test_ukraine_is_bound_by_the_ottawa_convention_until_2026_08_02_and_unknown_after():
    """Decree of 2025-06-29, but the depositary's record of 2026-02-03 holds no notification: none can take
    effect before 2026-08-03. Whether one came later, and whether the armed conflict goes on, are not in the data."""
    segments = default_knowledge().timeline("UKR", "apmbc").segments
    assert [(s.start, s.standing) for s in segments[-2:]] == [(D("2006-06-01"), "party"), (D("2026-08-03"), "unknown")]
    assert "only if the state is not engaged in an armed conflict" in segments[-1].why
    assert "no notification to the depositary on record as of 2026-02-03" in segments[-1].why


@pytest.mark.parametrize("announced,unrecorded,unknown_from", [
    ("2025-06-27", "2026-02-03", "2026-08-03"),  # the record is later: the notice period counts from it
    ("2025-06-27", "2025-06-27", "2025-12-27"),  # the same day: as if announced alone
    ("2025-06-27", "2025-01-01", "2025-12-27"),  # an older record says nothing the announcement does not
])
def test_a_record_without_the_notification_moves_the_earliest_expiry(announced, unrecorded, unknown_from):
    treaty = default_knowledge().treaties["apmbc"]
    membership = Membership.model_validate(
        {"status": "party", "deposit": "2003-05-12", "verified": False,
         "withdrawal": {"announced": announced, "not_notified_as_of": unrecorded}})
    segments = treaty_time.timeline(treaty, membership).segments
    assert [(s.start, s.standing) for s in segments[-2:]] == [(D("2003-11-01"), "party"), (D(unknown_from), "unknown")]
    assert treaty_time.timeline(treaty, membership).withdrawal_effective is None


def _apmbc_segments_announced():
    treaty = default_knowledge().treaties["apmbc"]
    membership = Membership.model_validate(
        {"status": "party", "deposit": "2003-05-12", "verified": False, "withdrawal": {"announced": "2025-06-27"}})
    return [(s.start, s.end, s.standing) for s in treaty_time.timeline(treaty, membership).segments]


def test_mali_is_bound_by_the_rome_statute_until_2026_09_21_and_unknown_from_2026_09_22():
    def rome(day):
        answer = whatapplies.ask({"date": day, "territory": "MLI", "actor": "group:JNIM", "nationality": "MLI", "opponents": ["MLI"]})
        return answer.regime("rome-statute").verdict, answer.body("icc").verdict

    assert rome("2026-09-21") == ("applies", "competent")
    assert rome("2026-09-22") == ("unknown", "unknown")
    assert rome("2026-11-22") == ("unknown", "unknown")


# -- a non-party status read from a source of known date only (`as_of`)

@pytest.mark.parametrize("treaty_id,as_of,unknown_from", [
    ("ccw", "2023", "2023-07-01"),  # art. 5(2): six months after a deposit on 2023-01-01
    ("rome-statute", "2023", "2023-04-01"),  # art. 126(2): first of the month after the 60th day
    ("ccm", "2024-05", "2024-11-01"),  # art. 17(2): first day of the sixth month
    ("cwc", "2024-05-17", "2024-06-16"),  # art. XXI(2): the 30th day
    ("geneva-conventions", "2023", "2023-01-01"),  # art. 62: at once for a party to a conflict
])
def test_a_dated_non_party_status_is_not_bound_until_the_earliest_entry_into_force_then_unknown(treaty_id, as_of, unknown_from):
    treaty = KNOWLEDGE.treaties[treaty_id]
    for status in ("non-party", "signatory"):
        membership = Membership.model_validate({"status": status, "as_of": as_of, "verified": False})
        segments = treaty_time.timeline(treaty, membership).segments
        assert [(s.start, s.end, s.standing, s.basis) for s in segments] == [
            (treaty_time.BEGINNING, treaty.in_force, "non-party", ""),
            (treaty.in_force, D(unknown_from), "non-party", ""),
            (D(unknown_from), treaty_time.FOREVER, "unknown", "status-as-of")]
        assert segments[0].before_treaty and not segments[1].before_treaty
        assert f"as read in a source of {as_of}" in segments[1].why
        assert treaty.entry_into_force.article in segments[2].why


def test_an_undated_non_party_status_holds_for_all_time():
    membership = Membership.model_validate({"status": "non-party", "verified": False})
    ccw = KNOWLEDGE.treaties["ccw"]
    segments = treaty_time.timeline(ccw, membership).segments
    assert [(s.start, s.end, s.standing) for s in segments] == [(treaty_time.BEGINNING, ccw.in_force, "non-party"),
                                                                (ccw.in_force, treaty_time.FOREVER, "non-party")]
    assert [s.why for s in segments] == ["before CCW entered into force (1983-12-02)", "not a party"]


@pytest.mark.parametrize("status", ["party", "unknown"])
def test_as_of_dates_only_a_non_party_or_signatory_status(status):
    with pytest.raises(ValueError, match="`as_of` dates a non-party or signatory status"):
        Membership.model_validate({"status": status, "as_of": "2023", "verified": False})


def test_azerbaijans_ccw_p3_standing_as_of_its_source_is_unknown_once_an_accession_could_be_in_force():
    """The letters of 2020 say neither Armenia nor Azerbaijan is a CCW party; the UNTC table the data reads is of
    2026-02-03: not bound up to 2026-08-02, not known from 2026-08-03 (an accession the day after the source could be
    in force six months later, CCW art. 5(4))."""
    def ccw_p3(day):
        return whatapplies.ask({"date": day, "territory": "ARM", "actor": "AZE", "opponents": ["ARM"],
                                "weapon": "white-phosphorus", "use": "incendiary"}).regime("ccw-p3")

    assert ccw_p3("2020-10-31").verdict == "does_not_apply"
    assert ccw_p3("2026-08-02").verdict == "does_not_apply"
    later = ccw_p3("2026-08-03")
    assert later.verdict == "unknown"
    assert any(r.endswith("it is recorded as not bound only as of an earlier date, and it may have joined since.")
               for r in later.reasons)


# -- why a standing is unknown: each unknown segment names the missing fact (Segment.basis)

def test_every_unknown_segment_names_what_is_missing_and_no_other_segment_does():
    from whatapplies.render import UNKNOWN_BASES

    knowledge = default_knowledge()
    seen = set()
    for state in [*knowledge.states, NO_DATA_STATE]:
        for treaty_id in knowledge.treaties:
            for segment in knowledge.timeline(state, treaty_id).segments:
                assert (segment.standing == "unknown") == bool(segment.basis), (state, treaty_id, segment)
                seen.add(segment.basis)
    assert {"no-data", "status-unknown", "date-unknown", "deposit-imprecise", "withdrawal-announced", "status-as-of"} <= seen
    assert _apmbc_unknown_basis() == "withdrawal-in-armed-conflict"
    assert seen | {"withdrawal-in-armed-conflict"} <= set(UNKNOWN_BASES["en"]) == set(UNKNOWN_BASES["nl"])


def _apmbc_unknown_basis():
    treaty = default_knowledge().treaties["apmbc"]
    membership = Membership.model_validate(
        {"status": "party", "deposit": "2003-05-12", "verified": False, "withdrawal": {"notified": "2025-06-27"}})
    return treaty_time.timeline(treaty, membership).segments[-1].basis


@pytest.mark.parametrize("lang,reason", [
    ("en", "Whether Ukraine (acting state) is bound by the Ottawa Convention on 2026-09-01 is not known: it announced "
           "its withdrawal, and whether the withdrawal has taken effect is not known."),
    ("nl", "Of Oekraïne (handelende staat) op 2026-09-01 gebonden is aan het Verdrag van Ottawa, is niet bekend: het "
           "kondigde zijn opzegging aan, en of die van kracht is geworden, is niet bekend."),
])
def test_an_unknown_standing_says_why_in_the_answer(lang, reason):
    answer = whatapplies.ask({"date": "2026-09-01", "territory": "UKR", "actor": "UKR", "opponents": ["RUS"],
                              "weapon": "anti-personnel-mine"}, lang=lang)
    assert answer.regime("apmbc").verdict == "unknown"
    assert answer.regime("apmbc").reasons == [reason]


def test_the_other_unknown_standings_say_why():
    def reasons(scenario, subject):
        answer = whatapplies.ask(scenario)
        return " ".join(next(f for f in answer.regimes + answer.bodies if f.id == subject).reasons)

    no_data = {"date": "2020-01-01", "territory": NO_DATA_STATE, "actor": NO_DATA_STATE, "opponents": ["IRQ"], "weapon": "sarin"}
    assert "is a CWC State Party on 2020-01-01 is not known: there is no data on its participation" in reasons(no_data, "opcw")
    mali = {"date": "2026-11-22", "territory": "MLI", "actor": "group:JNIM", "nationality": "MLI", "opponents": ["MLI"]}
    assert ("is a party to the Rome Statute on 2026-11-22 is not known: it announced its withdrawal"
            in reasons(mali, "rome-statute"))
    # Egypt's Geneva Conventions deposit is known as 1952-11 only: the rules' own status fact says why it is unknown.
    from whatapplies.answer import Assembler
    from whatapplies.api import default_engine, explain_facts

    _, final = explain_facts({"date": "1953-05-15", "territory": "EGY", "actor": "EGY", "conflict": "none"})
    status = next(f for f in final if f["kind"] == "status" and f["instrument"] == "geneva-conventions")
    assert (status["value"], status["basis"]) == ("unknown", "deposit-imprecise")
    assert Assembler(default_engine(), default_knowledge()).reason(status, {f["fid"]: f for f in final}) == [
        "Whether Egypt is bound by the Geneva Conventions on 1953-05-15 is not known: the date of its instrument is known "
        "only roughly, so the day the treaty entered into force for it is not known."]


def test_every_account_message_is_reached_and_worded_in_dutch():
    """The seeds and the withdrawals above (armed conflict at expiry: no, yes, yes until it ended, not known; a
    clause without that proviso) reach
    every message of accounts.py, and each reads in Dutch with no placeholder left (`treaties --lang nl`)."""
    from whatapplies.accounts import MESSAGES

    treaty = KNOWLEDGE.treaties["apmbc"]
    withdrawals = [{"notified": "2025-06-27", **extra} for extra in (
        {}, {"armed_conflict_at_expiry": False}, {"armed_conflict_at_expiry": True},
        {"armed_conflict_at_expiry": True, "armed_conflict_ended": "2027-03-01"})]
    synthetic = [treaty_time.timeline(treaty, Membership.model_validate(
        {"status": "party", "deposit": "2003-05-12", "verified": False, "withdrawal": w})) for w in withdrawals]
    synthetic.append(treaty_time.timeline(KNOWLEDGE.treaties["rome-statute"], Membership.model_validate(
        {"status": "party", "deposit": "2003-05-12", "verified": False, "withdrawal": withdrawals[0]})))
    seeds = [KNOWLEDGE.timeline(state, treaty_id) for state in [*KNOWLEDGE.states, NO_DATA_STATE]
             for treaty_id in KNOWLEDGE.treaties]
    reached = set()

    def walk(account):
        reached.add(account.key)
        for _, value in account.values:
            if isinstance(value, type(account)):
                walk(value)

    for line in synthetic + seeds:
        for segment in line.segments:
            walk(segment.account)
            assert "{" not in segment.account.say("nl") and segment.account.say("nl") != segment.why
    assert reached == set(MESSAGES["en"]) - {"or-at-once"}  # GC art. 62 with `as_of`: the parametrised test above
    gc = Membership.model_validate({"status": "non-party", "as_of": "2023", "verified": False})
    dated = treaty_time.timeline(KNOWLEDGE.treaties["geneva-conventions"], gc).segments[-1].account.say("nl")
    assert ", of direct op grond van GC I art. 62" in dated


def test_every_standing_in_the_seeds_tiles_all_days_including_the_last():
    """Each state's segments under each treaty follow one another without gap or overlap, and the facts the
    rules see cover every day a date can name: an open-ended period's end counts as the day after 9999-12-31."""
    from whatapplies.facts import base_facts, normalise
    from whatapplies.models import Scenario

    for state in [*KNOWLEDGE.states, NO_DATA_STATE]:
        for treaty_id in TREATY_IDS:
            segments = KNOWLEDGE.timeline(state, treaty_id).segments
            assert segments[0].start == treaty_time.BEGINNING and segments[-1].end == treaty_time.FOREVER
            assert all(left.end == right.start for left, right in zip(segments, segments[1:])), (state, treaty_id)
            # no state is bound before the treaty itself: exactly that stretch rests on the treaty's own date
            assert [s.before_treaty for s in segments] == [True] + [False] * (len(segments) - 1), (state, treaty_id)
            assert segments[0].end == KNOWLEDGE.treaties[treaty_id].in_force, (state, treaty_id)
    scenario = normalise(Scenario.model_validate({"date": "9999-12-31", "territory": "UKR", "actor": "UKR",
                                                  "opponents": ["RUS"]}), KNOWLEDGE)
    facts = base_facts(scenario, KNOWLEDGE)
    day = facts[0]["day"]
    for state in ("UKR", "RUS"):
        for treaty_id in TREATY_IDS:
            covering = [f for f in facts if f["kind"] == "standing" and f["state"] == state
                        and f["instrument"] == treaty_id and f["start"] <= day < f["end"]]
            assert len(covering) == 1, (state, treaty_id)


def test_a_deposit_before_the_treaty_itself_entered_into_force_is_cited_under_that_clause():
    """The Netherlands deposited in 2001, among the first 60: bound by art. 126(1) with the Statute itself on
    2002-07-01, not by art. 126(2), the clause for later deposits (which the accounts cited for everyone)."""
    from whatapplies.knowledge_models import FuzzyDate

    clause = KNOWLEDGE.treaties["rome-statute"].entry_into_force
    assert clause.cited_for(FuzzyDate.parse("2001-07-17")).en == "Rome Statute art. 126(1)"
    assert clause.cited_for(FuzzyDate.parse("2002-04-11")).en == "Rome Statute art. 126(1)"  # the 60th and others that day
    assert clause.cited_for(FuzzyDate.parse("2002-04-12")).en == "Rome Statute art. 126(2)"
    assert clause.cited_for(FuzzyDate.parse("2002")).en == "Rome Statute art. 126(2)"  # either: the later clause
    assert clause.cited_for(None).en == "Rome Statute art. 126(2)"
    gc = KNOWLEDGE.treaties["geneva-conventions"].entry_into_force.cited_for(FuzzyDate.parse("1950-04-21"))
    assert gc.nl == gc.en == "GC I art. 58(1) (GC II art. 57(1), GC III art. 138(1), GC IV art. 153(1))"
    why = {treaty: segment.why for treaty in ("rome-statute", "cwc", "ccm")
           for segment in KNOWLEDGE.timeline("NLD", treaty).segments if segment.standing == "party"}
    assert why == {"rome-statute": "in force from 2002-07-01 (computed under Rome Statute art. 126(1))",
                   "cwc": "in force from 1997-04-29 (computed under CWC art. XXI(1))",
                   "ccm": "in force from 2011-08-01 (recorded)"}  # the Monitor's date since session 9
    later = [segment.why for segment in KNOWLEDGE.timeline("COL", "ccm").segments if segment.standing == "party"]
    assert later == ["in force from 2016-03-01 (computed under CCM art. 17(2))"]  # deposited 2015, after 2010-08-01


# -- a succession whose effective day is not recorded (Bangladesh, Geneva Conventions, notified 1972-04-04)

def test_a_succession_without_its_recorded_day_is_unknown_before_the_computed_entry_into_force():
    """A successor is often bound from its independence: with that day not recorded, 'not bound' would be a guess."""
    segments = default_knowledge().timeline("BGD", "geneva-conventions").segments
    gc_in_force = default_knowledge().treaties["geneva-conventions"].in_force
    assert [(s.start, s.standing, s.basis) for s in segments[:3]] == [
        (treaty_time.BEGINNING, "non-party", ""), (gc_in_force, "unknown", "succession-unrecorded"),
        (D("1972-10-04"), "party", "")]
    answer = whatapplies.ask({"date": "1971-12-10", "territory": "BGD", "actor": "PAK", "opponents": ["BGD"]})
    assert answer.regime("geneva-conventions").verdict == "unknown"
    assert "the day from which the succession counts" in " ".join(answer.regime("geneva-conventions").reasons)


def test_a_succession_with_its_recorded_day_binds_from_that_day():
    """Croatia's successions count from 1991-10-08 (HRV.yaml): bound from then, not bound before."""
    segments = default_knowledge().timeline("HRV", "geneva-conventions").segments
    assert [(s.start, s.standing) for s in segments] == [(treaty_time.BEGINNING, "non-party"),
                                                        (D("1950-10-21"), "non-party"), (D("1991-10-08"), "party")]


# -- before the treaty itself was in force

def test_a_standing_before_the_treaty_existed_rests_on_the_treaty_and_not_on_the_state_record():
    """A state whose AP I date is unverified was, in 1974, not bound all the same: AP I bound no one yet. The
    answer cites the Protocol's own entry into force (verified) and is not flagged; from that day on, the same
    standing ("not yet bound") rests on the state's own record again, and is flagged."""
    ap1 = KNOWLEDGE.treaties["ap1"]
    state = next(code for code, record in sorted(KNOWLEDGE.states.items())
                 if (entry := record.memberships.get("ap1")) is not None and entry.status == "party"
                 and not entry.verified and KNOWLEDGE.timeline(code, "ap1").entry_into_force > ap1.in_force)
    assert KNOWLEDGE.states["TUR"].memberships["ap1"].verified  # the other side rests on a verified record
    scenario = {"date": "1974-07-20", "territory": state, "actor": "TUR", "opponents": [state], "conflict": "international"}
    for lang, words in (("en", "Additional Protocol I entered into force on 1978-12-07 (AP I art. 95(1)); "
                                "no state was bound by it earlier"),
                        ("nl", "Aanvullend Protocol I is in werking getreden op 1978-12-07 (AP I art. 95(1)); "
                               "geen staat was er eerder aan gebonden")):
        found = whatapplies.ask(scenario, lang=lang, cache=False).regime("ap1")
        assert found.verdict == "does_not_apply"
        assert [fact.id for fact in found.facts] == ["treaty:ap1"] and not found.unverified, state
        assert found.facts[0].statement == words and found.facts[0].source.verified
        assert found.facts[0].source.url == ap1.sources[0]
    later = whatapplies.ask({**scenario, "date": ap1.in_force.isoformat()}, cache=False).regime("ap1")
    assert later.verdict == "does_not_apply"
    assert f"membership:{state}/ap1" in [fact.id for fact in later.facts] and later.unverified, state


def test_the_treaties_listing_shows_the_treaty_as_the_source_before_it_existed():
    from whatapplies.cmd_treaties import treaty_status

    rows = {row["instrument"]: row for row in treaty_status("CYP", D("1974-07-20"))["instruments"]}
    assert (rows["ap1"]["status"], rows["ap1"]["since"], rows["ap1"]["until"]) == ("not-bound", None, "1978-12-06")
    assert rows["ap1"]["source"] == KNOWLEDGE.treaties["ap1"].sources[0] and rows["ap1"]["verified"]
    assert rows["ap1"]["then"] == "before its entry into force for this state"
    # after the treaty existed, the state's own record: not bound, with no "since" (the standing runs on unbroken)
    rows = {row["instrument"]: row for row in treaty_status("UKR", D("2025-06-01"))["instruments"]}
    assert (rows["ccm"]["status"], rows["ccm"]["since"]) == ("not-bound", None)
    assert rows["ccm"]["source"] in KNOWLEDGE.states["UKR"].memberships["ccm"].sources
