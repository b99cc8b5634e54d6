"""Benchmarks of the planner: OPTW/TOPTW scores against best-known values, and CLI
latency. Run ``python -m benchmarks --help``; results are in docs/benchmarks.md."""
