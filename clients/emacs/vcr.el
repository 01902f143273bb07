;;; vcr.el --- Use the Vcr language server with eglot  -*- lexical-binding: t -*-

;; Works with Emacs 28 and eglot 1.9 (Debian's emacs + elpa-eglot) and with later versions.
;;
;; Install: put this file on your load-path, then in your init file:
;;
;;   (setq vcr-command '("/path/to/vcr/bin/vcr" "lsp" "--stdio"))   ; default: vcr on PATH
;;   (require 'vcr)
;;   (add-hook 'java-mode-hook #'eglot-ensure)                     ; and python-mode-hook, ...
;;
;; Then M-. (definition), M-? (references), C-M-. (workspace symbols, xref-find-apropos) work through
;; eglot, and `vcr-incoming-calls' / `vcr-outgoing-calls' show the call hierarchy (eglot 1.9 has none).
;;
;; What this file adds to eglot:
;; * `eglot-server-programs' entries running `vcr-command' for `vcr-major-modes';
;; * a project root for folders without a VCS: the nearest folder holding one of `vcr-root-markers'
;;   (Emacs 28's project.el only knows VCS roots, and eglot would prompt);
;; * on eglot versions without progress support (1.9): the window.workDoneProgress capability and an
;;   answer to window/workDoneProgress/create, so that Vcr reports indexing; the end is shown in the echo
;;   area.

(require 'cl-lib)
(require 'eglot)
(require 'project)
(require 'xref)

(defgroup vcr nil "The Vcr language server." :group 'tools)

(defcustom vcr-command '("vcr" "lsp" "--stdio")
  "Command line starting the Vcr language server on stdio."
  :type '(repeat string))

(defcustom vcr-major-modes
  '(java-mode python-mode js-mode js-jsx-mode typescript-mode go-mode rust-mode c-mode c++-mode
    csharp-mode ruby-mode php-mode
    java-ts-mode python-ts-mode js-ts-mode typescript-ts-mode tsx-ts-mode go-ts-mode rust-ts-mode
    c-ts-mode c++-ts-mode csharp-ts-mode ruby-ts-mode)
  "Major modes whose buffers Vcr serves."
  :type '(repeat symbol))

(defcustom vcr-root-markers
  '("pom.xml" "build.gradle" "build.gradle.kts" "settings.gradle" "pyproject.toml" "setup.py" "setup.cfg"
    "package.json" "tsconfig.json" "go.mod" "Cargo.toml" "compile_commands.json" "Gemfile" "composer.json")
  "Files marking a project root when the folder is not under version control."
  :type '(repeat string))

(defun vcr--language-id (mode)
  "The LSP language identifier for MODE."
  (let ((name (replace-regexp-in-string "\\(-ts\\)?-mode\\'" "" (symbol-name mode))))
    (pcase name
      ("js" "javascript") ("js-jsx" "javascriptreact") ("tsx" "typescriptreact") ("c++" "cpp")
      (_ name))))

(defun vcr-register ()
  "Add Vcr to `eglot-server-programs' for `vcr-major-modes' (first, so it wins over other servers)."
  (dolist (mode (reverse vcr-major-modes))
    (setq eglot-server-programs
          (cons (cons (list mode :language-id (vcr--language-id mode)) vcr-command)
                (cl-remove-if (lambda (e) (equal (car e) (list mode :language-id (vcr--language-id mode))))
                              eglot-server-programs)))))

(defun vcr-project-find (dir)
  "A transient project rooted at the nearest folder above DIR holding one of `vcr-root-markers'."
  (let ((root (cl-some (lambda (m) (locate-dominating-file dir m)) vcr-root-markers)))
    (when root (cons 'transient (file-name-as-directory (expand-file-name root))))))

;; After the VCS backend, so that a repository root still wins.
(add-hook 'project-find-functions #'vcr-project-find 90)

;;; Progress, for eglot versions that lack it (1.9).

(unless (boundp 'eglot-report-progress)
  (cl-defmethod eglot-client-capabilities :around (_server)
    (let ((caps (cl-call-next-method)))
      (plist-put caps :window (plist-put (plist-get caps :window) :workDoneProgress t))))

  (cl-defmethod eglot-handle-request (_server (_method (eql window/workDoneProgress/create)) &rest _)
    nil)

  (cl-defmethod eglot-handle-notification (_server (_method (eql $/progress)) &key _token value &allow-other-keys)
    (let ((kind (plist-get value :kind)))
      (cond ((equal kind "begin") (message "[vcr] %s..." (or (plist-get value :title) "working")))
            ((equal kind "end") (message "[vcr] %s" (or (plist-get value :message) "done")))))))

;;; Call hierarchy (raw requests; eglot 1.9 has no call hierarchy UI).

(defun vcr--call-items (direction)
  "Xref items for the calls in DIRECTION (`incoming' or `outgoing') of the function at point."
  (let* ((server (eglot--current-server-or-lose))
         (items (jsonrpc-request server :textDocument/prepareCallHierarchy
                                 (eglot--TextDocumentPositionParams))))
    (when (zerop (length items)) (user-error "No function or method at point"))
    (let ((calls (jsonrpc-request server (if (eq direction 'incoming) :callHierarchy/incomingCalls
                                           :callHierarchy/outgoingCalls)
                                  (list :item (aref items 0)))))
      (eglot--collecting-xrefs (collect)
        (mapc (lambda (call)
                (let* ((other (plist-get call (if (eq direction 'incoming) :from :to)))
                       (uri (if (eq direction 'incoming) (plist-get other :uri) (eglot--path-to-uri (buffer-file-name))))
                       (ranges (plist-get call :fromRanges)))
                  (if (eq direction 'incoming)
                      (mapc (lambda (r) (collect (eglot--xref-make-match (plist-get other :name) uri r))) ranges)
                    (collect (eglot--xref-make-match (plist-get other :name) (plist-get other :uri)
                                                     (plist-get other :selectionRange))))))
              calls)))))

(defun vcr-incoming-calls ()
  "Show the call sites of the function or method at point."
  (interactive)
  (let ((items (vcr--call-items 'incoming)))
    (if items (xref-show-xrefs (lambda () items) nil) (message "No callers"))))

(defun vcr-outgoing-calls ()
  "Show the functions and methods that the one at point calls."
  (interactive)
  (let ((items (vcr--call-items 'outgoing)))
    (if items (xref-show-xrefs (lambda () items) nil) (message "No callees"))))

(vcr-register)

(provide 'vcr)
;;; vcr.el ends here
