/* Casebook Propose page: the record checked as `casebook validate` checks it (CasebookPropose.checks).
 *
 * check(record, data, yamlText) -> [{path, severity, code, message, hint, plain, at}]
 *   record:   the record as YAML loads it (a plain object; dates are text; `references`
 *             holds the works it carries, in CSL YAML);
 *   data:     the page's data: data.rules (builders/propose_rules.py), data.bibliography
 *             ([{key, defined, ...}], every work the site knows and where its key is
 *             defined), data.themeGroups, data.publishedIds, data.limits.fileBytes, and
 *             optionally data.today (YYYY-MM-DD; else the browser's date);
 *   yamlText: the file the page writes (its size, and the hidden characters in it).
 * Each problem's path is the data path of its field ("sources/0/key", "" for the file);
 * message and hint are casebook validate's words, plain the form's; at is where in the
 * field's text it was found (-1 when the field as a whole), for problems found in text.
 *
 * The rules run in validate/__init__.py's order: hidden characters, the schema
 * (propose-schema.js), the record rules (propose-rules.js), then what validate finds
 * across files, against the page's data: a key defined twice, a carried work nobody cites,
 * an id already published, a review overdue; and the file's size. Problems that are the
 * same (same field, place, words) are reported once, as validate reports them once.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var U = CP.util, W = CP.words, M = CP.markdown, R;
  var has = Object.prototype.hasOwnProperty;

  function Check(record, data, yamlText) {
    R = CP.recordRules;
    this.record = record;
    this.data = data;
    this.rules = data.rules;
    this.yaml = yamlText || "";
    this.today = data.today || U.today();
    this.problems = [];
    this.bib = {};
    var bib = this.bib, own = this.own = {};
    (data.bibliography || []).forEach(function (e) { bib[e.key] = e; });
    R.entries(record).forEach(function (e) { if (typeof e.work.id === "string") own[e.work.id] = true; });
    this.themeIds = [];
    var ids = this.themeIds;
    (data.themeGroups || []).forEach(function (g) { g.themes.forEach(function (t) { ids.push(t.id); }); });
  }

  Check.prototype.report = function (severity, path, code, key, values, hint, at) {
    this.problems.push(W.problem(this.rules, severity, path.join("/"), code, key, values || {}, hint, at));
  };
  Check.prototype.error = function (path, code, key, values, hint, at) { this.report("error", path, code, key, values, hint, at); };
  Check.prototype.warning = function (path, code, key, values, hint, at) { this.report("warning", path, code, key, values, hint, at); };
  // A work known while this record is checked: in the site's bibliography, or carried by the record.
  Check.prototype.knows = function (key) { return has.call(this.bib, key) || has.call(this.own, key); };
  Check.prototype.isKey = function (key) { return CP.statements.fullmatch(this.rules.keys.bib.source, this.rules.keys.bib.flags, key); };
  // Every key defined anywhere, sorted: what "did you mean" chooses from (validate/works.py definitions).
  Check.prototype.places = function () {
    var self = this, keys = Object.keys(this.bib);
    Object.keys(this.own).forEach(function (k) { if (!has.call(self.bib, k) && self.isKey(k)) keys.push(k); });
    return keys.sort();
  };

  // citations.cited_in: every key the record cites, in its sources and its text.
  function citedIn(c) {
    var cited = {};
    R.sourceRefs(c.record).forEach(function (s) { if (R.isDict(s.ref) && typeof s.ref.key === "string") cited[s.ref.key] = true; });
    R.markdownFields(c.record).forEach(function (f) {
      M.citationKeys(c.rules, f.value).forEach(function (found) { cited[found.value] = true; });
    });
    return cited;
  }

  // validate/works.py defined_once and uncited_works, against the site's bibliography.
  function works(c) {
    var cited = citedIn(c);
    R.entries(c.record).forEach(function (e) {
      var key = e.work.id;
      if (typeof key !== "string" || !c.isKey(key)) return;
      if (has.call(c.bib, key)) {
        c.error(["references", e.i, "id"], "duplicate-work", "duplicate-work/project",
                { key: U.pyRepr(key), others: c.bib[key].defined });
      } else if (!has.call(cited, key)) {
        c.warning(["references", e.i, "id"], "uncited", "uncited/work", { work: U.pyRepr(key), key: key });
      }
    });
  }

  // records.duplicate_id: a published record has this id (ids ignore case).
  function publishedId(c) {
    if (typeof c.record.id !== "string") return;
    var id = c.record.id.toLowerCase(), folder = c.rules.recordsFolder;
    var taken = (c.data.publishedIds || []).filter(function (p) { return p.toLowerCase() === id; });
    if (taken.length) {
      c.error(["id"], "duplicate-id", "duplicate-id/case",
              { id: U.pyRepr(id), others: taken.map(function (p) { return folder + p + ".yaml"; }).join(", ") });
    }
  }

  function addDays(date, days) {
    var t = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) + days * 86400000;
    return new Date(t).toISOString().slice(0, 10);
  }

  // crossfile.review_due: only for a record its own rules found no error in (validate renders only those;
  // the checks across files below come after it there too).
  function reviewDue(c) {
    var r = c.record;
    if (r.status !== "published" || c.problems.some(function (p) { return p.severity === "error"; })) return;
    var own = typeof r.review_due === "string" && r.review_due;
    var due = own ? r.review_due : addDays(r.last_reviewed, c.rules.reviewIntervalDays);
    if (due < c.today) c.warning([own ? "review_due" : "last_reviewed"], "review-overdue", "review-overdue", { due: due });
  }

  function thousands(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  function fileSize(c) {
    var bytes = new TextEncoder().encode(c.yaml).length, limit = c.data.limits.fileBytes;
    if (bytes > limit) c.error([], "file-too-large", "file-too-large", { size: thousands(bytes), limit: thousands(limit) });
  }

  function unique(problems) {
    var seen = {};
    return problems.filter(function (p) {
      var key = JSON.stringify([p.path, p.at, p.severity, p.code, p.message, p.hint]);
      if (has.call(seen, key)) return false;
      seen[key] = true;
      return true;
    });
  }

  function check(record, data, yamlText) {
    CP.rules = data.rules;
    var c = new Check(record, data, yamlText);
    if (!R.isDict(record)) return CP.schema.check(record, c.rules);
    R.before().forEach(function (rule) { rule(c); });
    c.problems = c.problems.concat(CP.schema.check(record, c.rules));
    R.after().forEach(function (rule) { rule(c); });
    [reviewDue, works, publishedId, fileSize].forEach(function (rule) { rule(c); });
    return unique(c.problems);
  }

  CP.checks = { check: check };
})(window);
