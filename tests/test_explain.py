"""`whatapplies explain` (derivation trees) and `whatapplies schema`."""

import json

import pytest

from whatapplies.cli import main
from whatapplies.explain import explain, text_lines
from whatapplies.models import BODY_IDS, REGIME_IDS

from .conftest import NK_INCENDIARY

NK_FLAGS = ["--territory", "AZE", "--actor", "AZE", "--opponent", "ARM", "--date", "2020-10-31",
            "--weapon", "white-phosphorus", "--use", "incendiary"]
NODE_KEYS = {"rule", "statement", "citation", "source", "children"}


@pytest.fixture(scope="module")
def nk_tree():
    return explain(NK_INCENDIARY)


def walk(node):
    yield node
    for child in node["children"]:
        yield from walk(child)


def test_opcw_tree_rests_on_the_letter(nk_tree, nk_incendiary):
    opcw = next(b for b in nk_tree["bodies"] if b["id"] == "opcw")
    assert opcw["verdict"] == "not_competent"
    root = opcw["tree"]
    assert root["rule"] == "verdict.body.unmet"
    deciding = root["children"][0]
    assert deciding["rule"] == "opcw.incendiary-outside-mandate" == nk_incendiary.body("opcw").rule
    assert deciding["citation"] == "CWC art. II, VIII(1)"
    assert "no mandate to investigate" in deciding["statement"]
    quotes = [n["source"]["quote"] for n in deciding["children"] if n["source"] and n["source"]["kind"] == "letter"]
    assert "De OPCW heeft als zodanig geen bevoegdheid hier onderzoek naar te verrichten." in quotes
    # the derivation goes down to the weapon's classification
    assert "weapons.classified-for-this-use" in {n["rule"] for n in walk(deciding)}


def test_every_finding_has_a_tree_and_verdicts_match_ask(nk_tree, nk_incendiary):
    assert [r["id"] for r in nk_tree["regimes"]] == list(REGIME_IDS)
    assert [b["id"] for b in nk_tree["bodies"]] == list(BODY_IDS)
    verdicts = {x["id"]: x["verdict"] for x in nk_tree["regimes"] + nk_tree["bodies"]}
    assert verdicts == {**nk_incendiary.verdicts()["regimes"], **nk_incendiary.verdicts()["bodies"]}


def test_transparent_rules_are_not_shown(nk_tree):
    rules = {n["rule"] for item in nk_tree["regimes"] + nk_tree["bodies"] for n in walk(item["tree"])}
    assert not any(r and r.startswith("alternatives.") for r in rules)


def test_json_shape_is_stable(capsys):
    assert main(["explain", *NK_FLAGS, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"scenario", "regimes", "bodies"}
    assert result["scenario"]["territory"] == "AZE"
    for item in result["regimes"] + result["bodies"]:
        assert set(item) == {"id", "verdict", "tree"}
        for node in walk(item["tree"]):
            assert set(node) == NODE_KEYS
            assert node["rule"] is None or node["citation"] is not None
            assert node["rule"] is not None or node["children"] == []


def test_text_output_is_indented(capsys):
    assert main(["explain", *NK_FLAGS]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "opcw: not_competent" in lines
    start = lines.index("opcw: not_competent")
    assert lines[start + 1].startswith("  verdict.body.unmet: ")
    assert lines[start + 2].startswith("    opcw.incendiary-outside-mandate: ")
    assert "      · The OPCW as such has no mandate to investigate this." in lines
    assert "“De OPCW heeft als zodanig geen bevoegdheid" in out


def test_text_lines_indent_by_depth():
    leaf = {"rule": None, "statement": "a fact", "citation": None, "source": None, "children": []}
    tree = {"rule": "r", "statement": "s", "citation": "art. 1", "source": None, "children": [leaf]}
    assert text_lines(tree) == ["  r: s [art. 1]", "    · a fact"]


def test_explain_in_dutch(capsys):
    assert main(["explain", *NK_FLAGS, "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert "opcw: niet bevoegd" in out
    assert "geen bevoegdheid hier onderzoek naar te verrichten" in out
    assert "Azerbeidzjan is geen partij bij Protocol III bij het CCW" in out  # the facts too (statements.py)
    assert "is not a party" not in out


def test_every_plain_basis_is_worded_in_dutch(capsys):
    """A rule's basis in parentheses is words, not an article: Dutch output showed '(all requirements must be met)'."""
    from whatapplies.explain import PLAIN_BASES_NL
    from whatapplies.rule_engine import collect_provisions

    plain = {p.article for p in collect_provisions() if p.article.startswith("(")}
    assert plain == set(PLAIN_BASES_NL)
    assert main(["explain", *NK_FLAGS, "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert "(aan alle vereisten moet zijn voldaan)" in out and "(all requirements" not in out


def test_explain_bad_input_is_one_line_exit_2(capsys):
    assert main(["explain", "--territory", "AZE", "--actor", "AZE", "--date", "2020-13-01"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error:")
    assert main(["explain", *NK_FLAGS, "--lang", "fr"]) == 2


def test_schema_prints_both_schemas(capsys):
    assert main(["schema"]) == 0
    schemas = json.loads(capsys.readouterr().out)
    assert set(schemas) == {"scenario", "answer"}
    assert "date" in schemas["scenario"]["properties"]
    assert {"scenario", "regimes", "bodies"} <= set(schemas["answer"]["properties"])


def test_the_schema_and_the_readme_name_only_commands_that_exist(capsys):
    """The scenario's schema once sent readers to `whatapplies weapons`, a command that never existed."""
    import re

    from whatapplies.cli import app

    from .conftest import ROOT

    assert main(["schema"]) == 0  # registers every command
    commands = {command.name or command.callback.__name__ for command in app.registered_commands}
    texts = capsys.readouterr().out + (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`whatapplies ([a-z-]+)", texts))
    assert named and named <= commands, named - commands
