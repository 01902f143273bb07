-- Checks the documented user configuration clients/nvim/vcr.lua: with file type detection on, opening a
-- fixture file must attach a Vcr client through the FileType autocmd, and references must come back as
-- expected. Environment as for smoke.lua (VCR_WS, VCR_EXPECT, VCR_SERVER_CMD). Run by run.sh --config.
local function main()
  vim.o.more = false
  vim.notify = function(msg) io.stderr:write('nvim notify: ' .. tostring(msg) .. '\n') end
  local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
  package.path = here .. '/?.lua;' .. package.path
  local ws = vim.fn.fnamemodify(os.getenv('VCR_WS'), ':p'):gsub('/$', '')
  local f = assert(io.open(os.getenv('VCR_EXPECT')))
  local ex = vim.json.decode(f:read('*a'))
  f:close()
  vim.cmd('filetype on')
  local t0 = vim.loop.hrtime()
  require('vcr').setup({ cmd = vim.json.decode(os.getenv('VCR_SERVER_CMD')) })
  vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/' .. ex.file))
  local buf = vim.api.nvim_get_current_buf()
  local client
  vim.wait(60000, function()
    for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
      if c.name == 'vcr' and c.initialized then client = c end
    end
    return client ~= nil
  end, 10)
  if not client then
    io.stdout:write('{"step":"config.attach","ok":false,"error":"no vcr client attached"}\n')
    return 1
  end
  local want = vim.deepcopy(ex.references)
  table.sort(want)
  local got, ok = {}, false
  vim.wait(60000, function()
    local res = client.request_sync('textDocument/references', {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = { line = ex.line, character = ex.character },
      context = { includeDeclaration = false },
    }, 10000, buf)
    got = {}
    for _, l in ipairs((res and res.result) or {}) do
      local p = vim.uri_to_fname(l.uri):sub(#ws + 2)
      table.insert(got, string.format('%s:%d:%d', p, l.range.start.line, l.range.start.character))
    end
    table.sort(got)
    ok = vim.deep_equal(got, want)
    return ok
  end, 200)
  local ms = math.floor((vim.loop.hrtime() - t0) / 1e6)
  io.stdout:write(vim.json.encode({ step = 'config.references', ok = ok, ms = ms, filetype = vim.bo[buf].filetype, got = got }) .. '\n')
  vim.lsp.stop_client(client.id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(client.id) == nil end, 10)
  return ok and 0 or 1
end
local ok, res = xpcall(main, debug.traceback)
if not ok then io.stderr:write('config-test.lua: ' .. tostring(res) .. '\n') res = 1 end
io.stdout:write(string.format('nvim-config: %d passed, %d failed\n', res == 0 and 1 or 0, res == 0 and 0 or 1))
if res == 0 then vim.cmd('qall!') else vim.cmd('cquit ' .. res) end
