"""Personal names across Arabic and Latin script: romanisation, phonetic keys, matching.

- `romanise` writes an Arabic name in the Latin spelling of a press convention
  (Maghreb, French-based, or Mashriq, English-based); `variants` gives the spellings a
  reader may search for.
- `parse` splits a name into given name, middle names and surname, each with phonetic keys
  that Arabic and Latin spellings of the same name share.
- `compare` scores two names and says whether they are the same person, a candidate pair
  for review, or different.

Reference data: loaders/refdata/romanisation.yaml, with its examples in
romanisation.corpus.yaml.
"""
from __future__ import annotations

from foedus.names.keys import NameParts, block_keys, is_bare_given_name, parse
from foedus.names.match import Match, compare, compare_any
from foedus.names.romanise import convention_for, romanise, variants

__all__ = ["Match", "NameParts", "block_keys", "compare", "compare_any", "convention_for", "is_bare_given_name",
           "parse", "romanise", "variants"]
