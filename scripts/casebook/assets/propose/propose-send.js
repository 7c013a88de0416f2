/* Casebook Propose page: step 3's list of what is left to fix, and sending (CasebookPropose.Send).
 *
 * A contribution is one file, case_studies/<id>.yaml: the record and any new sources.
 * GitHub's new-file page takes a file in its address and opens a pull request from a fork
 * for someone who cannot change the repository; addresses much over 8 KB are unreliable,
 * so a longer file goes by GitHub's upload page, with the file downloaded here first. The
 * send button appears only when nothing is left to fix and the contributor has confirmed
 * that the source is public and that the people named may be named. With no repository
 * known, or for someone without a GitHub account, the page says how to send the file to
 * the editors. A downloaded draft that still has problems lists them, with their codes, in
 * comments at its end, for Casebook's editors.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var U = CP.util, el = U.el;

  function Send(parts, data, ctx) {
    this.parts = parts; this.data = data; this.ctx = ctx; this.said = ""; this.url = null;
    var self = this;
    this.public = el("input", { type: "checkbox", id: "cbp-confirm-public" });
    this.named = el("input", { type: "checkbox", id: "cbp-confirm-named" });
    [this.public, this.named].forEach(function (box) { box.addEventListener("change", function () { self.ctx.changed(); }); });
    this.confirm = el("fieldset", { "class": "cbp-confirm" }, [el("legend", {}, "Before you send it"),
      el("div", { "class": "cbp-option" }, [this.public, " ", el("label", { "for": "cbp-confirm-public" },
        "The source is public, or its owner has agreed that Casebook may cite it.")]),
      el("div", { "class": "cbp-option" }, [this.named, " ", el("label", { "for": "cbp-confirm-named" },
        "Everyone named in the case study is named in the source, or has agreed to be named here.")])]);
  }

  Send.prototype.problems = function (problems) {
    var box = this.parts.problems, errors = problems.filter(function (p) { return p.severity !== "warning"; });
    var warnings = problems.length - errors.length;
    U.clear(box);
    var said = errors.length ? errors.length + (errors.length === 1 ? " thing" : " things") + " to fix before sending." :
      "Nothing left to fix: the case study is ready to send." + (warnings ? " " + warnings + " worth a second look." : "");
    box.appendChild(el("p", { "class": errors.length ? "cbp-problem-count" : "cbp-ok", tabindex: "-1" }, el("strong", {}, said)));
    if (problems.length) {
      box.appendChild(el("ul", {}, problems.map(function (p) {
        var link = el("a", { href: "#cbp-step-" + (p.step || 1) }, (p.where || "The case study") + ": ");
        link.addEventListener("click", function (event) { event.preventDefault(); p.go(); });
        return el("li", { "data-code": p.code, "class": p.severity === "warning" ? "cbp-warning" : null },
                  [link, p.severity === "warning" ? "worth a look: " : "", CP.plainWords(p)]);
      })));
    }
    if (said !== this.said) { this.said = said; this.parts.announce.textContent = said; }
    return errors.length;
  };

  // The file to download: with problems left, they follow in comments, codes and all, for the editors.
  Send.prototype.download = function (yaml, problems) {
    if (!problems.length) return yaml;
    return yaml + "# Checks this file does not pass yet (for Casebook's editors):\n" + problems.map(function (p) {
      return "# - " + (p.path || "the record") + ": " + p.severity + "[" + p.code + "]: " +
        (p.message + (p.hint ? " (" + p.hint + ")" : "")).replace(/\s+/g, " ");
    }).join("\n") + "\n";
  };

  Send.prototype.update = function (record, problems, yaml) {
    var box = this.parts.send, gh = this.data.github, self = this;
    var errors = this.problems(problems);
    var id = record.id || "new-case-study", path = this.data.paths.records + id + ".yaml";
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = URL.createObjectURL(new Blob([this.download(yaml, problems)], { type: "text/yaml;charset=utf-8" }));
    var download = el("a", { "class": "md-button", id: "cbp-download", href: this.url, download: id + ".yaml" },
                      errors ? "Download the draft (" + id + ".yaml)" : "Download the file (" + id + ".yaml)");
    var shown = el("details", { "class": "cbp-file" }, [el("summary", {}, "Show the file"),
      el("pre", { "class": "cbp-code-block", tabindex: "0" }, el("code", {}, yaml))]);
    U.clear(box);
    box.appendChild(this.confirm);
    var ready = !errors && this.public.checked && this.named.checked;
    var steps = el("ol", { "class": "cbp-send-steps", id: "cbp-send-steps" });
    if (errors) {
      steps.appendChild(el("li", { id: "cbp-send-blocked" }, "Fix what is listed above first: the way to send it appears here once nothing is left."));
    } else if (!this.public.checked || !this.named.checked) {
      steps.appendChild(el("li", { id: "cbp-send-confirm" }, "Tick both boxes above to send it."));
    } else if (gh) {
      var link = gh.newFile + "?filename=" + encodeURIComponent(path) + "&value=" + encodeURIComponent(yaml);
      if (link.length <= this.data.limits.urlChars) {
        var open = el("a", { "class": "md-button md-button--primary", id: "cbp-pr-link", href: link, target: "_blank", rel: "noopener noreferrer" },
                      "Send it to Casebook on GitHub");
        open.addEventListener("click", function () { self.ctx.sent(); });
        steps.appendChild(el("li", {}, [open, " GitHub opens in a new tab and asks you to sign in (an account is free). It shows your case study as the file " +
          path + "."]));
        steps.appendChild(el("li", {}, "Choose “Commit changes…”, then “Propose changes”, then “Create pull request”. If you cannot change Casebook " +
          "yourself, GitHub first makes a copy of your own (a fork) and sends the pull request from it."));
      } else {
        steps.appendChild(el("li", { id: "cbp-upload-step" }, [download.cloneNode(true), " Your case study is too long to send in a link, so download the file first."]));
        steps.appendChild(el("li", {}, [el("a", { href: gh.upload, target: "_blank", rel: "noopener noreferrer", id: "cbp-upload-link" },
          "Open GitHub's upload page for case studies"), " and sign in (an account is free)."]));
        steps.appendChild(el("li", {}, "Drag " + id + ".yaml onto the page (or choose it), then choose “Propose changes” and “Create pull request”."));
      }
      steps.appendChild(el("li", {}, "A reviewer checks it against its sources before it is published, and may ask you questions in the pull request."));
    }
    box.appendChild(steps);
    box.appendChild(el("p", { "class": "cbp-controls" }, [download]));
    box.appendChild(this.noGitHub(id, ready));
    box.appendChild(shown);
  };

  Send.prototype.noGitHub = function (id, ready) {
    var contact = this.data.contact, gh = this.data.github;
    var how = [gh ? "No GitHub account? " : "", "Download the file" + (ready ? "" : " once it is ready") + " and send it to Casebook's editors"];
    if (contact && /^mailto:|@/.test(contact)) {
      var address = contact.replace(/^mailto:/, "");
      how.push(" by email, to ", el("a", { href: "mailto:" + address + "?subject=" + encodeURIComponent("Case study: " + id) }, address), ".");
    } else if (contact && /^https?:\/\//.test(contact)) {
      how.push(" through ", el("a", { href: contact }, contact), ".");
    } else {
      how.push(": this site does not give their address, so ask whoever pointed you to it. The file is all they need.");
    }
    return el("p", { id: "cbp-no-github" }, how);
  };

  CP.Send = Send;
})(window);
