"""The benchmarks: `make bench-load` (bench/load.py, its data in bench/seed.py) and
`make bench-reminders` (bench/reminders.py). Both write their data with bench/builders.py
into a throwaway database (bench/database.py); see the README."""
