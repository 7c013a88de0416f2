/* Casebook Propose page: problems, preview, files and the pull-request link (CasebookPropose.Output).
 *
 * The preview shows everything as text (a hostile title stays text). The files are made
 * here and offered as downloads and for the clipboard. GitHub's new-file page takes the
 * path and the content in its address (`new/BRANCH?filename=...&value=...`) and offers a
 * fork to people who cannot write to the repository; a second file cannot ride in the
 * same address, so the page says exactly where the BibTeX entry is pasted. No link is
 * offered while a problem is left, or when mkdocs.yml gives no repo_url.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var U = CP.util, el = U.el;

  function Output(parts, data, ctx) {
    this.parts = parts; this.data = data; this.ctx = ctx; this.urls = []; this.said = "";
  }

  function optionLabel(data, name, value) {
    var found = null;
    (function walk(nodes) {
      nodes.forEach(function (n) {
        if (n.name === name && n.options) n.options.forEach(function (o) { if (o.value === value) found = o.label; });
        if (n.children) walk(n.children);
        if (n.item) walk([n.item]);
      });
    })(data.form);
    return found || String(value);
  }

  function paragraphs(text) {
    return String(text).split(/\n\s*\n/).map(function (p) { return el("p", {}, p); });
  }

  Output.prototype.preview = function (r) {
    var data = this.data, sources = this.ctx.sources, themes = {};
    data.themeGroups.forEach(function (g) { g.themes.forEach(function (t) { themes[t.id] = t.title; }); });
    var page = [el("h4", { "class": "cbp-preview-title" }, r.title || "(no title yet)"),
      el("p", { "class": "cbp-meta" }, [r.kind ? optionLabel(data, "kind", r.kind) : "Kind not chosen",
        " · Evidence type: ", r.evidence_type ? optionLabel(data, "evidence_type", r.evidence_type) : "not chosen"]),
      el("h5", {}, "Summary")].concat(paragraphs(r.summary || ""));
    var facts = [["Themes", (r.themes || []).map(function (t) { return themes[t] || t; }).join("; ")], ["Year", r.year], ["Period", r.period],
      ["Programme", r.programme ? [r.programme.name, r.programme.cohort].filter(Boolean).join(", ") : ""],
      ["Contributors", (r.contributors || []).map(function (c) { return [c.name, c.organisation].filter(Boolean).join(", "); }).join("; ")]];
    page.push(el("dl", { "class": "cbp-facts" }, facts.filter(function (f) { return CP.yaml.present(f[1]); }).reduce(function (all, f) {
      return all.concat([el("dt", {}, f[0]), el("dd", {}, String(f[1]))]);
    }, [])));
    if ((r.organisations || []).length) {
      page.push(el("h5", {}, "Organisations"), el("ul", {}, r.organisations.map(function (o) {
        return el("li", {}, [o.name, o.type ? optionLabel(data, "type", o.type) : "", o.region, o.nation].filter(Boolean).join(" · "));
      })));
    }
    Object.keys(r.narrative || {}).forEach(function (k) {
      page.push(el("h5", {}, k.charAt(0).toUpperCase() + k.slice(1)));
      page = page.concat(paragraphs(r.narrative[k]));
    });
    function cite(s) { return s && s.key ? " (" + s.key + (s.locator ? ", " + s.locator : "") + ")" : ""; }
    if ((r.quotes || []).length) {
      page.push(el("h5", {}, "Quotes"));
      r.quotes.forEach(function (q) {
        page.push(el("figure", {}, [el("blockquote", {}, el("p", {}, q.text || "")),
          el("figcaption", {}, [q.speaker, q.role].filter(Boolean).join(", ") + cite(q.source))]));
      });
    }
    if ((r.figures || []).length) {
      page.push(el("h5", {}, "Figures"), el("ul", {}, r.figures.map(function (f) {
        return el("li", {}, [f.label || "", ": ", String(f.value === undefined ? "" : f.value), f.unit ? " " + f.unit : "", cite(f.source)]);
      })));
    }
    if ((r.editorial_notes || []).length) page.push(el("h5", {}, "Casebook's notes"), el("ul", {}, r.editorial_notes.map(function (n) { return el("li", {}, n); })));
    page.push(el("h5", {}, "Sources"), el("ul", {}, (r.sources || []).map(function (s) {
      var entry = s.key ? sources.find(s.key) : null;
      return el("li", {}, (entry ? sources.describe(entry) : s.key || "(no source chosen)") + (s.locator ? ", " + s.locator : ""));
    })));
    U.clear(this.parts.preview);
    page.forEach(function (node) { this.parts.preview.appendChild(node); }, this);
  };

  Output.prototype.problems = function (problems) {
    var box = this.parts.problems;
    U.clear(box);
    var said = problems.length ? problems.length + (problems.length === 1 ? " problem" : " problems") + " to fix before sending."
      : "No problems found: the record is ready to send.";
    box.appendChild(el("p", { "class": problems.length ? "cbp-problem-count" : "cbp-ok", tabindex: "-1" }, el("strong", {}, said)));
    if (problems.length) {
      box.appendChild(el("ul", {}, problems.map(function (p) {
        var link = el("a", { href: p.control ? "#" + p.control.id : "#cbp-form" }, p.where + ": ");
        link.addEventListener("click", function (event) { if (p.control) { event.preventDefault(); p.control.focus(); } });
        return el("li", { "data-code": p.code }, [link, p.plain, p.hint ? " " + CP.hintText(p.hint) : "", " ", el("span", { "class": "cbp-code" }, p.code)]);
      })));
    }
    if (said !== this.said) { this.said = said; this.parts.announce.textContent = said; }
  };

  Output.prototype.file = function (title, name, text, note) {
    var blob = new Blob([text], { type: "text/plain;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    this.urls.push(url);
    var id = U.idFor("cbp-file-", name);
    var copy = el("button", { type: "button", "class": "md-button" }, "Copy " + name);
    var self = this;
    copy.addEventListener("click", function () { self.copy(text, name); });
    return el("div", { "class": "cbp-file" }, [el("h4", { id: id + "-h" }, title), note ? el("p", {}, note) : null,
      el("p", { "class": "cbp-controls" }, [el("a", { "class": "md-button", href: url, download: name }, "Download " + name), " ", copy]),
      el("pre", { "class": "cbp-code-block", tabindex: "0", role: "region", "aria-labelledby": id + "-h" }, el("code", {}, text))]);
  };

  // The Clipboard API where the browser allows it, else the older copy command on a hidden text box.
  Output.prototype.copy = function (text, name) {
    var status = this.parts.status;
    function done(ok) { status.textContent = ok ? name + " copied to the clipboard." : "Copying was refused: select the text below and copy it."; }
    function fallback() {
      var box = el("textarea", { "class": "cb-visually-hidden", "aria-hidden": "true", tabindex: "-1" });
      box.value = text;
      document.body.appendChild(box);
      box.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(box);
      done(ok);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    else fallback();
  };

  Output.prototype.files = function (record, yaml, bib) {
    this.urls.forEach(function (u) { URL.revokeObjectURL(u); });
    this.urls = [];
    U.clear(this.parts.files);
    var id = record.id || "new-record";
    this.parts.files.appendChild(this.file("The record: " + this.data.paths.records + id + ".yaml", id + ".yaml", yaml,
      "Save it in the " + this.data.paths.records + " folder, named exactly " + id + ".yaml."));
    if (bib) {
      this.parts.files.appendChild(this.file("The new source: add it to " + this.data.paths.bibliography, id + ".bib", bib,
        "Paste it at the very end of " + this.data.paths.bibliography + ", after the last entry and on a new line."));
    }
  };

  Output.prototype.send = function (record, problems, yaml, bib) {
    var box = this.parts.send, gh = this.data.github, self = this;
    U.clear(box);
    if (problems.length) {
      box.appendChild(el("p", { id: "cbp-send-blocked" }, "Fix the problems listed above first: the link to open a pull request appears here once there are none."));
      return;
    }
    if (!gh) {
      box.appendChild(el("p", { id: "cbp-send-no-repo" }, "The pull-request link needs the repository's address, and this site was built without one: " +
        "set repo_url in mkdocs.yml and rebuild the site. Until then, download the files below (or copy them) and send them to Casebook's editors, " +
        "or add them to the repository on GitHub yourself."));
      return;
    }
    var path = this.data.paths.records + record.id + ".yaml";
    var url = gh.newFile + "?filename=" + encodeURIComponent(path) + "&value=" + encodeURIComponent(yaml);
    var steps = el("ol", { "class": "cbp-steps" });
    if (url.length > this.data.limits.urlChars) {
      steps.appendChild(el("li", {}, ["Your record is too long to send in a link (" + url.length.toLocaleString("en-GB") + " characters; at most " +
        this.data.limits.urlChars.toLocaleString("en-GB") + "). Download " + record.id + ".yaml below, then open ",
        el("a", { href: gh.upload, target: "_blank", rel: "noopener noreferrer" }, "GitHub's upload page for " + this.data.paths.records),
        ", drop the file there and choose “Propose changes”."]));
    } else {
      var open = el("a", { "class": "md-button md-button--primary", id: "cbp-pr-link", href: url, target: "_blank", rel: "noopener noreferrer" },
                    "Open a pull request on GitHub");
      open.addEventListener("click", function () { self.ctx.sent(); });
      steps.appendChild(el("li", {}, [open, " GitHub opens its new-file page with the name " + path + " and your record filled in. " +
        "Choose “Commit changes…”, then “Propose changes” and “Create pull request”. If you cannot change the repository, " +
        "GitHub first makes a copy of your own (a fork) and sends the pull request from it."]));
    }
    if (bib) {
      steps.appendChild(el("li", {}, "Add the new source to the same pull request: on the pull request's page, click the branch name shown under the title " +
        "(for example you:patch-1), open " + this.data.paths.bibliography + ", choose the pencil (“Edit this file”), go to the very end of the file, " +
        "paste the BibTeX entry below on a new line, and commit it to that same branch."));
    }
    steps.appendChild(el("li", {}, "In the pull request, say who gave permission to publish what the record says."));
    box.appendChild(steps);
  };

  Output.prototype.update = function (record, problems, yaml, bib) {
    this.problems(problems);
    this.preview(record);
    this.send(record, problems, yaml, bib);
    this.files(record, yaml, bib);
  };

  CP.Output = Output;
})(window);
