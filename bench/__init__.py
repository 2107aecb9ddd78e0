"""The load benchmark: `make bench-load` (see bench/load.py and the README)."""
