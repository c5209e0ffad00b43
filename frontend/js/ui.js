// Small DOM helpers. Text always goes in as text nodes, never as HTML, so no
// diary content can ever run as markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  append(el, children);
  return el;
}

/** Tell screen readers (and everyone: the text shows briefly) what just happened. */
export function announce(message) {
  const region = document.getElementById("announcer");
  region.textContent = "";
  // A fresh text node after a tick makes screen readers read it even if it repeats.
  setTimeout(() => { region.textContent = message; }, 50);
}

/** A group of toggle buttons where one (or, with multiple, several) can be pressed. */
export function choiceGroup({ legend, options, value, multiple = false, onChange, className = "" }) {
  // Keys are compared as text (a severity 5 is the button "5"); onChange gets the codes back.
  const codeOf = new Map(options.map(([code]) => [String(code), code]));
  const initial = multiple ? value || [] : value === null || value === undefined ? [] : [value];
  const selected = new Set(initial.map(String));
  const buttons = options.map(([code, text]) => {
    const key = String(code);
    const button = h("button", { type: "button", "aria-pressed": selected.has(key) ? "true" : "false", "data-value": key }, text);
    button.addEventListener("click", () => {
      const wasOn = selected.has(key);
      if (!multiple) selected.clear();
      if (wasOn) selected.delete(key);
      else selected.add(key);
      for (const b of buttons) b.setAttribute("aria-pressed", selected.has(b.dataset.value) ? "true" : "false");
      const codes = [...selected].map((k) => codeOf.get(k));
      onChange(multiple ? codes : (codes.length ? codes[0] : null));
    });
    return button;
  });
  return h("fieldset", { class: `choices ${className}` }, h("legend", {}, legend), buttons);
}

export function field(labelText, input, hint) {
  const id = input.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  return h("div", {}, h("label", { for: id }, labelText), input, hint ? h("p", { class: "hint" }, hint) : null);
}

export function errorList(errors) {
  // errors: {field: [messages]} or {detail: "..."} as the API answers.
  const items = [];
  for (const [name, messages] of Object.entries(errors || {})) {
    const text = Array.isArray(messages) ? messages.map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" ") : String(messages);
    items.push(h("li", {}, name === "detail" || name === "non_field_errors" ? text : `${name.replaceAll("_", " ")}: ${text}`));
  }
  return h("div", { class: "errors", role: "alert" }, h("ul", {}, items));
}

export function localToday() {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

export function formatDate(iso) {
  return new Date(`${iso}T12:00:00`).toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short" });
}

export const label = (code) => (code || "").replaceAll("_", " ");
