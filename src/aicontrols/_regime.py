"""Regime: rule versions on two time axes, and the query methods.

A regime is built from notices. Knowledge time: each distinct publication
instant opens a new *knowledge state* (the notices published so far, with
corrections applied); `as_known_on` picks one. Valid time: within a knowledge
state, each rule has versions over half-open intervals. Both are compiled
lazily, once, and cached: a regime is immutable and safe to share.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from ._access import Access
from ._countries import UNIONS, jurisdiction
from ._entities import Entity
from ._groups import CountryGroup, EntityList
from ._items import ControlledItem, DeploymentMode
from ._notices import Notice
from ._reference_data import all_country_groups, check_groups_from
from ._rules import Citation
from ._validate import validate
from ._validators import check_id, checked_tuple, country
from .exceptions import InvalidRegimeError

if TYPE_CHECKING:
    from ._changes import RuleChange
    from ._decision import Decision
    from ._engine.queries import RegimeEngine
    from ._options import Options
    from ._outlook import Outlook
    from ._reasons import Verdict
    from ._timeline import Timeline

__all__ = ["DeemedExportRule", "Regime", "engine_of"]


class DeemedExportRule(enum.Enum):
    """Which countries a release to a foreign person inside the jurisdiction goes to.

    Examples:
        >>> DeemedExportRule("all")
        <DeemedExportRule.ALL: 'all'>
    """

    MOST_RECENT = "most_recent"
    """EAR, 15 CFR 734.13(b): the most recent citizenship or permanent residency."""
    ALL = "all"
    """ITAR, 22 CFR 120.50(b): every citizenship and permanent residency held."""


def _timezone(_: object, __: object, value: str) -> None:
    try:
        if value.lower() in ("localtime", "local"):  # this machine's zone, not a name
            raise ValueError(value)
        pendulum.timezone(value)
    except Exception:  # pendulum raises several unrelated types for a bad name
        raise InvalidRegimeError(
            f"unknown IANA timezone `{value}`", path="timezone", value=value
        ) from None


def _deemed(value: DeemedExportRule | str) -> DeemedExportRule:
    return DeemedExportRule(value)


def _jurisdiction(value: str) -> str:
    try:
        return jurisdiction(value)
    except (TypeError, ValueError) as error:
        raise InvalidRegimeError(str(error), path="jurisdiction", value=value) from None


def _territory(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else frozenset(country(c) for c in value)


def _groups(value: Iterable[CountryGroup]) -> tuple[CountryGroup, ...]:
    return checked_tuple(value, CountryGroup, "country_groups")


def _lists(value: Iterable[EntityList]) -> tuple[EntityList, ...]:
    return checked_tuple(value, EntityList, "entity_lists")


def _entities(value: Iterable[Entity]) -> tuple[Entity, ...]:
    return checked_tuple(value, Entity, "entities")


def _items(value: Iterable[ControlledItem]) -> tuple[ControlledItem, ...]:
    return checked_tuple(value, ControlledItem, "items")


def _modes(value: Iterable[DeploymentMode]) -> tuple[DeploymentMode, ...]:
    return checked_tuple(value, DeploymentMode, "modes")


def _notices(value: Iterable[Notice]) -> tuple[Notice, ...]:
    return checked_tuple(value, Notice, "notices")


@attrs.frozen
class Regime:
    """An export-control regime: a jurisdiction's rules, built from dated notices.

    Args:
        id: the regime's id.
        name: a human name.
        jurisdiction: the ISO country code whose persons are not foreign.
        timezone: the IANA zone in which bare dates are read (local midnight).
        deemed_export_rule: `most_recent` (EAR) or `all` (ITAR).
        territory: the countries that count as inside (default: the jurisdiction;
            an EU regime lists the member states).
        country_groups: named country groups, which may change over time.
        country_groups_from: the name of bundled country groups the regime's
            scopes may also name (`"ear"`: `aicontrols.ear.country_groups()`),
            referred to rather than copied; see `all_country_groups`.
        entity_lists: named lists of entity ids, which may change over time.
        entities: the catalog's entities, referable by id.
        items: the catalog's items, referable by id.
        modes: deployment modes beyond the standard ones.
        notices: the dated acts that make the rules.
        citation: where the regime as a whole comes from.
        description: what it models, and what it leaves out.

    Raises:
        InvalidRegimeError: a duplicate id, a bad zone, an effective date before
            publication without `retroactive`, a window that ends before it starts.
        UnknownReferenceError: an act or scope names an id nobody defined.

    Examples:
        >>> import datetime
        >>> import aicontrols as ac
        >>> regime = ac.Regime(
        ...     "demo",
        ...     jurisdiction="US",
        ...     timezone="America/New_York",
        ...     items=[ac.ControlledItem("model-x")],
        ...     notices=[ac.Notice(
        ...         "n1",
        ...         published=datetime.date(2026, 1, 5),
        ...         effective=datetime.date(2026, 1, 5),
        ...         adds=[ac.Restriction("r1", recipients=ac.ForeignPerson())],
        ...     )],
        ... )
        >>> who = ac.Entity("kim", kind="individual", citizenships=[ac.Citizenship("KR")])
        >>> regime.decide(ac.Access(who, "model-x", "hosted-api"), on="2026-01-05").verdict
        <Verdict.LICENSE_REQUIRED: 'license_required'>
    """

    id: str = attrs.field(validator=check_id)
    name: str | None = attrs.field(default=None, kw_only=True)
    jurisdiction: str = attrs.field(kw_only=True, converter=_jurisdiction)
    timezone: str = attrs.field(kw_only=True, validator=_timezone)
    deemed_export_rule: DeemedExportRule = attrs.field(
        default=DeemedExportRule.MOST_RECENT, kw_only=True, converter=_deemed
    )
    territory: frozenset[str] = attrs.field(
        default=None, kw_only=True, converter=_territory
    )
    country_groups: tuple[CountryGroup, ...] = attrs.field(
        default=(), kw_only=True, converter=_groups
    )
    country_groups_from: str | None = attrs.field(
        default=None, kw_only=True, validator=check_groups_from
    )
    entity_lists: tuple[EntityList, ...] = attrs.field(
        default=(), kw_only=True, converter=_lists
    )
    entities: tuple[Entity, ...] = attrs.field(
        default=(), kw_only=True, converter=_entities
    )
    items: tuple[ControlledItem, ...] = attrs.field(
        default=(), kw_only=True, converter=_items
    )
    modes: tuple[DeploymentMode, ...] = attrs.field(
        default=(), kw_only=True, converter=_modes
    )
    notices: tuple[Notice, ...] = attrs.field(
        default=(), kw_only=True, converter=_notices
    )
    citation: Citation | None = attrs.field(default=None, kw_only=True)
    description: str | None = attrs.field(default=None, kw_only=True)
    _engine: RegimeEngine = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if self.territory is None:
            if self.jurisdiction in UNIONS:
                raise InvalidRegimeError(
                    f"the jurisdiction `{self.jurisdiction}` is a union "
                    f"({UNIONS[self.jurisdiction]}): give its member countries as "
                    "`territory`",
                    path="territory",
                    value=None,
                )
            object.__setattr__(self, "territory", frozenset((self.jurisdiction,)))
        validate(self)
        object.__setattr__(self, "_engine", _compile(self))

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the regime's data only: each process compiles its own caches."""
        return {f.name: getattr(self, f.name) for f in attrs.fields(Regime) if f.init}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_engine", _compile(self))

    # ------------------------------------------------------------ lookups

    def entity(self, entity_id: str) -> Entity:
        """The catalog entity with this id.

        Raises:
            UnknownIdError: the catalog has no such entity.
        """
        return self._engine.catalog.entity(entity_id)

    def item(self, item_id: str) -> ControlledItem:
        """The catalog item with this id.

        Raises:
            UnknownIdError: the catalog has no such item.
        """
        return self._engine.catalog.item(item_id)

    def mode(self, name: str) -> DeploymentMode:
        """The standard or regime-defined deployment mode called `name`.

        Raises:
            UnknownIdError: no such mode.
        """
        return self._engine.catalog.mode(name)

    def notice(self, notice_id: str) -> Notice:
        """The notice with this id.

        Raises:
            UnknownIdError: the regime has no such notice.
        """
        return self._engine.notice(notice_id)

    def with_notices(
        self,
        notices: Iterable[Notice],
        *,
        entities: Iterable[Entity] = (),
        items: Iterable[ControlledItem] = (),
    ) -> Regime:
        """A new regime with these acts (and catalog entries) added.

        The new regime is validated like any other: a duplicate id or an
        unknown reference is an error. This regime is left untouched, so a
        gateway can keep its own register of granted licenses beside a
        bundled regime.

        Raises:
            InvalidRegimeError: a duplicate id or another broken rule.
            UnknownReferenceError: an act names an id nobody defined.

        Examples:
            >>> import datetime
            >>> import aicontrols
            >>> us = aicontrols.examples.load("mythos5")
            >>> grant = aicontrols.Notice(
            ...     "grant-1", published=datetime.date(2026, 7, 1),
            ...     effective=datetime.date(2026, 7, 1),
            ...     adds=[aicontrols.License("lic-1",
            ...                              authorizes=["mythos-fable-foreign-access"])])
            >>> len(us.with_notices([grant]).notices) - len(us.notices)
            1
        """
        return attrs.evolve(
            self,
            notices=(*self.notices, *notices),
            entities=(*self.entities, *entities),
            items=(*self.items, *items),
        )

    @property
    def fingerprint(self) -> str:
        """A SHA-256 content hash of the regime, equal in every process."""
        return self._engine.fingerprint

    @property
    def all_country_groups(self) -> tuple[CountryGroup, ...]:
        """The groups its scopes may name: those of `country_groups_from`, then its own."""
        return all_country_groups(self)

    # ------------------------------------------------------------ queries

    def decide(
        self,
        access: Access,
        *,
        on: dt.date | str | None = None,
        at: dt.datetime | str | None = None,
        as_known_on: dt.date | dt.datetime | str | None = None,
    ) -> Decision:
        """Decide one access at an instant (`at=`) or over a whole local day (`on=`).

        Args:
            access: who, what, how and where.
            on: a calendar date, read as the whole day in the regime's zone:
                permitted only if permitted all day.
            at: an aware instant.
            as_known_on: use only the notices published on or before this date
                (or instant); default: everything.

        Returns:
            The decision, with its reasons.

        Raises:
            QueryError: neither or both of `on` and `at`, or a malformed value.
            NaiveDateTimeError: `at` (or `as_known_on`) has no timezone.
            UnknownIdError: the access names an id the catalog lacks.

        Examples:
            >>> import aicontrols
            >>> regime = aicontrols.examples.load("mythos5")
            >>> access = aicontrols.Access("acme-cloud", "mythos-5", "hosted-api")
            >>> regime.decide(access, on="2026-06-27").verdict
            <Verdict.PERMITTED: 'permitted'>
        """
        return self._engine.decide(access, on, at, as_known_on)

    def verdict(
        self,
        access: Access,
        *,
        on: dt.date | str | None = None,
        at: dt.datetime | str | None = None,
        as_known_on: dt.date | dt.datetime | str | None = None,
    ) -> Verdict:
        """Only the verdict of `decide()`, without building the decision's reasons.

        For a gateway's hot path: the same answer as `decide(...).verdict`,
        with the same arguments and errors, and no explanation objects.

        Examples:
            >>> import aicontrols
            >>> regime = aicontrols.examples.load("mythos5")
            >>> access = aicontrols.Access("other-corp", "mythos-5", "hosted-api")
            >>> regime.verdict(access, at="2026-06-27T12:00:00-04:00")
            <Verdict.PERMITTED: 'permitted'>
        """
        return self._engine.verdict(access, on, at, as_known_on)

    def history(
        self,
        access: Access,
        *,
        start: dt.date | dt.datetime | str | None = None,
        end: dt.date | dt.datetime | str | None = None,
        as_known_on: dt.date | dt.datetime | str | None = None,
    ) -> Timeline:
        """The access's verdict over time, as maximal segments of constant verdict.

        Args:
            access: who, what, how and where.
            start: the span's start (a date is its local midnight); `None`: ever.
            end: the span's end, exclusive; `None`: until further notice.
            as_known_on: use only notices published on or before this date.

        Returns:
            A `Timeline` whose segments say what opened them.

        Examples:
            >>> import aicontrols
            >>> regime = aicontrols.examples.load("mythos5")
            >>> access = aicontrols.Access("other-corp", "fable-5", "weights-transfer")
            >>> [seg.verdict.value for seg in regime.history(access)]
            ['permitted']
        """
        return self._engine.history(access, start, end, as_known_on)

    def changes(
        self,
        since: dt.date | dt.datetime | str | None = None,
        until: dt.date | dt.datetime | str | None = None,
        *,
        as_known_on: dt.date | dt.datetime | str | None = None,
    ) -> tuple[RuleChange, ...]:
        """The rule changes that take effect in `[since, until)`, with their notices.

        Examples:
            >>> import aicontrols
            >>> regime = aicontrols.examples.load("mythos5")
            >>> for change in regime.changes("2026-06-01", "2026-07-01"):
            ...     print(change.describe())
            2026-06-12: `mythos-fable-foreign-access` added by notice `letter-2026-06-12` (Is-informed letter to Anthropic on Mythos 5 and Fable 5)
            2026-06-26: `trusted-partners-mythos` added by notice `letter-2026-06-26` (Letter exempting annexed trusted partners, for Mythos 5)
        """
        return self._engine.changes(since, until, as_known_on)

    def options(
        self,
        recipient: Entity | str,
        *,
        on: dt.date | str | None = None,
        at: dt.datetime | str | None = None,
        as_known_on: dt.date | dt.datetime | str | None = None,
        items: Iterable[ControlledItem | str] | None = None,
        modes: Iterable[DeploymentMode | str] | None = None,
        locations: Iterable[str | None] | None = None,
        attestations: Iterable[str] = (),
        origin: str | None = None,
    ) -> Options:
        """For one recipient on a day, the verdict of every item, mode and location.

        Each cell is `decide(Access(recipient, item, mode, location), ...)`.
        By default the cells are the catalog's items, the standard and the
        regime's modes, and the locations its rules tell apart: the
        jurisdiction, every country a scope names, the recipient's own
        countries, one country for each set of countries its groups treat
        alike (`Option.alike` lists the others), and `None` (not given).

        Raises:
            QueryError: a malformed date, list or location.
            UnknownIdError: an item, mode or recipient the catalog lacks.

        Examples:
            >>> import aicontrols
            >>> regime = aicontrols.examples.load("mythos5")
            >>> wei = aicontrols.Entity("wei", kind="individual",
            ...                         citizenships=[aicontrols.Citizenship("CN")])
            >>> table = regime.options(wei, on="2026-06-01",
            ...                        modes=["hosted-api"], locations=["US"])
            >>> print(table.to_text())
            item      mode        location  verdict    until       reason
            mythos-5  hosted-api  US        PERMITTED  2026-06-12  none
            fable-5   hosted-api  US        PERMITTED  2026-06-12  none
        """
        from ._options import options

        return options(
            self, recipient, on=on, at=at, as_known_on=as_known_on, items=items,
            modes=modes, locations=locations, attestations=attestations,
            origin=origin,
        )  # fmt: skip

    def what_would_change(
        self,
        access: Access,
        *,
        on: dt.date | str | None = None,
        at: dt.datetime | str | None = None,
        as_known_on: dt.date | dt.datetime | str | None = None,
    ) -> Outlook:
        """What would change the access's answer, and when it next changes.

        The remedies come from the decision: conditions to attest for an
        exemption or license that narrowly did not apply, "a license for
        restriction `R`" for each binding license requirement, what an
        exemption requires of an access it would cover, and the unknown
        facts of an undetermined answer. The next change is the decision's
        `valid_until`, with the verdict and cause from then on.

        Examples:
            >>> import aicontrols
            >>> regime = aicontrols.examples.load("mythos5")
            >>> priya = aicontrols.Entity("priya", kind="individual",
            ...                           citizenships=[aicontrols.Citizenship("IN")])
            >>> access = aicontrols.Access(priya, "fable-5", "hosted-api", "US")
            >>> print(regime.what_would_change(access, on="2026-06-27").explain())
            LICENSE REQUIRED: binding:mythos-fable-foreign-access
              - exemption `trusted-partners-mythos` would lift `mythos-fable-foreign-access`, but it requires that the item is `mythos-5`
              - a license for restriction `mythos-fable-foreign-access`
              next change: none known (until further notice)
        """
        from ._outlook import outlook

        return outlook(self, access, on=on, at=at, as_known_on=as_known_on)


def _compile(regime: Regime) -> RegimeEngine:
    """The regime's engine. Imported here, on the first regime built, so that
    `import aicontrols` loads the model only, not the engine and the answers."""
    from ._engine.queries import RegimeEngine

    return RegimeEngine(regime)


def engine_of(regime: Regime) -> RegimeEngine:
    """The regime's engine: the internal API the layers (audit, lint,
    screening) and the engine's own tests use, never a private member."""
    return regime._engine
