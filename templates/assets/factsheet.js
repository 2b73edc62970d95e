// Accessibility fixes for the Material theme, whose search dialog and hidden toggles have no
// accessible names (axe: aria-dialog-name, label). They sit outside any template block.
for (const [selector, name] of [
  [".md-search[role=dialog]", "Search"],
  ["#__search", "Open search"],
  ["#__drawer", "Open navigation"],
]) {
  const element = document.querySelector(selector);
  if (element && !element.hasAttribute("aria-label")) element.setAttribute("aria-label", name);
}

// Printing a sheet shows every quote: open the quote toggles before the page is printed.
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details.fs-quote").forEach((d) => { d.open = true; });
});
