"""Writing output files so that a failed run never damages what was there before.

Every file is first written in full next to its target, then all are moved into place
with ``os.replace`` (atomic on one file system); if anything fails before that, the
temporary files are removed and the old outputs are untouched.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_all(files: Mapping[Path, bytes]) -> None:
    """Write every file, or none of them."""
    staged: list[tuple[str, Path]] = []
    try:
        for target, content in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((temp, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o644)  # mkstemp makes 0600; outputs are meant to be shared
        for temp, target in staged:
            os.replace(temp, target)
    finally:
        for temp, _ in staged:
            if os.path.exists(temp):
                os.unlink(temp)
