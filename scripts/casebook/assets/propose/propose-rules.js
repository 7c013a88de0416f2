/* Casebook Propose page: the record rules of `casebook validate` (CasebookPropose.rules).
 *
 * validate/__init__.py RECORD_RULES that need nothing but the record and the page's data,
 * in the same order, each written as its Python twin is: hidden characters
 * (validate/records.py), the works a record carries (validate/works.py), themes
 * (taxonomy.py), citation keys in sources and text (citations.py), cited statements and
 * located citations (statements.py), links and raw HTML (links.py), dates and placeholders
 * (records.py). Each takes the Check of propose-checks.js. Not here, with the reason:
 * the modeline (the page writes the first line itself) and id-matches-file (the page names
 * the file after the id); relative links that must resolve to a file (the page has no files).
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var U = CP.util, W = CP.words, M = CP.markdown, L = CP.links;
  var has = Object.prototype.hasOwnProperty;
  var HIDDEN = /[\p{Cc}\p{Cf}]/u;

  function isDict(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function items(v) { return Array.isArray(v) ? v : []; }
  // Python's truth of a YAML value: empty text, list and mapping are false.
  function truthy(v) {
    return !(v === null || v === undefined || v === false || v === 0 || v === "" ||
             (Array.isArray(v) && !v.length) || (isDict(v) && !Object.keys(v).length));
  }
  function present(v) { return !(v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)); }

  // citations.statement_fields and markdown_fields: [{path, value}].
  function statementFields(record) {
    var out = [];
    if (typeof record.summary === "string") out.push({ path: ["summary"], value: record.summary });
    if (isDict(record.narrative)) {
      Object.keys(record.narrative).forEach(function (k) {
        if (typeof record.narrative[k] === "string") out.push({ path: ["narrative", k], value: record.narrative[k] });
      });
    }
    return out;
  }
  function markdownFields(record) {
    var out = statementFields(record);
    items(record.editorial_notes).forEach(function (note, i) {
      if (typeof note === "string") out.push({ path: ["editorial_notes", i], value: note });
    });
    return out;
  }

  // citations.source_refs: [{path, ref}] for every structured source.
  function sourceRefs(record) {
    var out = items(record.sources).map(function (s, i) { return { path: ["sources", i, "key"], ref: s }; });
    ["quotes", "figures"].forEach(function (name) {
      items(record[name]).forEach(function (item, i) {
        if (isDict(item)) out.push({ path: [name, i, "source", "key"], ref: item.source });
      });
    });
    return out;
  }

  // works.entries: [{i, work}] for each mapping in references.
  function entries(record) {
    var out = [];
    items(record.references).forEach(function (work, i) { if (isDict(work)) out.push({ i: i, work: work }); });
    return out;
  }

  // Every string in the record, keys too, with the path of the value it belongs to.
  function strings(value, path, out) {
    if (typeof value === "string") out.push({ path: path, value: value });
    else if (Array.isArray(value)) value.forEach(function (v, i) { strings(v, path.concat([i]), out); });
    else if (isDict(value)) {
      Object.keys(value).forEach(function (k) { out.push({ path: path.concat([k]), value: k }); strings(value[k], path.concat([k]), out); });
    }
    return out;
  }

  function hiddenCharacters(c) {
    var H = c.rules.hidden, bidi = new RegExp(H.bidi.source, H.bidi.flags);
    var all = strings(c.record, [], []);
    var found = bidi.exec(c.yaml || all.map(function (s) { return s.value; }).join("\n"));
    if (found) {
      var ch = found[0], code = W.hex(ch), where = all.filter(function (s) { return s.value.indexOf(ch) >= 0; })[0];
      c.error(where ? where.path : [], "hidden-character", "hidden-character/bidi",
              { name: has.call(H.names, code) ? H.names[code] : "character", code: code });
    }
    if (typeof c.record.id === "string") {
      var bad = Array.from(c.record.id).filter(function (ch) {
        return H.invisible.indexOf(ch.codePointAt(0)) >= 0 || HIDDEN.test(ch);
      })[0];
      if (bad) c.error(["id"], "hidden-character", "hidden-character/id", { code: W.hex(bad) });
    }
  }

  function looksLikeOrganisation(rules, name) {
    var O = rules.organisation;
    return new RegExp(O.words.source, O.words.flags).test(name) ||
      new RegExp(O.connector.source, O.connector.flags).test(" " + name + " ");
  }

  function nameRule(c, path, name) {
    var person = has.call(name, "family") || has.call(name, "given");
    if (person && has.call(name, "literal")) c.error(path, "work-name", "work-name/both");
    else if (has.call(name, "given") && !has.call(name, "family")) c.error(path, "work-name", "work-name/family");
    else if (!person && !has.call(name, "literal")) c.error(path, "work-name", "work-name/none");
    else if (has.call(name, "family") && typeof name.family === "string" && looksLikeOrganisation(c.rules,
             ["given", "family"].map(function (p) { return has.call(name, p) ? U.pyStr(name[p]) : ""; }).join(" "))) {
      var whole = ["given", "family"].filter(function (p) { return typeof name[p] === "string"; })
        .map(function (p) { return name[p]; }).join(" ");
      c.warning(path, "work-name", "work-name/organisation", { whole: U.brief(whole), name: whole });
    }
  }

  function recordWorks(c) {
    var seen = {}, R = c.rules.works;
    entries(c.record).forEach(function (e) {
      var i = e.i, work = e.work, key = work.id;
      if (typeof key === "string") {
        if (has.call(seen, key)) {
          c.error(["references", i, "id"], "duplicate-work", "duplicate-work/record",
                  { key: U.pyRepr(key), first: W.dotted(c.rules, ["references", seen[key]]) });
        } else seen[key] = i;
      }
      if (typeof work.type === "string" && has.call(R.types, work.type)) {
        R.types[work.type].forEach(function (options) {
          if (options.some(function (o) { return present(work[o]); })) return;
          var fields = options.map(function (o) { return R.fieldWords[o] || o; }).join(W.phrase(c.rules, "or"));
          c.error(["references", i], "work-missing-field", "work-missing-field", { index: String(i), kind: work.type, fields: fields });
        });
      }
      R.nameFields.forEach(function (field) {
        items(work[field]).forEach(function (name, n) { if (isDict(name)) nameRule(c, ["references", i, field, n], name); });
      });
      if (R.online.indexOf(work.type) >= 0 && truthy(work.URL) && !truthy(work.accessed)) {
        c.warning(["references", i, "URL"], "work-accessed", "work-accessed", { index: String(i) });
      }
    });
  }

  // records.kind_and_evidence: an opinion is an argument, not research.
  function kindAndEvidence(c) {
    if (c.record.kind === "finding" && c.record.evidence_type === "opinion") c.warning(["kind"], "kind-evidence", "kind-evidence", {});
  }

  // organisations.source_gives: the source cannot give a fact the record leaves out.
  function sourceGives(c) {
    items(c.record.organisations).forEach(function (org, i) {
      if (!isDict(org)) return;
      items(org.source_gives).forEach(function (fact, j) {
        if (typeof fact === "string" && c.rules.organisationFacts.indexOf(fact) >= 0 && !truthy(org[fact])) {
          c.error(["organisations", i, "source_gives", j], "source-gives", "source-gives",
                  { index: String(i), fact: U.pyRepr(fact), name: fact });
        }
      });
    });
  }

  // organisations.general_finding: a finding resting only on works by named people lists no organisation.
  function generalFinding(c) {
    var orgs = items(c.record.organisations);
    if (c.record.kind !== "finding" || !orgs.length) return;
    var keys = items(c.record.sources).filter(isDict).map(function (s) { return s.key; }).filter(function (k) { return typeof k === "string"; });
    var byKey = {};
    c.data.bibliography.forEach(function (e) { byKey[e.key] = e; });  // a record's own work is never namedPeople
    var entries = keys.map(function (k) { return byKey[k]; });
    if (!entries.length || !entries.every(function (e) { return e && e.namedPeople; })) return;
    var works = entries.map(function (e) { return e.key; }).filter(function (k, n, all) { return all.indexOf(k) === n; }).join(", ");
    orgs.forEach(function (org, i) {
      if (isDict(org) && typeof org.name === "string") {
        c.warning(["organisations", i, "name"], "general-finding-organisation", "general-finding-organisation",
                  { name: U.pyRepr(org.name), works: works });
      }
    });
  }

  function themes(c) {
    if (!Array.isArray(c.record.themes)) return;
    c.record.themes.forEach(function (theme, i) {
      if (typeof theme === "string" && c.themeIds.indexOf(theme) < 0) {
        c.error(["themes", i], "unknown-theme", "unknown-theme", { value: U.brief(theme) },
                W.didYouMean(theme, c.themeIds, c.rules) || undefined);
      }
    });
  }

  // citations.unknown_work's hint: did you mean, or the key rule, or where to describe the work.
  function unknownHint(c, key) {
    return W.didYouMean(key, c.places(), c.rules) || (c.isKey(key) ? null : W.phrase(c.rules, "key-rule")) || undefined;
  }

  function sources(c) {
    sourceRefs(c.record).forEach(function (s) {
      if (isDict(s.ref) && typeof s.ref.key === "string" && !c.knows(s.ref.key)) {
        c.error(s.path, "unknown-key", "unknown-key/source", { value: U.brief(s.ref.key) }, unknownHint(c, s.ref.key));
      }
    });
  }

  function inline(c) {
    markdownFields(c.record).forEach(function (f) {
      M.citationKeys(c.rules, f.value).forEach(function (found) {
        if (!c.knows(found.value)) {
          c.error(f.path, "unknown-key", "unknown-key/inline", { key: found.value }, unknownHint(c, found.value), found.offset);
        }
      });
      M.bareKeys(c.rules, f.value).forEach(function (found) {
        if (c.knows(found.value)) {
          c.warning(f.path, "bare-key", "bare-key", { where: W.dotted(c.rules, f.path), key: found.value }, undefined, found.offset);
        }
      });
    });
  }

  function links(c) {
    markdownFields(c.record).forEach(function (f) {
      L.links(c.rules, f.value).forEach(function (link) {
        if (link.image) c.error(f.path, "image", "image", {}, undefined, link.offset);
        else if (!L.isSafeUrl(c.rules, link.target)) {
          c.error(f.path, "unsafe-link", "unsafe-link", { scheme: U.brief(L.linkScheme(c.rules, link.target)) }, undefined, link.offset);
        }
      });
    });
  }

  function rawHtml(c) {
    markdownFields(c.record).forEach(function (f) {
      CP.html.rawHtml(c.rules, f.value).forEach(function (raw) {
        c.error(f.path, "raw-html", raw.comment ? "raw-html/comment" : "raw-html/tag",
                { where: W.dotted(c.rules, f.path), tag: U.brief(raw.text) }, undefined, raw.offset);
      });
    });
  }

  function dates(c) {
    c.rules.dates.fields.forEach(function (name) {
      var value = c.record[name];
      if (typeof value !== "string") return;
      if (!CP.schema.realDate(c.rules, value)) c.error([name], "bad-date", "bad-date", { where: name, value: U.brief(value) });
      else if (name !== "review_due" && value > c.today) c.error([name], "future-date", "future-date", { field: name, value: value });
    });
  }

  function placeholders(c) {
    if (c.record.status !== "published") return;
    var todo = new RegExp(c.rules.todo.source, c.rules.todo.flags);
    (function walk(value, path) {
      if (typeof value === "string" && todo.test(value)) c.error(path, "placeholder", "placeholder", { where: W.dotted(c.rules, path) });
      else if (Array.isArray(value)) value.forEach(function (v, i) { walk(v, path.concat([i])); });
      else if (isDict(value)) Object.keys(value).forEach(function (k) { walk(value[k], path.concat([k])); });
    })(c.record, []);
  }

  // In validate/__init__.py's order; the schema (propose-schema.js) runs between the two lists.
  CP.recordRules = {
    before: function () { return [hiddenCharacters]; },
    after: function () {
      return [recordWorks, kindAndEvidence, sourceGives, generalFinding, themes, sources, inline, CP.statements.cited, CP.statements.located, links, rawHtml, dates,
              placeholders];
    },
    statementFields: statementFields, markdownFields: markdownFields, sourceRefs: sourceRefs, entries: entries,
    isDict: isDict
  };
})(window);
