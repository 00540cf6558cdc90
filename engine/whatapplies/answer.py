"""From the facts a query ends with to the Answer: verdicts, reasons, citations, sources.

The rules decided everything; this module only reads their findings back, walks each
finding's derivation down to the base facts, and shows them. It refuses an answer that
breaks the contract (an id without a verdict, or with two) rather than guess.
"""

from __future__ import annotations

from typing import Any

from .facts import standing_segments, standing_source
from .knowledge import Knowledge
from .models import BODY_IDS, REGIME_IDS, Answer, Condition, FactOut, Finding, NormalisedScenario
from .render import Renderer
from .rule_engine import RuleEngine, RuleError

FACT_ORDER = ("letter", "treaty", "membership", "declaration", "register", "referral", "veto", "organisation", "classification")
TRANSPARENT = "transparent"


def findings_by_subject(final_facts: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The verdict facts the rules asserted, per regime or body id."""
    by_subject: dict[str, list[dict[str, Any]]] = {}
    for fact in final_facts:
        if fact["kind"] in ("regime-finding", "body-finding"):
            by_subject.setdefault(fact["subject"], []).append(fact)
    return by_subject


class Assembler:
    def __init__(self, engine: RuleEngine, knowledge: Knowledge, lang: str = "en", *, share_facts: bool = False):
        """`share_facts`: one FactOut per fact id for all findings, for callers that only serialise them."""
        self.engine = engine
        self.knowledge = knowledge
        self.renderer = Renderer(knowledge, lang)
        self._shown: dict[str, FactOut] | None = {} if share_facts else None

    def _fact(self, fact_id: str) -> FactOut:
        if self._shown is None:
            return self.knowledge.fact(fact_id, self.renderer.lang)
        shown = self._shown.get(fact_id)
        if shown is None:
            shown = self._shown[fact_id] = self.knowledge.fact(fact_id, self.renderer.lang)
        return shown

    # ------------------------------------------------------------ walking derivations
    def reason(self, fact: dict[str, Any], facts: dict[str, dict[str, Any]]) -> list[str]:
        provision = self.engine.provisions[fact["rule"]]
        if provision.message_key == TRANSPARENT:
            return [line for child in fact["inputs"] for line in self.reason(facts[child], facts)]
        values = dict(fact.get("args", {}))
        values["states"] = fact.get("states", [])
        return [self.renderer.sentence(provision.reason, provision.message_key, values)]

    def _walk(self, fact: dict[str, Any], facts: dict[str, dict[str, Any]], rules: list[str], base: list[dict[str, Any]]) -> None:
        rule = fact.get("rule")
        if rule:
            if rule not in rules:
                rules.append(rule)
            for child in fact.get("inputs", []):
                self._walk(facts[child], facts, rules, base)
        elif fact not in base:
            base.append(fact)

    # ------------------------------------------------------------ sources
    def _source_ids(self, base_fact: dict[str, Any]) -> list[str]:
        fid = base_fact["fid"]
        kind = fid.split(":", 1)[0]
        if kind not in FACT_ORDER:
            return []
        knowledge_id = fid.split("@", 1)[0]
        ids = [knowledge_id]
        if kind == "membership":
            segments = standing_segments(self.knowledge, fid)
            if segments is not None:
                state, _, treaty_id = knowledge_id.removeprefix("membership:").partition("/")
                source = standing_source(state, treaty_id, segments[0])
                if source != knowledge_id:  # the treaty's own date, not the state's record (or the letters on it)
                    return [source]
            ids += self._letters_supporting(knowledge_id, base_fact)
        if kind == "classification":
            weapon, use, category = knowledge_id.split(":", 1)[1].split("/")
            item = next(
                c for c in self.knowledge.weapons.classifications if (c.weapon, c.use, c.category) == (weapon, use, category)
            )
            if item.letter_fact:
                ids.insert(0, f"letter:{item.letter_fact}")
        return ids

    def _letters_supporting(self, knowledge_id: str, standing: dict[str, Any]) -> list[str]:
        """Letter statements about this membership, when the letter's date lies in the same segment."""
        state, treaty = knowledge_id.split(":", 1)[1].split("/")
        record = self.knowledge.membership(state, treaty)
        if record is None:
            return []
        ids = []
        for letter_fact_id in record.letter_facts:
            letter = self.knowledge.letters[self.knowledge.letter_facts[letter_fact_id].letter]
            as_of = letter.date or letter.as_of
            if as_of and standing["start"] <= as_of.toordinal() < standing["end"]:
                ids.append(f"letter:{letter_fact_id}")
        return ids

    def _deciding_rules(self, fact: dict[str, Any], facts: dict[str, dict[str, Any]]) -> list[str]:
        """The rule that decided a requirement; for an aggregate of routes, the routes' rules."""
        if self.engine.provisions[fact["rule"]].message_key == TRANSPARENT:
            return [facts[child]["rule"] for child in fact["inputs"] if facts[child].get("rule")]
        return [fact["rule"]]

    # ------------------------------------------------------------ one finding
    def deciding(self, findings: list[dict[str, Any]], facts: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        """The requirements behind a subject's findings, in the order the answer shows them."""
        return sorted(
            {fid: facts[fid] for finding in findings for fid in finding["inputs"]}.values(),
            key=lambda f: (self.engine.provisions[f["rule"]].rank, f["rule"], f["fid"]),
        )

    def finding(self, subject: str, verdict: str, findings: list[dict[str, Any]], facts: dict[str, dict[str, Any]]) -> Finding:
        deciding = self.deciding(findings, facts)
        reasons: list[str] = []
        conditions: dict[str, Condition] = {}
        merged_states: dict[str, list[str]] = {}
        for req in deciding:
            if req.get("route"):
                merged_states.setdefault(req["route"], [])
                for state in req.get("states", []):
                    if state not in merged_states[req["route"]]:
                        merged_states[req["route"]].append(state)
        for req in deciding:
            route = req.get("route")
            if route:
                if route in conditions:
                    continue
                text = self.reason({**req, "states": sorted(merged_states[route])}, facts)[0]
                conditions[route] = Condition(
                    route=text, basis=self.engine.provisions[req["rule"]].article, states=sorted(merged_states[route])
                )
            else:
                for line in self.reason(req, facts):
                    if line not in reasons:
                        reasons.append(line)
        if not reasons:
            reasons = [condition.route for condition in conditions.values()]

        rules: list[str] = []
        base: list[dict[str, Any]] = []
        for req in deciding:
            self._walk(req, facts, rules, base)
        citations: list[str] = []
        fact_ids: list[str] = []
        for rule in rules:
            provision = self.engine.provisions[rule]
            if provision.cite and provision.article not in citations:
                citations.append(provision.article)
            fact_ids += [ref for ref in provision.refs if ref not in fact_ids]
        for fact in base:
            fact_ids += [i for i in self._source_ids(fact) if i not in fact_ids]
        fact_ids.sort(key=lambda i: (FACT_ORDER.index(i.split(":", 1)[0]), i))
        shown = [self._fact(i) for i in fact_ids]
        deciding_rules = [rule for req in deciding for rule in self._deciding_rules(req, facts)]
        return Finding(
            id=subject,
            verdict=verdict,
            reasons=reasons,
            citations=citations,
            facts=shown,
            rule=deciding_rules[0],
            rules=list(dict.fromkeys(deciding_rules)),
            conditions=list(conditions.values()),
            unverified=any(not f.source.verified for f in shown),
        )

    # ------------------------------------------------------------ the answer
    def answer(self, scenario: NormalisedScenario, final_facts: list[dict[str, Any]]) -> Answer:
        facts = {fact["fid"]: fact for fact in final_facts}
        by_subject = findings_by_subject(final_facts)
        sections: dict[str, list[Finding]] = {"regime": [], "body": []}
        for tier, ids in (("regime", REGIME_IDS), ("body", BODY_IDS)):
            for subject in ids:
                found = by_subject.pop(subject, [])
                verdicts = {f["verdict"] for f in found}
                if len(verdicts) != 1:
                    raise RuleError(f"rules gave {subject} {sorted(verdicts) or 'no verdict'}; expected exactly one")
                sections[tier].append(self.finding(subject, verdicts.pop(), found, facts))
        if by_subject:
            raise RuleError(f"rules gave verdicts for unknown ids: {sorted(by_subject)}")
        return Answer(scenario=scenario, regimes=sections["regime"], bodies=sections["body"])

