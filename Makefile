.PHONY: run test lint bench load faults lock mutants

# Run the application on the embedded default (SQLite, demo data, demo sign-ins printed on start).
run:
	scripts/run.sh

# Run every test and lint check on PostgreSQL, Redis and Chromium (started here when missing).
test:
	scripts/test.sh

# Benchmarks (PostgreSQL; prints figures and writes var/bench/latest.json): the register at 100,000 children, API and SSDA903 intake, missing from care at 200,000 episodes, the procedures manual at 500 chapters of 20 versions, then the load test. BENCH_QUICK=1: the same at 10,000 children, without the load test.
bench:
	scripts/bench.sh

# Load test of the production set-up: gunicorn with the production settings, locust over loopback (bench/load.py).
load:
	scripts/load.sh

# The fault suite (minutes; not part of `make test`): its own PostgreSQL, Redis, worker, gunicorn and SMTP sink on
# loopback, broken on purpose; one line per fault (sent, accepted, refused, lost, duplicated); non-zero on loss or double.
faults:
	scripts/faults.sh

# Mutation testing (cosmic-ray, slow: not part of `make test`): the selectors, audit, working days and
# outbox, each against its own tests; prints the score and every surviving mutant. One group:
# `make mutants GROUPS="audit outbox"`.
mutants:
	scripts/mutants.sh $(GROUPS)

# Lint only (also part of `make test`).
lint:
	scripts/bootstrap.sh dev
	scripts/lint.sh

# Re-lock the Python dependencies after editing requirements/*.in.
lock:
	scripts/bootstrap.sh dev
	cd requirements && ../.venv/bin/pip-compile --strip-extras base.in -o base.txt && ../.venv/bin/pip-compile --strip-extras dev.in -o dev.txt
