"""``python -m visitplanner``: the same command as the ``visitplanner`` script."""

from visitplanner.cli import run

run()
