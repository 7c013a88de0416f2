/* Casebook Propose page: the record schema's problems (CasebookPropose.schema).
 *
 * Ajv's standalone code (record-schema.js, compiled at build time from the schema file
 * `casebook validate` reads) says what is wrong; this turns each of its errors into the
 * problem validate/schema.py reports for the same node, with the same words (words.py) and
 * the same hints (the schema's descriptions, did-you-mean, look-alike letters). Dates are
 * real dates as Casebook reads them (no year 0000, which Ajv's date format lets through).
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var U = CP.util, W = CP.words;

  // The data path's parts: strings, and numbers where the value there is a list (so "0" as a key stays a key).
  function parts(record, pointer) {
    var out = [], value = record;
    pointer.split("/").slice(1).forEach(function (raw) {
      var part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      var index = Array.isArray(value) && /^\d+$/.test(part);
      out.push(index ? Number(part) : part);
      value = value !== null && typeof value === "object" ? value[part] : undefined;
    });
    return out;
  }

  function make(rules, path, code, key, values, hint) {
    return W.problem(rules, "error", path.join("/"), code, key, values, hint);
  }

  // validate/schema.py _bad_format.
  function badFormat(rules, path, where, value, pattern, description) {
    var foreign = typeof value === "string" ? W.explain(rules, value) : null;
    var otherwise = description || W.fill(rules.words.problems["bad-format"].hint, { pattern: pattern });
    if (!foreign) return make(rules, path, "bad-format", "bad-format", { where: where, value: U.brief(value) }, otherwise);
    var folded = W.fold(rules, value);
    var values = { where: where, value: U.brief(value), foreign: foreign, folded: folded || "" };
    return make(rules, path, "bad-format", "bad-format/lookalike", values,
                folded && new RegExp(pattern, "u").test(folded) ? undefined : otherwise);
  }

  function fromAjv(rules, record, error) {
    var base = parts(record, error.instancePath), where = W.dotted(rules, base), value = error.data;
    var parent = error.parentSchema || {}, props = parent.properties || {};
    switch (error.keyword) {
      case "required":
        var missing = error.params.missingProperty;
        return make(rules, base.concat([missing]), "missing-field", "missing-field",
                    { where: where, field: U.pyRepr(missing) }, (props[missing] || {}).description || null);
      case "additionalProperties":
        var extra = error.params.additionalProperty, known = Object.keys(props);
        return make(rules, base.concat([extra]), "unknown-field", "unknown-field",
                    { where: W.dotted(rules, base.concat([extra])), fields: known.join(W.phrase(rules, "list")) },
                    W.didYouMean(extra, known, rules) || undefined);
      case "enum":
        var options = error.schema.map(U.pyStr);
        return make(rules, base, "not-allowed", "not-allowed",
                    { where: where, value: U.brief(value), options: options.join(W.phrase(rules, "list")) },
                    W.didYouMean(U.pyStr(value), options, rules) || undefined);
      case "format":
        if (error.params.format === "date") return make(rules, base, "bad-date", "bad-date", { where: where, value: U.brief(value) });
        return make(rules, base, "format", "format", { where: where, value: U.brief(value), format: error.params.format });
      case "type":
        var want = [].concat(error.schema).map(function (t) { return rules.words.typeNames[t] || t; });
        return make(rules, base, "wrong-type", "wrong-type", { where: where, want: want.join(W.phrase(rules, "or")) });
      case "pattern":
        return badFormat(rules, base, where, value, error.schema, parent.description);
      case "minItems": case "minLength":
        return make(rules, base, "too-short", "too-short", { where: where }, parent.description || null);
      case "maxItems": case "maxLength":
        return make(rules, base, "out-of-range", "out-of-range/length", { where: where, limit: String(error.schema),
                    unit: W.phrase(rules, error.keyword === "maxItems" ? "unit/items" : "unit/characters") });
      case "maximum": case "minimum":
        return make(rules, base, "out-of-range", "out-of-range/bound", { where: where, value: U.brief(value),
                    side: W.phrase(rules, "side/" + error.keyword), keyword: error.keyword, limit: String(error.schema) });
      case "uniqueItems":
        return make(rules, base, "duplicate-item", "duplicate-item", { where: where });
      default:  // no keyword of the record schema comes here; Ajv's own words, as jsonschema's would be Python's
        return make(rules, base, "schema", "schema", { where: where, detail: String(error.message).slice(0, 200) });
    }
  }

  // Every value at a schema path such as references/*/accessed ("*" is any index), with its real path.
  function valuesAt(value, pattern) {
    var found = [{ path: [], value: value }];
    pattern.split("/").forEach(function (part) {
      var next = [];
      found.forEach(function (f) {
        if (part === "*" && Array.isArray(f.value)) {
          f.value.forEach(function (item, i) { next.push({ path: f.path.concat([i]), value: item }); });
        } else if (part !== "*" && f.value && typeof f.value === "object" && !Array.isArray(f.value) &&
                   Object.prototype.hasOwnProperty.call(f.value, part)) {
          next.push({ path: f.path.concat([part]), value: f.value[part] });
        }
      });
      found = next;
    });
    return found;
  }

  // A YYYY-MM-DD text that names a day (hints.iso_date).
  function realDate(rules, value) {
    if (!CP.statements.fullmatch(rules.dates.iso.source, rules.dates.iso.flags, value)) return false;
    var y = +value.slice(0, 4), m = +value.slice(5, 7), d = +value.slice(8, 10);
    var days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1];
  }

  // All the schema's problems with a record.
  function check(record, rules) {
    var validate = root.CasebookProposeSchema.default || root.CasebookProposeSchema;
    var found = validate(record) ? [] : validate.errors.map(function (e) { return fromAjv(rules, record, e); });
    rules.dates.formatDate.forEach(function (pattern) {
      valuesAt(record, pattern).forEach(function (f) {
        var path = f.path.join("/");
        if (typeof f.value !== "string" || realDate(rules, f.value)) return;
        if (found.some(function (p) { return p.path === path && p.code === "bad-date"; })) return;
        found.push(make(rules, f.path, "bad-date", "bad-date", { where: W.dotted(rules, f.path), value: U.brief(f.value) }));
      });
    });
    return found;
  }

  CP.schema = { check: check, valuesAt: valuesAt, realDate: realDate };
})(window);
