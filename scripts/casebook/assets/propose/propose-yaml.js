/* Casebook Propose page: the record's YAML, as `casebook new` writes it (CasebookPropose.yaml).
 *
 * The layout (modeline, header, field order, each field's comment and commented-out
 * stub) comes from the page's JSON, which the build cut out of `casebook new`'s own
 * template (casebook/proposal.py). This file only fills it in, by the same rules as
 * proposal.record_yaml, and tests/test_propose.py checks the two agree byte for byte:
 * strings double-quoted with JSON's escapes plus escapes for what YAML's reader refuses
 * or folds; text of several lines as a literal block when the block keeps it exactly.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var INDENT = "  ";
  var YAML_UNSAFE = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;
  var EDGE = "[^\\s\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ufeff\\ufffe\\uffff\\ud800-\\udfff]";
  var INNER = "[^\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ufeff\\ufffe\\uffff\\ud800-\\udfff]";
  var BLOCK_SAFE = new RegExp("^" + EDGE + "(?:" + INNER + "*" + EDGE + ")?$", "u");

  function present(value) {
    if (value === null || value === undefined || value === "") return false;
    if (Array.isArray(value)) return value.length > 0;
    if (typeof value === "object") return Object.keys(value).length > 0;
    return true;
  }

  function scalar(value) {
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return JSON.stringify(value);
    return JSON.stringify(String(value)).replace(YAML_UNSAFE, function (ch) {
      return "\\u" + ("000" + ch.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function isBlock(value) { return typeof value === "string" && value.indexOf("\n") >= 0 && BLOCK_SAFE.test(value); }

  function blockLines(pad, value) {
    return value.split("\n").map(function (line) { return line ? pad + INDENT + line : ""; });
  }

  function emit(key, value, depth) {
    var pad = new Array(depth + 1).join(INDENT);
    if (Array.isArray(value)) {
      var lines = [pad + key + ":"];
      value.forEach(function (item) { lines = lines.concat(listItem(item, depth + 1)); });
      return lines;
    }
    if (value !== null && typeof value === "object") return [pad + key + ":"].concat(mapping(value, depth + 1));
    if (isBlock(value)) return [pad + key + ": |-"].concat(blockLines(pad, value));
    return [pad + key + ": " + scalar(value)];
  }

  function mapping(value, depth) {
    var lines = [];
    Object.keys(value).forEach(function (key) {
      if (present(value[key])) lines = lines.concat(emit(key, value[key], depth));
    });
    return lines;
  }

  function listItem(item, depth) {
    var pad = new Array(depth + 1).join(INDENT);
    if (item !== null && typeof item === "object" && !Array.isArray(item)) {
      var inner = mapping(item, depth + 1);
      if (!inner.length) return [pad + "- {}"];
      return [pad + "- " + inner[0].replace(/^ +/, "")].concat(inner.slice(1));
    }
    if (isBlock(item)) return [pad + "- |-"].concat(blockLines(pad, item));
    return [pad + "- " + scalar(item)];
  }

  // proposal.record_yaml: the header with the id, then each field's comment and its value,
  // its stub, or (a field casebook new fills with TODOs) that body commented out.
  function recordYaml(layout, record) {
    var tokens = layout.tokens;
    var first = (record.sources && record.sources[0]) || {};
    var fill = [[tokens.id, record.id], [tokens.key, first.key], [tokens.locator, first.locator],
                [tokens.date, record.last_reviewed]];
    function substitute(text) {
      fill.forEach(function (pair) {
        var value = pair[1] === undefined || pair[1] === null ? "" : String(pair[1]);
        text = text.split(pair[0]).join(value.split(/\s+/).filter(Boolean).join(" "));
      });
      return text;
    }
    var parts = [substitute(layout.header)];
    layout.fields.forEach(function (field) {
      var body;
      if (present(record[field.name])) body = emit(field.name, record[field.name], 0).join("\n");
      else if (field.stub) body = substitute(field.body);
      else body = substitute(field.body).split("\n").map(function (line) { return "# " + line; }).join("\n");
      parts.push(field.comment + "\n" + body);
    });
    return parts.join("\n\n") + "\n";
  }

  CP.yaml = { recordYaml: recordYaml, scalar: scalar, present: present };
})(window);
