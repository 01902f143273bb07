package dev.vcr.kernel.resolve;

import dev.vcr.kernel.lang.Language;
import java.util.EnumMap;
import java.util.Map;

/** The language resolvers of one request: one instance per language, made on first use. */
public final class Resolvers {
  private final Lookup lookup;
  private final Map<Language, LanguageResolver> made = new EnumMap<>(Language.class);

  public Resolvers(Lookup lookup) {
    this.lookup = lookup;
  }

  /** The resolver of a language, or null when the language has none (names are matched instead). */
  public LanguageResolver forLanguage(Language language) {
    LanguageResolver r = made.get(language); // not computeIfAbsent: it made a method reference per call
    if (r == null) {
      r = create(language);
      made.put(language, r);
    }
    return r;
  }

  /** The resolver of a language if one was made, else null. */
  public LanguageResolver made(Language language) {
    return made.get(language);
  }

  private LanguageResolver create(Language language) {
    switch (language) {
      case JAVA:
        return new JavaResolver(lookup);
      case PYTHON:
        return new PythonResolver(lookup);
      case JAVASCRIPT: case TYPESCRIPT: case TSX:
        return new ScriptResolver(lookup);
      case GO:
        return new GoResolver(lookup);
      case CSHARP:
        return new CSharpResolver(lookup);
      case RUST:
        return new RustResolver(lookup);
      case PHP:
        return new PhpResolver(lookup);
      case RUBY:
        return new RubyResolver(lookup);
      case C:
        return new CResolver(lookup);
      case CPP:
        return new CppResolver(lookup);
      default:
        return null;
    }
  }
}
