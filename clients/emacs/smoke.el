;;; smoke.el --- Headless Emacs 28 + eglot 1.9 test of Vcr  -*- lexical-binding: t -*-

;; Run by clients/emacs/run.sh:
;;   HOME=<scratch> emacs --batch -Q -l smoke.el </dev/null
;; Parameters (environment): VCR_WS workspace folder, VCR_EXPECT expectations JSON
;; (clients/fixtures/expect/*.json), VCR_SERVER_CMD server command as a JSON array, VCR_TIMEOUT_MS
;; per-request timeout; optional VCR_FILE/VCR_LINE/VCR_CHARACTER/VCR_QUERY override the expectation's
;; position and query.
;; Output: one JSON line per step on stdout, then "emacs: N passed, N failed".  Exit (kill-emacs): 0 ok,
;; 1 a check failed, 2 usage or eglot missing, 3 timeout, 4 the server failed to start or died.

(require 'cl-lib)
(require 'json)
(require 'subr-x)

;;; Output

(defvar vcr-passed 0)
(defvar vcr-failed 0)
(defvar vcr-worst 0)

(defun vcr-emit (alist)
  (princ (concat (json-encode alist) "\n")))

(defun vcr-record (step ok ms &rest details)
  "Print STEP's JSON line; OK is t, nil, `unsupported' or `skipped'.  DETAILS is a plist."
  (let ((line (list (cons 'step step)
                    (cons 'ok (pcase ok ('t t) ('nil :json-false) (_ (symbol-name ok))))
                    (cons 'ms (and ms (round ms))))))
    (cl-loop for (k v) on details by #'cddr
             do (setq line (append line (list (cons (intern (substring (symbol-name k) 1)) v)))))
    (vcr-emit line))
  (cond ((eq ok t) (cl-incf vcr-passed))
        ((memq ok '(unsupported skipped)))
        (t (cl-incf vcr-failed)
           (let ((code (cond ((plist-get details :timeout) 3) ((plist-get details :died) 4) (t 1)))
                 (rank '((0 . 0) (1 . 1) (3 . 2) (4 . 3))))
             (when (> (cdr (assq code rank)) (cdr (assq vcr-worst rank)))
               (setq vcr-worst code))))))

(defun vcr-now () (* 1000.0 (float-time)))

(defun vcr-finish (code)
  (princ (format "emacs: %d passed, %d failed\n" vcr-passed vcr-failed))
  (kill-emacs code))

(defun vcr-sorted (list) (sort (copy-sequence list) #'string<))

(defun vcr-same (a b) (equal (vcr-sorted a) (vcr-sorted b)))

(defun vcr-check (step ms got want &rest details)
  (let ((ok (vcr-same got want)))
    (apply #'vcr-record step ok ms
           (append details (list :got (vconcat (vcr-sorted got)))
                   (unless ok (list :want (vconcat (vcr-sorted want))))))
    ok))

;;; Set-up

(defvar vcr-ws nil)
(defvar vcr-tokens (make-hash-table :test #'equal))
(defvar vcr-progress-seen nil)

;; 1. eglot is not on the load-path with -Q: add Debian's elpa directories.
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (when (file-directory-p dir) (add-to-list 'load-path dir)))
(unless (require 'eglot nil t)
  (princ "emacs: eglot is not installed (Debian package elpa-eglot)\n")
  (vcr-finish 2))

;; 2. A project root for files under the workspace, so that eglot does not prompt for one.
(defun vcr-project (dir)
  (when (and vcr-ws (file-in-directory-p dir vcr-ws))
    (cons 'transient vcr-ws)))
(add-hook 'project-find-functions #'vcr-project)

;; 3. Progress: eglot 1.9 neither advertises window.workDoneProgress nor answers
;; window/workDoneProgress/create.
(cl-defmethod eglot-client-capabilities :around (_server)
  (let ((caps (cl-call-next-method)))
    (plist-put caps :window (plist-put (plist-get caps :window) :workDoneProgress t))))

(cl-defmethod eglot-handle-request (_server (_method (eql window/workDoneProgress/create)) &key token &allow-other-keys)
  (puthash (format "%s" token) "created" vcr-tokens)
  (setq vcr-progress-seen t)
  nil)

(cl-defmethod eglot-handle-notification :before (_server (_method (eql $/progress)) &key token value &allow-other-keys)
  (when-let ((kind (plist-get value :kind)))
    (setq vcr-progress-seen t)
    (puthash (format "%s" token) kind vcr-tokens)))

;; No prompts in batch mode.
(cl-defmethod eglot-handle-request (_server (_method (eql window/showMessageRequest)) &rest _)
  :null)
(cl-defmethod eglot-handle-notification (_server (_method (eql window/showMessage)) &rest _) nil)

;;; Helpers

(defun vcr-rel (file)
  (let ((f (expand-file-name file)))
    (if (string-prefix-p (file-name-as-directory vcr-ws) f)
        (substring f (length (file-name-as-directory vcr-ws)))
      f)))

(defun vcr-uri-loc (uri range)
  (let ((start (plist-get range :start)))
    (format "%s:%d:%d" (vcr-rel (eglot--uri-to-path uri)) (plist-get start :line) (plist-get start :character))))

(defun vcr-xref-loc (item)
  "path:line:column (0-based line, Emacs column) of an xref ITEM."
  (let ((loc (xref-item-location item)))
    (format "%s:%d:%d" (vcr-rel (xref-file-location-file loc))
            (1- (xref-file-location-line loc)) (xref-file-location-column loc))))

(defun vcr-xref-name (item)
  "The text an xref match ITEM highlights (eglot's summary is the whole line)."
  (let* ((summary (xref-item-summary item))
         (col (xref-file-location-column (xref-item-location item)))
         (len (and (fboundp 'xref-match-length) (ignore-errors (xref-match-length item)))))
    (if (and len (<= (+ col len) (length summary)))
        (substring-no-properties summary col (+ col len))
      (substring-no-properties summary))))

(defun vcr-goto (line character)
  "Move to the 0-based LSP position LINE/CHARACTER (ASCII lines: characters = columns)."
  (goto-char (point-min))
  (forward-line line)
  (forward-char (min character (- (line-end-position) (point)))))

(defmacro vcr-timed (var &rest body)
  "Run BODY, setting VAR to its duration in ms; returns (ok . value-or-error)."
  (declare (indent 1))
  `(let ((t0 (vcr-now)))
     (prog1 (condition-case err (cons t (progn ,@body))
              (error (cons nil err)))
       (setq ,var (- (vcr-now) t0)))))

(defun vcr-error-details (err)
  "A plist describing a request error ERR."
  (let* ((data (cdr-safe err))
         (msg (format "%s" (or (alist-get 'jsonrpc-error-message data) err)))
         (code (alist-get 'jsonrpc-error-code data)))
    (list :error msg :code code :timeout (and (string-match-p "[Tt]imed? ?out" msg) t))))

(defun vcr-record-error (step ms err)
  (let ((d (vcr-error-details err)))
    (if (eql (plist-get d :code) -32601)
        (apply #'vcr-record step 'unsupported ms d)
      (apply #'vcr-record step nil ms d))))

;;; The test

(defun vcr-main ()
  (let* ((ws (getenv "VCR_WS"))
         (expect-file (getenv "VCR_EXPECT"))
         (cmd-json (getenv "VCR_SERVER_CMD")))
    (unless (and ws expect-file cmd-json)
      (princ "smoke.el: VCR_WS, VCR_EXPECT and VCR_SERVER_CMD are required\n")
      (vcr-finish 2))
    (setq vcr-ws (directory-file-name (expand-file-name ws)))
    (let* ((json-object-type 'plist) (json-array-type 'list) (json-key-type 'keyword)
           (ex (json-read-file expect-file))
           (cmd (append (let ((json-array-type 'list)) (json-read-from-string cmd-json)) nil))
           (timeout (/ (string-to-number (or (getenv "VCR_TIMEOUT_MS") "15000")) 1000.0))
           (file (or (getenv "VCR_FILE") (plist-get ex :file)))
           (line (if (getenv "VCR_LINE") (string-to-number (getenv "VCR_LINE")) (plist-get ex :line)))
           (character (if (getenv "VCR_CHARACTER") (string-to-number (getenv "VCR_CHARACTER"))
                        (plist-get ex :character)))
           (query (or (getenv "VCR_QUERY") (plist-get ex :query)))
           (edit (plist-get ex :edit))
           (ms 0) server buf)
      ;; 4. visit the file; its major mode comes from auto-mode-alist
      (setq buf (find-file-noselect (expand-file-name file vcr-ws)))
      (set-buffer buf)
      (push (cons major-mode cmd) eglot-server-programs)
      ;; 5. connect: blocks until initialize is answered; sends initialized and didOpen
      (let* ((eglot-sync-connect t)
             (eglot-connect-timeout 60)
             (eglot-autoreconnect nil)
             (eglot-autoshutdown nil)
             (eglot-events-buffer-size 2000000)
             (jsonrpc-default-request-timeout timeout)
             (inhibit-message t)
             (r (vcr-timed ms (apply #'eglot (eglot--guess-contact)))))
        (setq server (and (car r) (eglot-current-server)))
        (if (not server)
            (progn (vcr-record "initialize" nil ms :error (format "%s" (cdr r)) :died t)
                   (vcr-finish 4))
          (vcr-record "initialize" t ms :language_id (eglot--language-id server)))
        (let ((proc (jsonrpc--process server)))
          ;; 6. wait for the indexing progress to end
          (let ((t0 (vcr-now)) (done nil))
            (while (and (not done) (process-live-p proc))
              (let ((waited (- (vcr-now) t0)))
                (cond
                 ((and vcr-progress-seen
                       (cl-every (lambda (k) (equal k "end")) (hash-table-values vcr-tokens)))
                  (setq done 'ok))
                 ((and (not vcr-progress-seen) (> waited 1000)) (setq done 'none))
                 ((> waited 300000) (setq done 'timeout))
                 (t (accept-process-output nil 0.01)))))
            (pcase done
              ('ok (vcr-record "indexing" t (- (vcr-now) t0) :tokens (hash-table-count vcr-tokens)))
              ('none (vcr-record "indexing" nil (- (vcr-now) t0)
                                 :error "no $/progress within 1000 ms although window.workDoneProgress was advertised"))
              ('timeout (vcr-record "indexing" nil (- (vcr-now) t0) :error "progress did not end" :timeout t)
                        (vcr-finish 3))
              (_ (vcr-record "indexing" nil (- (vcr-now) t0) :error "server exited" :died t)
                 (vcr-finish 4))))
          (let ((refs (append (plist-get ex :references) nil))
                (decl (plist-get ex :declaration))
                (r nil))
            ;; 7a. references through the xref backend (eglot asks with includeDeclaration t)
            (vcr-goto line character)
            (setq r (vcr-timed ms (xref-backend-references 'eglot (xref-backend-identifier-at-point 'eglot))))
            (if (car r)
                (vcr-check "xref.references" ms (mapcar #'vcr-xref-loc (cdr r)) (cons decl refs))
              (vcr-record-error "xref.references" ms (cdr r)))
            ;; 7b. workspace symbols through xref-backend-apropos (names and locations)
            (setq r (vcr-timed ms (xref-backend-apropos 'eglot query)))
            (if (car r)
                (let ((got (mapcar (lambda (it) (concat (vcr-xref-name it) " " (vcr-xref-loc it))) (cdr r))))
                  (if (getenv "VCR_QUERY")
                      (vcr-record "xref.apropos" (and got t) ms :query query :got (vconcat got))
                    (vcr-check "xref.apropos" ms got
                               (mapcar (lambda (s) (let ((f (split-string s " ")))
                                                     (concat (car f) " " (car (last f)))))
                                       (plist-get ex :workspaceSymbols))
                               :query query)))
              (vcr-record-error "xref.apropos" ms (cdr r)))
            ;; 7c. definition from the first call site, in that file's own eglot-managed buffer
            (when refs
              (let* ((site (split-string (car (vcr-sorted refs)) ":"))
                     (sbuf (find-file-noselect (expand-file-name (nth 0 site) vcr-ws))))
                (with-current-buffer sbuf
                  (vcr-goto (string-to-number (nth 1 site)) (string-to-number (nth 2 site)))
                  (if (not (eglot-current-server))
                      (vcr-record "xref.definitions" nil 0 :error (format "%s is not managed by eglot" (nth 0 site)))
                    (setq r (vcr-timed ms (xref-backend-definitions 'eglot (xref-backend-identifier-at-point 'eglot))))
                    (if (car r)
                        (vcr-check "xref.definitions" ms (mapcar #'vcr-xref-loc (cdr r)) (list decl)
                                   :from (string-join site ":"))
                      (vcr-record-error "xref.definitions" ms (cdr r)))))))
            ;; 8. call hierarchy: raw requests on eglot's connection (eglot 1.9 has no UI for it)
            (cl-flet ((incoming (step)
                        (vcr-goto line character)
                        (let ((r1 (vcr-timed ms (jsonrpc-request server :textDocument/prepareCallHierarchy
                                                                 (eglot--TextDocumentPositionParams))))
                              (ms1 ms))
                          (cond
                           ((not (car r1)) (vcr-record-error (concat step ".prepare") ms1 (cdr r1)) nil)
                           ((zerop (length (cdr r1)))
                            (vcr-record (concat step ".prepare") nil ms1 :error "no call hierarchy item") nil)
                           (t
                            (let ((r2 (vcr-timed ms (jsonrpc-request server :callHierarchy/incomingCalls
                                                                     (list :item (aref (cdr r1) 0))))))
                              (if (not (car r2))
                                  (progn (vcr-record-error step ms (cdr r2)) nil)
                                (cons (+ ms1 ms)
                                      (mapcar (lambda (c)
                                                (let ((from (plist-get c :from)))
                                                  (concat (plist-get from :name) " "
                                                          (vcr-uri-loc (plist-get from :uri)
                                                                       (plist-get from :selectionRange)))))
                                              (cdr r2))))))))))
              (let ((got (incoming "callHierarchy.incoming")))
                (when got
                  (vcr-check "callHierarchy.incoming" (car got) (cdr got)
                             (append (plist-get ex :incomingCalls) nil))))
              ;; 9. an unsaved edit adding a caller; eglot sends an incremental didChange
              (when edit
                (let ((t0 (vcr-now)))
                  (goto-char (point-min))
                  (forward-line (plist-get edit :line))
                  (insert (mapconcat #'identity (plist-get edit :lines) "\n") "\n")
                  ;; eglot sends pending changes from an idle timer (or before deferred requests);
                  ;; batch Emacs is never idle, so flush them the way that timer does.
                  (eglot--signal-textDocument/didChange)
                  (vcr-record "edit" (buffer-modified-p) (- (vcr-now) t0)
                              :at (plist-get edit :line) :lines (length (plist-get edit :lines))))
                (vcr-goto line character)
                (setq r (vcr-timed ms (xref-backend-references 'eglot (xref-backend-identifier-at-point 'eglot))))
                (if (car r)
                    (vcr-check "edit.xref.references" ms (mapcar #'vcr-xref-loc (cdr r))
                               (append (list decl (plist-get edit :newReference)) refs))
                  (vcr-record-error "edit.xref.references" ms (cdr r)))
                (let ((got (incoming "edit.callHierarchy.incoming")))
                  (when got
                    (vcr-check "edit.callHierarchy.incoming" (car got) (cdr got)
                               (append (plist-get ex :incomingCalls) (list (plist-get edit :newCaller))))))
                (set-buffer-modified-p nil))))
          ;; 10. shutdown + exit, then check that the process exits by itself within 3 s
          (let ((t0 (vcr-now)))
            (setf (eglot--shutdown-requested server) t)
            (let ((r (vcr-timed ms (jsonrpc-request server :shutdown nil :timeout 10))))
              (if (car r) (vcr-record "shutdown" t ms) (vcr-record-error "shutdown" ms (cdr r))))
            (setq t0 (vcr-now))
            (ignore-errors (jsonrpc-notify server :exit nil))
            (while (and (process-live-p proc) (< (- (vcr-now) t0) 3000))
              (accept-process-output nil 0.01))
            (let ((live (process-live-p proc)))
              (vcr-record "exit" (and (not live) (eql (process-exit-status proc) 0)) (- (vcr-now) t0)
                          :code (and (not live) (process-exit-status proc))
                          :error (cond (live "the server did not exit within 3 s of exit")
                                       ((not (eql (process-exit-status proc) 0)) "non-zero exit status"))))
            (let ((trace (getenv "VCR_EMACS_TRACE")))
              (when (and trace (buffer-live-p (jsonrpc-events-buffer server)))
                (with-current-buffer (jsonrpc-events-buffer server)
                  (write-region (point-min) (point-max) trace nil 'silent))))
            (let ((inhibit-message t)) (ignore-errors (jsonrpc-shutdown server t)))))))
    (vcr-finish (if (zerop vcr-failed) 0 (if (zerop vcr-worst) 1 vcr-worst)))))

(condition-case err
    (vcr-main)
  (error
   (message "smoke.el: error: %S" err)
   (cl-incf vcr-failed)
   (vcr-finish 1)))

;;; smoke.el ends here
