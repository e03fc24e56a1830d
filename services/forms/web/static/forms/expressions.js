// The forms' expression language in the browser: the mirror of
// services/forms/domain/expressions.py for trees the server has parsed.
//
// A tree is JSON: ["field", name], ["lit", value], ["list", [values]], ["not", x],
// ["and", a, b], ["or", a, b], [op, a, b] for == != < <= > >= in + - * /,
// ["empty", ["field", name]] and ["neg", x]. The server stays the judge; this module
// only lets a page show, hide and compute as the server will. It never uses eval.

const COMPARISONS = ["==", "!=", "<", "<=", ">", ">="];
const PRECEDENCE = { or: 1, and: 2, not: 3, in: 4, "+": 5, "-": 5, "*": 6, "/": 6, neg: 7 };
for (const op of COMPARISONS) PRECEDENCE[op] = 4;
const ATOM = 8;

// Evaluation ---------------------------------------------------------------------------

const isNumber = (value) => typeof value === "number";
const isScalar = (value) =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean";

function equal(left, right) {
  return isScalar(left) && isScalar(right) && typeof left === typeof right && left === right;
}

// Python compares strings by code point; JavaScript's < compares UTF-16 code units.
function compareText(left, right) {
  const a = Array.from(left, (char) => char.codePointAt(0));
  const b = Array.from(right, (char) => char.codePointAt(0));
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    if (a[index] !== b[index]) return a[index] - b[index];
  }
  return a.length - b.length;
}

const ORDER = {
  "<": (difference) => difference < 0,
  "<=": (difference) => difference <= 0,
  ">": (difference) => difference > 0,
  ">=": (difference) => difference >= 0,
};

function compare(op, left, right) {
  if (isNumber(left) && isNumber(right)) {
    return ORDER[op](left < right ? -1 : left > right ? 1 : 0);
  }
  if (typeof left === "string" && typeof right === "string") {
    return ORDER[op](compareText(left, right));
  }
  return false;
}

const ARITHMETIC = {
  "+": (a, b) => a + b,
  "-": (a, b) => a - b,
  "*": (a, b) => a * b,
  "/": (a, b) => a / b,
};

function calculate(op, left, right) {
  if (!isNumber(left) || !isNumber(right)) return null;
  if (op === "/" && right === 0) return null;
  const result = ARITHMETIC[op](left, right);
  if (!Number.isFinite(result)) return null;
  return result === 0 ? 0 : result;
}

function isEmpty(value) {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

const member = (item, items) =>
  Array.isArray(items) && isScalar(item) && items.some((each) => equal(item, each));

/** The value of `tree` for the answers `values` (an object); missing answers are absent,
 * null or undefined, and never throw. Semantics as the server's `evaluate`. */
export function evaluate(tree, values) {
  const op = tree[0];
  const value = (child) => evaluate(child, values);
  switch (op) {
    case "field": {
      const answer = Object.hasOwn(values, tree[1]) ? values[tree[1]] : null;
      return answer === undefined ? null : answer;
    }
    case "lit":
      return tree[1];
    case "list":
      return [...tree[1]];
    case "not":
      return value(tree[1]) !== true;
    case "and":
      return tree.slice(1).every((child) => value(child) === true);
    case "or":
      return tree.slice(1).some((child) => value(child) === true);
    case "==":
      return equal(value(tree[1]), value(tree[2]));
    case "!=":
      return !equal(value(tree[1]), value(tree[2]));
    case "in":
      return member(value(tree[1]), value(tree[2]));
    case "empty":
      return isEmpty(value(tree[1]));
    case "neg":
      return calculate("-", 0, value(tree[1]));
    default:
      if (op in ORDER) return compare(op, value(tree[1]), value(tree[2]));
      if (op in ARITHMETIC) return calculate(op, value(tree[1]), value(tree[2]));
      throw new Error(`Unknown expression node ${JSON.stringify(op)}`);
  }
}

/** The names of the fields `tree` reads, as a Set. */
export function references(tree) {
  if (tree[0] === "field") return new Set([tree[1]]);
  if (tree[0] === "lit" || tree[0] === "list") return new Set();
  const names = new Set();
  for (const child of tree.slice(1)) for (const name of references(child)) names.add(name);
  return names;
}

// Writing ------------------------------------------------------------------------------

/** `value` without an exponent: the shortest digits that read back as it. */
export function formatNumber(value) {
  if (value === 0) return "0";
  const text = String(value);
  return text.includes("e") ? positional(text) : text;
}

function positional(text) {
  let [mantissa, exponent] = text.split("e");
  let sign = "";
  if (mantissa.startsWith("-")) [sign, mantissa] = ["-", mantissa.slice(1)];
  const [whole, fraction = ""] = mantissa.split(".");
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function literalText(value) {
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") {
    return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  }
  return formatNumber(value);
}

function precedence(tree) {
  if (tree[0] === "lit" && isNumber(tree[1]) && formatNumber(tree[1]).startsWith("-")) {
    return PRECEDENCE.neg;
  }
  return PRECEDENCE[tree[0]] ?? ATOM;
}

function operandText(tree, minimum) {
  const text = unparse(tree);
  return precedence(tree) < minimum ? `(${text})` : text;
}

/** The canonical text of `tree`, as the server's `unparse` writes it. */
export function unparse(tree) {
  const op = tree[0];
  if (op === "field") return tree[1];
  if (op === "lit") return literalText(tree[1]);
  if (op === "list") return `[${tree[1].map(literalText).join(", ")}]`;
  if (op === "empty") return `empty(${unparse(tree[1])})`;
  if (op === "not") return `not ${operandText(tree[1], PRECEDENCE.not)}`;
  if (op === "neg") {
    const text = operandText(tree[1], PRECEDENCE.neg);
    return /^[0-9]/.test(text) ? `-(${text})` : `-${text}`;
  }
  const level = PRECEDENCE[op];
  const left = operandText(tree[1], level === PRECEDENCE["=="] ? level + 1 : level);
  return `${left} ${op} ${operandText(tree[2], level + 1)}`;
}

// Readable text ------------------------------------------------------------------------

const PHRASES = {
  zh_CN: {
    "==": "{0} 等于 {1}",
    "!=": "{0} 不等于 {1}",
    "<": "{0} 小于 {1}",
    "<=": "{0} 小于或等于 {1}",
    ">": "{0} 大于 {1}",
    ">=": "{0} 大于或等于 {1}",
    "date<": "{0} 早于 {1}",
    "date<=": "{0} 不晚于 {1}",
    "date>": "{0} 晚于 {1}",
    "date>=": "{0} 不早于 {1}",
    in: "{0} 属于 {1}",
    in_list: "{0} 是 {1} 之一",
    in_field: "{1} 包含 {0}",
    empty: "{0} 为空",
    not_empty: "{0} 不为空",
    true: "{0} 为“是”",
    not_true: "{0} 不为“是”",
    not: "并非（{0}）",
    group: "（{0}）",
    and: " 且 ",
    or: " 或 ",
    separator: "、",
    yes: "是",
    no: "否",
  },
  en: {
    "==": "{0} is {1}",
    "!=": "{0} is not {1}",
    "<": "{0} is less than {1}",
    "<=": "{0} is at most {1}",
    ">": "{0} is greater than {1}",
    ">=": "{0} is at least {1}",
    "date<": "{0} is before {1}",
    "date<=": "{0} is on or before {1}",
    "date>": "{0} is after {1}",
    "date>=": "{0} is on or after {1}",
    in: "{0} is in {1}",
    in_list: "{0} is one of {1}",
    in_field: "{1} includes {0}",
    empty: "{0} is empty",
    not_empty: "{0} is not empty",
    true: "{0} is “yes”",
    not_true: "{0} is not “yes”",
    not: "not ({0})",
    group: "({0})",
    and: " and ",
    or: " or ",
    separator: ", ",
    yes: "yes",
    no: "no",
  },
};
const SYMBOLS = { "+": "+", "-": "-", "*": "×", "/": "÷" };

const fill = (phrase, ...parts) => phrase.replace(/\{([01])\}/g, (_, index) => parts[index]);
const isTextLiteral = (tree) => tree[0] === "lit" && typeof tree[1] === "string";
const fieldName = (tree) => (tree[0] === "field" ? tree[1] : null);

class Describer {
  constructor(labels, phrases, optionLabels) {
    this.labels = labels;
    this.phrases = phrases;
    this.optionLabels = optionLabels;
  }

  text(tree, options = null, logical = false) {
    const op = tree[0];
    if (op === "field") {
      const label = Object.hasOwn(this.labels, tree[1]) ? this.labels[tree[1]] : tree[1];
      return logical ? fill(this.phrases.true, label) : label;
    }
    if (op === "lit") return this.value(tree[1], options);
    if (op === "list") {
      return tree[1].map((item) => this.value(item, options)).join(this.phrases.separator);
    }
    if (op === "empty") return fill(this.phrases.empty, this.text(tree[1]));
    if (op === "not") return this.negation(tree[1]);
    if (op === "and" || op === "or") {
      return tree
        .slice(1)
        .map((child) => this.part(child, op))
        .join(this.phrases[op]);
    }
    if (COMPARISONS.includes(op) || op === "in") return this.comparison(tree);
    return this.arithmetic(tree);
  }

  value(value, options) {
    if (typeof value === "boolean") return `“${this.phrases[value ? "yes" : "no"]}”`;
    if (typeof value === "string") {
      const labels = this.optionLabels[options ?? ""] ?? {};
      return `“${Object.hasOwn(labels, value) ? labels[value] : value}”`;
    }
    return formatNumber(value);
  }

  negation(inner) {
    if (inner[0] === "empty") return fill(this.phrases.not_empty, this.text(inner[1]));
    if (inner[0] === "field") return fill(this.phrases.not_true, this.text(inner));
    if (inner[0] === "==" || inner[0] === "!=") {
      return this.comparison([inner[0] === "==" ? "!=" : "==", ...inner.slice(1)]);
    }
    return fill(this.phrases.not, this.text(inner, null, true));
  }

  part(child, op) {
    const text = this.text(child, null, true);
    const mixed = (child[0] === "and" || child[0] === "or") && child[0] !== op;
    return mixed ? fill(this.phrases.group, text) : text;
  }

  comparison(tree) {
    let [op, left, right] = tree;
    const leftText = this.operand(left, PRECEDENCE["+"], fieldName(right));
    const rightText = this.operand(right, PRECEDENCE["+"], fieldName(left));
    // Only dates and times are ordered as text.
    if (op in ORDER && (isTextLiteral(left) || isTextLiteral(right))) op = `date${op}`;
    else if (op === "in" && right[0] === "list") op = "in_list";
    else if (op === "in" && right[0] === "field") op = "in_field";
    return fill(this.phrases[op], leftText, rightText);
  }

  arithmetic(tree) {
    if (tree[0] === "neg") return `-${this.operand(tree[1], PRECEDENCE.neg)}`;
    const level = PRECEDENCE[tree[0]];
    const left = this.operand(tree[1], level);
    return `${left} ${SYMBOLS[tree[0]]} ${this.operand(tree[2], level + 1)}`;
  }

  operand(tree, minimum, options = null) {
    const text = this.text(tree, options);
    return precedence(tree) < minimum ? fill(this.phrases.group, text) : text;
  }
}

/** `tree` as a sentence in `locale` ("zh_CN" or "en"), fields named by `labels`
 * (name → label) and option values by `optionLabels` (name → value → label). */
export function describe(tree, labels, locale, optionLabels = {}) {
  if (!Object.hasOwn(PHRASES, locale)) throw new Error(`Unsupported locale ${locale}`);
  return new Describer(labels, PHRASES[locale], optionLabels).text(tree);
}
