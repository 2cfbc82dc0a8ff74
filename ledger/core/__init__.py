"""The pure layer: model, schema, problems, reading and checking files, the cache, queries, stats,
dates and Chinese text. Nothing here imports from above."""
