// Conditions and computed values as pickers: the subset of the forms' expression language
// that pickers can show, read from and written back to an expression string.
//
// A condition is rules joined all by "and" or all by "or"; a rule compares one field with a
// value (`kind == 'water'`, `employees > 10`, `empty(email)`, `'air' in topics`). A computed
// number is terms joined by + - * / (`length * width`). Any other expression stays typed by
// hand: parse() returns null for it, and the designer shows the expression text instead.

import { DATE_TYPES, NUMBER_TYPES, UPLOAD_TYPES } from "./designer-text.js";

const COMPARISONS = { eq: "==", ne: "!=", lt: "<", le: "<=", gt: ">", ge: ">=" };
const SYMBOL_OPS = Object.fromEntries(Object.entries(COMPARISONS).map(([op, sym]) => [sym, op]));
const ARITHMETIC = ["+", "-", "*", "/"];

/** The comparisons offered for a field of this type, as keys of TEXT.ops-like names. */
export function operatorsFor(field) {
  if (!field) return [];
  if (NUMBER_TYPES.includes(field.type)) return ["eq", "ne", "lt", "le", "gt", "ge", "empty", "filled"];
  if (DATE_TYPES.includes(field.type)) return ["eq", "ne", "lt", "le", "gt", "ge", "empty", "filled"];
  if (field.type === "boolean") return ["yes", "no", "empty"];
  if (field.type === "multiselect") return ["has", "empty", "filled"];
  if (UPLOAD_TYPES.includes(field.type)) return ["empty", "filled"];
  return ["eq", "ne", "empty", "filled"];
}

/** The word shown for an operator: dates are "before"/"after" rather than less/more. */
export function operatorWord(op, field, words) {
  if (field && DATE_TYPES.includes(field.type)) {
    const dated = { lt: "before", le: "onOrBefore", gt: "after", ge: "onOrAfter" }[op];
    if (dated) return words[dated];
  }
  return words[op];
}

export function needsValue(op) {
  return !["empty", "filled", "yes", "no"].includes(op);
}

function quote(text) {
  return text.includes("'") ? `"${text.replace(/["\\]/g, "\\$&")}"` : `'${text.replace(/\\/g, "\\\\")}'`;
}

function literal(value, field) {
  if (NUMBER_TYPES.includes(field.type)) {
    return /^-?\d+(\.\d+)?$/.test(value.trim()) ? value.trim() : null;
  }
  return value === "" ? null : quote(value);
}

/** One rule as an expression, or null while it is incomplete. */
function ruleExpression(rule, fields) {
  const field = fields.find((candidate) => candidate.name === rule.field);
  if (!field || !rule.op) return null;
  if (rule.op === "empty") return `empty(${field.name})`;
  if (rule.op === "filled") return `not empty(${field.name})`;
  if (rule.op === "yes") return `${field.name} == true`;
  if (rule.op === "no") return `${field.name} == false`;
  const value = literal(rule.value ?? "", field);
  if (value === null) return null;
  if (rule.op === "has") return `${value} in ${field.name}`;
  return `${field.name} ${COMPARISONS[rule.op]} ${value}`;
}

/** The expression of a condition built with pickers ("" when no rule is complete). */
export function conditionExpression(condition, fields) {
  const parts = condition.rules.map((rule) => ruleExpression(rule, fields)).filter(Boolean);
  return parts.join(` ${condition.join} `);
}

/** The expression of a computed number built with pickers ("" when no term is complete). */
export function computedExpression(computed) {
  const parts = [];
  for (const term of computed.terms) {
    const value = term.value.trim();
    const complete = term.source === "number" ? /^-?\d+(\.\d+)?$/.test(value) : value !== "";
    if (!complete) continue;
    if (parts.length) parts.push(term.op || "+");
    parts.push(value);
  }
  return parts.join(" ");
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|<|>|\(|\)|\+|-|\*|\/))/y;

function tokenize(text) {
  const tokens = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const match = TOKEN.exec(text);
    if (!match) return null;
    if (match[1] !== undefined) tokens.push({ kind: "number", text: match[1] });
    else if (match[2] !== undefined) tokens.push({ kind: "string", text: match[2].slice(1, -1).replace(/\\(.)/g, "$1") });
    else if (match[3] !== undefined) tokens.push({ kind: "word", text: match[3] });
    else tokens.push({ kind: "symbol", text: match[4] });
  }
  return tokens;
}

const KEYWORDS = ["and", "or", "not", "in", "true", "false", "empty"];

function isName(token) {
  return token && token.kind === "word" && !KEYWORDS.includes(token.text);
}

function is(token, text) {
  return token && (token.kind === "word" || token.kind === "symbol") && token.text === text;
}

/** Read a literal at tokens[i]: {value, kind, next} or null. */
function readLiteral(tokens, i) {
  const token = tokens[i];
  if (is(token, "-") && tokens[i + 1]?.kind === "number") {
    return { value: `-${tokens[i + 1].text}`, kind: "number", next: i + 2 };
  }
  if (token?.kind === "number" || token?.kind === "string") return { value: token.text, kind: token.kind, next: i + 1 };
  if (is(token, "true") || is(token, "false")) return { value: token.text, kind: "boolean", next: i + 1 };
  return null;
}

function readRule(tokens, i) {
  if (is(tokens[i], "not") && is(tokens[i + 1], "empty") && is(tokens[i + 2], "(") && isName(tokens[i + 3]) && is(tokens[i + 4], ")")) {
    return { rule: { field: tokens[i + 3].text, op: "filled", value: "" }, next: i + 5 };
  }
  if (is(tokens[i], "empty") && is(tokens[i + 1], "(") && isName(tokens[i + 2]) && is(tokens[i + 3], ")")) {
    return { rule: { field: tokens[i + 2].text, op: "empty", value: "" }, next: i + 4 };
  }
  const left = readLiteral(tokens, i);
  if (left && left.kind !== "boolean" && is(tokens[left.next], "in") && isName(tokens[left.next + 1])) {
    return { rule: { field: tokens[left.next + 1].text, op: "has", value: left.value }, next: left.next + 2 };
  }
  if (!isName(tokens[i]) || tokens[i + 1]?.kind !== "symbol" || !SYMBOL_OPS[tokens[i + 1].text]) return null;
  const op = SYMBOL_OPS[tokens[i + 1].text];
  const right = readLiteral(tokens, i + 2);
  if (!right) return null;
  if (right.kind === "boolean") {
    if (op !== "eq") return null;
    return { rule: { field: tokens[i].text, op: right.value === "true" ? "yes" : "no", value: "" }, next: right.next };
  }
  return { rule: { field: tokens[i].text, op, value: right.value }, next: right.next };
}

/** A condition as pickers ({join, rules}), or null when pickers cannot show it. */
export function parseCondition(text) {
  const condition = { join: "and", rules: [] };
  if (!text || !text.trim()) return condition;
  const tokens = tokenize(text);
  if (!tokens) return null;
  let i = 0;
  let join = null;
  for (;;) {
    const read = readRule(tokens, i);
    if (!read) return null;
    condition.rules.push(read.rule);
    i = read.next;
    if (i === tokens.length) break;
    const word = tokens[i];
    if (!(is(word, "and") || is(word, "or")) || (join && join !== word.text)) return null;
    join = word.text;
    i += 1;
  }
  condition.join = join || "and";
  return condition;
}

/** A computed number as pickers ({terms: [{op, source, value}]}), or null. */
export function parseComputed(text) {
  const computed = { terms: [] };
  if (!text || !text.trim()) return computed;
  const tokens = tokenize(text);
  if (!tokens) return null;
  let i = 0;
  let op = null;
  for (;;) {
    const number = readLiteral(tokens, i);
    if (number && number.kind === "number") {
      computed.terms.push({ op, source: "number", value: number.value });
      i = number.next;
    } else if (isName(tokens[i])) {
      computed.terms.push({ op, source: "field", value: tokens[i].text });
      i += 1;
    } else {
      return null;
    }
    if (i === tokens.length) return computed;
    if (!(tokens[i].kind === "symbol" && ARITHMETIC.includes(tokens[i].text))) return null;
    op = tokens[i].text;
    i += 1;
  }
}

/** A condition in words: «Category» is «Permit» and «Employees» is more than 10. */
export function describeCondition(condition, fields, words, lang) {
  const parts = [];
  for (const rule of condition.rules) {
    const field = fields.find((candidate) => candidate.name === rule.field);
    if (!field || !rule.op) continue;
    const name = `«${labelText(field.label, lang) || field.name}»`;
    const op = operatorWord(rule.op, field, words.ops);
    if (!needsValue(rule.op)) {
      parts.push(`${name} ${op}`);
      continue;
    }
    if (rule.value === "") continue;
    const option = (field.options || []).find((candidate) => candidate.value === rule.value);
    const value = option ? labelText(option.label, lang) || option.value : rule.value;
    parts.push(`${name} ${op} «${value}»`);
  }
  return parts.join(words.readable[condition.join]);
}

/** A computed number in words: «Length» times «Width». */
export function describeComputed(computed, fields, words, lang) {
  const parts = [];
  for (const term of computed.terms) {
    if (term.value.trim() === "") continue;
    if (parts.length) parts.push(words.arith[term.op || "+"]);
    const field = term.source === "field" && fields.find((candidate) => candidate.name === term.value);
    parts.push(field ? `«${labelText(field.label, lang) || field.name}»` : term.value);
  }
  return parts.join(" ");
}

/** A text in `lang`, falling back to the other language. */
export function labelText(texts, lang) {
  if (!texts || typeof texts !== "object") return "";
  const other = lang === "en" ? "zh_CN" : "en";
  return (texts[lang] || "").trim() || (texts[other] || "").trim();
}
