"""Anti-Personnel Mine Ban Convention (Ottawa, 1997).

Art. 1(1): Each State Party undertakes never under any circumstances: (a) To use
anti-personnel mines; ...
Art. 2(1): "Anti-personnel mine" means a mine designed to be exploded by the presence,
proximity or contact of a person and that will incapacitate, injure or kill one or more
persons.
Art. 9: each State Party shall take all appropriate measures to prevent and suppress
any prohibited activity by persons or on territory under its jurisdiction or control.
"""

from ._patterns import obligor
from ._shapes import conduct_must_be, must_be_bound

APMBC = {"subject": "apmbc", "tier": "regime"}


def declare(book):
    conduct_must_be(
        book, "apmbc.anti-personnel-mine", **APMBC, category="anti-personnel-mine", article="APMBC art. 1(1)(a), 2(1)",
        met_reason="{sc.weapon:weapon} is an anti-personnel mine (APMBC art. 2(1)), whose use States Parties renounce under any circumstances (art. 1(1)(a)).",
        unmet_reason="{sc.weapon:weapon} is not an anti-personnel mine (APMBC art. 2(1)).",
        unknown_reason="Whether an anti-personnel mine was used is not known: give the weapon.",
    )
    must_be_bound(
        book, "apmbc", **APMBC, instrument="apmbc", who=obligor(), article="APMBC art. 1(1), 9, 17(2)", rank=30,
    )
