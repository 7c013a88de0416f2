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
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

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

  /* ---- what the pack holds (mirrors pack/contents.py) ---- */

  function counted(noun, n) {
    if (n === 1) return "1 " + noun;
    return n + " " + (noun.slice(-1) === "y" ? noun.slice(0, -1) + "ies" : noun + "s");
  }

  function alternatives(words) {
    return words.length === 1 ? words[0] : words.slice(0, -1).join(", ") + " or " + words[words.length - 1];
  }

  function lowerLabel(label) {
    var two = label.slice(0, 2);
    var upper = two === two.toUpperCase() && two !== two.toLowerCase();
    return upper ? label : label.slice(0, 1).toLowerCase() + label.slice(1);
  }

  function describe(index, sel) {
    if (!sel.values.length && !sel.ids.length) return "All published Casebook records.";
    var themes = {};
    index.themes.forEach(function (t) { themes[t[0]] = t[1]; });
    var leads = { org_type: "from an organisation of type ", kind: "of kind ", evidence_type: "with evidence of type " };
    var parts = sel.values.map(function (pair) {
      var name = pair[0], values = pair[1];
      var read = (index.readings || {})[name] || [];
      var mark = values.some(function (v) { return read.indexOf(v) >= 0; }) ? " (" + index.reading + ")" : "";
      if (name === "theme") {
        var titles = values.map(function (v) { return themes[v] || v; });
        return (titles.length === 1 ? "on the theme " : "on any of the themes ") + alternatives(titles);
      }
      if (name === "organisation") return "about " + alternatives(values);
      if (name === "region" || name === "nation") return "from an organisation in " + alternatives(values) + mark;
      if (name === "year") return "from " + alternatives(values);
      var names = index.labels[name] || {};
      return leads[name] + alternatives(values.map(function (v) { return lowerLabel(names[v] || v); })) + mark;
    });
    if (sel.ids.length) parts.push("chosen by id (" + sel.ids.join(", ") + ")");
    return "Published Casebook records " + parts.join(", and ") + ".";
  }

  function defaultTitle(index, sel, records) {
    if (!sel.ids.length && sel.values.length === 1 && sel.values[0][1].length === 1) {
      var name = sel.values[0][0], value = sel.values[0][1][0];
      if (name === "theme") {
        var found = index.themes.filter(function (t) { return t[0] === value; })[0];
        if (found) return found[1];
      }
      if (name === "organisation") return value;
    }
    if (sel.ids.length === 1 && !sel.values.length) return records[0].entry.title;
    return !sel.ids.length && !sel.values.length ? "All published records" : "Selected records";
  }

  function today() {
    var now = new Date();
    var iso = now.toISOString().slice(0, 10);
    return { text: now.getUTCDate() + " " + MONTHS[now.getUTCMonth()] + " " + now.getUTCFullYear(), iso: iso };
  }

  function piecesUsed(entry, digest) {
    if (digest) return ["summary"];
    var names = ["summary"];
    entry.sections.forEach(function (s) { names.push(s[1]); });
    entry.quotes.forEach(function (q) { names.push(q.cite); });
    entry.figures.forEach(function (f) { names.push(f.cite); });
    return names.concat(entry.notes, entry.sources);
  }

  function packContents(index, records, sel, title, digest, viewUrl) {
    var kindCounts = {}, themeCounts = {}, sources = {}, keys = {};
    var entries = records.map(function (r) {
      var summary = index.records[r.entry.id];
      kindCounts[summary.kind] = (kindCounts[summary.kind] || 0) + 1;
      summary.themes.forEach(function (t) { themeCounts[t] = (themeCounts[t] || 0) + 1; });
      summary.sources.forEach(function (k) { sources[k] = true; });
      var entry = digest ? Object.assign({}, r.entry, { sections: [], quotes: [], figures: [], notes: [], sources: [] })
        : r.entry;
      piecesUsed(entry, digest).forEach(function (name) {
        (r.keys[name] || []).forEach(function (k) { keys[k] = true; });
      });
      return entry;
    });
    var findings = records.slice(0, index.findings_limit).map(function (r) {
      (r.keys.lead || []).forEach(function (k) { keys[k] = true; });
      return r.entry.id;
    });
    var themes = index.themes.filter(function (t) { return themeCounts[t[0]]; }).map(function (t) {
      return [t[1], themeCounts[t[0]]];
    });
    var date = today();
    return {
      title: title, subtitle: index.subtitle, date: date.text, iso_date: date.iso,
      selection: describe(index, sel), view_url: viewUrl, digest: digest,
      digest_note: digest ? index.digest_note : null, count: records.length,
      kinds: Object.keys(kindCounts).sort().map(function (k) { return counted(index.lower_kinds[k], kindCounts[k]); }),
      source_count: Object.keys(sources).length, themes: themes, findings: findings, records: entries,
      references: index.reference_order.filter(function (k) { return keys[k]; }),
      keywords: themes.map(function (t) { return t[0]; }),
      figure_headings: index.figure_headings,
    };
  }

  /* ---- the Typst files (mirrors pack/typst_pack.py) ---- */

  function typstString(text) {
    return '"' + text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r") + '"';
  }

  function dictionary(name, entries) {
    return entries.length ? "#let " + name + " = (\n" + entries.join("") + ")\n" : "#let " + name + " = (:)\n";
  }

  function fragmentsTyp(index, contents, records) {
    var byId = {};
    records.forEach(function (r) { byId[r.entry.id] = r; });
    var recs = contents.records.map(function (entry) {
      var pieces = byId[entry.id].pieces;
      var body = Object.keys(pieces).map(function (name) {
        return "    " + typstString(name) + ": [\n" + pieces[name] + "\n],\n";
      }).join("");
      return "  " + typstString(entry.id) + ": (\n" + body + "  ),\n";
    });
    var refs = contents.references.map(function (key) {
      return "  " + typstString(key) + ": [\n" + index.references[key] + "\n],\n";
    });
    return "// Generated by Casebook from the fragment store: record text as pandoc rendered it.\n" +
      dictionary("fragments", recs) + dictionary("references", refs);
  }

  /* ---- Typst as WebAssembly, loaded once, on the first press ---- */

  var compilerPromise = null;

  function absolute(path) {
    return new URL(path, window.location.href).href;
  }

  function loadCompiler(root, index) {
    if (compilerPromise) return compilerPromise;
    var base = absolute(root + "assets/casebook/typst/");
    compilerPromise = Promise.all([import(base + "typst.ts/compiler.mjs"), import(base + "typst.ts/options.init.mjs")])
      .then(function (modules) {
        var compiler = modules[0].createTypstCompiler();
        return compiler.init({
          getModule: function () { return base + "web-compiler/typst_ts_web_compiler_bg.wasm"; },
          getWrapper: function () { return import(base + "web-compiler/typst_ts_web_compiler.mjs"); },
          // assets: false, or typst.ts quietly adds fonts from a CDN.
          beforeBuild: [modules[1].loadFonts(index.fonts.map(function (f) { return absolute(root + f); }),
            { assets: false })],
        }).then(function () { return compiler; });
      });
    compilerPromise.catch(function () { compilerPromise = null; });
    return compilerPromise;
  }

  function compile(compiler, template, contents, fragments) {
    compiler.resetShadow();  // the previous pack's files, if any
    compiler.addSource("/main.typ", template);
    compiler.addSource("/fragments.typ", fragments);
    compiler.mapShadow("/pack.json", new TextEncoder().encode(JSON.stringify(contents)));
    return compiler.runWithWorld({ mainFilePath: "/main.typ", inputs: {} }, function (world) {
      // Promise.resolve: some of these answer synchronously.
      return Promise.resolve(world.compile({ diagnostics: "full" })).then(function (done) {
        if (done.hasError) throw new Error(diagnosticText(done.diagnostics));
        return Promise.all([Promise.resolve(world.query({ selector: "<casebook-pages>", field: "value" })),
          Promise.resolve(world.pdf({ diagnostics: "full" }))]);
      }).then(function (out) {
        if (!out[1].result) throw new Error(diagnosticText(out[1].diagnostics));
        return { pages: Number(out[0][0]), pdf: out[1].result };
      });
    });
  }

  function diagnosticText(diagnostics) {
    return (diagnostics || []).map(function (d) { return typeof d === "string" ? d : d.message; }).join("; ") ||
      "Typst could not compile the pack";
  }

  /* ---- the button ---- */

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error("could not load " + url + " (" + response.status + ")");
      return response.json();
    });
  }

  function fetchText(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error("could not load " + url + " (" + response.status + ")");
      return response.text();
    });
  }

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

  function viewAddress(index) {
    if (index.site_url) return index.site_url + "cases/" + window.location.search;
    return /^https?:$/.test(window.location.protocol) ? window.location.origin + window.location.pathname +
      window.location.search : null;
  }

  function commandLine(sel) {
    var words = ["casebook pack"];
    sel.values.forEach(function (pair) {
      pair[1].forEach(function (v) { words.push("--" + pair[0].replace(/_/g, "-") + " " + JSON.stringify(v)); });
    });
    sel.ids.forEach(function (id) { words.push("--id " + id); });
    words.push("-o pack.pdf");
    return words.join(" ");
  }

  function fileName(title) {
    var slug = title.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return (slug || "briefing-pack").slice(0, 60) + ".pdf";
  }

  function setupMakers() {
    document.querySelectorAll("[data-cb-briefing]").forEach(function (box) {
      var button = box.querySelector("[data-cb-make-pack]");
      var status = box.querySelector(".cb-briefing__status");
      var error = box.querySelector(".cb-briefing__error");
      var titleInput = box.querySelector(".cb-briefing__title");
      var root = box.getAttribute("data-cb-root");
      var kind = box.getAttribute("data-cb-briefing");
      button.addEventListener("click", function () {
        // Busy, not disabled: a disabled button drops keyboard focus to the page body.
        if (button.getAttribute("aria-disabled") === "true") return;
        var sel = { values: [], ids: [] };
        error.hidden = true;
        error.textContent = "";
        button.setAttribute("aria-disabled", "true");
        button.setAttribute("aria-busy", "true");
        status.textContent = "Loading the records…";
        fetchJson(root + "packs/data/index.json").then(function (index) {
          var ids;
          if (kind === "index") {
            var read = indexSelection();
            sel = { values: read.values, ids: read.ids };
            if (read.problems.length) throw new Error(read.problems.join("; "));
            var byHand = sel.ids.length && !sel.values.length;  // a hand-picked list keeps its order
            ids = shownIds().sort(function (a, b) {
              return byHand ? sel.ids.indexOf(a) - sel.ids.indexOf(b) : index.records[a].rank - index.records[b].rank;
            });
          } else {
            ids = basket().map(function (item) { return item.id; }).filter(function (id) { return index.records[id]; });
            sel = { values: [], ids: ids };
          }
          if (!ids.length) throw new Error(kind === "index" ? "No record matches the filters." : "Your basket is empty.");
          if (typeof WebAssembly !== "object") throw new Error("this browser cannot run WebAssembly, which the pack maker needs");
          return Promise.all([Promise.all(ids.map(function (id) {
            return fetchJson(root + "packs/data/records/" + encodeURIComponent(id) + ".json");
          })), fetchText(root + "packs/data/" + index.template)]).then(function (loaded) {
            var records = loaded[0], template = loaded[1];
            var title = (titleInput.value || "").trim() || defaultTitle(index, sel, records);
            var view = kind === "index" ? viewAddress(index) : null;
            status.textContent = compilerPromise ? "Making the pack…" :
              "Loading the pack maker (about 12 MB, once; your browser keeps it)…";
            return loadCompiler(root, index).then(function (compiler) {
              status.textContent = "Making the pack (" + records.length + " record" + (records.length === 1 ? "" : "s") + ")…";
              var fits = 3 + records.length + 1 <= index.budget;
              var make = function (digest) {
                var contents = packContents(index, records, sel, title, digest, view);
                return compile(compiler, template, contents, fragmentsTyp(index, contents, records));
              };
              return (fits ? make(false) : Promise.resolve(null)).then(function (full) {
                if (full && full.pages <= index.budget) return { made: full, digest: false };
                status.textContent = "Over " + index.budget + " pages: making a digest instead…";
                return make(true).then(function (digest) { return { made: digest, digest: true }; });
              });
            }).then(function (out) {
              download(out.made.pdf, fileName(title));
              status.textContent = "Your briefing pack is ready: " + out.made.pages + " pages" +
                (out.digest ? " (a digest: each record's facts and summary)" : "") + ", saved as " + fileName(title) + ".";
            });
          });
        }).catch(function (problem) {
          status.textContent = "";
          var why = problem && problem.message ? problem.message : String(problem);
          // Opened from disk, the browser refuses to load the records and the pack maker.
          if (window.location.protocol === "file:") why = "packs made in the browser need the site served over " +
            "http (make serve), not opened from disk";
          showError(error, "The pack could not be made: " + why + ".", sel);
        }).then(function () {
          button.removeAttribute("aria-disabled");
          button.removeAttribute("aria-busy");
        });
      });
    });
  }

  function showError(box, message, sel) {
    box.textContent = "";
    var p = document.createElement("p");
    p.textContent = message + " The same pack can be made on the command line:";
    var code = document.createElement("code");
    code.textContent = commandLine(sel);
    box.appendChild(p);
    box.appendChild(code);
    box.hidden = false;
  }

  function download(bytes, name) {
    var url = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
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
