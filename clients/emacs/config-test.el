;;; config-test.el --- Checks the documented user configuration clients/emacs/vcr.el  -*- lexical-binding: t -*-
;; With vcr.el loaded, visiting a fixture file and starting eglot the normal way must find the project
;; root through `vcr-root-markers', run `vcr-command', answer references as expected, and
;; `vcr--call-items' (behind `vcr-incoming-calls') must list the expected callers.
;; Environment as for smoke.el (VCR_WS, VCR_EXPECT, VCR_SERVER_CMD). Run by run.sh --config.
(require 'cl-lib)
(require 'json)
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (when (file-directory-p dir) (add-to-list 'load-path dir)))
(add-to-list 'load-path (file-name-directory (or load-file-name buffer-file-name)))

(defun vcr-test-done (ok what)
  (princ (format "%s\nemacs-config: %d passed, %d failed\n" what (if ok 1 0) (if ok 0 1)))
  (kill-emacs (if ok 0 1)))

(condition-case err
    (let* ((json-object-type 'plist) (json-array-type 'list) (json-key-type 'keyword)
           (ws (file-name-as-directory (expand-file-name (getenv "VCR_WS"))))
           (ex (json-read-file (getenv "VCR_EXPECT")))
           (t0 (float-time)))
      (setq vcr-command (json-read-from-string (getenv "VCR_SERVER_CMD")))
      (require 'vcr)
      (let* ((buf (find-file-noselect (expand-file-name (plist-get ex :file) ws)))
             (eglot-sync-connect t) (eglot-connect-timeout 60) (eglot-autoreconnect nil)
             (inhibit-message t))
        (set-buffer buf)
        (let ((root (project-root (project-current nil))))
          (unless (equal (file-name-as-directory (expand-file-name root)) ws)
            (vcr-test-done nil (format "{\"step\":\"config.root\",\"ok\":false,\"root\":%S}" root))))
        (apply #'eglot (eglot--guess-contact))
        (let ((server (eglot-current-server)) refs want ok callers)
          ;; Wait until the index answers (the workspace was just opened).
          (goto-char (point-min)) (forward-line (plist-get ex :line)) (forward-char (plist-get ex :character))
          (setq want (sort (cons (plist-get ex :declaration) (copy-sequence (plist-get ex :references))) #'string<))
          (while (and (not ok) (< (- (float-time) t0) 60))
            (setq refs (sort (mapcar (lambda (it)
                                       (let ((l (xref-item-location it)))
                                         (format "%s:%d:%d" (file-relative-name (xref-file-location-file l) ws)
                                                 (1- (xref-file-location-line l)) (xref-file-location-column l))))
                                     (xref-backend-references 'eglot (xref-backend-identifier-at-point 'eglot)))
                             #'string<))
            (setq ok (equal refs want))
            (unless ok (accept-process-output nil 0.2)))
          (setq callers (sort (delete-dups (mapcar (lambda (it) (substring-no-properties
                                                                  (xref-item-summary it)))
                                                   (vcr--call-items 'incoming)))
                              #'string<))
          (let* ((want-callers (length (plist-get ex :incomingCalls)))
                 (ok2 (and ok (= (length callers) want-callers))))
            (princ (format "{\"step\":\"config.references\",\"ok\":%s,\"ms\":%d,\"mode\":\"%s\",\"language_id\":\"%s\",\"got\":%s}\n"
                           (if ok "true" "false") (round (* 1000 (- (float-time) t0))) major-mode
                           (eglot--language-id server) (json-encode (vconcat refs))))
            (eglot-shutdown server nil 5)
            (vcr-test-done ok2 (format "{\"step\":\"config.incomingCalls\",\"ok\":%s,\"call_sites\":%s}"
                                       (if ok2 "true" "false") (json-encode (vconcat callers))))))))
  (error (vcr-test-done nil (format "{\"step\":\"config\",\"ok\":false,\"error\":%s}" (json-encode (format "%S" err))))))
