-- The Typst form of record text in the fragment store (pandoc -f json -t typst).
--
-- Headings in record text never open a section of a briefing pack: they become bold
-- paragraphs. Citations are already rendered by citeproc (the AST keeps them as Cite
-- elements, which the Typst writer would turn back into Typst's own @key syntax): keep
-- the rendered text, which links to the reference entry's <ref-KEY> label.

function Header(h)
  return pandoc.Para { pandoc.Strong(h.content) }
end

function Cite(c)
  return c.content
end
