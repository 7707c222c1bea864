"""The engine: a regime compiled once, and the steps that answer its queries.

The only home of compiled rulesets, world timelines, contexts, assessments,
indexes, shapes and their caches, and of the reference interpreter. Its one
internal API, for the layers on top (audit, lint, screening) and for the
engine's own tests, is `engine.Engine` (get a regime's with
`aicontrols._regime.engine_of`) and the queries of `queries.RegimeEngine`.

This `__init__` imports nothing: the model names `context.Context` in its
annotations, and importing that module must not load the whole engine.
"""
