"""What a fact shown with an answer says, in the answer's language, and where it comes from.

A letter's fact is said by its own `statement` (or `statement_nl`), and the quote beside
it proves it. Every other fact is said from the seeds entry it describes: a treaty's own
entry into force (before it, no state was bound, whatever its record), a membership,
a declaration, a complete list of declarations read, a referral, a veto, an organisation's
members, a weapon's classification.
The research note recorded with an entry (its verification status, what is unverified)
is appended as recorded, in English; in Dutch it is marked as such.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .knowledge_models import OrgMember, Sourced
from .models import FactOut, Source
from .names import state_in_sentence, state_is_plural
from .render import DECLARATIONS

if TYPE_CHECKING:
    from .knowledge import Knowledge

DEPOSITS_NL = {"ratification": "akte van bekrachtiging", "accession": "akte van toetreding",
               "succession": "kennisgeving van opvolging", "acceptance": "akte van aanvaarding",
               "approval": "akte van goedkeuring", "definitive signature": "definitieve ondertekening"}
EFFECTS_NL = {"accepted": "aanvaard", "rejected": "afgewezen", "contested": "betwist"}
# An organisation's member list: (not on it, on it since, until).
MEMBERSHIP_WORDS = {
    "en": ("{name} {is} not listed among the members of the {org}", "{name} {is} a member of the {org} since {since}",
           " until {until}"),
    "nl": ("{name} {is} volgens de ledenlijst geen {member}", "{name} {is} {member} sinds {since}", " tot {until}"),
}
DECLARATION_TYPES_NL = {"rome-12-3": "art. 12, derde lid, van het Statuut van Rome",
                        "rome-124": "art. 124 van het Statuut van Rome", "api-90": "art. 90 van Aanvullend Protocol I"}


def describe(knowledge: Knowledge, fact_id: str, lang: str = "en") -> FactOut:
    """The fact `fact_id` (kind:rest, as the rules' sources name it) as an answer shows it."""
    fact = _describe(knowledge, fact_id, lang)
    statement = fact.statement[:1].upper() + fact.statement[1:]  # "The United States: party to ..."
    return fact if statement == fact.statement else fact.model_copy(update={"statement": statement})


def _describe(knowledge: Knowledge, fact_id: str, lang: str) -> FactOut:
    nl = lang == "nl"
    kind, _, rest = fact_id.partition(":")
    if kind == "letter":
        fact = knowledge.letter_facts[rest]
        letter = knowledge.letters[fact.letter]
        return FactOut(
            id=fact_id,
            statement=(fact.statement_nl or fact.statement) if nl else fact.statement,
            source=Source(kind="letter", document=letter.reference, quote=fact.quote, url=letter.url, verified=True),
        )
    if kind == "treaty":  # what a state's standing rests on before the treaty itself was in force
        treaty = knowledge.treaties[rest]
        clause = treaty.entry_into_force
        article = clause.initial_article_nl or clause.initial_article if nl else clause.initial_article
        statement = (f"{treaty.in_text_nl} is in werking getreden op {treaty.in_force.isoformat()} ({article}); "
                     f"geen staat was er eerder aan gebonden" if nl else
                     f"{treaty.in_text} entered into force on {treaty.in_force.isoformat()} ({article}); "
                     f"no state was bound by it earlier")
        return FactOut(id=fact_id, statement=statement, source=url_source(treaty.sources, bool(treaty.verified)))
    if kind == "membership":
        state, treaty_id = rest.split("/")
        return _membership(knowledge, fact_id, state, treaty_id, nl)
    if kind == "declaration":
        state, declaration_id = rest.split("/")
        declaration = next(d for d in knowledge.declarations(state) if d.id == declaration_id)
        start = declaration.from_.isoformat()
        if nl:
            until = declaration.until.isoformat() if declaration.until else "onbepaalde tijd"
            statement = (f"{_name(state, nl)}: verklaring {declaration.id} op grond van "
                         f"{DECLARATION_TYPES_NL.get(declaration.type, declaration.type)}, van {start} tot {until}; "
                         f"gevolg: {EFFECTS_NL.get(declaration.effect, declaration.effect)}")
        else:
            until = declaration.until.isoformat() if declaration.until else "open-ended"
            statement = (f"{_name(state, nl)}: {declaration.type} declaration {declaration.id}, covering "
                         f"{start} to {until}; effect: {declaration.effect}")
        return _sourced(fact_id, statement, declaration, nl)
    if kind == "register":
        state, type_ = rest.split("/")
        complete = knowledge.declarations_complete(state)[type_]
        ids = [d.id for d in knowledge.declarations(state) if d.type == type_ and d.from_ <= complete.as_of]
        if nl:
            statement = (f"{_name(state, nl)}: de verklaringen op grond van {DECLARATION_TYPES_NL.get(type_, type_)} "
                         f"tot en met {complete.as_of.isoformat()} zijn gelezen in een volledige lijst: "
                         f"{', '.join(ids) or 'geen'}")
        else:
            statement = (f"{_name(state, nl)}: its {DECLARATIONS['en'].get(type_, type_)} declarations up to "
                         f"{complete.as_of.isoformat()}, read from a complete list: {', '.join(ids) or 'none'}")
        return _sourced(fact_id, statement, complete, nl)
    if kind == "referral":
        referral = next(r for r in knowledge.referrals if r.id == rest)
        start, adopted = referral.from_.isoformat(), referral.adopted.isoformat()
        if nl:
            until = referral.until.isoformat() if referral.until else "onbepaalde tijd"
            statement = (f"Resolutie {referral.resolution} van de VN-Veiligheidsraad, aangenomen op {adopted}, verwees de "
                         f"situatie in {_name(referral.territory, nl)} sinds {start} (tot {until}) naar het ICC")
        else:
            until = referral.until.isoformat() if referral.until else "open-ended"
            statement = (f"UN Security Council resolution {referral.resolution}, adopted {adopted}, referred the "
                         f"situation in {_name(referral.territory, nl)} since {start} (to {until}) to the ICC")
        return _sourced(fact_id, statement, referral, nl, with_note=False)
    if kind == "veto":
        draft_id, state = rest.split("/")
        draft = next(d for d in knowledge.vetoed_drafts if d.id == draft_id)
        if nl:
            statement = (f"{_name(state, nl)} {_verb(state, 'sprak', 'spraken')} een veto uit over ontwerpresolutie {draft.draft} over de situatie in "
                         f"{_name(draft.territory, nl)} op {draft.date.isoformat()}")
        else:
            statement = (f"{_name(state, nl)} vetoed draft resolution {draft.draft} on the situation in "
                         f"{_name(draft.territory, nl)} on {draft.date.isoformat()}")
        return _sourced(fact_id, statement, draft, nl)
    if kind == "organisation":
        org_id, state = rest.split("/")
        org = knowledge.organisations[org_id]
        member = org.members.get(state)
        absent, since, until = MEMBERSHIP_WORDS["nl" if nl else "en"]
        words = {"name": _name(state, nl), "org": org.name, "member": org.member_nl,
                 "is": _verb(state, "is", "zijn") if nl else "is"}
        source: Sourced | OrgMember = org  # the organisation's list as a whole, unless a closer source says it
        if member is None:
            statement = absent.format(**words)
            source = org.complete_list or org  # not on the organisation's own list, read whole
            if org.complete_list and org.complete_list.as_of:
                statement += (f" (volledige lijst per {org.complete_list.as_of.isoformat()})" if nl
                              else f" (its complete list as of {org.complete_list.as_of.isoformat()})")
        else:
            statement = since.format(**words, since=member.since.isoformat())
            if member.until:
                statement += until.format(until=member.until.isoformat())
            if member.verified is not None:  # this member's date was read in a source of its own
                source = member
        return _sourced(fact_id, statement, source, nl, with_note=False)
    if kind == "classification":
        weapon, use, category = rest.split("/")
        item = next(
            c for c in knowledge.weapons.classifications if (c.weapon, c.use, c.category) == (weapon, use, category)
        )
        weapons = knowledge.weapons
        if nl:
            use_text = "" if use == "any" else f" ({weapons.uses[use].name_nl})"
            verdict = "valt" if item.value else "valt niet"
            statement = (f"{weapons.weapons[weapon].name_nl}{use_text}: {verdict} in de categorie "
                         f"{weapons.categories[category].name_nl}")
        else:
            use_text = "" if use == "any" else f" used {weapons.uses[use].name}"
            statement = (f"{weapons.weapons[weapon].name}{use_text}: {'is' if item.value else 'is not'} of the category "
                         f"{weapons.categories[category].name}")
        if item.note:
            statement += _note(item.note, nl)
        if item.letter_fact:
            source = describe(knowledge, f"letter:{item.letter_fact}", lang).source
        else:
            source = url_source([item.url or ""], item.verified)
        return FactOut(id=fact_id, statement=statement, source=source)
    raise KeyError(fact_id)


def _membership(knowledge: Knowledge, fact_id: str, state: str, treaty_id: str, nl: bool) -> FactOut:
    treaty = knowledge.treaties[treaty_id]
    record = knowledge.membership(state, treaty_id)
    name = _name(state, nl)
    short = treaty.in_text_nl if nl else f"the {treaty.short}"
    if record is None:
        return FactOut(
            id=fact_id,
            statement=f"Geen gegevens over de deelname van {name} aan {short}" if nl
            else f"No data on {name}'s participation in {short}",
            source=Source(kind="none", verified=False),
        )
    line = knowledge.timeline(state, treaty_id)
    if record.status == "party":
        parts = [f"{name}: partij bij {short}" if nl else f"{name}: party to {short}"]
        if record.deposit is not None:
            parts.append(f"{DEPOSITS_NL.get(record.deposit_type or '', 'akte')} nedergelegd op {record.deposit}" if nl
                         else f"{record.deposit_type or 'instrument'} deposited {record.deposit}")
        if line.entry_into_force is not None:
            if nl:
                how = ("geregistreerd" if line.entry_into_force_recorded
                       else f"berekend volgens {treaty.entry_into_force.cited_for(record.deposit).nl}")
                parts.append(f"voor {name} in werking vanaf {line.entry_into_force.isoformat()} ({how})")
            else:
                how = ("recorded" if line.entry_into_force_recorded
                       else f"computed under {treaty.entry_into_force.cited_for(record.deposit).en}")
                parts.append(f"in force for {name} from {line.entry_into_force.isoformat()} ({how})")
        withdrawal = record.withdrawal
        if withdrawal is not None:
            if withdrawal.notified:
                parts.append(f"opzegging ter kennis gebracht op {withdrawal.notified.isoformat()}" if nl
                             else f"withdrawal notified {withdrawal.notified.isoformat()}")
            if withdrawal.announced:
                as_of = withdrawal.not_notified_as_of
                if nl:
                    on_record = (f"op {as_of.isoformat()} geen kennisgeving geregistreerd" if as_of
                                 else "kennisgeving niet bekend")
                    parts.append(f"opzegging aangekondigd op {withdrawal.announced.isoformat()}, {on_record}")
                else:
                    on_record = (f"no notification on record as of {as_of.isoformat()}" if as_of
                                 else "notification not on record")
                    parts.append(f"withdrawal announced {withdrawal.announced.isoformat()}, {on_record}")
            if line.withdrawal_effective:
                parts.append(f"opzegging van kracht op {line.withdrawal_effective.isoformat()} ({treaty.withdrawal.cited.nl})"
                             if nl else
                             f"withdrawal effective {line.withdrawal_effective.isoformat()} ({treaty.withdrawal.article})")
        statement = "; ".join(parts)
    elif record.status == "unknown":
        statement = (f"Of {name} {_verb(state, 'deelneemt', 'deelnemen')} aan {short} is niet bekend" if nl
                     else f"{name}'s participation in {short} is not known")
    elif nl:
        statement = f"{name} {_verb(state, 'is', 'zijn')} geen partij bij {short}" + (
            " (alleen ondertekend; een ondertekening bindt niet)" if record.status == "signatory" else ""
        ) + (f", zoals gelezen in een bron uit {record.as_of}; geen latere bron bekend" if record.as_of else "")
    else:
        statement = f"{name} is not a party to {short}" + (
            " (signatory only; signature does not bind)" if record.status == "signatory" else ""
        ) + (f", as read in a source of {record.as_of}; no later source on record" if record.as_of else "")
    return _sourced(fact_id, statement, record, nl)


def _name(code: str, nl: bool) -> str:
    return state_in_sentence(code, "nl" if nl else "en")


def _verb(code: str, singular: str, plural: str) -> str:
    """The Dutch verb agreeing with the state `code` as its subject ("de Verenigde Staten zijn")."""
    return plural if state_is_plural(code, "nl") else singular


def _note(note: str, nl: bool) -> str:
    """A research note as recorded (English); a Dutch answer says so."""
    return f". Aantekening bij de gegevens (Engels): {note}" if nl else f". {note}"


def _sourced(fact_id: str, statement: str, item: Sourced | OrgMember, nl: bool, *, with_note: bool = True) -> FactOut:
    """A fact about a seeds entry with `sources`/`verified` (and `note`, appended when asked); an organisation
    member has them only when its own date was read (else the organisation is passed)."""
    if with_note and item.note:
        statement += _note(item.note, nl)
    return FactOut(id=fact_id, statement=statement, source=url_source(item.sources, bool(item.verified)))


def url_source(urls: Iterable[str], verified: bool) -> Source:
    urls = list(urls)
    if not urls:
        return Source(kind="none", verified=False)
    return Source(kind="url", url=urls[0], more_urls=urls[1:], verified=verified)
