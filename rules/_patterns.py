"""Patterns that many provisions share: the scenario, the parties, a state's status.

Reading aid: `c.sc << scenario()` binds the scenario fact as `sc`; `status_of(c.who,
"cwc", "bound")` matches the status fact saying that the state bound as `who` is bound
by the CWC on the scenario's date.
"""

from whatapplies.rulebook import m

VALUES = ("met", "unmet", "unknown")


def scenario(**fields):
    pattern = m.kind == "scenario"
    for name, value in fields.items():
        pattern = pattern & (getattr(m, name) == value)
    return pattern


def party(role, type=None):
    pattern = (m.kind == "party") & (m.role == role)
    return pattern if type is None else pattern & (m.type == type)


def obligor():
    """The state whose treaty obligations govern the conduct (rules/parties.py)."""
    return m.kind == "obligor"


def status_of(who, instrument, value):
    return (m.kind == "status") & (m.state == who.state) & (m.instrument == instrument) & (m.value == value)


def conduct(category, value):
    return (m.kind == "conduct") & (m.category == category) & (m.value == value)


def instrument(instrument_id):
    return (m.kind == "instrument") & (m.id == instrument_id)
