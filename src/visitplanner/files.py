"""Writing output files so that a failed run never damages what was there before.

Every file is first written in full next to its target, then all are moved into place
with ``os.replace`` (atomic on one file system); if anything fails before that, the
temporary files are removed and the old outputs are untouched. ``clash`` and
``check_targets`` find the usual mistakes (two outputs in one file, a directory where a
file should go) before any work is done.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from visitplanner.errors import OutputError
from visitplanner.interrupt import signals_held


def clash(targets: Iterable[tuple[str, Path]]) -> str | None:
    """Why two of ``targets`` (what asks for the file, the file) cannot both be written,
    or None. Written together, the later of two outputs into one file would silently
    replace the earlier, and a file cannot also be the folder of another. Paths are
    compared resolved, so ``./a`` and ``a`` are one file."""
    files: dict[Path, tuple[str, Path]] = {}
    for who, path in targets:
        real = path.resolve()
        if real in files:
            first, spelled = files[real]
            if spelled == path:
                return f"{first} and {who} both name {path}: give each a file of its own"
            return f"{first} {spelled} and {who} {path} are the same file"
        files[real] = (who, path)
    for real, (who, path) in files.items():
        folder = next((files[parent] for parent in real.parents if parent in files), None)
        if folder is not None and not folder[1].is_dir():  # (a folder: the write says so)
            return f"{folder[0]} names {folder[1]}, a file, but {who} writes {path} inside it"
    return None


def check_targets(files: Collection[Path], folders: Collection[Path] = ()) -> None:
    """OutputError for the first file target that is a directory, folder target that
    is a file, target under a file where a folder should be, or target whose nearest
    existing folder takes no new file (read-only, not ours): found before the search
    rather than after it."""
    for path in files:
        if path.is_dir():
            raise OutputError(str(path), "is a directory")
    for path in folders:
        if path.exists() and not path.is_dir():
            raise OutputError(str(path), "is not a directory")
    # Where each target's file goes first: the nearest folder there is (a file's own
    # folder, or a folder target itself when it exists)
    nearest = [(path, _first_existing(path.parents)) for path in files]
    nearest += [(path, _first_existing((path, *path.parents))) for path in folders]
    tried: set[Path] = set()
    for path, existing in nearest:
        if existing is None or existing in tried:
            continue
        if not existing.is_dir():
            raise OutputError(str(path), f"{existing} is a file, not a folder")
        tried.add(existing)
        try:  # the only sure test: root passes os.access, and a file system may be read-only
            fd, probe = tempfile.mkstemp(prefix=".visitplanner-", dir=existing)
        except OSError as exc:
            reason = f"no file can be written in {existing} ({exc.strerror or exc})"
            raise OutputError(str(path), reason) from None
        os.close(fd)
        os.unlink(probe)


def _first_existing(paths: Iterable[Path]) -> Path | None:
    return next((p for p in paths if p.exists()), None)


def write_all(files: Mapping[Path, bytes]) -> None:
    """Write every file, or none of them (OutputError naming the file that failed)."""
    check_targets(files)
    with signals_held():
        _write_staged(files)


def _write_staged(files: Mapping[Path, bytes]) -> None:
    staged: list[tuple[str, Path]] = []
    replaced: list[str] = []
    target = Path()
    try:
        for target, content in files.items():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                reason = f"its folder {target.parent} cannot be made ({exc.strerror})"
                raise OutputError(str(target), reason) from None
            fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((temp, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o644)  # mkstemp makes 0600; outputs are meant to be shared
        for temp, target in staged:
            os.replace(temp, target)
            replaced.append(str(target))
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(str(target), exc.strerror or str(exc), tuple(replaced)) from None
    finally:
        for temp, _ in staged:
            if os.path.exists(temp):
                os.unlink(temp)
