"""Access: the question's who, what, how and where."""

from __future__ import annotations

import attrs

from ._entities import Entity
from ._items import ControlledItem, DeploymentMode
from ._validators import optional_country, strings

__all__ = ["Access"]


@attrs.frozen(cache_hash=True)
class Access:
    """One access to ask about: who, what, how and where.

    `recipient`, `item` and `mode` may be objects or the ids (for a mode, the
    kebab-case name) of ones the regime defines.

    Args:
        recipient: the person or organisation receiving access.
        item: the model or other item.
        mode: how: `"hosted-api"`, `DeploymentMode.WEIGHTS_TRANSFER`, ...
        location: where the recipient is (ISO 3166-1 alpha-2); `None` if unknown.
        attestations: named conditions the caller attests (e.g. a signed
            safeguards agreement); exemptions may require them.

    Examples:
        >>> Access("acme-cloud", "mythos-5", "hosted-api", location="us").location
        'US'
    """

    recipient: Entity | str = attrs.field()
    item: ControlledItem | str = attrs.field()
    mode: DeploymentMode | str = attrs.field()
    location: str | None = attrs.field(default=None, converter=optional_country)
    attestations: frozenset[str] = attrs.field(factory=frozenset, converter=strings)

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
