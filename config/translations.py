"""The translation catalogues: the committed .po files under locale/ compiled to what runs.

Two outputs, both git-ignored and rebuilt whenever a .po file is newer:
- locale/<lang>/LC_MESSAGES/django.mo, which Django's gettext reads (the server's words);
- frontend/js/catalogues/<lang>.js, an ES module from djangojs.po that the PWA imports
  (frontend/js/i18n.js). It lives in the frontend folder, so the service worker precaches
  it with the rest of the app (config/views.py lists every script) and the app opens in
  its language offline, and `collectstatic` hashes and compresses it like any module.

Compiled in pure Python at start-up (diary/apps.py) and by `manage.py compiletranslations`,
so neither a server image nor a fresh clone needs GNU gettext installed; only a translator
running `makemessages` does. Fuzzy entries are left out, as msgfmt leaves them out.
"""

import ast
import json
import math
import os
import re
import struct
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = BASE_DIR / "locale"
JS_CATALOGUE_DIR = BASE_DIR / "frontend" / "js" / "catalogues"


@dataclass
class Message:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False
    obsolete: bool = False

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


def parse_po(text: str) -> list[Message]:
    """The entries of a .po file, the header (msgid "") first. Obsolete (#~) entries are
    kept but marked, so a check can refuse them."""
    messages: list[Message] = []
    current, key = Message(), None

    def finish():
        nonlocal current, key
        if key is not None:
            messages.append(current)
        current, key = Message(), None

    for raw in text.splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        line = line[2:].strip() if obsolete else line
        if not line:
            continue
        if line.startswith("#"):
            if current.msgstr:  # a comment after a whole entry belongs to the next one
                finish()
            current.fuzzy = current.fuzzy or (line.startswith("#,") and "fuzzy" in line)
            continue
        if line.startswith('"'):
            if key is None:
                raise ValueError(f"a string outside any entry: {raw!r}")
            value = ast.literal_eval(line)
        else:
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and current.msgstr:
                finish()
            value = ast.literal_eval(rest)
            if keyword.startswith("msgstr"):
                key = ("msgstr", int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0)
                current.msgstr[key[1]] = ""
            elif keyword in ("msgctxt", "msgid", "msgid_plural"):
                key = (keyword, 0)
                setattr(current, keyword, "")
            else:
                raise ValueError(f"cannot read this .po line: {raw!r}")
        current.obsolete = current.obsolete or obsolete
        if key[0] == "msgstr":
            current.msgstr[key[1]] += value
        else:
            setattr(current, key[0], getattr(current, key[0]) + value)
    finish()
    return messages


def _key(message: Message) -> str:
    key = message.msgid if message.msgid_plural is None else f"{message.msgid}\0{message.msgid_plural}"
    return key if message.msgctxt is None else f"{message.msgctxt}\x04{key}"


def mo_bytes(messages: list[Message]) -> bytes:
    """GNU .mo bytes (little-endian, no hash table): what msgfmt writes, minus fuzzy entries."""
    pairs = sorted(
        (_key(m).encode(), "\0".join(m.msgstr[i] for i in sorted(m.msgstr)).encode())
        for m in messages
        if not m.fuzzy and not m.obsolete and (m.translated or m.msgid == "")
    )
    header_size = 7 * 4
    ids_table = header_size
    strs_table = ids_table + 8 * len(pairs)
    data_start = strs_table + 8 * len(pairs)
    ids, strs, offsets_ids, offsets_strs = b"", b"", [], []
    for key, _value in pairs:
        offsets_ids.append((len(key), data_start + len(ids)))
        ids += key + b"\0"
    strs_start = data_start + len(ids)
    for _key_bytes, value in pairs:
        offsets_strs.append((len(value), strs_start + len(strs)))
        strs += value + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, len(pairs), ids_table, strs_table, 0, data_start)
    out += b"".join(struct.pack("<2I", *pair) for pair in offsets_ids)
    out += b"".join(struct.pack("<2I", *pair) for pair in offsets_strs)
    return out + ids + strs


def js_catalogue(messages: list[Message], language: str) -> str:
    """An ES module: {language, messages: {msgid: text or [singular, plural, ...]}}. Plural
    forms are chosen in the browser by Intl.PluralRules (frontend/js/i18n.js)."""
    entries = {}
    for m in messages:
        if m.msgid == "" or m.fuzzy or m.obsolete or not m.translated:
            continue
        forms = [m.msgstr[i] for i in sorted(m.msgstr)]
        entries[_key(m)] = forms if m.msgid_plural is not None else forms[0]
    body = json.dumps({"language": language, "messages": entries}, ensure_ascii=False, sort_keys=True, indent=0)
    return f"// Generated from locale/{language}/LC_MESSAGES/djangojs.po by config/translations.py: do not edit.\n" + (
        f"export default {body};\n"
    )


def _write_atomically(path: Path, data: bytes) -> None:
    # Web, worker and beat start at once: each writes whole files or none.
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, prefix=f".{path.name}.") as handle:
        handle.write(data)
    os.replace(handle.name, path)


def _stale(source: Path, target: Path) -> bool:
    return not target.exists() or target.stat().st_mtime < source.stat().st_mtime


def compile_all(*, force: bool = False) -> list[Path]:
    """Compile every .po file under locale/ that is newer than its output; return what was written."""
    written = []
    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        language = po.parent.parent.name
        messages = None
        mo = po.with_suffix(".mo")
        if force or _stale(po, mo):
            messages = parse_po(po.read_text(encoding="utf-8"))
            _write_atomically(mo, mo_bytes(messages))
            written.append(mo)
        if po.stem == "djangojs":
            js = JS_CATALOGUE_DIR / f"{language}.js"
            if force or _stale(po, js):
                messages = messages or parse_po(po.read_text(encoding="utf-8"))
                _write_atomically(js, js_catalogue(messages, language).encode())
                written.append(js)
    return written


def compile_at_startup() -> None:
    """At start-up: compile what is stale. A read-only install (an image built with its
    catalogues compiled) has nothing stale and writes nothing."""
    try:
        compile_all()
    except OSError as error:
        import logging

        logging.getLogger(__name__).warning("translations not compiled: %s", error.__class__.__name__)


# --- The pseudo-language (issue 25, tests only) ------------------------------------------
#
# Every English text wrapped and lengthened by 40%: "Save entry" becomes
# "⟦Šàvé éñţŕý····⟧". A screen shown in it tells at a glance which words bypassed the
# catalogue (they stay plain English), and whether the layout survives longer words. Its
# catalogues are generated from the msgids at test time (tests/frontend/
# test_pseudo_language.py); nothing here is in settings.LANGUAGES, in locale/ or in the
# PWA's list of languages, so it never reaches a user.

PSEUDO_LANGUAGE = "xx"  # a private-use code in form, and one Django accepts (ll)
PSEUDO_OPEN, PSEUDO_CLOSE, PSEUDO_PAD = "⟦", "⟧", "·"
PLURALS = "Plural-Forms: nplurals=2; plural=(n != 1);\n"
_PSEUDO_LETTERS = str.maketrans(
    "abcdeghiklnorstuwyzABCDEGHIKLNORSTUWYZ",
    "àƀçđéĝĥîķļñöŕšţüŵýžÀƁÇĐÉĜĤÎĶĻÑÖŘŠŢÜŴÝŽ",
)
# What a translation must keep as it is: Python's and the PWA's placeholders, markup, entities.
_KEPT = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*(?:\.\d+)?[sdifr%]|\{[^{}]*\}|<[^<>]+>|&#?\w+;")


def pseudo(text: str) -> str:
    """`text` in the pseudo-language: letters accented, placeholders kept, wrapped, and 40%
    longer, each word lengthened (a German compound breaks a line no better than its
    English word, and no worse)."""
    if not text:
        return text
    kept = list(_KEPT.finditer(text))
    parts, last = [], 0
    for match in kept:
        parts += [_pseudo_words(text[last : match.start()]), match.group()]
        last = match.end()
    parts.append(_pseudo_words(text[last:]))
    body = "".join(parts)
    short = round(0.4 * len(text)) - (len(body) - len(text))  # what the words' padding left to add
    return f"{PSEUDO_OPEN}{body}{PSEUDO_PAD * max(short, 0 if body != text else 1)}{PSEUDO_CLOSE}"


def _pseudo_words(text: str) -> str:
    return re.sub(r"\w+", lambda word: word.group() + PSEUDO_PAD * math.ceil(0.4 * len(word.group())), text).translate(
        _PSEUDO_LETTERS
    )


def pseudo_words(value):
    """A JSON structure (a data file's translation) with every string in the pseudo-language."""
    if isinstance(value, str):
        return pseudo(value)
    if isinstance(value, list):
        return [pseudo_words(item) for item in value]
    if isinstance(value, dict):
        return {key: pseudo_words(item) for key, item in value.items()}
    return value


def read_mo(data: bytes) -> list[Message]:
    """The msgids of a GNU .mo file (little- or big-endian), plural msgids and contexts kept:
    what a third-party app ships when it ships no .po (Django REST framework)."""
    order = "<" if struct.unpack("<I", data[:4])[0] == 0x950412DE else ">"
    count, ids_at = struct.unpack(f"{order}2I", data[8:16])
    messages = []
    for index in range(count):
        length, offset = struct.unpack(f"{order}2I", data[ids_at + 8 * index : ids_at + 8 * index + 8])
        key = data[offset : offset + length].decode("utf-8")
        context, _, key = key.rpartition("\x04")
        singular, _, plural = key.partition("\0")
        if singular:
            messages.append(Message(msgid=singular, msgid_plural=plural or None, msgctxt=context or None))
    return messages


def pseudo_catalogue(sources: list[Path]) -> list[Message]:
    """Every msgid of the given .po and .mo files once, in the pseudo-language; the header first."""
    header = Message(msgstr={0: f"Content-Type: text/plain; charset=UTF-8\nLanguage: {PSEUDO_LANGUAGE}\n" + PLURALS})
    found: dict[str, Message] = {}
    for source in sources:
        data = source.read_bytes()
        entries = read_mo(data) if source.suffix == ".mo" else parse_po(data.decode("utf-8"))
        for m in entries:
            if m.msgid and not m.obsolete:
                forms = [m.msgid] if m.msgid_plural is None else [m.msgid, m.msgid_plural]
                message = Message(m.msgid, m.msgid_plural, m.msgctxt, {i: pseudo(f) for i, f in enumerate(forms)})
                found.setdefault(_key(message), message)
    return [header, *found.values()]


def compile_pseudo(directory: Path, server_sources: list[Path]) -> dict:
    """The pseudo-language's catalogues: <directory>/xx/LC_MESSAGES/django.mo for the server
    (from `server_sources`: the project's .po files and the installed apps' catalogues), and,
    returned, the PWA's catalogue ({language, messages}, as frontend/js/catalogues/<lang>.js
    holds) from every djangojs.po under locale/."""
    mo = directory / PSEUDO_LANGUAGE / "LC_MESSAGES" / "django.mo"
    _write_atomically(mo, mo_bytes(pseudo_catalogue(server_sources)))
    js = pseudo_catalogue(sorted(LOCALE_DIR.glob("*/LC_MESSAGES/djangojs.po")))
    return {
        "language": PSEUDO_LANGUAGE,
        "messages": {_key(m): (m.msgstr[0] if m.msgid_plural is None else [m.msgstr[0], m.msgstr[1]]) for m in js[1:]},
    }


def server_catalogue_sources() -> list[Path]:
    """What the server's words are looked up in: the project's django.po files, and the
    German catalogues of Django and of every installed app (each has one) for their msgids.
    Needs the app registry (django.setup())."""
    import django
    from django.apps import apps

    theirs = [
        Path(django.__file__).parent / "conf" / "locale",
        *(Path(a.path) / "locale" for a in apps.get_app_configs()),
    ]
    found = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))
    for folder in theirs:
        mo = folder / "de" / "LC_MESSAGES" / "django.mo"
        if mo.exists() and not mo.is_relative_to(LOCALE_DIR):
            found.append(mo)
    return found
