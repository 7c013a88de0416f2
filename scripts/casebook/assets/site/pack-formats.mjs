/* Casebook: the Word and single-file HTML packs made in the browser. pack.typ decides what a pack
   says and hands it over as <casebook-document> (a cover and blocks, plain data); this module only
   sets those blocks in another form, with each record's prose as the site shows it (the fragment
   store's HTML, in pack.json beside the Typst). So the three formats hold the same contents.
   Every string from the data is escaped (HTML) or set as a text run (Word); only the fragment
   store's own HTML, which the site already serves, is inserted as HTML. */

var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0" };

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
  });
}

function decode(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, function (all, name) {
    if (name[0] === "#") {
      return String.fromCodePoint(name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
    }
    return Object.prototype.hasOwnProperty.call(ENTITIES, name) ? ENTITIES[name] : all;
  });
}

/* ---- HTML ---- */

function pieceHtml(data, id, name) {
  if (!data.__byId) {
    data.__byId = {};
    data.records.forEach(function (r) { data.__byId[r.id] = r; });
  }
  return data.__byId[id].html[name];
}

function htmlBlock(b, data, byId) {
  var e = escapeHtml;
  switch (b.t) {
    case "contents":
      return "<nav aria-label=\"Contents\"><h2>Contents</h2><ul>" + data.__headings.map(function (h) {
        return "<li><a href=\"#" + h.id + "\">" + e(h.text) + "</a></li>";
      }).join("") + "</ul></nav>";
    case "h": {
      var id = b.level === 1 ? " id=\"" + b.anchor + "\"" : "";
      return "<h" + (b.level + 1) + id + ">" + e(b.text) + "</h" + (b.level + 1) + ">";
    }
    case "p":
      return "<p>" + (b.strong ? "<strong>" + e(b.strong) + "</strong> " : "") +
        (b.em ? "<em>" + e(b.text) + "</em>" : e(b.text)) + "</p>";
    case "facts":
      return "<ul>" + b.items.map(function (f) { return "<li>" + e(f[0]) + ": " + e(f[1]) + "</li>"; }).join("") +
        (b.url ? "<li>On the Casebook site: <a href=\"" + e(b.url) + "\">" + e(b.url) + "</a></li>" : "") + "</ul>";
    case "piece":
      return pieceHtml(data, b.record, b.name);
    case "findings":
      return "<ul>" + b.items.map(function (f) {
        return "<li><strong>" + e(f.title) + ".</strong> " + inline(pieceHtml(data, f.record, "lead")) + "</li>";
      }).join("") + "</ul>";
    case "quote":
      return "<blockquote><p>" + e(b.text) + "</p><p>" + e(b.by) + " " + inline(pieceHtml(data, b.record, b.cite)) +
        "</p></blockquote>";
    case "figures":
      return "<table><thead><tr>" + b.head.map(function (h) { return "<th scope=\"col\">" + e(h) + "</th>"; }).join("") +
        "</tr></thead><tbody>" + b.rows.map(function (f) {
          return "<tr><td>" + e(f.label) + "</td><td>" + e(f.value) + "</td><td>" +
            inline(pieceHtml(data, b.record, f.cite)) + "</td><td>" + e(f.note) + "</td></tr>";
        }).join("") + "</tbody></table>";
    case "sources":
      return "<ul>" + b.names.map(function (n) { return "<li>" + inline(pieceHtml(data, b.record, n)) + "</li>"; })
        .join("") + "</ul>";
    case "chart":
      return "<h3>" + e(b.heading) + "</h3><p>" + e(b.note) + "</p>" + (b.rows.length ? "<table class=\"chart\"><tbody>" +
        b.rows.map(function (r) {
          var most = Math.max.apply(null, b.rows.map(function (x) { return x[1]; }));
          return "<tr><th scope=\"row\">" + e(r[0]) + "</th><td><span class=\"bar\" aria-hidden=\"true\" style=\"width:" +
            Math.round(100 * r[1] / most) + "%\"></span></td><td>" + e(String(r[1])) + "</td></tr>";
        }).join("") + "</tbody></table>" : "<p>None in this pack.</p>") + (b.more ? "<p>" + e(b.more) + "</p>" : "");
    case "listed":
      return "<p><strong>" + e(b.title) + "</strong><br>" + e(b.line) +
        (b.url ? "<br><a href=\"" + e(b.url) + "\">" + e(b.url) + "</a>" : "") + "</p>";
    case "reference":
      return "<div class=\"reference\" id=\"ref-" + e(b.key) + "\">" + data.references_html[b.key] + "</div>";
    default:
      throw new Error("unknown block " + b.t);
  }
}

/* A piece's paragraphs inline (a citation after a quote, a list item). */
function inline(html) {
  return html.replace(/^\s*<p>/, "").replace(/<\/p>\s*$/, "").replace(/<\/p>\s*<p>/g, " ");
}

function anchors(blocks) {
  var n = 0;
  return blocks.filter(function (b) { return b.t === "h" && b.level === 1; }).map(function (b) {
    b.anchor = "section-" + (++n);
    return { id: b.anchor, text: b.text };
  });
}

export function htmlPack(document, data, style) {
  var c = document.cover, e = escapeHtml;
  var blocks = document.blocks.map(function (b) { return Object.assign({}, b); });
  var withHeadings = Object.assign({}, data, { __headings: anchors(blocks) });
  var cover = "<header><h1>" + e(c.title) + "</h1><p class=\"subtitle\">" + e(c.subtitle) + "</p><p>" + e(c.date) +
    "</p><p><strong>Selection</strong><br>" + e(c.selection) + "<br>" + e(c.counts) + "</p>" +
    (c.address ? "<p><strong>" + e(c.address_label) + "</strong><br><a href=\"" + e(c.address) + "\">" + e(c.address) +
      "</a></p>" : "") + (c.note ? "<p class=\"note\">" + e(c.note) + "</p>" : "") + "<p class=\"footer\">" +
    e(c.footer) + "</p></header>";
  return "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + e(c.title) + "</title>\n" +
    "<style>" + style + "</style>\n</head>\n<body>\n<main>\n" + cover + "\n" +
    blocks.map(function (b) { return htmlBlock(b, withHeadings); }).join("\n") + "\n</main>\n</body>\n</html>\n";
}

export var HTML_STYLE = "body{font-family:Georgia,serif;line-height:1.5;max-width:44rem;margin:2rem auto;padding:0 1rem;" +
  "color:#1b1b1b}a{color:#1f4e79}header{border-bottom:1px solid #999;margin-bottom:2rem}.subtitle{font-size:1.2rem}" +
  ".note{border:1px solid #666;padding:.5rem}.footer{font-size:.85rem;color:#444}table{border-collapse:collapse}" +
  "td,th{border:1px solid #bbb;padding:.3rem;text-align:left;vertical-align:top}.chart td,.chart th{border:0}" +
  ".bar{display:inline-block;height:.8em;background:#1f4e79;min-width:2px}.chart td:nth-child(2){width:50%}" +
  ".reference{margin:.6rem 0}blockquote{margin-left:1.5rem}";

/* ---- Word ---- */

/* The fragment store's HTML as paragraphs of Word runs: block tags make paragraphs (list items
   bulleted, quotations indented), inline tags make bold, italic and links; the rest is text. */
function htmlParagraphs(docx, html) {
  var out = [], runs = [], stack = [];
  function within(tag) { return stack.some(function (s) { return (s.tag || s) === tag; }); }
  function flush() {
    if (runs.length) out.push({ runs: runs, bullet: within("li"), quote: within("blockquote") });
    runs = [];
  }
  function text(t) {
    if (!t) return;
    var href = null;
    for (var k = stack.length - 1; k >= 0; k--) if (stack[k].href) { href = stack[k].href; break; }
    var options = { text: t, bold: within("strong") || within("b"), italics: within("em") || within("i") };
    runs.push(href && /^https?:/.test(href) ? new docx.ExternalHyperlink({ link: href, children: [
      new docx.TextRun(Object.assign(options, { style: "Hyperlink" }))] }) : new docx.TextRun(options));
  }
  var token = /<(\/?)([a-zA-Z0-9]+)([^>]*)>|([^<]+)/g, m;
  while ((m = token.exec(html))) {
    if (m[4] !== undefined) { text(decode(m[4]).replace(/\s+/g, " ")); continue; }
    var closing = m[1] === "/", tag = m[2].toLowerCase();
    if (["p", "li", "div", "blockquote", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"].indexOf(tag) >= 0) flush();
    if (tag === "br") { runs.push(new docx.TextRun({ break: 1 })); continue; }
    if (closing) {
      for (var i = stack.length - 1; i >= 0; i--) {
        if ((stack[i].tag || stack[i]) === tag) { stack.splice(i, 1); break; }
      }
    } else if (tag === "a") {
      var href = /href="([^"]*)"/.exec(m[3]);
      stack.push({ tag: "a", href: href ? decode(href[1]) : null });
    } else {
      stack.push(tag);
    }
  }
  flush();
  return out;
}

function wordParagraphs(docx, html) {
  return htmlParagraphs(docx, html).map(function (p) {
    var options = { children: p.runs };
    if (p.bullet) options.bullet = { level: 0 };
    if (p.quote) options.indent = { left: 720 };
    return new docx.Paragraph(options);
  });
}

function wordInlineRuns(docx, html) {
  return htmlParagraphs(docx, inline(html)).reduce(function (all, p) { return all.concat(p.runs); }, []);
}

function para(docx, children, options) {
  return new docx.Paragraph(Object.assign({ children: children }, options || {}));
}

function run(docx, text, options) {
  return new docx.TextRun(Object.assign({ text: text }, options || {}));
}

function wordBlock(docx, b, data) {
  var piece = function (id, name) { return pieceHtml(data, id, name); };
  var H = [docx.HeadingLevel.HEADING_1, docx.HeadingLevel.HEADING_2, docx.HeadingLevel.HEADING_3];
  switch (b.t) {
    case "contents":
      return [new docx.TableOfContents("Contents", { hyperlink: true, headingStyleRange: "1-1" })];
    case "h":
      return [para(docx, [run(docx, b.text)], { heading: H[b.level - 1], pageBreakBefore: b.level === 1 })];
    case "p":
      return [para(docx, (b.strong ? [run(docx, b.strong + " ", { bold: true })] : []).concat(
        [run(docx, b.text, { italics: !!b.em })]))];
    case "facts":
      return b.items.map(function (f) { return para(docx, [run(docx, f[0] + ": " + f[1])], { bullet: { level: 0 } }); })
        .concat(b.url ? [para(docx, [run(docx, "On the Casebook site: "), new docx.ExternalHyperlink({ link: b.url,
          children: [run(docx, b.url, { style: "Hyperlink" })] })], { bullet: { level: 0 } })] : []);
    case "piece":
      return wordParagraphs(docx, piece(b.record, b.name));
    case "findings":
      return b.items.map(function (f) {
        return para(docx, [run(docx, f.title + ". ", { bold: true })].concat(wordInlineRuns(docx, piece(f.record, "lead"))),
          { bullet: { level: 0 } });
      });
    case "quote":
      return [para(docx, [run(docx, b.text)], { indent: { left: 720 } }),
        para(docx, [run(docx, b.by + " ")].concat(wordInlineRuns(docx, piece(b.record, b.cite))), { indent: { left: 720 } })];
    case "figures": {
      var cell = function (children) {
        return new docx.TableCell({ children: [para(docx, children)] });
      };
      return [new docx.Table({ width: { size: 100, type: docx.WidthType.PERCENTAGE }, rows: [new docx.TableRow({
        tableHeader: true, children: b.head.map(function (h) { return cell([run(docx, h, { bold: true })]); }) })]
        .concat(b.rows.map(function (f) {
          return new docx.TableRow({ children: [cell([run(docx, f.label)]), cell([run(docx, f.value)]),
            cell(wordInlineRuns(docx, piece(b.record, f.cite))), cell([run(docx, f.note)])] });
        })) })];
    }
    case "sources":
      return b.names.map(function (n) {
        return para(docx, wordInlineRuns(docx, piece(b.record, n)), { bullet: { level: 0 } });
      });
    case "chart":
      return [para(docx, [run(docx, b.heading)], { heading: docx.HeadingLevel.HEADING_2 }), para(docx, [run(docx, b.note)])]
        .concat(b.rows.length ? [new docx.Table({ rows: b.rows.map(function (r) {
          return new docx.TableRow({ children: [new docx.TableCell({ children: [para(docx, [run(docx, r[0])])] }),
            new docx.TableCell({ children: [para(docx, [run(docx, String(r[1]))])] })] });
        }) })] : [para(docx, [run(docx, "None in this pack.")])]).concat(b.more ? [para(docx, [run(docx, b.more)])] : []);
    case "listed":
      return [para(docx, [run(docx, b.title, { bold: true })], { keepNext: true }), para(docx, [run(docx, b.line)],
        { keepNext: !!b.url })].concat(b.url ? [para(docx, [new docx.ExternalHyperlink({ link: b.url,
          children: [run(docx, b.url, { style: "Hyperlink" })] })])] : []);
    case "reference":
      return wordParagraphs(docx, "<p>" + data.references_html[b.key] + "</p>");
    default:
      throw new Error("unknown block " + b.t);
  }
}

/* The Word file's bytes. */
export function wordPack(docx, document, data) {
  var c = document.cover;
  var cover = [para(docx, [run(docx, c.title)], { heading: docx.HeadingLevel.TITLE }),
    para(docx, [run(docx, c.subtitle, { size: 30 })]), para(docx, [run(docx, c.date)]),
    para(docx, [run(docx, "Selection", { bold: true })]), para(docx, [run(docx, c.selection)]),
    para(docx, [run(docx, c.counts)])];
  if (c.address) {
    cover.push(para(docx, [run(docx, c.address_label, { bold: true })]), para(docx, [new docx.ExternalHyperlink({
      link: c.address, children: [run(docx, c.address, { style: "Hyperlink" })] })]));
  }
  if (c.note) cover.push(para(docx, [run(docx, c.note, { italics: true })]));
  cover.push(para(docx, [run(docx, c.footer, { size: 18 })]));
  var body = [];
  document.blocks.forEach(function (b) { body = body.concat(wordBlock(docx, b, data)); });
  var doc = new docx.Document({
    title: c.title, creator: "Casebook", description: c.selection, features: { updateFields: true },
    styles: { default: { document: { run: { font: "Linux Libertine O", size: 22 } } } },
    sections: [{ children: cover.concat(body) }],
  });
  return docx.Packer.toArrayBuffer ? docx.Packer.toArrayBuffer(doc) :
    docx.Packer.toBlob(doc).then(function (blob) { return blob.arrayBuffer(); });
}
