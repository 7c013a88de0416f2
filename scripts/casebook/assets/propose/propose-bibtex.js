/* Casebook Propose page: a new source as a BibTeX entry (CasebookPropose.bibtex).
 *
 * People who have never seen BibTeX describe a work in a short form; this writes the
 * entry as CONTRIBUTING.md shows one: one field a line, every line ending in a comma,
 * an organisation as author in double braces ({{Sandwell Council}}) so BibTeX does not
 * read it as a person's name, people as "Family, Given" joined by " and ". LaTeX's
 * special characters are escaped; braces and backslashes are refused (they could
 * unbalance the entry), and the checks report which fields bib.py requires are missing.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var SPECIAL = { "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_",
                  "~": "\\textasciitilde{}", "^": "\\textasciicircum{}" };
  var RAW_FIELDS = { url: true, doi: true };  // pandoc reads these verbatim: no LaTeX escapes

  function fold(text) { return String(text || "").replace(/\s+/g, " ").trim(); }

  function escapeText(text) {
    return fold(text).replace(/[&%$#_~^]/g, function (ch) { return SPECIAL[ch]; });
  }

  function nameValue(names) {
    return names.map(function (n) {
      if (n.kind === "organisation") return "{" + escapeText(n.name) + "}";
      var family = escapeText(n.family), given = escapeText(n.given);
      return family && given ? family + ", " + given : family || given;
    }).filter(function (v) { return v && v !== "{}"; }).join(" and ");
  }

  // The value of each filled field, in the form's order (so the entry reads as the form does).
  function values(type, fields) {
    var out = [];
    type.fields.forEach(function (f) {
      var raw = fields[f.name];
      var value = f.kind === "names" ? nameValue(raw || []) : RAW_FIELDS[f.name] ? fold(raw) : escapeText(raw);
      if (value) out.push([f.name, value]);
    });
    return out;
  }

  function entry(type, key, fields) {
    var pairs = values(type, fields);
    var width = Math.max.apply(null, [11].concat(pairs.map(function (p) { return p[0].length; })));
    var lines = pairs.map(function (p) {
      return "  " + p[0] + new Array(width - p[0].length + 1).join(" ") + " = {" + p[1] + "},";
    });
    return "@" + type.type + "{" + key + ",\n" + lines.join("\n") + (lines.length ? "\n" : "") + "}\n";
  }

  function ascii(text) {
    return fold(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "");
  }

  var STOP = { a: 1, an: 1, the: 1, of: 1, and: 1, in: 1, on: 1, for: 1, to: 1, how: 1, what: 1, why: 1 };

  // A key like latham2015aspire: first author or organisation, year, a word of the title.
  function suggestKey(fields, taken) {
    var first = (fields.author || fields.editor || [])[0];
    var who = first ? ascii(first.kind === "organisation" ? first.name.split(/\s+/)[0] : first.family) : "";
    who = who || ascii((fields.institution || fields.organization || "").split(/\s+/)[0]) || "source";
    var year = (String(fields.date || "").match(/\d{4}/) || ["nd"])[0];
    var words = fold(fields.title).split(/\s+/).map(ascii).filter(function (w) { return w && !STOP[w]; });
    var base = who + year + (words[0] || "");
    var key = base, n = 0;
    while (taken(key)) { n += 1; key = base + String.fromCharCode(96 + Math.min(n, 26)) + (n > 26 ? n : ""); }
    return key;
  }

  // Problems with a new source: bib.py's required fields (bib-missing-field), and what BibTeX cannot hold.
  function problems(type, key, fields, keyTaken) {
    var found = [];
    if (!/^[A-Za-z0-9_:.-]+$/.test(key || "")) {
      found.push({ field: "key", code: "bad-format", message: "a key is letters, digits and _ : . - only, e.g. sandwell2016panel" });
    } else if (keyTaken(key)) {
      found.push({ field: "key", code: "bib-duplicate-key", message: "citation key " + CP.util.pyRepr(key) + " is already in references.bib; choose another" });
    }
    var filled = {};
    values(type, fields).forEach(function (p) { filled[p[0]] = true; });
    type.required.forEach(function (group) {
      if (!group.some(function (name) { return filled[name]; })) {
        found.push({ field: group[0], code: "bib-missing-field",
                     message: "entry " + CP.util.pyRepr(key || "") + " (@" + type.type + ") has no " + group.join(" or "),
                     hint: "add it if the source states it for certain; otherwise choose a web page or a report" });
      }
    });
    type.fields.forEach(function (f) {
      var raw = f.kind === "names" ? (fields[f.name] || []).map(function (n) { return [n.name, n.family, n.given].join(" "); }).join(" ") : fields[f.name];
      if (/[{}\\]/.test(raw || "")) {
        found.push({ field: f.name, code: "bib-syntax", message: "curly brackets { } and backslashes \\ cannot be used here" });
      } else if (f.kind === "date" && fold(raw) && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(fold(raw))) {
        found.push({ field: f.name, code: "bad-date", message: CP.util.brief(fold(raw)) + " is not a date", hint: "write 2016, 2016-03 or 2016-03-15" });
      } else if (f.kind === "url" && fold(raw) && !/^https?:\/\/[^\s{}]+$/.test(fold(raw))) {
        found.push({ field: f.name, code: "unsafe-link", message: "a web address starts with https:// (or http://) and has no spaces" });
      }
    });
    return found;
  }

  CP.bibtex = { entry: entry, suggestKey: suggestKey, problems: problems, nameValue: nameValue, fold: fold };
})(window);
