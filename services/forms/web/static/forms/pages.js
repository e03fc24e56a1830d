// A form with sections, one page at a time: Back and Next, a step indicator, and the
// required answers of a page checked before Next moves on. The server still checks
// every answer when the form is submitted.

import { fill } from "./rows.js";

/** Page through the sections under `root`. `check(page)` returns the first invalid
 * control of a page (after showing its messages), or null. */
export function enhancePages(root, check) {
  const pages = [...root.querySelectorAll(":scope > [data-page]")];
  const form = root.closest("form");
  const submitRow = form?.querySelector("[data-submit]");
  const submit = form?.querySelector("[data-submit-button]");
  // A preview of a version (a disabled fieldset) shows every page: its buttons cannot be used.
  if (pages.length < 2 || root.closest("fieldset[disabled]")) return { refresh() {} };
  const steps = root.querySelector("[data-steps]");
  const now = root.querySelector("[data-step-now]");
  const pager = root.querySelector("[data-pager]");
  const back = pager.querySelector("[data-back]");
  const next = pager.querySelector("[data-next]");
  const withError = pages.findIndex((page) => page.querySelector(".field-error"));
  let current = pages[Math.max(withError, 0)];
  steps.hidden = false;
  pager.hidden = false;
  // The submit button joins Back and Next, to show on the last page only; other buttons
  // of its row (Save draft) stay where they are, on every page.
  if (submit) {
    pager.append(submit);
    submitRow.hidden = !submitRow.querySelector("button");
  }

  const shown = () => pages.filter((page) => !page.hidden);

  function show(page, focus) {
    const visible = shown();
    if (page.hidden) page = visible.find((p) => pages.indexOf(p) > pages.indexOf(page)) || visible.at(-1);
    current = page;
    for (const each of pages) each.classList.toggle("page-off", each !== page);
    const position = visible.indexOf(page);
    pages.forEach((each, index) => {
      const item = steps.querySelector(`[data-step="${index}"]`);
      item.hidden = each.hidden;
      if (each === page) item.setAttribute("aria-current", "step");
      else item.removeAttribute("aria-current");
    });
    const text = fill(now.dataset.template, { step: position + 1, steps: visible.length });
    if (now.textContent !== text) now.textContent = text;
    back.hidden = position === 0;
    next.hidden = position === visible.length - 1;
    if (submit) submit.hidden = position !== visible.length - 1;
    if (focus) {
      page.setAttribute("tabindex", "-1");
      page.focus();
      page.scrollIntoView({ block: "start" });
    }
  }

  function move(step) {
    const visible = shown();
    const position = visible.indexOf(current);
    if (step > 0) {
      const invalid = check(current);
      if (invalid) {
        invalid.focus();
        return;
      }
    }
    const target = visible[position + step];
    if (target) show(target, true);
  }

  back.addEventListener("click", () => move(-1));
  next.addEventListener("click", () => move(1));
  form?.addEventListener("submit", (event) => {
    // Enter in a field submits with the Submit button too: before the last page it is Next.
    const filing = !event.submitter || event.submitter === submit;
    if (filing && shown().indexOf(current) < shown().length - 1) {
      event.preventDefault();
      move(1);
    }
  });
  show(current, false);
  return { refresh: () => show(current, false) };
}
