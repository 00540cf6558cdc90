"""`whatapplies rules`: what a rule id in an answer means, without reading rules/."""

import json

import pytest
import whatapplies
from whatapplies.cases import load_case
from whatapplies.cli import main
from whatapplies.cmd_rules import rulebook

from .conftest import CASES


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_rule_id_gives_its_article_and_its_reason(capsys):
    code, out, err = run(capsys, "rules", "ccw-p3.not-bound", "--json")
    assert code == 0, err
    assert json.loads(out) == [{"id": "ccw-p3.not-bound", "article": "CCW art. 1, 4(3), 5(4); Protocol III",
                                "reason": "‹state› (‹role›) is not bound by ‹treaty› on ‹date›.", "law": None}]
    code, out, _ = run(capsys, "rules", "ccw-p3.incendiary-weapon.not")
    assert out.startswith("ccw-p3.incendiary-weapon.not  [CCW Protocol III art. 1(1)]\n"
                          "    ‹weapon› used ‹use› is not an incendiary weapon as Protocol III art. 1(1) defines it")
    assert '    law: "Incendiary weapon" means any weapon or munition' in out
    code, out, _ = run(capsys, "rules", "rome-statute.art-12-3-declaration", "--json")
    assert "for crimes from ‹date› to ‹date›, which covers ‹date›." in json.loads(out)[0]["reason"]


def test_every_rule_an_answer_names_is_in_the_rulebook():
    """A pipeline that keeps only rule ids (batch --verdicts) can always look them up."""
    known = {rule["id"] for rule in rulebook()}
    named = set()
    for path in sorted(CASES.glob("*.yaml")):
        answer = whatapplies.ask(load_case(path).scenario)
        for finding in answer.regimes + answer.bodies:
            named.update([finding.rule, *finding.rules])
    assert len(named) > 60 and named <= known, named - known


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_reason_shows_its_placeholders_by_name(lang):
    rules = rulebook(lang=lang)
    assert len(rules) > 100
    for rule in rules:
        assert "{" not in rule["reason"] and "}" not in rule["reason"], rule
        assert rule["article"], rule["id"]


def test_in_dutch_and_by_the_start_of_ids(capsys):
    code, out, _ = run(capsys, "rules", "ccw-p3.opponent", "--lang", "nl")
    assert code == 0
    assert out.splitlines()[0] == "ccw-p3.opponent.bound  [CCW art. 7(1)-(2)]"
    assert "‹staat› (‹rol›) is op ‹datum› niet gebonden aan Protocol III bij het CCW en heeft het evenmin" in out
    assert "not bound" not in out
    code, out, _ = run(capsys, "rules", "rome", "--json")
    ids = [rule["id"] for rule in json.loads(out)]
    assert ids and all(i.startswith("rome-statute.") for i in ids)


def test_an_unknown_rule_is_one_line_and_exit_2(capsys):
    code, out, err = run(capsys, "rules", "no-such-rule")
    assert code == 2 and out == "" and err == "error: no rule id starts with 'no-such-rule'\n"
    code, _, err = run(capsys, "rules", "--lang", "fr")
    assert code == 2 and err.count("\n") == 1
