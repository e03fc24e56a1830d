// File and image fields: the chosen file goes to POST /forms/api/uploads at once; the
// returned id is kept in the hidden input that the form posts.

import { fill } from "./rows.js";
import { reason } from "./problem.js";

// As the receipt shows it (services/forms/web/page.py, file_size).
function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1048576) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

async function send(root, input) {
  const widget = input.closest("[data-control]");
  const hidden = widget.querySelector("[data-upload-id]");
  const status = widget.querySelector("[data-upload-status]");
  const file = input.files[0];
  if (!file) return;
  const texts = root.dataset;
  status.classList.remove("field-error");
  status.textContent = fill(texts.msgUploading, { name: file.name });
  const body = new FormData();
  body.append("file", file);
  body.append("form", root.dataset.formKey);
  body.append("field", input.closest("[data-name]").dataset.name);
  const token = document.querySelector('meta[name="csrf-token"]')?.content || "";
  let response;
  try {
    response = await fetch("/forms/api/uploads", { method: "POST", body, headers: { "X-CSRFToken": token, Accept: "application/json" } });
  } catch (error) {
    response = { ok: false, statusText: String(error), json: async () => ({}) };
  }
  if (response.ok) {
    hidden.value = (await response.json()).id;
    status.textContent = `${file.name} (${size(file.size)})`;
  } else {
    hidden.value = "";
    input.value = "";
    status.classList.add("field-error");
    status.textContent = fill(texts.msgUploadFailed, { name: file.name, reason: await reason(response) });
  }
  hidden.dispatchEvent(new Event("change", { bubbles: true }));
}

/** Upload the files chosen in the file inputs under `element` as soon as they are chosen. */
export function enhanceUploads(root, element) {
  for (const input of element.querySelectorAll("input[data-upload]")) {
    input.addEventListener("change", () => send(root, input));
  }
}
