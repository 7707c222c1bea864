"""The catalog of a regime, as a query sees it: ids looked up, objects checked.

A query may name a catalog entity, item or mode by its id, or give an object.
Both are checked here, so that a slip never turns into an answer:

- an unknown id given as a string is refused, with a did-you-mean;
- an object whose id *is* a catalog id must carry the catalog's facts (only its
  display name may differ); otherwise it is refused, never silently replaced
  by the catalog's entry nor silently used in its place;
- an object whose id only *looks like* a known id (the same letters and digits
  once case, punctuation and separators are ignored: `Mythos-5`, `mythos5`,
  `fable_5`) is refused with a did-you-mean, and so are such lookalikes among
  an ad-hoc entity's employers, owners and `same_as` links, and an ad-hoc
  item's developer;
- an ad-hoc entity linked by `same_as` to a catalog entity must not contradict
  the facts the catalog records for it: its kind; its country, headquarters
  and citizenships where both record them; its residencies, employments and
  owners wherever the catalog records them (none recorded is a fact there, and
  dropping an owner could lift a rule).

An ad-hoc entity or item under an id that resembles nothing known is decided
on the facts it carries.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from .._entities import Entity
from .._items import ControlledItem, DeploymentMode
from .._validators import is_id
from ..exceptions import CatalogConflictError, UnknownIdError

__all__ = ["MAX_CHECKED", "Catalog", "lookalike_key"]

T = TypeVar("T")

MAX_CHECKED = 65_536
"""How many checked entity and item objects a catalog remembers."""

_SEPARATORS = re.compile(r"[\W_]+")

_FACTS = (
    "country",
    "headquarters",
    "citizenships",
    "residencies",
    "employments",
    "owners",
)
"""The facts of an entity that a `same_as` link must not contradict (and `kind`)."""


def lookalike_key(value: str) -> str:
    """`value` without case, punctuation or separators: `Mythos-5` → `mythos5`."""
    return _SEPARATORS.sub("", value.casefold())


def _keys(ids: Iterable[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for one in ids:
        found.setdefault(lookalike_key(one), one)
    return found


def _differences(given: Any, recorded: Any, ignore: frozenset[str]) -> list[str]:
    return [
        f.name
        for f in attrs.fields(type(recorded))
        if f.name not in ignore and getattr(given, f.name) != getattr(recorded, f.name)
    ]


_NAME = frozenset({"name"})


class Catalog:
    """A regime's entities, items and modes by id, with their lookalike keys."""

    __slots__ = ("_checked", "_keys", "_named", "entities", "items", "modes")

    def __init__(
        self,
        entities: Iterable[Entity],
        items: Iterable[ControlledItem],
        modes: Iterable[DeploymentMode],
        *,
        named: Iterable[str] = (),
    ) -> None:
        self.entities = {e.id: e for e in entities}
        self.items = {i.id: i for i in items}
        self.modes = {**DeploymentMode.STANDARD, **{m.name: m for m in modes}}
        # entity ids known without a catalog entry: members of entity lists
        self._named = tuple(named)
        self._keys: tuple[dict[str, str], dict[str, str], dict[str, str]] | None = None
        # objects already checked, by value: a gateway asks about the same few
        # thousand again and again (bounded: emptied when full)
        self._checked: dict[object, Any] = {}

    def _lookalikes(self) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        """The lookalike keys of entity, item and mode ids, made on first need
        (a query by catalog ids alone never needs them)."""
        if self._keys is None:
            self._keys = (
                _keys((*self.entities, *self._named)),
                _keys(self.items),
                _keys(self.modes),
            )
        return self._keys

    @property
    def entity_keys(self) -> dict[str, str]:
        """Known entity ids by their lookalike key."""
        return self._lookalikes()[0]

    @property
    def item_keys(self) -> dict[str, str]:
        """Catalog item ids by their lookalike key."""
        return self._lookalikes()[1]

    @property
    def mode_keys(self) -> dict[str, str]:
        """Known mode names by their lookalike key."""
        return self._lookalikes()[2]

    # ------------------------------------------------------------ by id

    def entity(self, entity_id: str) -> Entity:
        """The catalog entity `entity_id`, or `UnknownIdError` with a did-you-mean."""
        found = self.entities.get(entity_id)
        if found is None:
            raise _unknown("entity", entity_id, self.entities, self.entity_keys)
        return found

    def item(self, item_id: str) -> ControlledItem:
        """The catalog item `item_id`, or `UnknownIdError` with a did-you-mean."""
        found = self.items.get(item_id)
        if found is None:
            raise _unknown("item", item_id, self.items, self.item_keys)
        return found

    def mode(self, name: str) -> DeploymentMode:
        """The mode `name` (`_` read as `-`), or `UnknownIdError` with a did-you-mean."""
        if not isinstance(name, str):
            raise UnknownIdError("mode", repr(name), known=tuple(self.modes))
        found = self.modes.get(name)  # the usual case: a name as written
        if found is not None:
            return found
        found = self.modes.get(name.strip().lower().replace("_", "-"))
        if found is None:
            raise _unknown("mode", name, self.modes, self.mode_keys)
        return found

    # ------------------------------------------------------------ objects

    def recipient(self, value: Entity | str, what: str = "recipient") -> Entity:
        """The entity a query names: a catalog id, or an object checked as above.

        `what` names it in an error: the recipient, or a party (`purchaser`).
        """
        if isinstance(value, str):
            return self.entity(value)
        if what != "recipient":
            return self._once(value, lambda v: self._recipient(v, what))
        return self._once(value, self._recipient)

    def _once(self, value: T, check: Callable[[T], T]) -> T:
        """`check(value)`, remembered by value (a refusal is not remembered)."""
        found: T | None = self._checked.get(value)
        if found is None:
            if len(self._checked) >= MAX_CHECKED:
                self._checked.clear()
            found = self._checked[value] = check(value)
        return found

    def _recipient(self, value: Entity, what: str = "recipient") -> Entity:
        recorded = self.entities.get(value.id)
        if recorded is not None:
            if recorded is value:
                return value
            same: Entity = self._same("entity", value, recorded)
            return same
        self._not_lookalike("entity", value.id, self.entity_keys, what)
        for employment in value.employments:
            self._reference(employment.employer, value, "employer")
        for ownership in value.owners:
            self._reference(ownership.owner, value, "owner")
        for link in value.same_as:
            self._reference(link, value, "`same_as` link")
            linked = self.entities.get(link)
            if linked is not None:
                self._linked(value, linked)
        return value

    def unrelated_id(self, value: str) -> bool:
        """Whether `value` is a well-formed id that neither is nor looks like a
        catalog entity's: an entity with it is checked by its facts alone."""
        return (
            is_id(value)
            and value not in self.entities
            and lookalike_key(value) not in self.entity_keys
        )

    def item_of(self, value: ControlledItem | str) -> ControlledItem:
        """The item a query names: a catalog id, or an object checked as above."""
        if isinstance(value, str):
            return self.item(value)
        return self._once(value, self._item)

    def _item(self, value: ControlledItem) -> ControlledItem:
        recorded = self.items.get(value.id)
        if recorded is not None:
            if recorded is value:
                return value
            item: ControlledItem = self._same("item", value, recorded)
            return item
        self._not_lookalike("item", value.id, self.item_keys, "item")
        if value.developer is not None and value.developer not in self.entities:
            known = self.entity_keys.get(lookalike_key(value.developer))
            if known is not None and known != value.developer:
                raise UnknownIdError(
                    "entity",
                    value.developer,
                    hint=known,
                    context=f"developer of item `{value.id}`",
                )
        return value

    def mode_of(self, value: DeploymentMode | str) -> DeploymentMode:
        """The mode a query names: a known name, or an object checked as above."""
        if isinstance(value, str):
            return self.mode(value)
        recorded = self.modes.get(value.name)
        if recorded is not None:
            if recorded is value or recorded == value:
                return recorded
            raise CatalogConflictError(
                "mode",
                value.name,
                _differences(value, recorded, frozenset({"description"})),
            )
        self._not_lookalike("mode", value.name, self.mode_keys, "mode")
        return value

    # ------------------------------------------------------------ helpers

    @staticmethod
    def _same(kind: str, value: Any, recorded: Any) -> Any:
        if value == recorded:
            return recorded
        differ = _differences(value, recorded, _NAME)
        if not differ:  # only the display name differs: the catalog's facts hold
            return recorded
        raise CatalogConflictError(kind, value.id, differ)

    @staticmethod
    def _not_lookalike(
        kind: str, value: str, keys: Mapping[str, str], context: str
    ) -> None:
        known = keys.get(lookalike_key(value))
        if known is not None and known != value:  # a list member is itself
            raise UnknownIdError(
                kind,
                value,
                hint=known,
                note=f"the {context} object's id differs from a known id only in "
                "case, punctuation or separators, and ids are compared exactly",
            )

    def _reference(self, ref: str, entity: Entity, what: str) -> None:
        if ref in self.entities:
            return
        known = self.entity_keys.get(lookalike_key(ref))
        if known is not None and known != ref:
            raise UnknownIdError(
                "entity", ref, hint=known, context=f"{what} of `{entity.id}`"
            )

    @staticmethod
    def _linked(value: Entity, linked: Entity) -> None:
        differ = [] if value.kind is linked.kind else ["kind"]
        for name in _FACTS:
            mine, theirs = getattr(value, name), getattr(linked, name)
            # an unrecorded country or citizenship is unknown, and contradicts
            # nothing; no owners, employments or residencies is a fact, which
            # the catalog's contradicts (dropping an owner could lift a rule)
            unknown_if_empty = name in ("country", "headquarters", "citizenships")
            if theirs and mine != theirs and (mine or not unknown_if_empty):
                differ.append(name)
        if differ:
            raise CatalogConflictError(
                "entity", linked.id, differ, linked_from=value.id
            )


def _unknown(
    kind: str, value: str, known: Mapping[str, object], keys: Mapping[str, str]
) -> UnknownIdError:
    hint = keys.get(lookalike_key(value)) if isinstance(value, str) else None
    if hint is None and isinstance(value, str):
        close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.75)
        hint = close[0] if close else None
    return UnknownIdError(kind, value, known=tuple(known), hint=hint)
