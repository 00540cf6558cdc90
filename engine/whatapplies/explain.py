"""How each verdict was reached: the derivation of every finding as a tree.

The root of a regime's or body's tree is the verdict rule; below it the requirements
that decided it (in the order the answer gives them), below each the rules whose facts
it used, down to the base facts with their sources (a letter's verbatim quote or a URL).
Rules that only aggregate routes ("transparent") are left out: their children take
their place. Sentences are rendered by the Assembler, so they read as in `ask`.
"""

from __future__ import annotations

from typing import Any

from .answer import TRANSPARENT, Assembler, findings_by_subject
from .knowledge import Knowledge
from .models import BODY_IDS, REGIME_IDS, NormalisedScenario
from .rule_engine import RuleEngine

Node = dict[str, Any]
# Base facts that are the user's own input, not facts with a source: not shown.
GIVEN = ("scenario", "stage")
AS_GIVEN = {"en": "as given", "nl": "zoals opgegeven"}
# A rule whose basis is no article names it in plain words, in parentheses (rules/verdicts.py, ...).
PLAIN_BASES_NL = {
    "(no data)": "(geen gegevens)",
    "(declaration period)": "(periode van de verklaring)",
    "(all requirements must be met)": "(aan alle vereisten moet zijn voldaan)",
    "(unknown is not no)": "(onbekend is niet nee)",
    "(a decision or consent is needed first)": "(eerst is een besluit of instemming nodig)",
    "(all requirements met)": "(aan alle vereisten is voldaan)",
    "(one route suffices)": "(één route volstaat)",
    "(no route is open)": "(geen route staat open)",
    "(a route turns on an unknown fact)": "(een route hangt af van een onbekend feit)",
    "(weapon classification)": "(indeling van het wapen)",
}


def node(rule: str | None, statement: str, citation: str | None = None, source: dict[str, Any] | None = None,
         children: list[Node] | None = None) -> Node:
    return {"rule": rule, "statement": statement, "citation": citation, "source": source, "children": children or []}


class Explainer:
    def __init__(self, engine: RuleEngine, knowledge: Knowledge, lang: str = "en"):
        self.engine = engine
        self.knowledge = knowledge
        self.assembler = Assembler(engine, knowledge, lang)

    def _sourced(self, fact_id: str) -> Node:
        described = self.knowledge.fact(fact_id, self.assembler.renderer.lang)
        return node(None, described.statement, source=described.source.model_dump())

    def _base(self, fact: dict[str, Any]) -> list[Node]:
        if fact["fid"].split(":", 1)[0] in GIVEN:
            return []
        ids = self.assembler._source_ids(fact)
        if fact["kind"] == "party":
            render = self.assembler.renderer
            role, state = fact["role"], fact["state"]
            shown = f"{render.format_field(state, 'state')} ({render.format_field(role, 'role')}), {AS_GIVEN[render.lang]}"
            return [node(None, shown)]
        if not ids:
            return [node(None, fact["fid"])]
        return [self._sourced(i) for i in ids]

    def nodes(self, fact: dict[str, Any], facts: dict[str, dict[str, Any]]) -> list[Node]:
        """The nodes for one fact: one for a rule's fact, its children's for a transparent rule."""
        rule = fact.get("rule")
        if not rule:
            return self._base(fact)
        children = [n for child in fact.get("inputs", []) for n in self.nodes(facts[child], facts)]
        provision = self.engine.provisions[rule]
        if provision.message_key == TRANSPARENT:
            return children
        refs = [self._sourced(ref) for ref in provision.refs]
        statement = self.assembler.reason(fact, facts)[0]
        basis = provision.article
        if self.assembler.renderer.lang == "nl":
            basis = PLAIN_BASES_NL.get(basis, basis)
        return [node(rule, statement, basis, children=refs + children)]

    def tree(self, findings: list[dict[str, Any]], facts: dict[str, dict[str, Any]]) -> Node:
        """The verdict rule, with the requirements that decided it below it, ranked as in the answer."""
        root = self.nodes(findings[0], facts)[0]
        root["children"] = [n for fact in self.assembler.deciding(findings, facts) for n in self.nodes(fact, facts)]
        return root

    def explain(self, scenario: NormalisedScenario, final_facts: list[dict[str, Any]]) -> dict[str, Any]:
        facts = {fact["fid"]: fact for fact in final_facts}
        by_subject = findings_by_subject(final_facts)
        out: dict[str, Any] = {"scenario": scenario.model_dump(mode="json"), "regimes": [], "bodies": []}
        for section, ids in (("regimes", REGIME_IDS), ("bodies", BODY_IDS)):
            for subject in ids:
                found = sorted(by_subject.get(subject, []), key=lambda f: f["fid"])
                if not found:
                    continue
                out[section].append({"id": subject, "verdict": found[0]["verdict"], "tree": self.tree(found, facts)})
        return out


def explain(scenario: Any, *, lang: str = "en") -> dict[str, Any]:
    """The derivation of every verdict for `scenario` (a Scenario or a mapping)."""
    from .api import default_engine, explain_facts
    from .knowledge import default_knowledge

    knowledge, engine = default_knowledge(), default_engine()
    normalised, final = explain_facts(scenario, knowledge=knowledge, engine=engine)
    return Explainer(engine, knowledge, lang).explain(normalised, final)


def source_text(source: dict[str, Any] | None) -> str:
    if not source:
        return ""
    mark = "" if source.get("verified") else " [unverified]"
    if source.get("quote"):
        return f"“{source['quote']}” ({source['document']}){mark}"
    return (source.get("url") or source.get("document") or "") + mark


def text_lines(tree: Node, depth: int = 1) -> list[str]:
    """The tree as indented lines: two spaces per level."""
    pad = "  " * depth
    head = f"{pad}{tree['rule']}: {tree['statement']}" if tree["rule"] else f"{pad}· {tree['statement']}"
    lines = [head + (f" [{tree['citation']}]" if tree["citation"] else "")]
    if tree["source"]:
        lines.append(f"{pad}    {source_text(tree['source'])}")
    for child in tree["children"]:
        lines += text_lines(child, depth + 1)
    return lines
