// The inbox's bulk transfer: a checkbox in the table's head chooses or clears every
// ticket of the page. Without JavaScript each row's checkbox still works on its own.
const all = document.querySelector("[data-select-all]");
if (all) {
  const boxes = () => [...document.querySelectorAll("input[name=ticket_id]")];
  all.hidden = false;
  all.addEventListener("change", () => {
    for (const box of boxes()) box.checked = all.checked;
  });
  document.addEventListener("change", (event) => {
    if (event.target.name !== "ticket_id") return;
    const checked = boxes().filter((box) => box.checked).length;
    all.checked = checked === boxes().length;
    all.indeterminate = checked > 0 && checked < boxes().length;
  });
}
