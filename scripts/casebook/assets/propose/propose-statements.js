/* Casebook Propose page: truth to sources (CasebookPropose.statements), as validate/statements.py.
 *
 * Each paragraph and list item of the summary and the narrative cites a source, and each
 * work cited there says where in it; the locator forms are the schema's own. A secondary
 * citation, `[@original; cited in @read, p. 3]`, locates the work actually read; written
 * without "cited in" it is only a warning.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var U = CP.util, W = CP.words, M = CP.markdown;

  // Python's pattern.fullmatch(text).
  function fullmatch(source, flags, text) {
    var regex = new RegExp("(?:" + source + ")(?![\\s\\S])", flags + "y");
    return regex.test(text);
  }

  function cited(c) {
    var S = c.rules.statements;
    CP.recordRules.statementFields(c.record).forEach(function (f) {
      var parts = M.statements(c.rules, f.value), counts = { paragraph: 0, "list-item": 0 };
      parts.forEach(function (part) {
        var kind = M.isListItem(c.rules, part.value) ? "list-item" : "paragraph";
        counts[kind] += 1;
        var keys = M.citationKeys(c.rules, part.value), where = W.dotted(c.rules, f.path);
        if (keys.length) {
          trailing(c, f, part, keys[keys.length - 1], parts.length > 1 ?
            W.phrase(c.rules, "statement/" + kind) + " " + counts[kind] : W.phrase(c.rules, "statement/text"));
          return;
        }
        var words = M.split(M.patterns(c.rules), part.value);
        var snippet = snippetOf(c, words);
        if (parts.length > 1) {
          c.error(f.path, "uncited-statement", "uncited-statement/many", { where: where, kind: W.phrase(c.rules, "statement/" + kind),
                  number: String(counts[kind]), snippet: U.pyRepr(snippet) }, undefined, part.offset);
        } else {
          c.error(f.path, "uncited-statement", "uncited-statement/one", { where: where, snippet: U.pyRepr(snippet) }, undefined, part.offset);
        }
      });
    });
  }

  function snippetOf(c, words) {
    var S = c.rules.statements;
    return words.slice(0, S.snippetWords).join(" ") + (words.length > S.snippetWords ? W.phrase(c.rules, "snippet/more") : "");
  }

  // statements._trailing: words after the part's last citation, other than what closes its sentence.
  function trailing(c, f, part, last, which) {
    var S = c.rules.statements;
    var after = part.value.indexOf("]", last.offset) + 1, tail = part.value.slice(after);
    if (!new RegExp(S.word.source, S.word.flags).test(tail)) return;
    var skip = 0;
    while (skip < tail.length && S.closesASentence.indexOf(tail.charAt(skip)) >= 0) skip += 1;
    var start = after + skip;
    var words = M.split(M.patterns(c.rules), part.value.slice(start));
    c.error(f.path, "uncited-statement", "uncited-statement/trailing",
            { where: W.dotted(c.rules, f.path), which: which, snippet: U.pyRepr(snippetOf(c, words)) }, undefined,
            part.offset + start);
  }

  function located(c) {
    var written = c.rules.locator, S = c.rules.statements;
    var inner = written.replace(/^\^/, "").replace(/\$$/, "");
    var wellFormed = new RegExp("\\[-?@" + c.rules.markdown.keyBody.source + ", (?:" + inner + ")\\]", "gu");
    CP.recordRules.statementFields(c.record).forEach(function (f) {
      var text = f.value, where = W.dotted(c.rules, f.path);
      if (M.all(wellFormed, text).length === M.citationKeys(c.rules, text).length) return;
      var items = M.citationItems(c.rules, text);
      items.forEach(function (item, i) {
        if (fullmatch(written, "u", item.suffix)) return;
        var later = i + 1 < items.length ? items[i + 1] : null;
        if (!(later && text.indexOf("]", item.key.offset) === text.indexOf("]", later.key.offset) &&
              fullmatch(written, "u", later.suffix))) later = null;
        if (later && fullmatch(S.secondary.source, S.secondary.flags, later.prefix)) return;
        var key = item.key.value;
        if (later) {
          c.warning(f.path, "missing-locator", "missing-locator/secondary",
                    { where: where, key: key, through: later.key.value, locator: later.suffix }, undefined, item.key.offset);
        } else if (item.suffix) {
          c.error(f.path, "missing-locator", "missing-locator/not-one",
                  { where: where, key: key, suffix: U.pyRepr(item.suffix) }, undefined, item.key.offset);
        } else {
          c.error(f.path, "missing-locator", "missing-locator", { where: where, key: key }, undefined, item.key.offset);
        }
      });
    });
  }

  CP.statements = { cited: cited, located: located, fullmatch: fullmatch };
})(window);
