// The ticket page's hand-over forms: the person list shows only the staff of the unit
// chosen. Without JavaScript every unit's staff is listed, grouped by unit, and the
// server refuses a person of another unit by the field.
for (const form of document.querySelectorAll("form")) {
  const unit = form.querySelector("[data-unit-select]");
  const person = form.querySelector("[data-person-select]");
  if (!unit || !person) continue;
  const show = () => {
    for (const group of person.querySelectorAll("optgroup")) {
      const mine = group.dataset.unit === unit.value;
      group.hidden = !mine;
      group.disabled = !mine;
    }
    const chosen = person.selectedOptions[0];
    if (chosen && chosen.parentElement.disabled) person.value = "";
  };
  unit.addEventListener("change", show);
  show();
}
