-- A pandoc writer for a bibliography read with `-f biblatex`: every reference's text
-- fields as plain text, as JSON {id: {field: text}}. Casebook uses it to show
-- bibliography fields (annotations, titles) decoded by pandoc's own biblatex reader,
-- so no LaTeX reaches a page. See scripts/casebook/bibplain.py.

local function plain(inlines)
  return pandoc.write(pandoc.Pandoc({pandoc.Plain(inlines)}), 'plain', {wrap_text = 'none'})
end

function Writer(doc, opts)
  local out = {}
  for _, ref in ipairs(doc.meta.references or {}) do
    local fields = {}
    for name, value in pairs(ref) do
      local kind = pandoc.utils.type(value)
      if kind == 'Inlines' then
        fields[name] = plain(value)
      elseif kind == 'string' then
        fields[name] = value
      end
    end
    out[pandoc.utils.stringify(ref.id)] = fields
  end
  return pandoc.json.encode(out)
end
