"""The home exercise library: data the project ships (data/exercises.json), checked once
when first read. Adding an exercise is adding an entry to that file and an SVG beside it;
changing one's words is raising its `version`, so a programme records what it was given.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
DOSE_FIELDS = ("sets", "repetitions", "hold_seconds")


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


@cache
def library() -> dict[str, Exercise]:
    raw = json.loads((DATA / "exercises.json").read_text())
    exercises = [_exercise(item) for item in raw["exercises"]]
    by_code = {exercise.code: exercise for exercise in exercises}
    if len(by_code) != len(exercises):
        raise LibraryError("two exercises share a code")
    return by_code


def library_version() -> int:
    return json.loads((DATA / "exercises.json").read_text())["library_version"]


@cache
def default_programme() -> dict:
    """The general programme a patient without a clinician may start themselves."""
    programme = json.loads((DATA / "default_programme.json").read_text())
    unknown = [item["code"] for item in programme["exercises"] if item["code"] not in library()]
    if unknown:
        raise LibraryError(f"default programme names unknown exercises: {unknown}")
    return programme
