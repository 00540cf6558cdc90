"""Convention on Cluster Munitions (2008).

Art. 1(1): Each State Party undertakes never under any circumstances to: (a) Use
cluster munitions; ...
Art. 2(2): "Cluster munition" means a conventional munition that is designed to disperse
or release explosive submunitions each weighing less than 20 kilograms ...

Letter of December 2020: "Bij de CCW zijn Armenië noch Azerbeidzjan partij. Dit geldt
ook voor het Verdrag inzake clustermunitie."
"""

from ._patterns import obligor
from ._shapes import conduct_must_be, must_be_bound

CCM = {"subject": "ccm", "tier": "regime"}


def declare(book):
    conduct_must_be(
        book, "ccm.cluster-munition", **CCM, category="cluster-munition", article="CCM art. 1(1)(a), 2(2)",
        met_reason="{sc.weapon:weapon} is a cluster munition (CCM art. 2(2)), whose use States Parties renounce under any circumstances (art. 1(1)(a)).",
        unmet_reason="{sc.weapon:weapon} is not a cluster munition (CCM art. 2(2)).",
        unknown_reason="Whether a cluster munition was used is not known: give the weapon.",
    )
    must_be_bound(
        book, "ccm", **CCM, instrument="ccm", who=obligor(), article="CCM art. 1(1), 17(2)", rank=30,
    )
