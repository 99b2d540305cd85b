"""Carnet: a patient-record system for French medical practices, secure by default."""

__version__ = "0.1.0"
