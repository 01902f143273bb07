package dev.vcr.kernel.model;

/**
 * One imported name or module.
 *
 * @param module the module/package path as written ({@code java.util}, {@code ./util}, {@code os.path})
 * @param name the imported member, or null when the whole module is imported or for a wildcard
 * @param alias the local name it is bound to when renamed, or null
 */
public record Import(String module, String name, String alias, boolean isStatic, boolean wildcard, Span span) {}
