// Log: the first screen. A headache in three taps (side, severity, Save), a
// headache-free day in one, details one tap away. Every entry goes to the
// outbox first under its own UUID, then to the server; red-flag advice from the
// server's answer is shown before anything else.

import { get } from "../api.js";
import { items, queue } from "../outbox.js";
import { announce, choiceGroup, errorList, field, h, localToday } from "../ui.js";
import * as vocab from "../vocabulary.js";

const EMPTY = {
  headache: true, side: null, severity: null, onset_region: null, neck_trigger: null, posture: null, quality: null,
  symptoms: [], medications: [], red_flags: [], started_at: null, duration_minutes: null, worse_with_activity: null,
  screen_hours: null, notes: "",
};

// After a save the form starts afresh with one of these (a code in the URL, never free text).
const SAVED_MESSAGES = {
  headache: "Saved. Take care.",
  free: "Saved: a headache-free day.",
  offline: "Saved on this phone. It will be sent when you are online.",
};

/** The PUT body: only what the patient answered (the server fills the rest). */
function bodyOf(state) {
  const body = { date: state.date, headache: state.headache };
  if (!state.headache) {
    if (state.screen_hours !== null) body.screen_hours = state.screen_hours;
    if (state.notes) body.notes = state.notes;
    return body;
  }
  for (const [name, value] of Object.entries(state)) {
    if (name in body || value === null || value === "" || (Array.isArray(value) && !value.length)) continue;
    if (name in EMPTY) body[name] = value;
  }
  return body;
}

function adviceBox(advice) {
  return h("section", { class: "advice", role: "alert", tabindex: "-1" },
    h("h2", {}, advice.urgency === "emergency" ? "Get medical help now" : "Please see a doctor soon"),
    h("p", {}, advice.message));
}

async function loadForEdit(id) {
  const pending = (await items()).find((item) => item.id === id);
  if (pending) return { ...pending.body, id };
  const response = await get(`/api/v1/entries/${id}/`);
  return response.ok ? response.data : null;
}

export async function render({ query, sync, navigate }) {
  const editing = query.get("edit");
  const loaded = editing ? await loadForEdit(editing) : null;
  const state = { ...EMPTY, date: localToday(), ...(loaded || {}) };
  const id = loaded ? editing : crypto.randomUUID();

  const top = h("div", {}); // advice and errors go here, above everything else
  // Shown; announced once through the announcer. After a save the form starts afresh with this line.
  const status = h("p", { class: "saved" }, SAVED_MESSAGES[query.get("saved")] || "");
  const set = (name) => (value) => { state[name] = value; };

  async function save(body) {
    top.replaceChildren();
    await queue(id, body);
    window.dispatchEvent(new Event("neckline:saved"));
    if ("serviceWorker" in navigator && navigator.serviceWorker.ready) {
      navigator.serviceWorker.ready.then((reg) => reg.sync && reg.sync.register("outbox")).catch(() => {});
    }
    const result = await sync();
    const response = result.responses.get(id);
    if (response && !response.ok) {
      top.replaceChildren(errorList(response.data));
      status.textContent = "Not saved: please check the answers above.";
      announce(status.textContent);
      return;
    }
    const outcome = !response ? "offline" : body.headache ? "headache" : "free";
    const message = SAVED_MESSAGES[outcome];
    announce(message);
    if (response && response.data.advice) {
      // The advice stays on screen, first and focused: nothing may replace it.
      top.replaceChildren(adviceBox(response.data.advice));
      top.firstChild.focus();
      status.textContent = message;
    } else if (editing) {
      navigate("#/history");
    } else {
      navigate(`#/log?saved=${outcome}`); // a fresh form for the next entry
    }
  }

  const quick = h("section", { class: "card", "aria-labelledby": "quick-title" },
    h("h2", { id: "quick-title", class: "visually-hidden" }, "Quick log"),
    choiceGroup({ legend: "Which side?", options: vocab.SIDES, value: state.side, onChange: set("side"), className: "sides" }),
    choiceGroup({ legend: "How bad, 0 to 10?", options: vocab.SEVERITIES, value: state.severity, onChange: set("severity"), className: "severity" }),
  );

  const details = detailsSection(state, set);
  const saveButton = h("button", { type: "button", class: "primary wide", onclick: () => {
    const missing = [!state.side && "side", state.severity === null && "severity"].filter(Boolean);
    if (missing.length) {
      top.replaceChildren(errorList(Object.fromEntries(missing.map((name) => [name, ["Please choose one."]]))));
      return;
    }
    save(bodyOf({ ...state, headache: true }));
  } }, "Save");
  const noHeadache = h("button", { type: "button", class: "wide", onclick: () => save({ date: state.date, headache: false }) },
    "No headache today");

  return h("section", {},
    top,
    h("h1", {}, editing ? "Edit entry" : "Log a headache"),
    status,
    quick,
    details,
    h("div", { class: "actions" }, saveButton, editing ? null : noHeadache),
    h("p", { class: "hint" }, "Tap a side and a number, then Save. Everything else is optional."));
}

function detailsSection(state, set) {
  const date = h("input", { type: "date", value: state.date, max: localToday(), onchange: (e) => set("date")(e.target.value) });
  const started = h("input", { type: "time", value: state.started_at || "", onchange: (e) => set("started_at")(e.target.value || null) });
  const duration = h("input", { type: "number", min: 1, max: 10080, inputmode: "numeric", value: state.duration_minutes ?? "",
    onchange: (e) => set("duration_minutes")(e.target.value ? Number(e.target.value) : null) });
  const screen = h("input", { type: "number", min: 0, max: 24, step: "0.5", inputmode: "decimal", value: state.screen_hours ?? "",
    onchange: (e) => set("screen_hours")(e.target.value === "" ? null : Number(e.target.value)) });
  const worse = h("input", { type: "checkbox", checked: state.worse_with_activity === true,
    onchange: (e) => set("worse_with_activity")(e.target.checked ? true : null) });
  const notes = h("textarea", { maxlength: 2000, onchange: (e) => set("notes")(e.target.value) }, state.notes || "");

  return h("details", { class: "more card" },
    h("summary", {}, "More detail"),
    field("Date", date),
    choiceGroup({ legend: "Where did it start?", options: vocab.ONSET_REGIONS, value: state.onset_region, onChange: set("onset_region") }),
    choiceGroup({ legend: "What brought it on?", options: vocab.NECK_TRIGGERS, value: state.neck_trigger, onChange: set("neck_trigger") }),
    choiceGroup({ legend: "What were you doing?", options: vocab.POSTURES, value: state.posture, onChange: set("posture") }),
    choiceGroup({ legend: "What did it feel like?", options: vocab.QUALITIES, value: state.quality, onChange: set("quality") }),
    choiceGroup({ legend: "Other symptoms", options: vocab.SYMPTOMS, value: state.symptoms, multiple: true, onChange: set("symptoms") }),
    medicationFields(state, set),
    h("div", { class: "row" }, field("Started at", started), field("Lasted (minutes)", duration)),
    h("label", { class: "check" }, worse, "Worse with routine activity (walking, stairs)"),
    field("Hours at a screen today", screen),
    redFlagFields(state, set),
    field("Notes", notes));
}

function medicationFields(state, set) {
  const list = h("div", {});
  const rows = [...state.medications];
  const redraw = () => {
    list.replaceChildren(...rows.map((medication, index) => {
      const update = (name) => (e) => { rows[index] = { ...rows[index], [name]: e.target.value }; set("medications")(rows.filter((m) => m.name)); };
      const name = h("input", { type: "text", maxlength: 100, value: medication.name, onchange: update("name") });
      const kind = h("select", { onchange: update("kind") }, vocab.MEDICATION_KINDS.map(([code, text]) =>
        h("option", { value: code, selected: code === medication.kind }, text)));
      const relief = h("select", { onchange: update("relief") }, vocab.RELIEF.map(([code, text]) =>
        h("option", { value: code, selected: code === medication.relief }, text)));
      return h("div", { class: "card" }, field(`Medicine ${index + 1}`, name), field("Kind", kind), field("Did it help?", relief));
    }));
  };
  redraw();
  const add = h("button", { type: "button", onclick: () => {
    if (rows.length >= 10) return;
    rows.push({ name: "", kind: "simple_analgesic", relief: "unknown" });
    redraw();
    list.lastChild.querySelector("input").focus();
  } }, "Add a medicine taken");
  return h("fieldset", { class: "choices" }, h("legend", {}, "Medicine"), list, add);
}

function redFlagFields(state, set) {
  const chosen = new Set(state.red_flags);
  return h("fieldset", { class: "card" },
    h("legend", {}, "Warning signs: tick any that apply"),
    vocab.RED_FLAGS.map(([code, text]) => h("label", { class: "check" },
      h("input", { type: "checkbox", checked: chosen.has(code), onchange: (e) => {
        e.target.checked ? chosen.add(code) : chosen.delete(code);
        set("red_flags")([...chosen]);
      } }), text)));
}
