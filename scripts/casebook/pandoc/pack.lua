-- Briefing packs: put each record's Markdown field where its placeholder stands.
--
-- pack/document.py never writes record Markdown into the body. Each field is a
-- metadata value under `casebook-fields`, which pandoc parses as a document of its
-- own with the same restrictive reader; the body holds a paragraph
-- `CASEBOOKFIELD<token>x<name>`. Here each placeholder becomes that field's blocks,
-- with any heading turned into a bold paragraph, so record text can neither add to
-- the contents nor break the pack's structure. A placeholder without a field, or a
-- field left unused, stops the build.

local function as_blocks(value)
  local kind = pandoc.utils.type(value)
  if kind == "Blocks" then
    return value
  elseif kind == "Inlines" then
    return pandoc.Blocks { pandoc.Para(value) }
  end
  return pandoc.Blocks { pandoc.Para { pandoc.Str(pandoc.utils.stringify(value)) } }
end

local function demote(blocks)
  return blocks:walk {
    Header = function(h) return pandoc.Para { pandoc.Strong(h.content) } end,
  }
end

function Pandoc(doc)
  local fields = doc.meta["casebook-fields"] or {}
  local token = pandoc.utils.stringify(doc.meta["casebook-field-token"] or "")
  doc.meta["casebook-fields"] = nil
  doc.meta["casebook-field-token"] = nil
  -- Citeproc has run; these hold local paths that a .docx would carry as custom properties.
  doc.meta["bibliography"] = nil
  doc.meta["csl"] = nil
  if token == "" then
    return doc
  end
  local prefix = "CASEBOOKFIELD" .. token .. "x"
  local used = {}

  local function fill(block)
    local content = block.content
    if #content ~= 1 or content[1].t ~= "Str" then
      return nil
    end
    local text = content[1].text
    if text:sub(1, #prefix) ~= prefix then
      return nil
    end
    local name = text:sub(#prefix + 1)
    if fields[name] == nil then
      error("pack: no field for placeholder " .. name)
    end
    used[name] = true
    return demote(as_blocks(fields[name]))
  end

  doc.blocks = doc.blocks:walk { Para = fill, Plain = fill }
  for name, _ in pairs(fields) do
    if not used[name] then
      error("pack: field " .. name .. " has no placeholder in the body")
    end
  end
  return doc
end
