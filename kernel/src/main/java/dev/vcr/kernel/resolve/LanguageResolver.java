package dev.vcr.kernel.resolve;

import dev.vcr.kernel.index.Hits.DefHit;
import dev.vcr.kernel.model.FileFacts;
import dev.vcr.kernel.model.Reference;
import java.util.List;
import java.util.Optional;

/**
 * Resolves references of one language to the definitions they name. An answer is a list (empty means "not
 * in the workspace", e.g. a library call); {@link Optional#empty()} means the syntax cannot decide, and the
 * caller applies its policy (see {@code Navigator}). Parameters and locals are bound by the caller before
 * a resolver is asked. Instances are per request and need not be thread-safe.
 */
public interface LanguageResolver {
  Optional<List<DefHit>> resolve(String path, FileFacts facts, Reference ref);

  /**
   * A member use ({@code r.m(..)}, {@code r.f}) that {@link #resolve} found in no workspace declaration
   * because of its receiver's type: {@code type}, by simple name, is a library type ({@code external}), or
   * a workspace type without such a member. The caller links a library member's uses to one external symbol
   * id, and both kinds of use depend on the type name staying what it is. Null: not such a use, or the
   * receiver's type is unknown.
   */
  default Unresolved unresolvedMember(String path, FileFacts facts, Reference ref) {
    return null;
  }

  /** See {@link #unresolvedMember}. */
  record Unresolved(String type, boolean external) {}

  /**
   * Drops what was memoised about one file's expressions: the resolution pass calls it after each file, so
   * a resolver can live across thousands of files and keep only its workspace-wide caches.
   */
  default void endOfFile() {}
}
