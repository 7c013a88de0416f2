/* Casebook self-assessment: rating, profile, export/import and team view.
 *
 * Everything happens in this browser: answers are kept in localStorage and files
 * are read with FileReader; nothing is fetched or sent. The page embeds its data
 * (statements, themes, related records) as JSON, so it also works from file://.
 * Material's instant navigation re-runs this script on each visit to the page,
 * and document$ (when present) announces every page; init() is idempotent.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "casebook-self-assessment:v1";
  var MAX_FILE_BYTES = 1024 * 1024;
  var SVG = "http://www.w3.org/2000/svg";

  function $(root, selector) { return root.querySelector(selector); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    Object.keys(attrs || {}).forEach(function (key) {
      if (attrs[key] !== null && attrs[key] !== undefined) node.setAttribute(key, String(attrs[key]));
    });
  }

  function append(node, children) {
    [].concat(children === undefined ? [] : children).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
  }

  function fmt(value) { return value === null ? "–" : value.toFixed(1); }

  // Links are written for a served site (folder/); from file:// a folder needs its index.html.
  function href(path) {
    return location.protocol === "file:" && /\/$/.test(path) ? path + "index.html" : path;
  }

  /* ---- the data model: answers -> scores ---- */

  function loadData(root) {
    var block = root.ownerDocument.getElementById("cb-sa-data") || findDataScript(root);
    return JSON.parse(block.textContent);
  }

  function findDataScript(root) {
    // Instant navigation re-inserts inline scripts without their attributes.
    var scripts = root.ownerDocument.querySelectorAll("script:not([src])");
    for (var i = 0; i < scripts.length; i++) {
      if (scripts[i].textContent.indexOf('"format":"casebook-self-assessment"') !== -1) return scripts[i];
    }
    throw new Error("self-assessment data not found");
  }

  function statementIds(data) {
    var ids = [];
    data.characteristics.forEach(function (c) { c.statements.forEach(function (s) { ids.push(s.id); }); });
    return ids;
  }

  function isAnswer(value) { return value === "dk" || (Number.isInteger(value) && value >= 1 && value <= 5); }

  function profile(data, answers) {
    return data.characteristics.map(function (c) {
      var rated = c.statements.map(function (s) { return answers[s.id]; })
        .filter(function (v) { return typeof v === "number"; });
      var answered = c.statements.filter(function (s) { return answers[s.id] !== undefined; }).length;
      var score = rated.length ? rated.reduce(function (a, b) { return a + b; }, 0) / rated.length : null;
      return { c: c, score: score, rated: rated.length, answered: answered, total: c.statements.length };
    });
  }

  function weakest(rows) {
    var scored = rows.filter(function (r) { return r.score !== null; });
    if (!scored.length) return [];
    var low = Math.min.apply(null, scored.map(function (r) { return r.score; }));
    return scored.filter(function (r) { return Math.abs(r.score - low) < 1e-9; });
  }

  function parseExport(data, text, name) {
    // Returns {answers, ignored} or throws an Error whose message is shown to the person.
    var ids = statementIds(data), parsed;
    try { parsed = JSON.parse(text); } catch (e) {
      throw new Error(name + " is not a JSON file (it could not be read as JSON).");
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed) || parsed.format !== data.format) {
      throw new Error(name + " is not a Casebook self-assessment export.");
    }
    if (parsed.version !== data.version) {
      throw new Error(name + " is from version " + String(parsed.version) + " of the self-assessment; this page reads version " + data.version + ".");
    }
    var raw = parsed.answers;
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new Error(name + " has no answers in it.");
    var answers = {}, ignored = 0, known = 0;
    Object.keys(raw).forEach(function (id) {
      if (ids.indexOf(id) === -1) { ignored++; return; }
      if (!isAnswer(raw[id])) throw new Error(name + " has an answer that is not 1 to 5 or “don't know” (statement " + id + ").");
      answers[id] = raw[id];
      known++;
    });
    if (!known && ignored) throw new Error(name + " answers none of this page's statements.");
    return { answers: answers, ignored: ignored };
  }

  function readFile(file) {
    return new Promise(function (resolve, reject) {
      if (file.size > MAX_FILE_BYTES) { reject(new Error(file.name + " is too large to be an exported answers file.")); return; }
      var reader = new FileReader();
      reader.onload = function () { resolve(String(reader.result)); };
      reader.onerror = function () { reject(new Error(file.name + " could not be read.")); };
      reader.readAsText(file);
    });
  }

  /* ---- storage ---- */

  function loadStored(data) {
    try {
      var stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null");
      var answers = {};
      if (stored && stored.answers && typeof stored.answers === "object") {
        statementIds(data).forEach(function (id) { if (isAnswer(stored.answers[id])) answers[id] = stored.answers[id]; });
      }
      return answers;
    } catch (e) { return {}; }
  }

  function store(answers) {
    try {
      if (Object.keys(answers).length) {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ answers: answers, saved: new Date().toISOString() }));
      } else {
        window.localStorage.removeItem(STORAGE_KEY);
      }
      return true;
    } catch (e) { return false; }
  }

  /* ---- exports ---- */

  function exportJson(data, answers, rows) {
    var scores = {};
    rows.forEach(function (r) { scores[r.c.id] = r.score === null ? null : Math.round(r.score * 100) / 100; });
    return JSON.stringify({ format: data.format, version: data.version, exported: new Date().toISOString(),
      answers: answers, profile: scores }, null, 2) + "\n";
  }

  function csvCell(value) {
    var text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;  // spreadsheets must not read a cell as a formula
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function exportCsv(data, answers) {
    var lines = [["characteristic", "statement_id", "theme", "statement", "rating", "answer"]];
    data.characteristics.forEach(function (c) {
      c.statements.forEach(function (s) {
        var a = answers[s.id];
        lines.push([c.title, s.id, s.theme, s.text, typeof a === "number" ? a : "",
          a === undefined ? "" : a === "dk" ? data.dontKnow : data.scale[a - 1]]);
      });
    });
    return lines.map(function (line) { return line.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  /* ---- drawing ---- */

  // Horizontal bars on the 1-5 rating scale (nobody can answer 0, so an axis from 0 made every
  // bar look a fifth longer), each labelled with its number: colour never carries meaning alone.
  function barChart(rows, label, opts) {
    var left = 250, width = 300, rowH = 34, top = 10, axis = 24;
    var height = top + rows.length * rowH + axis;
    var x = function (v) { return left + ((v - 1) / 4) * width; };
    var chart = svg("svg", { viewBox: "0 0 " + (left + width + 120) + " " + height, role: "img",
      "aria-label": label, class: "cb-sa-chart", focusable: "false" });
    chart.appendChild(svg("defs", {}, svg("pattern", { id: opts.patternId, width: 6, height: 6,
      patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
      svg("rect", { width: 3, height: 6, class: "cb-sa-hatch" }))));
    for (var t = 1; t <= 5; t++) {
      chart.appendChild(svg("line", { x1: x(t), x2: x(t), y1: top - 4, y2: height - axis + 4, class: "cb-sa-grid" }));
      chart.appendChild(svg("text", { x: x(t), y: height - 6, "text-anchor": "middle", class: "cb-sa-axis" }, String(t)));
    }
    rows.forEach(function (r, i) {
      var y = top + i * rowH;
      chart.appendChild(svg("text", { x: left - 8, y: y + rowH / 2 + 5, "text-anchor": "end", class: "cb-sa-label" },
        (i + 1) + ". " + r.title));
      if (r.value === null) {
        chart.appendChild(svg("text", { x: x(1) + 6, y: y + rowH / 2 + 5, class: "cb-sa-value" }, "no ratings"));
        return;
      }
      chart.appendChild(svg("rect", { x: x(1), y: y + 6, width: Math.max(1, x(r.value) - x(1)), height: rowH - 12,
        class: r.mark ? "cb-sa-bar cb-sa-bar-weak" : "cb-sa-bar",
        style: r.mark ? "fill: url(#" + opts.patternId + ")" : null }));
      if (r.min !== undefined) {
        var mid = y + rowH / 2;
        chart.appendChild(svg("line", { x1: x(r.min), x2: x(r.max), y1: mid, y2: mid, class: "cb-sa-range" }));
        [r.min, r.max].forEach(function (v) {
          chart.appendChild(svg("line", { x1: x(v), x2: x(v), y1: mid - 7, y2: mid + 7, class: "cb-sa-range" }));
        });
      }
      chart.appendChild(svg("text", { x: x(5) + 8, y: y + rowH / 2 + 5, class: "cb-sa-value" },
        fmt(r.value) + (r.mark ? " (" + r.mark + ")" : "")));
    });
    return chart;
  }

  // Wrapped so a narrow screen scrolls the table, not the page; focusable so the keyboard can scroll it.
  function table(caption, headers, body) {
    return el("div", { class: "cb-sa-table-wrap", role: "region", tabindex: "0", "aria-label": caption },
      el("table", { class: "cb-sa-table" }, [
      el("caption", {}, caption),
      el("thead", {}, el("tr", {}, headers.map(function (h, i) { return el("th", { scope: "col", class: i ? "cb-sa-num-col" : null }, h); }))),
      el("tbody", {}, body.map(function (cells) {
        return el("tr", {}, cells.map(function (cell, i) {
          return i ? el("td", { class: "cb-sa-num-col" }, cell) : el("th", { scope: "row" }, cell);
        }));
      }))
    ]));
  }

  function relatedLinks(rows) {
    var section = el("div", { class: "cb-sa-related", id: "cb-sa-related" });
    rows.forEach(function (r) {
      var c = r.c;
      section.appendChild(el("h3", {}, "Where to start on " + c.title.toLowerCase()));
      section.appendChild(el("p", {}, "Your lowest average is " + fmt(r.score) + " on " + c.title + ". Theme pages:"));
      section.appendChild(el("ul", { class: "cb-sa-theme-links" }, c.themes.map(function (t) {
        return el("li", {}, el("a", { href: href(t.href) }, t.title));
      })));
      if (c.records.length) {
        section.appendChild(el("p", {}, "Records on these themes:"));
        section.appendChild(el("ul", { class: "cb-sa-record-links", "data-characteristic": c.id }, c.records.map(function (rec) {
          return el("li", {}, el("a", { href: href(rec.href) }, rec.title));
        })));
      } else {
        section.appendChild(el("p", {}, "No records on these themes are published yet; the theme pages say what the sources say."));
      }
    });
    return section;
  }

  /* ---- the page ---- */

  function init() {
    var root = document.getElementById("cb-sa");
    if (!root || root.hasAttribute("data-cb-sa-ready")) return;
    root.setAttribute("data-cb-sa-ready", "");
    var data = loadData(root);
    var form = document.getElementById("cb-sa-form");
    var status = document.getElementById("cb-sa-status");
    var total = statementIds(data).length;
    var answers = loadStored(data);
    var team = [];  // [{name, answers, text}]
    var urls = {};

    Array.prototype.forEach.call(document.querySelectorAll(".cb-sa-js"), function (n) { n.hidden = false; });
    Array.prototype.forEach.call(document.querySelectorAll(".cb-sa-source a, .cb-sa-intro a"), function (a) {
      a.setAttribute("href", href(a.getAttribute("href")));
    });

    function announce(node, message) {
      // Clearing first makes a repeated message be announced again.
      node.textContent = "";
      window.setTimeout(function () { node.textContent = message; }, 50);
    }

    function count() { return Object.keys(answers).length; }

    function fillForm() {
      Array.prototype.forEach.call(form.querySelectorAll("input[type=radio]"), function (input) {
        var a = answers[input.name];
        input.checked = a !== undefined && String(a) === input.value;
      });
    }

    function setDownload(id, text, type) {
      if (urls[id]) URL.revokeObjectURL(urls[id]);
      urls[id] = URL.createObjectURL(new Blob([text], { type: type }));
      document.getElementById(id).setAttribute("href", urls[id]);
    }

    function render() {
      var rows = profile(data, answers);
      var weak = weakest(rows);
      document.getElementById("cb-sa-progress").textContent =
        count() + " of " + total + " statements answered.";
      var body = document.getElementById("cb-sa-profile-body");
      var empty = document.getElementById("cb-sa-profile-empty");
      body.textContent = "";
      var any = weak.length > 0;
      body.hidden = !any;
      empty.hidden = any;
      empty.textContent = count() ? "Your answers so far are all “" + data.dontKnow + "”: rate at least one statement to see your profile." :
        "Answer at least one statement to see your profile.";
      if (any) {
        body.appendChild(el("p", {}, "Your average rating for each characteristic, from 1 (" + data.scale[0] + ") to 5 (" +
          data.scale[4] + "). The weakest is marked “weakest” and hatched; the table below the chart gives the same numbers."));
        body.appendChild(barChart(rows.map(function (r) {
          return { title: r.c.title, value: r.score, mark: weak.indexOf(r) !== -1 ? "weakest" : "" };
        }), "Bar chart of your profile: average rating per characteristic. The table below gives the same numbers.",
        { patternId: "cb-sa-hatch-you" }));
        body.appendChild(table("Your profile: average rating per characteristic",
          ["Characteristic", "Average (1 to 5)", "Rated", "Don't know", "Not answered"],
          rows.map(function (r) {
            return [r.c.title + (weak.indexOf(r) !== -1 ? " (weakest)" : ""), fmt(r.score), r.rated + " of " + r.total,
              String(r.answered - r.rated), String(r.total - r.answered)];
          })));
        body.appendChild(relatedLinks(weak));
      }
      setDownload("cb-sa-download-json", exportJson(data, answers, rows), "application/json");
      setDownload("cb-sa-download-csv", exportCsv(data, answers), "text/csv");
    }

    function save(message) {
      var kept = store(answers);
      render();
      announce(status, message + (kept ? "" : " (This browser would not store them: they will be lost on reload.)"));
    }

    form.addEventListener("change", function (event) {
      var input = event.target;
      if (input.type !== "radio") return;
      answers[input.name] = input.value === "dk" ? "dk" : parseInt(input.value, 10);
      save("Saved in this browser. " + count() + " of " + total + " statements answered.");
    });

    document.getElementById("cb-sa-forget").addEventListener("click", function () {
      answers = {};
      fillForm();
      save("Your answers have been forgotten: cleared from this page and from this browser's storage.");
    });

    document.getElementById("cb-sa-print").addEventListener("click", function () { window.print(); });

    var importInput = document.getElementById("cb-sa-import");
    var importError = document.getElementById("cb-sa-import-error");
    importInput.addEventListener("change", function () {
      var file = importInput.files[0];
      if (!file) return;
      importError.textContent = "";
      readFile(file).then(function (text) {
        var result = parseExport(data, text, file.name);
        answers = result.answers;
        fillForm();
        save("Loaded " + count() + " answers from " + file.name + "." +
          (result.ignored ? " " + result.ignored + " answers to statements no longer on this page were left out." : ""));
      }).catch(function (error) {
        importError.textContent = "Error: " + error.message + " Your answers have not been changed.";
      }).then(function () { importInput.value = ""; });
    });

    /* team view */
    var teamInput = document.getElementById("cb-sa-team-files");
    var teamError = document.getElementById("cb-sa-team-error");
    var teamStatus = document.getElementById("cb-sa-team-status");

    function renderTeam() {
      var body = document.getElementById("cb-sa-team-body");
      body.textContent = "";
      body.hidden = !team.length;
      document.getElementById("cb-sa-team").classList.toggle("cb-sa-team-loaded", team.length > 0);
      if (!team.length) return;
      var people = team.map(function (person) { return profile(data, person.answers); });
      var stats = data.characteristics.map(function (c, i) {
        var scores = people.map(function (p) { return p[i].score; }).filter(function (s) { return s !== null; });
        if (!scores.length) return { c: c, n: 0, mean: null, sd: null, min: null, max: null };
        var mean = scores.reduce(function (a, b) { return a + b; }, 0) / scores.length;
        var variance = scores.reduce(function (a, s) { return a + (s - mean) * (s - mean); }, 0) / scores.length;
        return { c: c, n: scores.length, mean: mean, sd: Math.sqrt(variance),
          min: Math.min.apply(null, scores), max: Math.max.apply(null, scores) };
      });
      body.appendChild(el("p", {}, "Team profile from " + team.length + (team.length === 1 ? " file" : " files") +
        ": each person's average per characteristic, then the team's mean of those averages. The bar shows the mean; the line across it runs from the lowest to the highest person."));
      body.appendChild(barChart(stats.map(function (s) {
        return s.mean === null ? { title: s.c.title, value: null } :
          { title: s.c.title, value: s.mean, min: s.min, max: s.max, mark: "" };
      }), "Bar chart of the team profile: mean per characteristic with the range from lowest to highest. The table below gives the same numbers.",
      { patternId: "cb-sa-hatch-team" }));
      body.appendChild(table("Team profile: mean and spread per characteristic",
        ["Characteristic", "People with ratings", "Mean", "Standard deviation", "Lowest", "Highest"],
        stats.map(function (s) { return [s.c.title, String(s.n), fmt(s.mean), fmt(s.sd), fmt(s.min), fmt(s.max)]; })));
      body.appendChild(el("p", {}, "Files: " + team.map(function (p) { return p.name; }).join(", ") + "."));
    }

    teamInput.addEventListener("change", function () {
      var files = Array.prototype.slice.call(teamInput.files);
      if (!files.length) return;
      teamError.textContent = "";
      Promise.all(files.map(function (file) {
        return readFile(file).then(function (text) {
          return { name: file.name, text: text, answers: parseExport(data, text, file.name).answers };
        });
      })).then(function (loaded) {
        // All or nothing: one bad file leaves the team view exactly as it was.
        var added = 0, skipped = 0;
        loaded.forEach(function (person) {
          var dup = team.some(function (p) { return p.text === person.text; });
          if (dup) { skipped++; } else { team.push(person); added++; }
        });
        renderTeam();
        announce(teamStatus, "Added " + added + (added === 1 ? " file" : " files") + " to the team view; " + team.length +
          " in all." + (skipped ? " " + skipped + " already loaded were skipped." : ""));
      }).catch(function (error) {
        teamError.textContent = "Error: " + error.message + " No files were added; the team view has not changed.";
      }).then(function () { teamInput.value = ""; });
    });

    document.getElementById("cb-sa-team-clear").addEventListener("click", function () {
      team = [];
      teamError.textContent = "";
      renderTeam();
      announce(teamStatus, "The team view has been cleared.");
    });

    fillForm();
    render();
    if (count()) announce(status, "Your saved answers were restored: " + count() + " of " + total + " statements answered.");
  }

  function safeInit() {
    try { init(); } catch (error) {
      var root = document.getElementById("cb-sa");
      if (root) root.appendChild(el("p", { class: "cb-sa-error", role: "alert" }, "The self-assessment could not start: " + error.message));
    }
  }

  if (window.document$ && typeof window.document$.subscribe === "function" && !window.__cbSelfAssessment) {
    window.__cbSelfAssessment = true;
    window.document$.subscribe(safeInit);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", safeInit);
  else safeInit();

  window.CasebookSelfAssessment = { profile: profile, weakest: weakest, parseExport: parseExport, exportCsv: exportCsv };
})();
