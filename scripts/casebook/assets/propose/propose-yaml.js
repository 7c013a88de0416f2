/* Casebook Propose page: the one file a contribution is, as YAML (CasebookPropose.yaml).
 *
 * The schema's modeline, then each field in the schema's order (both from the page's
 * JSON), with no template comments: the same rules as casebook/proposal.py's record_yaml,
 * and tests/test_propose.py checks the two agree byte for byte. Strings double-quoted
 * with JSON's escapes plus escapes for what YAML's reader refuses or folds; text of
 * several lines as a literal block when the block keeps it exactly.
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

  // proposal.record_yaml: the modeline, then each field present, in the schema's order.
  function recordYaml(file, record) {
    var lines = [file.modeline];
    var names = file.order.concat(Object.keys(record).filter(function (k) { return file.order.indexOf(k) < 0; }));
    names.forEach(function (name) {
      if (present(record[name])) lines = lines.concat(emit(name, record[name], 0));
    });
    return lines.join("\n") + "\n";
  }

  CP.yaml = { recordYaml: recordYaml, scalar: scalar, present: present };
})(window);
