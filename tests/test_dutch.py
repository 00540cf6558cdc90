"""Dutch answers: the message catalogue locale/nl.yaml and `ask --lang nl`."""

import json
import string

import pytest

from whatapplies.cli import main
from whatapplies.render import catalogue
from whatapplies.rule_engine import collect_provisions

from .conftest import CASES, NO_DATA_STATE

PROVISIONS = collect_provisions()
MESSAGE_KEYS = {p.message_key for p in PROVISIONS}
NL = catalogue("nl")
# Infrastructure whose reason is never shown as such.
NOT_SHOWN = {"transparent"}
NK_NL = ["ask", "--territory", "Azerbeidzjan", "--actor", "Azerbeidzjan", "--opponent", "Armenië",
         "--date", "2020-10-31", "--weapon", "witte-fosfor", "--use", "brandwapen", "--lang", "nl"]
ENGLISH = (" is not bound", " is bound", " is not ", "Whether ", " the ", " weapon ", " not known")


def placeholders(template: str) -> set[str]:
    return {f"{name}:{spec}" for _, name, spec, _ in string.Formatter().parse(template) if name is not None}


def test_every_dutch_key_is_a_message_key_or_rule_id():
    ids = {p.id for p in PROVISIONS}
    assert sorted(set(NL) - MESSAGE_KEYS - ids) == []


def test_every_shown_provision_has_dutch():
    missing = sorted({p.message_key for p in PROVISIONS if p.message_key not in NOT_SHOWN} - set(NL))
    assert missing == []


@pytest.mark.parametrize(
    "provision",
    [pytest.param(p, id=p.id) for p in PROVISIONS if p.message_key in NL],
)
def test_dutch_template_has_the_english_placeholders(provision):
    """The same fields, shown the same way; besides them a Dutch verb may agree with a state field that the
    sentence shows ("{who.state:is|zijn}")."""
    dutch, english = placeholders(NL[provision.message_key]), placeholders(provision.reason)
    agreeing = {p for p in dutch if "|" in p}
    assert dutch - agreeing == english
    assert {p.split(":")[0] + ":state" for p in agreeing} <= english


def test_ask_in_dutch_gives_dutch_reasons(capsys):
    assert main(NK_NL + ["--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    findings = {f["id"]: f for f in answer["regimes"] + answer["bodies"]}
    ccw = findings["ccw-p3"]
    assert ccw["verdict"] == "does_not_apply"
    assert any("Azerbeidzjan" in r and "Protocol III bij het CCW" in r for r in ccw["reasons"])
    assert "Azerbeidzjan (handelende staat) is op 2020-10-31 niet gebonden aan Protocol III bij het CCW." in ccw["reasons"]
    assert "geen bevoegdheid" in findings["opcw"]["reasons"][0]
    for finding in findings.values():
        for line in finding["reasons"] + [c["route"] for c in finding["conditions"]]:
            assert not any(word in line for word in ENGLISH), line


def test_ask_in_dutch_table_has_dutch_headings_and_verdicts(capsys):
    assert main(NK_NL) == 0
    out = capsys.readouterr().out
    for word in ("Rechtsregimes", "Wie kan onderzoeken", "bepaling", "niet van toepassing", "niet bevoegd"):
        assert word in out
    assert "does_not_apply" not in out


def test_the_situation_line_is_dutch_too(capsys):
    """It showed ids: "· international · white-phosphorus (incendiary)" in a Dutch memo."""
    assert main(NK_NL + ["--markdown"]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert line == ("**Situatie:** 2020-10-31 · Azerbeidzjan tegen Armenië · in Azerbeidzjan · internationaal · "
                    "wittefosformunitie (als brandwapen)")
    english = [a for a in NK_NL if a not in ("--lang", "nl")]
    assert main(english + ["--markdown"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "**Situation:** 2020-10-31 · Azerbaijan vs Armenia · in Azerbaijan · international · "
        "white phosphorus munition (as an incendiary)")


def test_letter_quotes_stay_dutch_in_english_output(capsys):
    english = [a for a in NK_NL if a not in ("--lang", "nl")]
    assert main(english + ["--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    opcw = next(f for f in answer["bodies"] if f["id"] == "opcw")
    quotes = [f["source"]["quote"] for f in opcw["facts"] if f["source"]["kind"] == "letter"]
    assert "De OPCW heeft als zodanig geen bevoegdheid hier onderzoek naar te verrichten." in quotes
    assert any("is not bound" in r for r in next(f for f in answer["regimes"] if f["id"] == "ccw-p3")["reasons"])


# -- the facts shown with a Dutch answer are said in Dutch (statements.py); research notes stay as recorded
ENGLISH_STATEMENT = ("is not a party", "party to the", " deposited ", "in force for", "No data on", "participation",
                     "is a member of", "not listed among", "declaration ", "effect:", "vetoed", "resolution ",
                     "of the category", " used ", "withdrawal", "as read in a source", "the same articles", " with art.")


def _dutch_part(statement: str) -> str:
    return statement.split(". Aantekening bij de gegevens (Engels): ")[0]


def test_the_facts_of_a_dutch_answer_are_said_in_dutch(capsys):
    assert main(NK_NL + ["--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    said = {f["id"]: f["statement"] for finding in answer["regimes"] + answer["bodies"] for f in finding["facts"]}
    assert said["letter:L1.phosphorus-not-chemical-weapon"] == "Fosfor is geen chemisch wapen."
    assert said["membership:AZE/ccw-p3"].startswith(
        "Azerbeidzjan is geen partij bij Protocol III bij het CCW, zoals gelezen in een bron uit 2026-02-03; geen latere "
        "bron bekend. Aantekening bij de gegevens (Engels): ")
    assert said["classification:white-phosphorus/incendiary/incendiary-weapon"].startswith(
        "Wittefosformunitie (als brandwapen): valt in de categorie brandwapen")
    assert said["organisation:unsc-permanent/CHN"] == "China is permanent lid van de VN-Veiligheidsraad sinds 1945-10-24"
    assert said["membership:ARM/geneva-conventions"].startswith(
        "Armenië: partij bij de Verdragen van Genève; akte van toetreding nedergelegd op 1993-06-07; voor Armenië "
        "in werking vanaf 1993-12-07 (geregistreerd).")


def test_a_computed_entry_into_force_is_cited_in_dutch_with_each_conventions_own_articles(capsys):
    assert main(["ask", str(CASES / "india-2025-operation-sindoor-strikes.yaml"), "--lang", "nl", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    said = {f["id"]: f["statement"] for finding in answer["regimes"] + answer["bodies"] for f in finding["facts"]}
    assert said["membership:IND/geneva-conventions"].startswith(
        "India: partij bij de Verdragen van Genève; akte van bekrachtiging nedergelegd op 1950-11-09; voor India "
        "in werking vanaf 1951-05-09 (berekend volgens GC I art. 58(2) en 61 (GC II art. 57(2) en 60, GC III art. "
        "138(2) en 140, GC IV art. 153(2) en 156)).")


def test_every_fact_in_the_seeds_is_said_in_dutch():
    """Every membership, declaration, organisation, referral, veto, classification and letter fact: the Dutch
    statement differs from the English one and uses none of its wording (a missing branch would fall back)."""
    from whatapplies.knowledge import default_knowledge

    knowledge = default_knowledge()
    ids = [f"letter:{key}" for key in knowledge.letter_facts]
    for state in [*knowledge.states, NO_DATA_STATE]:
        ids += [f"membership:{state}/{treaty}" for treaty in knowledge.treaties]
        ids += [f"declaration:{state}/{d.id}" for d in knowledge.declarations(state)]
        ids += [f"organisation:{org}/{state}" for org in knowledge.organisations]
    ids += [f"referral:{r.id}" for r in knowledge.referrals]
    ids += [f"veto:{d.id}/{state}" for d in knowledge.vetoed_drafts for state in d.vetoed_by]
    ids += [f"classification:{c.weapon}/{c.use}/{c.category}" for c in knowledge.weapons.classifications]
    assert len(ids) > 450
    for fact_id in ids:
        english, dutch = knowledge.fact(fact_id, "en"), knowledge.fact(fact_id, "nl")
        assert dutch.source == english.source, fact_id
        assert dutch.statement != english.statement, fact_id
        assert not any(word in _dutch_part(dutch.statement) for word in ENGLISH_STATEMENT), (fact_id, dutch.statement)


def test_states_that_take_an_article_get_it_and_a_dutch_plural_takes_a_plural_verb():
    import whatapplies

    usa = {"date": "2020-01-01", "territory": "IRQ", "actor": "USA", "opponents": ["IRQ"]}
    gbr = {**usa, "actor": "GBR"}

    def reasons(scenario, lang, subject="ccm"):
        answer = whatapplies.ask(scenario, lang=lang)
        return next(f for f in answer.regimes if f.id == subject).reasons

    assert reasons(usa, "en") == ["The United States (acting state) is not bound by the Convention on Cluster "
                                  "Munitions on 2020-01-01."]
    assert reasons(usa, "nl") == ["De Verenigde Staten (handelende staat) zijn op 2020-01-01 niet gebonden aan het "
                                  "Verdrag inzake clustermunitie."]
    assert ("Het Verenigd Koninkrijk (handelende staat) is op 2020-01-01 gebonden aan de Verdragen van Genève (voor "
            "deze staat in werking sinds 1958-03-23).") in reasons(gbr, "nl", "geneva-conventions")
    assert "Irak (territoriale staat) is op 2020-01-01 geen partij" in " ".join(reasons(usa, "nl", "rome-statute"))
    from whatapplies.knowledge import default_knowledge

    knowledge = default_knowledge()
    assert knowledge.fact("membership:USA/ccm", "nl").statement.startswith(
        "De Verenigde Staten zijn geen partij bij het Verdrag inzake clustermunitie")
    assert knowledge.fact("membership:USA/ccm", "en").statement.startswith("The United States is not a party to the CCM")
    assert knowledge.fact("organisation:unsc-permanent/USA", "nl").statement == (
        "De Verenigde Staten zijn permanent lid van de VN-Veiligheidsraad sinds 1945-10-24")
