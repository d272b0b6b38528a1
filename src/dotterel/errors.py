"""Typed errors of the library.

The CLI and the HTTP layer each translate these into a message at one place; the
library never prints or exits.
"""
from __future__ import annotations


class DotterelError(Exception):
    """Base class: every error dotterel raises on purpose is one of these."""

    code = "dotterel_error"


class InputError(DotterelError):
    """The document given cannot be coded (empty, binary, not text, not English)."""

    code = "bad_input"


class ResourceError(DotterelError):
    """A data file (ontology, lexicon, actor dictionary, model) is missing or malformed."""

    code = "bad_resource"


class ModelNotTrainedError(ResourceError):
    """The trained weights for an ontology are missing: run `dotterel train`."""

    code = "model_not_trained"


class StoreError(DotterelError):
    """The database cannot be opened or written."""

    code = "store_error"


class StageError(DotterelError):
    """A stage failed on one document (a bug or a pathological input); the batch records it and goes on."""

    code = "stage_failed"

    def __init__(self, stage: str, cause: BaseException | None = None, message: str | None = None) -> None:
        super().__init__(message or f"stage {stage!r} failed: {type(cause).__name__}: {cause}")
        self.stage = stage

    def __reduce__(self) -> tuple[type, tuple[str, None, str]]:
        return type(self), (self.stage, None, str(self))  # picklable: crosses process boundaries


class TimeLimitError(DotterelError):
    """A document took longer than the per-document time limit; it is recorded as a failure."""

    code = "time_limit"
