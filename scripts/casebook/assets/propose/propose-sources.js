/* Casebook Propose page: step 2, the case study's sources (CasebookPropose.SourcesStep).
 *
 * Each row is one document the case study draws on and where in it (the record's
 * `sources`): a work found in Casebook's bibliography, or a new one described below the
 * rows (the record's own `references`, propose-work.js). read() gives both fields of the
 * record; build(record) draws them again from a draft.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var U = CP.util, el = U.el;

  function SourcesStep(box, data, ctx) {
    this.box = box; this.data = data; this.ctx = ctx; this.editors = []; this.rows = []; this.serial = 0;
  }

  SourcesStep.prototype.build = function (record) {
    var self = this;
    U.clear(this.box);
    this.rowsBox = el("div", { "class": "cbp-source-rows", "data-path": "sources" });
    this.rowsError = el("div", { "class": "cbp-error", hidden: true });
    var addRow = el("button", { type: "button", "class": "md-button cbp-add" }, "Add another source");
    addRow.addEventListener("click", function () {
      self.addRow({});
      self.rows[self.rows.length - 1].box.querySelector("input[type=search]").focus();
      self.ctx.changed("Source " + self.rows.length + " added.");
    });
    this.worksBox = el("div", { "class": "cbp-works", "data-path": "references" });
    var addWork = el("button", { type: "button", "class": "md-button cbp-add" }, "Describe a new source");
    addWork.addEventListener("click", function () {
      var editor = self.addEditor(null);
      editor.box.querySelector("select").focus();
      self.ctx.changed("A form for a new source is shown.");
    });
    this.box.appendChild(el("h3", {}, "The sources this case study draws on"));
    this.box.appendChild(this.rowsError);
    this.box.appendChild(this.rowsBox);
    this.box.appendChild(addRow);
    this.box.appendChild(el("h3", {}, "New sources, not in Casebook yet"));
    this.box.appendChild(el("p", { "class": "cbp-hint" }, "Describe a document here only if the search above does not find it. " +
      "It travels with your case study, and other case studies can cite it too once it is published."));
    this.box.appendChild(this.worksBox);
    this.box.appendChild(addWork);
    this.editors = [];
    this.rows = [];
    ((record && record.references) || []).forEach(function (w) { self.addEditor(w); });
    var sources = (record && record.sources && record.sources.length) ? record.sources : [{}];
    sources.forEach(function (s) { self.addRow(s); });
  };

  SourcesStep.prototype.addEditor = function (csl) {
    var self = this;
    var editor = new CP.WorkEditor(this.data, this.ctx, csl, function (gone) {
      self.editors.splice(self.editors.indexOf(gone), 1);
      self.worksBox.removeChild(gone.box);
      self.ctx.changed("The new source was removed.");
    });
    this.editors.push(editor);
    this.worksBox.appendChild(editor.box);
    return editor;
  };

  SourcesStep.prototype.addRow = function (source) {
    var self = this, n = ++this.serial, base = "cbp-src" + n;
    var row = { key: source.key || "", box: null };
    var chosen = el("p", { "class": "cbp-chosen", id: base + "-chosen" });
    var locator = el("input", { type: "text", id: base + "-loc", autocomplete: "off", "aria-describedby": base + "-loc-help " + base + "-err" });
    locator.value = source.locator || "";
    var error = el("div", { "class": "cbp-error", id: base + "-err", hidden: true });
    var describe = el("button", { type: "button", "class": "md-button" }, "It is not in Casebook: describe it as a new source");
    var remove = el("button", { type: "button", "class": "md-button cbp-remove" }, "Remove this source");
    var legend = el("legend", {});
    row.box = el("fieldset", { "class": "cbp-source-row" }, [legend,
      chosen, this.ctx.catalogue.searchBox("Find it in Casebook's bibliography by author, title or year", function (entry) {
        row.key = entry.key;
        self.ctx.useKey(entry.key);
        self.ctx.changed("Source chosen.");
        locator.focus();
      }), describe,
      el("label", { "for": base + "-loc" }, "Where in it: page, paragraph or section"),
      el("p", { "class": "cbp-hint", id: base + "-loc-help" }, "For example p. 7, pp. 7-8, para. 6 or sec. 4.1: the part the case study draws on."),
      locator, error, remove]);
    row.name = function () {
      var entry = row.key ? self.ctx.catalogue.find(row.key) : null;
      chosen.textContent = entry ? "Chosen: " + self.ctx.catalogue.describe(entry) : "No source chosen yet.";
    };
    row.locator = locator; row.error = error; row.legend = legend; row.chosen = chosen;
    describe.addEventListener("click", function () {
      var editor = self.addEditor(null);
      editor.read();
      row.editor = editor;
      self.ctx.changed("A form for the new source is shown below the sources.");
      editor.box.querySelector("select").focus();
    });
    remove.addEventListener("click", function () {
      self.rows.splice(self.rows.indexOf(row), 1);
      self.rowsBox.removeChild(row.box);
      self.ctx.changed("The source was removed.");
    });
    locator.addEventListener("input", function () { self.ctx.changed(); });
    this.rows.push(row);
    this.rowsBox.appendChild(row.box);
    this.relabel();
  };

  SourcesStep.prototype.relabel = function () {
    this.rows.forEach(function (row, i) {
      row.legend.textContent = "Source " + (i + 1);
      row.box.querySelector(".cbp-remove").hidden = i === 0;
    });
  };

  // { sources, references } as the record holds them.
  SourcesStep.prototype.read = function () {
    var references = this.editors.map(function (e) { return e.read(); });
    var sources = this.rows.map(function (row) {
      if (row.editor && this.editors.indexOf(row.editor) >= 0) row.key = row.editor.key;
      var s = {};
      if (row.key) s.key = row.key;
      if (row.locator.value.trim()) s.locator = row.locator.value.trim();
      return s;
    }, this);
    this.relabel();
    this.rows.forEach(function (row) { row.name(); });
    return { sources: sources, references: references };
  };

  SourcesStep.prototype.newWorks = function () { return this.editors.map(function (e) { return e.read(); }); };

  SourcesStep.prototype.showProblems = function (problems, visible) {
    var self = this;
    this.editors.forEach(function (editor, i) { editor.showProblems(problems, i, visible); });
    U.clear(this.rowsError); this.rowsError.hidden = true;
    this.rows.forEach(function (row) { U.clear(row.error); row.error.hidden = true; });
    problems.forEach(function (p) {
      var m = /^sources(?:\/(\d+))?/.exec(p.path);
      if (!m) return;
      var row = m[1] !== undefined ? self.rows[Number(m[1])] : null;
      p.step = 2;
      p.where = row ? row.legend.textContent : "Sources";
      p.control = row ? (/locator$/.test(p.path) ? row.locator : row.box.querySelector("input[type=search]")) : null;
      var target = row ? row.error : self.rowsError;
      if (!visible(m[0])) return;
      target.hidden = false;
      target.appendChild(el("p", {}, CP.plainWords(p)));
    });
  };

  CP.SourcesStep = SourcesStep;
})(window);
