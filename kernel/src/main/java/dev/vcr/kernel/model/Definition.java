package dev.vcr.kernel.model;

/**
 * A definition extracted from one file.
 *
 * @param container index of the enclosing definition in the same file's list, or -1 at file level
 * @param qualifiedName package/namespace and container names joined with '.', ending in {@code name}
 * @param arity number of declared parameters for callables, -1 when unknown or not callable
 * @param type source text of the declared type (field, local, parameter) or return type, or null
 * @param scope for parameters and locals, the span in which the name is visible; null otherwise
 */
public record Definition(
    String name,
    SymbolKind kind,
    Span span,
    Span nameSpan,
    int container,
    String qualifiedName,
    int arity,
    String type,
    Span scope) {}
