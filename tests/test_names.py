"""What users type for a state: names with an article, common names, typos."""

import pytest

from whatapplies.names import UnknownName, resolve_state


@pytest.mark.parametrize("typed,code", [
    ("the Netherlands", "NLD"), ("The United States", "USA"), ("the Philippines", "PHL"),
    ("de Verenigde Staten", "USA"), ("het Verenigd Koninkrijk", "GBR"), ("Holland", "NLD"),
    ("DE", "DEU"), ("de", "DEU"),  # a code that looks like an article stays a code
    ("Micronesië", "FSM"), ("St. Kitts and Nevis", "KNA"), ("Sint-Lucia", "LCA"), ("St Vincent", "VCT"),
    ("St Lucia", "LCA"), ("St. Vincent and the Grenadines", "VCT"), ("Federated States of Micronesia", "FSM"),
    ("Vaticaanstad", "VAT"), ("Kaapverdië", "CPV"), ("Cape Verde", "CPV"), ("the Bahamas", "BHS"),
    ("de Bahama's", "BHS"), ("Brunei", "BRN"), ("Eswatini", "SWZ"), ("Salomonseilanden", "SLB"),
])
def test_an_article_or_a_common_name_finds_the_state(typed, code):
    assert resolve_state(typed) == code


@pytest.mark.parametrize("typed,suggested", [
    ("Armenai", "armenie"), ("Azerbajan", "azerbaijan"), ("Isreal", "israel"), ("Mynamar", "myanmar")])
def test_a_typo_is_told_the_closest_name(typed, suggested):
    with pytest.raises(UnknownName, match=f"did you mean '{suggested}'"):
        resolve_state(typed)


@pytest.mark.parametrize("typed", ["Gaza", "the Atlantis"])
def test_a_name_far_from_any_state_gets_no_suggestion_and_never_a_code(typed):
    """'Gaza' was told "did you mean 'za'?" (South Africa's alpha-2 code)."""
    with pytest.raises(UnknownName) as raised:
        resolve_state(typed)
    assert "did you mean" not in str(raised.value)


@pytest.mark.parametrize("typed,weapon", [
    ("white phosphorus munition", "white-phosphorus"), ("Cluster munition", "cluster-munition"),
    ("wittefosformunitie", "white-phosphorus"), ("white phosphorus munitions", "white-phosphorus")])
def test_the_name_an_answer_shows_a_weapon_by_is_accepted_as_input(typed, weapon):
    import whatapplies

    answer = whatapplies.ask({"date": "2020-10-31", "territory": "AZE", "actor": "AZE", "opponents": ["ARM"],
                              "weapon": typed}, cache=False)
    assert answer.scenario.weapon == weapon


def test_an_unknown_weapon_far_from_any_lists_the_known_ones(capsys):
    from whatapplies.cli import main

    assert main(["ask", "--date", "2020-01-01", "--territory", "SYR", "--actor", "SYR", "--opponent", "group:X",
                 "--weapon", "drone"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: unknown weapon 'drone'; known: white-phosphorus, ")
    assert err.rstrip().endswith("none (or leave it out)") and err.count("\n") == 1


@pytest.mark.parametrize("typed", ["mustard gas", "VX", "novichok", "zwavelmosterd", "phosgene"])
def test_other_chemical_agents_are_toxic_chemicals_and_chemical_weapons(typed):
    import whatapplies

    answer = whatapplies.ask({"date": "2016-03-09", "territory": "SYR", "actor": "group:ISIS", "nationality": "SYR",
                              "opponents": ["group:FSA"], "weapon": typed}, cache=False)
    assert answer.scenario.weapon == "toxic-chemical"
    assert (answer.regime("cwc").verdict, answer.body("opcw").verdict, answer.body("unsgm").verdict) == (
        "applies", "competent", "competent")
