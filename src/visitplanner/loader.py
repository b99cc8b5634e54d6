"""YAML text -> ``Brief``, with every problem located as ``FILE:LINE:COL: field: message``.

YAML 1.2 (ruamel.yaml) so that an unquoted ``10:30`` is a time and ``NO`` a string;
duplicate keys, anchors and aliases are refused and the input size is capped, because a
brief is hand-written and small, and silent surprises there become wrong itineraries.
"""

from __future__ import annotations

import difflib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, NodeEvent

from visitplanner import models
from visitplanner.errors import BriefError, Problem
from visitplanner.models import Brief

MAX_BRIEF_BYTES = 1_000_000

Path_ = tuple[str | int, ...]
Positions = dict[Path_, tuple[int, int]]


def load_brief(path: str | Path) -> Brief:
    """Read and validate the brief at ``path``."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BRIEF_BYTES:
            raise BriefError([Problem(_too_big(size), file=name)])
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BriefError([Problem(f"cannot read the brief: {exc.strerror}", file=name)]) from None
    return parse_brief(data, filename=name)


def parse_brief(text: str | bytes, filename: str = "<brief>") -> Brief:
    """Validate a brief given as YAML text; raises ``BriefError`` listing every problem."""
    document, positions = _read_yaml(text, filename)
    try:
        return Brief.model_validate(document)
    except ValidationError as exc:
        raise BriefError(_problems(exc, positions, filename)) from None


def _too_big(size: int) -> str:
    return f"the brief is {size:,} bytes; briefs are limited to {MAX_BRIEF_BYTES:,} bytes"


def _read_yaml(text: str | bytes, filename: str) -> tuple[dict[str, Any], Positions]:
    if isinstance(text, bytes):
        if len(text) > MAX_BRIEF_BYTES:
            raise BriefError([Problem(_too_big(len(text)), file=filename)])
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BriefError(
                [Problem(f"not UTF-8 text (byte {exc.start} cannot be decoded)", file=filename)]
            ) from None
    if len(text.encode("utf-8")) > MAX_BRIEF_BYTES:
        raise BriefError([Problem(_too_big(len(text.encode("utf-8"))), file=filename)])
    if "\x00" in text:
        raise BriefError([Problem("the file contains NUL bytes: not a YAML brief", file=filename)])

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        for event in yaml.parse(text):
            if isinstance(event, AliasEvent) or (
                isinstance(event, NodeEvent) and getattr(event, "anchor", None)
            ):
                mark = event.start_mark
                raise BriefError(
                    [
                        Problem(
                            "YAML anchors and aliases (&name, *name) are not allowed in a brief; "
                            "write the value out",
                            file=filename,
                            line=mark.line + 1,
                            column=mark.column + 1,
                        )
                    ]
                )
        document = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        if "duplicate key" in message or "found duplicate" in message:
            message = "a key appears twice in the same mapping: " + str(exc.problem or "")
        raise BriefError(
            [
                Problem(
                    f"not valid YAML: {message.strip()}",
                    file=filename,
                    line=mark.line + 1 if mark else None,
                    column=mark.column + 1 if mark else None,
                )
            ]
        ) from None
    except YAMLError as exc:
        raise BriefError([Problem(f"not valid YAML: {exc}", file=filename)]) from None
    if document is None:
        raise BriefError([Problem("the brief is empty", file=filename)])
    if not isinstance(document, CommentedMap):
        raise BriefError(
            [
                Problem(
                    "a brief is a YAML mapping with visit, participants, venues, meetings, ...",
                    file=filename,
                    line=1,
                    column=1,
                )
            ]
        )
    positions: Positions = {(): (1, 1)}
    plain = _plain(document, (), positions)
    assert isinstance(plain, dict)
    return plain, positions


def _plain(node: Any, path: Path_, positions: Positions) -> Any:
    """ruamel's round-trip nodes -> plain Python, recording where each path starts."""
    if isinstance(node, CommentedMap):
        result: dict[Any, Any] = {}
        for key, value in node.items():
            child = (*path, str(key))
            try:
                line, col = node.lc.key(key)
                positions[child] = (line + 1, col + 1)
                vline, vcol = node.lc.value(key)
                positions[(*child, "=")] = (vline + 1, vcol + 1)
            except (KeyError, TypeError, AttributeError):
                pass
            result[str(key) if not isinstance(key, str) else key] = _plain(value, child, positions)
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for i, value in enumerate(node):
            try:
                line, col = node.lc.item(i)
                positions[(*path, i)] = (line + 1, col + 1)
            except (KeyError, TypeError, AttributeError):
                pass
            items.append(_plain(value, (*path, i), positions))
        return items
    if isinstance(node, datetime):
        return datetime(*node.timetuple()[:6])
    if isinstance(node, date):
        return date(node.year, node.month, node.day)
    if isinstance(node, str):
        return str(node)
    return node


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


def _problems(exc: ValidationError, positions: Positions, filename: str) -> list[Problem]:
    grouped: dict[Path_, list[str]] = {}
    for error in exc.errors(include_url=False):
        path = _data_path(error["loc"], positions)
        grouped.setdefault(path, [])
        message = _message(error, path)
        if message not in grouped[path]:
            grouped[path].append(message)
    problems = []
    for path, messages in grouped.items():
        line, col = _position(path, positions)
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


def _message(error: Any, path: Path_) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else "?"
        close = difflib.get_close_matches(name, sorted(_KNOWN_FIELDS), n=1, cutoff=0.7)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"unknown field {name!r}{hint}"
    if kind == "missing":
        return "this field is required"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    if kind.startswith(("int_", "float_", "string_", "bool_", "literal_", "greater", "less")):
        value = error.get("input")
        if value is not None and not isinstance(value, dict | list):
            message += f" (got {value!r})"
    return message


def _position(path: Path_, positions: Positions) -> tuple[int | None, int | None]:
    for end in range(len(path), -1, -1):
        prefix = path[:end]
        value_pos = positions.get((*prefix, "="))
        key_pos = positions.get(prefix)
        if end == len(path) and value_pos is not None:
            return value_pos
        if key_pos is not None:
            return key_pos
    return None, None
