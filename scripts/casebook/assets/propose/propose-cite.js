/* Casebook Propose page: finding a source and citing it (CasebookPropose.Catalogue).
 *
 * Nobody needs to know a citation key. The catalogue is every work a record may cite:
 * Casebook's bibliography (with each reference as the site prints it) and the new sources
 * described in step 2. A "Which source" box searches it by author, title or year, and
 * offers the case study's own sources first; "Cite a source" under each longer text
 * inserts a citation such as [@key, p. 7] where the cursor is.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var U = CP.util, el = U.el;
  var MAX_RESULTS = 8;

  function Catalogue(data, ctx) { this.data = data; this.ctx = ctx; this.serial = 0; }

  Catalogue.prototype.all = function () {
    return this.data.bibliography.concat(this.ctx.newWorks().map(function (w) { return CP.describeWork(w); }));
  };

  Catalogue.prototype.keys = function () { return this.all().map(function (s) { return s.key; }); };

  Catalogue.prototype.find = function (key) {
    return this.all().filter(function (s) { return s.key === key; })[0] || null;
  };

  Catalogue.prototype.describe = function (entry) {
    if (entry.reference) return entry.reference;
    var who = entry.authors.length > 3 ? entry.authors[0] + " et al." : entry.authors.join(", ");
    return [who, entry.year ? "(" + entry.year + ")" : "(no date)", entry.title || "(no title yet)"].filter(Boolean).join(" ") +
      (entry.added ? " — a new source" : "");
  };

  Catalogue.prototype.search = function (query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    return this.all().filter(function (s) {
      var hay = [s.key, s.year, s.title, s.reference || ""].concat(s.authors).join(" ").toLowerCase();
      return words.every(function (w) { return hay.indexOf(w) >= 0; });
    }).slice(0, MAX_RESULTS);
  };

  // A search box with its results as buttons; choose(entry) is called with the work picked.
  Catalogue.prototype.searchBox = function (label, choose) {
    var self = this, n = ++this.serial;
    var searchId = "cbp-search-" + n, resultsId = "cbp-results-" + n, countId = "cbp-count-" + n;
    var search = el("input", { type: "search", id: searchId, "aria-controls": resultsId, "aria-describedby": countId, autocomplete: "off" });
    var count = el("p", { "class": "cbp-hint", id: countId, "aria-live": "polite" });
    var results = el("ul", { "class": "cbp-results", id: resultsId });
    function show() {
      U.clear(results);
      var found = self.search(search.value);
      count.textContent = search.value.trim() ? (found.length ? found.length + (found.length === 1 ? " source found." : " sources found.")
        : "No source found: describe it as a new source in step 2.") : "";
      found.forEach(function (entry) {
        var use = el("button", { type: "button", "class": "cbp-result" }, "Choose: " + self.describe(entry));
        use.addEventListener("click", function () { search.value = ""; show(); choose(entry); });
        results.appendChild(el("li", {}, use));
      });
    }
    search.addEventListener("input", show);
    return el("div", { "class": "cbp-search" }, [el("label", { "for": searchId }, label), search, count, results]);
  };

  // The source of a quotation or a figure: the case study's own sources to choose from, or a search.
  Catalogue.prototype.keyPicker = function (node, path, value, i) {
    var self = this;
    var key = el("input", { type: "hidden", id: i.control, name: path });
    key.value = value || "";
    var chosen = el("p", { "class": "cbp-chosen", id: i.control + "-chosen" });
    var own = el("div", { "class": "cbp-own-sources" });
    function set(k) {
      key.value = k;
      self.ctx.useKey(k);
      key.dispatchEvent(new Event("input", { bubbles: true }));
      name();
    }
    function name() {
      var entry = key.value ? self.find(key.value) : null;
      chosen.textContent = entry ? "Chosen: " + self.describe(entry) : key.value ? "The source chosen is no longer in the list." : "No source chosen yet.";
      U.clear(own);
      var mine = self.ctx.recordKeys().filter(function (k) { return k !== key.value; });
      mine.forEach(function (k) {
        var entry2 = self.find(k);
        if (!entry2) return;
        var pick = el("button", { type: "button", "class": "md-button cbp-pick" }, "Use: " + self.describe(entry2));
        pick.addEventListener("click", function () { set(k); });
        own.appendChild(pick);
      });
    }
    name();
    this.ctx.onSourcesChanged(name);
    return el("div", { "class": "cbp-field cbp-w-key", "data-path": path, role: "group", "aria-labelledby": i.control + "-label" }, [
      el("p", { "class": "cbp-label", id: i.control + "-label" }, [node.label, el("span", { "class": "cbp-required" }, " (required)")]),
      chosen, own, this.searchBox("Or find another source by author, title or year", function (entry) { set(entry.key); }),
      key, el("div", { "class": "cbp-error", id: i.error, hidden: true })]);
  };

  // "Cite a source" under a longer text: inserts [@key, locator] where the cursor is.
  Catalogue.prototype.citeControl = function (textarea, path) {
    var self = this, n = ++this.serial;
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
      el("label", { "for": sourceId }, "Which source"), source,
      el("label", { "for": locId }, "Page, paragraph or section"),
      el("p", { "class": "cbp-hint", id: helpId }, "For example p. 7, pp. 7-8, para. 6 or sec. 4.1."), locator, insert, error]);
    function fill() {
      U.clear(source);
      var mine = self.ctx.recordKeys(), others = self.all().filter(function (e) { return mine.indexOf(e.key) < 0; });
      if (!mine.length) source.appendChild(el("option", { value: "" }, "Choose the case study's sources in step 2 first, or one below"));
      mine.forEach(function (k) { var e = self.find(k); if (e) source.appendChild(el("option", { value: k }, self.describe(e))); });
      if (others.length) source.appendChild(el("optgroup", { label: "Other sources in Casebook" },
        others.map(function (e) { return el("option", { value: e.key }, self.describe(e)); })));
    }
    toggle.addEventListener("click", function () {
      var open = panel.hidden;
      panel.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      if (!open) return;
      fill();
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
      if (!source.value || !self.ctx.isLocator(loc)) {
        error.textContent = !source.value ? "Choose a source first." :
          "Write where in the source, as p. 7, pp. 7-8, para. 6 or sec. 4.1.";
        (source.value ? locator : source).setAttribute("aria-invalid", "true");
        (source.value ? locator : source).focus();
        return;
      }
      error.textContent = "";
      locator.removeAttribute("aria-invalid");
      self.ctx.useKey(source.value);
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
      self.ctx.changed("Citation inserted.");
    });
    return el("div", { "class": "cbp-cite", "data-cite-for": path }, [toggle, panel]);
  };

  CP.Catalogue = Catalogue;
})(window);
