"""The scale-curve generator writes briefs a protocol office could have written.

``benchmarks.scale.generate(n)`` gives n meeting requests over a working week; the same n
and seed give the same text, the brief validates, and a short plan of the smallest size
keeps every rule.
"""

from __future__ import annotations

from benchmarks.scale import generate

from visitplanner import check, parse_brief, plan


def test_generated_briefs_have_the_requested_size_and_are_reproducible() -> None:
    """25 requests: one city (Astana), three delegates; 100: three cities, each joined
    to the next by a flight with three options, four delegates. The same call gives the
    same text."""
    small = parse_brief(generate(25))
    assert len(small.meetings) == 25 and not small.transfers
    assert {v.city for v in small.venues} == {"Astana"}
    large = parse_brief(generate(100))
    assert len(large.meetings) == 100
    assert {v.city for v in large.venues} == {"Astana", "Almaty", "Shymkent"}
    assert [len(t.options) for t in large.transfers] == [3, 3]
    assert len([p for p in large.participants if p.travels]) == 4
    assert generate(100) == generate(100) != generate(100, seed=2)


def test_a_generated_brief_plans_within_the_rules() -> None:
    """Three seconds on the 25-request brief: some requests kept, none breaking a rule."""
    brief = parse_brief(generate(25))
    result = plan(brief, time_limit=3)
    assert result.itinerary is not None
    assert result.objective and result.objective > 0
    assert check(brief, result.itinerary) == []
