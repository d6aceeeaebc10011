"""Work on a column's distinct values, remembered across the blocks of a dataset.

A Parquet dataset read in record batches repeats the same code dictionaries
(every commune of the country, the indicator codes) in every batch. Cleaning
them, checking them against the hierarchy and looking up their ids is work per
distinct value, not per row, but done again for each batch it was most of an
out-of-core rollup's time. The results are kept here, in a small table of the
most recently used dictionaries, keyed by

* the dictionary's contents (:func:`content_key`: its Arrow buffers hashed), so
  batches of one file or of many files share one entry, and the categories
  object made from it is the same object in every batch;
* or that object's identity (:func:`remember_for`), held by the entry so that
  an identity is never reused by another object while the entry lives.

Only answers that depend on nothing but the key are kept (a dictionary is clean
text; its codes are known units of the hierarchy with this fingerprint), so a
remembered answer is the answer the work would give again.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any, Callable

__all__ = ["clear", "content_key", "remember", "remember_for"]

# Dictionaries remembered at once: a dataset has a few code columns, each with
# one dictionary per file at most; 64 also covers a few datasets used in turn.
_SIZE = 64
_entries: OrderedDict[Hashable, tuple[Any, Any]] = OrderedDict()
_lock = threading.Lock()


def remember(key: Hashable, compute: Callable[[], Any]) -> Any:
    """``compute()``, or the value it gave for ``key`` before."""
    return remember_for(None, key, compute)


def remember_for(owner: Any, key: Hashable, compute: Callable[[], Any]) -> Any:
    """``compute()`` for ``owner`` (an immutable object, compared by identity)
    and ``key``, or the value it gave before for this very object."""
    full = (id(owner), key)
    with _lock:
        found = _entries.get(full)
        if found is not None and found[0] is owner:
            _entries.move_to_end(full)
            return found[1]
    value = compute()  # outside the lock: threads computing the same value agree
    with _lock:
        _entries[full] = (owner, value)
        _entries.move_to_end(full)
        while len(_entries) > _SIZE:
            _entries.popitem(last=False)
    return value


def content_key(array: Any) -> tuple[Any, ...]:
    """A key of an Arrow array's contents: its type, offset, length and a hash of
    its buffers (a few hundred kB for 10,000 codes: well under a millisecond)."""
    digest = hashlib.blake2b(digest_size=16)
    for buffer in array.buffers():
        if buffer is not None:
            digest.update(buffer)
        digest.update(b"|")
    return (str(array.type), array.offset, len(array), digest.digest())


def clear() -> None:
    """Forget every remembered dictionary (tests; memory)."""
    with _lock:
        _entries.clear()
