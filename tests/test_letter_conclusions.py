"""Each conclusion of the two letters, reproduced by the engine — one test per sentence.

Letter 1: Kamerstuk 35 570 V, nr. 22 (4 November 2020).
Letter 2: letter on the motion Omtzigt/Van Helvert (December 2020).
"""

import whatapplies

from .conftest import NK_INCENDIARY


def quotes(finding):
    return [fact.source.quote for fact in finding.facts if fact.source.kind == "letter"]


def ask(**changes):
    return whatapplies.ask({**NK_INCENDIARY, **changes})


def test_L1_fosfor_is_geen_chemisch_wapen_dus_geen_opcw_onderzoek(nk_incendiary):
    """"Fosfor is geen chemisch wapen. Derhalve zou een OPCW onderzoek in beginsel niet aan de orde zijn." """
    assert nk_incendiary.regime("cwc").verdict == "does_not_apply"
    assert nk_incendiary.body("opcw").verdict == "not_competent"
    smoke = ask(use="smokescreen")
    assert smoke.body("opcw").verdict == "not_competent"
    assert "Derhalve zou een OPCW onderzoek in beginsel niet aan de orde zijn." in quotes(smoke.body("opcw"))
    assert "Fosfor is geen chemisch wapen." in quotes(smoke.regime("cwc"))


def test_L1_fosfor_voor_rookgordijn_of_verlichting_is_niet_verboden():
    """"Het gebruik van fosfor voor het creëren van een rookgordijn of om het slagveld te verlichten is niet verboden." """
    for use in ("smokescreen", "illumination"):
        answer = ask(use=use)
        p3 = answer.regime("ccw-p3")
        assert p3.verdict == "does_not_apply"
        assert "ccw-p3.incendiary-weapon.not" in p3.rules
        assert answer.regime("cwc").verdict == "does_not_apply"
        assert any("rookgordijn" in q for q in quotes(p3))


def test_L1_fosfor_als_brandwapen_is_gereguleerd_in_protocol_III(nk_incendiary):
    """"Het gebruik van fosfor als brandwapen tijdens gewapend conflict is gereguleerd in Protocol III bij het CCW-verdrag." """
    p3 = nk_incendiary.regime("ccw-p3")
    # Protocol III governs the weapon: it fails only for want of parties, not because of the weapon.
    assert "ccw-p3.incendiary-weapon.not" not in p3.rules
    assert p3.rule == "ccw-p3.not-bound"


def test_L1_armenie_noch_azerbeidzjan_partij_bij_het_ccw(nk_incendiary):
    """"Omdat Armenië noch Azerbeidzjan partij is bij het CCW verdrag, gelden deze verdragsregels niet voor hen." """
    p3 = nk_incendiary.regime("ccw-p3")
    assert p3.verdict == "does_not_apply"
    assert {"ccw-p3.not-bound", "ccw-p3.opponent.not-bound"} <= set(p3.rules)
    assert "Omdat Armenië noch Azerbeidzjan partij is bij het CCW verdrag, gelden deze verdragsregels niet voor hen." in quotes(p3)
    assert any("Azerbaijan" in r for r in p3.reasons) and any("Armenia" in r for r in p3.reasons)


def test_L1_algemene_regels_humanitair_oorlogsrecht_gelden_wel(nk_incendiary):
    """"Wel gelden de algemene regels van het humanitair oorlogsrecht voor het voeren van vijandelijkheden ..." """
    ihl = nk_incendiary.regime("customary-ihl")
    assert ihl.verdict == "applies"
    assert any(q.startswith("Wel gelden de algemene regels") for q in quotes(ihl))


def test_L1_no_fly_zone_vergt_besluit_veiligheidsraad(nk_incendiary):
    """"Een militaire no-fly-zone kan door middel van een besluit van de VN Veiligheidsraad worden ingesteld." """
    unsc = nk_incendiary.body("unsc")
    assert unsc.verdict == "conditional"
    assert any("VN Veiligheidsraad" in q for q in quotes(unsc))
    assert {"CHN", "FRA", "GBR", "RUS", "USA"} <= {s for c in unsc.conditions for s in c.states}


def test_L2_brandwapens_vallen_onder_protocol_III_niet_onder_cwc_opcw_niet_bevoegd(nk_incendiary):
    """"Het gebruik van brandwapens valt niet onder de CWC, maar onder Protocol III ... De OPCW heeft als zodanig geen bevoegdheid hier onderzoek naar te verrichten." """
    opcw = nk_incendiary.body("opcw")
    assert opcw.verdict == "not_competent"
    assert opcw.rule == "opcw.incendiary-outside-mandate"
    assert "De OPCW heeft als zodanig geen bevoegdheid hier onderzoek naar te verrichten." in quotes(opcw)
    assert nk_incendiary.regime("cwc").rule == "cwc.incendiary-not-chemical"


def test_L2_geen_partij_bij_ccw_noch_clustermunitieverdrag():
    """"Bij de CCW zijn Armenië noch Azerbeidzjan partij. Dit geldt ook voor het Verdrag inzake clustermunitie." """
    answer = ask(actor="ARM", opponents=["AZE"], weapon="cluster-munition", use=None, date="2020-10-28")
    ccm = answer.regime("ccm")
    assert ccm.verdict == "does_not_apply"
    assert ccm.rule == "ccm.not-bound"
    assert any("clustermunitie" in q for q in quotes(ccm))


def test_L2_strafhof_niet_voor_de_hand_geen_partij_bij_statuut_van_rome(nk_incendiary):
    """"Onderzoek door het Internationaal Strafhof behoort niet tot de voor de hand liggende mogelijkheden, aangezien Armenië noch Azerbeidzjan partij is bij het Statuut van Rome." """
    assert nk_incendiary.regime("rome-statute").verdict == "does_not_apply"
    icc = nk_incendiary.body("icc")
    assert icc.verdict == "conditional"
    routes = {c.basis: c.states for c in icc.conditions}
    assert routes["Rome Statute art. 12(3)"] == ["AZE"]
    assert any("13(b)" in basis for basis in routes)
    assert any("Statuut van Rome" in q for q in quotes(icc))


def test_L2_ovse_onderzoek_vergt_instemming_alle_deelnemende_staten(nk_incendiary):
    """"... door alle OVSE-deelnemende landen (waaronder dus ook Armenië en Azerbeidzjan) moeten worden geaccordeerd." """
    osce = nk_incendiary.body("osce")
    assert osce.verdict == "conditional"
    consensus = next(c for c in osce.conditions if "consensus" in c.route)
    assert consensus.states == ["ARM", "AZE"]
    assert any("OVSE-deelnemende landen" in q for q in quotes(osce))


def test_issue_2_done_when_verdicts(nk_incendiary):
    verdicts = nk_incendiary.verdicts()
    assert verdicts["regimes"] == {
        "cwc": "does_not_apply", "ccw-p3": "does_not_apply", "ccm": "does_not_apply", "apmbc": "does_not_apply",
        "rome-statute": "does_not_apply", "geneva-conventions": "applies", "ap1": "does_not_apply",
        "ap2": "does_not_apply", "customary-ihl": "applies",
    }
    assert {k: verdicts["bodies"][k] for k in ("opcw", "icc", "osce", "unsc")} == {
        "opcw": "not_competent", "icc": "conditional", "osce": "conditional", "unsc": "conditional",
    }


def test_every_fact_behind_the_letters_answer_is_verified(nk_incendiary):
    """The Nagorno-Karabakh answer once rested on unverified Geneva Conventions dates, Armenia's AP I date,
    Azerbaijan's Ottawa status and the OSCE's list as a whole (session 9 read a source for each)."""
    unverified = sorted({fact.id for finding in nk_incendiary.regimes + nk_incendiary.bodies
                         for fact in finding.facts if not fact.source.verified})
    assert unverified == []
    assert not any(finding.unverified for finding in nk_incendiary.regimes + nk_incendiary.bodies)
