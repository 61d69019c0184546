"""Building the learned ranker from labelled judgements: `careerpivot train`.

`training` turns labelled profiles into feature rows with the engine, cross-validates
by profile, fits `match.learned.LearnedRanker` and writes `models/ranker-<version>/`.
It sits above `match` (it runs the engine); the engine only reads what it wrote.
"""
