/* Casebook Propose page: links in Markdown and their schemes (CasebookPropose.links).
 *
 * markdown.links, markdown.link_scheme and markdown.link_tails, step for step. A link's
 * scheme is read as pandoc and browsers read it: HTML references decoded as Python's
 * html.unescape decodes them (its tables come in data.rules.links), backslash escapes
 * undone, the spaces and controls browsers forgive dropped.
 */
(function (root) {
  "use strict";
  var CP = root.CasebookPropose = root.CasebookPropose || {};
  var M = CP.markdown;
  var CHARREF = /&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/g;
  var has = Object.prototype.hasOwnProperty;

  // html.unescape, for the references whose text can spell a scheme (the rest decode to other letters in
  // Python and stay as written here: neither can be part of a scheme).
  function unescape(rules, text) {
    if (text.indexOf("&") < 0) return text;
    var L = rules.links;
    return text.replace(CHARREF, function (whole, s) {
      if (s.charAt(0) === "#") {
        var num = /^#[xX]/.test(s) ? parseInt(s.slice(2).replace(/;$/, ""), 16) : parseInt(s.slice(1).replace(/;$/, ""), 10);
        if (has.call(L.invalidCharrefs, String(num))) return L.invalidCharrefs[String(num)];
        if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) return "\uFFFD";
        if (L.invalidCodepoints.indexOf(num) >= 0) return "";
        return String.fromCodePoint(num);
      }
      if (has.call(L.entities, s)) return L.entities[s];
      for (var x = s.length - 1; x > 1; x--) {
        if (has.call(L.entities, s.slice(0, x))) return L.entities[s.slice(0, x)] + s.slice(x);
      }
      return whole;
    });
  }

  // markdown.link_scheme: the scheme, lower-cased, or null.
  function linkScheme(rules, target) {
    var P = M.patterns(rules);
    var cleaned = unescape(rules, target).replace(P.backslashEscapeG, "$1").replace(P.controlsG, "");
    var m = M.matchAt(P.schemeY, cleaned, 0);
    return m ? m[1].toLowerCase() : null;
  }

  function isSafeUrl(rules, target) {
    var scheme = linkScheme(rules, target);
    return scheme === null || rules.links.safeSchemes.indexOf(scheme) >= 0;
  }

  // markdown._destination: [target, offset] of an inline link whose `(` ends at pos, or null.
  function destination(P, text, pos) {
    var start = pos + text.slice(pos).length - M.lstrip(P, text.slice(pos)).length;
    if (text.charAt(start) === "<") {
      var end = text.indexOf(">", start);
      return end > 0 ? [text.slice(start + 1, end), start + 1] : null;
    }
    var close = balancingParen(text, start);
    return close === null ? null : [M.rstrip(P, text.slice(start, close).replace(P.titleG, "")), start];
  }

  // markdown._balancing_paren: where the `)` that closes a link's `(` is (backslash escapes skipped), or null.
  function balancingParen(text, start) {
    for (var i = start, depth = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (ch === "\\") { i++; continue; }
      if (ch === "(") depth++;
      else if (ch === ")") {
        if (depth === 0) return i;
        depth--;
      }
    }
    return null;
  }

  // markdown.links: [{target, offset, image}] in order.
  function links(rules, text) {
    if (text.indexOf("](") < 0 && text.indexOf("<") < 0 && text.indexOf("]:") < 0) return [];
    var P = M.patterns(rules), found = [];
    M.all(P.linkG, text).forEach(function (m) {
      var dest = destination(P, text, m.index + m[0].length);
      if (dest) found.push({ target: dest[0], offset: dest[1], image: m[1] === "!" });
    });
    [P.autolinkG, P.refDefG].forEach(function (regex) {
      M.all(regex, text).forEach(function (m) {
        found.push({ target: m[1], offset: m.indices[1][0], image: false });
      });
    });
    return found.sort(function (a, b) { return a.offset - b.offset; });
  }

  // markdown.link_tails: [start, end] of each inline link's `(destination "title")` and of the rest of each
  // reference definition's line.
  function linkTails(rules, text) {
    var P = M.patterns(rules), spans = [];
    M.all(P.linkG, text).forEach(function (m) {
      var end = tailEnd(P, text, m.index + m[0].length);
      if (end !== null) spans.push([m.index + m[0].length - 1, end]);
    });
    M.all(P.refDefRestG, text).forEach(function (m) { spans.push(m.indices[1]); });
    return spans;
  }

  function tailEnd(P, text, pos) {
    var start = pos + text.slice(pos).length - M.lstrip(P, text.slice(pos)).length;
    if (text.charAt(start) === "<") {
      var end = text.indexOf(">", start);
      var after = end > 0 ? M.matchAt(P.tailAfterAngleY, text, end + 1) : null;
      return after ? after.index + after[0].length : null;
    }
    var close = balancingParen(text, start);
    return close === null ? null : close + 1;
  }

  CP.links = { unescape: unescape, linkScheme: linkScheme, isSafeUrl: isSafeUrl, links: links, linkTails: linkTails };
})(window);
