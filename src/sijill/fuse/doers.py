"""Who can do what: a side read as the doer of an act it has no means for is the side the act
struck, set right on the decided events of a page (after in-page fusion, so that the events the
models kept and merged stay as they are; only their sides change).

- An air strike is flown by a state's or a coalition's aircraft: a group without an air force
  (ACLED classes 2-7: rebels, militias, rioters, protesters, civilians) read as its doer ("غارات
  على مواقع داعش" with داعش the page's most named side) is the side struck, unless the words name
  a drone ("طائرة مسيرة"), which such a group may fly.
- A roadside bomb, a mine, an IED or a suicide bomber is sent by a group or by unknown hands: a
  state's forces or a foreign force (classes 1 and 8) read as its doer ("مقتل جنديين أمريكيين
  بانفجار عبوة ناسفة", "فجر انتحاري نفسه عند حاجز للأمن العسكري") are the side struck.
- One side is never both the doer and the side struck (a victim read as the doer too, or two
  tellings merged each giving the side in another role).

The side struck takes actor2; when actor2 is already the side that can do the act, the two swap;
when actor2 is another side of the same kind, the misread doer stands beside it (assoc_actor2).
A doer left unnamed is UNIDENTIFIED, as CODING_RULES codes unnamed attackers.
"""
from __future__ import annotations

import re
from typing import Callable

from ..knowledge.actors import load_actors
from ..model import ActorRef, Event
from ..records import replace
from ..text import fold

_GROUNDED = frozenset({2, 3, 4, 5, 6, 7})     # ACLED classes without aircraft
_ARMIES = frozenset({1, 8})                     # state forces, external forces
_BOMBS = frozenset({"Remote explosive/landmine/IED", "Suicide bomb"})
_TAKINGS = frozenset({"Government regains territory", "Non-state actor overtakes territory"})
_DRONE = re.compile(r"مسير|بدون طيار|بلا طيار|درون|پهپاد")     # read on folded text (ی is ي)
_NOBODY = "UNIDENTIFIED"


def able_doers(ev: Event) -> Event:
    """The event with a doer that can do its act (module docstring); unchanged when it has one."""
    a1 = ev.actor1
    if a1 is None:
        return ev
    if ev.actor2 is not None and ev.actor2.id == a1.id:
        return _itself(ev)
    if ev.sub_event_type == "Air/drone strike":
        if _class(a1) not in _GROUNDED or _names_a_drone(ev):
            return ev
        return _struck(ev, lambda ref: _class(ref) not in _GROUNDED)
    if ev.sub_event_type in _BOMBS and _class(a1) in _ARMIES:
        return _struck(ev, lambda ref: _class(ref) not in _ARMIES)
    return ev


def _struck(ev: Event, can: Callable[[ActorRef], bool]) -> Event:
    """actor1 made the side struck: swapped with an actor2 that `can` do the act, else actor2 (none
    named) or beside it; the doer then unnamed. The evidence spans follow their sides."""
    a1, a2 = ev.actor1, ev.actor2
    if a2 is not None and can(a2):
        roles = {"actor1": "actor2", "assoc_actor1": "assoc_actor2", "actor2": "actor1", "assoc_actor2": "assoc_actor1"}
        ev = replace(ev, actor1=a2, actor2=a1, assoc_actor1=ev.assoc_actor2, assoc_actor2=ev.assoc_actor1)
    elif a2 is None:
        roles = {"actor1": "actor2", "assoc_actor1": "assoc_actor2"}
        ev = replace(ev, actor1=_nobody(), actor2=a1, assoc_actor1=(), assoc_actor2=ev.assoc_actor1)
    else:
        roles = {"actor1": "assoc_actor2", "assoc_actor1": "assoc_actor2"}
        beside = {a2.id, *(x.id for x in ev.assoc_actor2)}
        moved = tuple(x for x in (a1, *ev.assoc_actor1) if x.id not in beside)
        ev = replace(ev, actor1=_nobody(), assoc_actor1=(), assoc_actor2=ev.assoc_actor2 + moved)
    return with_roles(ev, roles)


def _itself(ev: Event) -> Event:
    """One side in both roles (a side does not act upon itself: two tellings merged, each giving it
    in another role, or a victim read as the doer too: "قتل أربعة عسكريين روس في هجوم لمسلحين"). A
    place taken keeps its taker and loses the side it was taken from; any other act keeps the side
    struck, its doer unnamed."""
    if ev.sub_event_type in _TAKINGS:
        return with_roles(replace(ev, actor2=None, assoc_actor2=()), {"actor2": None})
    return with_roles(replace(ev, actor1=_nobody(), assoc_actor1=()), {"actor1": None})


def with_roles(ev: Event, roles: dict[str, str | None]) -> Event:
    """The event (its sides already moved) with its evidence spans following them: each span of a
    role in `roles` takes the role it maps to, or is dropped (None); its notes and id anew."""
    from ..resolve import event_notes
    sources = tuple(replace(s, evidence=tuple(replace(e, role=roles[e.role]) if e.role in roles else e
                                              for e in s.evidence if roles.get(e.role, e.role) is not None))
                    for s in ev.sources)
    ev = replace(ev, sources=sources)
    return replace(ev, notes=event_notes(ev)).with_id()


def _names_a_drone(ev: Event) -> bool:
    return any(e.role == "trigger" and _DRONE.search(fold(e.text)) for s in ev.sources for e in s.evidence)


def _class(ref: ActorRef) -> int | None:
    """The side's ACLED class: the knowledge base's, else the one the event carries."""
    actor = load_actors().get(ref.id)
    return actor.inter if actor is not None else ref.inter


def _nobody() -> ActorRef | None:
    """UNIDENTIFIED, as the knowledge base names it (None if it has no such actor)."""
    actors = load_actors()
    return actors.ref(_NOBODY) if actors.get(_NOBODY) is not None else None
