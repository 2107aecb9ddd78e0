"""Helpers for the programme office's CSV downloads."""


def csv_safe(value) -> str:
    """Spreadsheets run cells that start with = + - @ (or tab, CR) as formulas, and people
    typed these cells; a leading apostrophe keeps them text."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
