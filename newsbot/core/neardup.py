"""Near-duplicate signatures: the same story republished, recognised as one.

MinHash (datasketch) over word 5-gram shingles of the folded key of the
cleaned body, so hamza/alef, ى/ي and ة/ه spellings, diacritics and
punctuation do not count as differences. The signature is cut into bands;
two articles that agree on every value of any one band are candidates, and a
candidate is a duplicate when the two signatures agree on at least
``threshold`` of their values (the estimated Jaccard similarity).

With 32 bands of 4 values a pair at similarity 0.7 becomes a candidate with
probability 1 - (1 - 0.7**4)**32 > 0.9999, one at 0.3 with 0.23, and the
signature check then decides. Pure functions: the index itself lives in the
state store (newsbot/state.py).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import xxhash
from datasketch import MinHash

from newsbot.core.text import fold_key

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
# The permutation family and seed are part of every stored signature: changing
# any of these makes old signatures incomparable (the store checks INDEX_VERSION).
SCHEME = "affine32"
SEED = 1
INDEX_VERSION = f"minhash-{SCHEME}-s{SEED}-p{NUM_PERM}-b{BANDS}-w{SHINGLE_WORDS}"


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Word n-grams of the folded key; a text shorter than n words is one shingle."""
    words = fold_key(text).split()
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@lru_cache(maxsize=1)
def _template() -> MinHash:
    # Permutations are generated once and shared: building them is half the cost of a signature.
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=xxhash.xxh32_intdigest)


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (NUM_PERM uint32 values) of a body; None when it has no words."""
    grams = shingles(text)
    if not grams:
        return None
    template = _template()
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=template.hashfunc, permutations=template.permutations)
    minhash.update_batch(grams)
    return minhash.hashvalues.astype(np.uint32)


def band_hashes(sig: np.ndarray) -> list[int]:
    """One signed 32-bit integer per band (band index mixed in): the index's lookup keys.

    32 bits keep the index small; a chance collision only adds a candidate that
    the signature check rejects.
    """
    return [
        xxhash.xxh32_intdigest(sig[band * ROWS : (band + 1) * ROWS].tobytes(), seed=band) - (1 << 31)
        for band in range(BANDS)
    ]


def similarities(sig: np.ndarray, others: np.ndarray | bytes) -> np.ndarray:
    """Estimated Jaccard similarity (the share of equal values) of ``sig`` and each of ``others``:
    rows of an array, or stored signature blobs joined."""
    if isinstance(others, bytes):
        others = np.frombuffer(others, dtype="<u4").reshape(-1, NUM_PERM)
    return np.count_nonzero(others == sig, axis=1) / NUM_PERM


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(similarities(a, b[np.newaxis, :])[0])


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()

