/* Casebook Propose page: step 1, the case study, drawn from the schema's description (CasebookPropose.Form).
 *
 * The build turns schema/record.schema.json into a tree of fields in a practitioner's
 * words (builders/propose_form.py); this draws one control per field, so a field added to the
 * schema appears here with no other change. Each control has a real <label> (or a fieldset
 * and legend), its help and its error tied to it with aria-describedby. The form is its
 * own state: read() walks the tree and the controls into a record; build(record) draws the
 * form holding that record. The sources (step 2) and what a contributor does not set (the
 * id, made from the title; the status; the reviewer's dates) are not drawn here.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var U = CP.util, el = U.el;

  function Form(form, spec, data, hooks) {
    this.form = form; this.spec = spec; this.data = data; this.hooks = hooks;
  }

  Form.prototype.build = function (record) {
    U.clear(this.form);
    var self = this;
    this.spec.forEach(function (node) {
      var drawn = self.render(node, node.path, (record || {})[node.name]);
      if (drawn) self.form.appendChild(drawn);
    });
  };

  function ids(path) {
    return { control: U.idFor("cbp-f-", path), help: U.idFor("cbp-h-", path), error: U.idFor("cbp-e-", path) };
  }

  function needed(node) { return node.required ? el("span", { "class": "cbp-required" }, " (required)") : null; }

  function errorBox(id) { return el("div", { "class": "cbp-error", id: id, hidden: true }); }

  Form.prototype.render = function (node, path, value) {
    var i = ids(path), w = node.widget;
    if (w === "group" || w === "source") return this.group(node, path, value, i);
    if (w === "list") return this.list(node, path, value, i);
    if (w === "themes") return this.themes(node, path, value, i);
    if (w === "radio") return this.radios(node, path, value, i);
    if (w === "fixed" || w === "reviewer" || w === "sources-step") return null;
    if (w === "derived") {
      return el("div", { "class": "cbp-field cbp-derived", "data-path": path }, [
        el("p", { "class": "cbp-hint", id: i.help }, ["The case study's page will be at ", el("code", { "class": "cbp-id" }, "cases/…/"),
          " (made from the title)."]), errorBox(i.error)]);
    }
    if (node.inSource && node.name === "key" && this.hooks.keyPicker) {
      return this.hooks.keyPicker(node, path, value, i);
    }
    return this.field(node, path, value, i);
  };

  Form.prototype.field = function (node, path, value, i) {
    var w = node.widget, control, attrs = { id: i.control, name: path, "aria-describedby": i.help + " " + i.error };
    if (w === "markdown" || w === "textarea") {
      control = el("textarea", Object.assign(attrs, { rows: w === "markdown" ? 5 : 3 }));
    } else if (w === "select") {
      control = el("select", attrs, [el("option", { value: "" }, "Choose…")].concat(node.options.map(function (o) {
        return el("option", { value: o.value }, o.label);
      })));
    } else if (w === "checkbox") {
      control = el("input", Object.assign(attrs, { type: "checkbox" }));
      control.checked = value === true;
    } else {
      var type = w === "date" ? "date" : "text";
      control = el("input", Object.assign(attrs, { type: type, inputmode: w === "integer" || w === "number" ? "numeric" : null,
                                                 autocomplete: "off", spellcheck: w === "text" ? null : "false" }));
    }
    if (w !== "checkbox") {
      control.value = value === undefined || value === null ? (w === "date" && node.today ? U.today() : "") : String(value);
    }
    var help = [node.help, node.maxLength ? " At most " + node.maxLength + " characters." : ""].join("");
    var box = el("div", { "class": "cbp-field cbp-w-" + w, "data-path": path }, [
      el("label", { "for": i.control }, [node.label, needed(node)]),
      el("p", { "class": "cbp-hint", id: i.help }, help), control, errorBox(i.error)]);
    if (w === "markdown" && this.hooks.citeControl) box.appendChild(this.hooks.citeControl(control, path));
    return box;
  };

  Form.prototype.group = function (node, path, value, i) {
    var self = this, box = el("fieldset", { "class": "cbp-group", "data-path": path, "aria-describedby": i.help + " " + i.error }, [
      el("legend", {}, [node.label, needed(node)]), el("p", { "class": "cbp-hint", id: i.help }, node.help), errorBox(i.error)]);
    (node.children || []).forEach(function (child) {
      var c = node.widget === "source" ? Object.assign({}, child, { inSource: true }) : child;
      box.appendChild(self.render(c, path + "/" + child.name, (value || {})[child.name]));
    });
    return box;
  };

  Form.prototype.list = function (node, path, value, i) {
    var self = this, items = Array.isArray(value) ? value.slice() : [];
    while (items.length < Math.max(node.min || 0, 0)) items.push(undefined);
    var holder = el("div", { "class": "cbp-items" });
    var word = node.item.label.toLowerCase();
    var add = el("button", { type: "button", "class": "md-button cbp-add" }, "Add " + (/^[aeiou]/.test(word) ? "an " : "a ") + word);
    var box = el("fieldset", { "class": "cbp-list", "data-path": path, "aria-describedby": i.help + " " + i.error }, [
      el("legend", {}, [node.label, needed(node)]), el("p", { "class": "cbp-hint", id: i.help }, node.help),
      errorBox(i.error), holder, add]);
    function draw(values, focusIndex) {
      U.clear(holder);
      values.forEach(function (itemValue, n) {
        var itemPath = path + "/" + n, item = self.render(Object.assign({}, node.item, { label: node.item.label + " " + (n + 1) }), itemPath, itemValue);
        var remove = el("button", { type: "button", "class": "md-button cbp-remove" }, "Remove " + word + " " + (n + 1));
        remove.addEventListener("click", function () {
          var now = self.readList(node, path);
          now.splice(n, 1);
          draw(now, null);
          add.focus();
          self.hooks.changed(node.item.label + " " + (n + 1) + " removed.");
        });
        if (n >= (node.min || 0)) item.appendChild(remove);
        holder.appendChild(item);
        if (focusIndex === n) { var first = item.querySelector("input, textarea, select"); if (first) first.focus(); }
      });
    }
    add.addEventListener("click", function () {
      var now = self.readList(node, path);
      now.push(undefined);
      draw(now, now.length - 1);
      self.hooks.changed(node.item.label + " " + now.length + " added.");
    });
    draw(items, null);
    return box;
  };

  Form.prototype.themes = function (node, path, value, i) {
    var chosen = Array.isArray(value) ? value : [];
    var box = el("fieldset", { "class": "cbp-themes", "data-path": path, "aria-describedby": i.help + " " + i.error }, [
      el("legend", {}, [node.label, needed(node)]), el("p", { "class": "cbp-hint", id: i.help }, node.help), errorBox(i.error)]);
    var known = {};
    function option(id, title, note, n) {
      var cid = U.idFor("cbp-f-", path + "/" + id), nid = U.idFor("cbp-n-", path + "/" + id);
      var input = el("input", { type: "checkbox", id: cid, name: path, value: id, "aria-describedby": note ? nid : null });
      input.checked = chosen.indexOf(id) >= 0;
      // The definition is a click away, so the list of themes stays short enough to scan.
      return el("div", { "class": "cbp-option", "data-index": n }, [input, " ", el("label", { "for": cid }, title),
        note ? el("details", { "class": "cbp-definition" }, [el("summary", {}, "What it means"),
          el("p", { "class": "cbp-hint", id: nid }, note)]) : null]);
    }
    this.data.themeGroups.forEach(function (g) {
      var group = el("fieldset", { "class": "cbp-theme-group" }, [el("legend", {}, g.title)]);
      g.themes.forEach(function (t) { known[t.id] = true; group.appendChild(option(t.id, t.title, t.definition)); });
      box.appendChild(group);
    });
    var unknown = chosen.filter(function (t) { return !known[t]; });
    if (unknown.length) {
      var extra = el("fieldset", { "class": "cbp-theme-group" }, [el("legend", {}, "Not in Casebook's themes")]);
      unknown.forEach(function (t) { extra.appendChild(option(t, t, "Kept from your draft; it is not a theme in themes.yaml.")); });
      box.appendChild(extra);
    }
    return box;
  };

  Form.prototype.radios = function (node, path, value, i) {
    var box = el("fieldset", { "class": "cbp-radios", "data-path": path, "aria-describedby": i.help + " " + i.error }, [
      el("legend", {}, [node.label, needed(node)]), el("p", { "class": "cbp-hint", id: i.help }, node.help), errorBox(i.error)]);
    node.options.forEach(function (o) {
      var rid = U.idFor("cbp-f-", path + "/" + o.value), nid = U.idFor("cbp-n-", path + "/" + o.value);
      var input = el("input", { type: "radio", id: rid, name: path, value: o.value, "aria-describedby": o.description ? nid : null });
      input.checked = value === o.value;
      box.appendChild(el("div", { "class": "cbp-option" }, [input, " ", el("label", { "for": rid }, o.label),
        o.description ? el("p", { "class": "cbp-hint", id: nid }, o.description) : null]));
    });
    return box;
  };

  /* ---- reading the form back into a record ---- */

  function text(control) { return control.value.replace(/\r\n?/g, "\n").trim(); }

  Form.prototype.read = function () {
    var record = {}, self = this;
    this.spec.forEach(function (node) {
      var value = self.readNode(node, node.path);
      if (CP.yaml.present(value)) record[node.name] = value;
    });
    return record;
  };

  Form.prototype.box = function (path) { return this.form.querySelector('[data-path="' + path.replace(/"/g, "") + '"]'); };

  Form.prototype.readList = function (node, path) {
    var holder = this.box(path).querySelector(".cbp-items"), out = [];
    for (var n = 0; n < holder.children.length; n++) out.push(this.readNode(node.item, path + "/" + n));
    return out;
  };

  Form.prototype.readNode = function (node, path) {
    var w = node.widget, self = this;
    if (w === "fixed") return node.value;
    if (w === "reviewer" || w === "derived" || w === "sources-step") return undefined;
    if (w === "group" || w === "source") {
      var out = {};
      (node.children || []).forEach(function (child) {
        var v = self.readNode(child, path + "/" + child.name);
        if (CP.yaml.present(v)) out[child.name] = v;
      });
      return out;
    }
    // An added row left empty stays in the record, so its problems show on that row.
    if (w === "list") {
      var empty = node.item.widget === "group" || node.item.widget === "source" ? {} : "";
      return this.readList(node, path).map(function (v) { return v === undefined ? empty : v; });
    }
    var box = this.box(path);
    if (w === "themes" || w === "radio") {
      var checked = [].filter.call(box.querySelectorAll('input[name="' + path + '"]'), function (c) { return c.checked; })
        .map(function (c) { return c.value; });
      return w === "radio" ? checked[0] : checked;
    }
    var control = box.querySelector("#" + U.idFor("cbp-f-", path));
    if (w === "checkbox") return control.checked ? true : undefined;
    var value = text(control);
    if (!value) return undefined;
    if (w === "integer" && /^-?\d+$/.test(value)) return Number(value);
    if ((w === "number" || w === "number-or-text") && /^-?(0|[1-9]\d{0,14})(\.\d{1,6})?$/.test(value)) return Number(value);
    return value;
  };

  /* ---- problems beside their fields ---- */

  // The nearest drawn field for a data path: the field itself, else the group or list holding it.
  Form.prototype.boxFor = function (path) {
    var parts = path ? path.split("/") : [];
    while (parts.length) {
      var box = this.box(parts.join("/"));
      if (box) return box;
      parts.pop();
    }
    return null;
  };

  // "Source 1 › Locator": the field's label after those of the groups and rows holding it.
  Form.prototype.labelFor = function (box) {
    var names = [];
    for (var node = box; node && node !== this.form; node = node.parentElement) {
      if (!node.hasAttribute("data-path")) continue;
      var label = node.querySelector(":scope > label, :scope > legend, :scope > .cbp-label");
      if (label) names.unshift(label.textContent.replace(" (required)", ""));
    }
    return names.join(" › ");
  };

  Form.prototype.control = function (box) {
    return box.querySelector("input:not([type=hidden]), textarea, select");
  };

  function hintText(hint) { return hint.charAt(0).toUpperCase() + hint.slice(1) + (/[.?!]$/.test(hint) ? "" : "."); }
  CP.hintText = hintText;

  // What the form says about a problem: the practitioner's wording, with a "did you mean" when there is one.
  CP.plainWords = function (p) {
    var text = p.plain || p.message;
    return p.hint && /^did you mean/.test(p.hint) ? text + " " + hintText(p.hint) : text;
  };

  // The form's own box for the id shows the address it makes.
  Form.prototype.showId = function (id) {
    var code = this.form.querySelector(".cbp-id");
    if (code) code.textContent = "cases/" + (id || "…") + "/";
  };

  Form.prototype.showProblems = function (problems, visible) {
    var self = this;
    [].forEach.call(this.form.querySelectorAll(".cbp-error"), function (e) { U.clear(e); e.hidden = true; });
    [].forEach.call(this.form.querySelectorAll("[aria-invalid]"), function (c) { c.removeAttribute("aria-invalid"); });
    problems.forEach(function (p) {
      var box = self.boxFor(p.path);
      p.where = box ? self.labelFor(box) : "The record";
      p.control = box ? self.control(box) : null;
      if (!box || !visible(box.getAttribute("data-path"))) return;
      var errors = box.querySelector(":scope > .cbp-error");
      errors.hidden = false;
      errors.appendChild(el("p", {}, [p.severity === "warning" ? "Worth a look: " : "", CP.plainWords(p)]));
      var field = box.querySelector(":scope > input, :scope > textarea, :scope > select");
      if (field) field.setAttribute("aria-invalid", "true");
    });
  };

  CP.Form = Form;
})(window);
