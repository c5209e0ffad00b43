"""Account -> Import a diary, on a phone: upload Migraine Buddy's file, read the dry run
(rows merged, skipped or unreadable, with why), import with the progress bar, undo."""

import pytest
from playwright.sync_api import expect

from diary.models import Entry, User
from diary.tasks import imports as import_tasks
from tests.frontend.browser import go, register, screenshot
from tests.imports.helpers import GOLDEN

pytestmark = pytest.mark.browser


def test_a_patient_previews_imports_and_undoes_a_migraine_buddy_diary(page, monkeypatch):
    # No worker in the browser tests: the task runs as the commit commits, as a worker would.
    monkeypatch.setattr(import_tasks.run_import, "delay", lambda import_id: import_tasks.run_import(import_id))
    email = register(page)
    go(page, "account")
    page.get_by_role("link", name="Import a diary").click()
    expect(page.get_by_role("heading", name="Import a diary")).to_be_visible()
    page.get_by_label("Your diary file").set_input_files(str(GOLDEN / "migraine_buddy.csv"))
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_text("6 to add, 0 to merge, 0 to skip, 2 not readable.")).to_be_visible()
    table = page.get_by_role("table", name="Rows that will not simply be added")
    expect(table.get_by_role("row")).to_have_count(3)
    expect(table).to_contain_text("0 to 10")
    screenshot(page, "import-dry-run")  # for the closing note of issue 26
    patient = User.objects.get(email=email)
    assert not Entry.objects.filter(patient=patient).exists()  # the dry run stored nothing

    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("main").get_by_role("status").filter(has_text="Imported")).to_be_visible()
    expect(page.get_by_label("Import progress")).to_have_attribute("value", "100")
    assert Entry.objects.filter(patient=patient).count() == 6

    # History, in another tab, marks them as imported with their source (the file's two
    # November headaches: the 2nd, and the ongoing one of the 30th).
    history = page.context.new_page()
    go(history, "history?month=2026-11")
    expect(history.get_by_role("listitem").filter(has_text="imported from Migraine Buddy")).to_have_count(2)
    screenshot(history, "history-imported")
    history.close()

    page.get_by_role("button", name="Undo this import").click()
    expect(page.locator("main").get_by_role("status").filter(has_text="undone")).to_be_visible()
    assert not Entry.objects.filter(patient=patient).exists()
