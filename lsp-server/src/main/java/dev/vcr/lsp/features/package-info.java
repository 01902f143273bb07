/**
 * One handler per LSP feature (references, definition, call hierarchy, symbols). Each takes a
 * {@link dev.vcr.lsp.features.QueryContext} (a navigator over the session's view of the index, the
 * converters and the request's cancellation check), asks the kernel's {@code Navigator} in kernel terms and
 * converts the answer through {@code protocol}. Handlers hold no state and never see threads: the session
 * runs them on the request pool.
 */
package dev.vcr.lsp.features;
