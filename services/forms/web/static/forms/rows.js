// Repeating groups: "Add row" and "Remove row" within min_rows and max_rows.
// Input names are dotted paths (outlets.0.flow) and ids their dashed form
// (f-outlets-0-flow); rows are renumbered after every change so that the posted
// indexes run from 0 without gaps, as the server's error paths do.

const ROW_ATTRIBUTES = ["name", "id", "for", "data-path", "data-field", "aria-describedby", "aria-labelledby"];

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));
}

function renumberRow(group, row, index) {
  const path = group.dataset.path;
  const dotted = new RegExp(`^${path.replace(/\./g, "\\.")}\\.(\\d+|__index__)\\.`);
  const dashed = new RegExp(`(^|\\s)f-${path.replace(/\./g, "-")}-(\\d+|__index__)-`, "g");
  for (const element of [row, ...row.querySelectorAll("*")]) {
    for (const attribute of ROW_ATTRIBUTES) {
      const value = element.getAttribute(attribute);
      if (value === null) continue;
      const renamed = value
        .replace(dotted, `${path}.${index}.`)
        .replace(dashed, `$1f-${path.replace(/\./g, "-")}-${index}-`);
      if (renamed !== value) element.setAttribute(attribute, renamed);
    }
  }
  row.querySelector("[data-row-number]").textContent = fill(group.dataset.rowTitle, { row: index + 1 });
  row.querySelector("[data-remove-row]").setAttribute(
    "aria-label", fill(group.dataset.removeLabel, { row: index + 1 }));
}

function rowsOf(group) {
  return [...group.querySelector("[data-rows]").children];
}

function update(group) {
  const rows = rowsOf(group);
  rows.forEach((row, index) => renumberRow(group, row, index));
  const min = Number(group.dataset.minRows || 0);
  const max = group.dataset.maxRows === undefined ? Infinity : Number(group.dataset.maxRows);
  group.querySelector("[data-add-row]").disabled = rows.length >= max;
  for (const button of group.querySelectorAll("[data-remove-row]")) {
    button.disabled = rows.length <= min;
  }
}

function addRow(group) {
  const template = group.querySelector(":scope > template[data-row-template]");
  const row = template.content.firstElementChild.cloneNode(true);
  group.querySelector("[data-rows]").append(row);
  setUp(group, row);
  update(group);
  row.querySelector("input:not([type=hidden]), select, textarea")?.focus();
}

function removeRow(group, row) {
  const rows = rowsOf(group);
  const next = rows[rows.indexOf(row) + 1] || rows[rows.indexOf(row) - 1];
  row.remove();
  update(group);
  const focus = next?.querySelector("[data-remove-row]:not([disabled])") || group.querySelector("[data-add-row]");
  focus.focus();
}

function setUp(group, row) {
  const button = row.querySelector("[data-remove-row]");
  button.hidden = false;
  button.addEventListener("click", () => {
    removeRow(group, row);
    group.dispatchEvent(new Event("change", { bubbles: true }));
  });
}

/** Make the repeating groups under `root` editable: drop the spare blank row that the
 * server adds for people without JavaScript, show the buttons. `onAdd(row)` is called
 * for each new row, so its widgets can be set up. */
export function enhanceRows(root, onAdd) {
  for (const group of root.querySelectorAll("[data-repeat]")) {
    group.querySelectorAll("[data-rows] > [data-spare]").forEach((row) => row.remove());
    rowsOf(group).forEach((row) => setUp(group, row));
    const add = group.querySelector("[data-add-row]");
    add.hidden = false;
    add.addEventListener("click", () => {
      addRow(group);
      onAdd(rowsOf(group).at(-1));
      group.dispatchEvent(new Event("change", { bubbles: true }));
    });
    update(group);
  }
}

export { fill };
