-- Headless Neovim (0.7+) test of Vcr through Neovim's built-in LSP client. Run by clients/nvim/run.sh:
--   nvim --headless -u NONE -i NONE -n --noplugin -c "luafile smoke.lua" -c 'cquit 5' </dev/null
-- Parameters (environment): VCR_WS workspace folder, VCR_EXPECT expectations JSON
-- (clients/fixtures/expect/*.json), VCR_SERVER_CMD server command as a JSON array, VCR_TIMEOUT_MS
-- per-request timeout. Optional VCR_FILE/VCR_LINE/VCR_CHARACTER/VCR_QUERY override the expectation's
-- position and query.
-- Output: one JSON line per step on stdout, then "nvim: N passed, N failed". Exit (cquit): 0 ok, 1 a check
-- failed, 2 usage, 3 timeout, 4 the server failed to start or died, 5 the script fell through (Lua error).

local EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_TIMEOUT, EXIT_SERVER = 0, 1, 2, 3, 4
local passed, failed, worst = 0, 0, EXIT_OK
local rank = { [0] = 0, [1] = 1, [3] = 2, [4] = 3 }

local function now() return vim.loop.hrtime() / 1e6 end

local function emit(t)
  io.stdout:write(vim.json.encode(t) .. "\n")
  io.stdout:flush()
end

local function record(name, ok, ms, details)
  local line = { step = name, ok = ok, ms = ms and math.floor(ms + 0.5) or vim.NIL }
  for k, v in pairs(details or {}) do line[k] = v end
  emit(line)
  if ok == true then
    passed = passed + 1
  elseif ok ~= "unsupported" and ok ~= "skipped" then
    failed = failed + 1
    local code = (details and details.timeout) and EXIT_TIMEOUT or (details and details.died) and EXIT_SERVER or EXIT_FAILED
    if rank[code] > rank[worst] then worst = code end
  end
end

local function readfile(p)
  local f = assert(io.open(p, "r"))
  local s = f:read("*a")
  f:close()
  return s
end

local function sorted(list)
  local c = vim.deepcopy(list)
  table.sort(c)
  return c
end

local function same(a, b)
  a, b = sorted(a), sorted(b)
  if #a ~= #b then return false end
  for i = 1, #a do if a[i] ~= b[i] then return false end end
  return true
end

local function finish(code)
  io.stdout:write(string.format("nvim: %d passed, %d failed\n", passed, failed))
  io.stdout:flush()
  if code == 0 then vim.cmd("qall!") else vim.cmd("cquit " .. code) end
end

local function main()
  vim.o.more = false
  vim.o.swapfile = false
  vim.o.shortmess = vim.o.shortmess .. "F"
  vim.notify = function(msg, level) io.stderr:write("nvim notify: " .. tostring(msg) .. "\n") end

  local ws = os.getenv("VCR_WS")
  local expect_path = os.getenv("VCR_EXPECT")
  local cmd_json = os.getenv("VCR_SERVER_CMD")
  if not ws or not expect_path or not cmd_json then
    io.stderr:write("smoke.lua: VCR_WS, VCR_EXPECT and VCR_SERVER_CMD are required\n")
    return EXIT_USAGE
  end
  ws = vim.fn.fnamemodify(ws, ":p"):gsub("/$", "")
  local ex = vim.json.decode(readfile(expect_path))
  local cmd = vim.json.decode(cmd_json)
  local timeout = tonumber(os.getenv("VCR_TIMEOUT_MS") or "15000")
  local file = os.getenv("VCR_FILE") or ex.file
  local line = tonumber(os.getenv("VCR_LINE") or ex.line)
  local character = tonumber(os.getenv("VCR_CHARACTER") or ex.character)
  local query = os.getenv("VCR_QUERY") or ex.query

  local function rel(uri)
    local p = vim.uri_to_fname(uri)
    if p:sub(1, #ws + 1) == ws .. "/" then return p:sub(#ws + 2) end
    return p
  end
  local function loc(uri, range) return string.format("%s:%d:%d", rel(uri), range.start.line, range.start.character) end

  -- 1. open the file
  vim.cmd("edit " .. vim.fn.fnameescape(ws .. "/" .. file))
  local bufnr = vim.api.nvim_get_current_buf()

  -- 2. start the client; progress is tracked by wrapping the stock $/progress handler
  local tokens, seen = {}, false
  local initialized, exited, exit_code, exit_signal = false, false, nil, nil
  local stock_progress = vim.lsp.handlers["$/progress"]
  local handlers = {
    ["$/progress"] = function(err, result, ctx, config)
      if result and result.value and result.value.kind then
        tokens[tostring(result.token)] = result.value.kind
        seen = true
      end
      return stock_progress(err, result, ctx, config)
    end,
    ["window/showMessage"] = function() end,
    ["window/logMessage"] = function() end,
  }
  local t0 = now()
  local client_id = vim.lsp.start_client({
    name = "vcr",
    cmd = cmd,
    cmd_cwd = ws,
    root_dir = ws,
    workspace_folders = { { uri = vim.uri_from_fname(ws), name = vim.fn.fnamemodify(ws, ":t") } },
    capabilities = vim.lsp.protocol.make_client_capabilities(),
    get_language_id = function() return ex.languageId end,
    on_init = function() initialized = true end,
    on_exit = function(code, signal) exited, exit_code, exit_signal = true, code, signal end,
    handlers = handlers,
  })
  if not client_id then
    record("initialize", false, now() - t0, { error = "vim.lsp.start_client failed", died = true })
    return EXIT_SERVER
  end
  vim.wait(60000, function() return initialized or exited end, 10)
  if not initialized then
    record("initialize", false, now() - t0, { error = exited and "server exited" or "no initialize answer", died = exited, timeout = not exited })
    return exited and EXIT_SERVER or EXIT_TIMEOUT
  end
  local client = vim.lsp.get_client_by_id(client_id)
  record("initialize", true, now() - t0, { offset_encoding = client.offset_encoding })

  -- 3. didOpen, then wait for the indexing progress to end
  vim.lsp.buf_attach_client(bufnr, client_id)
  t0 = now()
  local function all_ended()
    if not seen then return false end
    for _, k in pairs(tokens) do if k ~= "end" then return false end end
    return true
  end
  vim.wait(1000, function() return seen or exited end, 10)
  if not seen then
    record("indexing", false, now() - t0, { error = "no $/progress within 1000 ms (Neovim advertises window.workDoneProgress)" })
  else
    local ok = vim.wait(300000, function() return all_ended() or exited end, 10)
    if exited then
      record("indexing", false, now() - t0, { error = "server exited", died = true })
      return EXIT_SERVER
    end
    record("indexing", ok, now() - t0, ok and { tokens = vim.tbl_count(tokens) } or { error = "progress did not end", timeout = true })
    if not ok then return EXIT_TIMEOUT end
  end

  local pos = { line = line, character = character }
  local td = { uri = vim.uri_from_bufnr(bufnr) }
  local function request(name, method, params)
    local t = now()
    local res, err = client.request_sync(method, params, timeout, bufnr)
    local ms = now() - t
    if not res then
      local timed_out = err == "timeout"
      record(name, false, ms, { error = tostring(err), timeout = timed_out, died = exited })
      return nil, ms
    end
    if res.err then
      if res.err.code == -32601 then
        record(name, "unsupported", ms, { error = res.err.message })
      else
        record(name, false, ms, { error = res.err.message, code = res.err.code })
      end
      return nil, ms
    end
    return res.result or {}, ms
  end
  local function check(name, ms, got, want, extra)
    local ok = same(got, want)
    local d = extra or {}
    d.got = sorted(got)
    if not ok then d.want = sorted(want) end
    record(name, ok, ms, d)
    return ok
  end

  -- 4. raw references and workspace/symbol, compared with the exact expected lists
  local refs, ms = request("references", "textDocument/references",
    { textDocument = td, position = pos, context = { includeDeclaration = false } })
  local raw_refs_ok = false
  if refs then
    local got = {}
    for _, l in ipairs(refs) do table.insert(got, loc(l.uri, l.range)) end
    raw_refs_ok = check("references", ms, got, ex.references)
  end
  local syms
  syms, ms = request("workspaceSymbol", "workspace/symbol", { query = query })
  if syms then
    local got = {}
    for _, s in ipairs(syms) do
      table.insert(got, string.format("%s %s %s", s.name, s.containerName or "", loc(s.location.uri, s.location.range)))
    end
    if os.getenv("VCR_QUERY") then
      record("workspaceSymbol", #got > 0, ms, { query = query, got = got })
    else
      check("workspaceSymbol", ms, got, ex.workspaceSymbols, { query = query })
    end
  end

  -- 5. the stock command: vim.lsp.buf.references() fills the quickfix list (declaration included)
  if raw_refs_ok and #ex.references > 0 then
    vim.fn.setqflist({}, "r")
    vim.api.nvim_win_set_cursor(0, { line + 1, character })
    t0 = now()
    vim.lsp.buf.references()
    local ok = vim.wait(timeout, function() return #vim.fn.getqflist() > 0 end, 10)
    local got = {}
    for _, it in ipairs(vim.fn.getqflist()) do
      local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(it.bufnr), ":p")
      table.insert(got, string.format("%s:%d:%d", rel(vim.uri_from_fname(name)), it.lnum - 1, it.col - 1))
    end
    local want = vim.deepcopy(ex.references)
    table.insert(want, ex.declaration)
    if ok then
      check("buf.references", now() - t0, got, want)
    else
      record("buf.references", false, now() - t0, { error = "quickfix list stayed empty", timeout = true })
    end
    vim.cmd("cclose")
    vim.cmd("buffer " .. bufnr)
  end

  -- 6. call hierarchy before the edit
  local function incoming(name)
    local items, ms1 = request(name .. ".prepare", "textDocument/prepareCallHierarchy", { textDocument = td, position = pos })
    if not items then return nil end
    if #items == 0 then
      record(name .. ".prepare", false, ms1, { error = "no call hierarchy item" })
      return nil
    end
    local calls, ms2 = request(name, "callHierarchy/incomingCalls", { item = items[1] })
    if not calls then return nil end
    local got = {}
    for _, c in ipairs(calls) do table.insert(got, string.format("%s %s", c.from.name, loc(c.from.uri, c.from.selectionRange))) end
    return got, ms1 + ms2, #items
  end
  local got, cms = incoming("incomingCalls")
  if got then check("incomingCalls", cms, got, ex.incomingCalls) end

  -- 7. an unsaved edit: Neovim sends an incremental didChange; the new caller must show up
  if ex.edit then
    t0 = now()
    vim.api.nvim_buf_set_lines(bufnr, ex.edit.line, ex.edit.line, false, ex.edit.lines)
    record("edit", vim.bo[bufnr].modified, now() - t0, { lines = #ex.edit.lines, at = ex.edit.line, modified = vim.bo[bufnr].modified })
    refs, ms = request("edit.references", "textDocument/references",
      { textDocument = td, position = pos, context = { includeDeclaration = false } })
    if refs then
      local g = {}
      for _, l in ipairs(refs) do table.insert(g, loc(l.uri, l.range)) end
      local want = vim.deepcopy(ex.references)
      table.insert(want, ex.edit.newReference)
      check("edit.references", ms, g, want)
    end
    local g2, ms2, nitems = incoming("edit.incomingCalls")
    if g2 then
      local want = vim.deepcopy(ex.incomingCalls)
      table.insert(want, ex.edit.newCaller)
      check("edit.incomingCalls", ms2, g2, want)
      -- the stock command, only with exactly one prepared item (otherwise it prompts with inputlist())
      if nitems == 1 then
        vim.fn.setqflist({}, "r")
        vim.api.nvim_win_set_cursor(0, { line + 1, character })
        t0 = now()
        vim.lsp.buf.incoming_calls()
        local ok = vim.wait(timeout, function() return #vim.fn.getqflist() > 0 end, 10)
        local texts = {}
        for _, it in ipairs(vim.fn.getqflist()) do texts[it.text] = true end
        local new_name = ex.edit.newCaller:match("^(%S+)")
        local names = vim.tbl_keys(texts)
        table.sort(names)
        record("buf.incoming_calls", ok and texts[new_name] == true, now() - t0,
          { callers = names, want = new_name, timeout = not ok })
        vim.cmd("cclose")
        vim.cmd("buffer " .. bufnr)
      else
        record("buf.incoming_calls", "skipped", 0, { reason = nitems .. " items prepared; the stock command would prompt" })
      end
    end
  end

  -- 8. stop: shutdown + exit; force after 5 s
  t0 = now()
  vim.lsp.stop_client(client_id)
  local stopped = vim.wait(5000, function() return exited end, 10)
  if not stopped then
    vim.lsp.stop_client(client_id, true)
    vim.wait(2000, function() return exited end, 10)
    record("exit", false, now() - t0, { error = "server did not exit within 5 s of shutdown/exit; force-stopped" })
  else
    record("exit", exit_code == 0, now() - t0, { code = exit_code, signal = exit_signal })
  end
  vim.bo[bufnr].modified = false
  if failed == 0 then return EXIT_OK end
  return worst == EXIT_OK and EXIT_FAILED or worst
end

local ok, res = xpcall(main, debug.traceback)
if not ok then
  io.stderr:write("smoke.lua: error: " .. tostring(res) .. "\n")
  failed = failed + 1
  finish(EXIT_FAILED)
else
  finish(res)
end
