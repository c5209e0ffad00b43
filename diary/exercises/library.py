"""The home exercise library: data the project ships (data/exercises.json), checked once
when first read. Adding an exercise is adding an entry to that file and an SVG beside it;
changing one's words is raising its `version`, so a programme records what it was given.
The words come in the reader's language from data/translations/<lang>.json, the project's
own translation of its own text (issue 25); a change to the English changes those too.
"""

import json
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

DATA = Path(__file__).parent / "data"
TRANSLATIONS = DATA / "translations"
DOSE_FIELDS = ("sets", "repetitions", "hold_seconds")
# The words of an exercise a translation gives (its steps and stages as lists, in order).
TEXT_FIELDS = ("title", "aim", "position", "steps", "should_feel", "should_not_feel", "stop_if", "illustration_alt")


class LibraryError(ValueError):
    """The shipped data is malformed: a bug to fix in the data file, caught by the tests."""


@dataclass(frozen=True)
class DoseRange:
    default: int
    min: int
    max: int


@dataclass(frozen=True)
class Exercise:
    code: str
    version: int
    title: str
    aim: str
    position: str
    steps: tuple[str, ...]
    dose: dict[str, DoseRange]
    stages: tuple[dict, ...]
    should_feel: str
    should_not_feel: str
    stop_if: str
    illustration_svg: str
    illustration_alt: str

    @property
    def last_stage(self) -> int | None:
        return self.stages[-1]["stage"] if self.stages else None

    def stage(self, number: int | None) -> dict | None:
        return next((s for s in self.stages if s["stage"] == number), None)

    def as_dict(self) -> dict:
        """JSON-ready, with the illustration inline (no remote images)."""
        return {
            "code": self.code,
            "version": self.version,
            "title": self.title,
            "aim": self.aim,
            "position": self.position,
            "steps": list(self.steps),
            "dose": {name: vars(dose_range) for name, dose_range in self.dose.items()},
            "stages": list(self.stages),
            "should_feel": self.should_feel,
            "should_not_feel": self.should_not_feel,
            "stop_if": self.stop_if,
            "illustration": {"svg": self.illustration_svg, "alt": self.illustration_alt},
        }


def _exercise(raw: dict) -> Exercise:
    code = raw.get("code", "?")
    try:
        dose = {name: DoseRange(**raw["dose"][name]) for name in DOSE_FIELDS}
        for name, dose_range in dose.items():
            if not dose_range.min <= dose_range.default <= dose_range.max:
                raise LibraryError(f"{code}: {name} default outside its range")
        svg = (DATA / "illustrations" / raw["illustration"]["file"]).read_text()
        if "<script" in svg or 'href="http' in svg:
            raise LibraryError(f"{code}: an illustration must be a plain local SVG")
        stages = tuple(raw["stages"])
        if [s["stage"] for s in stages] != list(range(1, len(stages) + 1)):
            raise LibraryError(f"{code}: stages must be numbered 1, 2, 3...")
        return Exercise(
            code=code,
            version=int(raw["version"]),
            title=raw["title"],
            aim=raw["aim"],
            position=raw["position"],
            steps=tuple(raw["steps"]),
            dose=dose,
            stages=stages,
            should_feel=raw["should_feel"],
            should_not_feel=raw["should_not_feel"],
            stop_if=raw["stop_if"],
            illustration_svg=svg.strip(),
            illustration_alt=raw["illustration"]["alt"],
        )
    except (KeyError, TypeError, OSError) as error:
        raise LibraryError(f"{code}: {error!r}") from error


def library() -> dict[str, Exercise]:
    """The library in the active language (issue 25): the project's own translation
    (data/translations/<lang>.json) where there is one, else as written, in English."""
    return _library_in((get_language() or "en").split("-")[0])


@cache
def _english_library() -> dict[str, Exercise]:
    raw = json.loads((DATA / "exercises.json").read_text())
    exercises = [_exercise(item) for item in raw["exercises"]]
    by_code = {exercise.code: exercise for exercise in exercises}
    if len(by_code) != len(exercises):
        raise LibraryError("two exercises share a code")
    return by_code


@cache
def translation(language: str) -> dict | None:
    """The project's translation of the library's words into `language`, checked against
    the library: every exercise, every text, the same number of steps and stages."""
    path = TRANSLATIONS / f"{language}.json"
    if language == "en" or not path.exists():
        return None
    words = json.loads(path.read_text(encoding="utf-8"))
    for code, exercise in _english_library().items():
        found = words["exercises"].get(code)
        if found is None:
            raise LibraryError(f"{path.name}: no words for {code}")
        missing = [name for name in TEXT_FIELDS if not found.get(name)]
        if missing or len(found["steps"]) != len(exercise.steps) or len(found["stages"]) != len(exercise.stages):
            raise LibraryError(
                f"{path.name}: {code} does not match the library (missing {missing}, or steps or stages)"
            )
    if not words.get("programme", {}).get("title") or not words["programme"].get("general_advice"):
        raise LibraryError(f"{path.name}: no words for the general programme")
    return words


@cache
def _library_in(language: str) -> dict[str, Exercise]:
    words = translation(language)
    if words is None:
        return _english_library()
    translated = {}
    for code, exercise in _english_library().items():
        found = words["exercises"][code]
        stages = tuple({**stage, **found["stages"][i]} for i, stage in enumerate(exercise.stages))
        translated[code] = replace(
            exercise,
            title=found["title"],
            aim=found["aim"],
            position=found["position"],
            steps=tuple(found["steps"]),
            stages=stages,
            should_feel=found["should_feel"],
            should_not_feel=found["should_not_feel"],
            stop_if=found["stop_if"],
            illustration_alt=found["illustration_alt"],
        )
    return translated


def library_version() -> int:
    return json.loads((DATA / "exercises.json").read_text())["library_version"]


def default_programme() -> dict:
    """The general programme a patient without a clinician may start themselves, its
    title and advice in the active language where the library has a translation."""
    programme = _english_default_programme()
    words = translation((get_language() or "en").split("-")[0])
    return {**programme, **words["programme"]} if words else programme


@cache
def _english_default_programme() -> dict:
    programme = json.loads((DATA / "default_programme.json").read_text())
    unknown = [item["code"] for item in programme["exercises"] if item["code"] not in _english_library()]
    if unknown:
        raise LibraryError(f"default programme names unknown exercises: {unknown}")
    return programme
