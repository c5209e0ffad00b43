"""Outcome questionnaires as data (docs/questionnaires.md): the instruments Neckline ships
in data/, plus any a deployment loads from NECKLINE_EXTRA_INSTRUMENTS_DIR (licensed ones it
holds a licence for). Each is a FHIR Questionnaire with its scoring and schedule beside it;
answers arrive as a FHIR QuestionnaireResponse's `item` list.
"""

import copy
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from diary.questionnaires.schema import schema_faults

SHIPPED = Path(__file__).parent / "data"
FORMAT = "neckline-instrument/1"
METHODS = ("value", "sum", "mean")
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"


# The shipped instruments' score bands that their files do not translate (the PGIC's): a
# band is the project's reading of a score, not the instrument's wording, so the catalogue
# translates it like the app's own words (Instrument.band_label). Listed for makemessages.
BAND_LABELS = (
    gettext_noop("Much better or very much better"),
    gettext_noop("Little or no change"),
    gettext_noop("Much worse or very much worse"),
)


def _reader(language: str | None) -> str:
    return (language or get_language() or "en").split("-")[0]


class InstrumentError(ValueError):
    """A data file that does not describe a usable instrument."""


class AnswerError(ValueError):
    """Answers that do not fit the questionnaire; `field` names the item."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Item:
    link_id: str
    text: str
    required: bool
    options: dict[str, str] | None  # code -> display, for choice items
    min: int | None
    max: int | None

    def value_of(self, answer: dict) -> int:
        """The numeric value of one FHIR answer to this item."""
        if self.options is not None:
            code = (answer.get("valueCoding") or {}).get("code")
            if code not in self.options:
                options = ", ".join(self.options.values())
                raise AnswerError(self.link_id, _("Choose one of the options ({options}).").format(options=options))
            return int(code)
        value = answer.get("valueInteger")
        if type(value) is not int or not self.min <= value <= self.max:
            raise AnswerError(
                self.link_id, _("Enter a whole number from {low} to {high}.").format(low=self.min, high=self.max)
            )
        return value


@dataclass(frozen=True)
class Instrument:
    code: str
    version: str
    title: str
    licence: str
    every_days: int
    scoring: dict
    items: tuple[Item, ...]
    questionnaire: dict
    own_rating: bool = False
    # {language: {by, source?, title?, items?: {linkId: {text?, options?}}, bands?}}
    translations: dict = field(default_factory=dict)

    def in_language(self, language: str | None = None) -> dict:
        """The instrument's words for a reader (issue 25): its translation into the reader's
        language where one is held (a validated instrument: only its owner's published one;
        the project's own rating: the project's, marked), else as written, in English.
        {title, questionnaire, scoring, language, translated_by, translation_note}."""
        language = _reader(language)
        found = self.translations.get(language)
        scoring = copy.deepcopy(self.scoring)
        for band in scoring.get("bands", []):
            band["label"] = self.band_label(band["label"], language)
        shown = {"title": self.title, "questionnaire": self.questionnaire, "scoring": scoring}
        if found is None:
            note = (
                None if language == "en" else _("No translation of this questionnaire is available: shown as written.")
            )
            return {**shown, "language": "en", "translated_by": None, "translation_note": note}
        questionnaire = copy.deepcopy(self.questionnaire)
        questionnaire["title"] = found.get("title", self.title)
        questionnaire["language"] = language
        for item in questionnaire["item"]:
            words = found.get("items", {}).get(item["linkId"], {})
            item["text"] = words.get("text", item.get("text", ""))
            for option in item.get("answerOption", []):
                coding = option["valueCoding"]
                coding["display"] = words.get("options", {}).get(coding["code"], coding["display"])
        if found["by"] == "project":
            note = _("Translated by the Neckline project, not by a questionnaire's owner: not a validated translation.")
        else:
            note = _("The translation published by the questionnaire's owner ({source}).").format(
                source=found["source"]
            )
        return {
            "title": questionnaire["title"],
            "questionnaire": questionnaire,
            "scoring": scoring,
            "language": language,
            "translated_by": found["by"],
            "translation_note": note,
        }

    def title_in(self, language: str | None = None) -> str:
        """The instrument's title in the reader's language where its translation gives one."""
        return self.translations.get(_reader(language), {}).get("title", self.title)

    def band_label(self, label: str, language: str | None = None) -> str:
        """A score band, as scored and stored (its English label), in the reader's language:
        the instrument's translation's where it gives bands, else the catalogue's. A label
        the instrument no longer has is shown as stored."""
        labels = [band["label"] for band in self.scoring.get("bands", [])]
        if label not in labels:
            return label
        translated = self.translations.get(_reader(language), {}).get("bands")
        if translated:
            return translated[labels.index(label)]
        with translation.override(_reader(language)):
            return _(label)

    def item(self, link_id: str) -> Item | None:
        return next((item for item in self.items if item.link_id == link_id), None)

    def score(self, response_items: list) -> dict:
        """Check a QuestionnaireResponse's `item` list and score it: {score, band, values}.
        Raises AnswerError naming the first item that does not fit."""
        if not isinstance(response_items, list) or len(response_items) > len(self.items):
            raise AnswerError("item", _("Send one answer for each question of the questionnaire."))
        values: dict[str, int] = {}
        for position, given in enumerate(response_items):
            link_id = given.get("linkId") if isinstance(given, dict) else None
            item = self.item(link_id) if isinstance(link_id, str) else None
            if item is None:
                raise AnswerError(f"item[{position}]", _("This question is not part of the questionnaire."))
            if link_id in values:
                raise AnswerError(link_id, _("Answer each question once."))
            answers = given.get("answer")
            if not isinstance(answers, list) or len(answers) != 1 or not isinstance(answers[0], dict):
                raise AnswerError(link_id, _("Give exactly one answer."))
            values[link_id] = item.value_of(answers[0])
        for item in self.items:
            if item.required and item.link_id not in values:
                raise AnswerError(item.link_id, _("This question needs an answer."))
        score = self._score(values)
        return {"score": score, "band": self._band(score), "values": values}

    def _score(self, values: dict[str, int]) -> float | None:
        scored = [values[link_id] for link_id in self.scoring["items"] if link_id in values]
        if len(scored) != len(self.scoring["items"]):
            return None
        method = self.scoring["method"]
        if method == "value":
            return float(scored[0])
        total = sum(scored)
        result = total if method == "sum" else total / len(scored)
        return round(result, self.scoring.get("decimals", 1))

    def _band(self, score: float | None) -> str | None:
        if score is None:
            return None
        return next((b["label"] for b in self.scoring.get("bands", []) if b["min"] <= score <= b["max"]), None)


def _items(code: str, questionnaire: dict) -> tuple[Item, ...]:
    items = []
    for raw in questionnaire.get("item", []):
        link_id = raw.get("linkId")
        if not isinstance(link_id, str) or not link_id:
            raise InstrumentError(f"{code}: every item needs a linkId")
        if raw.get("type") == "choice":
            options = {o["valueCoding"]["code"]: o["valueCoding"]["display"] for o in raw.get("answerOption", [])}
            if not options or not all(re.fullmatch(r"-?\d+", c) for c in options):
                raise InstrumentError(f"{code}: choice item {link_id} needs numeric option codes")
            items.append(Item(link_id, raw.get("text", ""), bool(raw.get("required")), options, None, None))
        elif raw.get("type") == "integer":
            bounds = {e["url"]: e.get("valueInteger") for e in raw.get("extension", [])}
            low, high = bounds.get(MIN_VALUE), bounds.get(MAX_VALUE)
            if not isinstance(low, int) or not isinstance(high, int) or low > high:
                raise InstrumentError(f"{code}: integer item {link_id} needs minValue and maxValue")
            items.append(Item(link_id, raw.get("text", ""), bool(raw.get("required")), None, low, high))
        else:
            raise InstrumentError(f"{code}: item {link_id} must be of type choice or integer")
    if not items:
        raise InstrumentError(f"{code}: no items")
    return tuple(items)


def instrument_from(document: dict, source: str = "") -> Instrument:
    """Build and check one instrument from its data file's contents."""
    where = source or document.get("code", "?")
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InstrumentError(f"{where}: format must be {FORMAT!r}")
    code = document.get("code")
    if not isinstance(code, str) or not re.fullmatch(r"[a-z0-9_]{1,40}", code):
        raise InstrumentError(f"{where}: code must be lower-case letters, digits or _")
    questionnaire = document.get("questionnaire") or {}
    if questionnaire.get("resourceType") != "Questionnaire":
        raise InstrumentError(f"{where}: questionnaire must be a FHIR Questionnaire")
    items = _items(code, questionnaire)
    scoring = document.get("scoring") or {}
    if scoring.get("method") not in METHODS:
        raise InstrumentError(f"{where}: scoring method must be one of {METHODS}")
    if not scoring.get("items") or any(all(i.link_id != link for i in items) for link in scoring["items"]):
        raise InstrumentError(f"{where}: scoring names items the questionnaire does not have")
    every_days = (document.get("schedule") or {}).get("every_days")
    if not isinstance(every_days, int) or every_days < 1:
        raise InstrumentError(f"{where}: schedule.every_days must be a whole number of days")
    translations = _translations(where, document, items, scoring)
    return Instrument(
        code=code,
        version=str(questionnaire.get("version", "1")),
        title=questionnaire.get("title", code),
        licence=document.get("licence", ""),
        every_days=every_days,
        scoring=scoring,
        items=items,
        questionnaire=questionnaire,
        own_rating=bool(document.get("own_rating")),
        translations=translations,
    )


def _translations(where: str, document: dict, items: tuple[Item, ...], scoring: dict) -> dict:
    """The file's translations, checked: a validated instrument takes only its owner's
    published translations (with their source); only the project's own rating may carry
    the project's. Each names only items, options and bands the instrument has."""
    translations = document.get("translations") or {}
    by_id = {item.link_id: item for item in items}
    for language, found in translations.items():
        if found["by"] == "project" and not document.get("own_rating"):
            raise InstrumentError(
                f"{where}: translations.{language}: a validated instrument takes only its owner's published "
                "translation (by: owner, with its source), never the project's"
            )
        if found["by"] == "owner" and not found.get("source"):
            raise InstrumentError(f"{where}: translations.{language}: an owner's translation names its source")
        for link_id, words in (found.get("items") or {}).items():
            if link_id not in by_id:
                raise InstrumentError(f"{where}: translations.{language}: no item {link_id!r}")
            unknown = set(words.get("options") or {}) - set(by_id[link_id].options or {})
            if unknown:
                raise InstrumentError(f"{where}: translations.{language}.{link_id}: no options {sorted(unknown)}")
        if len(found.get("bands", [])) not in (0, len(scoring.get("bands", []))):
            raise InstrumentError(f"{where}: translations.{language}: one label for each band")
    return translations


def _load(folder: Path) -> list[Instrument]:
    if not folder.is_dir():
        raise InstrumentError(f"{folder}: the instruments folder does not exist")
    found = []
    for path in sorted(folder.glob("*.json")):
        # A link could make the server read any file it can (a symlink to /etc/passwd).
        if path.is_symlink():
            raise InstrumentError(f"{path}: a symbolic link; put the file itself in the folder")
        try:
            document = json.loads(path.read_text())
        except (OSError, ValueError) as error:
            raise InstrumentError(f"{path}: not readable JSON ({error})") from error
        faults = schema_faults(document)
        if faults:
            raise InstrumentError(f"{path}: {'; '.join(faults)}")
        try:
            found.append(instrument_from(document, str(path)))
        except (KeyError, TypeError, AttributeError) as error:  # a shape the schema let through
            raise InstrumentError(f"{path}: malformed ({error!r})") from error
    return found


@cache
def instruments() -> dict[str, Instrument]:
    """The shipped instruments and the deployment's own, by code."""
    loaded = _load(SHIPPED)
    extra = getattr(settings, "NECKLINE_EXTRA_INSTRUMENTS_DIR", "")
    if extra:
        loaded += _load(Path(extra))
    by_code: dict[str, Instrument] = {}
    for instrument in loaded:
        if instrument.code in by_code:
            raise InstrumentError(f"two instruments share the code {instrument.code!r} (one is in {extra or SHIPPED})")
        by_code[instrument.code] = instrument
    return by_code
