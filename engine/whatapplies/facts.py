"""From a scenario to the base facts of one query: names resolved, time lines cut.

Nothing here decides what applies. It resolves names, derives the conflict type the
contract defines by default, and hands the rules every fact about the states involved:
their standing under each instrument as dated segments, their declarations (and up to
which day a complete list of them was read), the Security Council referrals, and the
classifications of the weapon.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .knowledge import Knowledge
from .models import NormalisedScenario, Scenario
from .names import UnknownName, is_group, resolve_state, resolve_use, resolve_weapon
from .rulebook import KINDS
from .treaty_time import BEGINNING, FOREVER, Segment

# The organisations whose membership each involved state brings; the permanent members of the
# Security Council are handed to the rules in every query (base_facts).
ORGANISATIONS = ("osce", "un")


class BadScenario(ValueError):
    """The scenario cannot be answered as given; the message says what to fix."""


def normalise(scenario: Scenario, knowledge: Knowledge) -> NormalisedScenario:
    try:
        territory = resolve_state(scenario.territory, "territory")
        actor = resolve_state(scenario.actor, "actor")
        opponents = [resolve_state(o, "opponent") for o in scenario.opponents]
        nationality = resolve_state(scenario.nationality, "nationality") if scenario.nationality else None
        weapon = resolve_weapon(scenario.weapon, knowledge.aliases("weapons")) if scenario.weapon else None
        use = resolve_use(scenario.use, knowledge.aliases("uses")) if scenario.use else None
    except UnknownName as error:
        raise BadScenario(str(error)) from None
    if is_group(territory):
        raise BadScenario("territory must be a state, not an armed group")
    if nationality and is_group(nationality):
        raise BadScenario("nationality must be a state, not an armed group")
    if weapon and use and use not in knowledge.weapons.weapons[weapon].uses:
        uses = knowledge.weapons.weapons[weapon].uses
        hint = f"its uses are: {', '.join(uses)}" if uses else "give no use for this weapon"
        raise BadScenario(f"use {use!r} does not apply to weapon {weapon!r}; {hint}")
    if actor in opponents:
        raise BadScenario(f"{actor} cannot be both the actor and an opponent")
    if len(set(opponents)) != len(opponents):
        raise BadScenario("an opponent is listed twice")
    if scenario.conflict == "international" and is_group(actor) and all(is_group(o) for o in opponents):
        raise BadScenario("an international armed conflict needs a state on one side at least; "
                          "between armed groups give --conflict non-international")
    if nationality is None and not is_group(actor):
        nationality = actor
    conflict = scenario.conflict
    derived = conflict is None
    if conflict is None:
        if not opponents:
            raise BadScenario("no opponent given: name one (--opponent) or give the conflict type (--conflict)")
        sides_are_states = not is_group(actor) and any(not is_group(o) for o in opponents)
        conflict = "international" if sides_are_states else "non-international"
    return NormalisedScenario(
        date=scenario.date,
        territory=territory,
        actor=actor,
        opponents=opponents,
        nationality=nationality,
        conflict=conflict,
        conflict_derived=derived,
        weapon=weapon,
        use=use,
    )


def _ordinal(day: dt.date) -> int:
    """A day as the integer the rules compare."""
    return day.toordinal()


def _end(day: dt.date) -> int:
    """The exclusive end of a period as the integer the rules compare. FOREVER counts as the day after
    the last one a date can name, so that 9999-12-31 lies inside an open-ended period too."""
    return day.toordinal() + 1 if day == FOREVER else day.toordinal()


def _iso(day: dt.date) -> str:
    return "" if day in (BEGINNING, FOREVER) else day.isoformat()


def _fact(kind: str, fid: str, **fields: Any) -> dict[str, Any]:
    fact = dict(KINDS[kind])
    fact.update(fields, kind=kind, fid=fid)
    return fact


def involved_states(scenario: NormalisedScenario) -> list[str]:
    parties = [scenario.territory, scenario.actor, *scenario.opponents, scenario.nationality or ""]
    return sorted({p for p in parties if p and not is_group(p)})


def _standing_fid(state: str, treaty_id: str, index: int) -> str:
    return f"membership:{state}/{treaty_id}@{index}"


def standing_segments(knowledge: Knowledge, fid: str) -> tuple[Segment, Segment | None] | None:
    """The time-line segment a standing fact stands for and the one after it (their accounts of the
    dates are `why`); None for another fact."""
    head, _, index = fid.rpartition("@")
    state, _, treaty_id = head.removeprefix("membership:").partition("/")
    if not index.isdigit() or treaty_id not in knowledge.treaties or _standing_fid(state, treaty_id, int(index)) != fid:
        return None
    segments = knowledge.timeline(state, treaty_id).segments[int(index):int(index) + 2]
    return (segments[0], segments[1] if len(segments) > 1 else None) if segments else None


def standing_source(state: str, treaty_id: str, segment: Segment) -> str:
    """The fact a state's standing in `segment` rests on, as answers and `whatapplies treaties` cite it:
    before the treaty itself was in force no state was bound, whatever its record, so the treaty's own
    entry into force; otherwise the state's membership record."""
    return f"treaty:{treaty_id}" if segment.before_treaty else f"membership:{state}/{treaty_id}"


def _standing_facts(knowledge: Knowledge, state: str) -> list[dict[str, Any]]:
    facts = []
    for treaty_id in knowledge.treaties:
        line = knowledge.timeline(state, treaty_id)
        for index, segment in enumerate(line.segments):
            # Not bound before the treaty existed and still not bound after: one standing with no day it began
            # (the cut is only where its source changes), as for a segment from the beginning of time.
            unbroken = index > 0 and line.segments[index - 1].before_treaty and segment.standing == "non-party"
            facts.append(
                _fact(
                    "standing",
                    _standing_fid(state, treaty_id, index),
                    state=state,
                    instrument=treaty_id,
                    standing=segment.standing,
                    start=_ordinal(segment.start),
                    end=_end(segment.end),
                    since="" if unbroken else _iso(segment.start),
                    until=_iso(segment.end),
                    basis=segment.basis,
                )
            )
    return facts


def _organisation_facts(knowledge: Knowledge, state: str, org_id: str) -> list[dict[str, Any]]:
    org = knowledge.organisations.get(org_id)
    fid = f"organisation:{org_id}/{state}"
    if org is None:
        return [_fact("standing", fid + "@0", state=state, instrument=org_id, standing="unknown",
                      start=_ordinal(BEGINNING), end=_end(FOREVER))]
    member = org.members.get(state)
    if member is None:  # a non-member as far as the list reads; after a dated list's day, it may have joined
        as_of = org.complete_list.as_of if org.complete_list else None
        joined = as_of + dt.timedelta(days=1) if as_of else FOREVER
        segments = [(BEGINNING, joined, "non-party")]
        if joined != FOREVER:
            segments.append((joined, FOREVER, "unknown"))
    else:
        end = member.until + dt.timedelta(days=1) if member.until else FOREVER
        segments = [(BEGINNING, member.since, "non-party"), (member.since, end, "party")]
        if end != FOREVER:
            segments.append((end, FOREVER, "non-party"))
    return [
        _fact("standing", f"{fid}@{index}", state=state, instrument=org_id, standing=standing,
              start=_ordinal(start), end=_end(stop), since=_iso(start), until=_iso(stop),
              basis="status-as-of" if standing == "unknown" else "")
        for index, (start, stop, standing) in enumerate(segments)
    ]


def _of_state(knowledge: Knowledge, state: str, part: str, shared: bool) -> list[dict[str, Any]]:
    """A state's facts, whatever the scenario: made once per knowledge, handed out as copies unless `shared`."""
    made = knowledge.state_facts.get((state, part))
    if made is None:
        made = knowledge.state_facts[(state, part)] = _state_facts(knowledge, state, part)
    return list(made) if shared else [dict(fact) for fact in made]


def _state_facts(knowledge: Knowledge, state: str, part: str) -> list[dict[str, Any]]:
    if part == "unsc-permanent":
        return _organisation_facts(knowledge, state, "unsc-permanent")
    facts = _standing_facts(knowledge, state)
    for org_id in ORGANISATIONS:
        facts += _organisation_facts(knowledge, state, org_id)
    for declaration in knowledge.declarations(state):
        end = declaration.until + dt.timedelta(days=1) if declaration.until else FOREVER
        facts.append(
            _fact("declaration", f"declaration:{state}/{declaration.id}", state=state, type=declaration.type,
                  effect=declaration.effect, scope=declaration.scope or "", start=_ordinal(declaration.from_), end=_end(end),
                  since=declaration.from_.isoformat(), until=_iso(end))
        )
    for type_, complete in sorted(knowledge.declarations_complete(state).items()):
        # Read whole to `as_of`: after it, a declaration lodged since could be in force.
        facts.append(_fact("register", f"register:{state}/{type_}", state=state, type=type_, start=_ordinal(BEGINNING),
                           end=_end(complete.as_of + dt.timedelta(days=1)), until=complete.as_of.isoformat()))
    facts.append(_fact("party", f"party:involved/{state}", role="involved", state=state, type="state"))
    return facts


def dates_key(scenario: NormalisedScenario) -> tuple[Any, ...]:
    """What the dates in `base_facts` (every fact but the scenario's) depend on: the states involved (their
    memberships, organisations, declarations, and the permanent members') and the territory (referrals,
    vetoes). Instruments are the same for all; parties and classifications hold no date."""
    return tuple(involved_states(scenario)), scenario.territory


def base_facts(scenario: NormalisedScenario, knowledge: Knowledge, *, shared: bool = False) -> list[dict[str, Any]]:
    """Every fact the rules may need for this scenario, and nothing about other states.

    `shared`: the states' facts are the knowledge's own dicts, not copies, for a caller that
    never changes them (fragments.py keeps them by id for every scenario anyway).
    """
    actor_type = "group" if is_group(scenario.actor) else "state"
    facts = [
        _fact(
            "scenario",
            "scenario",
            date=scenario.date.isoformat(),
            day=_ordinal(scenario.date),
            territory=scenario.territory,
            actor=scenario.actor,
            actor_type=actor_type,
            nationality=scenario.nationality or "",
            conflict=scenario.conflict,
            weapon=scenario.weapon or "",
            use=scenario.use or "",
        )
    ]
    for treaty in knowledge.treaties.values():
        facts.append(_fact("instrument", f"instrument:{treaty.id}", id=treaty.id, in_force=_ordinal(treaty.in_force),
                           since=treaty.in_force.isoformat()))
    roles = [("actor", scenario.actor), ("territory", scenario.territory)]
    roles += [("opponent", opponent) for opponent in scenario.opponents]
    if scenario.nationality:
        roles.append(("nationality", scenario.nationality))
    for role, party in roles:
        kind = "group" if is_group(party) else "state"
        facts.append(_fact("party", f"party:{role}/{party}", role=role, state=party, type=kind))

    states = involved_states(scenario)
    permanent = sorted(knowledge.organisations["unsc-permanent"].members) if "unsc-permanent" in knowledge.organisations else []
    for state in states:
        facts += _of_state(knowledge, state, "involved", shared)
    for state in sorted(set(states) | set(permanent)):
        facts += _of_state(knowledge, state, "unsc-permanent", shared)
    for referral in knowledge.referrals:
        if referral.territory != scenario.territory:
            continue  # a referral is of the situation in one territory (rules/rome_statute.py)
        end = referral.until + dt.timedelta(days=1) if referral.until else FOREVER
        facts.append(
            _fact("referral", f"referral:{referral.id}", territory=referral.territory, start=_ordinal(referral.from_),
                  end=_end(end), resolution=referral.resolution, since=referral.from_.isoformat())
        )
    for draft in knowledge.vetoed_drafts:
        if draft.territory == scenario.territory:
            for state in draft.vetoed_by:
                facts.append(_fact("veto", f"veto:{draft.id}/{state}", territory=draft.territory, state=state,
                                   day=_ordinal(draft.date), draft=draft.draft, since=draft.date.isoformat()))
    if scenario.weapon:
        for item in knowledge.classifications(scenario.weapon):
            facts.append(
                _fact("classification", f"classification:{item.weapon}/{item.use}/{item.category}", weapon=item.weapon,
                      use=item.use, category=item.category, value="yes" if item.value else "no")
            )
    return facts
