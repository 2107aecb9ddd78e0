"""Helpers for the programme office's CSV downloads."""

import csv

from django.http import HttpResponse


def csv_download(filename: str) -> tuple[HttpResponse, "csv._writer"]:
    """A CSV file to download as `filename`, and a writer into it. UTF-8 with a byte-order
    mark first: Excel reads a CSV without one as Windows-1252, garbling accented names."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    return response, csv.writer(response)


def csv_safe(value) -> str:
    """Spreadsheets run cells that start with = + - @ (or tab, CR) as formulas, and people
    typed these cells; a leading apostrophe keeps them text."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
