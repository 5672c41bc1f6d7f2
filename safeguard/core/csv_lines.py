"""Kept for older imports: the CSV writer is core.exports.csv_lines, which neutralises formulas."""

from .exports import csv_lines

__all__ = ["csv_lines"]
