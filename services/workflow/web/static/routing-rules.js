// The routing rule editor, enhanced: a condition row offers its question's choices (or a
// box to type a value) and hides the value for "is answered"; only the chosen form's
// questions are offered; the target shows the department or org unit choice it needs;
// "Add a condition" adds a row. Without this script every control stays visible and the
// server reads the post the same way.

const form = document.getElementById("rule-form");

function fieldMeta() {
  try {
    return JSON.parse(form.dataset.fieldMeta || "{}");
  } catch {
    return {};
  }
}

const META = form ? fieldMeta() : {};

function part(row, role) {
  return row.querySelector(`[data-role="${role}"]`);
}

function showChoices(row) {
  const field = part(row, "field").value;
  const choice = part(row, "choice");
  const value = part(row, "value");
  const options = (META[field] && META[field].options) || [];
  const chosen = new Set(Array.from(choice.selectedOptions, (option) => option.value));
  if (choice.dataset.field !== field) {
    choice.replaceChildren(
      ...options.map((item) => {
        const shown = String(item.value);
        const option = new Option(item.label || shown, shown);
        option.selected = chosen.has(shown);
        return option;
      }),
    );
    choice.dataset.field = field;
  }
  const exists = part(row, "op").value === "exists";
  choice.hidden = exists || options.length === 0;
  value.hidden = exists || options.length > 0;
}

function offerFormQuestions() {
  const formKey = document.getElementById("form_key").value;
  for (const group of form.querySelectorAll("optgroup[data-group]")) {
    const key = group.dataset.group;
    group.hidden = Boolean(formKey) && key !== "enterprise" && key !== formKey;
  }
}

function showTarget() {
  const kind = document.getElementById("target_kind").value;
  for (const box of form.querySelectorAll("[data-target]")) {
    box.hidden = box.dataset.target !== kind;
  }
}

function wire(row) {
  part(row, "field").addEventListener("change", () => showChoices(row));
  part(row, "op").addEventListener("change", () => showChoices(row));
  part(row, "choice").dataset.field = part(row, "field").value;
  showChoices(row);
}

function addCondition() {
  const rows = form.querySelectorAll(".condition-row");
  const last = rows[rows.length - 1];
  const index = Number(last.dataset.row) + 1;
  const row = last.cloneNode(true);
  row.dataset.row = String(index);
  for (const error of row.querySelectorAll(".field-error")) error.remove();
  for (const control of row.querySelectorAll("[name]")) {
    control.name = control.name.replace(/^cond-\d+-/, `cond-${index}-`);
    const label = control.getAttribute("aria-label") || "";
    control.setAttribute("aria-label", label.replace(/\d+/, String(index + 1)));
  }
  part(row, "field").value = "";
  part(row, "op").value = "eq";
  part(row, "value").value = "";
  part(row, "choice").replaceChildren();
  last.after(row);
  wire(row);
  part(row, "field").focus();
}

if (form) {
  form.querySelectorAll(".condition-row").forEach(wire);
  document.getElementById("form_key").addEventListener("change", offerFormQuestions);
  document.getElementById("target_kind").addEventListener("change", showTarget);
  const add = document.getElementById("add-condition");
  add.hidden = false;
  add.addEventListener("click", addCondition);
  offerFormQuestions();
  showTarget();
}

// The warning of the chosen department or org unit, shown under the target.
function showTargetWarning() {
  const kind = document.getElementById("target_kind").value;
  const select = document.getElementById(kind);
  const chosen = select ? select.selectedOptions[0] : null;
  const note = document.getElementById("target-warning");
  note.textContent = (chosen && chosen.dataset.warning) || "";
  note.hidden = !note.textContent;
}

if (form) {
  for (const id of ["target_kind", "department", "org_unit"]) {
    document.getElementById(id).addEventListener("change", showTargetWarning);
  }
  showTargetWarning();
}
