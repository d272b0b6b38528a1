"""dotterel: political news in, PLOVER event data out.

    import dotterel
    coder = dotterel.load()
    doc = coder(text, pub_date="2024-06-21")
    for ev in doc.events: print(doc.event_dict(ev))
"""
from __future__ import annotations

from .document import Actor, Document, Event, Place, Quote
from .errors import DotterelError, InputError, ModelNotTrainedError, ResourceError, StoreError
from .pipeline import Coder, Options
from .analysis import open  # noqa: A004 - dotterel.open(db) -> EventDB of DataFrames

__version__ = "0.1.0"

_LOADED: dict[Options, Coder] = {}


def load(ontology: str = "plover", actor_dictionaries: tuple[str, ...] | list[str] = (), **kwargs: object) -> Coder:
    """A ready coder (cached per options): spaCy model, ontology, actor knowledge and weights loaded once."""
    opts = Options(ontology=ontology, actor_dictionaries=tuple(actor_dictionaries), **kwargs)  # type: ignore[arg-type]
    if opts not in _LOADED:
        _LOADED[opts] = Coder(opts)
    return _LOADED[opts]


__all__ = [
    "Actor", "Coder", "Document", "DotterelError", "Event", "InputError", "ModelNotTrainedError",
    "Options", "Place", "Quote", "ResourceError", "StoreError", "load", "open", "__version__",
]
