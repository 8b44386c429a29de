"""Foedus graph."""
