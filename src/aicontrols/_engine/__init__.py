"""The engine: a regime compiled once, and the steps that answer its queries.

The only home of compiled rulesets, world timelines, contexts, assessments,
indexes, shapes and their caches, and of the reference interpreter. Its one
internal API, for the layers on top (audit, lint, screening) and for the
engine's own tests, is `Engine` (get a regime's with
`aicontrols._regime.engine_of`) and the query functions of `queries`.
"""

from .engine import MAX_ADHOC_INDEXES, MAX_SHAPES, Engine, Resolved

__all__ = ["MAX_ADHOC_INDEXES", "MAX_SHAPES", "Engine", "Resolved"]
