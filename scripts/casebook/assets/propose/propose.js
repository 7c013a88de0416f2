/* Casebook Propose page: wiring (form, sources, checks, output, draft).
 *
 * Every change re-reads the form into a record, writes its YAML, checks it and redraws
 * the problems, the preview and the files. Problems show beside a field once it has been
 * touched (or after "Check the record", or for a draft brought back), so an empty form
 * does not greet anyone with a wall of errors; the list in section 3 always has them all.
 * The draft lives in localStorage until it is sent or cleared; nothing is fetched or sent.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var U = CP.util;
  var STORAGE_KEY = "casebook-proposal:v1";

  function walk(nodes, visit) {
    nodes.forEach(function (n) {
      visit(n);
      if (n.children) walk(n.children, visit);
      if (n.item) walk([n.item], visit);
    });
  }

  function init() {
    var block = document.getElementById("cbp-data");
    if (!block || root.CasebookPropose.started) return;
    root.CasebookPropose.started = true;
    var data = JSON.parse(block.textContent);
    [].forEach.call(document.querySelectorAll(".cbp-js"), function (node) { node.hidden = false; });
    var sourcePaths = [], markdownPaths = [], locatorPattern = "^.+$";
    walk(data.form, function (n) {
      if (n.widget === "source") sourcePaths.push(n.path);
      if (n.widget === "markdown") markdownPaths.push(n.path);
      if (n.path === "sources/*/locator" && n.pattern) locatorPattern = n.pattern;
    });
    var touched = {}, showAll = false, latest = null;
    var status = document.getElementById("cbp-status"), draftStatus = document.getElementById("cbp-draft-status");
    var ctx = { newSources: [], locatorPattern: locatorPattern };
    ctx.changed = function (message) {
      if (message) status.textContent = message;
      ctx.dontSave = false;
      schedule();
    };
    ctx.sources = new CP.Sources(data, ctx);
    var form = new CP.Form(document.getElementById("cbp-form"), data.form, data, {
      keyPicker: ctx.sources.keyPicker.bind(ctx.sources), citeControl: ctx.sources.citeControl.bind(ctx.sources),
      changed: ctx.changed });
    var newSource = new CP.NewSource(document.getElementById("cbp-new-source"), document.getElementById("cbp-new-source-list"), data, ctx);
    var output = new CP.Output({ status: status, announce: document.getElementById("cbp-announce"), problems: document.getElementById("cbp-problems"), preview: document.getElementById("cbp-preview"),
                                 send: document.getElementById("cbp-send"), files: document.getElementById("cbp-files") }, data, ctx);

    function visible(path) {
      if (showAll) return true;
      return Object.keys(touched).some(function (t) { return t === path || t.indexOf(path + "/") === 0 || path.indexOf(t + "/") === 0; });
    }

    function update() {
      var record = form.read();
      var yaml = CP.yaml.recordYaml(data.layout, record);
      var bib = newSource.bibtex();
      var problems = CP.checks.check(record, Object.assign({}, data, { bibliography: ctx.sources.all() }), yaml);
      form.showProblems(problems, visible);
      output.update(record, problems, yaml, bib);
      latest = { record: record, yaml: yaml, bibtex: bib, problems: problems.map(function (p) {
        return { path: p.path, code: p.code, message: p.message, hint: p.hint };
      }) };
      if (!ctx.dontSave) U.storage.set(STORAGE_KEY, JSON.stringify({ version: 1, record: record, newSources: ctx.newSources }));
    }
    var schedule = U.debounce(update, 150);

    ctx.sent = function () {
      ctx.dontSave = true;
      U.storage.remove(STORAGE_KEY);
      draftStatus.textContent = "Sent to GitHub: the draft was removed from this browser's storage. It stays on this page until you leave it; " +
        "download the files if you want a copy.";
    };

    function start(draft) {
      ctx.newSources = draft && Array.isArray(draft.newSources) ? draft.newSources : [];
      form.build(draft ? draft.record : null);
      newSource.draw();
      update();
    }

    var saved = null;
    try { saved = JSON.parse(U.storage.get(STORAGE_KEY) || "null"); } catch (e) { saved = null; }
    if (saved && saved.version === 1 && saved.record) {
      showAll = true;
      draftStatus.textContent = "Your draft from an earlier visit is back. “Clear the draft” starts again.";
    } else {
      // "Propose a case study on this theme" (a theme page's link) starts with that theme chosen.
      var theme = new URLSearchParams(location.search).get("theme");
      var known = data.themeGroups.some(function (g) { return g.themes.some(function (t) { return t.id === theme; }); });
      saved = known ? { record: { themes: [theme] }, newSources: [] } : null;
    }
    start(saved);

    var formEl = document.getElementById("cbp-form");
    function touch(event) {
      var box = event.target.closest && event.target.closest("[data-path]");
      if (box) touched[box.getAttribute("data-path")] = true;
      ctx.dontSave = false;
      schedule();
    }
    formEl.addEventListener("input", touch);
    formEl.addEventListener("change", touch);
    formEl.addEventListener("focusout", function (event) {
      var box = event.target.closest && event.target.closest("[data-path]");
      if (box && event.target.value) { touched[box.getAttribute("data-path")] = true; schedule(); }
    });
    var check = U.el("button", { type: "button", "class": "md-button md-button--primary", id: "cbp-check" }, "Check the record");
    check.addEventListener("click", function () {
      showAll = true;
      update();
      document.getElementById("cbp-problems").querySelector("p").focus();
    });
    formEl.parentNode.appendChild(U.el("p", { "class": "cbp-controls" }, [check, " ",
      U.el("span", { "class": "cbp-hint" }, "Shows every problem beside its field; the list in section 3 is kept up to date as you type.")]));

    document.getElementById("cbp-clear").addEventListener("click", function () {
      U.storage.remove(STORAGE_KEY);
      touched = {};
      showAll = false;
      ctx.dontSave = true;  // until something is typed again
      start(null);
      draftStatus.textContent = "The draft was cleared from this page and from this browser's storage.";
    });

    CP.current = function () { update(); return latest; };
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})(window);
