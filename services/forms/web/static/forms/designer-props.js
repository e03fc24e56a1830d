// The designer's property panel: the selected field's labels in both languages, its name,
// its type's rules, its options, and its conditions built with pickers.

import {
  computedExpression,
  conditionExpression,
  describeComputed,
  describeCondition,
  needsValue,
  operatorWord,
  operatorsFor,
  parseComputed,
  parseCondition,
} from "./designer-conditions.js";
import { freshId, h } from "./designer-dom.js";
import { displayName, mayNest, moveTo, nameFromLabel, uniqueName, walk } from "./designer-model.js";
import {
  COMPUTABLE_TYPES,
  CONTAINER_TYPES,
  DATE_TYPES,
  MIME_TYPES,
  NUMBER_TYPES,
  PLACEHOLDER_TYPES,
  UPLOAD_TYPES,
  kindOf,
  paletteEntry,
} from "./designer-text.js";

const LANGS = ["zh_CN", "en"];

/** Fields whose name was typed by hand: their name no longer follows the English label. */
const namedByHand = new WeakSet();
/** Options whose value was typed by hand: the others take theirs from the English text. */
const valuedByHand = new WeakSet();
/** Per field and condition key, the pickers' state ({mode, model}) between renders. */
const builders = new WeakMap();

/**
 * Fill `container` with the properties of ctx.selected (or the form's settings).
 *
 * ctx: {definition, lang, T, selected, changed(options), select(field), announce(text)}.
 */
export function renderProperties(ctx, container) {
  const field = ctx.selected;
  container.replaceChildren(...(field ? fieldProperties(ctx, field) : formProperties(ctx)));
}

function formProperties(ctx) {
  const { T, definition } = ctx;
  return [
    inputRow(ctx, { id: "prop-key", path: "key", label: T.key, hint: T.keyHint, value: definition.key || "",
      onInput: (value) => { definition.key = value; ctx.changed(); } }),
    textPair(ctx, definition, "title", T.title, { required: true }),
    textPair(ctx, definition, "description", T.description, { multiline: true }),
  ];
}

function fieldProperties(ctx, field) {
  const { T } = ctx;
  const entry = paletteEntry(field);
  const leaf = !CONTAINER_TYPES.includes(field.type);
  const parts = [
    h("p", { class: "prop-type" }, h("span", { class: "type-icon", "aria-hidden": "true" }, entry.icon), " ",
      `${T.type}: ${entry[ctx.lang]}`),
    textPair(ctx, field, "label", T.label, { required: true, onInput: () => followLabel(ctx, field) }),
    nameRow(ctx, field),
  ];
  if (field.type !== "section") parts.push(placeRow(ctx, field));
  parts.push(textPair(ctx, field, "help", T.help, { multiline: true }));
  if (PLACEHOLDER_TYPES.includes(field.type)) parts.push(textPair(ctx, field, "placeholder", T.placeholder));
  if (leaf) parts.push(checkRow(ctx, field, "required", T.requiredField));
  parts.push(...typeProperties(ctx, field));
  if (leaf && !UPLOAD_TYPES.includes(field.type)) parts.push(defaultRow(ctx, field));
  parts.push(h("h3", {}, T.conditions), conditionEditor(ctx, field, "visible_if"));
  if (leaf) parts.push(conditionEditor(ctx, field, "required_if"));
  if (COMPUTABLE_TYPES.includes(field.type)) parts.push(conditionEditor(ctx, field, "computed"));
  return parts;
}

function typeProperties(ctx, field) {
  const { T } = ctx;
  const parts = [];
  if (field.type === "text" || field.type === "textarea") {
    parts.push(numberRow(ctx, field, "max_length", T.maxLength, { integer: true, min: 1 }));
    parts.push(inputRow(ctx, { id: "prop-pattern", path: "pattern", label: T.pattern, value: field.pattern || "",
      onInput: (value) => { setOrDelete(field, "pattern", value); ctx.changed(); } }));
    parts.push(textPair(ctx, field, "pattern_message", T.patternMessage));
  }
  if (field.type === "integer" || field.type === "number") {
    parts.push(numberRow(ctx, field, "min", T.min, { integer: field.type === "integer" }));
    parts.push(numberRow(ctx, field, "max", T.max, { integer: field.type === "integer" }));
  }
  if (field.type === "select" || field.type === "multiselect") parts.push(optionsEditor(ctx, field));
  if (field.type === "multiselect") {
    parts.push(numberRow(ctx, field, "min_items", T.minItems, { integer: true, min: 0 }));
    parts.push(numberRow(ctx, field, "max_items", T.maxItems, { integer: true, min: 1 }));
  }
  if (field.type === "region") {
    parts.push(selectRow(ctx, { id: "prop-level", path: "level", label: T.level, value: field.level || "county",
      choices: Object.entries(T.levels), onChange: (value) => { field.level = value; ctx.changed(); } }));
  }
  if (UPLOAD_TYPES.includes(field.type)) {
    parts.push(numberRow(ctx, field, "max_size_mb", T.maxSize, { integer: true, min: 1, max: 100 }));
    parts.push(acceptRow(ctx, field));
  }
  if (field.type === "group") {
    parts.push(checkRow(ctx, field, "repeat", T.repeat, () => {
      if (!field.repeat) for (const key of ["min_rows", "max_rows", "required"]) delete field[key];
      ctx.changed({ structure: true, properties: true, focus: "prop-repeat" });
    }));
    if (field.repeat) {
      parts.push(numberRow(ctx, field, "min_rows", T.minRows, { integer: true, min: 0, max: 500 }));
      parts.push(numberRow(ctx, field, "max_rows", T.maxRows, { integer: true, min: 1, max: 500 }));
      parts.push(checkRow(ctx, field, "required", T.requiredRows));
    }
  }
  return parts;
}

// ---- rows -------------------------------------------------------------------------------

function row(id, label, control, hint) {
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute("aria-describedby", hintId);
  return h("div", { class: "prop" }, h("label", { for: id }, label), control,
    hint ? h("p", { class: "hint", id: hintId }, hint) : null);
}

function inputRow(ctx, { id, path, label, hint, value, type = "text", onInput }) {
  const input = h("input", { id, type, value, "data-path": path, spellcheck: "false",
    oninput: (event) => onInput(event.target.value) });
  return row(id, label, input, hint);
}

function selectRow(ctx, { id, path, label, value, choices, onChange }) {
  const select = h("select", { id, "data-path": path, onchange: (event) => onChange(event.target.value) },
    choices.map(([choice, text]) => h("option", { value: choice, selected: choice === value }, text)));
  return row(id, label, select);
}

function checkRow(ctx, field, key, label, after) {
  const id = `prop-${key}`;
  const input = h("input", { id, type: "checkbox", checked: Boolean(field[key]), "data-path": key,
    onchange: (event) => {
      if (event.target.checked) field[key] = true;
      else delete field[key];
      if (after) after();
      else ctx.changed();
    } });
  return h("div", { class: "prop prop-check" }, input, h("label", { for: id }, label));
}

/** What the server writes in for a number left empty, shown as the input's placeholder. */
const NUMBER_DEFAULTS = { max_length: { text: 200, textarea: 5000 }, max_size_mb: { file: 10, image: 10 } };

function numberRow(ctx, field, key, label, { integer = false, min, max } = {}) {
  const id = `prop-${key}`;
  const input = h("input", { id, type: "number", "data-path": key, value: field[key] ?? "",
    placeholder: NUMBER_DEFAULTS[key]?.[field.type],
    step: integer ? "1" : "any", min, max, inputmode: integer ? "numeric" : "decimal",
    oninput: (event) => {
      const text = event.target.value.trim();
      const number = Number(text);
      if (text === "") delete field[key];
      else field[key] = Number.isFinite(number) ? number : text;
      ctx.changed();
    } });
  return row(id, label, input);
}

function setOrDelete(holder, key, value) {
  if (value === "" || value === null || value === undefined) delete holder[key];
  else holder[key] = value;
}

/** Two inputs side by side, zh-CN and en, for a bilingual text such as the label. */
function textPair(ctx, holder, key, title, { multiline = false, required = false, onInput } = {}) {
  const { T } = ctx;
  return h("fieldset", { class: "prop prop-pair", "data-path": key },
    h("legend", { class: required ? "required" : null }, title),
    LANGS.map((lang) => {
      const id = `prop-${key}-${lang}`;
      const attributes = { id, "data-path": `${key}.${lang}`, lang: lang === "en" ? "en" : "zh-CN",
        oninput: (event) => {
          holder[key] = { zh_CN: "", en: "", ...(holder[key] || {}) };
          holder[key][lang] = event.target.value;
          if (onInput) onInput(lang);
          ctx.changed();
        } };
      const value = holder[key]?.[lang] ?? "";
      const input = multiline ? h("textarea", { ...attributes, rows: 2 }, value) : h("input", { ...attributes, type: "text", value });
      return h("div", { class: "pair-half" },
        h("label", { for: id }, h("span", { class: "visually-hidden" }, `${title} · `), T.languages[lang]), input);
    }));
}

/** While the name was not typed by hand, an English label gives the name. */
function followLabel(ctx, field) {
  if (namedByHand.has(field)) return;
  const base = nameFromLabel(field.label?.en);
  if (!base) return;
  const others = new Set(walk(ctx.definition).filter((e) => e.field !== field).map((e) => e.field.name));
  field.name = uniqueName(ctx.definition, base, others);
  const input = document.getElementById("prop-name");
  if (input) input.value = field.name;
}

function nameRow(ctx, field) {
  return inputRow(ctx, { id: "prop-name", path: "name", label: ctx.T.name, hint: ctx.T.nameHint, value: field.name,
    onInput: (value) => { namedByHand.add(field); field.name = value.trim(); ctx.changed(); } });
}

/** Where the field is: the top level or one of the groups (when its kind may nest). */
function placeRow(ctx, field) {
  const { T, definition } = ctx;
  const entries = walk(definition);
  const here = entries.find((entry) => entry.field === field);
  const groups = mayNest(kindOf(field)) ? entries.filter((entry) => entry.field.type === "group") : [];
  const choices = [["", T.topLevel], ...groups.map((entry) => [entry.field.name, T.inGroup(displayName(entry.field, ctx.lang))])];
  return selectRow(ctx, { id: "prop-place", path: "place", label: T.place, value: here.group ? here.group.name : "",
    choices, onChange: (value) => {
      const group = groups.find((entry) => entry.field.name === value)?.field;
      moveTo(definition, field, group ? group.fields : definition.fields);
      ctx.announce(T.movedInto(displayName(field, ctx.lang), group ? T.inGroup(displayName(group, ctx.lang)) : T.topLevel));
      ctx.changed({ structure: true, properties: true, focus: "prop-place" });
    } });
}

function acceptRow(ctx, field) {
  const { T } = ctx;
  const defaults = field.type === "image" ? ["image/png", "image/jpeg"] : ["application/pdf", "image/png", "image/jpeg"];
  const chosen = new Set(field.accept || defaults);
  return h("fieldset", { class: "prop prop-accept", "data-path": "accept" }, h("legend", {}, T.accept),
    MIME_TYPES.map(([mime, name], index) => {
      const id = `prop-accept-${index}`;
      return h("span", { class: "check" },
        h("input", { id, type: "checkbox", checked: chosen.has(mime), onchange: (event) => {
          if (event.target.checked) chosen.add(mime);
          else chosen.delete(mime);
          field.accept = MIME_TYPES.map(([m]) => m).filter((m) => chosen.has(m));
          ctx.changed();
        } }),
        h("label", { for: id }, name));
    }));
}

function defaultRow(ctx, field) {
  const { T } = ctx;
  const id = "prop-default";
  const set = (value) => { setOrDelete(field, "default", value); ctx.changed(); };
  if (field.type === "boolean") {
    const value = field.default === true ? "true" : field.default === false ? "false" : "";
    return selectRow(ctx, { id, path: "default", label: T.defaultValue, value,
      choices: [["", T.noDefault], ["true", T.yes], ["false", T.no]],
      onChange: (choice) => set(choice === "" ? undefined : choice === "true") });
  }
  if (field.type === "select") {
    return selectRow(ctx, { id, path: "default", label: T.defaultValue, value: field.default ?? "",
      choices: [["", T.noDefault], ...(field.options || []).map((o) => [o.value, `${displayName({ label: o.label, name: o.value }, ctx.lang)}`])],
      onChange: (choice) => set(choice || undefined) });
  }
  if (field.type === "multiselect") {
    const chosen = new Set(Array.isArray(field.default) ? field.default : []);
    return h("fieldset", { class: "prop", "data-path": "default" }, h("legend", {}, T.defaultValue),
      (field.options || []).map((option, index) => {
        const boxId = `prop-default-${index}`;
        return h("span", { class: "check" },
          h("input", { id: boxId, type: "checkbox", checked: chosen.has(option.value), onchange: (event) => {
            if (event.target.checked) chosen.add(option.value);
            else chosen.delete(option.value);
            set(chosen.size ? field.options.map((o) => o.value).filter((v) => chosen.has(v)) : undefined);
          } }),
          h("label", { for: boxId }, displayName({ label: option.label, name: option.value }, ctx.lang)));
      }));
  }
  const numeric = NUMBER_TYPES.includes(field.type);
  const type = numeric ? "number" : field.type === "date" ? "date" : field.type === "datetime" ? "datetime-local" : "text";
  return inputRow(ctx, { id, path: "default", label: T.defaultValue, type, value: field.default ?? "",
    onInput: (value) => {
      if (numeric && value.trim() !== "" && Number.isFinite(Number(value))) set(Number(value));
      else set(value);
    } });
}

// ---- options ----------------------------------------------------------------------------

/** While an option's value was not typed by hand, its English text gives the value. */
function followOptionLabel(options, option, inputId) {
  if (valuedByHand.has(option)) return;
  const base = nameFromLabel(option.label.en);
  if (!base) return;
  const taken = new Set(options.filter((o) => o !== option).map((o) => o.value));
  let value = base;
  for (let n = 2; taken.has(value); n += 1) value = `${base}_${n}`;
  option.value = value;
  const input = document.getElementById(inputId);
  if (input) input.value = value;
}

function optionsEditor(ctx, field) {
  const { T } = ctx;
  const options = field.options || (field.options = []);
  const refresh = (focus) => ctx.changed({ properties: true, focus });
  const rows = options.map((option, index) => {
    const valueId = `opt-value-${index}`;
    const swap = (to) => {
      [options[index], options[to]] = [options[to], options[index]];
      refresh(`opt-${to < index ? "up" : "down"}-${to}`);
    };
    return h("li", { class: "option-row", "data-path": `options.${index}` },
      h("div", { class: "option-value" }, h("label", { for: valueId }, T.optionValue),
        h("input", { id: valueId, type: "text", value: option.value, spellcheck: "false", "data-path": `options.${index}.value`,
          oninput: (event) => { valuedByHand.add(option); option.value = event.target.value.trim(); ctx.changed(); } })),
      LANGS.map((lang) => {
        const id = `opt-label-${index}-${lang}`;
        return h("div", { class: "option-label" }, h("label", { for: id }, T.optionLabel(T.languages[lang])),
          h("input", { id, type: "text", value: option.label?.[lang] ?? "", lang: lang === "en" ? "en" : "zh-CN",
            "data-path": `options.${index}.label.${lang}`,
            oninput: (event) => {
              option.label = { zh_CN: "", en: "", ...(option.label || {}) };
              option.label[lang] = event.target.value;
              if (lang === "en") followOptionLabel(options, option, valueId);
              ctx.changed();
            } }));
      }),
      h("div", { class: "option-actions" },
        h("button", { type: "button", class: "small", id: `opt-up-${index}`, disabled: index === 0,
          "aria-label": `${T.optionMoveUp} ${index + 1}`, onclick: () => swap(index - 1) }, "↑"),
        h("button", { type: "button", class: "small", id: `opt-down-${index}`, disabled: index === options.length - 1,
          "aria-label": `${T.optionMoveDown} ${index + 1}`, onclick: () => swap(index + 1) }, "↓"),
        h("button", { type: "button", class: "small danger", id: `opt-remove-${index}`,
          "aria-label": `${T.optionRemove} ${index + 1}`,
          onclick: () => { options.splice(index, 1); refresh(options.length ? `opt-value-${Math.max(0, index - 1)}` : "opt-add"); } }, "×")));
  });
  const add = h("button", { type: "button", id: "opt-add", class: "secondary", onclick: () => {
    const taken = new Set(options.map((o) => o.value));
    let n = options.length + 1;
    while (taken.has(`option_${n}`)) n += 1;
    const label = { zh_CN: "", en: "" };
    label[ctx.lang] = T.option(n);
    options.push({ value: `option_${n}`, label });
    refresh(`opt-label-${options.length - 1}-${ctx.lang}`);
  } }, `+ ${T.addOption}`);
  return h("fieldset", { class: "prop prop-options", "data-path": "options" }, h("legend", {}, T.options),
    h("ol", { class: "options-list" }, rows), add);
}

// ---- conditions -------------------------------------------------------------------------

/** The fields a condition of `field` may name: answered fields other than itself, and
 * inside a repeating group only its own row's fields besides those outside any. */
function candidates(ctx, field) {
  const here = walk(ctx.definition).find((entry) => entry.field === field);
  return walk(ctx.definition)
    .filter((entry) => entry.field !== field && !CONTAINER_TYPES.includes(entry.field.type))
    .filter((entry) => !entry.group?.repeat || entry.group === here?.group)
    .map((entry) => entry.field);
}

function builderState(ctx, field, key) {
  const states = builders.get(field) || {};
  builders.set(field, states);
  const current = field[key] || "";
  const cached = states[key];
  const express = (state) => (key === "computed" && state.numeric ? computedExpression(state.model) : conditionExpression(state.model, candidates(ctx, field)));
  if (cached && (cached.mode === "expert" || express(cached) === current)) return cached;
  const numeric = key === "computed" && field.type !== "boolean";
  const model = numeric ? parseComputed(current) : parseCondition(current);
  const pickable = !(key === "computed" && !["integer", "number", "boolean"].includes(field.type));
  const state = { numeric, model: model || (numeric ? { terms: [] } : { join: "and", rules: [] }),
    mode: model && pickable ? "pickers" : "expert" };
  if (state.mode === "pickers" && !state.model.rules?.length && !state.model.terms?.length) {
    if (numeric) state.model.terms.push({ op: null, source: "field", value: "" });
    else state.model.rules.push({ field: "", op: "", value: "" });
  }
  states[key] = state;
  return state;
}

function conditionEditor(ctx, field, key) {
  const { T } = ctx;
  const state = builderState(ctx, field, key);
  const fields = candidates(ctx, field);
  const id = `cond-${key}`;
  const textId = `${id}-text`;
  const readable = () => {
    const expression = field[key] || "";
    if (!expression) return T.readable.empty[key];
    if (state.mode === "expert") return `${T.readable[key]}${expression}`;
    const words = state.numeric ? describeComputed(state.model, fields, T, ctx.lang) : describeCondition(state.model, fields, T, ctx.lang);
    return `${T.readable[key]}${words}`;
  };
  const text = h("p", { class: "condition-text", id: textId, "data-testid": `${key}-text` }, readable());
  const apply = () => {
    const expression = state.numeric ? computedExpression(state.model) : conditionExpression(state.model, fields);
    setOrDelete(field, key, expression);
    text.textContent = readable();
    ctx.changed();
  };
  const rerender = (focus) => {
    const fresh = conditionEditor(ctx, field, key);
    box.replaceWith(fresh);
    if (focus) document.getElementById(focus)?.focus();
  };
  let body;
  if (state.mode === "expert") {
    const note = key === "computed" && !["integer", "number", "boolean"].includes(field.type) ? h("p", { class: "hint" }, T.computedExpertOnly) : null;
    body = [note, h("label", { for: `${id}-expr` }, T.expression),
      h("input", { id: `${id}-expr`, type: "text", value: field[key] || "", spellcheck: "false", "data-path": key,
        "aria-describedby": textId, oninput: (event) => {
          setOrDelete(field, key, event.target.value.trim());
          text.textContent = readable();
          ctx.changed();
        } })];
  } else if (state.numeric) {
    body = termsEditor(ctx, state.model, fields.filter((f) => NUMBER_TYPES.includes(f.type)), id, apply, rerender);
  } else {
    body = rulesEditor(ctx, state.model, fields, id, apply, rerender);
  }
  const canPick = state.mode === "expert" && (key !== "computed" || ["integer", "number", "boolean"].includes(field.type))
    && (state.numeric ? parseComputed(field[key] || "") : parseCondition(field[key] || ""));
  const toggle = state.mode === "pickers" || canPick
    ? h("button", { type: "button", class: "link", id: `${id}-mode`, onclick: () => {
      if (state.mode === "pickers") {
        state.mode = "expert";
      } else {
        builders.get(field)[key] = undefined;
        builderState(ctx, field, key);
      }
      rerender(`${id}-mode`);
    } }, state.mode === "pickers" ? T.typeExpression : T.usePickers)
    : null;
  const clear = h("button", { type: "button", class: "link", id: `${id}-clear`, onclick: () => {
    delete field[key];
    builders.get(field)[key] = undefined;
    ctx.changed();
    rerender(`${id}-clear`);
  } }, T.clear);
  const box = h("fieldset", { class: "prop condition", id, "data-path": key, "data-testid": `condition-${key}` },
    h("legend", {}, T[key]), text, body, h("p", { class: "condition-actions" }, toggle, " ", clear));
  return box;
}

function rulesEditor(ctx, model, fields, id, apply, rerender) {
  const { T } = ctx;
  const rows = model.rules.map((rule, index) => {
    const field = fields.find((f) => f.name === rule.field);
    const fieldSelect = h("select", { id: `${id}-field-${index}`, "aria-label": `${T.pickField} ${index + 1}`,
      onchange: (event) => {
        rule.field = event.target.value;
        const chosen = fields.find((f) => f.name === rule.field);
        rule.op = operatorsFor(chosen)[0] || "";
        rule.value = "";
        apply();
        rerender(`${id}-field-${index}`);
      } },
      h("option", { value: "" }, `— ${T.pickField} —`),
      fields.map((f) => h("option", { value: f.name, selected: f.name === rule.field }, `${displayName(f, ctx.lang)} (${f.name})`)));
    const opSelect = h("select", { id: `${id}-op-${index}`, "aria-label": `${T.operator} ${index + 1}`, disabled: !field,
      onchange: (event) => {
        rule.op = event.target.value;
        if (!needsValue(rule.op)) rule.value = "";
        apply();
        rerender(`${id}-op-${index}`);
      } },
      operatorsFor(field).map((op) => h("option", { value: op, selected: op === rule.op }, operatorWord(op, field, T.ops))));
    let valueInput = null;
    if (field && needsValue(rule.op)) {
      const valueId = `${id}-value-${index}`;
      if (field.options) {
        valueInput = h("select", { id: valueId, "aria-label": `${T.value} ${index + 1}`,
          onchange: (event) => { rule.value = event.target.value; apply(); } },
          h("option", { value: "" }, "—"),
          field.options.map((o) => h("option", { value: o.value, selected: o.value === rule.value }, displayName({ label: o.label, name: o.value }, ctx.lang))));
      } else {
        const type = NUMBER_TYPES.includes(field.type) ? "number" : field.type === "date" ? "date" : "text";
        valueInput = h("input", { id: valueId, type, value: rule.value, "aria-label": `${T.value} ${index + 1}`,
          oninput: (event) => { rule.value = event.target.value; apply(); } });
      }
    }
    const remove = h("button", { type: "button", class: "small danger", "aria-label": `${T.removeRule} ${index + 1}`,
      onclick: () => {
        model.rules.splice(index, 1);
        apply();
        rerender(`${id}-add`);
      } }, "×");
    return h("li", { class: "rule" }, fieldSelect, opSelect, valueInput, remove);
  });
  const join = model.rules.length > 1
    ? h("div", { class: "join" }, h("label", { for: `${id}-join` }, T.join),
      h("select", { id: `${id}-join`, onchange: (event) => { model.join = event.target.value; apply(); } },
        ["and", "or"].map((j) => h("option", { value: j, selected: j === model.join }, T.joins[j]))))
    : null;
  const add = h("button", { type: "button", class: "secondary small", id: `${id}-add`, onclick: () => {
    model.rules.push({ field: "", op: "", value: "" });
    rerender(`${id}-field-${model.rules.length - 1}`);
  } }, `+ ${T.addRule}`);
  return [h("ol", { class: "rules" }, rows), join, add];
}

function termsEditor(ctx, model, fields, id, apply, rerender) {
  const { T } = ctx;
  const rows = model.terms.map((term, index) => {
    const op = index === 0 ? null : h("select", { id: `${id}-op-${index}`, "aria-label": `${T.operator} ${index + 1}`,
      onchange: (event) => { term.op = event.target.value; apply(); } },
      Object.entries(T.arith).map(([sym, word]) => h("option", { value: sym, selected: sym === (term.op || "+") }, `${sym} ${word}`)));
    const source = h("select", { id: `${id}-field-${index}`, "aria-label": `${T.pickField} ${index + 1}`,
      onchange: (event) => {
        const value = event.target.value;
        term.source = value === "#number" ? "number" : "field";
        term.value = value === "#number" ? "" : value;
        apply();
        rerender(`${id}-field-${index}`);
      } },
      h("option", { value: "" }, `— ${T.pickField} —`),
      fields.map((f) => h("option", { value: f.name, selected: term.source === "field" && f.name === term.value }, `${displayName(f, ctx.lang)} (${f.name})`)),
      h("option", { value: "#number", selected: term.source === "number" }, T.number));
    const number = term.source === "number"
      ? h("input", { id: `${id}-value-${index}`, type: "number", step: "any", value: term.value, "aria-label": `${T.number} ${index + 1}`,
        oninput: (event) => { term.value = event.target.value; apply(); } })
      : null;
    const remove = h("button", { type: "button", class: "small danger", "aria-label": `${T.removeTerm} ${index + 1}`,
      onclick: () => {
        model.terms.splice(index, 1);
        if (model.terms[0]) model.terms[0].op = null;
        apply();
        rerender(`${id}-add`);
      } }, "×");
    return h("li", { class: "rule" }, op, source, number, remove);
  });
  const add = h("button", { type: "button", class: "secondary small", id: `${id}-add`, onclick: () => {
    model.terms.push({ op: model.terms.length ? "+" : null, source: "field", value: "" });
    rerender(`${id}-field-${model.terms.length - 1}`);
  } }, `+ ${T.addTerm}`);
  return [h("p", { class: "hint" }, T.computedNumberHint), h("ol", { class: "rules" }, rows), add];
}

// ---- errors -----------------------------------------------------------------------------

/** Show `errors` ([{prop, message}]) of the shown field next to the inputs they concern. */
export function showPropertyErrors(container, errors) {
  container.querySelectorAll(".prop-error").forEach((element) => element.remove());
  container.querySelectorAll("[aria-invalid]").forEach((element) => {
    element.removeAttribute("aria-invalid");
    const described = (element.getAttribute("aria-describedby") || "").split(" ").filter((id) => !id.startsWith("err-"));
    if (described.length) element.setAttribute("aria-describedby", described.join(" "));
    else element.removeAttribute("aria-describedby");
  });
  const general = [];
  for (const error of errors) {
    const target = closestTarget(container, error.prop);
    if (!target) {
      general.push(error.message);
      continue;
    }
    const id = freshId("err");
    const message = h("p", { class: "field-error prop-error", id, role: "alert" }, error.message);
    if (target.tagName === "FIELDSET") {
      target.append(message);
    } else {
      target.setAttribute("aria-invalid", "true");
      target.setAttribute("aria-describedby", `${target.getAttribute("aria-describedby") || ""} ${id}`.trim());
      (target.closest(".pair-half, .option-value, .option-label, .prop") || target).append(message);
    }
  }
  if (general.length) {
    container.prepend(h("div", { class: "field-error prop-error", role: "alert" }, general.map((text) => h("p", {}, text))));
  }
}

function closestTarget(container, prop) {
  const parts = prop ? prop.split(".") : [];
  while (parts.length) {
    const target = container.querySelector(`[data-path="${CSS.escape(parts.join("."))}"]`);
    if (target) return target;
    parts.pop();
  }
  return null;
}
