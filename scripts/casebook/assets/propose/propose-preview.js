/* Casebook Propose page: the case study as readers will see it (CasebookPropose.Preview).
 *
 * Citations read as the site prints them, "(Latham et al., 2015, p. 7)" rather than
 * [@latham2015aspire, p. 7], and the references are listed under the text: a work already
 * in Casebook as the site prints it, a new one as Cite Them Right (Harvard) sets it, as
 * closely as the page can tell. Everything is text (a hostile title stays text); only
 * paragraphs, list items, emphasis and links are read from the longer texts.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var U = CP.util, el = U.el;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"];
  var GROUP = /\[([^\[\]]*@[^\[\]]*)\]/g;
  var ITEM = /^(.*?)-?@([\p{L}\p{N}_](?:[\p{L}\p{N}_:.#$%&+?<>~/-]*[\p{L}\p{N}_])?)(.*)$/u;

  function Preview(box, data, ctx) { this.box = box; this.data = data; this.ctx = ctx; }

  // Cite Them Right's names in a citation: A; A and B; A, B and C; A et al.
  function citedNames(names) {
    if (names.length > 3) return names[0] + " et al.";
    if (names.length > 1) return names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
    return names[0] || "";
  }

  Preview.prototype.label = function (key) {
    var entry = this.ctx.catalogue.find(key);
    if (!entry) return key;
    var who = entry.authors.length ? citedNames(entry.authors) : (entry.title || key);
    return who + ", " + (entry.year || "no date");
  };

  // "[@a, p. 3; see @b, para. 2]" -> "(A, 2015, p. 3; see B, 2012, para. 2)"
  Preview.prototype.citations = function (text) {
    var self = this;
    return text.replace(GROUP, function (whole, inner) {
      var items = inner.split(";").map(function (part) {
        var m = ITEM.exec(part.trim());
        if (!m) return part.trim();
        return [m[1].trim(), self.label(m[2]) + m[3]].filter(Boolean).join(" ");
      });
      return "(" + items.join("; ") + ")";
    });
  };

  // Inline text with *emphasis*, **strong** and [text](address), as nodes; everything else as text.
  function inline(text) {
    var out = [], re = /(\*\*[^*]+\*\*|\*[^*]+\*|\[[^\]]+\]\([^)\s]+\))/g, last = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (m.index > last) out.push(text.slice(last, m.index));
      var t = m[0];
      if (t.indexOf("**") === 0) out.push(el("strong", {}, t.slice(2, -2)));
      else if (t.charAt(0) === "*") out.push(el("em", {}, t.slice(1, -1)));
      else out.push(t.slice(1, t.indexOf("](")) + " (" + t.slice(t.indexOf("](") + 2, -1) + ")");
      last = re.lastIndex;
    }
    if (last < text.length) out.push(text.slice(last));
    return out;
  }

  Preview.prototype.blocks = function (text) {
    var self = this;
    return String(text || "").split(/\n\s*\n/).filter(function (b) { return b.trim(); }).map(function (block) {
      var lines = block.split("\n");
      if (/^\s*([-*+]|\d+[.)])\s/.test(lines[0])) {
        var items = block.split(/\n(?=\s*(?:[-*+]|\d+[.)])\s)/);
        return el("ul", {}, items.map(function (i) { return el("li", {}, inline(self.citations(i.replace(/^\s*([-*+]|\d+[.)])\s+/, "")))); }));
      }
      return el("p", {}, inline(self.citations(lines.join(" "))));
    });
  };

  function longDate(value) {
    var p = String(value).split("-").map(Number);
    return [p[2], p[1] ? MONTHS[p[1] - 1] : null, p[0]].filter(Boolean).join(" ");
  }

  function names(list) {
    var shown = (list || []).map(function (n) {
      if (n.literal) return n.literal;
      var initials = String(n.given || "").split(/[\s.]+/).filter(Boolean).map(function (g) { return g.charAt(0) + "."; }).join("");
      return n.family + (initials ? ", " + initials : "");
    });
    return shown.length > 1 ? shown.slice(0, -1).join(", ") + " and " + shown[shown.length - 1] : shown[0] || "";
  }

  // A new work's reference, in Cite Them Right's order: who (year) title. Where. Available at: address.
  function reference(csl) {
    var who = names(csl.author) || (csl.editor ? names(csl.editor) + " (ed.)" : "");
    var year = csl.issued ? String(csl.issued).slice(0, 4) : "no date";
    var inside = csl.type === "article-journal" || csl.type === "chapter";
    var parts = [who ? who + " (" + year + ")" : "", inside ? "‘" + (csl.title || "") + "’," : null];
    var title = inside ? null : el("em", {}, csl.title || "(no title)");
    var rest = [];
    if (inside && csl["container-title"]) rest.push((csl.type === "chapter" ? "in " : "") + csl["container-title"]);
    if (csl.volume) rest.push(csl.volume + (csl.issue ? "(" + csl.issue + ")" : ""));
    if (csl.page) rest.push("pp. " + csl.page);
    if (!inside && csl["container-title"]) rest.push(csl["container-title"]);
    if (csl.genre) rest.push(csl.genre);
    if (csl.publisher) rest.push(csl.publisher);
    var tail = rest.length ? " " + rest.join(", ") + "." : "";
    if (csl.URL) tail += " Available at: " + csl.URL + (csl.accessed ? " (Accessed: " + longDate(csl.accessed) + ")." : ".");
    return [parts.filter(Boolean).join(" ") + " ", title, title ? "." : "", tail];
  }

  Preview.prototype.update = function (r) {
    var data = this.data, self = this, page = [];
    var themes = {};
    data.themeGroups.forEach(function (g) { g.themes.forEach(function (t) { themes[t.id] = t.title; }); });
    page.push(el("h4", { "class": "cbp-preview-title" }, r.title || "(no title yet)"));
    page.push(el("p", { "class": "cbp-meta" }, [r.kind ? CP.optionLabel(data, "kind", r.kind) : "Kind not chosen", " · ",
      r.evidence_type ? CP.optionLabel(data, "evidence_type", r.evidence_type) : "kind of evidence not chosen"]));
    page = page.concat(this.blocks(r.summary));
    var facts = [["Themes (Casebook's choice)", (r.themes || []).map(function (t) { return themes[t] || t; }).join("; ")], ["Year", r.year],
      ["Period", r.period], ["Organisations", (r.organisations || []).map(function (o) { return o.name; }).join("; ")],
      ["Programme", r.programme ? [r.programme.name, r.programme.cohort].filter(Boolean).join(", ") : ""],
      ["Written by", (r.contributors || []).map(function (c) { return [c.name, c.organisation].filter(Boolean).join(", "); }).join("; ")]];
    page.push(el("dl", { "class": "cbp-facts" }, facts.filter(function (f) { return CP.yaml.present(f[1]); }).reduce(function (all, f) {
      return all.concat([el("dt", {}, f[0]), el("dd", {}, String(f[1]))]);
    }, [])));
    var headings = { context: "Context", approach: "What was done", outcomes: "What happened", lessons: "Lessons" };
    Object.keys(r.narrative || {}).forEach(function (k) {
      page.push(el("h5", {}, headings[k] || k));
      page = page.concat(self.blocks(r.narrative[k]));
    });
    function cite(s) { return s && s.key ? " (" + self.label(s.key) + (s.locator ? ", " + s.locator : "") + ")" : ""; }
    (r.quotes || []).forEach(function (q, i) {
      if (!i) page.push(el("h5", {}, "Quotations"));
      page.push(el("figure", {}, [el("blockquote", {}, el("p", {}, q.text || "")),
        el("figcaption", {}, [q.speaker, q.role].filter(Boolean).join(", ") + cite(q.source))]));
    });
    if ((r.figures || []).length) {
      page.push(el("h5", {}, "Figures"), el("ul", {}, r.figures.map(function (f) {
        return el("li", {}, [f.label || "", ": ", String(f.value === undefined ? "" : f.value), f.unit ? " " + f.unit : "", cite(f.source)]);
      })));
    }
    if ((r.editorial_notes || []).length) {
      page.push(el("h5", {}, "Casebook's notes on the source"), el("ul", {}, r.editorial_notes.map(function (n) { return el("li", {}, inline(n)); })));
    }
    var keys = this.ctx.citedKeys(r);
    page.push(el("h5", {}, "References"), el("ul", { "class": "cbp-references" }, keys.map(function (k) {
      var entry = self.ctx.catalogue.find(k);
      if (!entry) return el("li", {}, k + ": not a source Casebook knows yet.");
      return el("li", {}, entry.csl ? reference(entry.csl) : entry.reference || self.ctx.catalogue.describe(entry));
    })));
    U.clear(this.box);
    page.forEach(function (node) { self.box.appendChild(node); });
  };

  CP.optionLabel = function (data, name, value) {
    var found = null;
    (function walk(nodes) {
      nodes.forEach(function (n) {
        if (n.name === name && n.options) n.options.forEach(function (o) { if (o.value === value) found = o.label; });
        if (n.children) walk(n.children);
        if (n.item) walk([n.item]);
      });
    })(data.form);
    return found || String(value);
  };

  CP.Preview = Preview;
})(window);
