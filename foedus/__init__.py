"""Foedus: a knowledge graph of defence partnerships."""

__version__ = "0.1.0"
