"""The benchmarks: `make bench-load` (bench/load.py, its data in bench/seed.py) and
`make bench-reminders` (bench/reminders.py); see the README."""
