// Autosave of the intake page: a few seconds after the person changes an answer, the
// answers so far go to PUT /forms/api/drafts/<key> as the person's draft, and the page
// says when it was saved. Without JavaScript the page's "Save draft" button does the same.
//
// Input names are the answers' dotted paths (subject, site.address, outlets.0.flow); the
// answers are sent in the nested shape a submission has: groups as objects, repeating
// groups as lists of rows, multiselects as lists, booleans as true/false.

import { reason } from "./problem.js";

/** Milliseconds from the first change to the save that carries it. */
const SAVE_AFTER_MS = 2000;
/** Inputs the form posts that are not answers. */
const NOT_ANSWERS = new Set(["csrf_token", "action", "idempotency_key"]);
/** Times are shown as the server shows them: Beijing time, 24-hour clock. */
const TIME_FORMAT = { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

// The value of one control, typed by its field (data-type on the field's wrapper when the
// page has one, else by the control itself).
function valueOf(control) {
  const type = control.closest("[data-type]")?.dataset.type || "";
  const value = control.value;
  if (control.type === "radio" && (type === "boolean" || (!type && (value === "true" || value === "false")))) {
    return value === "true";
  }
  if (control.type === "radio" && type === "rating") return Number(value);
  if (control.type === "number" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return value;
}

// Put `value` at `path` in `answers`; a number in the path is a row of a repeating group.
function place(answers, path, value, asList) {
  let node = answers;
  path.forEach((step, index) => {
    const last = index === path.length - 1;
    if (last) {
      if (asList) {
        node[step] ||= [];
        if (value !== undefined) node[step].push(value);
      } else if (value !== undefined) {
        node[step] = value;
      }
      return;
    }
    node[step] ||= /^\d+$/.test(path[index + 1]) ? [] : {};
    node = node[step];
  });
}

function isBlank(value) {
  if (Array.isArray(value)) return value.every(isBlank);
  if (value && typeof value === "object") return Object.values(value).every(isBlank);
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

// Rows removed from the page leave holes; blank rows at the end are not kept.
function compact(node) {
  if (Array.isArray(node)) {
    const rows = node.filter((row) => row !== undefined).map(compact);
    while (rows.length && isBlank(rows[rows.length - 1])) rows.pop();
    return rows;
  }
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, compact(value)]));
  }
  return node;
}

/** The answers of `form` as a draft keeps them. */
export function answersOf(form) {
  const answers = {};
  for (const control of form.elements) {
    const name = control.name;
    if (!name || control.disabled || NOT_ANSWERS.has(name) || ["file", "submit", "button", "reset"].includes(control.type)) {
      continue;
    }
    const path = name.split(".");
    if (control.type === "checkbox") {
      place(answers, path, control.checked ? control.value : undefined, true);
    } else if (control.type !== "radio" || control.checked) {
      place(answers, path, valueOf(control), false);
    }
  }
  return compact(answers);
}

class Autosave {
  constructor(form, status) {
    this.form = form;
    this.status = status;
    this.token = document.querySelector('meta[name="csrf-token"]')?.content || "";
    this.saved = JSON.stringify(answersOf(form));
    this.timer = null;
    this.saving = null;
    this.submitting = false;
  }

  start() {
    const changed = () => this.schedule();
    this.form.addEventListener("input", changed);
    this.form.addEventListener("change", changed);
    // Rows added or removed by the page's own script change the answers too.
    new MutationObserver(changed).observe(this.form, { childList: true, subtree: true });
    // Filing the form ends the draft (the server deletes it with the submission): no
    // save may follow, or a late one would bring the draft back.
    this.form.addEventListener("submit", () => {
      this.submitting = true;
      clearTimeout(this.timer);
    });
    // Leaving the page with a change not saved yet: send it on its way.
    window.addEventListener("pagehide", () => this.save({ keepalive: true }));
  }

  schedule() {
    if (this.timer === null) this.timer = setTimeout(() => this.save(), SAVE_AFTER_MS);
  }

  async save(options = {}) {
    clearTimeout(this.timer);
    this.timer = null;
    if (this.submitting) return;
    if (this.saving) {
      await this.saving;
    }
    const body = JSON.stringify({ answers: answersOf(this.form) });
    if (body === this.saved) return;
    this.saving = this.send(body, options);
    await this.saving;
    this.saving = null;
  }

  async send(body, options) {
    let response;
    try {
      response = await fetch(this.status.dataset.url, {
        method: "PUT",
        body,
        keepalive: Boolean(options.keepalive),
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": this.token },
      });
    } catch (error) {
      response = { ok: false, statusText: String(error), json: async () => ({}) };
    }
    if (response.ok) {
      this.saved = body;
      const draft = await response.json();
      const time = new Date(draft.updated_at).toLocaleTimeString(document.documentElement.lang, TIME_FORMAT);
      this.show(fill(this.status.dataset.msgSaved, { time }), false);
    } else {
      this.show(fill(this.status.dataset.msgFailed, { reason: await reason(response) }), true);
    }
  }

  show(text, failed) {
    this.status.textContent = text;
    this.status.classList.toggle("field-error", failed);
  }
}

const status = document.querySelector("[data-draft-status]");
if (status && status.closest("form")) new Autosave(status.closest("form"), status).start();
