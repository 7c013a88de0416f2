/* Casebook Propose page: a new source, described in a short form (CasebookPropose.WorkEditor).
 *
 * A source that is not in Casebook yet becomes an entry of the record's own `references`,
 * in the form pandoc reads (CSL): a person as family and given names, an organisation as
 * one name (so "Chartered Institute of Personnel and Development" stays one author), the
 * title exactly as typed (so "Northbridge" keeps its capital). The forms, their fields and
 * which fields each kind of work needs come from the page's data (builders/propose_sources.py
 * and works.TYPES). Every field is part of the record as it is typed, so the record's
 * checks run on it at once. The key it is cited by is made from the first author, the
 * year and a word of the title, and stops following them once the source is used.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var U = CP.util, el = U.el;
  var serial = 0;
  var STOP = { a: 1, an: 1, the: 1, of: 1, and: 1, in: 1, on: 1, for: 1, to: 1, how: 1, what: 1, why: 1 };

  function fold(text) { return String(text || "").replace(/\s+/g, " ").trim(); }

  function ascii(text) {
    return fold(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "");
  }

  // A key like latham2015aspire: first author or organisation, year, a word of the title.
  function suggestKey(csl, taken) {
    var first = (csl.author || csl.editor || [])[0];
    var who = first ? ascii(first.literal ? first.literal.split(/\s+/)[0] : first.family) : "";
    who = who || ascii((csl.publisher || csl["container-title"] || "").split(/\s+/)[0]) || "source";
    var year = (String(csl.issued || "").match(/^\d{4}/) || ["nd"])[0];
    var words = fold(csl.title).split(/\s+/).map(ascii).filter(function (w) { return w && !STOP[w]; });
    var base = who + year + (words[0] || "");
    var key = base, n = 0;
    while (taken(key)) { n += 1; key = base + String.fromCharCode(96 + Math.min(n, 26)) + (n > 26 ? n : ""); }
    return key;
  }

  // A new work as the catalogue lists it.
  CP.describeWork = function (csl) {
    var names = (csl.author || csl.editor || []).map(function (n) { return n.literal || n.family || ""; }).filter(Boolean);
    if (!names.length && csl.publisher) names = [csl.publisher];
    return { key: csl.id, authors: names, title: csl.title || "", year: (String(csl.issued || "").match(/^\d{4}/) || [""])[0],
             added: true, csl: csl };
  };

  function WorkEditor(data, ctx, csl, onRemove) {
    this.data = data; this.ctx = ctx; this.n = ++serial; this.onRemove = onRemove;
    this.frozen = !!(csl && csl.id);  // a key from a draft is kept: the draft may cite it
    this.key = csl && csl.id ? csl.id : "";
    this.box = el("fieldset", { "class": "cbp-work" });
    this.draw(csl || { type: data.sourceTypes[0].type });
  }

  WorkEditor.prototype.type = function (name) {
    return this.data.sourceTypes.filter(function (t) { return t.type === name; })[0] || this.data.sourceTypes[0];
  };

  WorkEditor.prototype.draw = function (csl) {
    var self = this, type = this.type(csl.type), base = "cbp-w" + this.n;
    U.clear(this.box);
    this.legend = el("legend", {}, "New source");
    var kind = el("select", { id: base + "-type", "data-field": "type" }, this.data.sourceTypes.map(function (t) {
      var o = el("option", { value: t.type }, t.label);
      if (t.type === type.type) o.selected = true;
      return o;
    }));
    kind.addEventListener("change", function () {
      var now = self.read();
      now.type = kind.value;
      self.draw(now);
      self.ctx.changed("The form for a " + self.type(kind.value).label.toLowerCase() + " is shown.");
      self.box.querySelector("[data-field=type]").focus();
    });
    this.fields = el("div", { "class": "cbp-work-fields" });
    var required = {};
    type.required.forEach(function (group) { group.forEach(function (name) { required[name] = group.length; }); });
    type.fields.forEach(function (f) {
      var need = required[f.name] === 1 ? " (required)" : required[f.name] > 1 ? " (this or another marked so)" : "";
      var id = base + "-" + f.name.replace(/[^A-Za-z0-9_-]/g, "-");
      var error = el("div", { "class": "cbp-error", id: id + "-err", hidden: true });
      var box = el("div", { "class": "cbp-field", "data-work-field": f.name });
      if (f.kind === "names") {
        var rows = el("div", { "class": "cbp-names" });
        var add = el("button", { type: "button", "class": "md-button cbp-add" }, "Add a name");
        add.addEventListener("click", function () { self.nameRow(rows, f, {}); rows.lastChild.querySelector("select").focus(); });
        box = el("fieldset", { "class": "cbp-group", "data-work-field": f.name, "aria-describedby": id + "-help " + id + "-err" }, [
          el("legend", {}, [f.label, el("span", { "class": "cbp-required" }, need)]),
          el("p", { "class": "cbp-hint", id: id + "-help" }, f.help || "One for each person or organisation, in the document's order."),
          error, rows, add]);
        (csl[f.name] || [{}]).forEach(function (name) { self.nameRow(rows, f, name); });
      } else {
        var input = el("input", { type: "text", id: id, "data-field": f.name, autocomplete: "off",
                                  inputmode: f.kind === "date" || f.kind === "day" ? "numeric" : null,
                                  "aria-describedby": id + "-help " + id + "-err" });
        input.value = csl[f.name] === undefined ? "" : String(csl[f.name]);
        box.appendChild(el("label", { "for": id }, [f.label, el("span", { "class": "cbp-required" }, need)]));
        box.appendChild(el("p", { "class": "cbp-hint", id: id + "-help" }, f.help));
        box.appendChild(input);
        box.appendChild(error);
      }
      self.fields.appendChild(box);
    });
    var remove = el("button", { type: "button", "class": "md-button cbp-remove" }, "Remove this new source");
    remove.addEventListener("click", function () { self.onRemove(self); });
    this.box.appendChild(this.legend);
    this.box.appendChild(el("label", { "for": base + "-type" }, "What kind of source is it?"));
    this.box.appendChild(kind);
    this.box.appendChild(this.fields);
    this.box.appendChild(remove);
  };

  WorkEditor.prototype.nameRow = function (rows, field, name) {
    var base = "cbp-w" + this.n + "-" + field.name + "-" + (++serial);
    var kind = el("select", { id: base + "-kind" }, [el("option", { value: "person" }, "A person"),
                                                     el("option", { value: "organisation" }, "An organisation")]);
    kind.value = name.literal ? "organisation" : "person";
    var family = el("input", { type: "text", id: base + "-family", "data-part": "family", autocomplete: "off" });
    var given = el("input", { type: "text", id: base + "-given", "data-part": "given", autocomplete: "off" });
    var org = el("input", { type: "text", id: base + "-literal", "data-part": "literal", autocomplete: "off" });
    family.value = name.family || ""; given.value = name.given || ""; org.value = name.literal || "";
    var person = el("div", { "class": "cbp-person", hidden: kind.value !== "person" }, [
      el("label", { "for": base + "-family" }, "Family name"), family,
      el("label", { "for": base + "-given" }, "Given names or initials"), given]);
    var organisation = el("div", { "class": "cbp-org", hidden: kind.value === "person" }, [
      el("label", { "for": base + "-literal" }, "The organisation's full name"), org]);
    var remove = el("button", { type: "button", "class": "md-button cbp-remove" }, "Remove this name");
    var row = el("fieldset", { "class": "cbp-name-row" }, [el("legend", {}, field.label.replace(/ \(.*\)$/, "") + ": name " + (rows.children.length + 1)),
      el("label", { "for": base + "-kind" }, "A person or an organisation?"), kind, person, organisation, remove]);
    var self = this;
    kind.addEventListener("change", function () {
      person.hidden = kind.value !== "person";
      organisation.hidden = kind.value === "person";
      self.ctx.changed();
    });
    remove.addEventListener("click", function () { rows.removeChild(row); self.ctx.changed("Name removed."); });
    rows.appendChild(row);
  };

  // The work as CSL: only what was filled in; its key suggested until the work is first used.
  WorkEditor.prototype.read = function () {
    var csl = { type: this.box.querySelector("[data-field=type]").value };
    [].forEach.call(this.fields.querySelectorAll("input[data-field]"), function (input) {
      var value = fold(input.value);
      if (value) csl[input.getAttribute("data-field")] = value;
    });
    [].forEach.call(this.fields.querySelectorAll("fieldset[data-work-field]"), function (set) {
      var names = [].map.call(set.querySelectorAll(".cbp-name-row"), function (row) {
        function part(p) { return fold(row.querySelector('[data-part="' + p + '"]').value); }
        if (row.querySelector("select").value === "organisation") return part("literal") ? { literal: part("literal") } : null;
        var n = {};
        if (part("family")) n.family = part("family");
        if (part("given")) n.given = part("given");
        return Object.keys(n).length ? n : null;
      }).filter(Boolean);
      if (names.length) csl[set.getAttribute("data-work-field")] = names;
    });
    if (!this.frozen) {
      var self = this;
      this.key = suggestKey(csl, function (k) {
        return k !== self.key && self.ctx.keyTaken(k, self);
      });
    }
    var out = { id: this.key };
    Object.keys(csl).forEach(function (k) { out[k] = csl[k]; });
    this.legend.textContent = "New source: " + (csl.title || "(no title yet)");
    return out;
  };

  // Problems with paths under references/<index>, shown beside their fields.
  WorkEditor.prototype.showProblems = function (problems, index, visible) {
    var prefix = "references/" + index;
    [].forEach.call(this.box.querySelectorAll(".cbp-error"), function (e) { U.clear(e); e.hidden = true; });
    var self = this;
    problems.forEach(function (p) {
      if (p.path !== prefix && p.path.indexOf(prefix + "/") !== 0) return;
      var field = p.path.slice(prefix.length + 1).split("/")[0];
      var box = field ? self.fields.querySelector('[data-work-field="' + field + '"]') : null;
      var target = box ? box.querySelector(".cbp-error") : self.fields.querySelector(".cbp-error");
      p.where = "New source “" + (self.read().title || "without a title") + "”";
      p.control = box ? box.querySelector("input, select") : self.box.querySelector("select");
      p.step = 2;
      if (!visible(prefix) || !target) return;
      target.hidden = false;
      target.appendChild(el("p", {}, CP.plainWords(p)));
    });
  };

  CP.WorkEditor = WorkEditor;
  CP.suggestKey = suggestKey;
})(window);
