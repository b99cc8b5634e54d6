"""The printed itinerary (HTML and Markdown), as worked examples.

The story: Anne Dupont, Rector of UMONS (calendar in Europe/Brussels), and Marc Leroy,
Dean of Engineering, are in Kazakhstan from Tuesday 13 to Thursday 15 April 2027
(Asia/Almaty, UTC+05:00; Brussels is on summer time, UTC+02:00, so 3 hours behind).

    Tue 13  09:40-09:50 travel hotel -> ministry (10 min)
            10:00-11:00 talks at the ministry with the Vice-Minister
            12:00-13:00 lunch
    Wed 14  07:20-07:50 travel hotel -> Astana airport (check in 60 min before: 08:00)
            09:00-10:45 flight KC 951 Astana -> Almaty
            10:45-11:30 travel airport -> KazNU (45 min)
            11:40-12:55 talks at KazNU
            13:00-14:00 lunch
    Thu 15  17:05-17:45 travel hotel -> Almaty airport (check in 120 min before: 17:45)
            19:45-...   flight home, landing Friday 16 at 09:40 Brussels time, which is
                        12:40 in Almaty: shown as "12:40 (+1 day)" and "09:40
                        Europe/Brussels" in the visit's view.
    left out: the museum visit.

The itinerary is built by hand so that every time is known; one smoke test at the end
plans the same brief with the solver and renders whatever it gives.
"""

from __future__ import annotations

from datetime import datetime
from html.parser import HTMLParser

import pytest

import night_shift
from briefs import brief as small_brief
from briefs import flight_from_brussels, planned
from visitplanner import timeparse
from visitplanner.html import to_html
from visitplanner.itinerary import Item, Itinerary, Unscheduled
from visitplanner.loader import parse_brief
from visitplanner.markdown import escape as md_escape
from visitplanner.markdown import to_markdown
from visitplanner.models import Brief
from visitplanner.render import build, date_range, duration
from visitplanner.replan import Change

BRIEF = """
visit:
  id: kz-2027-04
  title: UMONS mission to Kazakhstan
  timezone: Asia/Almaty
  start: 2027-04-13
  end: 2027-04-15
  lunch: {earliest: 12:00, latest: 14:30, minutes: 60}
  buffer_minutes: 10
participants:
  - {id: rector, name: Anne Dupont, title: "Rector, University of Mons",
     timezone: Europe/Brussels, travels: true}
  - {id: dean, name: Marc Leroy, title: Dean of Engineering, travels: true}
  - {id: vice-minister, name: Dana Sarsen,
     title: Vice-Minister of Science & Higher Education}
  - {id: kaznu-rector, name: Nurlan Abenov, title: "Rector, Al-Farabi KazNU"}
groups:
  delegation: [rector, dean]
venues:
  - {id: hotel-astana, name: Hotel Astana, kind: hotel, city: Astana,
     location: [51.1283, 71.4305]}
  - {id: ministry, name: Ministry of Science, city: Astana,
     address: "Mangilik El Ave 8, Astana", location: [51.1247, 71.4426]}
  - {id: national-museum, name: National Museum, city: Astana, location: [51.1180, 71.4690]}
  - {id: airport-nqz, name: Astana airport (NQZ), kind: airport, city: Astana,
     location: [51.0222, 71.4669]}
  - {id: airport-ala, name: Almaty airport (ALA), kind: airport, city: Almaty,
     location: [43.3521, 77.0405]}
  - {id: hotel-almaty, name: Hotel Almaty, kind: hotel, city: Almaty,
     location: [43.2380, 76.9570]}
  - {id: kaznu, name: Al-Farabi KazNU, city: Almaty, address: "Al-Farabi Ave 71, Almaty",
     location: [43.2225, 76.9240]}
  - {id: airport-bru, name: Brussels Airport (BRU), kind: airport, city: Brussels,
     location: [50.9010, 4.4856]}
travel:
  times: [[kaznu, airport-ala, 45]]
stays:
  - {venue: hotel-astana, nights: [2027-04-12, 2027-04-13]}
  - {venue: hotel-almaty, nights: [2027-04-14]}
transfers:
  - id: flight-ala
    title: Flight Astana to Almaty
    from: airport-nqz
    to: airport-ala
    attendees: [delegation]
    check_in_minutes: 60
    options:
      - {label: KC 951, depart: 2027-04-14 09:00, arrive: 2027-04-14 10:45}
      - {label: KC 953, depart: 2027-04-14 18:00, arrive: 2027-04-14 19:45}
  - id: flight-home
    title: Flight home
    from: airport-ala
    to: airport-bru
    attendees: [delegation]
    check_in_minutes: 120
    options:
      - {label: TK 353 / TK 1937 via Istanbul, depart: 2027-04-15 19:45,
         arrive: 2027-04-16 09:40 Europe/Brussels}
meetings:
  - {id: ministry-talks, title: Talks at the Ministry, venue: ministry,
     attendees: [delegation, vice-minister], minutes: 60, priority: required,
     days: [2027-04-13]}
  - {id: kaznu-talks, title: Talks at KazNU, venue: kaznu,
     attendees: [delegation, kaznu-rector], minutes: 75, priority: 50, days: [2027-04-14]}
  - {id: museum, title: Visit of the National Museum, venue: national-museum,
     attendees: [delegation], minutes: 90, priority: 10}
"""

MUSEUM_REASON = (
    "no room for it: every 90-minute slot it could take is needed by higher-priority "
    "meetings, travel, lunch or the daily meeting limit"
)


def at(text: str, zone: str = "Asia/Almaty") -> datetime:
    return timeparse.parse_instant(text, timeparse.zone(zone))


def travel(start: str, end: str, here: str, there: str) -> Item:
    return Item(
        id=f"travel-{start}-{here}-{there}",
        kind="travel",
        title=f"Travel: {here} to {there}",
        start=at(start),
        end=at(end),
        **{"from": here},
        to=there,
        attendees=("rector", "dean"),
    )


def rectors_event(item_id: str, title: str, start: str, end: str, venue: str) -> Item:
    """A fixed event of the rector's alone."""
    return Item(
        id=item_id,
        kind="fixed",
        title=title,
        start=at(start),
        end=at(end),
        venue=venue,
        attendees=("rector",),
    )


def lunch(day: str, start: str, end: str) -> Item:
    return Item(
        id=f"lunch-{day}",
        kind="lunch",
        title="Lunch",
        start=at(f"{day} {start}"),
        end=at(f"{day} {end}"),
        attendees=("rector", "dean"),
    )


def itinerary() -> Itinerary:
    return Itinerary(
        visit="kz-2027-04",
        items=(
            travel("2027-04-13 09:40", "2027-04-13 09:50", "hotel-astana", "ministry"),
            Item(
                id="ministry-talks",
                kind="meeting",
                title="Talks at the Ministry",
                start=at("2027-04-13 10:00"),
                end=at("2027-04-13 11:00"),
                venue="ministry",
                attendees=("rector", "dean", "vice-minister"),
            ),
            lunch("2027-04-13", "12:00", "13:00"),
            travel("2027-04-14 07:20", "2027-04-14 07:50", "hotel-astana", "airport-nqz"),
            Item(
                id="flight-ala",
                kind="transfer",
                title="Flight Astana to Almaty",
                start=at("2027-04-14 09:00"),
                end=at("2027-04-14 10:45"),
                **{"from": "airport-nqz"},
                to="airport-ala",
                option="KC 951",
                attendees=("rector", "dean"),
            ),
            travel("2027-04-14 10:45", "2027-04-14 11:30", "airport-ala", "kaznu"),
            Item(
                id="kaznu-talks",
                kind="meeting",
                title="Talks at KazNU",
                start=at("2027-04-14 11:40"),
                end=at("2027-04-14 12:55"),
                venue="kaznu",
                attendees=("rector", "dean", "kaznu-rector"),
            ),
            lunch("2027-04-14", "13:05", "14:05"),
            travel("2027-04-15 17:05", "2027-04-15 17:45", "hotel-almaty", "airport-ala"),
            Item(
                id="flight-home",
                kind="transfer",
                title="Flight home",
                start=at("2027-04-15 19:45"),
                end=at("2027-04-16 09:40", "Europe/Brussels"),
                **{"from": "airport-ala"},
                to="airport-bru",
                option="TK 353 / TK 1937 via Istanbul",
                attendees=("rector", "dean"),
            ),
        ),
        unscheduled=(Unscheduled(id="museum", reason=MUSEUM_REASON),),
    )


@pytest.fixture(scope="module")
def brief() -> Brief:
    return parse_brief(BRIEF)


# -- a strict reading of the HTML -----------------------------------------------------

VOID = {"meta", "br", "link", "img", "hr", "input"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] = []

    def text(self) -> str:
        """The text inside, with tags as spaces and runs of spaces squeezed."""
        parts = [c if isinstance(c, str) else f" {c.text()} " for c in self.children]
        return " ".join("".join(parts).split())

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag and all(
                    attrs[k] in (child.attrs.get(k.rstrip("_")) or "").split() for k in attrs
                ):
                    found.append(child)
                found.extend(child.find_all(tag, **attrs))
        return found

    def find(self, tag: str, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}>"
        return found[0]

    def by_id(self, ident: str) -> Node:
        for node in self.find_all("section"):
            if node.attrs.get("id") == ident:
                return node
        raise AssertionError(f"no section with id {ident!r}")


class StrictTree(HTMLParser):
    """Builds a tree and fails on a close tag that does not match the open one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    tree = StrictTree()
    tree.feed(html)
    tree.close()
    assert tree.stack == [tree.root], f"unclosed: {[n.tag for n in tree.stack[1:]]}"
    assert tree.doctype.lower() == "doctype html"
    return tree.root


def rows(section: Node) -> dict[str, list[str]]:
    """Item id -> the text of its four cells (time, what, where, who)."""
    return {
        str(tr.attrs["data-item"]): [td.text() for td in tr.find_all("td")]
        for tr in section.find_all("tr")
        if "data-item" in tr.attrs
    }


@pytest.fixture(scope="module")
def page(brief: Brief) -> Node:
    return parse(to_html(brief, itinerary(), status="optimal"))


# -- the HTML page ----------------------------------------------------------------


def test_page_is_a_titled_english_document(page: Node) -> None:
    html = page.find("html")
    assert html.attrs["lang"] == "en"
    assert page.find("title").text() == "UMONS mission to Kazakhstan: itinerary"
    assert page.find("meta").attrs == {"charset": "utf-8"}
    header = page.find("header").text()
    assert "Tuesday 13 to Thursday 15 April 2027" in header
    assert "Times are local to Asia/Almaty" in header
    assert "2 of 3 meetings in the plan; plan status: optimal." in header


def test_one_section_per_visit_day_with_its_weekday(page: Node) -> None:
    days = page.find_all("section", class_="day")
    assert [d.attrs["id"] for d in days] == ["day-2027-04-13", "day-2027-04-14", "day-2027-04-15"]
    assert [d.find("h2").text() for d in days] == [
        "Tuesday 13 April 2027",
        "Wednesday 14 April 2027",
        "Thursday 15 April 2027",
    ]


def test_on_tuesday_the_talks_at_the_ministry_with_address_and_titles(page: Node) -> None:
    """10:00-11:00 at the ministry, its address, and who comes with their titles."""
    tuesday = rows(page.by_id("day-2027-04-13"))
    time, what, where, who = tuesday["ministry-talks"]
    assert time == "10:00–11:00"
    assert what == "Meeting Talks at the Ministry"
    assert where == "Ministry of Science, Mangilik El Ave 8, Astana"
    assert who == (
        "Anne Dupont (Rector, University of Mons) Marc Leroy (Dean of Engineering) "
        "Dana Sarsen (Vice-Minister of Science & Higher Education)"
    )


def test_on_tuesday_they_walk_ten_minutes_then_lunch_where_they_are(page: Node) -> None:
    tuesday = rows(page.by_id("day-2027-04-13"))
    assert list(tuesday) == [
        "travel-2027-04-13 09:40-hotel-astana-ministry",
        "ministry-talks",
        "lunch-2027-04-13",
    ]
    time, what, where, who = tuesday["travel-2027-04-13 09:40-hotel-astana-ministry"]
    assert (time, what, where) == (
        "09:40–09:50",
        "Travel, 10 min Travel: hotel-astana to ministry 10 min door to door",
        "Hotel Astana → Ministry of Science",
    )
    assert who == "delegation Anne Dupont Marc Leroy"  # names only on a travel leg
    assert tuesday["lunch-2027-04-13"] == [
        "12:00–13:00",
        "Lunch Lunch 1 h break",
        "where you are",
        "delegation Anne Dupont Marc Leroy",
    ]


def test_on_wednesday_the_delegation_flies_kc_951(page: Node) -> None:
    """On Wednesday 14 April the delegation flies KC 951 from Astana at 09:00 (check in
    by 08:00, 60 minutes before) and lands in Almaty at 10:45."""
    wednesday = rows(page.by_id("day-2027-04-14"))
    time, what, where, who = wednesday["flight-ala"]
    assert time == "09:00–10:45"
    assert what == (
        "Transfer Flight Astana to Almaty KC 951 "
        "departs Astana airport (NQZ) at 09:00 (check in by 08:00, 60 min before) "
        "arrives Almaty airport (ALA) at 10:45"
    )
    assert where == "Astana airport (NQZ) → Almaty airport (ALA)"
    assert who == (
        "delegation Anne Dupont (Rector, University of Mons) Marc Leroy (Dean of Engineering)"
    )
    assert wednesday["travel-2027-04-14 10:45-airport-ala-kaznu"][0] == "10:45–11:30"
    assert wednesday["kaznu-talks"][2] == "Al-Farabi KazNU, Al-Farabi Ave 71, Almaty"


def test_the_flight_home_lands_the_next_day_in_brussels_time(page: Node) -> None:
    """Departs Thursday 19:45 Almaty; lands Friday 09:40 in Brussels = 12:40 in Almaty.
    The visit's view stays in Almaty time and adds the landing in Brussels' own time."""
    thursday = rows(page.by_id("day-2027-04-15"))
    time, what, _, _ = thursday["flight-home"]
    assert time == "19:45–12:40 (+1 day)"
    assert "TK 353 / TK 1937 via Istanbul" in what
    assert "check in by 17:45, 120 min before" in what
    assert "arrives Brussels Airport (BRU) at 12:40 (+1 day) (09:40 Europe/Brussels)" in what


def test_the_rectors_own_itinerary_is_in_brussels_time(page: Node) -> None:
    """Her calendar is in Europe/Brussels: the 10:00 talks in Astana are at 07:00 for
    her, with the local time beside; the flight home lands at 09:40 (+1 day), no note."""
    rector = page.by_id("person-rector")
    assert rector.find("h2").text() == "Anne Dupont"
    assert "Times in Europe/Brussels" in rector.text()
    assert [h.text() for h in rector.find_all("h3")] == [
        "Tuesday 13 April 2027",
        "Wednesday 14 April 2027",
        "Thursday 15 April 2027",
    ]
    mine = rows(rector)
    time, _, _, others = mine["ministry-talks"]
    assert time == "07:00–08:00 10:00–11:00 Asia/Almaty"
    assert others == (
        "Marc Leroy (Dean of Engineering) Dana Sarsen (Vice-Minister of Science & Higher Education)"
    )
    time, what, _, _ = mine["flight-home"]
    assert time == "16:45–09:40 (+1 day) 19:45–12:40 (+1 day) Asia/Almaty"
    assert "Europe/Brussels)" not in what


def test_the_dean_and_the_hosts_read_visit_time(page: Node) -> None:
    """No timezone of their own: their lists use the visit's, with no second time."""
    dean = rows(page.by_id("person-dean"))
    assert dean["ministry-talks"][0] == "10:00–11:00"
    minister = page.by_id("person-vice-minister")
    assert list(rows(minister)) == ["ministry-talks"]
    assert [h.text() for h in minister.find_all("h3")] == ["Tuesday 13 April 2027"]


def test_the_museum_visit_is_left_out_with_its_reason(page: Node) -> None:
    left = page.by_id("left-out")
    assert [li.text() for li in left.find_all("li")] == [
        f"Visit of the National Museum (museum, priority 10): {MUSEUM_REASON}"
    ]


def test_page_is_self_contained_and_prints_a_day_per_page(brief: Brief) -> None:
    html = to_html(brief, itinerary())
    lowered = html.lower()
    for fetches in ("http:", "https:", "//", "<script", "<link", "<img", "@import", "url("):
        assert fetches not in lowered.replace("<!doctype", ""), fetches
    style = parse(html).find("style").text()
    assert "@media print" in style
    print_rules = style.split("@media print", 1)[1]
    assert "break-before: page" in print_rules
    assert "background: none" in print_rules
    assert all(a.attrs["href"].startswith("#") for a in parse(html).find_all("a"))


def test_same_plan_same_bytes(brief: Brief) -> None:
    assert to_html(brief, itinerary(), status="optimal") == to_html(
        brief, itinerary(), status="optimal"
    )
    assert to_markdown(brief, itinerary()) == to_markdown(brief, itinerary())


def test_every_text_from_the_brief_is_escaped() -> None:
    """A title or a name with markup prints as written and never becomes markup."""
    nasty = BRIEF.replace(
        "title: UMONS mission to Kazakhstan", 'title: "<script>alert(1)</script> & co"'
    ).replace("name: Marc Leroy", 'name: "Marc <b>Leroy</b> \\"M&L\\""')
    brief = parse_brief(nasty)
    html = to_html(brief, itinerary())
    assert "<script>" not in html and "<b>" not in html
    page = parse(html)
    assert page.find("title").text() == "<script>alert(1)</script> & co: itinerary"
    assert 'Marc <b>Leroy</b> "M&L"' in page.by_id("person-dean").find("h2").text()


def test_an_empty_day_says_nothing_is_planned(brief: Brief) -> None:
    only_tuesday = Itinerary(
        visit="kz-2027-04",
        items=tuple(i for i in itinerary().items if i.start.day == 13),
    )
    page = parse(to_html(brief, only_tuesday))
    assert page.by_id("day-2027-04-14").find("p", class_="empty").text() == "Nothing planned."
    assert "Every meeting of the brief is in the plan." in page.by_id("left-out").text()


def test_a_day_inside_a_long_item_says_it_continues(brief: Brief) -> None:
    """A fair from Tuesday 13 April 08:00 to Thursday 15 April 12:00 (52 hours) fills
    Wednesday, which says so instead of "Nothing planned." (a probe's two-day fair left
    its middle day empty on paper); Thursday, where it is still under way at 06:00,
    says so too."""
    fair = rectors_event(
        "fair", "Education fair", "2027-04-13 08:00", "2027-04-15 12:00", "ministry"
    )
    page = parse(to_html(brief, Itinerary(visit="kz-2027-04", items=(fair,))))
    wednesday = page.by_id("day-2027-04-14")
    assert wednesday.find_all("p", class_="empty") == []
    line = "Continuing: Education fair, from Tue 13 Apr 08:00 to Thu 15 Apr 12:00"
    assert wednesday.find("p", class_="continuing").text() == line
    assert page.by_id("day-2027-04-15").find("p", class_="continuing").text() == line
    text = to_markdown(brief, Itinerary(visit="kz-2027-04", items=(fair,)))
    assert f"### Wednesday 14 April 2027\n\n{line}\n\n### Thursday" in text


# -- the Markdown document ------------------------------------------------------------


def test_markdown_reads_day_by_day(brief: Brief) -> None:
    text = to_markdown(brief, itinerary(), status="feasible")
    assert text.startswith("# UMONS mission to Kazakhstan\n\nTuesday 13 to Thursday 15 April")
    assert "2 of 3 meetings in the plan; plan status: feasible." in text
    wednesday = text.split("### Wednesday 14 April 2027\n", 1)[1].split("\n### ", 1)[0]
    assert (
        "- **09:00–10:45** Flight Astana to Almaty\n"
        "    - KC 951\n"
        "    - Departs Astana airport (NQZ) at 09:00 (check in by 08:00, 60 min before)\n"
        "    - Arrives Almaty airport (ALA) at 10:45\n"
        "    - Who: delegation: Anne Dupont (Rector, University of Mons), "
        "Marc Leroy (Dean of Engineering)\n"
    ) in wednesday
    assert (
        "- **11:40–12:55** Talks at KazNU\n    - Where: Al-Farabi KazNU, Al-Farabi Ave 71, Almaty\n"
    ) in wednesday
    assert "- **10:45–11:30** Travel: Almaty airport (ALA) → Al-Farabi KazNU\n" in wednesday


def test_markdown_per_participant_and_left_out(brief: Brief) -> None:
    text = to_markdown(brief, itinerary())
    rector = text.split("### Anne Dupont\n", 1)[1].split("\n### ", 1)[0]
    assert "Times in Europe/Brussels; the visit's local time (Asia/Almaty)" in rector
    assert (
        "- **07:00–08:00** Talks at the Ministry\n    - Visit time: 10:00–11:00 Asia/Almaty\n"
    ) in rector
    assert text.endswith(
        "## Meetings left out\n\n"
        f"- **Visit of the National Museum** (museum, priority 10): {MUSEUM_REASON}\n"
    )
    assert "Dana Sarsen (Vice-Minister of Science & Higher Education)" in text


def test_markdown_escapes_what_would_be_markup() -> None:
    assert md_escape("a*b_c <d> [e](f) | #g") == r"a\*b\_c &lt;d> \[e\](f) | \#g"
    assert md_escape("R&D &amp; co") == "R&D &amp;amp; co"
    assert md_escape("two\nlines") == "two lines"
    # What would start a list or a quote on a line of its own (a title "1. Rector" lost
    # its "1." to an ordered list), and only at the start
    assert md_escape("1. list-like") == r"1\. list-like"
    assert md_escape("- dash") == r"\- dash"
    assert md_escape("> quoted") == r"\> quoted"
    assert md_escape("Version 2.0 - final") == "Version 2.0 - final"


def test_markdown_renders_to_the_same_words() -> None:
    """Rendered by Python-Markdown (what mkdocs uses), the escapes disappear."""
    markdown = pytest.importorskip("markdown")
    brief = parse_brief(BRIEF.replace("name: Marc Leroy", 'name: "Marc *Leroy* <x>"'))
    html = markdown.markdown(to_markdown(brief, itinerary()))
    assert "Marc *Leroy* &lt;x&gt;" in html
    assert "<x>" not in html


# -- the night the clocks go back -------------------------------------------------------


def replanned() -> tuple[Itinerary, list[Change]]:
    """The plan as a second re-plan (revision 2) gives it: the ministry talks moved to
    10:00 (09:00-10:00 on Tuesday before), the KazNU talks are new, the museum visit was
    in the previous plan on Thursday 10:00-11:30 and is now left out."""
    plan = itinerary().model_copy(update={"revision": 2})
    talks, kaznu = plan.item("ministry-talks"), plan.item("kaznu-talks")
    assert talks is not None and kaznu is not None
    was = talks.model_copy(update={"start": at("2027-04-13 09:00"), "end": at("2027-04-13 10:00")})
    museum = Item(
        id="museum",
        kind="meeting",
        title="Visit of the National Museum",
        start=at("2027-04-15 10:00"),
        end=at("2027-04-15 11:30"),
        venue="national-museum",
        attendees=("rector", "dean"),
    )
    return plan, [
        Change("kaznu-talks", "added", "it is new in the brief or now fits", after=kaznu),
        Change("ministry-talks", "moved", "the Vice-Minister asked", before=was, after=talks),
        Change("museum", "removed", MUSEUM_REASON, before=museum),
    ]


def test_a_replanned_itinerary_opens_with_what_changed(brief: Brief) -> None:
    """Markdown: the plan line gives the revision; a section lists each change with
    when and where before and after, in the visit's time, and why; the day views and
    each person's view mark the entries that moved or are new."""
    plan, changes = replanned()
    text = to_markdown(brief, plan, status="optimal", changes=changes)
    assert "2 of 3 meetings in the plan; plan status: optimal; revision 2.\n" in text
    section = text.split("## Changes since the previous plan\n\n", 1)[1].split("\n## ", 1)[0]
    assert section == (
        "Since the previous plan: 1 moved, 1 added, 1 removed.\n\n"
        "- **Added** Talks at KazNU (kaznu-talks): Wed 14 Apr 11:40–12:55, Al-Farabi KazNU. "
        "Why: it is new in the brief or now fits\n"
        "- **Moved** Talks at the Ministry (ministry-talks): Tue 13 Apr 09:00–10:00, Ministry "
        "of Science → Tue 13 Apr 10:00–11:00, Ministry of Science. Why: the Vice-Minister "
        "asked\n"
        "- **Removed** Visit of the National Museum (museum): was Thu 15 Apr 10:00–11:30, "
        f"National Museum. Why: {MUSEUM_REASON}\n"
    )
    assert text.count("Talks at the Ministry (moved)\n") == 4  # the day, and three people
    assert text.count("Talks at KazNU (added)\n") == 4
    page = parse(to_html(brief, plan, status="optimal", changes=changes))
    table = page.by_id("changes").find("table")
    cells = [[td.text() for td in row.find_all("td")] for row in table.find_all("tr")[1:]]
    assert [row[0] for row in cells] == ["Added", "Moved", "Removed"]
    assert cells[1][2:] == [
        "Tue 13 Apr 09:00–10:00, Ministry of Science",
        "Tue 13 Apr 10:00–11:00, Ministry of Science",
        "the Vice-Minister asked",
    ]
    assert page.find("nav").find_all("a")[0].attrs["href"] == "#changes"
    moved = [r for r in page.find_all("tr") if "moved" in (r.attrs.get("class") or "").split()]
    assert len(moved) == 1 + 4  # the changes table's row, then the day and three people


def test_a_replan_that_changes_nothing_says_so(brief: Brief) -> None:
    """Re-planned with no change: the section is there and says nothing moved; a first
    plan (no ``changes``) has no such section."""
    plan = itinerary().model_copy(update={"revision": 1})
    text = to_markdown(brief, plan, changes=[])
    assert (
        "## Changes since the previous plan\n\nNothing moved: every meeting, fixed event and "
        "transfer is where the previous plan had it.\n"
    ) in text
    assert "Changes since" not in to_markdown(brief, itinerary())
    assert 'id="changes"' not in to_html(brief, itinerary())


def test_a_time_the_clocks_show_twice_carries_its_offset() -> None:
    """Brussels goes back from 03:00 to 02:00 on Sunday 31 October 2027, so the first
    two calls both read 02:15-02:45: on paper each carries its UTC offset, +02:00 for
    the first, +01:00 for the second. The 03:15 call happens once and reads as usual,
    and so do all three in Bek's Almaty view (05:15, 06:15, 07:15), where under each
    the visit's time is given with its offset."""
    brief = parse_brief(night_shift.BRIEF)
    plan = night_shift.itinerary(brief)
    text = to_markdown(brief, plan)
    day = text.split("### Sunday 31 October 2027\n", 1)[1].split("\n## ", 1)[0]
    assert [line for line in day.splitlines() if line.startswith("- **")] == [
        "- **02:15 (+02:00)–02:45 (+02:00)** First call (fixed)",
        "- **02:15 (+01:00)–02:45 (+01:00)** Second call (fixed)",
        "- **03:15–03:45** Third call (fixed)",
    ]
    bek = text.split("### Bek\n", 1)[1]
    assert "- **06:15–06:45** Second call (fixed)\n" in bek
    assert "    - Visit time: 02:15 (+01:00)–02:45 (+01:00) Europe/Brussels\n" in bek
    html = parse(to_html(brief, plan))
    times = {item: cells[0] for item, cells in rows(html.by_id("day-2027-10-31")).items()}
    assert times == {
        "first": "02:15 (+02:00)–02:45 (+02:00)",
        "second": "02:15 (+01:00)–02:45 (+01:00)",
        "third": "03:15–03:45",
    }


# -- words --------------------------------------------------------------------------


def test_dates_and_durations_in_words() -> None:
    from datetime import date

    assert date_range(date(2027, 5, 17), date(2027, 5, 21)) == "Monday 17 to Friday 21 May 2027"
    assert date_range(date(2027, 5, 31), date(2027, 6, 2)) == (
        "Monday 31 May to Wednesday 2 June 2027"
    )
    assert date_range(date(2027, 4, 13), date(2027, 4, 13)) == "Tuesday 13 April 2027"
    assert [duration(m) for m in (10, 60, 105, 125)] == [
        "10 min",
        "1 h",
        "1 h 45 min",
        "2 h 05 min",
    ]


def test_the_model_keeps_days_outside_the_visit(brief: Brief) -> None:
    """The flight home starts inside the visit; an item the day before (an arrival) gets a
    day of its own, marked as outside the visit's dates."""
    early = rectors_event(
        "arrival", "Arrival", "2027-04-12 23:00", "2027-04-12 23:30", "airport-nqz"
    )
    doc = build(brief, Itinerary(visit="kz-2027-04", items=(early,)))
    assert [(d.heading, d.in_visit) for d in doc.days][:2] == [
        ("Monday 12 April 2027", False),
        ("Tuesday 13 April 2027", True),
    ]


# -- with the solver ----------------------------------------------------------------


def test_a_departure_in_another_zone_gives_its_own_clock() -> None:
    """KC 902 leaves Brussels at 21:40 on 12 April, 00:40 on the 13th in Almaty, the
    visit's zone: the visit's view says both, and both for the check-in, 120 minutes
    before (22:40 in Almaty, 19:40 in Brussels; "check in by 22:40" next to a Brussels
    time read as Brussels time, after the take-off); the landing (06:35) has no second
    time, being in that zone."""
    visit = flight_from_brussels()
    itinerary = planned(visit).result.itinerary
    assert itinerary is not None
    flight = next(
        e for d in build(visit, itinerary).days for e in d.entries if e.item_id == "flight-out"
    )
    assert flight.span == "00:40–06:35"
    assert flight.details == (
        "KC 902",
        "departs Brussels Airport at 00:40, 21:40 Europe/Brussels "
        "(check in by 22:40, 19:40 Europe/Brussels, 120 min before)",
        "arrives Almaty airport at 06:35",
    )


def test_a_planned_brief_renders(brief: Brief) -> None:
    """Smoke: plan the story's brief for real and render what comes back."""
    from visitplanner.planner import plan

    result = plan(brief, time_limit=5)
    assert result.itinerary is not None
    html = to_html(brief, result.itinerary, status=result.status)
    page = parse(html)
    kept = [i for i in result.itinerary.items if i.kind == "meeting"]
    assert {m.id for m in kept} >= {"ministry-talks"}
    for meeting in kept:
        assert meeting.title in page.text()
    assert f"plan status: {result.status}" in page.find("header").text()
    text = to_markdown(brief, result.itinerary, status=result.status)
    assert "### Tuesday 13 April 2027" in text


def test_a_far_zones_next_day_is_still_the_visit() -> None:
    """The visit is Tuesday 13 April in Almaty (UTC+5); its guest from Wellington reads
    her own zone (UTC+12 in April). The 18:00-19:00 reception is 01:00-02:00 on
    Wednesday 14 for her: that day of her itinerary holds a visit item, so it is not
    marked "outside the visit's dates" (a probe's Seoul participant had a Brussels
    evening under such a heading). Two guests whose names hold a comma are listed with
    semicolons in the Markdown, which would otherwise read as four people."""
    body = """
participants:
  - {id: guest, name: "Rector, Victoria University", timezone: Pacific/Auckland}
  - {id: dean, name: "Dean, Victoria University"}
meetings:
  - {id: reception, title: Reception, venue: ministry, attendees: [guest, dean],
     minutes: 60, window: [18:00, 19:00]}
"""
    visit = small_brief(body, venues=["ministry"], visit={"day": "{start: 09:00, end: 20:00}"})
    itinerary = planned(visit).result.itinerary
    assert itinerary is not None
    guest = next(p for p in build(visit, itinerary).people if p.person.id == "guest")
    [day] = [d for d in guest.days if d.entries]
    assert (day.date.isoformat(), day.in_visit) == ("2027-04-14", True)
    text = to_markdown(visit, itinerary)
    assert "Who: Rector, Victoria University; Dean, Victoria University" in text
    assert "Outside the visit's dates" not in text
