"""The event ontology (PLOVER by default) as data: types, modes, quad classes, scores, contexts."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import ResourceError
from .resources import data_path, load_yaml


@dataclass(frozen=True)
class EventType:
    name: str
    quad: int
    scale: float
    definition: str
    modes: dict[str, str] = field(default_factory=dict)
    examples: tuple[str, ...] = ()
    reciprocal: bool = False  # done together ("A and B met"): several actors, no place or thing as recipient
    dyadic: bool = False  # done between parties ("A and B signed a pact"): with no other recipient, A acts toward B
    asks: bool = False  # what its complement names is asked for, promised, threatened or refused, not done
    ended_by: str | None = None  # the type of ending this act ("stopped shooting", "halted the protests")
    allowed_by: str | None = None  # the type of letting another party do this act ("let the Red Cross deliver food")
    # for an asking type: its mode from the act asked for ("TYPE" or "TYPE@mode" -> mode): a threat to ban is `ban`
    modes_by_act: dict[str, str] = field(default_factory=dict)
    # for an asking type: what asking for an act of TYPE is instead (TYPE -> TYPE): a call for sanctions against
    # a party denounces it
    types_by_act: dict[str, str] = field(default_factory=dict)

    def mode_for_act(self, event: str, mode: str | None) -> str | None:
        """The mode of asking for (promising, threatening, refusing) an act of `event` in `mode`."""
        return self.modes_by_act.get(f"{event}@{mode}") or self.modes_by_act.get(event)


@dataclass(frozen=True)
class Ontology:
    name: str
    version: str
    types: dict[str, EventType]
    quad_classes: dict[int, str]
    contexts: dict[str, str]
    negatives: tuple[str, ...] = ()
    path: Path | None = None

    def __contains__(self, event: str) -> bool:
        return event in self.types

    def quad_name(self, event: str) -> str:
        return self.quad_classes.get(self.types[event].quad, str(self.types[event].quad))


DEFAULT_QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def load_ontology(name: str = "plover") -> Ontology:
    """Load an ontology by built-in name or path, checking every field it must have."""
    path = data_path("ontology", name)
    raw = load_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("types"), dict) or not raw["types"]:
        raise ResourceError(f"{path}: an ontology needs a non-empty 'types' mapping")
    types = {}
    for tname, spec in raw["types"].items():
        if not isinstance(spec, dict):
            raise ResourceError(f"{path}: type {tname}: expected a mapping")
        try:
            quad, scale = int(spec["quad"]), float(spec["scale"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ResourceError(f"{path}: type {tname}: needs numeric 'quad' and 'scale'") from exc
        if quad not in (1, 2, 3, 4) or not -10 <= scale <= 10:
            raise ResourceError(f"{path}: type {tname}: quad must be 1-4 and scale within -10..10")
        for flag in ("reciprocal", "dyadic", "asks"):
            if not isinstance(spec.get(flag, False), bool):
                raise ResourceError(f"{path}: type {tname}: '{flag}' must be true or false")
        types[str(tname)] = EventType(
            name=str(tname), quad=quad, scale=scale,
            definition=str(spec.get("definition", "")),
            modes={str(k): str(v) for k, v in (spec.get("modes") or {}).items()},
            examples=tuple(str(x) for x in spec.get("examples") or ()),
            reciprocal=spec.get("reciprocal", False), dyadic=spec.get("dyadic", False), asks=spec.get("asks", False),
            ended_by=str(spec["ended_by"]) if spec.get("ended_by") else None,
            allowed_by=str(spec["allowed_by"]) if spec.get("allowed_by") else None,
            modes_by_act={str(k): str(v) for k, v in (spec.get("modes_by_act") or {}).items()},
            types_by_act={str(k): str(v) for k, v in (spec.get("types_by_act") or {}).items()},
        )
    for t in types.values():
        for key, target in (("ended_by", t.ended_by), ("allowed_by", t.allowed_by)):
            if target is not None and target not in types:
                raise ResourceError(f"{path}: type {t.name}: '{key}' names {target!r}, which is not a type")
        for act, mode in t.modes_by_act.items():
            etype, _, amode = act.partition("@")
            if etype not in types or (amode and amode not in types[etype].modes) or mode not in t.modes:
                raise ResourceError(f"{path}: type {t.name}: 'modes_by_act' maps {act!r} to {mode!r}; "
                                    "it needs a known TYPE or TYPE@mode and one of this type's modes")
        for act, etype in t.types_by_act.items():
            if act not in types or etype not in types or not t.asks:
                raise ResourceError(f"{path}: type {t.name}: 'types_by_act' maps {act!r} to {etype!r}; "
                                    "it needs known types, on a type that asks")
    quads = {int(k): str(v) for k, v in (raw.get("quad_classes") or DEFAULT_QUADS).items()}
    return Ontology(
        name=str(raw.get("name", path.stem)), version=str(raw.get("version", "")),
        types=types, quad_classes=quads,
        contexts={str(k): str(v) for k, v in (raw.get("contexts") or {}).items()},
        negatives=tuple(str(x) for x in raw.get("negatives") or ()), path=path,
    )
