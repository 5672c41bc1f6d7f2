"""Benchmark the streaming SSDA903 reader: speed and memory on a large synthetic return.

    .venv/bin/python bench/bench_ssda903.py [--rows 100000]

Writes a synthetic episodes.csv (100,000 rows by default) and a matching header.csv into a
temporary directory, reads them with ``read_csv_return`` (items are counted, not kept), and prints
rows per second and peak memory, then the same for the shared sample (CSV and XML). Speed is timed
without tracemalloc; the tracemalloc peak comes from a second, traced run.

It measures the reader alone (no database): what bounds how fast a background SSDA903 job can walk a
return, and how far a resumed job reads past the rows it had already committed (docs/adr/0040). The
whole intake - reading, registering in batches of 200 with each row's idempotency key - is measured
on the shared sample by bench/bench_register.py (`ssda903_sample_rows_per_s`), which calls the service
`ssda903_import` directly.
"""

import argparse
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from safeguard.notifications.ssda903 import read_csv_return, read_xml_return  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "safeguard" / "reference" / "tests" / "data" / "ssda903-sample"
HOST = {"LU1", "LU2", "LU3", "LU4"}


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _postcode(rng: random.Random) -> str:
    if rng.random() < 0.02:  # about 2% placed in the host area
        return f"LU{rng.randint(1, 4)} {rng.randint(0, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}"
    area = rng.choice(["SG", "AL", "MK", "HP", "WD", "N", "E", "B", "M", "LS"])
    return f"{area}{rng.randint(1, 30)} {rng.randint(0, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}"


def _date(rng: random.Random, first_year: int, last_year: int) -> str:
    return f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(first_year, last_year)}"


def generate(directory: Path, rows: int, seed: int = 903) -> tuple[Path, Path]:
    """A synthetic return: ``rows`` episodes over about rows/2.5 children, streamed to disk."""
    rng = random.Random(seed)
    header_path, episodes_path = directory / "header.csv", directory / "episodes.csv"
    children = max(1, int(rows / 2.5))
    with open(header_path, "w", newline="") as header:
        header.write("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n")
        for child in range(children):
            header.write(
                f"{100000 + child},{rng.randint(1, 2)},{_date(rng, 2005, 2020)},WBRI,A{rng.randrange(10**12):012d},,\r\n"
            )
    with open(episodes_path, "w", newline="", encoding="utf-8-sig") as episodes:  # with a BOM, as Excel writes
        episodes.write(
            "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n"
        )
        for n in range(rows):
            child = 100000 + n * children // rows  # episodes of a child are adjacent, as in a real return
            ended = rng.random() < 0.7
            dec, rec = (_date(rng, 2022, 2024), rng.choice(["X1", "E11", "E4A"])) if ended else ("", "")
            episodes.write(
                f"{child},{_date(rng, 2018, 2021)},{rng.choice('SLPTBU')},{rng.choice(['C1', 'C2', 'V2', 'E1'])},N1,"
                f"{rng.choice(['U4', 'U6', 'K2', 'R1', 'P1'])},PR1,{dec},{rec},,{_postcode(rng)},{_postcode(rng)},"
                f"{rng.randrange(10**6, 10**7)}\r\n"
            )
    return header_path, episodes_path


def _consume(items) -> Counter:
    counts: Counter = Counter()
    for item in items:
        counts["taken" if item.payload is not None else "errors" if item.errors else "skipped"] += 1
    return counts


def measure(label: str, run) -> None:
    """Time ``run()`` (which returns an items iterator), then trace its memory in a second run."""
    rss_before = _maxrss_mib()
    started = time.perf_counter()
    counts = _consume(run())
    elapsed = time.perf_counter() - started
    rss_after = _maxrss_mib()

    tracemalloc.start()
    _consume(run())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    rows = sum(counts.values())
    print(f"{label}:")
    print(
        f"  {rows:,} episodes ({counts['taken']:,} taken, {counts['skipped']:,} skipped, {counts['errors']:,} with errors)"
    )
    print(f"  {elapsed:.2f} s, {rows / elapsed:,.0f} rows/second")
    print(f"  tracemalloc peak {peak / 1024 / 1024:.2f} MiB")
    print(f"  maxrss {rss_after:.1f} MiB (was {rss_before:.1f} MiB before this read)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}; maxrss at start {_maxrss_mib():.1f} MiB")

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        header_path, episodes_path = generate(Path(tmp), args.rows)
        size = episodes_path.stat().st_size / 1024 / 1024
        print(f"generated {args.rows:,} episodes ({size:.1f} MiB) in {time.perf_counter() - started:.1f} s")

        def synthetic():
            with open(header_path, "rb") as header, open(episodes_path, "rb") as episodes:
                yield from read_csv_return(header, episodes, districts=HOST, placing_authority="919")

        measure(f"synthetic CSV, districts {sorted(HOST)}", synthetic)

    if SAMPLE.is_dir():
        sample_districts = {"WD10", "E7", "B15", "WZ2", "WA7"}

        def sample_csv():
            with open(SAMPLE / "header.csv", "rb") as header, open(SAMPLE / "episodes.csv", "rb") as episodes:
                yield from read_csv_return(header, episodes, districts=sample_districts, placing_authority="919")

        def sample_xml():
            with open(SAMPLE / "fake_903.xml", "rb") as xml:
                yield from read_xml_return(xml, districts={"T27", "E7", "Q2"}, placing_authority="919")

        measure(f"shared sample CSV, districts {sorted(sample_districts)}", sample_csv)
        measure("shared sample XML, districts ['E7', 'Q2', 'T27']", sample_xml)
    else:
        print(f"(the sample is missing from the repository: {SAMPLE})")


if __name__ == "__main__":
    main()
