// Trusted script shipped with the templates: the search box, and accessibility fixes.

// Light and dark: the page's head applied the reader's choice (or the system's); the switch in
// the header changes it, and the choice is kept for the next page.
(() => {
  const button = document.querySelector(".fs-scheme");
  if (!button) return;
  const show = () => button.setAttribute("aria-pressed", String(document.body.dataset.mdColorScheme === "slate"));
  button.addEventListener("click", () => {
    const scheme = document.body.dataset.mdColorScheme === "slate" ? "default" : "slate";
    document.body.dataset.mdColorScheme = scheme;
    try { localStorage.setItem("fs-scheme", scheme); } catch (e) { /* private browsing: this page only */ }
    show();
  });
  show();
})();

// Printing a sheet shows every quote: open the quote toggles before the page is printed.
window.addEventListener("beforeprint", () => {
  document.querySelectorAll(".fs-figure details:not(.fs-embed-code)").forEach((d) => { d.open = true; });
});

// Search, over Pagefind's index (pagefind/<bundle>/, merged here). Nothing is loaded until the
// box is used. Results are built as DOM nodes from text: no content reaches innerHTML.
(() => {
  const input = document.getElementById("fs-search");
  if (!input) return;
  const panel = document.createElement("div");
  Object.assign(panel, { id: "fs-search-results", className: "fs-search-results", hidden: true });
  panel.setAttribute("role", "region");
  panel.setAttribute("aria-label", "Search results");
  panel.setAttribute("aria-live", "polite");
  input.after(panel);
  input.setAttribute("aria-controls", panel.id);
  const root = new URL(input.dataset.root, location.href).href;
  let engine = null;
  let latest = 0;

  const load = () => {
    engine ??= (async () => {
      const pagefind = await import(`${root}pagefind/0/pagefind.js`);
      // (in this page, not Pagefind's worker: posting 10,000 results back from a worker took
      // longer than ranking them, 250 ms against 100 for a word on every sheet)
      await pagefind.options({ basePath: `${root}pagefind/0/`, excerptLength: 18, noWorker: true });
      const manifest = await (await fetch(`${root}pagefind/bundles.json`)).json();
      for (const bundle of manifest.bundles.slice(1)) await pagefind.mergeIndex(`${root}pagefind/${bundle}`);
      return pagefind;
    })();
    return engine;
  };

  const text = (html) => new DOMParser().parseFromString(html, "text/html").documentElement.textContent;

  const excerpt = (html) => {
    const p = document.createElement("p");
    html.split(/(<mark>.*?<\/mark>)/).forEach((part) => {
      const marked = part.startsWith("<mark>");
      const node = marked ? document.createElement("mark") : document.createTextNode("");
      node.textContent = text(marked ? part.slice(6, -7) : part);
      p.append(node);
    });
    return p;
  };

  const show = (items, query) => {
    panel.replaceChildren();
    const status = document.createElement("p");
    status.className = "fs-search-status";
    status.textContent = items.length ? `${items.length} ${items.length === 1 ? "result" : "results"}`
      : `Nothing found for “${query}”`;
    panel.append(status);
    if (items.length) {
      const list = document.createElement("ul");
      for (const item of items) {
        const li = document.createElement("li");
        const link = document.createElement("a");
        link.href = new URL(item.url, location.href).href;
        link.textContent = item.meta.title;
        li.append(link, excerpt(item.excerpt));
        list.append(li);
      }
      panel.append(list);
    }
    open(true);
  };

  const open = (on) => { panel.hidden = !on; };

  const search = async () => {
    const query = input.value.trim();
    const mine = ++latest;
    if (!query) { open(false); return; }
    const pagefind = await load();
    // Fetch the index chunks of the words typed so far while waiting for the next key, but not
    // for one or two letters: their chunks are rarely the ones the word needs, and cost bytes.
    if (query.length >= 3) pagefind.preload(query);
    await new Promise((done) => { setTimeout(done, 100); });
    if (mine !== latest) return;  // a later keystroke took over
    const found = await pagefind.search(query);
    if (found === null || mine !== latest) return;
    const items = await Promise.all(found.results.slice(0, 8).map((r) => r.data()));
    if (mine === latest) show(items, query);
  };

  const links = () => [...panel.querySelectorAll("a")];
  input.addEventListener("focus", load);
  input.addEventListener("input", search);
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && links().length) {
      event.preventDefault();
      open(true);
      links()[0].focus();
    }
    if (event.key === "Escape") open(false);
  });
  panel.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at < all.length - 1) { event.preventDefault(); all[at + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? all[at - 1] : input).focus(); }
    if (event.key === "Escape") { open(false); input.focus(); }
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest(".fs-search")) open(false);
  });
  document.addEventListener("keydown", (event) => {
    const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement?.tagName);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey) { event.preventDefault(); input.focus(); }
  });
})();

// Embed codes: the snippet's address made absolute (without site_url the page wrote it
// relative to itself), and a button that copies the snippet. Without script the snippet is
// there to select.
document.querySelectorAll(".fs-snippet").forEach((snippet) => {
  snippet.value = snippet.dataset.source  // (a TimelineJS embed: the export's address is a parameter)
    ? snippet.value.replace(/source=[^&"]*/, `source=${encodeURIComponent(new URL(snippet.dataset.source, location.href).href)}`)
    : snippet.value.replace(/src="([^"]*)"/, (_, src) => `src="${new URL(src, location.href).href}"`);
  const button = document.createElement("button");
  Object.assign(button, { type: "button", className: "fs-copy", textContent: "Copy embed code" });
  const status = document.createElement("span");
  status.setAttribute("role", "status");
  status.className = "fs-copy-status";
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(snippet.value);
      status.textContent = " Copied.";
    } catch (e) {
      snippet.focus();
      snippet.select();
      status.textContent = " Selected: press Ctrl+C (⌘C) to copy.";
    }
  });
  snippet.after(button, status);
});
