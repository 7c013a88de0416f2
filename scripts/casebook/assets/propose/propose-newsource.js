/* Casebook Propose page: the short form for a source not yet in references.bib (CasebookPropose.NewSource).
 *
 * One form per kind of work (report, web page or blog post, journal article, book,
 * chapter), with the fields bib.REQUIRED_FIELDS asks of that kind marked as such. Authors
 * are rows of people (family and given names) or organisations, so a corporate author is
 * braced correctly without anyone knowing BibTeX. An added source is kept in the draft and
 * written to its own .bib file.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var U = CP.util, el = U.el;
  var serial = 0;  // ids for name rows: unique on the page, the same on every visit

  function NewSource(container, list, data, ctx) {
    this.container = container; this.list = list; this.data = data; this.ctx = ctx;
    this.keyEdited = false;
  }

  NewSource.prototype.type = function () {
    var chosen = this.typeSelect.value;
    return this.data.sourceTypes.filter(function (t) { return t.type === chosen; })[0];
  };

  NewSource.prototype.draw = function () {
    var self = this;
    U.clear(this.container);
    this.typeSelect = el("select", { id: "cbp-ns-type" }, this.data.sourceTypes.map(function (t) {
      return el("option", { value: t.type }, t.label);
    }));
    this.fields = el("div", { "class": "cbp-ns-fields" });
    this.status = el("div", { "class": "cbp-error", id: "cbp-ns-problems", role: "alert" });
    var add = el("button", { type: "button", "class": "md-button md-button--primary", id: "cbp-ns-add" }, "Add this source");
    this.typeSelect.addEventListener("change", function () { self.drawFields(); });
    add.addEventListener("click", function () { self.add(); });
    this.container.appendChild(el("div", { "class": "cbp-new-source" }, [
      el("div", { "class": "cbp-field" }, [el("label", { "for": "cbp-ns-type" }, "What kind of source is it?"), this.typeSelect]),
      this.fields, add, this.status]));
    this.drawFields();
    this.drawList();
  };

  function required(type, name) {
    return type.required.filter(function (g) { return g.indexOf(name) >= 0; })[0] || null;
  }

  NewSource.prototype.drawFields = function () {
    var self = this, type = this.type();
    U.clear(this.fields);
    this.keyEdited = false;
    type.fields.forEach(function (f) {
      var id = "cbp-ns-" + f.name, group = required(type, f.name);
      var others = group ? group.filter(function (g) { return g !== f.name; }).map(function (g) {
        return "“" + type.fields.filter(function (x) { return x.name === g; })[0].label + "”";
      }) : [];
      var need = group ? (others.length ? " (required, or fill in " + others.join(" or ") + ")" : " (required)") : "";
      var errors = el("div", { "class": "cbp-error", id: id + "-err", hidden: true });
      if (f.kind === "names") {
        var rows = el("div", { "class": "cbp-names", "data-names": f.name });
        var addName = el("button", { type: "button", "class": "md-button cbp-add" }, "Add a name");
        addName.addEventListener("click", function () { self.nameRow(rows, f, rows.children.length); rows.lastChild.querySelector("select").focus(); });
        self.fields.appendChild(el("fieldset", { "class": "cbp-group", "data-ns-field": f.name, "aria-describedby": id + "-help " + id + "-err" }, [
          el("legend", {}, [f.label, el("span", { "class": "cbp-required" }, need)]),
          el("p", { "class": "cbp-hint", id: id + "-help" }, f.help || "One row for each person or organisation, in the order the document gives them."),
          errors, rows, addName]));
        self.nameRow(rows, f, 0);
        return;
      }
      var input = el("input", { type: "text", id: id, "data-ns-field": f.name, autocomplete: "off", "aria-describedby": id + "-help " + id + "-err" });
      self.fields.appendChild(el("div", { "class": "cbp-field" }, [el("label", { "for": id }, [f.label, el("span", { "class": "cbp-required" }, need)]),
        el("p", { "class": "cbp-hint", id: id + "-help" }, f.help), input, errors]));
    });
    var key = el("input", { type: "text", id: "cbp-ns-key", "data-ns-field": "key", autocomplete: "off", spellcheck: "false",
                            "aria-describedby": "cbp-ns-key-help cbp-ns-key-err" });
    key.addEventListener("input", function () { self.keyEdited = true; });
    this.fields.appendChild(el("div", { "class": "cbp-field" }, [el("label", { "for": "cbp-ns-key" }, ["Citation key", el("span", { "class": "cbp-required" }, " (required)")]),
      el("p", { "class": "cbp-hint", id: "cbp-ns-key-help" }, "Made for you from the first author, the year and a word of the title; change it if you like."),
      key, el("div", { "class": "cbp-error", id: "cbp-ns-key-err", hidden: true })]));
    this.fields.addEventListener("input", function (event) { if (event.target !== key) self.suggest(); });
    this.suggest();
  };

  NewSource.prototype.nameRow = function (rows, field, n) {
    var base = "cbp-ns-" + field.name + "-row" + (++serial);
    var kind = el("select", { id: base + "-kind" }, [el("option", { value: "person" }, "A person"), el("option", { value: "organisation" }, "An organisation")]);
    var family = el("input", { type: "text", id: base + "-family", "data-part": "family", autocomplete: "off" });
    var given = el("input", { type: "text", id: base + "-given", "data-part": "given", autocomplete: "off" });
    var org = el("input", { type: "text", id: base + "-name", "data-part": "name", autocomplete: "off" });
    var person = el("div", { "class": "cbp-person" }, [el("label", { "for": base + "-family" }, "Family name"), family,
                                                        el("label", { "for": base + "-given" }, "Given names or initials"), given]);
    var organisation = el("div", { "class": "cbp-org", hidden: true }, [el("label", { "for": base + "-name" }, "Organisation's name, in full"), org]);
    var remove = el("button", { type: "button", "class": "md-button cbp-remove" }, "Remove this name");
    var row = el("fieldset", { "class": "cbp-name-row" }, [el("legend", {}, field.label.replace(/ \(.*\)$/, "") + ": name " + (n + 1)),
      el("label", { "for": base + "-kind" }, "Is it a person or an organisation?"), kind, person, organisation, remove]);
    kind.addEventListener("change", function () {
      person.hidden = kind.value !== "person";
      organisation.hidden = kind.value === "person";
    });
    remove.addEventListener("click", function () { rows.removeChild(row); });
    rows.appendChild(row);
  };

  NewSource.prototype.values = function () {
    var out = {};
    [].forEach.call(this.fields.querySelectorAll("[data-names]"), function (rows) {
      out[rows.getAttribute("data-names")] = [].map.call(rows.querySelectorAll(".cbp-name-row"), function (row) {
        var kind = row.querySelector("select").value;
        function part(name) { return CP.bibtex.fold(row.querySelector('[data-part="' + name + '"]').value); }
        return kind === "person" ? { kind: kind, family: part("family"), given: part("given") } : { kind: kind, name: part("name") };
      }).filter(function (n) { return n.name || n.family || n.given; });
    });
    [].forEach.call(this.fields.querySelectorAll("input[data-ns-field]"), function (input) {
      var name = input.getAttribute("data-ns-field");
      if (name !== "key" && CP.bibtex.fold(input.value)) out[name] = CP.bibtex.fold(input.value);
    });
    return out;
  };

  NewSource.prototype.taken = function (key) {
    var folded = key.toLowerCase();
    return this.ctx.sources.keys().some(function (k) { return k.toLowerCase() === folded; });
  };

  NewSource.prototype.suggest = function () {
    var key = this.fields.querySelector("#cbp-ns-key");
    if (key && !this.keyEdited) key.value = CP.bibtex.suggestKey(this.values(), this.taken.bind(this));
  };

  NewSource.prototype.add = function () {
    var type = this.type(), key = CP.bibtex.fold(this.fields.querySelector("#cbp-ns-key").value), fields = this.values();
    var found = CP.bibtex.problems(type, key, fields, this.taken.bind(this));
    var self = this;
    [].forEach.call(this.fields.querySelectorAll(".cbp-error"), function (e) { U.clear(e); e.hidden = true; });
    U.clear(this.status);
    if (found.length) {
      found.forEach(function (p) {
        var box = self.fields.querySelector("#cbp-ns-" + p.field + "-err");
        var line = el("p", {}, [el("span", { "class": "cbp-code" }, p.code), " ", p.message, p.hint ? " (" + p.hint + ")" : ""]);
        if (box) { box.hidden = false; box.appendChild(line); }
      });
      this.status.textContent = found.length + (found.length === 1 ? " problem" : " problems") + " with this source: " +
        found.map(function (p) { return p.message; }).join("; ") + ".";
      return;
    }
    this.ctx.newSources.push({ type: type.type, key: key, fields: fields });
    this.drawFields();
    this.drawList();
    this.ctx.changed("Source " + key + " added: choose it in a Source box, or cite it.");
  };

  NewSource.prototype.bibtex = function () {
    var types = {};
    this.data.sourceTypes.forEach(function (t) { types[t.type] = t; });
    return this.ctx.newSources.map(function (s) { return CP.bibtex.entry(types[s.type], s.key, s.fields); }).join("\n");
  };

  NewSource.prototype.drawList = function () {
    var self = this;
    U.clear(this.list);
    if (!this.ctx.newSources.length) return;
    var items = el("ul", { "class": "cbp-added" });
    this.ctx.newSources.forEach(function (s, n) {
      var remove = el("button", { type: "button", "class": "md-button cbp-remove" }, "Remove the source " + s.key);
      remove.addEventListener("click", function () {
        self.ctx.newSources.splice(n, 1);
        self.drawList();
        self.typeSelect.focus();
        self.ctx.changed("Source " + s.key + " removed.");
      });
      items.appendChild(el("li", {}, [el("strong", {}, s.key), " — " + (s.fields.title || ""), " ", remove]));
    });
    this.list.appendChild(el("h3", {}, "Sources added on this page"));
    this.list.appendChild(items);
  };

  CP.NewSource = NewSource;
})(window);
