"""The review queue: suggested statuses, doubtful tags and automatic answers, decided one by
one or in bulk. A bulk decision can first be tried on a sample: the result is shown and
nothing is written."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from . import track
from .errors import InputError
from .settings import Settings
from .store import Store, reading

SAMPLE = 5  # items shown by a test run


@dataclass(frozen=True)
class Item:
    """One thing to decide: `suggestion:<id>`, `tag:<statement>|<field>|<value>` or
    `link:<source>|<target>`."""

    key: str

    @property
    def kind(self) -> str:
        return self.key.split(":", 1)[0]

    @property
    def parts(self) -> list[str]:
        return self.key.split(":", 1)[1].split("|")


def queue(store: Store) -> dict[str, Any]:
    items = reading.review_items(store.engine)
    for t in items["tags"]:
        t["key"] = f"tag:{t['statement_id']}|{t['field']}|{t['value']}"
    for link in items["links"]:
        link["key"] = f"link:{link['source_id']}|{link['target_id']}"
    suggestions = track.suggestions(store, "open")
    for s in suggestions:
        s["key"] = f"suggestion:{s['id']}"
    return {"suggestions": suggestions, **items}


def decide(store: Store, settings: Settings, keys: list[str], accept: bool, who: str,
           test_run: bool = False) -> dict[str, Any]:
    """Accept or reject every item; with `test_run`, only describe what a sample would become."""
    items = [Item(k) for k in keys]
    if not items:
        raise InputError("choose at least one item to decide")
    unknown = [i.key for i in items if i.kind not in ("suggestion", "tag", "link")]
    if unknown:
        raise InputError(f"cannot decide {unknown[0]!r}: keys start with suggestion:, tag: or link:")
    if test_run:
        sample = random.Random(0).sample(items, min(SAMPLE, len(items)))
        return {"test_run": True, "of": len(items), "sample": [_describe(i, accept) for i in sample]}
    done = []
    for item in items:
        _apply(store, settings, item, accept, who)
        done.append(_describe(item, accept))
    return {"test_run": False, "of": len(items), "done": done}


def _describe(item: Item, accept: bool) -> str:
    verb = "accept" if accept else "reject"
    if item.kind == "suggestion":
        return f"{verb} suggestion {item.parts[0]}" + (" (records its status)" if accept else "")
    if item.kind == "tag":
        st, field, value = item.parts
        return f"{'confirm' if accept else 'reject'} {field} {value} on {st}"
    return f"{'confirm' if accept else 'reject'} answer {item.parts[1]} to {item.parts[0]}"


def _apply(store: Store, settings: Settings, item: Item, accept: bool, who: str) -> None:
    decision = "confirmed" if accept else "rejected"
    if item.kind == "suggestion":
        track.decide(store, settings, int(item.parts[0]), accept, who)
    elif item.kind == "tag":
        store.decide_tag(*item.parts, decision, who)
    else:
        store.decide_link(item.parts[0], item.parts[1], "related", decision, who)
