"""YAML text -> ``Brief``, with every problem located as ``FILE:LINE:COL: field: message``.

YAML 1.2 (ruamel.yaml) so that an unquoted ``10:30`` is a time and ``NO`` a string;
duplicate keys, anchors, aliases, merge keys and tags are refused and the input size and
nesting depth are capped, because a brief is hand-written and small, and silent surprises
there become wrong itineraries.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, StreamMark, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    NodeEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode
from ruamel.yaml.parser import Parser

from visitplanner import models
from visitplanner.errors import BriefError, Problem
from visitplanner.models import Brief
from visitplanner.timeparse import as_written

MAX_BRIEF_BYTES = 1_000_000
MAX_NESTING = 100  # levels of lists and mappings; a real brief needs fewer than ten
MERGE_TAG = "tag:yaml.org,2002:merge"  # the tag YAML gives an unquoted << key

Path_ = tuple[str | int, ...]
Positions = dict[Path_, tuple[int, int]]


def load_brief(path: str | Path) -> Brief:
    """Read and validate the brief at ``path``.

    At most one byte more than the limit is read: ``stat`` says 0 bytes for a device or a
    pipe, which may never end (``/dev/zero``)."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BRIEF_BYTES:
            raise _located(_too_big(size), name)
        with Path(path).open("rb") as handle:
            data = handle.read(MAX_BRIEF_BYTES + 1)
        if len(data) > MAX_BRIEF_BYTES:
            raise _located(_too_big(None), name)
    except IsADirectoryError:
        raise BriefError([Problem("cannot read the brief: it is a directory", file=name)]) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise BriefError([Problem(f"cannot read the brief: {reason}", file=name)]) from None
    return parse_brief(data, filename=name, base_dir=Path(path).parent)


def parse_brief(
    text: str | bytes, filename: str = "<brief>", base_dir: str | Path | None = None
) -> Brief:
    """Validate a brief given as YAML text; raises ``BriefError`` listing every problem.

    Busy calendars (``busy_calendar``) are read from ``base_dir`` (default: the current
    directory) and become unavailable windows of their participants.
    """
    document, positions = _read_yaml(text, filename)
    try:
        brief = Brief.model_validate(document)
    except ValidationError as exc:
        checked = any(e["type"] == "cross_reference" for e in exc.errors())  # (the last pass)
        raise BriefError(_problems(exc, positions, filename), more_later=not checked) from None
    if any(p.busy_calendar for p in brief.participants):
        from visitplanner.busy import with_busy_calendars  # reads files: only when asked

        base = Path(base_dir) if base_dir is not None else Path.cwd()
        try:
            brief = with_busy_calendars(brief, base)
        except BriefError as exc:  # located in the .ics: say where the brief names it too
            raise BriefError([_named_at(p, positions, filename) for p in exc.problems]) from None
    return brief


def _named_at(problem: Problem, positions: Positions, filename: str) -> Problem:
    """``problem`` (in a file the brief names at the field ``problem.path``) with the
    brief's line of that field added to its message."""
    path = tuple(int(p) if p.isdigit() else p for p in problem.path.split("."))
    line, _ = _position(path, positions)
    if line is None:
        return problem
    return dataclasses.replace(problem, message=f"{problem.message} (named at {filename}:{line})")


def _too_big(size: int | None) -> str:
    """``size`` is None when the brief was not read to its end."""
    bytes_ = f"{size:,} bytes" if size is not None else f"more than {MAX_BRIEF_BYTES:,} bytes"
    return f"the brief is {bytes_}; briefs are limited to {MAX_BRIEF_BYTES:,} bytes"


def _located(
    message: str, filename: str, line: int | None = 1, column: int | None = 1
) -> BriefError:
    """A whole-file problem (not tied to a field), at line 1 unless a place is known."""
    return BriefError([Problem(message, file=filename, line=line, column=column)])


class _BriefConstructor(SafeConstructor):
    """Dates and date-times stay text: the models read them (and say which one is wrong)."""


_BriefConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", _BriefConstructor.construct_yaml_str
)
# ruamel resolves a lone "=" to YAML 1.1's value tag, which has no constructor: text
_BriefConstructor.add_constructor("tag:yaml.org,2002:value", _BriefConstructor.construct_yaml_str)


class _Refused(Exception):
    """A YAML feature a brief may not use (``_refused_event``; nesting deeper than
    ``MAX_NESTING``: ``_BriefParser``; a key twice, an empty key or a merge key:
    ``_plain``), where it starts."""

    def __init__(self, reason: str, mark: StreamMark, path: Path_ = ()) -> None:
        super().__init__(reason)
        self.mark = mark
        self.path = path


class _BriefParser(Parser):
    """Refuses what a brief may not use as the events are read, so that the text is
    parsed once (a separate pass over the events took 55 of the 135 ms that reading the
    UMONS example took).

    Nesting is counted here because ruamel's composer, and ``_plain`` after it, recurse
    once per level: a few hundred nested ``[`` would end in a RecursionError."""

    depth = 0

    def get_event(self) -> Any:
        event = super().get_event()
        refused = _refused_event(event)
        if refused:
            raise _Refused(refused, event.start_mark)
        if isinstance(event, CollectionStartEvent):
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise _Refused(
                    f"not valid YAML: nested too deeply (more than {MAX_NESTING} levels of "
                    "lists and mappings)",
                    event.start_mark,
                )
        elif isinstance(event, CollectionEndEvent):
            self.depth -= 1
        return event


def _read_yaml(text: str | bytes, filename: str) -> tuple[dict[str, Any], Positions]:
    if isinstance(text, bytes):
        if len(text) > MAX_BRIEF_BYTES:
            raise _located(_too_big(len(text)), filename)
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _located(
                f"not UTF-8 text (byte {exc.start} cannot be decoded): a brief is a YAML text file",
                filename,
                *_line_col(text, exc.start),
            ) from None
    if len(text.encode("utf-8")) > MAX_BRIEF_BYTES:
        raise _located(_too_big(len(text.encode("utf-8"))), filename)
    if "\x00" in text:
        raise _located(
            "the file contains NUL bytes: not a YAML brief",
            filename,
            *_line_col(text, text.index("\x00")),
        )

    directive = _YAML_DIRECTIVE.search(text)
    if directive and directive.group(1) != "1.2":  # (ruamel asserts on some, 1.3 say)
        raise _located(
            f"the brief asks for YAML {directive.group(1)} (%YAML directive); briefs are read "
            "as YAML 1.2: remove the directive",
            filename,
            *_line_col(text, directive.start()),
        )
    # A raw control character stops ruamel's reader with a character offset only: read
    # it as a stand-in, which ``_plain`` refuses with the field it is in (in a comment
    # it does no harm)
    stand_ins = bool(_CONTROL.search(text)) and not _STAND_INS.search(text)
    if stand_ins:
        text = _CONTROL.sub(lambda found: chr(_STAND_IN + ord(found.group())), text)
    # Composed, not loaded: the nodes say where each value starts, which is all the
    # round-trip loader was for, and composing skips its comment handling (0.05-0.09 s
    # against 0.07-0.12 s for the UMONS example)
    yaml = YAML(typ="safe", pure=True)
    yaml.Parser = _BriefParser
    yaml.Constructor = _BriefConstructor
    positions: Positions = {(): (1, 1)}
    try:
        root = yaml.compose(text)
        refused = _STAND_INS_OR_CONTROL if stand_ins else _CONTROL
        reading = (yaml.constructor, refused)
        plain = _plain(root, (), positions, reading) if root is not None else None
    except _Refused as refused:
        line, column = _place(refused.mark)
        field = ".".join(str(p) for p in refused.path)
        raise BriefError(
            [Problem(str(refused), path=field, file=filename, line=line, column=column)]
        ) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        context = str(exc.context or "")
        if context and exc.context_mark is not None and exc.context_mark is not mark:
            context += f" (line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1})"
        message = ": ".join(x for x in (context, str(exc.problem or "")) if x)
        if "'\\t'" in message:
            message += " (indent with spaces, not tabs)"
        raise _located(
            f"not valid YAML: {message.strip()}",
            filename,
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        ) from None
    except YAMLError as exc:  # the reader's errors have a character offset
        at = getattr(exc, "position", None)
        place = _line_col(text, at) if isinstance(at, int) else (None, None)
        raise _located(f"not valid YAML: {exc}", filename, *place) from None
    if root is None:
        raise _located("the brief is empty: it needs at least visit and participants", filename)
    if not isinstance(plain, dict):
        raise _located(
            "a brief is a YAML mapping with visit, participants, venues, meetings, ...", filename
        )
    return plain, positions


def _refused_event(event: Any) -> str | None:
    """Why a YAML feature is not welcome in a brief, or None when the event is fine."""
    if isinstance(event, DocumentStartEvent) and event.version not in (None, (1, 2)):
        major, minor = event.version
        return (
            f"the brief asks for YAML {major}.{minor} (%YAML directive); briefs are read as "
            "YAML 1.2: remove the directive"
        )
    if isinstance(event, AliasEvent) or (
        isinstance(event, NodeEvent) and getattr(event, "anchor", None)
    ):
        return (
            "YAML anchors and aliases (&name, *name) are not allowed in a brief; "
            "write the value out"
        )
    tag = getattr(event, "tag", None) if isinstance(event, NodeEvent) else None
    if tag:
        return (
            f"YAML tags such as {tag} are not allowed in a brief; "
            "put a value in quotes to make it text"
        )
    return None


def _plain(
    node: Node,
    path: Path_,
    positions: Positions,
    reading: tuple[SafeConstructor, re.Pattern[str]],
) -> Any:
    """Composed nodes -> plain Python (each scalar as YAML 1.2 reads it), recording where
    each path starts (and, under ``(*path, "=")``, where a key's value starts).
    ``reading``: the constructor, and the characters a text may not hold (the control
    characters, and their stand-ins where the text had raw ones)."""
    constructor, refused = reading
    if isinstance(node, ScalarNode):
        value = constructor.construct_object(node)
        control = isinstance(value, str) and refused.search(value)
        if control:  # (escaped in a quoted string: "\e[31m"; the reader would not see it)
            code = ord(control.group())
            shown = value
            if refused is _STAND_INS_OR_CONTROL:  # the raw characters, as the brief has them
                code = code - _STAND_IN if code >= _STAND_IN else code
                shown = _STAND_INS.sub(lambda found: chr(ord(found.group()) - _STAND_IN), value)
            raise _Refused(
                f"a control character (U+{code:04X}) in {shown!r}: "
                "calendars and printouts cannot show it; remove it",
                node.start_mark,
                path,
            )
        return value
    if not isinstance(node, MappingNode):  # a sequence
        items = []
        for i, item in enumerate(node.value):
            positions[(*path, i)] = _place(item.start_mark)
            items.append(_plain(item, (*path, i), positions, reading))
        return items
    result: dict[str, Any] = {}
    previous: tuple[str, Any] | None = None  # the key before, and its value
    for key_node, value_node in node.value:
        if key_node.tag == MERGE_TAG:
            raise _Refused(
                "YAML merge keys (<<) are not allowed in a brief; write the keys out",
                key_node.start_mark,
                path,
            )
        key = _plain(key_node, path, {}, reading)
        if key is None:  # ~, null or nothing before the colon; str() would make it "None"
            where = ".".join(str(p) for p in path) or "the brief"
            raise _Refused(
                f"a key in {where} is empty (null): write a field name before the colon",
                key_node.start_mark,
                path,
            )
        key = key if isinstance(key, str) else str(key)
        child = (*path, key)
        if node.flow_style and value_node.start_mark.index == key_node.end_mark.index:
            raise _Refused(_comma_in_text(key, previous), key_node.start_mark, child)
        if child in positions:
            line, column = positions[child]
            raise _Refused(
                f"not valid YAML: a key appears twice in the same mapping: {key!r}, first at "
                f"line {line}, column {column}",
                key_node.start_mark,
                child,
            )
        positions[child] = _place(key_node.start_mark)
        value = _plain(value_node, child, positions, reading)
        if value is not None:  # an empty value has no place of its own
            positions[(*child, "=")] = _place(value_node.start_mark)
        result[key] = value
        previous = (key, value)
    return result


def _comma_in_text(key: str, previous: tuple[str, Any] | None) -> str:
    """What ``{id: jnu-vc, name: Vice-Chancellor, JNU}`` means: ``JNU`` is a key with no
    colon, as a comma starts a new field inside braces."""
    message = (
        f"{key!r} has no colon after it, so it reads as a field of its own: inside {{...}} "
        "a comma starts a new field. If the comma belongs to a text, put the text in quotes"
    )
    if previous is not None and isinstance(previous[1], str):
        message += f': {previous[0]}: "{previous[1]}, {key}"'
    return message


# Characters no calendar, page or terminal shows as text (a tab or a line end is text),
# C1 controls included (U+009B starts a terminal escape as ESC [ does)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Raw ones are read as these private-use characters (U+E000 + code) until refused
_STAND_IN = 0xE000
_STAND_INS = re.compile("[\ue000-\ue008\ue00b\ue00c\ue00e-\ue01f\ue07f-\ue09f]")
_STAND_INS_OR_CONTROL = re.compile(f"{_CONTROL.pattern}|{_STAND_INS.pattern}")
_YAML_DIRECTIVE = re.compile(r"^%YAML[ \t]+([^\s#]*)", re.MULTILINE)


def _place(mark: StreamMark) -> tuple[int, int]:
    """The 1-based line and column of a YAML ``mark``."""
    return mark.line + 1, mark.column + 1


def _line_col(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` (a byte offset in bytes, else a character)."""
    before = text[:offset].decode("utf-8", "replace") if isinstance(text, bytes) else text[:offset]
    return before.count("\n") + 1, len(before) - before.rfind("\n")


def _field_names(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[str]:
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    names: set[str] = set()
    for name, field in model.model_fields.items():
        names.add(field.alias or name)
        for sub in _models_in(field.annotation):
            names |= _field_names(sub, seen)
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_models_in(arg))
    return found


_KNOWN_FIELDS = _field_names(models.Brief)


def _sections_of_fields() -> dict[str, list[str]]:
    """Field -> the sections of the brief that have it (``city``: venues), for a field
    written in the wrong section (it said "unknown field 'city' (did you mean 'city'?)")."""
    found: dict[str, list[str]] = {}
    for section, field in models.Brief.model_fields.items():
        for sub in _models_in(field.annotation):
            for name in sorted(_field_names(sub)):
                found.setdefault(name, []).append(field.alias or section)
    return found


_SECTIONS_OF = _sections_of_fields()


def _problems(exc: ValidationError, positions: Positions, filename: str) -> list[Problem]:
    errors = [(_data_path(e["loc"], positions), e) for e in exc.errors(include_url=False)]
    errors = [(path, e) for path, e in errors if not _explained_elsewhere(path, e, errors)]
    grouped: dict[Path_, list[str]] = {}
    unknown_keys = {path for path, error in errors if error["type"] == "extra_forbidden"}
    for path, error in errors:
        grouped.setdefault(path, [])
        message = _message(error, path)
        if message not in grouped[path]:
            grouped[path].append(message)
    problems = []
    for path, messages in grouped.items():
        line, col = _position(path, positions, at_key=path in unknown_keys)
        problems.append(
            Problem(
                " or ".join(messages) if len(messages) > 1 else messages[0],
                path=".".join(str(p) for p in path),
                file=filename,
                line=line,
                column=col,
            )
        )
    problems.sort(key=lambda p: (p.line or 0, p.column or 0, p.path))
    return problems


def _explained_elsewhere(path: Path_, error: Any, errors: list[tuple[Path_, Any]]) -> bool:
    """Drop an error that only echoes another one, so each mistake is reported once.

    A list too short because its only item is wrong says nothing new; nor does a missing
    field whose name a misspelt sibling field is closest to (that one says "did you mean").
    """
    if error["type"] == "too_short":
        return any(len(other) > len(path) and other[: len(path)] == path for other, _ in errors)
    if error["type"] == "missing" and path:
        return any(
            e["type"] == "extra_forbidden"
            and other[:-1] == path[:-1]
            and _closest_field(str(other[-1])) == path[-1]
            for other, e in errors
        )
    return False


def _closest_field(name: str) -> str | None:
    close = difflib.get_close_matches(name, sorted(_KNOWN_FIELDS), n=1, cutoff=0.7)
    return close[0] if close else None


def _data_path(loc: tuple[str | int, ...], positions: Positions) -> Path_:
    """Drop pydantic's union-member and validator tags that are not part of the data."""
    path: list[str | int] = []
    for part in loc:
        candidate = (*path, part)
        if isinstance(part, int) or candidate in positions or not _is_tag(part):
            path.append(part)
    return tuple(path)


def _is_tag(part: str | int) -> bool:
    text = str(part)
    return any(ch in text for ch in "[]()") or text in {
        "int",
        "str",
        "float",
        "bool",
        "date",
        "time",
        "datetime",
        "constrained-int",
        "constrained-str",
        "constrained-float",
        "function-before",
        "function-after",
        "function-wrap",
        "tuple",
        "list",
        "dict",
    }


def _got(error: Any) -> str:
    value = error.get("input")
    if value is None:
        return "but the value is empty"
    if isinstance(value, dict | list | tuple) and not value:
        return "got an empty " + ("mapping" if isinstance(value, dict) else "list")
    if isinstance(value, dict):
        return "got a mapping"
    if isinstance(value, list | tuple):
        return f"got a list {list(value)!r}" if len(repr(value)) < 60 else "got a list"
    return f"got {as_written(value)}"


def _message(error: Any, path: Path_) -> str:
    """pydantic's wording -> plain words that name what to write instead."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    field = str(path[-1]) if path else "brief"
    if kind == "extra_forbidden":
        close = _closest_field(field)
        if close == field and path[:1] and (elsewhere := _SECTIONS_OF.get(field)):
            return f"unknown field {field!r} here: it is a field of {', '.join(elsewhere)}"
        hint = f" (did you mean {close!r}?)" if close else ""
        return f"unknown field {field!r}{hint}"
    if kind == "missing":
        return f"required field {field!r} is missing"
    plain = {
        "int_parsing": "expected a whole number",
        "int_type": "expected a whole number",
        "int_from_float": "expected a whole number",
        "float_parsing": "expected a number",
        "float_type": "expected a number",
        "bool_parsing": "expected true or false",
        "bool_type": "expected true or false",
        "string_type": "expected text"
        + (" (put it in quotes)" if isinstance(error.get("input"), int | float | date) else ""),
        "list_type": "expected a list such as [a, b]",
        "tuple_type": "expected a list such as [a, b]",
        "dict_type": "expected a mapping (key: value lines or {key: value})",
        "model_type": "expected a mapping (key: value lines or {key: value})",
        "model_attributes_type": "expected a mapping (key: value lines or {key: value})",
        "greater_than": f"must be greater than {ctx.get('gt')}",
        "greater_than_equal": f"must be at least {ctx.get('ge')}",
        "less_than": f"must be less than {ctx.get('lt')}",
        "less_than_equal": f"must be at most {ctx.get('le')}",
        "too_short": f"needs at least {ctx.get('min_length')} item"
        + ("s" if ctx.get("min_length") != 1 else ""),
        "too_long": f"has too many items (at most {ctx.get('max_length')})",
        "string_too_long": f"is too long (at most {ctx.get('max_length')} characters)",
        "string_too_short": "must not be empty",
    }
    if kind == "bool_type" and isinstance(error.get("input"), str):
        text = error["input"].lower()
        if text in ("true", "false"):
            return f"{plain[kind]}, {_got(error)} (write it without quotes)"
        if text in ("yes", "no", "on", "off", "y", "n"):
            return f"{plain[kind]}, {_got(error)} (in YAML 1.2, {error['input']} is text)"
    if kind in plain:
        return f"{plain[kind]}, {_got(error)}"
    if kind == "string_pattern_mismatch":
        if str(ctx.get("pattern", "")).startswith("^[a-z]"):
            return f"{field} is one lowercase word such as hotel or airport, {_got(error)}"
        return (
            f"{error.get('input')!r} is not a valid id: use letters, digits, '-', '_' and '.', "
            "starting with a letter or digit"
        )
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    if message.startswith("Input should be "):
        message = "expected " + message[len("Input should be ") :] + f", {_got(error)}"
    return message


def _position(
    path: Path_, positions: Positions, *, at_key: bool = False
) -> tuple[int | None, int | None]:
    """Where ``path`` is written: its value (or, ``at_key``, its key), else the nearest
    enclosing field that is written."""
    for end in range(len(path), -1, -1):
        prefix = path[:end]
        value_pos = positions.get((*prefix, "="))
        key_pos = positions.get(prefix)
        if end == len(path) and value_pos is not None and not at_key:
            return value_pos
        if key_pos is not None:
            return key_pos
    return None, None
