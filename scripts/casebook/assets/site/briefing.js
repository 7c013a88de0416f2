/* Casebook: briefing packs made in the reader's browser, and the pack basket.

   The pack is the one `casebook pack` makes: the same Typst template, the same fragments
   (packs/data/, written at build time from the fragment store), the same citation labels,
   assembled here exactly as scripts/casebook/pack/contents.py and typst_pack.py assemble
   it, then compiled by Typst built for WebAssembly. Typst and its fonts load from this site
   only when the button is first pressed. Nothing is sent anywhere; the basket lives in
   this browser's localStorage. Every title and name reaches the page as text. */
(function () {
  "use strict";

  var KEY = "casebook-briefing-basket";

  /* ---- the basket ---- */

  function basket() {
    try {
      var items = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(items) ? items.filter(function (item) {
        return item && typeof item.id === "string" && typeof item.title === "string";
      }) : [];
    } catch (e) {
      return [];
    }
  }

  function saveBasket(items) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(items));
    } catch (e) { /* storage full or off: the page still works for this visit */ }
    refreshBasket();
  }

  function inBasket(id) {
    return basket().some(function (item) { return item.id === id; });
  }

  function refreshBasket() {
    var items = basket();
    document.querySelectorAll("[data-cb-basket]").forEach(function (button) {
      var on = inBasket(button.getAttribute("data-cb-basket"));
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "In your briefing pack (remove)" : "Add to briefing pack";
    });
    document.querySelectorAll("[data-cb-basket-count]").forEach(function (el) {
      el.textContent = String(items.length);
    });
    drawBasketView(items);
  }

  function setupToggles() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-cb-basket]") : null;
      if (!button) return;
      var id = button.getAttribute("data-cb-basket");
      var items = basket();
      if (inBasket(id)) {
        items = items.filter(function (item) { return item.id !== id; });
      } else {
        items.push({ id: id, title: button.getAttribute("data-cb-title") || id });
      }
      saveBasket(items);
    });
  }

  function drawBasketView(items) {
    var list = document.getElementById("cb-basket-list");
    if (!list) return;
    var empty = document.getElementById("cb-basket-empty");
    if (empty) empty.hidden = items.length > 0;
    list.textContent = "";
    items.forEach(function (item, i) {
      var li = document.createElement("li");
      var title = document.createElement("span");
      title.className = "cb-basket-list__title";
      title.textContent = item.title;
      li.appendChild(title);
      [["Move up", -1, i === 0], ["Move down", 1, i === items.length - 1], ["Remove", 0, false]]
        .forEach(function (spec) {
          var button = document.createElement("button");
          button.type = "button";
          button.className = "md-button cb-basket-list__button";
          button.textContent = spec[0];
          button.setAttribute("aria-label", spec[0] + ": " + item.title);
          button.disabled = spec[2];
          button.addEventListener("click", function () { moveInBasket(i, spec[1], spec[0]); });
          li.appendChild(button);
        });
      list.appendChild(li);
    });
  }

  function moveInBasket(i, step, what) {
    var items = basket();
    if (step === 0) {
      items.splice(i, 1);
    } else {
      var moved = items.splice(i, 1)[0];
      items.splice(i + step, 0, moved);
    }
    saveBasket(items);
    // Keep the keyboard where it was: on the same control of the item that moved.
    var list = document.getElementById("cb-basket-list");
    var target = list && list.children[step === 0 ? Math.min(i, items.length - 1) : i + step];
    var again = target && Array.prototype.find.call(target.querySelectorAll("button"), function (b) {
      return b.textContent === what && !b.disabled;
    });
    (again || (target && target.querySelector("button:not([disabled])")) || document.getElementById("cb-basket-clear")).focus();
  }

  /* ---- the button ---- */

  /* The index's selection as selection.js reads the address (the reading `casebook pack
     --from-url` gives): a value it refuses stops the pack, in the command line's words. */
  function indexSelection() {
    var model = document.getElementById("cb-selection-model");
    var Sel = window.CasebookSelection;
    if (!model || !Sel) return { values: [], ids: [], problems: [] };
    var ids = Array.prototype.map.call(document.querySelectorAll("#cb-results > li[data-id]"), function (card) {
      return card.getAttribute("data-id");
    });
    return Sel.read(Sel.prepare(JSON.parse(model.textContent), ids), window.location.search,
      window.CasebookCharacters || null);
  }

  function shownIds() {
    return Array.prototype.filter.call(document.querySelectorAll("#cb-results > li"), function (card) {
      return !card.hidden;
    }).map(function (card) { return card.querySelector("[data-cb-basket]").getAttribute("data-cb-basket"); });
  }

  /* Where the same selection is on the site: the worker prefers the site's own address. */
  function viewAddress() {
    var here = /^https?:$/.test(window.location.protocol) ?
      window.location.origin + window.location.pathname + window.location.search : null;
    return { query: window.location.search, here: here };
  }

  function commandLine(sel, format) {
    var words = ["casebook pack"];
    sel.values.forEach(function (pair) {
      pair[1].forEach(function (v) { words.push("--" + pair[0].replace(/_/g, "-") + " " + JSON.stringify(v)); });
    });
    sel.ids.forEach(function (id) { words.push("--id " + id); });
    words.push("-o pack." + (format || "pdf"));
    return words.join(" ");
  }

  var FORMATS = {
    pdf: { type: "application/pdf", name: "PDF" },
    docx: { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name: "Word file" },
    html: { type: "text/html", name: "web page" },
  };

  function fileName(title, format) {
    var slug = title.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return (slug || "briefing-pack").slice(0, 60) + "." + format;
  }

  /* ---- the pack maker: a Web Worker, started on the first press and kept ---- */

  var worker = null;

  function packWorker(root) {
    if (!worker) worker = new Worker(new URL(root + "assets/casebook/pack-worker.mjs", window.location.href),
      { type: "module" });
    return worker;
  }

  /* Ask the worker for one pack; onProgress hears what it is doing. */
  function makeInWorker(root, request, onProgress) {
    return new Promise(function (resolve, reject) {
      var w = packWorker(root);
      w.onmessage = function (event) {
        var m = event.data;
        if (m.type === "progress") onProgress(m.text);
        else if (m.type === "done") resolve(m);
        else reject(new Error(m.message));
      };
      w.onerror = function (event) {
        worker = null;
        reject(new Error(event.message || "the pack maker stopped"));
      };
      w.postMessage(request);
    });
  }

  function readerRequest(box, kind) {
    var root = new URL(box.getAttribute("data-cb-root"), window.location.href).href;
    var titleInput = box.querySelector(".cb-briefing__title");
    var request = { root: root, title: (titleInput.value || "").trim(), isoDate: new Date().toISOString().slice(0, 10),
      view: null, byHand: true, ids: [], selection: { values: [], ids: [] } };
    if (kind === "index") {
      var read = indexSelection();
      if (read.problems.length) request.problem = read.problems.join("; ");
      request.selection = { values: read.values, ids: read.ids };
      request.byHand = !!(read.ids.length && !read.values.length);  // a hand-picked list keeps its order
      request.ids = shownIds();
      if (request.byHand) request.ids.sort(function (a, b) { return read.ids.indexOf(a) - read.ids.indexOf(b); });
      request.view = viewAddress();
      request.emptyMessage = "No record matches the filters.";
    } else {
      request.ids = basket().map(function (item) { return item.id; });
      request.selection = { values: [], ids: request.ids.slice() };
      request.emptyMessage = "Your basket is empty.";
    }
    if (!request.problem && !request.ids.length) request.problem = request.emptyMessage;
    if (!request.problem && (typeof WebAssembly !== "object" || typeof Worker !== "function")) {
      request.problem = "this browser cannot run WebAssembly in a worker, which the pack maker needs";
    }
    return request;
  }

  function setupMakers() {
    document.querySelectorAll("[data-cb-briefing]").forEach(function (box) {
      var buttons = box.querySelectorAll("[data-cb-make-pack]");
      var status = box.querySelector(".cb-briefing__status");
      // What the maker is doing is announced; the seconds that tick meanwhile are only shown.
      var message = document.createElement("span"), elapsed = document.createElement("span");
      elapsed.setAttribute("aria-hidden", "true");
      status.textContent = "";
      status.appendChild(message);
      status.appendChild(elapsed);
      var error = box.querySelector(".cb-briefing__error");
      var kind = box.getAttribute("data-cb-briefing");
      buttons.forEach(function (button) { button.addEventListener("click", function () {
        // Busy, not disabled: a disabled button drops keyboard focus to the page body.
        if (button.getAttribute("aria-disabled") === "true") return;
        var format = button.getAttribute("data-cb-make-pack") || "pdf";
        var sel = { values: [], ids: [] };
        error.hidden = true;
        error.textContent = "";
        buttons.forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
        button.setAttribute("aria-busy", "true");
        var started = Date.now();
        var tick = setInterval(function () {  // the seconds go on while Typst works in the worker
          elapsed.textContent = " (" + Math.round((Date.now() - started) / 1000) + " s)";
        }, 1000);
        var hear = function (text) { message.textContent = text; };
        Promise.resolve().then(function () {
          var request = readerRequest(box, kind);
          sel = request.selection;
          request.format = format;
          if (request.problem) throw new Error(request.problem);
          return makeInWorker(request.root, request, hear);
        }).then(function (made) {
          var name = fileName(made.title, format);
          download(made.bytes, name, FORMATS[format].type);
          var what = made.mode === "digest" ? " (a digest: each record's facts and summary)" :
            made.mode === "listing" ? " (a listing: each record's facts and address)" : "";
          elapsed.textContent = "";
          message.textContent = "Your briefing pack is ready: " + (format === "pdf" ? made.pages + " pages" :
            "a " + FORMATS[format].name + " of the " + made.pages + "-page PDF") + what + ", saved as " + name + ".";
        }).catch(function (problem) {
          message.textContent = elapsed.textContent = "";
          var why = problem && problem.message ? problem.message : String(problem);
          // Opened from disk, the browser refuses to load the records and the pack maker.
          if (window.location.protocol === "file:") why = "packs made in the browser need the site served over " +
            "http (make serve), not opened from disk";
          showError(error, "The pack could not be made: " + why + ".", sel, format);
        }).then(function () {
          clearInterval(tick);
          buttons.forEach(function (b) { b.removeAttribute("aria-disabled"); });
          button.removeAttribute("aria-busy");
        });
      }); });
    });
  }

  function showError(box, message, sel, format) {
    box.textContent = "";
    var p = document.createElement("p");
    p.textContent = message + " The same pack can be made on the command line:";
    var code = document.createElement("code");
    code.textContent = commandLine(sel, format);
    box.appendChild(p);
    box.appendChild(code);
    box.hidden = false;
  }

  function download(bytes, name, type) {
    var url = URL.createObjectURL(new Blob([bytes], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function setupBasketView() {
    var clear = document.getElementById("cb-basket-clear");
    if (clear) clear.addEventListener("click", function () { saveBasket([]); });
  }

  function start() {
    setupToggles();
    setupBasketView();
    setupMakers();
    refreshBasket();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
