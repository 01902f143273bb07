/*
 * vcrts: Vcr's indexing fast path. One JNI call parses a UTF-8 buffer and runs a compiled extraction query
 * over the whole tree, returning every match as packed ints. Java evaluates the query's text predicates
 * (#eq?, #match?, ...) on those records, exactly as tree-sitter-ng does, and builds FileFacts from them.
 *
 * This file is Vcr's own code. It links the tree-sitter C runtime and the grammars' parser.c/scanner.c
 * exactly as the npm registry publishes them (fetched and compiled by native/build.sh, never committed).
 *
 * Ownership and threads:
 *   - languages are static data in the grammars; queries are made once per language by Java, shared by
 *     all threads read-only (a TSQuery is immutable once built), and freed by nQueryDelete;
 *   - each thread that calls nExtract gets its own TSParser and TSQueryCursor, kept in a pthread key and
 *     freed by the key's destructor when the thread exits;
 *   - every tree is deleted before nExtract returns;
 *   - an open document's tree (nTreeParse) belongs to its Java owner, which serialises every call on it and
 *     frees it with nTreeDelete; it may be parsed, edited and queried from any thread (the parser and
 *     cursor used are the calling thread's).
 *
 * Packed result of nExtract (ints):
 *   [0] = number of matches
 *   then per match: pattern index, capture count n, then n triples (capture index, start byte, end byte),
 *   in the order ts_query_cursor_next_match reports them.
 */
#include <jni.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <tree_sitter/api.h>

/* Bumped whenever a native signature or the packed layout changes; Java refuses any other value. */
#define VCRTS_PROTOCOL 2

const TSLanguage *tree_sitter_java(void);
const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);
const TSLanguage *tree_sitter_go(void);
const TSLanguage *tree_sitter_rust(void);
const TSLanguage *tree_sitter_c(void);
const TSLanguage *tree_sitter_cpp(void);
const TSLanguage *tree_sitter_c_sharp(void);
const TSLanguage *tree_sitter_ruby(void);
const TSLanguage *tree_sitter_php(void);

typedef struct {
  const char *id;
  const TSLanguage *(*make)(void);
} Grammar;

/* Keyed by Vcr's language ids (dev.vcr.kernel.lang.Language#id). */
static const Grammar GRAMMARS[] = {
  {"java", tree_sitter_java},
  {"python", tree_sitter_python},
  {"javascript", tree_sitter_javascript},
  {"typescript", tree_sitter_typescript},
  {"tsx", tree_sitter_tsx},
  {"go", tree_sitter_go},
  {"rust", tree_sitter_rust},
  {"c", tree_sitter_c},
  {"cpp", tree_sitter_cpp},
  {"csharp", tree_sitter_c_sharp},
  {"ruby", tree_sitter_ruby},
  {"php", tree_sitter_php},
};

typedef struct {
  TSParser *parser;
  TSQueryCursor *cursor;
  jint *out;
  size_t cap;
} PerThread;

static pthread_key_t thread_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void per_thread_free(void *p) {
  PerThread *t = (PerThread *)p;
  if (t == NULL) return;
  if (t->cursor) ts_query_cursor_delete(t->cursor);
  if (t->parser) ts_parser_delete(t->parser);
  free(t->out);
  free(t);
}

static void make_key(void) { pthread_key_create(&thread_key, per_thread_free); }

static PerThread *per_thread(void) {
  pthread_once(&key_once, make_key);
  PerThread *t = (PerThread *)pthread_getspecific(thread_key);
  if (t != NULL) return t;
  t = (PerThread *)calloc(1, sizeof(PerThread));
  if (t == NULL) return NULL;
  t->parser = ts_parser_new();
  t->cursor = ts_query_cursor_new();
  if (t->parser == NULL || t->cursor == NULL || pthread_setspecific(thread_key, t) != 0) {
    per_thread_free(t);
    return NULL;
  }
  return t;
}

/* Makes room for `more` ints after `used`; false when out of memory. */
static int reserve(PerThread *t, size_t used, size_t more) {
  if (used + more <= t->cap) return 1;
  size_t cap = t->cap ? t->cap : 4096;
  while (cap < used + more) cap *= 2;
  jint *grown = (jint *)realloc(t->out, cap * sizeof(jint));
  if (grown == NULL) return 0;
  t->out = grown;
  t->cap = cap;
  return 1;
}

static void throw_error(JNIEnv *env, const char *message) {
  jclass cls = (*env)->FindClass(env, "java/lang/IllegalStateException");
  if (cls != NULL) (*env)->ThrowNew(env, cls, message);
}

/*
 * Runs `query` over `tree` with the thread's cursor and returns the packed matches (see the top of this
 * file), or null with a pending exception when memory runs out.
 */
static jintArray pack_matches(JNIEnv *env, PerThread *t, const TSQuery *query, const TSTree *tree) {
  size_t used = 1;
  int ok = reserve(t, 0, 1);
  jint matches = 0;
  if (ok) {
    ts_query_cursor_exec(t->cursor, query, ts_tree_root_node(tree));
    TSQueryMatch match;
    while (ts_query_cursor_next_match(t->cursor, &match)) {
      size_t need = 2 + 3 * (size_t)match.capture_count;
      if (!reserve(t, used, need)) {
        ok = 0;
        break;
      }
      jint *o = t->out + used;
      *o++ = (jint)match.pattern_index;
      *o++ = (jint)match.capture_count;
      for (uint16_t i = 0; i < match.capture_count; i++) {
        const TSQueryCapture *c = &match.captures[i];
        *o++ = (jint)c->index;
        *o++ = (jint)ts_node_start_byte(c->node);
        *o++ = (jint)ts_node_end_byte(c->node);
      }
      used += need;
      matches++;
    }
  }
  if (!ok) {
    throw_error(env, "vcrts: out of memory");
    return NULL;
  }
  t->out[0] = matches;
  jintArray result = (*env)->NewIntArray(env, (jsize)used);
  if (result != NULL) (*env)->SetIntArrayRegion(env, result, 0, (jsize)used, t->out);
  /* Keep a thread's buffer small between files: a huge file should not pin its buffer forever. */
  if (t->cap > ((size_t)1 << 20)) {
    free(t->out);
    t->out = NULL;
    t->cap = 0;
  }
  return result;
}

/* Sets the thread parser's grammar unless it has it already (setting it again recreates the scanner). */
static int use_language(PerThread *t, jlong language) {
  const TSLanguage *lang = (const TSLanguage *)(intptr_t)language;
  return ts_parser_language(t->parser) == lang || ts_parser_set_language(t->parser, lang);
}

JNIEXPORT jint JNICALL Java_dev_vcr_kernel_parse_NativeExtractor_nProtocol(JNIEnv *env, jclass cls) {
  (void)env; (void)cls;
  return VCRTS_PROTOCOL;
}

/* The grammar of a Vcr language id, or 0 when this library does not link it. */
JNIEXPORT jlong JNICALL Java_dev_vcr_kernel_parse_NativeExtractor_nLanguage(JNIEnv *env, jclass cls, jstring id) {
  (void)cls;
  const char *name = (*env)->GetStringUTFChars(env, id, NULL);
  if (name == NULL) return 0;
  const TSLanguage *found = NULL;
  for (size_t i = 0; i < sizeof(GRAMMARS) / sizeof(GRAMMARS[0]); i++) {
    if (strcmp(GRAMMARS[i].id, name) == 0) {
      found = GRAMMARS[i].make();
      break;
    }
  }
  (*env)->ReleaseStringUTFChars(env, id, name);
  if (found == NULL) return 0;
  uint32_t abi = ts_language_abi_version(found);
  if (abi < TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION || abi > TREE_SITTER_LANGUAGE_VERSION) return 0;
  return (jlong)(intptr_t)found;
}

/*
 * Compiles a query. Returns the TSQuery pointer, or 0 with error[0] = byte offset and error[1] = the
 * TSQueryError code.
 */
JNIEXPORT jlong JNICALL Java_dev_vcr_kernel_parse_NativeExtractor_nQueryNew(
    JNIEnv *env, jclass cls, jlong language, jbyteArray source, jintArray error) {
  (void)cls;
  jsize len = (*env)->GetArrayLength(env, source);
  char *text = (char *)malloc((size_t)len + 1);
  if (text == NULL) {
    throw_error(env, "vcrts: out of memory");
    return 0;
  }
  (*env)->GetByteArrayRegion(env, source, 0, len, (jbyte *)text);
  text[len] = 0;
  uint32_t offset = 0;
  TSQueryError kind = TSQueryErrorNone;
  TSQuery *query = ts_query_new((const TSLanguage *)(intptr_t)language, text, (uint32_t)len, &offset, &kind);
  free(text);
  if (query == NULL) {
    jint e[2] = {(jint)offset, (jint)kind};
    (*env)->SetIntArrayRegion(env, error, 0, 2, e);
    return 0;
  }
  return (jlong)(intptr_t)query;
}

JNIEXPORT void JNICALL Java_dev_vcr_kernel_parse_NativeExtractor_nQueryDelete(JNIEnv *env, jclass cls, jlong query) {
  (void)env; (void)cls;
  if (query != 0) ts_query_delete((TSQuery *)(intptr_t)query);
}

JNIEXPORT jint JNICALL Java_dev_vcr_kernel_parse_NativeExtractor_nPatternCount(JNIEnv *env, jclass cls, jlong query) {
  (void)env; (void)cls;
  return (jint)ts_query_pattern_count((const TSQuery *)(intptr_t)query);
}

JNIEXPORT jint JNICALL Java_dev_vcr_kernel_parse_NativeExtractor_nCaptureCount(JNIEnv *env, jclass cls, jlong query) {
  (void)env; (void)cls;
  return (jint)ts_query_capture_count((const TSQuery *)(intptr_t)query);
}

JNIEXPORT jint JNICALL Java_dev_vcr_kernel_parse_NativeExtractor_nPatternStart(
    JNIEnv *env, jclass cls, jlong query, jint pattern) {
  (void)env; (void)cls;
  return (jint)ts_query_start_byte_for_pattern((const TSQuery *)(intptr_t)query, (uint32_t)pattern);
}

/* A capture's name as UTF-8 bytes (names may hold any character the query syntax allows). */
JNIEXPORT jbyteArray JNICALL Java_dev_vcr_kernel_parse_NativeExtractor_nCaptureName(
    JNIEnv *env, jclass cls, jlong query, jint id) {
  (void)cls;
  uint32_t len = 0;
  const char *name = ts_query_capture_name_for_id((const TSQuery *)(intptr_t)query, (uint32_t)id, &len);
  jbyteArray out = (*env)->NewByteArray(env, (jsize)len);
  if (out != NULL && len > 0) (*env)->SetByteArrayRegion(env, out, 0, (jsize)len, (const jbyte *)name);
  return out;
}

/*
 * Parses `text` with `language`, runs `query` over the whole tree and returns the packed matches (see the
 * top of this file), or null with a pending exception when memory runs out or tree-sitter gives no tree.
 */
JNIEXPORT jintArray JNICALL Java_dev_vcr_kernel_parse_NativeExtractor_nExtract(
    JNIEnv *env, jclass cls, jlong language, jlong query, jbyteArray text) {
  (void)cls;
  PerThread *t = per_thread();
  if (t == NULL) {
    throw_error(env, "vcrts: cannot allocate a parser");
    return NULL;
  }
  jsize len = (*env)->GetArrayLength(env, text);
  char *buf = (char *)malloc(len > 0 ? (size_t)len : 1);
  if (buf == NULL) {
    throw_error(env, "vcrts: out of memory");
    return NULL;
  }
  (*env)->GetByteArrayRegion(env, text, 0, len, (jbyte *)buf);

  if (!use_language(t, language)) {
    free(buf);
    throw_error(env, "vcrts: grammar not accepted by the parser");
    return NULL;
  }
  TSTree *tree = ts_parser_parse_string(t->parser, NULL, buf, (uint32_t)len);
  if (tree == NULL) {
    ts_parser_reset(t->parser);
    free(buf);
    throw_error(env, "vcrts: tree-sitter returned no tree");
    return NULL;
  }

  jintArray result = pack_matches(env, t, (const TSQuery *)(intptr_t)query, tree);
  ts_tree_delete(tree);
  free(buf);
  return result;
}


/* ---- Open documents: trees that live between calls, edited and reparsed incrementally. ---- */

typedef struct {
  const char *text;
  uint32_t len;
} Buffer;

static const char *buffer_read(void *payload, uint32_t byte_index, TSPoint position, uint32_t *bytes_read) {
  (void)position;
  Buffer *b = (Buffer *)payload;
  if (byte_index >= b->len) {
    *bytes_read = 0;
    return "";
  }
  *bytes_read = b->len - byte_index;
  return b->text + byte_index;
}

typedef struct {
  struct timespec deadline;
  int stopped;
} Budget;

static bool over_budget(TSParseState *state) {
  Budget *b = (Budget *)state->payload;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  if (now.tv_sec > b->deadline.tv_sec || (now.tv_sec == b->deadline.tv_sec && now.tv_nsec > b->deadline.tv_nsec)) {
    b->stopped = 1;
  }
  return b->stopped != 0;
}

/*
 * Parses `text`, reusing `old_tree` (0 for none; the caller has applied nTreeEdit to it for every change
 * since it was parsed; it stays the caller's). With `budget_nanos` > 0 the parse gives up after that long:
 * it returns 0 and sets status[0] = 1. Returns the new tree, or 0 with a pending exception.
 */
JNIEXPORT jlong JNICALL Java_dev_vcr_kernel_parse_NativeExtractor_nTreeParse(
    JNIEnv *env, jclass cls, jlong language, jbyteArray text, jlong old_tree, jlong budget_nanos, jintArray status) {
  (void)cls;
  PerThread *t = per_thread();
  if (t == NULL) {
    throw_error(env, "vcrts: cannot allocate a parser");
    return 0;
  }
  if (!use_language(t, language)) {
    throw_error(env, "vcrts: grammar not accepted by the parser");
    return 0;
  }
  jsize len = (*env)->GetArrayLength(env, text);
  char *buf = (char *)malloc(len > 0 ? (size_t)len : 1);
  if (buf == NULL) {
    throw_error(env, "vcrts: out of memory");
    return 0;
  }
  (*env)->GetByteArrayRegion(env, text, 0, len, (jbyte *)buf);
  Buffer input_text = {buf, (uint32_t)len};
  TSInput input = {.payload = &input_text, .read = buffer_read, .encoding = TSInputEncodingUTF8, .decode = NULL};
  Budget budget = {.stopped = 0};
  TSTree *tree;
  if (budget_nanos > 0) {
    clock_gettime(CLOCK_MONOTONIC, &budget.deadline);
    long long ns = (long long)budget.deadline.tv_nsec + (long long)budget_nanos;
    budget.deadline.tv_sec += (time_t)(ns / 1000000000LL);
    budget.deadline.tv_nsec = (long)(ns % 1000000000LL);
    TSParseOptions options = {.payload = &budget, .progress_callback = over_budget};
    tree = ts_parser_parse_with_options(t->parser, (const TSTree *)(intptr_t)old_tree, input, options);
  } else {
    tree = ts_parser_parse(t->parser, (const TSTree *)(intptr_t)old_tree, input);
  }
  free(buf);
  if (tree == NULL) {
    ts_parser_reset(t->parser);
    if (budget.stopped) {
      jint stopped = 1;
      (*env)->SetIntArrayRegion(env, status, 0, 1, &stopped);
      return 0;
    }
    throw_error(env, "vcrts: tree-sitter returned no tree");
    return 0;
  }
  return (jlong)(intptr_t)tree;
}

/* Records one change of the text on `tree` (byte offsets and tree-sitter points of the old and new text). */
JNIEXPORT void JNICALL Java_dev_vcr_kernel_parse_NativeExtractor_nTreeEdit(JNIEnv *env, jclass cls, jlong tree,
    jint start_byte, jint old_end_byte, jint new_end_byte, jint start_row, jint start_column, jint old_end_row,
    jint old_end_column, jint new_end_row, jint new_end_column) {
  (void)env; (void)cls;
  TSInputEdit edit = {
    .start_byte = (uint32_t)start_byte,
    .old_end_byte = (uint32_t)old_end_byte,
    .new_end_byte = (uint32_t)new_end_byte,
    .start_point = {(uint32_t)start_row, (uint32_t)start_column},
    .old_end_point = {(uint32_t)old_end_row, (uint32_t)old_end_column},
    .new_end_point = {(uint32_t)new_end_row, (uint32_t)new_end_column},
  };
  ts_tree_edit((TSTree *)(intptr_t)tree, &edit);
}

/* Runs `query` over `tree`: the packed matches, as nExtract returns them. */
JNIEXPORT jintArray JNICALL Java_dev_vcr_kernel_parse_NativeExtractor_nTreeQuery(
    JNIEnv *env, jclass cls, jlong tree, jlong query) {
  (void)cls;
  PerThread *t = per_thread();
  if (t == NULL) {
    throw_error(env, "vcrts: cannot allocate a query cursor");
    return NULL;
  }
  return pack_matches(env, t, (const TSQuery *)(intptr_t)query, (const TSTree *)(intptr_t)tree);
}

JNIEXPORT void JNICALL Java_dev_vcr_kernel_parse_NativeExtractor_nTreeDelete(JNIEnv *env, jclass cls, jlong tree) {
  (void)env; (void)cls;
  if (tree != 0) ts_tree_delete((TSTree *)(intptr_t)tree);
}
