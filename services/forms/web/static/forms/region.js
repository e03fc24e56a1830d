// Region fields: the server renders one select of every county grouped by city (it
// works without JavaScript); here it becomes a cascade province → city → county whose
// last choice is copied into that select, which is the one posted.

function select(id, label, choices, chosen) {
  const element = document.createElement("select");
  element.id = id;
  element.setAttribute("aria-label", label);
  element.append(new Option(`— ${label} —`, ""));
  for (const choice of choices) element.append(new Option(choice.name, choice.code, false, choice.code === chosen));
  return element;
}

function cascade(original, tree) {
  const id = original.id;
  const level = original.dataset.level;
  const code = original.value;
  const wrap = document.createElement("span");
  wrap.className = "cascade";
  const province = select(`${id}-province`, original.dataset.labelProvince, [tree], tree.code);
  const city = select(`${id}-city`, original.dataset.labelCity, tree.cities, code.slice(0, 4));
  wrap.append(province, city);
  let county = null;
  if (level !== "city") {
    county = select(`${id}-county`, original.dataset.labelCounty, [], code);
    wrap.append(county);
  }
  const counties = () => tree.cities.find((each) => each.code === city.value)?.counties || [];
  const fillCounties = (chosen) => {
    if (!county) return;
    county.replaceChildren(new Option(`— ${county.getAttribute("aria-label")} —`, ""));
    for (const each of counties()) county.append(new Option(each.name, each.code, false, each.code === chosen));
    county.disabled = !city.value;
  };
  const copy = () => {
    original.value = (county ? county.value : city.value) || "";
    original.dispatchEvent(new Event("change", { bubbles: true }));
  };
  province.addEventListener("change", () => {
    city.disabled = !province.value;
    if (!province.value) city.value = "";
    fillCounties("");
    copy();
  });
  city.addEventListener("change", () => {
    fillCounties("");
    copy();
  });
  county?.addEventListener("change", copy);
  fillCounties(code);
  for (const attribute of ["aria-required", "aria-invalid", "aria-describedby"]) {
    if (original.hasAttribute(attribute)) city.setAttribute(attribute, original.getAttribute(attribute));
  }
  original.hidden = true;
  original.after(wrap);
  const label = original.closest("[data-name]")?.querySelector(`label[for="${id}"]`);
  if (label) label.htmlFor = city.id;
}

/** Turn the region selects under `element` into cascades, with the division tree of
 * the page's JSON data island. */
export function enhanceRegions(root, element) {
  const island = root.querySelector("script[data-region-tree]");
  if (!island) return;
  const tree = JSON.parse(island.textContent);
  element.querySelectorAll("select[data-region]").forEach((original) => cascade(original, tree));
}
