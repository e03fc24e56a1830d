// The definition the designer edits, as plain data: finding, adding, moving and copying
// fields, names that stay unique across the whole form, and which labels lack a language.

import { CONTAINER_TYPES, PALETTE, TEXT } from "./designer-text.js";
import { labelText } from "./designer-conditions.js";

const uids = new WeakMap();
let nextUid = 1;

/** A stable id for a field object while the page lives (the DOM's data-uid). */
export function uidOf(field) {
  if (!uids.has(field)) uids.set(field, `f${nextUid++}`);
  return uids.get(field);
}

/** Every field at every level, in form order: {field, list, index, group}. */
export function walk(definition) {
  const found = [];
  const visit = (list, group) => {
    list.forEach((field, index) => {
      found.push({ field, list, index, group });
      if (field.type === "group" && Array.isArray(field.fields)) visit(field.fields, field);
    });
  };
  visit(definition.fields, null);
  return found;
}

export function locate(definition, field) {
  return walk(definition).find((entry) => entry.field === field) || null;
}

export function byUid(definition, uid) {
  const entry = walk(definition).find((candidate) => uidOf(candidate.field) === uid);
  return entry ? entry.field : null;
}

export function names(definition) {
  return new Set(walk(definition).map((entry) => entry.field.name));
}

/** `base` if no field has it, else base_2, base_3, … */
export function uniqueName(definition, base, taken = names(definition)) {
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}_${n}`)) n += 1;
  return `${base}_${n}`;
}

/** field_1, field_2, …: the first number no field uses. */
export function nextFieldName(definition) {
  const taken = names(definition);
  let n = walk(definition).length + 1;
  while (taken.has(`field_${n}`)) n += 1;
  return `field_${n}`;
}

/** A name from an English label ("Contact phone" → contact_phone), or null. */
export function nameFromLabel(text) {
  const words = (text || "")
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const name = words.join("_").slice(0, 64).replace(/_+$/, "");
  return /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/.test(name) ? name : null;
}

/** A new field of a palette kind, labelled with the kind's name in `lang`. */
export function newField(definition, kind, lang) {
  const entry = PALETTE.find((candidate) => candidate.kind === kind);
  const label = { zh_CN: "", en: "" };
  label[lang] = entry[lang];
  const field = { name: nextFieldName(definition), type: kind === "repeat" ? "group" : kind, label };
  if (kind === "repeat") field.repeat = true;
  if (field.type === "group") field.fields = [];
  if (field.type === "select" || field.type === "multiselect") {
    field.options = [1, 2].map((n) => {
      const optionLabel = { zh_CN: "", en: "" };
      optionLabel[lang] = TEXT[lang].option(n);
      return { value: `option_${n}`, label: optionLabel };
    });
  }
  return field;
}

/** May a field of this kind go into a group? (No sections, no group in a group.) */
export function mayNest(kind) {
  return !CONTAINER_TYPES.includes(kind) && kind !== "repeat";
}

/** A deep copy of `field` whose name (and its children's) no field of the form has. */
export function copyOf(definition, field) {
  const copy = JSON.parse(JSON.stringify(field));
  const taken = names(definition);
  const rename = (item) => {
    item.name = uniqueName(definition, `${item.name}_copy`.slice(0, 64), taken);
    taken.add(item.name);
    (item.fields || []).forEach(rename);
  };
  rename(copy);
  return copy;
}

/** Move `field` by `delta` places within its list; true when it moved. */
export function moveBy(definition, field, delta) {
  const entry = locate(definition, field);
  const to = entry.index + delta;
  if (to < 0 || to >= entry.list.length) return false;
  entry.list.splice(entry.index, 1);
  entry.list.splice(to, 0, field);
  return true;
}

/** Take `field` out of its list and put it into `list` at `index` (the end by default). */
export function moveTo(definition, field, list, index = list.length) {
  const entry = locate(definition, field);
  entry.list.splice(entry.index, 1);
  list.splice(Math.min(index, list.length), 0, field);
}

/** The bilingual texts of a field (label, help, placeholder, pattern message, options). */
function textsOf(field) {
  const texts = [field.label, field.help, field.placeholder, field.pattern_message];
  for (const option of field.options || []) texts.push(option.label);
  return texts.filter((text) => text && typeof text === "object");
}

/** The languages some text of `field` is given in while another lacks: e.g. ["en"]. */
export function missingLanguages(field) {
  const missing = new Set();
  for (const text of textsOf(field)) {
    const zh = (text.zh_CN || "").trim();
    const en = (text.en || "").trim();
    if (zh && !en) missing.add("en");
    if (en && !zh) missing.add("zh_CN");
  }
  return [...missing];
}

/** The label of a field in `lang` (or the other language), or its name. */
export function displayName(field, lang) {
  return labelText(field.label, lang) || field.name || "";
}

/** A definition for the server: blank texts left out, a label with one language kept. */
export function cleaned(definition) {
  const copy = JSON.parse(JSON.stringify(definition));
  const tidyText = (holder, key, keep) => {
    const text = holder[key];
    if (!text || typeof text !== "object") return;
    for (const lang of Object.keys(text)) if (!String(text[lang] ?? "").trim()) delete text[lang];
    if (!Object.keys(text).length) {
      if (keep) holder[key] = { zh_CN: "", en: "" };
      else delete holder[key];
    }
  };
  const tidyField = (field) => {
    tidyText(field, "label", true);
    for (const key of ["help", "placeholder", "pattern_message"]) tidyText(field, key, false);
    for (const option of field.options || []) tidyText(option, "label", true);
    (field.fields || []).forEach(tidyField);
  };
  tidyText(copy, "title", true);
  tidyText(copy, "description", false);
  (copy.fields || []).forEach(tidyField);
  return copy;
}
