package dev.vcr.kernel.scan;

import dev.vcr.kernel.lang.Language;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lists the files of one or more workspace roots that Vcr should index, deterministically.
 *
 * <h2>What is listed</h2>
 *
 * Regular files whose name has a known {@linkplain Language#forFileName language}, that are not ignored,
 * not larger than {@link ScanOptions#maxFileBytes()}, and have no NUL byte in their first
 * {@value #SNIFF_BYTES} bytes. Files of unknown language are not mentioned at all. Known-language files
 * that fail the other tests, and directories that cannot be scanned, become {@link SkippedFile}s; no
 * per-file problem ever aborts the scan.
 *
 * <h2>Ignoring</h2>
 *
 * Directories named {@code .git} (and files of that name) are always skipped. Ignore rules follow git
 * (see {@link IgnoreRules}); in increasing priority: the repository's {@code .git/info/exclude}; then,
 * from the root down, each directory's {@code .gitignore}, {@code .ignore} and {@code .vcrignore} (same
 * syntax, in that order); then {@link ScanOptions#extraIgnorePatterns()}. Ignored directories are not
 * entered, so nothing below them can be re-included and their ignore files are never read. Ignore files
 * are read only when they are regular files (git does not follow symlinked ones either). Only ignore
 * files inside the root count: a {@code .gitignore} above the root (root being a sub-directory of a
 * repository) is not consulted. {@link #isIgnored} answers the same rules for one path, for file-watcher
 * events.
 *
 * <p><b>Git rules apply inside git repositories only</b>, as in ripgrep and fd: a directory is in a
 * repository when it or one of its ancestors (up to the file-system root, so above the scan root too)
 * holds a {@code .git} directory or file. Outside one, {@code .gitignore} files and
 * {@code .git/info/exclude} are not read (Debian's linux-source tarball ships a {@code .gitignore} whose
 * {@code /*} would hide every file); {@code .ignore} and {@code .vcrignore} apply everywhere. A nested
 * repository (a sub-directory holding {@code .git}) starts afresh, as git itself does: the
 * {@code .gitignore} rules of directories above it no longer apply inside it, its own
 * {@code info/exclude} does (also through a {@code .git} file's {@code gitdir:}), and {@code .ignore} and
 * {@code .vcrignore} rules from above still do.
 *
 * <p>When a root lists no file while ignore rules hid source files in it, {@link ScanResult#warnings()}
 * says so and names the rule files and patterns responsible.
 *
 * <h2>Symlinks and duplicates</h2>
 *
 * The scan first walks the real directory tree without following any symlink; every symlink met is
 * queued. Then the queued symlinks are processed in ascending path order (those found inside followed
 * directories join the queue). A symlink is followed only if its real target lies inside the root's real
 * path, else it is skipped as {@link SkipReason#SYMLINK_OUTSIDE_ROOT}. Each real directory and each real
 * file is listed under one path only, the first one reached in that order: <em>its own real path when
 * that is not ignored, otherwise the smallest symlinked path</em>. A symlink to a directory or file already
 * reached (which includes every link to an ancestor, the classic cycle) is skipped as
 * {@link SkipReason#SYMLINK_LOOP} with the first path in the detail; a chain of links that never resolves
 * (a → b → a) is too. A dangling symlink with a known-language name is {@link SkipReason#UNREADABLE}.
 * Ignore rules see a followed symlink at its link path, as a directory when its target is one. Hard links
 * are separate files, as in git.
 *
 * <h2>Determinism and cost</h2>
 *
 * The output depends only on the file system contents: directory entries are sorted, symlinks are taken
 * in path order, the clock is never read and the scan runs on the calling thread. Results are sorted by
 * {@code (rootIndex, path)}. Each entry costs one {@code lstat}; file contents are read only for the
 * binary sniff (at most {@value #SNIFF_BYTES} bytes, never for empty, oversized or special files). Roots
 * are scanned independently; a file under two overlapping roots is listed once per root.
 *
 * <p>Thread-safe: {@link #scan} keeps its state on the stack, and {@link #isIgnored} caches parsed ignore
 * files in a concurrent map, re-reading one whenever its size, mtime or inode changes.
 */
public final class WorkspaceScanner {
  /** How much of a file the binary sniff reads. */
  public static final int SNIFF_BYTES = 8192;

  static final String GIT_DIR = ".git";
  static final String GITIGNORE = ".gitignore";
  static final String VCRIGNORE = ".vcrignore";
  static final String IGNORE = ".ignore";
  /** How many hidden source files the all-hidden diagnostic counts at most per root. */
  static final int HIDDEN_COUNT_LIMIT = 1_000_000;

  private static final Comparator<ScannedFile> FILE_ORDER =
      Comparator.comparingInt(ScannedFile::rootIndex).thenComparing(ScannedFile::path);
  private static final Comparator<SkippedFile> SKIP_ORDER =
      Comparator.comparingInt(SkippedFile::rootIndex).thenComparing(SkippedFile::path);

  private final ScanOptions options;
  private boolean sniffBinary = true;
  private final IgnoreRules extraRules;
  private final Map<Path, CachedRules> ignoreFileCache = new ConcurrentHashMap<>();

  public WorkspaceScanner(ScanOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.extraRules = IgnoreRules.of("", "extraIgnorePatterns", options.extraIgnorePatterns());
  }
  /**
   * Whether the scan reads each file's first bytes to skip binary files (default true). The indexer turns
   * it off: it sniffs the bytes it reads anyway, and never reads an unchanged file, so a warm start does
   * not open every file of the workspace.
   */
  public WorkspaceScanner sniffBinary(boolean sniff) {
    this.sniffBinary = sniff;
    return this;
  }


  public ScanOptions options() {
    return options;
  }

  /**
   * Scans the roots; {@code rootIndex} in the result is the position in {@code roots}.
   *
   * @throws java.nio.file.NoSuchFileException if a root does not exist
   * @throws NotDirectoryException if a root is not a directory (symlinks to directories are fine)
   * @throws IOException if a root's attributes cannot be read; nothing below a root ever throws
   * @throws InterruptedIOException if the calling thread is interrupted (checked per directory and on
   *     each file read; the interrupt status stays set)
   */
  public ScanResult scan(List<Path> roots) throws IOException {
    List<Path> absolute = new ArrayList<>(roots.size());
    for (Path root : roots) {
      Path r = root.toAbsolutePath().normalize();
      if (!Files.readAttributes(r, BasicFileAttributes.class).isDirectory()) {
        throw new NotDirectoryException(r.toString());
      }
      absolute.add(r);
    }
    List<ScannedFile> files = new ArrayList<>();
    List<SkippedFile> skipped = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<Path> projectFiles = new ArrayList<>();
    for (int i = 0; i < absolute.size(); i++) {
      RootScan scan = new RootScan(i, absolute.get(i), files, skipped);
      scan.run();
      projectFiles.addAll(scan.projectFiles.values());
      String warning = scan.allHiddenWarning();
      if (warning != null) {
        warnings.add(warning);
      }
    }
    files.sort(FILE_ORDER);
    skipped.sort(SKIP_ORDER);
    return new ScanResult(files, skipped, warnings, projectFiles);
  }

  /**
   * Whether the scan would ignore {@code relativePath} under {@code root} by the ignore rules alone (any
   * {@code .git} component, ignore files on disk along the path, extra patterns; an ignored ancestor
   * directory ignores everything below it). Language, size and symlink checks are not part of this
   * answer. The path is {@code /}-separated; a leading {@code ./} or {@code /} is dropped. The root
   * itself is never ignored.
   */
  public boolean isIgnored(Path root, String relativePath, boolean isDirectory) {
    Path r = root.toAbsolutePath().normalize();
    String p = normalizeRelative(relativePath);
    if (p.isEmpty()) {
      return false;
    }
    int start = 0;
    while (true) {
      int slash = p.indexOf('/', start);
      int end = slash < 0 ? p.length() : slash;
      if (end - start == GIT_DIR.length() && p.startsWith(GIT_DIR, start)) {
        return true;
      }
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    boolean inRepo = insideRepository(r.getParent());
    Chain chain = null;
    if (hasGitEntry(r)) {
      inRepo = true;
      chain = pushGit(chain, cachedRules(excludeFile(r), ""));
    }
    chain = pushDirectoryRules(chain, r, "", inRepo);
    start = 0;
    while (true) {
      int slash = p.indexOf('/', start);
      String sub = slash < 0 ? p : p.substring(0, slash);
      if (excludedBy(sub, slash >= 0 || isDirectory, chain) != null) {
        return true;
      }
      if (slash < 0) {
        return false;
      }
      Path dir = r.resolve(sub);
      if (hasGitEntry(dir)) {
        inRepo = true;
        chain = pushGit(withoutGit(chain), cachedRules(excludeFile(dir), sub));
      }
      chain = pushDirectoryRules(chain, dir, sub, inRepo);
      start = slash + 1;
    }
  }

  /** Whether {@code dir} holds a {@code .git} directory or file (a repository's top or a worktree). */
  static boolean hasGitEntry(Path dir) {
    return dir.resolve(GIT_DIR).toFile().exists();
  }

  /** Whether {@code dir} or one of its ancestors is the top of a git repository (null: false). */
  static boolean insideRepository(Path dir) {
    for (Path d = dir; d != null; d = d.getParent()) {
      if (hasGitEntry(d)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The {@code info/exclude} file of the repository whose top is {@code dir}: in {@code .git/} when it
   * is a directory; when {@code .git} is a file ({@code gitdir: X}, as in worktrees and submodules), in
   * X's common directory ({@code X/commondir}) if it names one, else in X.
   */
  static Path excludeFile(Path dir) {
    Path git = dir.resolve(GIT_DIR);
    if (!Files.isRegularFile(git, LinkOption.NOFOLLOW_LINKS)) {
      return git.resolve("info").resolve("exclude");
    }
    try {
      String text = Files.readString(git, java.nio.charset.StandardCharsets.UTF_8).strip();
      if (!text.startsWith("gitdir:")) {
        return git.resolve("info").resolve("exclude");
      }
      Path gitDir = dir.resolve(text.substring("gitdir:".length()).strip()).normalize();
      Path commonFile = gitDir.resolve("commondir");
      if (Files.isRegularFile(commonFile)) {
        gitDir = gitDir.resolve(Files.readString(commonFile, java.nio.charset.StandardCharsets.UTF_8).strip())
            .normalize();
      }
      return gitDir.resolve("info").resolve("exclude");
    } catch (IOException | RuntimeException e) {
      return git.resolve("info").resolve("exclude");
    }
  }

  /** True if {@code head} has a NUL byte in its first {@value #SNIFF_BYTES} bytes. */
  public static boolean looksBinary(byte[] head) {
    return looksBinary(head, head.length);
  }

  /** True if {@code head[0, min(length, SNIFF_BYTES))} has a NUL byte. */
  public static boolean looksBinary(byte[] head, int length) {
    int n = Math.min(Math.min(length, head.length), SNIFF_BYTES);
    for (int i = 0; i < n; i++) {
      if (head[i] == 0) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // Ignore rule chains

  /**
   * An immutable stack of rule sets, deepest (highest priority) first. {@code git} marks the sets that
   * belong to a repository ({@code .gitignore}, {@code info/exclude}), which a nested repository drops.
   */
  private static final class Chain {
    final IgnoreRules rules;
    final boolean git;
    final Chain parent;

    Chain(IgnoreRules rules, boolean git, Chain parent) {
      this.rules = rules;
      this.git = git;
      this.parent = parent;
    }
  }

  private static Chain push(Chain chain, IgnoreRules rules) {
    return rules.isEmpty() ? chain : new Chain(rules, false, chain);
  }

  private static Chain pushGit(Chain chain, IgnoreRules rules) {
    return rules.isEmpty() ? chain : new Chain(rules, true, chain);
  }

  /** The chain without its git rule sets, for the top of a nested repository. */
  private static Chain withoutGit(Chain chain) {
    if (chain == null) {
      return null;
    }
    Chain parent = withoutGit(chain.parent);
    if (chain.git) {
      return parent;
    }
    return parent == chain.parent ? chain : new Chain(chain.rules, false, parent);
  }

  /** The rule set whose pattern excludes {@code path}, or null when the path is not ignored. */
  private IgnoreRules excludedBy(String path, boolean isDirectory, Chain chain) {
    int nameStart = path.lastIndexOf('/') + 1;
    IgnoreRules.Verdict v = extraRules.match(path, nameStart, isDirectory);
    if (v != IgnoreRules.Verdict.NO_MATCH) {
      return v == IgnoreRules.Verdict.IGNORE ? extraRules : null;
    }
    for (Chain c = chain; c != null; c = c.parent) {
      v = c.rules.match(path, nameStart, isDirectory);
      if (v != IgnoreRules.Verdict.NO_MATCH) {
        return v == IgnoreRules.Verdict.IGNORE ? c.rules : null;
      }
    }
    return null;
  }

  private Chain pushDirectoryRules(Chain chain, Path dir, String rel, boolean inRepo) {
    if (inRepo) {
      chain = pushGit(chain, cachedRules(dir.resolve(GITIGNORE), rel));
    }
    chain = push(chain, cachedRules(dir.resolve(IGNORE), rel));
    return push(chain, cachedRules(dir.resolve(VCRIGNORE), rel));
  }

  private record CachedRules(String base, FileTime mtime, long size, Object key, IgnoreRules rules) {}

  /** The rules of an ignore file for {@link #isIgnored}, re-read when the file changes. */
  private IgnoreRules cachedRules(Path file, String base) {
    return cachedRules(file, base, relativeLabel(base, file.getFileName().toString()));
  }

  private IgnoreRules cachedRules(Path file, String base, String label) {
    BasicFileAttributes a;
    // java.io.File.exists() is a plain stat without an exception for the common "no such file" case,
    // which makes a watcher-event check several times cheaper than readAttributes alone.
    if (!file.toFile().exists()) {
      ignoreFileCache.remove(file);
      return IgnoreRules.EMPTY;
    }
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      ignoreFileCache.remove(file);
      return IgnoreRules.EMPTY;
    }
    if (!a.isRegularFile()) {
      return IgnoreRules.EMPTY;
    }
    CachedRules c = ignoreFileCache.get(file);
    if (c != null
        && c.base.equals(base)
        && c.mtime.equals(a.lastModifiedTime())
        && c.size == a.size()
        && Objects.equals(c.key, a.fileKey())) {
      return c.rules;
    }
    IgnoreRules rules = readRules(file, base, label);
    ignoreFileCache.put(file, new CachedRules(base, a.lastModifiedTime(), a.size(), a.fileKey(), rules));
    return rules;
  }

  private static IgnoreRules readRules(Path file, String base, String label) {
    try {
      return IgnoreRules.parse(base, label, Files.readAllBytes(file));
    } catch (IOException e) {
      return IgnoreRules.EMPTY;
    }
  }

  private static String relativeLabel(String base, String name) {
    return base.isEmpty() ? name : base + "/" + name;
  }

  private static String normalizeRelative(String path) {
    String p = path;
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.equals(".") ? "" : p;
  }

  // ---------------------------------------------------------------------------------------------
  // One root

  /**
   * A symlink waiting to be followed, with the ignore rules in force at its location and whether that
   * location is inside a git repository.
   */
  private record Link(String path, Path absolute, Chain chain, boolean inRepo) {}

  /** What one rule set hid during a root's scan, for the all-hidden diagnostic. */
  private static final class Hidden {
    final IgnoreRules rules;
    /** The pattern that hid the first entry, e.g. {@code line 2 "/*"}. */
    final String firstPattern;
    final List<String> directories = new ArrayList<>();
    long sourceFiles;

    Hidden(IgnoreRules rules, String firstPattern) {
      this.rules = rules;
      this.firstPattern = firstPattern;
    }
  }

  private record Entry(String name, Path path, BasicFileAttributes attrs, IOException error) {}

  private final class RootScan {
    final int rootIndex;
    final Path root;
    final List<ScannedFile> files;
    final List<SkippedFile> skipped;
    /** The {@linkplain ScanResult#PROJECT_FILES project files} found, in path order. */
    final java.util.TreeMap<String, Path> projectFiles = new java.util.TreeMap<>();
    /** Identity (inode key or real path) of every directory entered → the path it was entered by. */
    final Map<Object, String> directories = new HashMap<>();
    /** Identity of every known-language file reached → the path it was reached by. */
    final Map<Object, String> reachedFiles = new HashMap<>();
    final PriorityQueue<Link> links = new PriorityQueue<>(Comparator.comparing(Link::path));
    final byte[] sniff = new byte[SNIFF_BYTES];
    /** Rule set label → what it hid, for {@link #allHiddenWarning()}. */
    final Map<String, Hidden> hidden = new java.util.TreeMap<>();
    int listed;
    Path rootReal;

    RootScan(int rootIndex, Path root, List<ScannedFile> files, List<SkippedFile> skipped) {
      this.rootIndex = rootIndex;
      this.root = root;
      this.files = files;
      this.skipped = skipped;
    }

    void run() throws InterruptedIOException {
      BasicFileAttributes rootAttrs;
      try {
        rootReal = root.toRealPath();
        rootAttrs = Files.readAttributes(rootReal, BasicFileAttributes.class);
      } catch (IOException e) {
        skip("", SkipReason.UNREADABLE, describe(e));
        return;
      }
      directories.put(identity(rootAttrs, rootReal), "");
      walk(root, "", null, insideRepository(root.getParent()));
      while (!links.isEmpty()) {
        checkInterrupt();
        follow(links.poll());
      }
    }

    void walk(Path dir, String rel, Chain chain, boolean inRepo) throws InterruptedIOException {
      checkInterrupt();
      List<Path> children = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
        for (Path child : stream) {
          children.add(child);
        }
      } catch (NotDirectoryException e) {
        skip(rel, SkipReason.NOT_A_DIRECTORY, "no longer a directory");
        return;
      } catch (IOException e) {
        skip(rel, SkipReason.UNREADABLE, "cannot list directory: " + describe(e));
        return;
      } catch (DirectoryIteratorException e) {
        skip(rel, SkipReason.UNREADABLE, "cannot list directory: " + describe(e.getCause()));
        return;
      }
      List<Entry> entries = new ArrayList<>(children.size());
      for (Path child : children) {
        String name = child.getFileName().toString();
        try {
          entries.add(new Entry(name, child,
              Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS), null));
        } catch (IOException e) {
          entries.add(new Entry(name, child, null, e));
        }
      }
      entries.sort(Comparator.comparing(Entry::name));

      // A .git entry makes this directory a repository's top: git rules from above stop applying
      // (a nested repository starts afresh) and its info/exclude applies.
      boolean repositoryTop = false;
      for (Entry e : entries) {
        if (e.name.equals(GIT_DIR)) {
          repositoryTop = true;
        }
      }
      if (repositoryTop) {
        inRepo = true;
        chain = withoutGit(chain);
        Path exclude = excludeFile(dir);
        if (Files.isRegularFile(exclude, LinkOption.NOFOLLOW_LINKS)) {
          chain = pushGit(chain, readRules(exclude, rel, relativeLabel(rel, ".git/info/exclude")));
        }
      }
      // This directory's ignore files apply to its entries: .gitignore (in a repository only), then
      // .ignore, then .vcrignore (highest priority).
      IgnoreRules gitignore = IgnoreRules.EMPTY;
      IgnoreRules ignore = IgnoreRules.EMPTY;
      IgnoreRules vcrignore = IgnoreRules.EMPTY;
      for (Entry e : entries) {
        if (e.attrs != null && e.attrs.isRegularFile()) {
          if (e.name.equals(GITIGNORE) && inRepo) {
            gitignore = readRules(e.path, rel, relativeLabel(rel, GITIGNORE));
          } else if (e.name.equals(IGNORE)) {
            ignore = readRules(e.path, rel, relativeLabel(rel, IGNORE));
          } else if (e.name.equals(VCRIGNORE)) {
            vcrignore = readRules(e.path, rel, relativeLabel(rel, VCRIGNORE));
          }
        }
      }
      chain = push(push(pushGit(chain, gitignore), ignore), vcrignore);

      for (Entry e : entries) {
        if (e.name.equals(GIT_DIR)) {
          continue;
        }
        String childRel = rel.isEmpty() ? e.name : rel + "/" + e.name;
        BasicFileAttributes a = e.attrs;
        if (a == null) {
          // Vanished or unreadable between listing and lstat; report only what we would have indexed.
          if (Language.forFileName(e.name).isPresent() && !ignored(childRel, false, chain)) {
            skip(childRel, SkipReason.UNREADABLE, describe(e.error));
          }
        } else if (a.isSymbolicLink()) {
          links.add(new Link(childRel, e.path, chain, inRepo));
        } else if (a.isDirectory()) {
          if (!ignored(childRel, true, chain)) {
            enterDirectory(e.path, childRel, chain, inRepo, a);
          }
        } else {
          Optional<Language> language = Language.forFileName(e.name);
          if (language.isPresent() && !ignored(childRel, false, chain)) {
            if (a.isRegularFile()) {
              reachedFiles.putIfAbsent(identity(a, e.path), childRel);
              addFile(childRel, e.path, a, language.get());
            } else {
              skip(childRel, SkipReason.UNREADABLE, "not a regular file (" + kind(a) + ")");
            }
          } else if (ScanResult.isProjectFile(childRel) && a.isRegularFile() && !ignored(childRel, false, chain)) {
            projectFiles.put(childRel, e.path);
          }
        }
      }
    }

    /** Enters a directory unless it was already entered through another path. */
    void enterDirectory(Path dir, String rel, Chain chain, boolean inRepo, BasicFileAttributes attrs)
        throws InterruptedIOException {
      String first = directories.putIfAbsent(identity(attrs, dir), rel);
      if (first != null) {
        skip(rel, SkipReason.SYMLINK_LOOP, isAncestor(first, rel)
            ? "cycle: same directory as its ancestor '" + first + "'"
            : "same directory as '" + first + "', already scanned");
        return;
      }
      walk(dir, rel, chain, inRepo);
    }

    void follow(Link link) throws InterruptedIOException {
      String name = link.absolute.getFileName().toString();
      BasicFileAttributes target;
      try {
        target = Files.readAttributes(link.absolute, BasicFileAttributes.class);
      } catch (IOException e) {
        if (Language.forFileName(name).isPresent() && !ignored(link.path, false, link.chain)) {
          reportBrokenLink(link, e);
        }
        return;
      }
      boolean isDirectory = target.isDirectory();
      if (ignored(link.path, isDirectory, link.chain)) {
        return;
      }
      Optional<Language> language = isDirectory ? Optional.empty() : Language.forFileName(name);
      if (!isDirectory && language.isEmpty()) {
        return;
      }
      Path real;
      try {
        real = link.absolute.toRealPath();
      } catch (IOException e) {
        skip(link.path, SkipReason.UNREADABLE, describe(e));
        return;
      }
      if (!real.startsWith(rootReal)) {
        skip(link.path, SkipReason.SYMLINK_OUTSIDE_ROOT, "-> " + real);
        return;
      }
      if (isDirectory) {
        enterDirectory(link.absolute, link.path, link.chain, link.inRepo, target);
      } else if (target.isRegularFile()) {
        String first = reachedFiles.putIfAbsent(identity(target, real), link.path);
        if (first != null) {
          skip(link.path, SkipReason.SYMLINK_LOOP, "same file as '" + first + "', already scanned");
        } else {
          addFile(link.path, link.absolute, target, language.get());
        }
      } else {
        skip(link.path, SkipReason.UNREADABLE, "not a regular file (" + kind(target) + ")");
      }
    }

    void reportBrokenLink(Link link, IOException error) {
      String target;
      try {
        target = Files.readSymbolicLink(link.absolute).toString();
      } catch (IOException | UnsupportedOperationException e) {
        target = "?";
      }
      if (error instanceof NoSuchFileException) {
        skip(link.path, SkipReason.UNREADABLE, "dangling symlink -> " + target);
      } else if (isLinkCycle(link.absolute, error)) {
        skip(link.path, SkipReason.SYMLINK_LOOP, "symlink chain never resolves: -> " + target);
      } else {
        skip(link.path, SkipReason.UNREADABLE, describe(error));
      }
    }

    void addFile(String rel, Path absolute, BasicFileAttributes a, Language language)
        throws InterruptedIOException {
      long size = a.size();
      if (size > options.maxFileBytes()) {
        skip(rel, SkipReason.TOO_LARGE, size + " bytes > limit of " + options.maxFileBytes());
        return;
      }
      if (size > 0 && sniffBinary) {
        int n;
        try {
          n = readHead(absolute);
        } catch (ClosedByInterruptException e) {
          throw interrupted();
        } catch (IOException e) {
          skip(rel, SkipReason.UNREADABLE, describe(e));
          return;
        }
        if (looksBinary(sniff, n)) {
          skip(rel, SkipReason.BINARY, "NUL byte in the first " + Math.min(n, SNIFF_BYTES) + " bytes");
          return;
        }
      }
      files.add(new ScannedFile(rootIndex, root, rel, absolute, language, size,
          a.lastModifiedTime().toMillis()));
      listed++;
    }

    /** Whether the rules exclude the path; an excluded source file or directory is recorded. */
    boolean ignored(String path, boolean isDirectory, Chain chain) {
      IgnoreRules by = excludedBy(path, isDirectory, chain);
      if (by == null) {
        return false;
      }
      Hidden h = hidden.computeIfAbsent(by.source(),
          k -> new Hidden(by, by.decidingPattern(path, isDirectory)));
      if (isDirectory) {
        if (h.directories.size() < 10_000) {
          h.directories.add(path);
        }
      } else if (Language.forFileName(path.substring(path.lastIndexOf('/') + 1)).isPresent()) {
        h.sourceFiles++;
      }
      return true;
    }

    /**
     * A warning when this root lists no file although its ignore rules hid source files (of a known
     * language, counted inside hidden directories too, without following symlinks), naming each rule
     * file and the pattern that hid the first entry; null otherwise.
     */
    String allHiddenWarning() {
      if (listed > 0 || hidden.isEmpty()) {
        return null;
      }
      long total = 0;
      List<String> parts = new ArrayList<>();
      for (Hidden h : hidden.values()) {
        for (String dir : h.directories) {
          if (total + h.sourceFiles >= HIDDEN_COUNT_LIMIT) {
            break;
          }
          h.sourceFiles += countSources(root.resolve(dir), HIDDEN_COUNT_LIMIT - total - h.sourceFiles);
        }
        if (h.sourceFiles > 0) {
          total += h.sourceFiles;
          String rulesFile = h.rules == extraRules ? "the extra ignore patterns" : h.rules.source();
          parts.add(rulesFile + " (" + h.firstPattern + ") hides " + h.sourceFiles);
        }
      }
      if (total == 0) {
        return null;
      }
      return "ignore rules hide every source file of " + root + " (" + total
          + (total >= HIDDEN_COUNT_LIMIT ? "+" : "") + " files): " + String.join("; ", parts)
          + "; nothing to index";
    }

    /** Known-language regular files under {@code dir}, without following symlinks; at most limit. */
    long countSources(Path dir, long limit) {
      long[] n = {0};
      try {
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
          @Override
          public java.nio.file.FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
            return d.getFileName() != null && d.getFileName().toString().equals(GIT_DIR)
                ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                : java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && Language.forFileName(f.getFileName().toString()).isPresent()) {
              n[0]++;
            }
            return n[0] >= limit ? java.nio.file.FileVisitResult.TERMINATE
                : java.nio.file.FileVisitResult.CONTINUE;
          }

          @Override
          public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e) {
            return java.nio.file.FileVisitResult.CONTINUE;
          }
        });
      } catch (IOException e) {
        // Best effort: a diagnostic count.
      }
      return n[0];
    }

    /** Reads up to {@link #SNIFF_BYTES} bytes into {@link #sniff}; returns how many. */
    int readHead(Path file) throws IOException {
      ByteBuffer buffer = ByteBuffer.wrap(sniff);
      try (SeekableByteChannel channel = Files.newByteChannel(file)) {
        while (buffer.hasRemaining()) {
          if (channel.read(buffer) < 0) {
            break;
          }
        }
      }
      return buffer.position();
    }

    void checkInterrupt() throws InterruptedIOException {
      if (Thread.currentThread().isInterrupted()) {
        throw interrupted();
      }
    }

    InterruptedIOException interrupted() {
      return new InterruptedIOException("scan of " + root + " interrupted");
    }

    void skip(String rel, SkipReason reason, String detail) {
      skipped.add(new SkippedFile(rootIndex, rel, reason, detail));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** The inode key where the platform has one, else the real path. */
  private static Object identity(BasicFileAttributes attrs, Path path) {
    Object key = attrs.fileKey();
    if (key != null) {
      return key;
    }
    try {
      return path.toRealPath().toString();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize().toString();
    }
  }

  private static boolean isAncestor(String ancestor, String path) {
    return ancestor.isEmpty() || path.startsWith(ancestor + "/");
  }

  /** Whether a link that failed to resolve is part of a cycle of links (ELOOP), checked by hand. */
  private static boolean isLinkCycle(Path link, IOException error) {
    if (error instanceof FileSystemException fse
        && fse.getReason() != null
        && fse.getReason().contains("levels of symbolic links")) {
      return true;
    }
    Set<Path> seen = new HashSet<>();
    Path current = link.toAbsolutePath().normalize();
    for (int hops = 0; hops < 64; hops++) {
      if (!seen.add(current)) {
        return true;
      }
      try {
        if (!Files.isSymbolicLink(current)) {
          return false;
        }
        Path parent = current.getParent();
        Path target = Files.readSymbolicLink(current);
        current = (parent == null ? target : parent.resolve(target)).normalize();
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
    return true;
  }

  private static String kind(BasicFileAttributes a) {
    return a.isOther() ? "fifo, socket or device" : "special file";
  }

  private static String describe(Throwable e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no longer exists";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
