"""CCW Protocol III on Prohibitions or Restrictions on the Use of Incendiary Weapons (1980).

Protocol III art. 1(1): "Incendiary weapon" means any weapon or munition which is
primarily designed to set fire to objects or to cause burn injury to persons through
the action of flame, heat, or combination thereof, produced by a chemical reaction of a
substance delivered on the target. (b) Incendiary weapons do not include: (i) Munitions
which may have incidental incendiary effects, such as illuminants, tracers, smoke or
signalling systems; (ii) Munitions designed to combine penetration, blast or
fragmentation effects with an additional incendiary effect ...
CCW art. 1 (original): the Convention and its Protocols apply in the situations of
common art. 2 of the Geneva Conventions (international armed conflict).
CCW amended art. 1(2)-(3) (2001): also in non-international armed conflict, for the
states that accepted the amendment, on whose territory the conflict occurs.
CCW art. 7(1): when one party to a conflict is not bound by a Protocol, the parties
bound by it remain bound in their mutual relations; art. 7(2): bound towards a non-party
that accepts and applies the Protocol and so notifies the Depositary.

Letter of 4 November 2020: "Het gebruik van fosfor als brandwapen tijdens gewapend
conflict is gereguleerd in Protocol III bij het CCW-verdrag ... Omdat Armenië noch
Azerbeidzjan partij is bij het CCW verdrag, gelden deze verdragsregels niet voor hen."
"""

from whatapplies.rulebook import c

from ._patterns import obligor, party, scenario
from ._shapes import conduct_must_be, must_be_bound

P3 = {"subject": "ccw-p3", "tier": "regime"}


def declare(book):
    # -- the weapon as used is an incendiary weapon
    conduct_must_be(
        book, "ccw-p3.incendiary-weapon", **P3, category="incendiary-weapon",
        article="CCW Protocol III art. 1(1)",
        law="\"Incendiary weapon\" means any weapon or munition which is primarily designed to set fire to objects or to cause burn injury to persons through the action of flame, heat, or combination thereof ...",
        met_reason="{sc.weapon:weapon} {sc.use:use_clause} is an incendiary weapon (Protocol III art. 1(1)).",
        unmet_reason="{sc.weapon:weapon} {sc.use:use_clause} is not an incendiary weapon as Protocol III art. 1(1) defines it (which also excludes munitions with incidental incendiary effects, such as smoke, illuminants or signalling, and combined blast or fragmentation munitions: art. 1(1)(b)).",
        unknown_reason="Whether the weapon as used is an incendiary weapon is not known: give the weapon and how it was used.",
    )

    # -- the situation is within the CCW's scope
    book.requirement(
        "ccw-p3.no-armed-conflict", **P3, value="unmet", rank=20,
        when=[c.sc << scenario(conflict="none")],
        article="CCW art. 1",
        reason="There is no armed conflict; the CCW and its Protocols apply only in armed conflict.",
    )
    book.requirement(
        "ccw-p3.international-armed-conflict", **P3, value="met", rank=20,
        when=[c.sc << scenario(conflict="international")],
        article="CCW art. 1; Geneva Conventions common art. 2",
        reason="An international armed conflict is within the CCW's original scope (art. 1).",
    )
    must_be_bound(
        book, "ccw-p3.non-international-scope", **P3, instrument="ccw-amended-art1",
        who=party("territory"), situation=scenario(conflict="non-international"),
        article="CCW amended art. 1(2)-(3)", rank=20,
        unmet_reason="In a non-international armed conflict the CCW applies only where the territorial state accepted amended art. 1; {who.state:state} had not on {sc.date:date}.",
    )

    # -- the acting state (for an armed group: the territorial state) is bound
    must_be_bound(
        book, "ccw-p3", **P3, instrument="ccw-p3", who=obligor(),
        article="CCW art. 1, 4(3), 5(4); Protocol III", rank=30,
    )
    # -- reciprocity: in an international conflict, each opposing state must be bound too
    must_be_bound(
        book, "ccw-p3.opponent", **P3, instrument="ccw-p3",
        who=party("opponent", "state"), situation=scenario(conflict="international"),
        article="CCW art. 7(1)-(2)", rank=40,
        unmet_reason="{who.state:state} ({who.role:role}) is not bound by CCW Protocol III on {sc.date:date} and has not accepted it under CCW art. 7(2) (no such notification recorded); the Protocol binds only parties in their mutual relations (art. 7(1)).",
    )
