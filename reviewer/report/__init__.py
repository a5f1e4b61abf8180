"""Formatters over the one Finding model."""

FORMATS = ("terminal", "json", "sarif")
