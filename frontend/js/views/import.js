// Account -> Import a diary (issue 26): upload a file, read the dry run (what will be
// created, merged or skipped and why, with row numbers), import it with a progress bar,
// and undo it for a day. The file goes as multipart: api() speaks JSON only.

import { api, get, refreshCsrf } from "../api.js";
import { t } from "../i18n.js";
import { announce, errorList, field, h } from "../ui.js";
import { LISTS, textOf } from "../vocabulary.js";

// diary/choices.py's ImportFormat, from the vocabulary.
const FORMATS = () => [["", t("Find out from the file")], ...(LISTS.ImportFormat || [])];
// A refusal names its field: said with the form's own words, never the API's field name.
const NAMES = () => ({ file: t("Your diary file"), format: t("Where it comes from"),
  mapping: t("Column mapping (another spreadsheet only)") });

async function upload(form) {
  const token = await refreshCsrf();
  const response = await fetch("/api/v1/imports/", {
    method: "POST", body: new FormData(form), credentials: "same-origin",
    headers: { Accept: "application/json", "X-CSRFToken": token },
  });
  return { ok: response.ok, status: response.status, data: await response.json().catch(() => null) };
}

function previewTable(preview) {
  const rows = [...preview.errors.map((error) => ({ row: error.row, date: "—", action: t("Not read"), reason: error.reason })),
    ...preview.details.map((detail) => ({ ...detail, action: textOf(LISTS.ImportRowAction || [], detail.action) }))].sort((a, b) => a.row - b.row);
  return h("div", {},
    h("p", { class: "summary" }, t("{create} to add, {merge} to merge, {skip} to skip, {unreadable} not readable.",
      { create: preview.create, merge: preview.merge, skip: preview.skip, unreadable: preview.errors.length })),
    rows.length ? h("table", { class: "rows" },
      h("caption", {}, t("Rows that will not simply be added")),
      h("thead", {}, h("tr", {}, ...[t("Row"), t("Date"), t("What happens"), t("Why")].map((text) => h("th", { scope: "col" }, text)))),
      h("tbody", {}, ...rows.map((row) => h("tr", {}, h("td", {}, String(row.row)), h("td", {}, row.date), h("td", {}, row.action), h("td", {}, row.reason))))) : null,
    Object.keys(preview.not_mapped || {}).length ? h("p", { class: "hint" },
      t("Not mapped: {columns}", { columns: Object.entries(preview.not_mapped).map(([column, what]) => `${column}: ${what}`).join("; ") })) : null);
}

function runSection(created, area) {
  // Shown once the import starts: an empty bar before it read as an import already stuck.
  const bar = h("progress", { max: "100", value: "0", "aria-label": t("Import progress"), hidden: true });
  const status = h("p", { role: "status", "aria-live": "polite" });
  const undo = h("button", { type: "button", hidden: true, onclick: async () => {
    const response = await api("DELETE", `/api/v1/imports/${created.id}/`);
    status.textContent = response.ok ? t("The import was undone.") : t("It could not be undone.");
    if (response.ok) undo.hidden = true;
    announce(status.textContent);
  } }, t("Undo this import"));
  const start = h("button", { type: "button", class: "primary wide", onclick: async () => {
    start.disabled = true;
    bar.hidden = false;
    const response = await api("POST", `/api/v1/imports/${created.id}/commit/`);
    if (!response.ok) { area.append(errorList(response.data, NAMES())); return; }
    for (;;) {
      const current = await get(`/api/v1/imports/${created.id}/`);
      bar.value = current.data.progress;
      if (["done", "failed"].includes(current.data.status)) {
        status.textContent = current.data.status === "done" ? t("Imported. The entries are in your History.") : current.data.error;
        undo.hidden = current.data.status !== "done";
        announce(status.textContent);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } }, t("Import"));
  return h("div", {}, start, bar, status, undo);
}

export function render() {
  const area = h("div", {});
  const mapping = h("textarea", { name: "mapping", rows: 3, placeholder: t('{"columns": {"date": "Day", "severity": "Pain"}}') });
  const form = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    area.replaceChildren(h("p", { role: "status" }, t("Reading the file…")));
    if (!mapping.value.trim()) mapping.disabled = true;
    const response = await upload(form).finally(() => { mapping.disabled = false; });
    if (!response.ok) { area.replaceChildren(errorList(response.data || { detail: t("The file could not be read.") }, NAMES())); return; }
    area.replaceChildren(h("h2", {}, t("What will happen")), previewTable(response.data.preview), runSection(response.data, area));
    announce(t("The dry run is ready."));
  } },
  field(t("Your diary file"), h("input", { type: "file", name: "file", required: true })),
  field(t("Where it comes from"), h("select", { name: "format" }, ...FORMATS().map(([value, text]) => h("option", { value }, text)))),
  field(t("Column mapping (another spreadsheet only)"), mapping, t("Which of your columns holds the date, the pain, the notes.")),
  h("button", { type: "submit", class: "primary wide" }, t("Check the file")));
  return h("div", {}, h("section", { class: "card" }, h("h1", {}, t("Import a diary")),
    h("p", {}, t("Nothing is added until you press Import, and you can undo an import for a day.")), form), area);
}
