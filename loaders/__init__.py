"""Foedus loaders."""
