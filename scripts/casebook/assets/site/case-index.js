/* Casebook: the case index's filters, with the state in the address. Loaded by the case
   index only, after selection.js (which reads an address as `casebook pack --from-url`
   does). No network requests, except Python's Unicode table (selection-chars.js, from
   this site) when an address holds text that is not ASCII. */
(function () {
  "use strict";

  /* The case index. The address is the state: selection.js reads it exactly as
     `casebook pack --from-url` does, so a value the command line refuses is shown here in
     its words and matches nothing. Ticked boxes plus whatever the address holds that has
     no box (an unknown value, a known one no published record has, record ids) make the
     next address. Each option's count is how many records the list would hold with that
     option added to its group (OR within a group, AND across groups). */
  function setupFilters() {
    var form = document.getElementById("cb-filters");
    var list = document.getElementById("cb-results");
    var count = document.getElementById("cb-count");
    var modelElement = document.getElementById("cb-selection-model");
    var Sel = window.CasebookSelection;
    if (!form || !list || !count || !modelElement || !Sel) return;
    var model = Sel.prepare(JSON.parse(modelElement.textContent), Array.prototype.map.call(list.children,
      function (card) { return card.getAttribute("data-id"); }));
    var problemsBox = document.getElementById("cb-selection-problems");
    var chosenNote = document.getElementById("cb-chosen");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var facets = model.facets;
    var facet = {};
    facets.forEach(function (f) { facet[f.name] = f; });
    var cards = Array.prototype.slice.call(list.children).map(function (el) {
      var values = {};
      facets.forEach(function (f) {
        var raw = el.getAttribute("data-" + f.name);
        values[f.name] = raw ? raw.split("|") : [];
      });
      return { el: el, id: el.getAttribute("data-id"), values: values };
    });
    var extras = [];  // [name, value] pairs of the address that no box stands for
    var read = { values: [], ids: [], problems: [], about: [] };
    var chars = null, charsWanted = false;

    function canonical(name, value) {
      // An organisation is matched whatever its case: the option it stands for, if any.
      var f = facet[name];
      if (!f || !f.fold_case) return value;
      var at = f.folded.indexOf(Sel.casefold(value, chars));
      return at >= 0 ? f.options[at] : value;
    }

    function boxFor(name, value) {
      var wanted = canonical(name, value);
      return boxes.filter(function (box) { return box.name === name && box.value === wanted; })[0] || null;
    }

    function search() {
      var params = new URLSearchParams();
      facets.forEach(function (f) {
        boxes.forEach(function (box) { if (box.name === f.name && box.checked) params.append(f.name, box.value); });
      });
      extras.forEach(function (pair) { params.append(pair[0], pair[1]); });
      var query = params.toString();
      return query ? "?" + query : "";
    }

    function wantedSets(values) {
      var wanted = {};
      values.forEach(function (pair) { wanted[pair[0]] = pair[1].map(function (v) { return canonical(pair[0], v); }); });
      return wanted;
    }

    function inGroup(card, name, values) {
      var have = card.values[name];
      return values.some(function (v) { return have.indexOf(v) >= 0; });
    }

    function matchesExcept(card, wanted, ids, skip) {
      if (ids.length && ids.indexOf(card.id) < 0) return false;
      return facets.every(function (f) {
        return f.name === skip || !wanted[f.name] || inGroup(card, f.name, wanted[f.name]);
      });
    }

    function showCounts(wanted, ids, broken) {
      facets.forEach(function (f) {
        var tally = {}, base = 0, group = wanted[f.name];
        if (!broken) {
          cards.forEach(function (card) {
            if (!matchesExcept(card, wanted, ids, f.name)) return;
            if (group && inGroup(card, f.name, group)) {
              base += 1;
              return;
            }
            card.values[f.name].forEach(function (v, i, all) {
              if (all.indexOf(v) === i) tally[v] = (tally[v] || 0) + 1;
            });
          });
        }
        boxes.forEach(function (box) {
          if (box.name !== f.name) return;
          var label = form.querySelector("label[for='" + box.id + "'] .cb-facet__count");
          if (label) label.textContent = "(" + (broken ? 0 : base + (tally[box.value] || 0)) + ")";
        });
      });
    }

    function removeButton(pair, text) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button cb-selection-remove";
      button.textContent = text;
      button.addEventListener("click", function () {
        var at = extras.findIndex(function (e) { return e[0] === pair[0] && e[1] === pair[1]; });
        while (at >= 0) {
          extras.splice(at, 1);
          at = extras.findIndex(function (e) { return e[0] === pair[0] && e[1] === pair[1]; });
        }
        history.replaceState(null, "", location.pathname + search() + location.hash);
        apply();
        // Keep the keyboard here: on the next Remove button, else on the count of records.
        var next = problemsBox.querySelector("button");
        if (!next) count.setAttribute("tabindex", "-1");
        (next || count).focus();
      });
      return button;
    }

    function showProblems() {
      problemsBox.textContent = "";
      var notes = extras.filter(function (pair) {
        return !read.about.some(function (a) { return a[0] === pair[0] && a[1] === pair[1]; });
      });
      if (!read.problems.length && !notes.length) return;
      var items = document.createElement("ul");
      read.problems.forEach(function (message, i) {
        var li = document.createElement("li");
        var text = document.createElement("span");
        text.textContent = message;
        li.appendChild(text);
        li.appendChild(document.createTextNode(" "));
        var pair = read.about[i], known = facet[pair[0]] || pair[0] === model.id_parameter;
        li.appendChild(removeButton(pair, "Remove " + Sel.repr(known ? pair[1] : pair[0]) + " from the address"));
        items.appendChild(li);
      });
      notes.forEach(function (pair) {
        var li = document.createElement("li");
        var what = facet[pair[0]] ? facet[pair[0]].legend : "Record id";
        li.appendChild(document.createTextNode(what + ": " + pair[1] + " (chosen in the address, no box to tick) "));
        li.appendChild(removeButton(pair, "Remove " + Sel.repr(pair[1]) + " from the address"));
        items.appendChild(li);
      });
      if (read.problems.length) {
        var lead = document.createElement("p");
        lead.className = "cb-selection-problems__lead";
        lead.textContent = "This address asks for " + (read.problems.length === 1 ? "a filter" : "filters") +
          " the case index does not have, so no record is shown. The command line (casebook pack --from-url) says the same:";
        problemsBox.appendChild(lead);
      }
      problemsBox.appendChild(items);
    }

    function apply() {
      read = Sel.read(model, location.search, chars);
      var broken = read.problems.length > 0;
      var wanted = wantedSets(read.values);
      var shown = 0;
      cards.forEach(function (card) {
        var ok = !broken && matchesExcept(card, wanted, read.ids, null);
        card.el.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = broken ? "No record is shown: the address has " +
          (read.problems.length === 1 ? "a problem" : read.problems.length + " problems") + " (see above)"
        : shown === cards.length ? cards.length + (cards.length === 1 ? " record" : " records")
          : shown + " of " + cards.length + " records match the filters";
      showCounts(wanted, read.ids, broken);
      showProblems();
      if (chosenNote) {
        var n = boxes.filter(function (box) { return box.checked; }).length + extras.length;
        chosenNote.textContent = n ? "(" + n + " chosen)" : "";
      }
    }

    function restore() {
      boxes.forEach(function (box) { box.checked = false; });
      extras = [];
      Sel.pairs(location.search).forEach(function (pair) {
        var box = facet[pair[0]] ? boxFor(pair[0], pair[1]) : null;
        if (box) box.checked = true;
        else extras.push(pair);
      });
    }

    function start() {
      restore();
      apply();
    }

    form.addEventListener("change", function () {
      history.replaceState(null, "", location.pathname + search() + location.hash);
      apply();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var clear = document.getElementById("cb-clear");
    if (clear) {
      clear.addEventListener("click", function () {
        boxes.forEach(function (box) { box.checked = false; });
        extras = [];
        history.replaceState(null, "", location.pathname + location.hash);
        apply();
      });
    }
    window.addEventListener("popstate", start);
    if (Sel.needsCharacters(location.search) && !charsWanted) {
      // Python's table of Unicode names and casefolding, only for an address that needs it.
      charsWanted = true;
      var script = document.createElement("script");
      script.src = modelElement.getAttribute("data-characters");
      script.onload = function () { chars = window.CasebookCharacters || null; start(); };
      script.onerror = start;
      document.head.appendChild(script);
    }
    start();
    setupFilterDisclosure();
  }

  /* On a phone the filters fold away behind "Filters", so the first result is near the top;
     from 60em (where they sit beside the results) they are open. */
  function setupFilterDisclosure() {
    var details = document.getElementById("cb-filters-box");
    if (!details || !window.matchMedia) return;
    var wide = window.matchMedia("(min-width: 60em)");
    details.open = wide.matches;
    var follow = function () { details.open = wide.matches; };
    if (wide.addEventListener) wide.addEventListener("change", follow);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupFilters);
  } else {
    setupFilters();
  }
})();
