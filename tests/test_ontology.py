"""The ontology file: which types are done together, and a clear error for a malformed flag."""
from __future__ import annotations

from pathlib import Path

import pytest

from dotterel.errors import ResourceError
from dotterel.ontology import load_ontology


def test_plovers_types_done_together_are_marked_reciprocal():
    types = load_ontology("plover").types
    assert {t for t, spec in types.items() if spec.reciprocal} == {"CONSULT", "AGREE", "COOPERATE", "SUPPORT"}


def test_a_reciprocal_flag_that_is_not_true_or_false_names_the_file_and_type(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\ntypes:\n  MEET:\n    quad: 1\n    scale: 1\n    reciprocal: sometimes\n")
    with pytest.raises(ResourceError, match=r"bad\.yaml: type MEET: 'reciprocal' must be true or false"):
        load_ontology(str(path))
