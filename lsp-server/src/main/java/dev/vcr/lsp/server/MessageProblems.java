package dev.vcr.lsp.server;

import com.google.gson.stream.MalformedJsonException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what is wrong with a request's params in the client's terms: the field (as a path from
 * {@code params}) and what was expected there, e.g. {@code params.item.kind: expected an integer, got 1.5}.
 * Built from what Gson reports; never shows a Java exception class or stack trace.
 */
final class MessageProblems {
  /**
   * Gson: "Expected an int but was 1.5 at line 1 column 99 path $.params.item.kind" (stream), or "... at path
   * $.position" (tree, for params parsed after the fact).
   */
  private static final Pattern EXPECTED =
      Pattern.compile("Expected (.+?) but was (.*?) at (?:line \\d+ column \\d+ )?path (\\$\\S*)");
  private static final Pattern PATH = Pattern.compile("\\bpath (\\$\\S*)");
  private static final int MAX_SHOWN = 40;

  private MessageProblems() {}

  /** Whether the problem is Gson's nesting limit (the JSON itself may be valid). */
  static boolean tooDeep(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof MalformedJsonException && c.getMessage() != null && c.getMessage().contains("Nesting limit")) {
        return true;
      }
    }
    return false;
  }

  /** What is wrong with the params, e.g. {@code params.position.line: expected an integer, got 1.5}. */
  static String describeParams(Throwable t) {
    String path = null;
    for (Throwable c = t; c != null; c = c.getCause()) {
      String msg = c.getMessage();
      if (msg == null) {
        continue;
      }
      Matcher m = EXPECTED.matcher(msg);
      if (m.find()) {
        String got = m.group(2).trim();
        return field(m.group(3)) + ": expected " + expectation(m.group(1))
            + (got.isEmpty() || got.length() > MAX_SHOWN ? "" : ", got " + shown(got));
      }
      Matcher p = PATH.matcher(msg);
      if (path == null && p.find()) {
        path = p.group(1);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return path == null ? "params do not have the shape this method takes" : field(path) + ": wrong type or shape";
  }

  /**
   * A Gson path as a path from the message root: {@code $.params.item.kind} as {@code params.item.kind}.
   * Params parsed after the fact (when {@code method} came after {@code params}) have paths relative to
   * the params, which get the {@code params} prefix.
   */
  static String field(String gsonPath) {
    String p = gsonPath.startsWith("$") ? gsonPath.substring(1) : gsonPath;
    if (p.startsWith(".")) {
      p = p.substring(1);
    }
    if (p.equals("params") || p.startsWith("params.") || p.startsWith("params[")) {
      return p;
    }
    if (p.equals("id") || p.equals("method") || p.equals("jsonrpc")) {
      return p;
    }
    return p.isEmpty() ? "params" : p.startsWith("[") ? "params" + p : "params." + p;
  }

  private static String expectation(String gson) {
    switch (gson) {
      case "an int":
      case "a long":
        return "an integer";
      case "a double":
      case "NUMBER":
        return "a number";
      case "BEGIN_OBJECT":
        return "an object";
      case "BEGIN_ARRAY":
        return "an array";
      case "a string":
      case "STRING":
        return "a string";
      case "a boolean":
      case "BOOLEAN":
        return "a boolean";
      case "null":
      case "NULL":
        return "null";
      default:
        return gson.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
  }

  private static String shown(String gsonToken) {
    switch (gsonToken) {
      case "BEGIN_OBJECT":
        return "an object";
      case "BEGIN_ARRAY":
        return "an array";
      case "STRING":
        return "a string";
      case "NUMBER":
        return "a number";
      case "BOOLEAN":
        return "a boolean";
      case "NULL":
        return "null";
      default:
        return gsonToken;
    }
  }
}
