"""CSV a line at a time, for StreamingHttpResponse: nothing is held in memory but the current row."""

import csv
from collections.abc import Iterable, Iterator


class _Echo:
    """A file that gives back what is written to it, so csv.writer returns each line."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow(row)
