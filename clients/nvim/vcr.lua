-- Vcr for Neovim 0.7 and later, with nothing but the built-in LSP client (no plugins needed).
--
-- Install: copy this file to ~/.config/nvim/lua/vcr.lua, then in init.lua:
--
--   require('vcr').setup({
--     cmd = { '/path/to/vcr/bin/vcr', 'lsp', '--stdio' },   -- default: `vcr` on PATH
--     -- on_attach = function(client, bufnr) ... your mappings ... end,
--   })
--
-- Every buffer of a supported file type is attached to one Vcr client per project root (the nearest
-- folder holding one of `root_markers`, else the file's folder). Use the stock commands:
-- vim.lsp.buf.references(), definition(), document_symbol(), workspace_symbol(), incoming_calls(),
-- outgoing_calls(). Indexing progress arrives as $/progress (see :lua print(vim.inspect(vim.lsp.util.get_progress_messages()))).
-- On Neovim 0.10 and later, the shorter vim.lsp.start() form in docs/editors.md does the same.
local M = {}

M.defaults = {
  cmd = { 'vcr', 'lsp', '--stdio' },
  filetypes = {
    'java', 'python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'go', 'rust', 'c',
    'cpp', 'cs', 'ruby', 'php',
  },
  root_markers = {
    '.git', '.hg', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'settings.gradle', 'pyproject.toml',
    'setup.py', 'setup.cfg', 'package.json', 'tsconfig.json', 'go.mod', 'Cargo.toml', 'compile_commands.json',
    'Gemfile', 'composer.json',
  },
  on_attach = nil,
  -- Neovim's file type names that differ from LSP language identifiers.
  language_ids = { cs = 'csharp' },
}

local clients = {} -- project root -> client id

--- The nearest folder above `fname` holding one of `markers`, else the file's own folder.
function M.root_dir(fname, markers)
  local dir = vim.fn.fnamemodify(fname, ':p:h')
  local cur = dir
  while true do
    for _, m in ipairs(markers) do
      if vim.loop.fs_stat(cur .. '/' .. m) then return cur end
    end
    local parent = vim.fn.fnamemodify(cur, ':h')
    if parent == cur then return dir end
    cur = parent
  end
end

--- Starts (or reuses) the client for the buffer's project and attaches the buffer.
function M.attach(bufnr, opts)
  opts = opts or M.options or M.defaults
  local fname = vim.api.nvim_buf_get_name(bufnr)
  if fname == '' or vim.bo[bufnr].buftype ~= '' then return nil end
  local root = M.root_dir(fname, opts.root_markers)
  local id = clients[root]
  if not (id and vim.lsp.get_client_by_id(id)) then
    id = vim.lsp.start_client({
      name = 'vcr',
      cmd = opts.cmd,
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
      capabilities = vim.lsp.protocol.make_client_capabilities(),
      get_language_id = function(_, filetype) return opts.language_ids[filetype] or filetype end,
      on_attach = opts.on_attach,
      on_exit = function() clients[root] = nil end,
    })
    if not id then return nil end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

function M.setup(user)
  M.options = vim.tbl_deep_extend('force', M.defaults, user or {})
  local group = vim.api.nvim_create_augroup('vcr_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.options.filetypes,
    callback = function(args) M.attach(args.buf, M.options) end,
    desc = 'Attach the Vcr language server',
  })
end

return M
