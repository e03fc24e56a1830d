// The form designer: a palette of field types, a canvas of the form's fields (drag and
// drop with SortableJS, or the keyboard), the selected field's properties, and a live
// preview drawn by the server with the intake page's own templates.
//
// The definition lives here as plain data; it is saved, checked and published through the
// forms JSON API, and the server's messages are pinned to the field they concern. Without
// JavaScript the page keeps its JSON editor, which this script turns into "Advanced".

import Sortable from "../../qq/vendor/sortablejs-1.15.6/modular/sortable.esm.js";
import { debounce, h } from "./designer-dom.js";
import {
  byUid,
  cleaned,
  copyOf,
  displayName,
  locate,
  mayNest,
  missingLanguages,
  moveBy,
  newField,
  uidOf,
} from "./designer-model.js";
import { renderProperties, showPropertyErrors } from "./designer-props.js";
import { PALETTE, TEXT, kindOf, paletteEntry } from "./designer-text.js";

const root = document.getElementById("designer");
const lang = document.documentElement.lang === "en" ? "en" : "zh_CN";
const T = TEXT[lang];
const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
const AUTOSAVE_MS = 3000;
const CHECK_MS = 500;

const state = {
  definition: JSON.parse(document.getElementById("designer-definition").textContent),
  formId: root.dataset.formId || null,
  selected: null,
  errors: [],
  checkSeq: 0,
  previewSeq: 0,
  dirty: false,
  saving: null,
  undo: null,
  previewLang: lang,
  phone: false,
};
const sortables = [];

// ---- layout -----------------------------------------------------------------------------

const status = h("span", { class: "designer-status", role: "status", "data-testid": "designer-status" });
const announcer = h("p", { class: "visually-hidden", "aria-live": "assertive", "data-testid": "designer-announce" });
const undoButton = h("button", { type: "button", class: "small", "data-testid": "designer-undo", onclick: undo }, T.undo);
const undoText = h("span", {});
const undoBar = h("p", { class: "undo-bar", hidden: true, "data-testid": "designer-undo-bar" }, undoText, " ", undoButton);
const importInput = h("input", { type: "file", accept: "application/json,.json", class: "visually-hidden", id: "designer-import",
  onchange: importFile });
const toolbar = h("div", { class: "designer-toolbar" },
  h("button", { type: "button", "data-testid": "designer-save", onclick: () => save({ explicit: true }) }, T.save),
  h("button", { type: "button", "data-testid": "designer-publish", onclick: publish }, T.publish),
  h("label", { class: "button secondary", for: "designer-import" }, T.importJson), importInput,
  h("button", { type: "button", class: "secondary", "data-testid": "designer-export", onclick: exportFile }, T.exportJson),
  status, undoBar);
const notice = h("p", { class: "designer-notice field-error", role: "alert", hidden: true, "data-testid": "designer-notice" });
const summary = h("div", { class: "designer-errors", hidden: true, "data-testid": "designer-errors" });
const paletteList = h("ul", { class: "palette-list", "aria-label": T.palette },
  PALETTE.map((entry) => h("li", { "data-kind": entry.kind },
    h("button", { type: "button", class: "palette-item", "data-testid": `palette-${entry.kind}` },
      h("span", { class: "type-icon", "aria-hidden": "true" }, entry.icon), " ", entry[lang]))));
// One listener for the list: a drag from the palette leaves a copy of the entry in place.
paletteList.addEventListener("click", (event) => {
  const entry = event.target.closest("li[data-kind]");
  if (entry && event.target.closest("button")) addField(entry.dataset.kind);
});
const canvasRoot = h("div", { class: "canvas-root", "data-testid": "canvas" });
const propsTitle = h("h2", { id: "designer-props-title" });
const propsRoot = h("div", { class: "props-root", "data-testid": "properties" });
const previewFrame = h("div", { class: "preview-frame", "data-testid": "preview", "aria-live": "polite" });
const previewLangButtons = ["zh_CN", "en"].map((code) => h("button", { type: "button", class: "toggle",
  "data-testid": `preview-lang-${code}`, "aria-pressed": String(code === state.previewLang),
  onclick: (event) => {
    state.previewLang = code;
    previewLangButtons.forEach((button) => button.setAttribute("aria-pressed", String(button === event.currentTarget)));
    refreshPreview();
  } },
  T.languages[code]));
const phoneButton = h("button", { type: "button", class: "toggle", "aria-pressed": "false", "data-testid": "preview-phone",
  onclick: () => {
    state.phone = !state.phone;
    phoneButton.setAttribute("aria-pressed", String(state.phone));
    previewFrame.classList.toggle("phone", state.phone);
  } }, T.previewPhone);

root.replaceChildren(
  toolbar,
  notice,
  summary,
  h("div", { class: "designer-grid" },
    h("aside", { class: "designer-palette", "aria-labelledby": "designer-palette-title" },
      h("h2", { id: "designer-palette-title" }, T.palette), h("p", { class: "hint" }, T.paletteHint), paletteList),
    h("section", { class: "designer-canvas", "aria-labelledby": "designer-canvas-title" },
      h("div", { class: "panel-head" }, h("h2", { id: "designer-canvas-title" }, T.canvas),
        h("button", { type: "button", class: "link", "data-testid": "form-settings", onclick: () => select(null) }, T.formSettings)),
      canvasRoot),
    h("section", { class: "designer-props", "aria-labelledby": "designer-props-title" }, propsTitle, propsRoot),
    h("section", { class: "designer-preview", "aria-labelledby": "designer-preview-title" },
      h("div", { class: "panel-head" }, h("h2", { id: "designer-preview-title" }, T.preview),
        h("span", { class: "toggles" }, previewLangButtons, phoneButton)),
      previewFrame)),
  announcer,
);
root.hidden = false;
Sortable.create(paletteList, {
  group: { name: "fields", pull: "clone", put: false },
  sort: false,
  forceFallback: true,
  fallbackOnBody: true,
  onStart: dragStarted,
  onEnd: (event) => {
    dragEnded();
    if (event.to === paletteList) return;
    const list = listOf(event.to);
    event.item.remove();
    // Sortable finishes its own work after this handler: redraw the canvas after it.
    if (list) setTimeout(() => addField(event.item.dataset.kind, { list, index: event.newIndex }), 0);
  },
});

// ---- canvas -----------------------------------------------------------------------------

function listOf(element) {
  const uid = element.dataset.group;
  if (!uid) return state.definition.fields;
  const group = byUid(state.definition, uid);
  return group ? group.fields : null;
}

function renderCanvas() {
  // Redrawing under a drag would drop what is held: draw once the drag is over.
  if (state.dragging) {
    state.redraw = true;
    return;
  }
  sortables.splice(0).forEach((sortable) => sortable.destroy());
  const focused = document.activeElement?.closest?.(".field-card")?.dataset.uid;
  canvasRoot.replaceChildren(renderList(state.definition.fields, null));
  if (focused) canvasRoot.querySelector(`[data-uid="${focused}"]`)?.focus({ preventScroll: true });
}

function renderList(list, group) {
  const element = h("ol", { class: "canvas-list", "data-group": group ? uidOf(group) : "",
    "data-empty": group ? T.groupEmpty : T.canvasEmpty, "aria-label": group ? displayName(group, lang) : T.canvas },
    list.map((field, index) => renderCard(field, index, list.length)));
  sortables.push(Sortable.create(element, {
    group: { name: "fields", put: (to, from, dragged) => !group || mayNest(dragged.dataset.kind) },
    animation: 150,
    forceFallback: true,
    fallbackOnBody: true,
    swapThreshold: 0.65,
    filter: "button, input, select",
    preventOnFilter: false,
    onStart: dragStarted,
    onEnd: dropped,
  }));
  return element;
}

function renderCard(field, index, count) {
  const name = displayName(field, lang) || T.noLabel;
  const entry = paletteEntry(field);
  const errors = errorsOf(field);
  const missing = missingLanguages(field);
  const badges = [
    field.required ? h("span", { class: "badge required-badge" }, T.required) : null,
    ...missing.map((code) => h("span", { class: "badge warn", "data-testid": "missing-translation" }, T.missing(T.languages[code]))),
    field.visible_if || field.required_if ? h("span", { class: "badge" }, T.conditional) : null,
    field.computed ? h("span", { class: "badge" }, T.computedBadge) : null,
    errors.length ? h("span", { class: "badge bad", "data-testid": "card-error-badge" }, T.errorBadge(errors.length)) : null,
  ];
  const card = h("li", {
    class: ["field-card", `kind-${kindOf(field)}`, field === state.selected ? "selected" : "", errors.length ? "has-errors" : ""].join(" "),
    "data-uid": uidOf(field), "data-kind": kindOf(field), "data-name": field.name, "data-testid": "field-card",
    tabindex: "0", "aria-label": `${entry[lang]}: ${name}`, "aria-current": field === state.selected ? "true" : null,
  },
  h("div", { class: "card-head" },
    h("span", { class: "drag-handle", "aria-hidden": "true" }, "⠿"),
    h("span", { class: "type-icon", "aria-hidden": "true" }, entry.icon),
    h("span", { class: "card-title" }, h("span", { class: "card-label", "data-testid": "card-label" }, name),
      h("code", { class: "card-name" }, field.name), h("span", { class: "card-type" }, entry[lang])),
    h("span", { class: "badges" }, badges)),
  h("div", { class: "card-actions" },
    h("button", { type: "button", class: "small", "data-action": "up", disabled: index === 0, "aria-label": `${T.moveUp}: ${name}` }, "↑"),
    h("button", { type: "button", class: "small", "data-action": "down", disabled: index === count - 1, "aria-label": `${T.moveDown}: ${name}` }, "↓"),
    h("button", { type: "button", class: "small", "data-action": "duplicate", "aria-label": `${T.duplicate}: ${name}` }, T.duplicate),
    h("button", { type: "button", class: "small danger", "data-action": "delete", "aria-label": `${T.remove}: ${name}` }, T.remove)),
  errors.length ? h("ul", { class: "card-errors" }, errors.map((error) => h("li", {}, errorText(error)))) : null,
  field.type === "group" ? renderList(field.fields || (field.fields = []), field) : null);
  return card;
}

function dragStarted() {
  state.dragging = true;
}

/** After a drag: redraw later if something asked for it meanwhile. */
function dragEnded() {
  state.dragging = false;
  if (state.redraw) {
    state.redraw = false;
    setTimeout(renderCanvas, 0);
  }
}

function dropped(event) {
  dragEnded();
  const from = listOf(event.from);
  const to = listOf(event.to);
  if (!from || !to || (from === to && event.oldIndex === event.newIndex)) return;
  const [field] = from.splice(event.oldIndex, 1);
  to.splice(event.newIndex, 0, field);
  state.selected = field;
  announce(T.moved(displayName(field, lang), event.newIndex + 1, to.length));
  setTimeout(() => changed({ structure: true, properties: true }), 0);
}

canvasRoot.addEventListener("click", (event) => {
  const card = event.target.closest(".field-card");
  if (!card) return;
  const field = byUid(state.definition, card.dataset.uid);
  const action = event.target.closest("button[data-action]")?.dataset.action;
  if (action) {
    act(field, action);
  } else if (!event.target.closest("button, input, select, a")) {
    select(field);
  }
  event.stopPropagation();
});

canvasRoot.addEventListener("keydown", (event) => {
  const card = event.target.closest(".field-card");
  if (!card || event.target !== card) return;
  const field = byUid(state.definition, card.dataset.uid);
  if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
    event.preventDefault();
    act(field, event.key === "ArrowUp" ? "up" : "down");
  } else if (event.key === "Enter" || event.key === " ") {
    event.preventDefault();
    select(field);
  } else if (event.key === "Delete") {
    event.preventDefault();
    act(field, "delete");
  }
});

function act(field, action) {
  const entry = locate(state.definition, field);
  if (action === "up" || action === "down") {
    if (moveBy(state.definition, field, action === "up" ? -1 : 1)) {
      announce(T.moved(displayName(field, lang), locate(state.definition, field).index + 1, entry.list.length));
      changed({ structure: true });
    }
    focusCard(field, action);
  } else if (action === "duplicate") {
    const copy = copyOf(state.definition, field);
    entry.list.splice(entry.index + 1, 0, copy);
    announce(T.added(displayName(copy, lang)));
    select(copy, { structure: true });
    focusCard(copy);
  } else if (action === "delete") {
    remember();
    entry.list.splice(entry.index, 1);
    if (state.selected && !locate(state.definition, state.selected)) state.selected = null;
    changed({ structure: true, properties: true });
    offerUndo(T.deleted(displayName(field, lang)));
    const next = entry.list[Math.min(entry.index, entry.list.length - 1)];
    if (next) focusCard(next);
    else undoButton.focus();
  }
}

/** Focus a field's card; after a move, keep the focus on the button that was pressed
 * when it is still there. */
function focusCard(field, action) {
  const card = canvasRoot.querySelector(`[data-uid="${uidOf(field)}"]`);
  if (!card) return;
  const button = action && card.querySelector(`:scope > .card-actions [data-action="${action}"]`);
  const active = document.activeElement;
  if (button && !button.disabled && active && active.tagName === "BUTTON") button.focus();
  else card.focus();
  card.scrollIntoView({ block: "nearest" });
}

function addField(kind, place = null) {
  let target = place;
  if (!target) {
    const selected = state.selected && locate(state.definition, state.selected);
    if (selected && state.selected.type === "group" && mayNest(kind)) {
      target = { list: state.selected.fields, index: state.selected.fields.length };
    } else if (selected && (!selected.group || mayNest(kind))) {
      target = { list: selected.list, index: selected.index + 1 };
    } else if (selected && selected.group) {
      const outer = locate(state.definition, selected.group);
      target = { list: outer.list, index: outer.index + 1 };
    } else {
      target = { list: state.definition.fields, index: state.definition.fields.length };
    }
  }
  const field = newField(state.definition, kind, lang);
  target.list.splice(target.index, 0, field);
  announce(T.added(displayName(field, lang)));
  select(field, { structure: true });
  document.getElementById(`prop-label-${lang}`)?.focus();
}

function select(field, { structure = false } = {}) {
  state.selected = field;
  if (structure) {
    changed({ structure: true, properties: true });
    return;
  }
  canvasRoot.querySelectorAll(".field-card").forEach((card) => {
    const on = field && card.dataset.uid === uidOf(field);
    card.classList.toggle("selected", Boolean(on));
    if (on) card.setAttribute("aria-current", "true");
    else card.removeAttribute("aria-current");
  });
  renderPanel();
}

function renderPanel() {
  propsTitle.textContent = state.selected ? T.properties : T.formSettings;
  renderProperties(context(), propsRoot);
  showPanelErrors();
}

function context() {
  return {
    definition: state.definition,
    lang,
    T,
    selected: state.selected,
    select,
    announce,
    changed,
  };
}

// ---- changes, errors, preview, saving ---------------------------------------------------

/** After any edit: redraw what depends on it, then check, preview and autosave later. */
function changed({ structure = false, properties = false, focus = null } = {}) {
  state.dirty = true;
  renderCanvas();
  if (properties) renderPanel();
  if (focus) document.getElementById(focus)?.focus();
  syncAdvanced();
  setStatus(T.unsaved);
  scheduleCheck();
  scheduleSave();
}

const scheduleCheck = debounce(() => {
  check();
  refreshPreview();
}, CHECK_MS);
const scheduleSave = debounce(() => save({ explicit: false }), AUTOSAVE_MS);

async function request(method, url, body, accept = "application/json") {
  let response;
  try {
    response = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: accept, "X-CSRFToken": csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { status: 0, ok: false, data: { detail: T.offline } };
  }
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json() : await response.text();
  return { status: response.status, ok: response.ok, data };
}

/** Ask the server to check the definition and show its errors (unless a later check has
 * been asked meanwhile). Returns true when this definition is valid. */
async function check() {
  const seq = ++state.checkSeq;
  const { status: code, data } = await request("POST", "/forms/api/definitions/validate", { definition: cleaned(state.definition) });
  if (seq === state.checkSeq) {
    if (code === 200) setErrors([]);
    else if (code === 422 && Array.isArray(data.errors)) setErrors(data.errors);
    else setErrors([{ path: "", message: data.detail || data.title || String(code) }]);
  }
  return code === 200;
}

/** The field a server path such as fields.3.fields.1.label.en concerns, and the rest. */
function resolve(path) {
  const parts = path.split(".");
  if (parts[0] !== "fields" || parts.length < 2 || !/^\d+$/.test(parts[1])) return { field: null, prop: path };
  let field = state.definition.fields[Number(parts[1])];
  let rest = parts.slice(2);
  while (field && field.type === "group" && rest[0] === "fields" && /^\d+$/.test(rest[1] || "")) {
    const child = (field.fields || [])[Number(rest[1])];
    if (!child) break;
    field = child;
    rest = rest.slice(2);
  }
  return field ? { field, prop: rest.join(".") } : { field: null, prop: path };
}

function setErrors(errors) {
  state.errors = errors.map((error) => ({ ...error, ...resolve(error.path) }));
  renderCanvas();
  showPanelErrors();
  renderSummary();
}

/** A property path in words: "label.en" → "Label · English", "options.1.value" →
 * "Option 2 · Value". */
function propWords(prop) {
  const names = {
    label: T.label, help: T.help, placeholder: T.placeholder, name: T.name, key: T.key, title: T.title,
    description: T.description, pattern: T.pattern, pattern_message: T.patternMessage, max_length: T.maxLength,
    min: T.min, max: T.max, min_items: T.minItems, max_items: T.maxItems, min_rows: T.minRows, max_rows: T.maxRows,
    default: T.defaultValue, level: T.level, max_size_mb: T.maxSize, accept: T.accept, options: T.options,
    visible_if: T.visible_if, required_if: T.required_if, computed: T.computed, required: T.requiredField,
    repeat: T.repeat, fields: T.canvas, type: T.type, value: T.optionValue,
  };
  const parts = prop ? prop.split(".") : [];
  const words = [];
  parts.forEach((part, index) => {
    if (part === "zh_CN" || part === "en") words.push(T.languages[part]);
    else if (/^\d+$/.test(part) && parts[index - 1] === "options") words.splice(-1, 1, T.option(Number(part) + 1));
    else if (/^\d+$/.test(part)) words.push(`#${Number(part) + 1}`);
    else words.push(names[part] || part);
  });
  return words.join(" · ");
}

function errorText(error) {
  const where = propWords(error.prop);
  return where ? `${where}: ${error.message}` : error.message;
}

function errorsOf(field) {
  return state.errors.filter((error) => error.field === field);
}

function showPanelErrors() {
  const shown = state.errors.filter((error) => error.field === state.selected);
  showPropertyErrors(propsRoot, shown);
}

function renderSummary() {
  const errors = state.errors;
  summary.hidden = !errors.length;
  if (!errors.length) return;
  summary.replaceChildren(h("p", {}, h("strong", {}, T.problems(errors.length))),
    h("ul", {}, errors.map((error) => h("li", {},
      h("button", { type: "button", class: "link", onclick: () => showError(error) },
        error.field ? displayName(error.field, lang) || error.field.name : T.formProblems),
      `: ${errorText(error)}`))));
}

function showError(error) {
  select(error.field);
  const target = propsRoot.querySelector("[aria-invalid]") || propsRoot.querySelector("input, select, textarea");
  target?.focus();
}

async function refreshPreview() {
  const seq = ++state.previewSeq;
  const { ok, data } = await request("POST", "/forms/designer/preview",
    { definition: cleaned(state.definition), locale: state.previewLang }, "text/html");
  // Answers may come back out of order: only the latest request's is drawn.
  if (seq !== state.previewSeq) return;
  if (ok) {
    previewFrame.innerHTML = data;
  } else {
    previewFrame.replaceChildren(h("p", { class: "muted" }, T.previewUnavailable, typeof data === "object" ? data.detail || data.title : ""));
  }
}
previewFrame.addEventListener("submit", (event) => event.preventDefault());

function setStatus(text) {
  status.textContent = text;
}

function announce(text) {
  announcer.textContent = "";
  setTimeout(() => { announcer.textContent = text; }, 30);
}

function clock() {
  // Beijing time, as the server's pages show times.
  return new Date().toLocaleTimeString(lang === "en" ? "en-GB" : "zh-CN",
    { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Asia/Shanghai" });
}

/** Save the draft through the forms API (create the form first if it is new). */
async function save({ explicit }) {
  scheduleSave.cancel();
  if (state.saving) {
    await state.saving;
    if (!state.dirty) return true;
  }
  state.saving = saveNow(explicit);
  try {
    return await state.saving;
  } finally {
    state.saving = null;
  }
}

/** An error tree ({fields: {"3": {name: ["…"]}}}) as [{path: "fields.3.name", message}]. */
function flatten(tree, path) {
  if (typeof tree === "string") return [{ path, message: tree }];
  if (Array.isArray(tree)) return tree.flatMap((item) => flatten(item, path));
  if (tree && typeof tree === "object") {
    return Object.entries(tree).flatMap(([key, subtree]) =>
      flatten(subtree, key === "_schema" ? path : path ? `${path}.${key}` : key));
  }
  return [];
}

async function saveNow(explicit) {
  const valid = await check();
  if (!valid) {
    setStatus(T.notSaved(state.errors.length));
    if (explicit) summary.querySelector("button")?.focus();
    return false;
  }
  setStatus(T.saving);
  state.dirty = false;
  const body = { definition: cleaned(state.definition) };
  const response = state.formId
    ? await request("PUT", `/forms/api/forms/${state.formId}/draft`, body)
    : await request("POST", "/forms/api/forms", body);
  if (!response.ok) {
    state.dirty = true;
    const detail = response.data?.detail || response.data?.title || String(response.status);
    const errors = response.data?.errors;
    if (errors && typeof errors === "object") {
      // The definition's own errors come as a tree under "definition"; others (the key
      // already taken) name their key.
      setErrors(flatten(errors.definition && typeof errors.definition === "object" ? errors.definition : errors, ""));
    }
    setStatus(`${T.saveFailed}${detail}`);
    return false;
  }
  if (!state.formId) {
    state.formId = response.data.id;
    root.dataset.formId = state.formId;
    history.replaceState(null, "", `/forms/${state.formId}/edit`);
  }
  setStatus(state.dirty ? T.unsaved : T.savedAt(clock()));
  return true;
}

async function publish() {
  delete root.dataset.published;
  if ((state.dirty || !state.formId) && !(await save({ explicit: true }))) return;
  const { ok, data } = await request("POST", `/forms/api/forms/${state.formId}/publish`);
  if (ok) {
    setStatus(T.published(data.version));
    announce(T.published(data.version));
    root.dataset.published = String(data.version);
    const list = document.querySelector("[data-testid=versions]");
    if (list) list.prepend(h("p", {}, `${T.published(data.version)} · ${clock()}`));
  } else {
    setStatus(data.detail || data.title || String(ok));
  }
}

// ---- undo, import, export, advanced -----------------------------------------------------

function remember() {
  state.undo = JSON.stringify(state.definition);
}

/** Say what was just done (a delete, an import) with a button that takes it back. */
function offerUndo(text) {
  undoText.textContent = text;
  undoBar.hidden = false;
  announce(text);
}

function undo() {
  if (!state.undo) return;
  replaceDefinition(JSON.parse(state.undo));
  state.undo = null;
  undoBar.hidden = true;
  announce(T.undo);
}

/** A problem that stays on screen until the next import or JSON applied. */
function tell(text) {
  notice.textContent = text;
  notice.hidden = false;
}

function replaceDefinition(definition) {
  notice.hidden = true;
  state.definition = definition;
  if (!Array.isArray(state.definition.fields)) state.definition.fields = [];
  state.selected = null;
  state.errors = [];
  changed({ structure: true, properties: true });
}

async function importFile() {
  const file = importInput.files[0];
  if (!file) return;
  try {
    const definition = JSON.parse(await file.text());
    if (!definition || typeof definition !== "object" || Array.isArray(definition)) throw new Error("not an object");
    remember();
    replaceDefinition(definition);
    offerUndo(T.imported(file.name));
  } catch {
    tell(T.importFailed);
  }
  importInput.value = "";
}

function exportFile() {
  const blob = new Blob([`${JSON.stringify(cleaned(state.definition), null, 2)}\n`], { type: "application/json" });
  const link = h("a", { href: URL.createObjectURL(blob), download: `${state.definition.key || "form"}.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

const advanced = document.getElementById("advanced");
const advancedText = document.getElementById("definition");

function syncAdvanced() {
  if (advancedText && document.activeElement !== advancedText) {
    advancedText.value = JSON.stringify(cleaned(state.definition), null, 2);
  }
}

if (advanced) {
  if (!advanced.querySelector("[data-testid=definition-errors]")) advanced.open = false;
  const apply = h("button", { type: "button", class: "secondary", "data-testid": "advanced-apply", onclick: () => {
    try {
      const definition = JSON.parse(advancedText.value);
      remember();
      replaceDefinition(definition);
      offerUndo(T.advancedApplied);
    } catch (error) {
      tell(`${T.advancedBad}${error.message}`);
    }
  } }, T.advancedApply);
  advancedText?.closest("form")?.querySelector("button[type=submit]")?.after(" ", apply);
}
document.querySelector("[data-testid=publish-form]")?.setAttribute("hidden", "");

// ---- start ------------------------------------------------------------------------------

renderCanvas();
renderPanel();
syncAdvanced();
setStatus(state.formId ? "" : T.unsaved);
// A new form starts empty: its problems are shown once the person has started on it.
if (state.formId) check();
refreshPreview();
