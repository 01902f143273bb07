package dev.vcr.kernel.ingest;

import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A generated fixture workspace held as a model (files, classes, members, statement text), which random
 * edits change and which renders to file contents. Everything is a function of the {@link Random} it is
 * given, so a seed replays a whole run.
 */
interface PropModel {
  /** The workspace's files: root-relative path to content. */
  SortedMap<String, String> render();

  /** Applies one random edit to the model; returns what it did, for the replay log. */
  String edit(Random rnd);

  /** Workspace-symbol queries worth asking of this workspace. */
  List<String> queries(Random rnd);

  /** {@code text} with whole-word {@code from} replaced by {@code to}. */
  static String replaceWord(String text, String from, String to) {
    return Pattern.compile("\\b" + Pattern.quote(from) + "\\b").matcher(text).replaceAll(Matcher.quoteReplacement(to));
  }

  /** Each of {@code names} between a prefix and a suffix. */
  static String[] suffixed(String[] names, String prefix, String suffix) {
    String[] out = new String[names.length];
    for (int i = 0; i < names.length; i++) {
      out[i] = prefix + names[i] + suffix;
    }
    return out;
  }

  static <T> T pick(Random rnd, List<T> list) {
    return list.get(rnd.nextInt(list.size()));
  }

  static <T> T pick(Random rnd, T[] array) {
    return array[rnd.nextInt(array.length)];
  }
}
