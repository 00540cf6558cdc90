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
