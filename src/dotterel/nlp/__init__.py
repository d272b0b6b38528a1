"""Linguistic parse (spaCy) of the cleaned text."""
