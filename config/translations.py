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
import os
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
