// Wren dev server: live reload, stylesheet swaps, the build error overlay and the
// panel of build warnings.
// Injected by `wren serve` into the pages it serves; never written into public/.
(() => {
  "use strict";
  const SCRIPT_PATH = "/__wren/live.js";
  const OVERLAY_ID = "wren-error-overlay";
  const WARNINGS_ID = "wren-warnings";
  const HIDDEN_WARNINGS = "wren-hidden-warnings"; // sessionStorage: the warnings hidden
  const script = document.currentScript;
  let build = script.dataset.build;
  let pagePaths = pathsOf(script);
  let refreshes = 0;
  performance.setResourceTimingBufferSize(1000); // every asset the page used, refreshes too

  function pathsOf(element) {
    return new Set((element.dataset.paths || "").split(" ").filter(Boolean));
  }

  // The output path the server answers a URL of this site with, or null.
  function outputPath(url) {
    const parsed = new URL(url, location.href);
    if (parsed.origin !== location.origin) return null;
    let path;
    try {
      path = decodeURIComponent(parsed.pathname).replace(/^\/+/, "");
    } catch {
      return null;
    }
    return path === "" || path.endsWith("/") ? path + "index.html" : path;
  }

  function usedAssets() {
    const used = new Set();
    const urls = performance.getEntriesByType("resource").map((entry) => entry.name);
    const elements = document.querySelectorAll('link[rel~="stylesheet"], link[rel~="icon"], [src]');
    for (const element of elements) urls.push(element.href || element.src);
    for (const url of urls) {
      const path = url && outputPath(url);
      if (path) used.add(path);
    }
    return used;
  }

  function swapStylesheets() {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("wren", Date.now().toString(36));
      const fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.onload = fresh.onerror = () => link.remove();
      link.after(fresh);
    }
  }

  // A styled element of the overlay or the warnings panel (the site's CSS may not apply).
  function make(tag, css, text = "") {
    const node = document.createElement(tag);
    node.style.cssText = css;
    node.textContent = text;
    return node;
  }

  function hideButton(css, onclick) {
    const button = make(
      "button",
      "font:inherit;color:inherit;background:transparent;border:1px solid #71717a;" +
        "border-radius:4px;" +
        css,
      "Hide",
    );
    button.type = "button";
    button.onclick = onclick;
    return button;
  }

  function showError(text) {
    let overlay = document.getElementById(OVERLAY_ID);
    if (!overlay) {
      overlay = make(
        "div",
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
          "background:rgba(20,20,24,.96);color:#f4f4f5;font:15px/1.5 system-ui,sans-serif",
      );
      overlay.id = OVERLAY_ID;
      overlay.setAttribute("role", "alert");
      overlay.append(
        make(
          "h2",
          "margin:0 0 1rem;color:#fca5a5;font-size:1.25rem",
          "Wren could not build the site",
        ),
        make("pre", "white-space:pre-wrap;margin:0 0 1rem;font:14px/1.5 ui-monospace,monospace"),
        make(
          "p",
          "margin:0;color:#a1a1aa",
          "The page below is the last good build. " +
            "Fix the file and save: this page recovers by itself.",
        ),
        hideButton("position:absolute;top:1rem;right:1rem;padding:.25rem .75rem", hideError),
      );
      (document.body || document.documentElement).append(overlay);
    }
    overlay.querySelector("pre").textContent = text;
  }

  function hideError() {
    const overlay = document.getElementById(OVERLAY_ID);
    if (overlay) overlay.remove();
  }

  // The last good build's warnings, in a corner until hidden; hidden, the same warnings
  // stay hidden in this tab, and the panel comes back only when they change.
  function showWarnings(warnings) {
    const text = warnings.join("\n");
    let panel = document.getElementById(WARNINGS_ID);
    if (!text || sessionStorage.getItem(HIDDEN_WARNINGS) === text) {
      if (panel) panel.remove();
      return;
    }
    if (!panel) {
      panel = make(
        "aside",
        "position:fixed;right:1rem;bottom:1rem;z-index:2147483646;max-width:min(40rem,90vw);" +
          "max-height:40vh;overflow:auto;padding:1rem;border:1px solid #f59e0b;" +
          "border-radius:6px;background:rgba(20,20,24,.94);color:#f4f4f5;" +
          "font:14px/1.5 system-ui,sans-serif",
      );
      panel.id = WARNINGS_ID;
      panel.setAttribute("role", "status");
      const hide = hideButton("float:right;margin-left:1rem;padding:0 .5rem", () => {
        sessionStorage.setItem(HIDDEN_WARNINGS, panel.querySelector("pre").textContent);
        panel.remove();
      });
      panel.append(
        hide,
        make("h2", "margin:0 0 .5rem;color:#fcd34d;font-size:1rem"),
        make("pre", "white-space:pre-wrap;margin:0;font:13px/1.5 ui-monospace,monospace"),
      );
      document.documentElement.append(panel);
    }
    panel.querySelector("h2").textContent =
      warnings.length === 1 ? "Wren: 1 build warning" : `Wren: ${warnings.length} build warnings`;
    panel.querySelector("pre").textContent = text;
  }

  function warningsOf(element) {
    const text = element.dataset.warnings || "";
    return text ? text.split(/\n(?! )/) : []; // a warning's hint lines are indented
  }

  // The head's data, which never runs: the page's description and metadata.
  const HEAD_DATA = 'meta, script[type*="json"]';

  // What must stay the same for a new page to be swapped in: its stylesheets and scripts.
  function headKey(doc) {
    const nodes = doc.head.querySelectorAll(
      'link[rel~="stylesheet"], script:not([type*="json"]), style',
    );
    const parts = Array.from(nodes, (node) =>
      node.href ? outputPath(node.href) : node.src ? outputPath(node.src) : node.outerHTML,
    );
    return [doc.documentElement.lang, ...parts].join("\n");
  }

  // Scripts of the page would have to run again (and bind again) on a new body, and are not
  // marked as safe to: JSON data never runs, and a `data-wren-rerun` script is run again.
  function runsScripts(doc, live) {
    return Array.from(doc.querySelectorAll("script")).some(
      (node) => node !== live && !/json/.test(node.type) && !("wrenRerun" in node.dataset),
    );
  }

  // Run the page's `data-wren-rerun` scripts again, in their order, over the new body.
  function rerunScripts() {
    for (const old of document.querySelectorAll("script[data-wren-rerun]")) {
      const script = document.createElement("script");
      for (const { name, value } of old.attributes) script.setAttribute(name, value);
      script.text = old.text;
      script.async = false; // added by a script, it would otherwise run whenever it loads
      old.replaceWith(script);
    }
  }

  // Swap the page's new body in without a navigation: no new document, no stylesheet
  // requests, no reconnection, and the scroll position stays; the page's scripts marked
  // `data-wren-rerun` run again over it. Anything more needs a reload.
  async function refreshPage() {
    const ticket = ++refreshes;
    try {
      const response = await fetch(location.href, { cache: "no-store" });
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      if (ticket !== refreshes) return; // a newer refresh is under way
      const live = fresh.querySelector(`script[src="${SCRIPT_PATH}"]`);
      if (
        response.redirected ||
        !live ||
        headKey(fresh) !== headKey(document) ||
        runsScripts(fresh, live)
      ) {
        return location.reload();
      }
      document.title = fresh.title;
      document.head.querySelectorAll(HEAD_DATA).forEach((node) => node.remove());
      document.head.append(...fresh.head.querySelectorAll(HEAD_DATA));
      build = live.dataset.build;
      pagePaths = pathsOf(live);
      document.body.replaceWith(document.adoptNode(fresh.body));
      rerunScripts();
      if (live.dataset.error) showError(live.dataset.error);
      else hideError();
      showWarnings(warningsOf(live));
    } catch {
      location.reload();
    }
  }

  function onUpdate(changed, newBuild, error, warnings) {
    if (error) showError(error);
    else hideError();
    showWarnings(warnings);
    if (newBuild === build) return;
    if (changed === null) return location.reload();
    const used = usedAssets();
    let page = false;
    let stylesheets = false;
    for (const path of changed) {
      if (pagePaths.has(path)) page = true;
      else if (path.endsWith(".css")) stylesheets ||= used.has(path);
      else if (!path.endsWith(".html") && used.has(path)) return location.reload();
    }
    build = newBuild;
    if (stylesheets) swapStylesheets();
    if (page) refreshPage();
  }

  function receive(message) {
    if (message.type === "hello") {
      if (message.build !== build) return location.reload();
      if (message.error) showError(message.error);
      else hideError();
      showWarnings(message.warnings);
    } else if (message.type === "update") {
      onUpdate(message.changed, message.build, message.error, message.warnings);
    } else if (message.type === "error") {
      showError(message.error);
    }
  }

  let retry = 200;
  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + location.host + "/__wren/live");
    socket.onopen = () => {
      retry = 200;
    };
    socket.onmessage = (event) => receive(JSON.parse(event.data));
    socket.onclose = () => {
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5000);
    };
  }

  if (script.dataset.error) showError(script.dataset.error);
  showWarnings(warningsOf(script));
  connect();
})();
