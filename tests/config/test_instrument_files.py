"""A deployment's own questionnaire instruments (NECKLINE_EXTRA_INSTRUMENTS_DIR) are read
and checked at start-up: a faulty folder stops the process, naming the file and the
fault (issue 24, item 4), instead of every questionnaire endpoint answering 500 later."""

import copy
import json

import pytest

from tests.config.test_settings import start_up
from tests.exercises.test_adherence_and_questionnaires import MADE_UP


def faulty(change):
    document = copy.deepcopy(MADE_UP)
    change(document)
    return json.dumps(document)


def _set(path, value):
    def change(document):
        *parents, last = path
        target = document
        for key in parents:
            target = target[key]
        target[last] = value

    return change


FAULTS = [
    # (what the file holds, words the refusal must contain)
    ("{not json", "not readable JSON"),
    (faulty(_set(["questionnaire", "item", 0], "screen")), "questionnaire.item.0"),
    (faulty(_set(["scoring", "items"], "screen")), "scoring.items"),
    (faulty(_set(["questionnaire", "item", 0, "answerOption", 0], {"code": "0"})), "valueCoding"),
    (faulty(_set(["scoring", "bands"], "low")), "scoring.bands"),
    (faulty(_set(["scoring", "decimals"], "1")), "scoring.decimals"),
    (faulty(_set(["schedule", "every_days"], 10**9)), "schedule.every_days"),
]


@pytest.mark.parametrize(("content", "named"), FAULTS)
def test_a_faulty_instrument_file_stops_start_up_naming_the_file_and_the_fault(tmp_path, content, named):
    folder = tmp_path / "instruments"
    folder.mkdir()
    (folder / "desk_comfort.json").write_text(content)

    result = start_up(tmp_path, NECKLINE_EXTRA_INSTRUMENTS_DIR=str(folder))

    assert result.returncode != 0
    refusal = result.stderr.splitlines()[-1]
    assert "desk_comfort.json" in refusal and named in refusal


def test_a_code_the_shipped_instruments_use_stops_start_up(tmp_path):
    folder = tmp_path / "instruments"
    folder.mkdir()
    (folder / "my_pgic.json").write_text(faulty(_set(["code"], "pgic")))
    result = start_up(tmp_path, NECKLINE_EXTRA_INSTRUMENTS_DIR=str(folder))
    assert result.returncode != 0
    assert "share the code 'pgic'" in result.stderr.splitlines()[-1]


def test_a_symbolic_link_is_refused(tmp_path):
    folder = tmp_path / "instruments"
    folder.mkdir()
    (folder / "passwd.json").symlink_to("/etc/passwd")
    result = start_up(tmp_path, NECKLINE_EXTRA_INSTRUMENTS_DIR=str(folder))
    assert result.returncode != 0
    assert "passwd.json: a symbolic link" in result.stderr.splitlines()[-1]


def test_a_folder_that_does_not_exist_is_an_error(tmp_path):
    result = start_up(tmp_path, NECKLINE_EXTRA_INSTRUMENTS_DIR=str(tmp_path / "nowhere"))
    assert result.returncode != 0
    assert "nowhere: the instruments folder does not exist" in result.stderr.splitlines()[-1]


def test_a_valid_folder_starts(tmp_path):
    folder = tmp_path / "instruments"
    folder.mkdir()
    (folder / "desk_comfort.json").write_text(json.dumps(MADE_UP))
    result = start_up(tmp_path, NECKLINE_EXTRA_INSTRUMENTS_DIR=str(folder))
    assert result.returncode == 0, result.stderr
