// The intake form (and the designer's preview) as the person fills it: fields shown or
// hidden and marked required by their conditions, computed values, rows added and
// removed, sections one page at a time, regions as a cascade, files uploaded.
// The conditions come parsed from the server in a JSON data island; expressions.js
// evaluates them exactly as the server does. A hidden field's inputs are disabled, so
// they are not posted.

import { evaluate, formatNumber } from "./expressions.js";
import { enhancePages } from "./pages.js";
import { enhanceRegions } from "./region.js";
import { enhanceRows, fill } from "./rows.js";
import { enhanceUploads } from "./upload.js";

const CONTROLS = "input, select, textarea";

function readValue(field) {
  const type = field.dataset.type;
  const checked = [...field.querySelectorAll("input:checked")].map((input) => input.value);
  if (type === "multiselect") return checked;
  if (type === "boolean") return checked.length ? checked[0] === "true" : null;
  if (type === "rating") return checked.length ? Number(checked[0]) : null;
  const control = field.querySelector("[name]");
  const text = control ? control.value.trim() : "";
  if (text === "") return null;
  return (NORMALISE[type] || ((same) => same))(text);
}

// Answers as the server normalises them before it evaluates an expression.
const NORMALISE = {
  integer: (text) => (Number.isFinite(Number(text)) ? Number(text) : text),
  number: (text) => (Number.isFinite(Number(text)) ? Number(text) : text),
  phone: (text) => text.replace(/\s+/g, ""),
  credit_code: (text) => text.replace(/\s+/g, "").toUpperCase(),
  // <input type=datetime-local> gives 2026-12-02T14:30: Beijing time, to the second.
  datetime: (text) => (/^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(text) ? `${text}:00+08:00` : text),
};

function isBlank(value) {
  return value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
}

function shown(value, texts) {
  if (value === true) return texts.msgYes;
  if (value === false) return texts.msgNo;
  if (typeof value === "number") return formatNumber(value);
  return isBlank(value) ? "" : String(value);
}

// Only real changes touch the page: other scripts (draft.js) watch it for mutations.
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

function safely(tree, values, otherwise) {
  try {
    return evaluate(tree, values);
  } catch {
    return otherwise;
  }
}

class FilledForm {
  constructor(root) {
    this.root = root;
    this.logic = JSON.parse(root.querySelector("script[data-form-logic]").textContent);
    this.computed = new WeakMap();
  }

  // The fields of `scope` (the form, or one row), not those of rows inside it.
  fieldsOf(scope) {
    return [...scope.querySelectorAll("[data-type]")].filter(
      (field) => (field.closest("[data-row]") || null) === (scope.matches("[data-row]") ? scope : null));
  }

  valuesOf(scope, into) {
    for (const field of this.fieldsOf(scope)) {
      const hidden = field.closest("[data-name][hidden]");
      const value = this.computed.has(field) ? this.computed.get(field) : readValue(field);
      into[field.dataset.name] = hidden ? null : value;
    }
    return into;
  }

  // Every field, group and section with an expression, and the values it sees.
  apply(element, values) {
    const logic = this.logic[element.dataset.name];
    if (!logic) return;
    if (logic.visible_if) element.hidden = safely(logic.visible_if, values, true) !== true;
    if (logic.required_if || element.hasAttribute("data-required")) {
      const required = element.hasAttribute("data-required") || safely(logic.required_if, values, false) === true;
      this.markRequired(element, required);
    }
    if (logic.computed) {
      const value = safely(logic.computed, values, null);
      this.computed.set(element, value);
      setText(element.querySelector("output"), shown(value, this.root.dataset));
    }
  }

  markRequired(field, required) {
    field.toggleAttribute("data-required-now", required);
    field.querySelector(":scope > .label")?.classList.toggle("required", required);
    for (const control of field.querySelectorAll(CONTROLS)) {
      if (control.type !== "hidden") control.setAttribute("aria-required", String(required));
    }
  }

  refresh() {
    // Two rounds, so that a value hidden or computed in the first is seen by the
    // fields before it in the second.
    for (let round = 0; round < 2; round += 1) {
      const values = this.valuesOf(this.root, {});
      for (const element of this.root.querySelectorAll("[data-name]")) {
        const row = element.closest("[data-row]");
        this.apply(element, row ? this.valuesOf(row, { ...values }) : values);
      }
    }
    for (const control of this.root.querySelectorAll(CONTROLS)) {
      control.disabled = Boolean(control.closest("[data-name][hidden]"));
    }
    this.pages?.refresh();
  }

  label(field) {
    const row = field.closest("[data-row]");
    if (!row) return field.dataset.label;
    const group = row.closest("[data-repeat]");
    const index = [...row.parentElement.children].indexOf(row);
    return fill(this.root.dataset.msgRow, {
      group: group.querySelector(":scope > legend").textContent.trim(), row: index + 1, label: field.dataset.label });
  }

  showError(field, message) {
    let error = field.querySelector(":scope > .field-error");
    if (!error) {
      error = document.createElement("p");
      error.className = "field-error";
      error.setAttribute("role", "alert");
      error.dataset.field = field.dataset.path;
      const control = field.querySelector(":scope > [id^='f-'], :scope > [data-control]");
      const cascade = control.nextElementSibling?.matches(".cascade") ? control.nextElementSibling : null;
      (cascade || control).after(error);
    }
    error.dataset.client = "";
    error.textContent = message;
    field.querySelector(CONTROLS)?.setAttribute("aria-invalid", "true");
  }

  clearError(field) {
    const error = field.querySelector(":scope > .field-error[data-client]");
    if (error) {
      error.remove();
      field.querySelector(CONTROLS)?.removeAttribute("aria-invalid");
    }
  }

  // Show the messages of the page's required answers left blank and of answers not
  // matching their pattern; return the first control to correct, or null.
  check(page) {
    let first = null;
    for (const field of page.querySelectorAll("[data-type]")) {
      this.clearError(field);
      if (field.closest("[data-name][hidden]") || this.computed.has(field)) continue;
      const value = readValue(field);
      let message = null;
      if (field.hasAttribute("data-required-now") && isBlank(value)) {
        message = fill(this.root.dataset.msgRequired, { label: this.label(field) });
      } else if (field.dataset.pattern && typeof value === "string" && !matches(field.dataset.pattern, value)) {
        message = `${this.label(field)}: ${field.dataset.patternMessage}`;
      }
      if (message) {
        this.showError(field, message);
        first ||= field.querySelector(`${CONTROLS}:not([type=hidden]):not([hidden])`);
      }
    }
    return first;
  }

  enhanceWidgets(element) {
    enhanceRegions(this.root, element);
    enhanceUploads(this.root, element);
  }

  start() {
    for (const field of this.root.querySelectorAll("[data-required]")) this.markRequired(field, true);
    this.enhanceWidgets(this.root);
    enhanceRows(this.root, (row) => this.enhanceWidgets(row));
    this.root.addEventListener("input", (event) => {
      const field = event.target.closest("[data-type]");
      if (field) this.clearError(field);
      this.refresh();
    });
    this.root.addEventListener("change", () => this.refresh());
    this.refresh();
    this.pages = enhancePages(this.root, (page) => this.check(page));
    this.refresh();
  }
}

function matches(pattern, value) {
  try {
    return new RegExp(`^(?:${pattern})$`, "u").test(value);
  } catch {
    return true;
  }
}

/** Bring the form fields rendered by forms/_fields.html under `root` to life (once). */
export function enhance(root) {
  if (root.hasAttribute("data-enhanced")) return;
  root.setAttribute("data-enhanced", "");
  new FilledForm(root).start();
}

document.querySelectorAll("[data-form-fields]").forEach(enhance);
