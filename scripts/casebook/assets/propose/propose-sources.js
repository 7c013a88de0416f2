/* Casebook Propose page: choosing, citing and adding sources (CasebookPropose.sources).
 *
 * Nobody needs to know a citation key: each "Source" box searches the bibliography by
 * author, title and year and fills the key in; "Cite a source" beside each Markdown
 * field inserts [@key, p. N]; a new work is described in a short form per kind of
 * source and becomes a BibTeX entry (propose-bibtex.js) that every box then offers.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var U = CP.util, el = U.el;
  var MAX_RESULTS = 8;

  function Sources(data, ctx) { this.data = data; this.ctx = ctx; this.serial = 0; }

  // Every work a record may cite: the bibliography, then the sources added on this page.
  Sources.prototype.all = function () {
    var added = this.ctx.newSources.map(function (s) {
      var names = (s.fields.author || s.fields.editor || []).map(function (n) { return n.kind === "organisation" ? n.name : n.family; });
      return { key: s.key, authors: names.length ? names : [s.fields.institution || s.fields.organization || ""].filter(Boolean),
               title: s.fields.title || "", year: (String(s.fields.date || "").match(/\d{4}/) || [""])[0], added: true };
    });
    return this.data.bibliography.concat(added);
  };

  Sources.prototype.keys = function () { return this.all().map(function (s) { return s.key; }); };

  Sources.prototype.describe = function (entry) {
    var who = entry.authors.length > 3 ? entry.authors[0] + " et al." : entry.authors.join(", ");
    return [who, entry.year ? "(" + entry.year + ")" : "(no date)", entry.title].filter(Boolean).join(" ") +
      (entry.added ? " — new source" : "");
  };

  Sources.prototype.find = function (key) {
    return this.all().filter(function (s) { return s.key === key; })[0] || null;
  };

  Sources.prototype.search = function (query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    return this.all().filter(function (s) {
      var hay = [s.key, s.year, s.title].concat(s.authors).join(" ").toLowerCase();
      return words.every(function (w) { return hay.indexOf(w) >= 0; });
    }).slice(0, MAX_RESULTS);
  };

  // The key field of a source: a text box the search fills in, with the chosen work named beside it.
  Sources.prototype.keyPicker = function (node, path, value, i) {
    var self = this, n = ++this.serial;
    var chosenId = "cbp-chosen-" + n, searchId = "cbp-search-" + n, resultsId = "cbp-results-" + n, countId = "cbp-count-" + n;
    var key = el("input", { type: "text", id: i.control, name: path, autocomplete: "off", spellcheck: "false",
                            "aria-describedby": i.help + " " + chosenId + " " + i.error });
    key.value = value || "";
    var chosen = el("p", { "class": "cbp-chosen", id: chosenId });
    var search = el("input", { type: "search", id: searchId, "aria-controls": resultsId, "aria-describedby": countId, autocomplete: "off" });
    var count = el("p", { "class": "cbp-hint", id: countId, "aria-live": "polite" });
    var results = el("ul", { "class": "cbp-results", id: resultsId });
    function name() {
      var entry = self.find(key.value.trim());
      chosen.textContent = entry ? "Chosen: " + self.describe(entry) : key.value.trim() ? "No source has this key yet." : "";
    }
    function show() {
      U.clear(results);
      var found = self.search(search.value);
      count.textContent = search.value.trim() ? found.length + (found.length === 1 ? " source found." : " sources found.") +
        (found.length ? "" : " Add it as a new source in section 2.") : "";
      found.forEach(function (entry) {
        var use = el("button", { type: "button", "class": "cbp-result" }, ["Use: " + self.describe(entry) + " ", el("span", { "class": "cbp-key" }, "[" + entry.key + "]")]);
        use.addEventListener("click", function () {
          key.value = entry.key;
          key.dispatchEvent(new Event("input", { bubbles: true }));
          search.value = "";
          show();
          key.focus();
        });
        results.appendChild(el("li", {}, use));
      });
    }
    key.addEventListener("input", name);
    search.addEventListener("input", show);
    name();
    return el("div", { "class": "cbp-field cbp-w-key", "data-path": path }, [
      el("label", { "for": i.control }, [node.label === "Key" ? "Citation key" : node.label, el("span", { "class": "cbp-required" }, " (required)")]),
      el("p", { "class": "cbp-hint", id: i.help }, "Search for the source and choose it: its key is filled in here."),
      key, chosen,
      el("div", { "class": "cbp-search" }, [el("label", { "for": searchId }, "Find the source by author, title or year"), search, count, results]),
      el("div", { "class": "cbp-error", id: i.error, hidden: true })]);
  };

  // "Cite a source" beside a Markdown field: inserts [@key, locator] where the cursor is.
  Sources.prototype.citeControl = function (textarea, path) {
    var self = this, n = ++this.serial, pattern = new RegExp(this.ctx.locatorPattern, "u");
    var panelId = "cbp-cite-" + n, sourceId = "cbp-cite-src-" + n, locId = "cbp-cite-loc-" + n;
    var errId = "cbp-cite-err-" + n, helpId = "cbp-cite-help-" + n;
    var toggle = el("button", { type: "button", "class": "md-button cbp-cite-toggle", "aria-expanded": "false", "aria-controls": panelId },
                    "Cite a source");
    var source = el("select", { id: sourceId });
    var locator = el("input", { type: "text", id: locId, "aria-describedby": helpId + " " + errId, autocomplete: "off" });
    locator.value = "p. ";
    var error = el("p", { "class": "cbp-error", id: errId, role: "alert" });
    var insert = el("button", { type: "button", "class": "md-button" }, "Insert the citation");
    var panel = el("div", { "class": "cbp-cite-panel", id: panelId, hidden: true }, [
      el("label", { "for": sourceId }, "Source"), source,
      el("label", { "for": locId }, "Page, paragraph or section"),
      el("p", { "class": "cbp-hint", id: helpId }, "For example p. 7, pp. 7-8, para. 6, sec. 4.1."), locator, insert, error]);
    toggle.addEventListener("click", function () {
      var open = panel.hidden;
      panel.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      if (!open) return;
      U.clear(source);
      self.all().forEach(function (entry) { source.appendChild(el("option", { value: entry.key }, self.describe(entry))); });
      source.focus();
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      panel.hidden = true;
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    });
    insert.addEventListener("click", function () {
      var loc = locator.value.trim();
      if (!source.value || !pattern.test(loc)) {
        error.textContent = "bad-format: " + U.brief(loc) + " is not a locator; write p. 7, pp. 7-8, para. 6 or sec. 4.1.";
        locator.setAttribute("aria-invalid", "true");
        locator.focus();
        return;
      }
      error.textContent = "";
      locator.removeAttribute("aria-invalid");
      var cite = "[@" + source.value + ", " + loc + "]";
      var start = textarea.selectionStart, end = textarea.selectionEnd, before = textarea.value.slice(0, start);
      // At the end of a sentence the citation goes before its full stop, as Casebook's records cite.
      var stop = /[.!?]\s*$/.exec(before);
      if (stop) { end = Math.max(end, start); start -= stop[0].length; }
      before = textarea.value.slice(0, start);
      var after = (stop ? stop[0] : "") + textarea.value.slice(end);
      var spaced = (before && !/\s$/.test(before) ? " " : "") + cite;
      textarea.value = before + spaced + after;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      panel.hidden = true;
      toggle.setAttribute("aria-expanded", "false");
      textarea.focus();
      var caret = start + spaced.length + (stop ? stop[0].length : 0);
      textarea.setSelectionRange(caret, caret);
      self.ctx.changed("Citation " + cite + " inserted.");
    });
    return el("div", { "class": "cbp-cite", "data-cite-for": path }, [toggle, panel]);
  };

  CP.Sources = Sources;
})(window);
