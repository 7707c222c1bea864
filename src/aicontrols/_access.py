"""Access: the question's who, what, how, where, from where, and with whom.

`Access` is one access to ask about. `Party` and `PartyRole` name the other
parties to the transaction (the recipient is its end user); `Transfer` is the
kind of transfer an access is under a regime (export, reexport, in-country
transfer, deemed export or reexport), which the engine derives from where the
item leaves, where it is received and who receives it.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable

import attrs

from ._entities import Entity
from ._items import ControlledItem, DeploymentMode
from ._validators import optional_country, strings

__all__ = ["Access", "Party", "PartyRole", "Transfer"]


class Transfer(enum.Enum):
    """What kind of transfer an access is, under one regime (15 CFR 734.13, 734.14).

    Derived from the access's `origin` (the country the item leaves; `None`
    for the regime's own territory), its `location` and whether the recipient
    is a foreign person of the regime's jurisdiction:

    - from inside the territory to a location outside it: `EXPORT`
      (734.13(a): a shipment or transmission out of the country);
    - inside the territory, to a foreign person: `DEEMED_EXPORT` (734.13(a):
      a release in the country to a foreign person), wherever the item came
      from;
    - inside the territory, to anyone else: `DOMESTIC`, not an export (a
      release at home, or a shipment into the territory);
    - from one foreign country to another: `REEXPORT` (734.14(a));
    - within one foreign country, to a foreign person of another country (by
      the regime's deemed-export rule, e.g. the most recent citizenship or
      permanent residency): `DEEMED_REEXPORT` (734.14(a); the carve-outs of
      734.20 are not modelled);
    - within one foreign country otherwise (to an organisation, a national of
      that country, or a person of the jurisdiction): `IN_COUNTRY_TRANSFER`,
      the item staying in that country.

    Examples:
        >>> Transfer("deemed_reexport").words
        'a deemed reexport'
    """

    EXPORT = "export"
    REEXPORT = "reexport"
    IN_COUNTRY_TRANSFER = "in_country_transfer"
    DEEMED_EXPORT = "deemed_export"
    DEEMED_REEXPORT = "deemed_reexport"
    DOMESTIC = "domestic"

    @property
    def words(self) -> str:
        """The kind in words, with its article: "an export", "a deemed reexport"."""
        return _WORDS[self]


_WORDS = {
    Transfer.EXPORT: "an export",
    Transfer.REEXPORT: "a reexport",
    Transfer.IN_COUNTRY_TRANSFER: "an in-country transfer",
    Transfer.DEEMED_EXPORT: "a deemed export",
    Transfer.DEEMED_REEXPORT: "a deemed reexport",
    Transfer.DOMESTIC: "no export",
}


class PartyRole(enum.Enum):
    """The part a party plays in a transaction (the parties of 15 CFR 748.5).

    The recipient of an `Access` is its `END_USER`; the other roles are for
    `Access.parties`.

    Examples:
        >>> PartyRole("intermediate_consignee").words
        'intermediate consignee'
    """

    PURCHASER = "purchaser"
    INTERMEDIATE_CONSIGNEE = "intermediate_consignee"
    ULTIMATE_CONSIGNEE = "ultimate_consignee"
    END_USER = "end_user"

    @property
    def words(self) -> str:
        """The role in words: "intermediate consignee"."""
        return self.value.replace("_", " ")


def _role(value: PartyRole | str) -> PartyRole:
    if isinstance(value, PartyRole):
        return value
    if not isinstance(value, str):
        raise TypeError(f"`role`: expected a PartyRole or its name, got `{value!r}`")
    try:
        return PartyRole(value)
    except ValueError:
        names = [r.value for r in PartyRole]
        folded = "_".join(value.replace("-", "_").split()).casefold()
        close = difflib.get_close_matches(folded, names, n=1, cutoff=0.75)
        hint = (
            f" (did you mean `{close[0]}`?)"
            if close
            else " (known: {})".format(", ".join(f"`{n}`" for n in names))
        )
        raise ValueError(f"`role`: unknown party role `{value}`{hint}") from None


@attrs.frozen(cache_hash=True)
class Party:
    """Another party to the transaction: a purchaser, a consignee, ...

    Args:
        role: the party's role (`PartyRole` or its name: `"purchaser"`,
            `"intermediate_consignee"`, `"ultimate_consignee"`).
        entity: the party, as an `Entity` or the id of one the regime's
            catalog defines (as for `Access.recipient`).

    Examples:
        >>> Party("purchaser", "acme-cloud")
        Party(role=<PartyRole.PURCHASER: 'purchaser'>, entity='acme-cloud')
    """

    role: PartyRole = attrs.field(converter=_role)
    entity: Entity | str = attrs.field()

    @entity.validator
    def _check_entity(self, _: object, value: object) -> None:
        if not isinstance(value, Entity | str):
            raise TypeError(f"`entity`: expected an Entity or its id, got `{value!r}`")

    @property
    def entity_id(self) -> str:
        """The party's entity id."""
        e = self.entity
        return e if isinstance(e, str) else e.id

    def to_dict(self) -> dict[str, str]:
        """The party as JSON-ready data: `{"role": ..., "entity": ...}`."""
        return {"role": self.role.value, "entity": self.entity_id}


def _parties(value: Iterable[Party]) -> tuple[Party, ...]:
    if value == ():  # the usual case, kept cheap: most accesses name no parties
        return ()
    if isinstance(value, Party | str | bytes):
        raise TypeError(
            f"`parties`: expected a sequence of Party values, got `{value!r}`"
        )
    found = tuple(value)
    for party in found:
        if not isinstance(party, Party):
            raise TypeError(f"`parties`: expected a Party, got `{party!r}`")
        if party.role is PartyRole.END_USER:
            # INVARIANT: the recipient is the one end user of an access
            raise ValueError(
                f"`parties`: `{party.entity_id}` is given as the end user; the "
                "recipient is the end user: ask about it as the recipient"
            )
    return found


@attrs.frozen(cache_hash=True)
class Access:
    """One access to ask about: who, what, how, where, from where, with whom.

    `recipient`, `item` and `mode` may be objects or the ids (for a mode, the
    kebab-case name) of ones the regime defines.

    Args:
        recipient: the person or organisation receiving access (the end user).
        item: the model or other item.
        mode: how: `"hosted-api"`, `DeploymentMode.WEIGHTS_TRANSFER`, ...
        location: where the recipient is (ISO 3166-1 alpha-2); `None` if unknown.
        attestations: named conditions the caller attests (e.g. a signed
            safeguards agreement); exemptions may require them.
        origin: the country the item leaves (ISO 3166-1 alpha-2); `None`, the
            default, for the regime's own jurisdiction (an export). A regime
            derives the kind of transfer (`Transfer`) from it.
        parties: the other parties to the transaction (`Party` values:
            purchaser, intermediate and ultimate consignees), which
            `AnyParty` scopes read.

    Examples:
        >>> Access("acme-cloud", "mythos-5", "hosted-api", location="us").location
        'US'
        >>> Access("lab", "chip", "weights-transfer", "cn", origin="sg").origin
        'SG'
    """

    recipient: Entity | str = attrs.field()
    item: ControlledItem | str = attrs.field()
    mode: DeploymentMode | str = attrs.field()
    location: str | None = attrs.field(default=None, converter=optional_country)
    attestations: frozenset[str] = attrs.field(factory=frozenset, converter=strings)
    origin: str | None = attrs.field(
        default=None, converter=optional_country, kw_only=True
    )
    parties: tuple[Party, ...] = attrs.field(
        default=(), converter=_parties, kw_only=True
    )

    @recipient.validator
    def _check_recipient(self, _: object, value: object) -> None:
        if not isinstance(value, Entity | str):
            raise TypeError(
                f"`recipient`: expected an Entity or its id, got `{value!r}`"
            )

    @item.validator
    def _check_item(self, _: object, value: object) -> None:
        if not isinstance(value, ControlledItem | str):
            raise TypeError(
                f"`item`: expected a ControlledItem or its id, got `{value!r}`"
            )

    @mode.validator
    def _check_mode(self, _: object, value: object) -> None:
        if not isinstance(value, DeploymentMode | str):
            raise TypeError(
                f"`mode`: expected a DeploymentMode or its name, got `{value!r}`"
            )

    @property
    def recipient_id(self) -> str:
        """The recipient's id."""
        r = self.recipient
        return r if isinstance(r, str) else r.id

    @property
    def item_id(self) -> str:
        """The item's id."""
        i = self.item
        return i if isinstance(i, str) else i.id

    @property
    def mode_name(self) -> str:
        """The mode's kebab-case name."""
        m = self.mode
        return m.strip().lower().replace("_", "-") if isinstance(m, str) else m.name
