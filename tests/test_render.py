"""The renderer's own formatting (templates parsed once) gives exactly what str.Formatter.vformat gives."""

from hypothesis import given, settings
from hypothesis import strategies as st

from whatapplies.api import default_engine
from whatapplies.knowledge import default_knowledge
from whatapplies.render import Renderer, catalogue

TEMPLATES = sorted({p.reason for p in default_engine().provisions.values()} | set(catalogue("nl").values()))
KNOWLEDGE = default_knowledge()
# Values as the facts hold them, and some they never hold.
VALUES = st.one_of(
    st.sampled_from(["ARM", "AZE", "NLD", "group:M23", "cwc", "rome-statute", "unsc-permanent", "white-phosphorus",
                     "incendiary", "2020-10-31", "2024-02-01", "", "yes", "no", "actor", "international", "rome-12-3"]),
    st.lists(st.sampled_from(["ARM", "AZE", "RUS", "USA"]), max_size=3),
    st.text(max_size=8), st.none(), st.integers(),
)


def test_there_are_templates_with_fields():
    assert len(TEMPLATES) > 100 and sum("{" in t for t in TEMPLATES) > 100


@settings(max_examples=150, deadline=None)
@given(template=st.sampled_from(TEMPLATES), lang=st.sampled_from(["en", "nl"]), data=st.data())
def test_format_named_is_vformat(template, lang, data):
    renderer = Renderer(KNOWLEDGE, lang)
    names = [name for _, name, _, _ in renderer.parse(template) if name]
    values = {name: data.draw(VALUES) for name in names if data.draw(st.booleans()) or name.startswith("sc.")}
    assert outcome(renderer.format_named, template, values) == outcome(renderer.vformat, template, (), values)


def outcome(function, *args):
    """What a call gives: its result, or the type and text of what it raised (a date spec given a name)."""
    try:
        return function(*args)
    except Exception as error:  # noqa: BLE001 - compared, not hidden
        return type(error), str(error)


def test_templates_it_cannot_parse_once_go_through_vformat():
    renderer = Renderer(KNOWLEDGE)
    for template, values in (("{x!r} and {y:state}", {"x": "a", "y": "ARM"}), ("{x:{y}}", {"x": "ARM", "y": "state"}),
                             ("{{literal}} {a.b:date}", {"a.b": ""})):
        assert renderer.format_named(template, values) == renderer.vformat(template, (), values)
    assert renderer._parsed["{x!r} and {y:state}"] is None and renderer._parsed["{{literal}} {a.b:date}"] is not None


def test_an_icc_declaration_by_either_state_is_offered_as_either_or():
    """Art. 12(2): the territorial state's acceptance or the nationality state's suffices; "lodged by
    Israel and Lebanon" read as if both had to."""
    import whatapplies

    scenario = {"date": "2023-10-16", "territory": "LBN", "actor": "ISR", "opponents": ["group:Hezbollah"]}
    routes = {lang: [c.route for c in whatapplies.ask(scenario, lang=lang).body("icc").conditions] for lang in ("en", "nl")}
    assert "A declaration under art. 12(3) accepting the Court's jurisdiction, lodged by Israel or Lebanon." in routes["en"]
    assert any(route.endswith("af te leggen door Israël of Libanon.") for route in routes["nl"]), routes["nl"]
    assert Renderer(KNOWLEDGE, "en").format_field(["ARM", "AZE", "RUS"], "states_or") == "Armenia, Azerbaijan or the Russian Federation"
    assert Renderer(KNOWLEDGE, "nl").format_field(["ARM", "AZE"], "states") == "Armenië en Azerbeidzjan"
