"""Answers of the read side kept while the database stays the same. The key includes the
store's generation, which changes with every commit from anywhere, so an answer is never
older than the data; where a store has no generation nothing is kept."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from .store import Store

T = TypeVar("T")
SIZE = 512  # answers kept per process (a search page's answer is some tens of KB)

_ANSWERS: OrderedDict[Hashable, Any] = OrderedDict()
_LOCK = threading.Lock()


def cached(store: Store, key: Hashable, compute: Callable[[], T]) -> T:
    """compute(), or the answer it gave for `key` since the store last changed. Callers treat
    the answer as read-only: the same object goes to everyone who asks."""
    generation = store.generation()
    if generation is None:
        return compute()
    full = (store.url, generation, key)
    with _LOCK:
        if full in _ANSWERS:
            _ANSWERS.move_to_end(full)
            return _ANSWERS[full]
    answer = compute()
    with _LOCK:
        _ANSWERS[full] = answer
        while len(_ANSWERS) > SIZE:
            _ANSWERS.popitem(last=False)
    return answer
