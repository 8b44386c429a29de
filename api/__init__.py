"""Foedus api."""
