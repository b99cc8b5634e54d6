"""Sets of whole minutes as sorted, disjoint, closed ``[lo, hi]`` intervals.

The compile step describes every allowed start time this way; keeping it a plain tuple
of pairs keeps the problem layer free of solver types.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time
from typing import TypeVar

Intervals = tuple[tuple[int, int], ...]

EMPTY: Intervals = ()


def normalize(pairs: Iterable[tuple[int, int]]) -> Intervals:
    """Sort, drop empty pairs, merge overlapping or touching ones."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(p for p in pairs if p[0] <= p[1]):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return tuple(merged)


def intersect(a: Intervals, b: Intervals) -> Intervals:
    result: list[tuple[int, int]] = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo <= hi:
            result.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(result)


def subtract(a: Intervals, b: Intervals) -> Intervals:
    """Minutes of ``a`` that are not in ``b``."""
    result: list[tuple[int, int]] = []
    for lo, hi in a:
        cursor = lo
        for blo, bhi in b:
            if bhi < cursor or blo > hi:
                continue
            if blo > cursor:
                result.append((cursor, blo - 1))
            cursor = max(cursor, bhi + 1)
        if cursor <= hi:
            result.append((cursor, hi))
    return tuple(result)


Point = TypeVar("Point", int, datetime, time)


def joined(spans: Iterable[tuple[Point, Point]]) -> list[tuple[Point, Point]]:
    """Half-open spans ``[a, b)`` (minutes, instants or clock times), sorted, with those
    that overlap or touch made one: someone available 09:00-10:00 and 10:00-11:00 is
    available 09:00-11:00."""
    merged: list[tuple[Point, Point]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def starts_within(spans: Iterable[tuple[int, int]], duration: int) -> Intervals:
    """Start minutes at which ``duration`` minutes fit inside one of ``spans`` (``[a, b)``)."""
    return normalize((a, b - duration) for a, b in spans)


def starts_avoiding(busy: Iterable[tuple[int, int]], duration: int) -> Intervals:
    """Start minutes whose ``[s, s + duration)`` overlaps one of ``busy`` (``[a, b)``)."""
    return normalize((a - duration + 1, b - 1) for a, b in busy)


def size(a: Intervals) -> int:
    return sum(hi - lo + 1 for lo, hi in a)


def contains(a: Intervals, point: int) -> bool:
    return any(lo <= point <= hi for lo, hi in a)


def minimal_conflict(parts: dict[str, Intervals]) -> list[str]:
    """Keys of ``parts`` whose sets share no minute, shrunk by deletion so that each key
    left is needed (``parts`` must have an empty common intersection)."""
    keys = list(parts)
    for key in list(keys):
        rest = [k for k in keys if k != key]
        if rest and not common(parts, rest):
            keys = rest
    return keys


def common(parts: dict[str, Intervals], keys: list[str]) -> Intervals:
    """The minutes every one of ``keys`` allows."""
    allowed = parts[keys[0]]
    for key in keys[1:]:
        allowed = intersect(allowed, parts[key])
    return allowed
