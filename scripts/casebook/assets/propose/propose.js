/* Casebook Propose page: the steps, the record they make, its checks and the draft.
 *
 * Three steps (the case study; its sources; check and send), one shown at a time, with
 * the progress list saying where each stands. Every change re-reads the steps into one
 * record (the id made from the title), writes its file, checks it exactly as `casebook
 * validate` does (propose-checks.js) and redraws problems, preview and sending. A field's
 * problems show beside it once it has been touched, or all of them once step 3 has been
 * opened (or for a draft brought back); step 3 always lists them all. The draft lives in
 * this browser's storage until it is sent or cleared; nothing is fetched or sent.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var U = CP.util;
  var STORAGE_KEY = "casebook-proposal:v2";

  // The id a title makes: lower-case ASCII words joined by hyphens, never a published record's.
  function slug(title, taken) {
    var base = String(title || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 70).replace(/-+$/, "");
    if (!base) return "";
    var id = base, n = 1;
    while (taken(id)) { n += 1; id = base + "-" + n; }
    return id;
  }

  function walk(nodes, visit) {
    nodes.forEach(function (n) { visit(n); if (n.children) walk(n.children, visit); if (n.item) walk([n.item], visit); });
  }

  function init() {
    var data = CP.data;  // propose-data.js, loaded before this script (propose-load.js)
    if (!data || CP.started) return;
    CP.started = true;
    document.getElementById("cbp-root").hidden = false;
    var locator = "^.+$";
    walk(data.form, function (n) { if (n.path === "quotes/*/source/locator" && n.pattern) locator = n.pattern; });
    var touched = {}, showAll = false, latest = null, step = 1, listeners = [];
    var announce = document.getElementById("cbp-announce"), draftStatus = document.getElementById("cbp-draft-status");
    var ctx = { data: data, dontSave: false };
    ctx.changed = function (message) { if (message) announce.textContent = message; ctx.dontSave = false; schedule(); };
    ctx.newWorks = function () { return sources.newWorks(); };
    ctx.useKey = function (key) { sources.editors.forEach(function (e) { if (e.key === key) e.frozen = true; }); };
    ctx.keyTaken = function (key, editor) {
      var folded = key.toLowerCase();
      return data.bibliography.some(function (e) { return e.key.toLowerCase() === folded; }) ||
        sources.editors.some(function (e) { return e !== editor && e.key.toLowerCase() === folded; });
    };
    ctx.recordKeys = function () {
      var keys = (latest ? latest.record.sources || [] : []).map(function (s) { return s.key; }).filter(Boolean);
      return keys.filter(function (k, i) { return keys.indexOf(k) === i; });
    };
    ctx.onSourcesChanged = function (fn) { listeners.push(fn); };
    ctx.isLocator = function (text) { return new RegExp(locator, "u").test(text); };
    ctx.citedKeys = function (record) {
      var keys = [];
      function add(k) { if (k && keys.indexOf(k) < 0) keys.push(k); }
      (record.sources || []).forEach(function (s) { add(s.key); });
      JSON.stringify(record).replace(/@([\p{L}\p{N}_](?:[\p{L}\p{N}_:.#$%&+?<>~/-]*[\p{L}\p{N}_])?)/gu, function (m, k) { add(k); return m; });
      return keys.filter(function (k) { return ctx.catalogue.find(k); }).sort();
    };
    ctx.catalogue = new CP.Catalogue(data, ctx);
    var sources = new CP.SourcesStep(document.getElementById("cbp-sources"), data, ctx);
    var form = new CP.Form(document.getElementById("cbp-form"), data.form, data, {
      keyPicker: ctx.catalogue.keyPicker.bind(ctx.catalogue), citeControl: ctx.catalogue.citeControl.bind(ctx.catalogue),
      changed: ctx.changed });
    var preview = new CP.Preview(document.getElementById("cbp-preview"), data, ctx);
    var send = new CP.Send({ problems: document.getElementById("cbp-problems"), send: document.getElementById("cbp-send"),
                             announce: announce }, data, ctx);

    function visible(path) {
      if (showAll) return true;
      return Object.keys(touched).some(function (t) { return t === path || t.indexOf(path + "/") === 0 || path.indexOf(t + "/") === 0; });
    }

    function record() {
      var r = form.read(), s = sources.read();
      r.sources = s.sources;
      if (s.references.length) r.references = s.references;
      r.id = slug(r.title, function (id) { return data.publishedIds.indexOf(id) >= 0; });
      if (!r.id) delete r.id;
      var ordered = {};
      data.file.order.forEach(function (name) { if (name in r) ordered[name] = r[name]; });
      return ordered;
    }

    // The record checked exactly as `casebook validate` checks it (propose-checks.js): its own new
    // sources are in it, so they count as known keys.
    function check(r, yaml) {
      var found = CP.checks.check(r, data, yaml);
      return found.map(function (p) {
        p.severity = p.severity || "error";
        return p;
      });
    }

    function update() {
      var r = record(), yaml = CP.yaml.recordYaml(data.file, r), problems = check(r, yaml);
      latest = { record: r, yaml: yaml, problems: problems };
      listeners.forEach(function (fn) { fn(); });
      form.showId(r.id);
      form.showProblems(problems, visible);
      sources.showProblems(problems, visible);
      problems.forEach(function (p) {
        p.step = p.step || 1;
        p.go = function () { show(p.step); if (p.control) p.control.focus(); };
      });
      send.update(r, problems, yaml);
      preview.update(r);
      [1, 2].forEach(function (n) {
        var count = problems.filter(function (p) { return p.step === n && p.severity !== "warning"; }).length;
        document.querySelector('.cbp-step-button[data-step="' + n + '"] .cbp-step-state').textContent =
          count && showAll ? " (" + count + " to fix)" : "";
      });
      if (!ctx.dontSave) U.storage.set(STORAGE_KEY, JSON.stringify({ version: 2, record: r, step: step }));
    }
    var schedule = U.debounce(update, 150);

    function show(n) {
      step = n;
      if (n === 3) { showAll = true; update(); }
      [1, 2, 3].forEach(function (k) {
        document.getElementById("cbp-step-" + k).hidden = k !== n;
        var button = document.querySelector('.cbp-step-button[data-step="' + k + '"]');
        if (k === n) button.setAttribute("aria-current", "step"); else button.removeAttribute("aria-current");
      });
      document.getElementById("cbp-step-" + n + "-h").focus();
    }
    [].forEach.call(document.querySelectorAll(".cbp-step-button, .cbp-next"), function (button) {
      button.addEventListener("click", function () { show(Number(button.getAttribute("data-step"))); });
    });

    ctx.sent = function () {
      ctx.dontSave = true;
      U.storage.remove(STORAGE_KEY);
      draftStatus.textContent = "Sent to GitHub: the draft was removed from this browser. It stays on this page until you leave it.";
    };

    function start(draft) {
      var r = draft ? draft.record : null;
      sources.build(r);
      form.build(r);
      update();
    }

    var saved = null;
    try { saved = JSON.parse(U.storage.get(STORAGE_KEY) || "null"); } catch (e) { saved = null; }
    if (saved && saved.version === 2 && saved.record) {
      showAll = true;
      draftStatus.textContent = "Your draft from an earlier visit is back. “Clear the draft” starts again.";
    } else {
      // "Propose a case study on this theme" (a theme page's link) starts with that theme chosen.
      var theme = new URLSearchParams(location.search).get("theme");
      var known = data.themeGroups.some(function (g) { return g.themes.some(function (t) { return t.id === theme; }); });
      saved = known ? { record: { themes: [theme] } } : null;
    }
    start(saved);
    show(saved && saved.step ? saved.step : 1);
    window.scrollTo(0, 0);

    function touch(event) {
      var box = event.target.closest && event.target.closest("[data-path], [data-work-field], .cbp-source-row");
      if (box) {
        var path = box.getAttribute("data-path");
        if (!path && box.closest(".cbp-work")) path = "references";
        if (!path && box.classList.contains("cbp-source-row")) path = "sources";
        touched[path || "sources"] = true;
      }
      ctx.dontSave = false;
      schedule();
    }
    var root2 = document.getElementById("cbp-root");
    root2.addEventListener("input", touch);
    root2.addEventListener("change", touch);

    document.getElementById("cbp-clear").addEventListener("click", function () {
      U.storage.remove(STORAGE_KEY);
      touched = {};
      showAll = false;
      ctx.dontSave = true;  // until something is typed again
      start(null);
      show(1);
      draftStatus.textContent = "The draft was cleared from this page and from this browser.";
    });

    CP.current = function () { update(); return latest; };
    CP.show = show;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})(window);
