package dev.vcr.lsp.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Parsed command line: positionals, {@code --name value} options and {@code --flag}s. */
public final class Args {
  private static final Set<String> FLAGS = Set.of("json", "stdio", "no-daemon", "help", "quiet", "trace");

  final List<String> positional = new ArrayList<>();
  final Map<String, String> options = new TreeMap<>();

  public static Args parse(String[] argv, int from) throws UsageException {
    Args a = new Args();
    for (int i = from; i < argv.length; i++) {
      String s = argv[i];
      if (s.startsWith("--") && s.length() > 2) {
        String name = s.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        } else if (FLAGS.contains(name)) {
          value = "true";
        } else if (i + 1 < argv.length) {
          value = argv[++i];
        } else {
          throw new UsageException("option --" + name + " needs a value");
        }
        a.options.put(name, value);
      } else {
        a.positional.add(s);
      }
    }
    return a;
  }

  public boolean flag(String name) {
    return "true".equals(options.get(name));
  }

  public String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  public int intOption(String name, int fallback) throws UsageException {
    String v = options.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " takes a whole number, not '" + v + "'");
    }
  }

  public long longOption(String name, long fallback) throws UsageException {
    String v = options.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " takes a whole number, not '" + v + "'");
    }
  }

  /** Rejects options not in {@code allowed}, so typos are reported rather than ignored. */
  public void allow(String... allowed) throws UsageException {
    Set<String> ok = Set.of(allowed);
    for (String k : options.keySet()) {
      if (!ok.contains(k)) {
        throw new UsageException("unknown option --" + k);
      }
    }
  }

  /** A usage error: printed with the usage text, exit code 2. */
  public static final class UsageException extends Exception {
    public UsageException(String message) {
      super(message);
    }
  }
}
