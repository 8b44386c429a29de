"""Foedus ontology."""
