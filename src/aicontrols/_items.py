"""Controlled items (models and other technology) and deployment modes."""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import ClassVar, TypeVar

import attrs

from ._validators import check_bool, check_classification, check_id, finite_number

__all__ = [
    "PARAMETERS",
    "ComputeLocation",
    "ControlledItem",
    "DeploymentMode",
    "FrozenMap",
    "Parameters",
    "check_parameter_name",
]


V = TypeVar("V")


class _FrozenMapping(Mapping[str, V]):
    """An immutable, hashable mapping with string keys, kept in key order."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[str, V] | None = None) -> None:
        self._data = dict(sorted((data or {}).items()))
        self._hash: int | None = None

    def __getitem__(self, key: str) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if other is self:  # an audit compares one item's accesses many times
            return True
        if isinstance(other, _FrozenMapping):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return repr(self._data)

    def __reduce__(self) -> tuple[type, tuple[dict[str, V]]]:
        # INVARIANT: the cached hash is not pickled; string hashes are salted
        # per process, so a hash carried to another process would be wrong
        return (type(self), (self._data,))


class FrozenMap(_FrozenMapping[str]):
    """An immutable, hashable mapping of strings (an item's classifications)."""

    __slots__ = ()


class Parameters(_FrozenMapping[float]):
    """An immutable, hashable mapping of parameter names to numbers (an item's
    technical parameters), each a `float`."""

    __slots__ = ()


PARAMETERS: Mapping[str, str] = MappingProxyType(
    {
        # 3A090, Technical Note: TPP = 2 x MacTOPS x bit length, summed over
        # the processing units, dense figures, highest over bit lengths.
        "tpp": "total processing performance (TPP), as defined in ECCN 3A090",
        # 3A090: TPP divided by the 'applicable die area' in mm^2.
        "performance_density": "performance density: TPP per square millimetre "
        "of applicable die area, as defined in ECCN 3A090",
        # 15 CFR 742.6(b)(10)(iii)(A)(1): 'total DRAM bandwidth' in GB/s.
        "dram_bandwidth_gbps": "total DRAM bandwidth in gigabytes per second (GB/s)",
        # 3A090.c: bandwidth divided by the package or stack area.
        "memory_bandwidth_density": "memory bandwidth density in gigabytes per "
        "second per square millimetre (GB/s/mm^2), as defined in ECCN 3A090.c",
        "training_operations": "training compute in operations (fine-tuning "
        "counts): read from `ControlledItem.training_operations`",
    }
)
"""The technical parameters an item may record and a rule may read, with their
units. `training_operations` is the item's own field of that name, never a
key of `parameters`."""


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(
        name.strip().lower(), list(known), n=1, cutoff=0.6
    )
    return f" (did you mean `{close[0]}`?)" if close else ""


def check_parameter_name(name: object) -> str:
    """`name` if it is a known parameter, else `ValueError` with a did-you-mean."""
    if not isinstance(name, str) or name not in PARAMETERS:
        hint = _suggest(name, PARAMETERS) if isinstance(name, str) else ""
        known = ", ".join(f"`{k}`" for k in PARAMETERS)
        raise ValueError(f"unknown parameter `{name}`{hint} (known: {known})")
    return name


def _parameters(value: Mapping[str, float] | None) -> Parameters:
    if value is not None and not isinstance(value, Mapping):
        raise TypeError(f"`parameters`: expected a mapping, got `{value!r}`")
    out: dict[str, float] = {}
    for name, number in (value or {}).items():
        check_parameter_name(name)
        if name == "training_operations":
            raise ValueError(
                "`parameters`: record `training_operations` in the item's "
                "`training_operations` field, not in `parameters`"
            )
        finite_number(number, f"parameters.{name}")
        out[name] = float(number)
    return Parameters(out)


def _classifications(value: Mapping[str, str] | None) -> FrozenMap:
    if value is not None and not isinstance(value, Mapping):
        raise TypeError(f"`classifications`: expected a mapping, got `{value!r}`")
    for scheme, code in (value or {}).items():
        check_classification(scheme, code)
    return value if isinstance(value, FrozenMap) else FrozenMap(value)


def _developer_id(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        value = getattr(value, "id", None)
        if not isinstance(value, str):
            raise TypeError(
                f"`developer`: expected an Entity or its id, got `{value!r}`"
            )
    check_id(None, _DEVELOPER, value)
    return value


class _Named:
    name = "developer"


_DEVELOPER = _Named()


@attrs.frozen
class ControlledItem:
    """A model or other item that a regime may control.

    Args:
        id: the item's id in the regime's catalog.
        name: a display name.
        developer: the developing entity (an `Entity` or its id), `None` if unknown.
        classifications: classification codes by scheme, e.g. `{"ECCN": "4E091"}`.
        training_operations: training compute in operations, `None` if unknown.
        weights_published: whether the weights are published (open weights).
        parameters: technical parameters by name, finite non-negative numbers:
            `tpp` (total processing performance), `performance_density` (TPP
            per square millimetre of die area), `dram_bandwidth_gbps` (GB/s)
            and `memory_bandwidth_density` (GB/s per square millimetre); see
            `ControlledItem.PARAMETERS`. A parameter not recorded is unknown.
            Training compute goes in `training_operations`, not here.

    Examples:
        >>> item = ControlledItem("mythos-5", developer="anthropic",
        ...                       classifications={"ECCN": "4E091"})
        >>> item.classifications["ECCN"]
        '4E091'
        >>> chip = ControlledItem("chip", parameters={"tpp": 4800})
        >>> chip.parameters["tpp"], chip.parameter("dram_bandwidth_gbps")
        (4800.0, None)
        >>> list(ControlledItem.PARAMETERS)
        ['tpp', 'performance_density', 'dram_bandwidth_gbps', 'memory_bandwidth_density', 'training_operations']
    """

    id: str = attrs.field(validator=check_id)
    name: str | None = attrs.field(default=None, kw_only=True)
    developer: str | None = attrs.field(
        default=None, kw_only=True, converter=_developer_id
    )
    classifications: FrozenMap = attrs.field(
        factory=FrozenMap, kw_only=True, converter=_classifications
    )
    training_operations: float | None = attrs.field(default=None, kw_only=True)
    weights_published: bool = attrs.field(
        default=False, kw_only=True, validator=check_bool
    )

    parameters: Parameters = attrs.field(
        factory=Parameters, kw_only=True, converter=_parameters
    )

    PARAMETERS: ClassVar[Mapping[str, str]] = PARAMETERS
    """The technical parameters an item may record and a rule may read, by
    name, each with its meaning and unit (`training_operations`, the field of
    that name, included). `aicontrols.audit` reads a column of each name."""

    @training_operations.validator
    def _check_operations(self, _: object, value: float | None) -> None:
        if value is not None:
            finite_number(value, "training_operations")

    def parameter(self, name: str) -> float | None:
        """The recorded value of parameter `name`, or `None` if unknown.

        `training_operations` reads the field of that name.
        """
        if name == "training_operations":
            return self.training_operations
        return self.parameters.get(name)


class ComputeLocation(enum.Enum):
    """Where the model runs when it is accessed in a given mode.

    Examples:
        >>> DeploymentMode.HOSTED_API.compute
        <ComputeLocation.PROVIDER: 'provider'>
    """

    RECIPIENT = "recipient"
    """On the recipient's own hardware (weights leave the developer)."""
    PROVIDER = "provider"
    """On the developer's or provider's infrastructure (remote access)."""
    THIRD_PARTY_CLOUD = "third_party_cloud"
    """On a third party's cloud, reached through its marketplace."""


_MODE_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@attrs.frozen
class DeploymentMode:
    """How an access happens: weights download, hosted API, web app, ...

    The standard modes are class constants, and a mode is also accepted by its
    kebab-case name wherever one is expected. Regimes may define more modes.

    Examples:
        >>> DeploymentMode.HOSTED_API.transfers_weights
        False
        >>> DeploymentMode.from_name("weights-transfer") is DeploymentMode.WEIGHTS_TRANSFER
        True
    """

    name: str = attrs.field()
    transfers_weights: bool = attrs.field(kw_only=True, validator=check_bool)
    compute: ComputeLocation = attrs.field(kw_only=True, converter=ComputeLocation)
    description: str = attrs.field(default="", kw_only=True, eq=False)

    WEIGHTS_TRANSFER: ClassVar[DeploymentMode]
    ON_PREMISES: ClassVar[DeploymentMode]
    HOSTED_API: ClassVar[DeploymentMode]
    WEB_APP: ClassVar[DeploymentMode]
    CLOUD_MARKETPLACE: ClassVar[DeploymentMode]
    FINE_TUNING: ClassVar[DeploymentMode]
    OPEN_PUBLICATION: ClassVar[DeploymentMode]
    STANDARD: ClassVar[Mapping[str, DeploymentMode]]

    @name.validator
    def _check_name(self, _: object, value: str) -> None:
        if not isinstance(value, str) or not _MODE_NAME.fullmatch(value):
            raise ValueError(
                f"`name`: expected a kebab-case mode name, got `{value!r}`"
            )

    @classmethod
    def from_name(cls, name: str) -> DeploymentMode:
        """The standard mode called `name` (kebab-case; `_` is read as `-`).

        Raises:
            KeyError: no standard mode has that name.
        """
        key = name.strip().lower().replace("_", "-")
        try:
            return cls.STANDARD[key]
        except KeyError:
            known = ", ".join(f"`{k}`" for k in cls.STANDARD)
            raise KeyError(
                f"unknown deployment mode `{name}` (known: {known})"
            ) from None

    @property
    def is_remote(self) -> bool:
        """Whether the recipient reaches the model without holding its weights."""
        return not self.transfers_weights


_STANDARD = (
    DeploymentMode(
        "weights-transfer",
        transfers_weights=True,
        compute=ComputeLocation.RECIPIENT,
        description="the weights are sent to the recipient",
    ),
    DeploymentMode(
        "on-premises",
        transfers_weights=True,
        compute=ComputeLocation.RECIPIENT,
        description="the developer installs the model on the recipient's hardware",
    ),
    DeploymentMode(
        "hosted-api",
        transfers_weights=False,
        compute=ComputeLocation.PROVIDER,
        description="the recipient calls an API the provider hosts",
    ),
    DeploymentMode(
        "web-app",
        transfers_weights=False,
        compute=ComputeLocation.PROVIDER,
        description="the recipient uses a web or app interface the provider hosts",
    ),
    DeploymentMode(
        "cloud-marketplace",
        transfers_weights=False,
        compute=ComputeLocation.THIRD_PARTY_CLOUD,
        description="the model runs on a third-party cloud and is reached there",
    ),
    DeploymentMode(
        "fine-tuning",
        transfers_weights=False,
        compute=ComputeLocation.PROVIDER,
        description="the provider fine-tunes the model for the recipient and hosts it",
    ),
    DeploymentMode(
        "open-publication",
        transfers_weights=True,
        compute=ComputeLocation.RECIPIENT,
        description="the weights are published for anyone to download",
    ),
)
(
    DeploymentMode.WEIGHTS_TRANSFER,
    DeploymentMode.ON_PREMISES,
    DeploymentMode.HOSTED_API,
    DeploymentMode.WEB_APP,
    DeploymentMode.CLOUD_MARKETPLACE,
    DeploymentMode.FINE_TUNING,
    DeploymentMode.OPEN_PUBLICATION,
) = _STANDARD
DeploymentMode.STANDARD = {mode.name: mode for mode in _STANDARD}
