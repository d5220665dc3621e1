/*
 * textstats: a Hielements WebAssembly library written in plain C (no libc, no WASI).
 *
 *   check    max_line_length(scope, n)  every line of every file has at most n characters
 *   selector line_count(scope)          total number of lines in the scope's files
 *
 * Build (Debian: apt-get install clang lld):
 *   clang --target=wasm32 -nostdlib -O2 -Wl,--no-entry -Wl,--import-memory -o textstats.wasm textstats.c
 *
 * The ABI is described in docs/wasm_abi.md. This file carries its own tiny JSON scanner and
 * writer: it only needs the request's "function", "workspace", the scope's "paths" and an Int.
 */
typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long i64;

#define IMPORT(name) __attribute__((import_module("hielements"), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

IMPORT("read_file") i64 host_read_file(const char *path, u32 len);

extern unsigned char __heap_base;

/* ---------------------------------------------------------------- memory */

static u32 heap_top = 0;
static u32 last_response = 0;

void *memcpy(void *dst, const void *src, unsigned long n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  while (n--) *d++ = *s++;
  return dst;
}

void *memset(void *dst, int c, unsigned long n) {
  unsigned char *d = dst;
  while (n--) *d++ = (unsigned char)c;
  return dst;
}

static u32 heap_start(void) { return ((u32)&__heap_base + 15) & ~15u; }

/* Bump allocator; the whole heap is released when the host frees a response. */
EXPORT("alloc") u32 alloc(u32 len) {
  if (heap_top == 0) heap_top = heap_start();
  u32 ptr = heap_top;
  u32 end = ptr + ((len + 15) & ~15u);
  u32 have = __builtin_wasm_memory_size(0) * 65536u;
  if (end > have) {
    u32 pages = (end - have + 65535) / 65536;
    if (__builtin_wasm_memory_grow(0, pages) == (unsigned long)-1) return 0;
  }
  heap_top = end;
  return ptr;
}

EXPORT("dealloc") void dealloc(u32 ptr, u32 len) {
  (void)len;
  if (ptr != 0 && ptr == last_response) heap_top = heap_start();
}

EXPORT("hielements_abi_version") int abi_version(void) { return 1; }

/* ---------------------------------------------------------------- output buffer */

static char *out;
static u32 out_len, out_cap;

static void out_reset(void) {
  out_cap = 4096;
  out = (char *)alloc(out_cap);
  out_len = 0;
}

static void out_byte(char c) {
  if (out_len == out_cap) {
    char *bigger = (char *)alloc(out_cap * 2);
    memcpy(bigger, out, out_len);
    out = bigger;
    out_cap *= 2;
  }
  out[out_len++] = c;
}

static void out_raw(const char *s) {
  while (*s) out_byte(*s++);
}

static void out_uint(u64 v) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) out_byte(tmp[--n]);
}

static void out_str(const char *s, u32 len) {
  static const char hex[] = "0123456789abcdef";
  out_byte('"');
  for (u32 i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      out_byte('\\');
      out_byte((char)c);
    } else if (c < 0x20) {
      out_raw("\\u00");
      out_byte(hex[c >> 4]);
      out_byte(hex[c & 15]);
    } else {
      out_byte((char)c);
    }
  }
  out_byte('"');
}

static i64 respond(void) {
  last_response = (u32)out;
  return ((i64)(u32)out << 32) | out_len;
}

static i64 error_response(const char *message) {
  out_reset();
  out_raw("{\"error\":{\"code\":-32602,\"message\":");
  u32 n = 0;
  while (message[n]) n++;
  out_str(message, n);
  out_raw("}}");
  return respond();
}

/* ---------------------------------------------------------------- request scanning */

typedef struct {
  const char *p;
  u32 len;
} slice;

static int starts_with(const char *s, const char *end, const char *lit) {
  while (*lit) {
    if (s >= end || *s != *lit) return 0;
    s++, lit++;
  }
  return 1;
}

/* Position just after the first occurrence of lit in [s, end), or 0. */
static const char *find(const char *s, const char *end, const char *lit) {
  for (; s < end; s++)
    if (starts_with(s, end, lit)) {
      while (*lit) s++, lit++;
      return s;
    }
  return 0;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

/*
 * A JSON string starting after its opening quote. Without escapes it points into the request;
 * with escapes it is decoded into a fresh buffer (\uXXXX of the Basic Multilingual Plane).
 * `raw_end` receives the position of the closing quote.
 */
static slice string_at_end(const char *s, const char *end, const char **raw_end) {
  const char *p = s;
  int escaped = 0;
  while (p < end && *p != '"') {
    if (*p == '\\') escaped = 1, p++;
    p++;
  }
  if (raw_end) *raw_end = p;
  slice r = {s, (u32)(p - s)};
  if (!escaped) return r;
  char *buf = (char *)alloc(r.len);
  u32 n = 0;
  for (const char *q = s; q < p; q++) {
    if (*q != '\\') {
      buf[n++] = *q;
      continue;
    }
    char e = *++q;
    if (e == 'n') buf[n++] = '\n';
    else if (e == 't') buf[n++] = '\t';
    else if (e == 'r') buf[n++] = '\r';
    else if (e == 'b') buf[n++] = '\b';
    else if (e == 'f') buf[n++] = '\f';
    else if (e == 'u' && q + 4 < p) {
      u32 cp = (u32)(hex_digit(q[1]) << 12 | hex_digit(q[2]) << 8 | hex_digit(q[3]) << 4 | hex_digit(q[4]));
      q += 4;
      if (cp < 0x80) buf[n++] = (char)cp;
      else if (cp < 0x800) buf[n++] = (char)(0xc0 | cp >> 6), buf[n++] = (char)(0x80 | (cp & 0x3f));
      else buf[n++] = (char)(0xe0 | cp >> 12), buf[n++] = (char)(0x80 | ((cp >> 6) & 0x3f)), buf[n++] = (char)(0x80 | (cp & 0x3f));
    } else buf[n++] = e; /* \" \\ \/ */
  }
  r.p = buf;
  r.len = n;
  return r;
}

static slice string_at(const char *s, const char *end) { return string_at_end(s, end, 0); }

static int parse_int(const char *s, const char *end, i64 *value) {
  int neg = 0;
  i64 v = 0;
  while (s < end && (*s == ' ' || *s == '"')) s++;
  if (s < end && *s == '-') neg = 1, s++;
  if (s >= end || *s < '0' || *s > '9') return 0;
  while (s < end && *s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
  *value = neg ? -v : v;
  return 1;
}

static slice workspace;

/* Workspace-relative form of an absolute path inside the workspace. */
static slice relative(slice path) {
  if (workspace.len > 0 && path.len > workspace.len && path.p[workspace.len] == '/') {
    for (u32 i = 0; i < workspace.len; i++)
      if (path.p[i] != workspace.p[i]) return path;
    slice r = {path.p + workspace.len + 1, path.len - workspace.len - 1};
    return r;
  }
  return path;
}

/* ---------------------------------------------------------------- the functions */

typedef struct {
  u64 lines;
  u64 longest;
  u64 longest_line;
} stats;

static int file_stats(slice path, stats *st) {
  slice rel = relative(path);
  i64 packed = host_read_file(rel.p, rel.len);
  if (packed < 0) return (int)packed;
  const unsigned char *p = (const unsigned char *)(u32)((u64)packed >> 32);
  u32 len = (u32)packed;
  u64 line = 1, col = 0;
  st->lines = len ? 1 : 0;
  st->longest = 0;
  st->longest_line = 0;
  for (u32 i = 0; i < len; i++) {
    if (p[i] == '\n') {
      if (i + 1 < len) st->lines++;
      line++;
      col = 0;
      continue;
    }
    if ((p[i] & 0xc0) != 0x80) col++; /* count code points, not bytes */
    if (col > st->longest) st->longest = col, st->longest_line = line;
  }
  return 0;
}

/* Calls fn for each string in the scope's "paths" array. */
typedef int (*path_fn)(slice path, void *ctx);

static int each_path(const char *req, const char *end, path_fn fn, void *ctx) {
  const char *s = find(req, end, "\"paths\":[");
  if (!s) return -100;
  while (s < end && *s != ']') {
    if (*s == '"') {
      const char *close;
      slice path = string_at_end(s + 1, end, &close);
      int r = fn(path, ctx);
      if (r != 0) return r;
      s = close + 1;
    } else {
      s++;
    }
  }
  return 0;
}

typedef struct {
  i64 limit;
  u32 failures;
} max_ctx;

static int check_one(slice path, void *vctx) {
  max_ctx *ctx = vctx;
  stats st;
  int r = file_stats(path, &st);
  if (r < 0) return r;
  if ((i64)st.longest > ctx->limit) {
    if (ctx->failures++ > 0) out_byte(',');
    out_raw("{\"file\":");
    out_str(path.p, path.len);
    out_raw(",\"line\":");
    out_uint(st.longest_line);
    out_raw(",\"message\":\"line has ");
    out_uint(st.longest);
    out_raw(" characters\"}");
  }
  return 0;
}

static int count_one(slice path, void *vctx) {
  stats st;
  int r = file_stats(path, &st);
  if (r < 0) return r;
  *(u64 *)vctx += st.lines;
  return 0;
}

static i64 max_line_length(const char *req, const char *end) {
  const char *args = find(req, end, "\"args\":[");
  const char *n = args ? find(args, end, "{\"Int\":") : 0;
  max_ctx ctx = {0, 0};
  if (!n || !parse_int(n, end, &ctx.limit)) return error_response("max_line_length(scope, n): n must be an integer");
  /* Failing locations are written first, then wrapped into the Fail object. */
  out_reset();
  int r = each_path(req, end, check_one, &ctx);
  if (r == -100) return error_response("max_line_length(scope, n): the first argument must be a scope");
  if (r < 0) return error_response("max_line_length: cannot read a file of the scope");
  if (ctx.failures == 0) {
    out_reset();
    out_raw("{\"Pass\":null}");
    return respond();
  }
  char *locs = out;
  u32 locs_len = out_len;
  out_reset();
  out_raw("{\"Fail\":\"");
  out_uint(ctx.failures);
  out_raw(" file(s) have lines longer than ");
  out_uint((u64)ctx.limit);
  out_raw(" characters\",\"locations\":[");
  for (u32 i = 0; i < locs_len; i++) out_byte(locs[i]);
  out_raw("]}");
  return respond();
}

static i64 line_count(const char *req, const char *end) {
  u64 total = 0;
  int r = each_path(req, end, count_one, &total);
  if (r == -100) return error_response("line_count(scope): the argument must be a scope");
  if (r < 0) return error_response("line_count: cannot read a file of the scope");
  out_reset();
  out_raw("{\"Int\":");
  out_uint(total);
  out_byte('}');
  return respond();
}

static i64 dispatch(const char *req, u32 len, int is_check) {
  const char *end = req + len;
  const char *ws = find(req, end, "\"workspace\":\"");
  if (ws) workspace = string_at(ws, end);
  const char *fn = find(req, end, "\"function\":\"");
  if (!fn) return error_response("request without a function name");
  if (is_check && starts_with(fn, end, "max_line_length\"")) return max_line_length(req, end);
  if (!is_check && starts_with(fn, end, "line_count\"")) return line_count(req, end);
  return error_response("unknown function");
}

EXPORT("call") i64 call(const char *req, u32 len) { return dispatch(req, len, 0); }
EXPORT("check") i64 check(const char *req, u32 len) { return dispatch(req, len, 1); }

static const char METADATA[] =
    "{\"name\":\"textstats\",\"version\":\"1.0.0\",\"description\":\"Line statistics (C example)\","
    "\"functions\":[{\"name\":\"line_count\",\"description\":\"Total number of lines in the scope's files.\","
    "\"parameters\":[{\"name\":\"scope\",\"type\":\"scope\",\"description\":\"\"}],\"return_type\":\"integer\"}],"
    "\"checks\":[{\"name\":\"max_line_length\",\"description\":\"Every line has at most n characters.\","
    "\"parameters\":[{\"name\":\"scope\",\"type\":\"scope\",\"description\":\"\"},"
    "{\"name\":\"n\",\"type\":\"integer\",\"description\":\"maximum characters per line\"}],\"return_type\":\"check\"}]}";

EXPORT("metadata") i64 metadata(void) {
  return ((i64)(u32)METADATA << 32) | (u32)(sizeof(METADATA) - 1);
}
