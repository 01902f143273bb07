package dev.vcr.kernel.graph;

import java.util.Comparator;

/**
 * A vertex of the code graph: definition {@code ordinal} of a file, or (ordinal -1) the file's top level,
 * where calls made outside any function live. Definitions are in source order, so (path, ordinal) orders
 * vertices by path, line and column. Equality and hash use only the path and ordinal, so hash-based
 * collections of nodes behave the same in every run.
 */
public record Node(String path, int ordinal) implements Comparable<Node> {
  public static final Comparator<Node> ORDER = Comparator.comparing(Node::path).thenComparingInt(Node::ordinal);

  public static Node fileLevel(String path) {
    return new Node(path, -1);
  }

  public boolean isFileLevel() {
    return ordinal < 0;
  }

  @Override
  public int compareTo(Node o) {
    return ORDER.compare(this, o);
  }
}
