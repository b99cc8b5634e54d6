"""The documentation runs: every example in docs/ and README.md is executed, and the
reference pages are checked against the code, so that the docs cannot rot.

How a page's examples run (all blocks of a page in order, in one fresh folder that holds
a copy of ``examples/umons-kazakhstan.yaml`` at the same relative path as in the repo):

- a ```python block runs with ``exec``; the blocks of one page share a namespace;
- a ```console block: each line that starts with ``$ `` is a command (the other lines are
  output); a ```bash or ```sh block: every line is a command. Commands that start with
  ``visitplanner`` (also after ``&&``) run in-process through ``visitplanner.cli.main``
  and must exit 0; ``> FILE`` sends their output to FILE. Other commands (``pip install``,
  ``python -m pytest``) are not run;
- a marker comment on the line just before a fence changes that: ``<!-- docs-test: skip
  -->`` (not run), ``<!-- docs-test: exit N -->`` (the commands must exit N),
  ``<!-- docs-test: file PATH -->`` (the block is written to PATH, e.g. a brief the
  page then plans), ``<!-- docs-test: output -->`` (the block is exactly what the
  python block before it printed).

Run ``python tests/test_docs.py`` to print the field tables of docs/reference/brief.md
as the models give them (names, defaults and descriptions), when a model changes.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

import visitplanner
from visitplanner import models
from visitplanner.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLE = ROOT / "examples" / "umons-kazakhstan.yaml"
PAGES = [*sorted(DOCS.rglob("*.md")), ROOT / "README.md"]

_MARKER = re.compile(r"^\s*<!--\s*docs-test:\s*(?P<what>.*?)\s*-->\s*$")
_FENCE = re.compile(r"^(?P<indent>\s*)```(?P<lang>[\w+-]*)\s*$")


@dataclass
class Block:
    lang: str
    code: str
    line: int
    markers: list[str] = field(default_factory=list)


def blocks(path: Path) -> list[Block]:
    """The fenced code blocks of a Markdown page, with the markers just before them."""
    found: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        fence = _FENCE.match(lines[i])
        if fence is None:
            i += 1
            continue
        indent = fence["indent"]
        markers = []
        j = i - 1
        while j >= 0 and (marker := _MARKER.match(lines[j])):
            markers.insert(0, marker["what"])
            j -= 1
        body = []
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i])
            i += 1
        found.append(Block(fence["lang"], "\n".join(body) + "\n", i - len(body), markers))
        i += 1
    return found


def commands(block: Block) -> list[str]:
    """The shell commands of a console or bash block, ``&&`` chains split."""
    if block.lang == "console":
        lines = [line[2:] for line in block.code.splitlines() if line.startswith("$ ")]
    else:
        lines = [line for line in block.code.splitlines() if line.strip()]
    return [
        part.strip()
        for line in lines
        if not line.lstrip().startswith("#")
        for part in line.split("&&")
    ]


def run_command(command: str, expected: int, where: str) -> None:
    argv = shlex.split(command)
    if not argv or argv[0] != "visitplanner":
        return
    argv = argv[1:]
    target = None
    if ">" in argv:
        at = argv.index(">")
        argv, target = argv[:at], argv[at + 1]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    assert code == expected, (
        f"{where}: `{command}` exited {code}, expected {expected}\n"
        f"stdout:\n{out.getvalue()}\nstderr:\n{err.getvalue()}"
    )
    if target is not None:
        Path(target).write_text(out.getvalue(), encoding="utf-8")


def run_page(page: Path, folder: Path) -> None:
    (folder / "examples").mkdir()
    shutil.copy(EXAMPLE, folder / "examples" / EXAMPLE.name)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    printed = ""  # what the last python block printed
    for block in blocks(page):
        where = f"{page.relative_to(ROOT) if page.is_relative_to(ROOT) else page}:{block.line}"
        expected = 0
        skip = False
        for marker in block.markers:
            word, _, rest = marker.partition(" ")
            if word == "skip":
                skip = True
            elif word == "exit":
                expected = int(rest)
            elif word == "output":
                assert block.code == printed, f"{where}: the block above printed\n{printed}"
                skip = True
            elif word == "file":
                target = folder / rest.strip()
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(block.code, encoding="utf-8")
                skip = True
            else:
                raise AssertionError(f"{where}: unknown docs-test marker {marker!r}")
        if skip:
            continue
        if block.lang == "python":
            code = compile(block.code, where, "exec")
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(code, namespace)
            printed = out.getvalue()
        elif block.lang in ("console", "bash", "sh", "shell"):
            for command in commands(block):
                run_command(command, expected, where)


_PLANS: dict[str, object] = {}


def _plan_once(real: Callable[..., Any]) -> Callable[..., Any]:
    """``plan`` that solves each (brief, arguments) once per test session.

    Several pages plan the UMONS example with the same arguments; with one worker and a
    fixed seed the answer is the same every time (see how-the-solver-works.md), so the
    later pages reuse the first answer instead of solving again.
    """

    signature = inspect.signature(real)

    def plan(brief: models.Brief, **kwargs: Any) -> Any:
        bound = signature.bind(brief, **kwargs)
        bound.apply_defaults()
        arguments = {k: v for k, v in bound.arguments.items() if k not in ("brief", "log")}
        if arguments.get("workers") != 1 or arguments.get("previous") is not None:
            return real(brief, **kwargs)
        numbers = {k: float(v) for k, v in arguments.items() if type(v) in (int, float)}
        key = brief.model_dump_json() + repr(sorted({**arguments, **numbers}.items()))
        if key not in _PLANS:
            _PLANS[key] = real(brief, **kwargs)
        return _PLANS[key]

    return plan


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from visitplanner import planner

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    monkeypatch.setattr(planner, "plan", _plan_once(planner.plan))
    run_page(page, tmp_path)


# -- the harness itself ---------------------------------------------------------------


def test_the_harness_reads_blocks_markers_and_commands(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Text.\n\n"
        "<!-- docs-test: exit 1 -->\n"
        "```console\n"
        "$ visitplanner plan x.yaml && visitplanner check x.yaml r.json\n"
        "output line\n"
        "```\n\n"
        "!!! note\n"
        "    ```python\n"
        "    x = 1\n"
        "    ```\n",
        encoding="utf-8",
    )
    first, second = blocks(page)
    assert (first.lang, first.markers, first.line) == ("console", ["exit 1"], 4)
    assert commands(first) == ["visitplanner plan x.yaml", "visitplanner check x.yaml r.json"]
    assert (second.lang, second.code) == ("python", "x = 1\n")


def test_a_failing_command_fails_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "page.md"
    page.write_text("```bash\nvisitplanner validate missing.yaml\n```\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="exited 2, expected 0"):
        run_page(page, tmp_path)


# -- the reference pages match the code ------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    from visitplanner import cli

    parser: argparse.ArgumentParser = cli._parser()
    return parser


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = _parser()
    found: dict[str, argparse.ArgumentParser] = {"": parser}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def section(text: str, heading: str, *, subsections: bool = True) -> str:
    """The text under the first heading whose title is ``heading``, to the next heading
    of the same or a higher level (of any level, without ``subsections``)."""
    match = re.search(rf"^(#+) {re.escape(heading)}\s*$", text, re.M)
    assert match, f"no heading {heading!r}"
    level = len(match[1]) if subsections else 6
    rest = text[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


def test_cli_reference_names_every_command_and_option() -> None:
    text = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    for name, parser in subcommands().items():
        part = section(text, f"visitplanner {name}".strip() if name else "visitplanner")
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            names = action.option_strings or [action.metavar or action.dest]
            for option in names:
                if option in ("-h", "--help"):
                    continue
                assert f"`{option}" in part, f"cli.md, visitplanner {name}: {option} missing"


# Where each model's fields are listed in docs/reference/brief.md.
BRIEF_SECTIONS: dict[str, type[BaseModel]] = {
    "The whole brief": models.Brief,
    "visit": models.Visit,
    "visit.day": models.WorkingDay,
    "visit.lunch": models.Lunch,
    "participants": models.Participant,
    "Windows: available and unavailable": models.Window,
    "venues": models.Venue,
    "travel": models.Travel,
    "stays": models.Stay,
    "transfers": models.Transfer,
    "transfers: options": models.TransferOption,
    "fixed": models.FixedEvent,
    "meetings": models.Meeting,
}


def field_rows(model: type[BaseModel]) -> list[tuple[str, str, str]]:
    """(name as written in a brief, default, description) of each field of ``model``."""
    rows = []
    for name, info in model.model_fields.items():
        if info.is_required():
            default = "required"
        elif info.default is None:
            default = "none"
        elif info.default is PydanticUndefined or isinstance(info.default, BaseModel):
            default = "see below"
        elif isinstance(info.default, bool):
            default = str(info.default).lower()
        elif isinstance(info.default, (tuple, dict)) and not info.default:
            default = "empty"
        else:
            default = str(info.default)
        rows.append((info.alias or name, default, info.description or ""))
    return rows


def table_rows(part: str) -> dict[str, list[str]]:
    rows = {}
    for line in part.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = cells
    return rows


@pytest.mark.parametrize("heading", list(BRIEF_SECTIONS))
def test_brief_reference_lists_every_field(heading: str) -> None:
    """Each model's table has exactly its fields, its defaults and, where the model
    describes a field, that description word for word."""
    text = (DOCS / "reference" / "brief.md").read_text(encoding="utf-8")
    rows = table_rows(section(text, heading, subsections=False))
    expected = field_rows(BRIEF_SECTIONS[heading])
    assert sorted(rows) == sorted(name for name, _, _ in expected)
    for name, default, description in expected:
        cells = rows[name]
        assert len(cells) == 4, f"{heading}.{name}: | field | type | default | meaning |"
        assert cells[2] == default, f"{heading}.{name}: default {cells[2]!r}, not {default!r}"
        assert description.replace("|", "\\|") in cells[3], f"{heading}.{name}: {description}"


def test_brief_reference_covers_every_model() -> None:
    """A model added to the brief gets a section (one table per model of the brief)."""
    reached: set[type[BaseModel]] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in reached:
            return
        reached.add(model)
        for info in model.model_fields.values():
            for sub in _models_in(info.annotation):
                walk(sub)

    walk(models.Brief)
    assert reached == set(BRIEF_SECTIONS.values())


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def test_python_api_reference_documents_every_public_name() -> None:
    text = (DOCS / "reference" / "python-api.md").read_text(encoding="utf-8")
    headings = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    missing = [name for name in visitplanner.__all__ if f"`{name}`" not in headings]
    assert not missing, f"python-api.md has no heading for {missing}"


def test_mkdocs_builds_strictly(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "index.html").exists()


if __name__ == "__main__":
    for heading, model in BRIEF_SECTIONS.items():
        print(f"\n## {heading}\n\n| field | type | default | meaning |\n| --- | --- | --- | --- |")
        for name, default, description in field_rows(model):
            print(f"| `{name}` | | {default} | {description.replace('|', chr(92) + '|')} |")
