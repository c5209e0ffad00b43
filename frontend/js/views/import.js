// Account -> Import a diary (issue 26): upload a file, read the dry run (what will be
// created, merged or skipped and why, with row numbers), import it with a progress bar,
// and undo it for a day. The file goes as multipart: api() speaks JSON only.

import { api, get, refreshCsrf } from "../api.js";
import { announce, errorList, field, h } from "../ui.js";
import { LISTS } from "../vocabulary.js";

// diary/choices.py's ImportFormat, from the vocabulary.
const FORMATS = [["", "Find out from the file"], ...(LISTS.ImportFormat || [])];
const ACTIONS = { merge: "Merged", skip: "Skipped" };

async function upload(form) {
  const token = await refreshCsrf();
  const response = await fetch("/api/v1/imports/", {
    method: "POST", body: new FormData(form), credentials: "same-origin",
    headers: { Accept: "application/json", "X-CSRFToken": token },
  });
  return { ok: response.ok, status: response.status, data: await response.json().catch(() => null) };
}

function previewTable(preview) {
  const rows = [...preview.errors.map((error) => ({ row: error.row, date: "—", action: "Not read", reason: error.reason })),
    ...preview.details.map((detail) => ({ ...detail, action: ACTIONS[detail.action] }))].sort((a, b) => a.row - b.row);
  return h("div", {},
    h("p", { class: "summary" }, `${preview.create} to add, ${preview.merge} to merge, ${preview.skip} to skip, ${preview.errors.length} not readable.`),
    rows.length ? h("table", { class: "rows" },
      h("caption", {}, "Rows that will not simply be added"),
      h("thead", {}, h("tr", {}, ...["Row", "Date", "What happens", "Why"].map((text) => h("th", { scope: "col" }, text)))),
      h("tbody", {}, ...rows.map((row) => h("tr", {}, h("td", {}, String(row.row)), h("td", {}, row.date), h("td", {}, row.action), h("td", {}, row.reason))))) : null,
    Object.keys(preview.not_mapped || {}).length ? h("p", { class: "hint" },
      "Not mapped: " + Object.entries(preview.not_mapped).map(([column, what]) => `${column}: ${what}`).join("; ")) : null);
}

function runSection(created, area) {
  // Shown once the import starts: an empty bar before it read as an import already stuck.
  const bar = h("progress", { max: "100", value: "0", "aria-label": "Import progress", hidden: true });
  const status = h("p", { role: "status", "aria-live": "polite" });
  const undo = h("button", { type: "button", hidden: true, onclick: async () => {
    const response = await api("DELETE", `/api/v1/imports/${created.id}/`);
    status.textContent = response.ok ? "The import was undone." : "It could not be undone.";
    if (response.ok) undo.hidden = true;
    announce(status.textContent);
  } }, "Undo this import");
  const start = h("button", { type: "button", class: "primary wide", onclick: async () => {
    start.disabled = true;
    bar.hidden = false;
    const response = await api("POST", `/api/v1/imports/${created.id}/commit/`);
    if (!response.ok) { area.append(errorList(response.data)); return; }
    for (;;) {
      const current = await get(`/api/v1/imports/${created.id}/`);
      bar.value = current.data.progress;
      if (["done", "failed"].includes(current.data.status)) {
        status.textContent = current.data.status === "done" ? "Imported. The entries are in your History." : current.data.error;
        undo.hidden = current.data.status !== "done";
        announce(status.textContent);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } }, "Import");
  return h("div", {}, start, bar, status, undo);
}

export function render() {
  const area = h("div", {});
  const mapping = h("textarea", { name: "mapping", rows: 3, placeholder: '{"columns": {"date": "Day", "severity": "Pain"}}' });
  const form = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    area.replaceChildren(h("p", { role: "status" }, "Reading the file…"));
    if (!mapping.value.trim()) mapping.disabled = true;
    const response = await upload(form).finally(() => { mapping.disabled = false; });
    if (!response.ok) { area.replaceChildren(errorList(response.data || { detail: "The file could not be read." })); return; }
    area.replaceChildren(h("h2", {}, "What will happen"), previewTable(response.data.preview), runSection(response.data, area));
    announce("The dry run is ready.");
  } },
  field("Your diary file", h("input", { type: "file", name: "file", required: true })),
  field("Where it comes from", h("select", { name: "format" }, ...FORMATS.map(([value, text]) => h("option", { value }, text)))),
  field("Column mapping (another spreadsheet only)", mapping, "Which of your columns holds the date, the pain, the notes."),
  h("button", { type: "submit", class: "primary wide" }, "Check the file"));
  return h("div", {}, h("section", { class: "card" }, h("h1", {}, "Import a diary"),
    h("p", {}, "Nothing is added until you press Import, and you can undo an import for a day."), form), area);
}
