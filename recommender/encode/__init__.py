"""Stage 2, encoding: sentence vectors from packaged weights, and the lexical (TF-IDF) channel.

`embedding` loads an encoder offline (USE multilingual by default, MiniLM as an
option) behind one `Encoder` protocol; `lexical` weighs a profile's words against
every word of each role; `cache` is the small LRU map both the encoder and the
matcher use for per-phrase results.
"""

from __future__ import annotations

from recommender.encode.embedding import DEFAULT_MODEL, Encoder, load_encoder

__all__ = ["DEFAULT_MODEL", "Encoder", "load_encoder"]
