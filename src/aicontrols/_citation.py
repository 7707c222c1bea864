"""Citations: where a rule, a notice or a list comes from. A leaf module."""

from __future__ import annotations

import attrs

from ._validators import string_tuple

__all__ = ["Citation"]


@attrs.frozen
class Citation:
    """Where a rule comes from: the legal source and who reported it.

    Attributes:
        source: the legal source, e.g. `90 FR 4544` or `15 CFR 744.22`.
        title: the act's title.
        url: where to read it.
        reported_by: secondary sources, in order, where the act is not public.
        note: anything an analyst must know about the citation.

    Examples:
        >>> Citation("90 FR 4544", title="Framework for AI Diffusion").text()
        '90 FR 4544 (Framework for AI Diffusion)'
    """

    source: str = attrs.field()
    title: str | None = attrs.field(default=None, kw_only=True)
    url: str | None = attrs.field(default=None, kw_only=True)
    reported_by: tuple[str, ...] = attrs.field(
        default=(), kw_only=True, converter=string_tuple
    )
    note: str | None = attrs.field(default=None, kw_only=True)

    @source.validator
    def _check_source(self, _: object, value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("`source` must be a non-empty string")

    def text(self) -> str:
        """The citation on one line."""
        parts = [self.source]
        if self.title:
            parts.append(f"({self.title})")
        if self.reported_by:
            parts.append("as reported by " + ", ".join(self.reported_by))
        if self.url:
            parts.append(f"<{self.url}>")
        return " ".join(parts)
