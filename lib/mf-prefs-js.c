/* mf-prefs-js.c: reader and byte-preserving writer for prefs.js
 *
 * the grammar is the one Gecko's libpref parser accepts (user_pref, pref and
 * sticky_pref statements; single or double quoted strings with escapes;
 * 32-bit integers; booleans; #, // and block comments); the writer renders
 * statements the way Thunderbird does when it saves the file
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "mf-prefs-js.h"
#include "mf-error.h"
#include "mf-private.h"

/* how much of an unknown word an error message quotes */
#define MF_PREFS_JS_QUOTE_MAX 32

/* the magnitude of G_MININT32, which only a negative literal may reach */
#define MF_PREFS_JS_INT_NEG_LIMIT ((guint64) G_MAXINT32 + 1)

#define MF_PREFS_JS_HEX_X 2
#define MF_PREFS_JS_HEX_U 4

/* a UTF-8 continuation byte is 10xxxxxx */
#define MF_UTF8_LEAD_MASK    0xC0
#define MF_UTF8_CONTINUATION 0x80

#define MF_UTF16_HIGH_FIRST 0xD800
#define MF_UTF16_HIGH_LAST  0xDBFF
#define MF_UTF16_LOW_FIRST  0xDC00
#define MF_UTF16_LOW_LAST   0xDFFF
#define MF_UTF16_SHIFT      10
#define MF_UTF16_BASE       0x10000

/* a slice of the file: a statement, or the text between statements */
typedef struct {
  /* points into the parsed input, into owned, or at a static line ending */
  const gchar *bytes;
  gsize        len;
  gchar       *owned;

  gboolean     is_pref;
  /* the rest is meaningful only when is_pref is set */
  gboolean     is_user_pref;
  gchar       *name;
  MfPrefType   type;
  gchar       *str;
  gint32       num;
  /* how many of the last bytes are the line ending taken with the statement */
  gsize        eol_len;
  guint        line;
} Segment;

struct _MfPrefsJs {
  /* a copy of the input: untouched segments point into it */
  gchar      *input;
  GPtrArray  *segments;
  /* name -> the last segment setting it, which is the one in effect */
  GHashTable *by_name;
  /* the line ending new statements get: the file's first one */
  const gchar *eol;
  /* set when an edit moved statements, so their line numbers are stale */
  gboolean    lines_dirty;
  /* holds only the prefs under a prefix and no text: read, never written */
  gboolean    partial;
};

typedef struct {
  const gchar *data;
  gsize        len;
  gsize        pos;
  guint        line;
  guint        col;
  const gchar *filename;
  const gchar *first_eol;
  /* decoded bytes of the string being read */
  GString     *buf;
  /* the prefix of the names kept (NULL: all), and whether the statement
   * being read is one to pass over */
  const gchar *keep;
  gboolean     passing;
} Parser;

static void
segment_free (Segment *seg)
{
  g_free (seg->owned);
  g_free (seg->name);
  g_free (seg->str);
  g_free (seg);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Segment, segment_free)

/* ---------------------------------------------------------------- rendering */

static void
append_escaped (GString *out, const gchar *value)
{
  const gchar *p;

  for (p = value; *p != '\0'; p++) {
    switch (*p) {
    case '\n': g_string_append (out, "\\n"); break;
    case '\r': g_string_append (out, "\\r"); break;
    case '\\': g_string_append (out, "\\\\"); break;
    case '"':  g_string_append (out, "\\\""); break;
    default:   g_string_append_c (out, *p); break;
    }
  }
}

static void
append_value (GString *out, MfPrefType type, const gchar *str, gint32 num)
{
  switch (type) {
  case MF_PREF_STRING:
    g_string_append_c (out, '"');
    append_escaped (out, str);
    g_string_append_c (out, '"');
    break;
  case MF_PREF_INT:
    g_string_append_printf (out, "%" G_GINT32_FORMAT, num);
    break;
  case MF_PREF_BOOL:
    g_string_append (out, num != 0 ? "true" : "false");
    break;
  case MF_PREF_NONE:
  default:
    g_assert_not_reached ();
  }
}

/* the statement as Thunderbird writes it, without the line ending */
static void
append_statement (GString *out, const gchar *name, MfPrefType type, const gchar *str, gint32 num)
{
  g_string_append (out, "user_pref(\"");
  append_escaped (out, name);
  g_string_append (out, "\", ");
  append_value (out, type, str, num);
  g_string_append (out, ");");
}

/**
 * mf_prefs_js_escape:
 * @value: a string
 *
 * Escapes @value the way Thunderbird writes strings into prefs.js: only line
 * feed, carriage return, backslash and the double quote are escaped, every
 * other byte (UTF-8 included) is kept as it is. The surrounding quotes are
 * not added.
 *
 * Returns: (transfer full): the escaped text
 */
gchar *
mf_prefs_js_escape (const gchar *value)
{
  GString *out;

  g_return_val_if_fail (value != NULL, NULL);

  out = g_string_sized_new (strlen (value) + 1);
  append_escaped (out, value);
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ lexing */

static gboolean
at_eof (const Parser *p)
{
  return p->pos >= p->len;
}

static guchar
peek (const Parser *p)
{
  return (guchar) p->data[p->pos];
}

static guchar
peek_next (const Parser *p)
{
  return p->pos + 1 < p->len ? (guchar) p->data[p->pos + 1] : '\0';
}

/* counts \n, \r and \r\n as one line break each; the column counts
 * characters, so UTF-8 continuation bytes do not move it */
static void
advance (Parser *p)
{
  guchar c = (guchar) p->data[p->pos++];

  if (c == '\r' || c == '\n') {
    gboolean second_half = c == '\n' && p->pos >= 2 && p->data[p->pos - 2] == '\r';

    if (p->first_eol == NULL)
      p->first_eol = c == '\r' && !at_eof (p) && peek (p) == '\n' ? "\r\n" : "\n";
    if (!second_half)
      p->line++;
    p->col = 1;
  } else if ((c & MF_UTF8_LEAD_MASK) != MF_UTF8_CONTINUATION) {
    p->col++;
  }
}

static gboolean
is_blank (guchar c)
{
  return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\n' || c == '\r';
}

static gboolean
is_ident_start (guchar c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_ident_char (guchar c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* sets an MF_ERROR_PARSE and returns FALSE, so a failing parser can
 * return the call; format starts with the file name, line and column */
static gboolean G_GNUC_PRINTF (2, 3)
parse_error (GError **error, const gchar *format, ...)
{
  g_autofree gchar *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, MF_ERROR, MF_ERROR_PARSE, message);
  return FALSE;
}

static gboolean
fail_unterminated_string (Parser *p, GError **error)
{
  return parse_error (error, _("%s:%u:%u: unterminated string"), p->filename, p->line, p->col);
}

static void
skip_to_eol (Parser *p)
{
  while (!at_eof (p) && peek (p) != '\n' && peek (p) != '\r')
    advance (p);
}

static gboolean
skip_block_comment (Parser *p, GError **error)
{
  /* the opening slash and star */
  advance (p);
  advance (p);
  while (!at_eof (p)) {
    if (peek (p) == '*' && peek_next (p) == '/') {
      advance (p);
      advance (p);
      return TRUE;
    }
    advance (p);
  }
  return parse_error (error, _("%s:%u:%u: unterminated comment"), p->filename, p->line, p->col);
}

/* whitespace and comments may stand between any two tokens */
static gboolean
skip_blank (Parser *p, GError **error)
{
  while (!at_eof (p)) {
    guchar c = peek (p);

    if (is_blank (c)) {
      advance (p);
    } else if (c == '#' || (c == '/' && peek_next (p) == '/')) {
      skip_to_eol (p);
    } else if (c == '/' && peek_next (p) == '*') {
      if (!skip_block_comment (p, error))
        return FALSE;
    } else {
      break;
    }
  }
  return TRUE;
}

/* returns the length of the identifier at the cursor, 0 if there is none */
static gsize
read_ident (Parser *p)
{
  gsize start = p->pos;

  if (at_eof (p) || !is_ident_start (peek (p)))
    return 0;
  while (!at_eof (p) && is_ident_char (peek (p)))
    advance (p);
  return p->pos - start;
}

static gboolean
ident_is (const Parser *p, gsize start, gsize len, const gchar *word)
{
  return strlen (word) == len && memcmp (p->data + start, word, len) == 0;
}

static gchar *
quote_word (const Parser *p, gsize start, gsize len)
{
  return g_strndup (p->data + start, MIN (len, MF_PREFS_JS_QUOTE_MAX));
}

/* reads n hex digits after an escape letter; an escape cut short by the end
 * of the input is an unterminated string, anything else a bad escape */
static gboolean
read_hex (Parser *p, guint n, guint line, guint col, guint *out, GError **error)
{
  guint value = 0;
  guint i;

  for (i = 0; i < n; i++) {
    if (at_eof (p))
      return fail_unterminated_string (p, error);
    if (!g_ascii_isxdigit (peek (p)))
      return parse_error (error, _("%s:%u:%u: invalid hexadecimal escape sequence"),
                          p->filename, line, col);
    value = value * 16 + (guint) g_ascii_xdigit_value ((gchar) peek (p));
    advance (p);
  }
  *out = value;
  return TRUE;
}

static gboolean
fail_surrogate (Parser *p, guint line, guint col, GError **error)
{
  return parse_error (error, _("%s:%u:%u: lone surrogate in \\u escape sequence"),
                      p->filename, line, col);
}

/* the \u that must follow a high surrogate */
static gboolean
read_low_surrogate (Parser *p, guint line, guint col, guint *low, GError **error)
{
  if (at_eof (p))
    return fail_unterminated_string (p, error);
  if (peek (p) != '\\')
    return fail_surrogate (p, line, col, error);
  advance (p);
  if (at_eof (p))
    return fail_unterminated_string (p, error);
  if (peek (p) != 'u')
    return fail_surrogate (p, line, col, error);
  advance (p);
  if (!read_hex (p, MF_PREFS_JS_HEX_U, line, col, low, error))
    return FALSE;
  if (*low < MF_UTF16_LOW_FIRST || *low > MF_UTF16_LOW_LAST)
    return fail_surrogate (p, line, col, error);
  return TRUE;
}

/* \uNNNN is a UTF-16 code unit: a high surrogate needs a low one after it,
 * and the pair is stored as the one code point it encodes */
static gboolean
read_unicode_escape (Parser *p, guint line, guint col, GError **error)
{
  guint unit = 0;
  guint low = 0;
  gunichar ch;

  if (!read_hex (p, MF_PREFS_JS_HEX_U, line, col, &unit, error))
    return FALSE;
  if (unit == 0)
    return parse_error (error, _("%s:%u:%u: \\u0000 is not allowed in a string"),
                        p->filename, line, col);
  if (unit >= MF_UTF16_LOW_FIRST && unit <= MF_UTF16_LOW_LAST)
    return fail_surrogate (p, line, col, error);
  ch = unit;
  if (unit >= MF_UTF16_HIGH_FIRST && unit <= MF_UTF16_HIGH_LAST) {
    if (!read_low_surrogate (p, line, col, &low, error))
      return FALSE;
    ch = MF_UTF16_BASE + ((unit - MF_UTF16_HIGH_FIRST) << MF_UTF16_SHIFT) +
         (low - MF_UTF16_LOW_FIRST);
  }
  g_string_append_unichar (p->buf, ch);
  return TRUE;
}

static gboolean
read_escape (Parser *p, GError **error)
{
  guint line = p->line;
  guint col = p->col;
  guint byte = 0;
  guchar c;

  /* the backslash */
  advance (p);
  if (at_eof (p))
    return fail_unterminated_string (p, error);
  c = peek (p);
  advance (p);
  switch (c) {
  case '"':
  case '\'':
  case '\\':
    g_string_append_c (p->buf, (gchar) c);
    return TRUE;
  case 'n':
    g_string_append_c (p->buf, '\n');
    return TRUE;
  case 'r':
    g_string_append_c (p->buf, '\r');
    return TRUE;
  case 'x':
    if (!read_hex (p, MF_PREFS_JS_HEX_X, line, col, &byte, error))
      return FALSE;
    if (byte == 0)
      return parse_error (error, _("%s:%u:%u: \\x00 is not allowed in a string"),
                          p->filename, line, col);
    g_string_append_c (p->buf, (gchar) byte);
    return TRUE;
  case 'u':
    return read_unicode_escape (p, line, col, error);
  default:
    break;
  }
  if (g_ascii_isprint (c))
    return parse_error (error, _("%s:%u:%u: unknown escape sequence '\\%c'"),
                        p->filename, line, col, c);
  return parse_error (error, _("%s:%u:%u: unknown escape sequence"), p->filename, line, col);
}

/* takes the bytes up to the next quote, backslash or line break in one go:
 * they only move the column, and a prefs.js is mostly such runs */
static void
read_plain_run (Parser *p, guchar quote)
{
  gsize start = p->pos;

  while (!at_eof (p)) {
    guchar c = peek (p);

    if (c == quote || c == '\\' || c == '\r' || c == '\n')
      break;
    if ((c & MF_UTF8_LEAD_MASK) != MF_UTF8_CONTINUATION)
      p->col++;
    p->pos++;
  }
  g_string_append_len (p->buf, p->data + start, (gssize) (p->pos - start));
}

/* reads a quoted string at the cursor; the decoded bytes end up in p->buf.
 * raw bytes, line breaks included, are kept as they are */
static gboolean
read_string (Parser *p, GError **error)
{
  guchar quote = peek (p);

  g_string_truncate (p->buf, 0);
  advance (p);
  while (!at_eof (p)) {
    guchar c = peek (p);

    if (c == quote) {
      advance (p);
      return TRUE;
    }
    if (c == '\\') {
      if (!read_escape (p, error))
        return FALSE;
    } else if (c == '\r' || c == '\n') {
      g_string_append_c (p->buf, (gchar) c);
      advance (p);
    } else {
      read_plain_run (p, quote);
    }
  }
  return fail_unterminated_string (p, error);
}

static gboolean
is_quote (guchar c)
{
  return c == '"' || c == '\'';
}

/* ----------------------------------------------------------------- parsing */

static gboolean
expect_char (Parser *p, gchar want, GError **error)
{
  if (!skip_blank (p, error))
    return FALSE;
  if (at_eof (p))
    return parse_error (error, _("%s:%u:%u: unexpected end of file, expected '%c'"),
                        p->filename, p->line, p->col, want);
  if (peek (p) != (guchar) want)
    return parse_error (error, _("%s:%u:%u: expected '%c'"), p->filename, p->line, p->col, want);
  advance (p);
  return TRUE;
}

/* an optional sign, then digits; like Gecko, blanks may follow the sign */
static gboolean
parse_int (Parser *p, gint32 *out, GError **error)
{
  guint line = p->line;
  guint col = p->col;
  gboolean negative = FALSE;
  gboolean overflow = FALSE;
  guint64 magnitude = 0;

  if (peek (p) == '+' || peek (p) == '-') {
    negative = peek (p) == '-';
    advance (p);
    if (!skip_blank (p, error))
      return FALSE;
    if (at_eof (p))
      return parse_error (error, _("%s:%u:%u: unexpected end of file, expected digits"),
                          p->filename, p->line, p->col);
    if (!g_ascii_isdigit (peek (p)))
      return parse_error (error, _("%s:%u:%u: expected digits after the sign"),
                          p->filename, p->line, p->col);
  }
  while (!at_eof (p) && g_ascii_isdigit (peek (p))) {
    /* stop adding once out of range, so a long run of digits cannot wrap */
    if (!overflow)
      magnitude = magnitude * 10 + (guint64) (peek (p) - '0');
    if (magnitude > MF_PREFS_JS_INT_NEG_LIMIT)
      overflow = TRUE;
    advance (p);
  }
  if (overflow || magnitude > (negative ? MF_PREFS_JS_INT_NEG_LIMIT : (guint64) G_MAXINT32))
    return parse_error (error, _("%s:%u:%u: integer does not fit in 32 bits"),
                        p->filename, line, col);
  *out = negative ? (gint32) (-(gint64) magnitude) : (gint32) magnitude;
  return TRUE;
}

static gboolean
parse_value (Parser *p, Segment *seg, GError **error)
{
  guint line;
  guint col;
  gsize start;
  gsize len;
  guchar c;

  if (!skip_blank (p, error))
    return FALSE;
  if (at_eof (p))
    return parse_error (error, _("%s:%u:%u: unexpected end of file, expected a value"),
                        p->filename, p->line, p->col);
  c = peek (p);
  if (is_quote (c)) {
    if (!read_string (p, error))
      return FALSE;
    seg->type = MF_PREF_STRING;
    if (!p->passing)
      seg->str = g_strndup (p->buf->str, p->buf->len);
    return TRUE;
  }
  if (c == '+' || c == '-' || g_ascii_isdigit (c)) {
    seg->type = MF_PREF_INT;
    return parse_int (p, &seg->num, error);
  }
  line = p->line;
  col = p->col;
  start = p->pos;
  len = read_ident (p);
  if (ident_is (p, start, len, "true") || ident_is (p, start, len, "false")) {
    seg->type = MF_PREF_BOOL;
    seg->num = ident_is (p, start, len, "true");
    return TRUE;
  }
  return parse_error (error, _("%s:%u:%u: expected a string, an integer, true or false"),
                      p->filename, line, col);
}

/* the locked and sticky attributes of pref() and sticky_pref(), up to ')' */
static gboolean
parse_attributes (Parser *p, GError **error)
{
  while (TRUE) {
    guint line;
    guint col;
    gsize start;
    gsize len;

    if (!skip_blank (p, error))
      return FALSE;
    if (at_eof (p) || peek (p) != ',')
      return expect_char (p, ')', error);
    advance (p);
    if (!skip_blank (p, error))
      return FALSE;
    if (at_eof (p))
      return parse_error (error, _("%s:%u:%u: unexpected end of file, expected an attribute"),
                          p->filename, p->line, p->col);
    line = p->line;
    col = p->col;
    start = p->pos;
    len = read_ident (p);
    if (!ident_is (p, start, len, "locked") && !ident_is (p, start, len, "sticky"))
      return parse_error (error, _("%s:%u:%u: expected the attribute locked or sticky"),
                          p->filename, line, col);
  }
}

/* the function name that opens a statement; sets is_user_pref */
static gboolean
parse_function (Parser *p, Segment *seg, GError **error)
{
  guint line = p->line;
  guint col = p->col;
  gsize start = p->pos;
  gsize len = read_ident (p);
  g_autofree gchar *word = NULL;

  if (ident_is (p, start, len, "user_pref")) {
    seg->is_user_pref = TRUE;
    return TRUE;
  }
  if (ident_is (p, start, len, "pref") || ident_is (p, start, len, "sticky_pref"))
    return TRUE;
  if (len == 0)
    return parse_error (error, _("%s:%u:%u: expected user_pref, pref or sticky_pref"),
                        p->filename, line, col);
  word = quote_word (p, start, len);
  return parse_error (error, _("%s:%u:%u: expected user_pref, pref or sticky_pref, found '%s'"),
                      p->filename, line, col, word);
}

static gboolean
parse_name (Parser *p, Segment *seg, GError **error)
{
  if (!skip_blank (p, error))
    return FALSE;
  if (at_eof (p))
    return parse_error (error, _("%s:%u:%u: unexpected end of file, expected a pref name"),
                        p->filename, p->line, p->col);
  if (!is_quote (peek (p)))
    return parse_error (error, _("%s:%u:%u: expected a pref name in quotes"),
                        p->filename, p->line, p->col);
  if (!read_string (p, error))
    return FALSE;
  p->passing = p->keep != NULL && !g_str_has_prefix (p->buf->str, p->keep);
  if (!p->passing)
    seg->name = g_strndup (p->buf->str, p->buf->len);
  return TRUE;
}

/* one statement from its function name through the ';' */
static gboolean
parse_statement (Parser *p, Segment *seg, GError **error)
{
  if (!parse_function (p, seg, error) ||
      !expect_char (p, '(', error) ||
      !parse_name (p, seg, error) ||
      !expect_char (p, ',', error) ||
      !parse_value (p, seg, error))
    return FALSE;
  if (seg->is_user_pref) {
    if (!expect_char (p, ')', error))
      return FALSE;
  } else if (!parse_attributes (p, error)) {
    return FALSE;
  }
  return expect_char (p, ';', error);
}

/* the line ending right after a statement belongs to it, so removing the
 * statement removes its line */
static gsize
take_eol (Parser *p)
{
  gsize start = p->pos;

  if (!at_eof (p) && peek (p) == '\r')
    advance (p);
  if (!at_eof (p) && peek (p) == '\n' && (p->pos == start || p->data[p->pos - 1] == '\r'))
    advance (p);
  return p->pos - start;
}

static Segment *
text_segment_new (const gchar *bytes, gsize len)
{
  Segment *seg = g_new0 (Segment, 1);

  seg->bytes = bytes;
  seg->len = len;
  return seg;
}

static void
add_text (MfPrefsJs *self, const gchar *bytes, gsize len)
{
  if (len > 0)
    g_ptr_array_add (self->segments, text_segment_new (bytes, len));
}

static gboolean
parse_document (Parser *p, MfPrefsJs *self, GError **error)
{
  gsize text_start = 0;

  while (TRUE) {
    g_autoptr(Segment) seg = NULL;
    gsize start;

    if (!skip_blank (p, error))
      return FALSE;
    if (at_eof (p))
      break;
    start = p->pos;
    seg = g_new0 (Segment, 1);
    seg->is_pref = TRUE;
    seg->line = p->line;
    if (!parse_statement (p, seg, error))
      return FALSE;
    seg->eol_len = take_eol (p);
    /* a partial parse keeps no bytes: it does not own the input */
    if (self->partial) {
      if (!p->passing) {
        g_hash_table_replace (self->by_name, seg->name, seg);
        g_ptr_array_add (self->segments, g_steal_pointer (&seg));
      }
      continue;
    }
    seg->bytes = p->data + start;
    seg->len = p->pos - start;
    add_text (self, p->data + text_start, start - text_start);
    g_hash_table_replace (self->by_name, seg->name, seg);
    g_ptr_array_add (self->segments, g_steal_pointer (&seg));
    text_start = p->pos;
  }
  add_text (self, p->data + text_start, p->len - text_start);
  return TRUE;
}

static void
position_of (const gchar *data, gsize offset, guint *line, guint *col)
{
  Parser p = { .data = data, .len = offset, .line = 1, .col = 1 };

  while (!at_eof (&p))
    advance (&p);
  *line = p.line;
  *col = p.col;
}

static MfPrefsJs *
prefs_js_new (void)
{
  MfPrefsJs *self = g_new0 (MfPrefsJs, 1);

  self->segments = g_ptr_array_new_with_free_func ((GDestroyNotify) segment_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->eol = "\n";
  return self;
}

static MfPrefsJs *
parse (const gchar *data, gsize len, const gchar *filename, const gchar *keep, GError **error)
{
  g_autoptr(MfPrefsJs) self = NULL;
  g_autoptr(GString) buf = NULL;
  const gchar *nul;
  Parser p = { 0 };

  mf_i18n_init ();
  if (filename == NULL)
    filename = "prefs.js";
  if (len > MF_MAX_FILE_SIZE) {
    g_set_error (error, MF_ERROR, MF_ERROR_TOO_LARGE,
                 _("%s: the file is larger than %u MiB"), filename,
                 (guint) (MF_MAX_FILE_SIZE / (1024 * 1024)));
    return NULL;
  }
  nul = len > 0 ? memchr (data, '\0', len) : NULL;
  if (nul != NULL) {
    guint line = 0;
    guint col = 0;

    position_of (data, (gsize) (nul - data), &line, &col);
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE,
                 _("%s:%u:%u: binary data (a NUL byte)"), filename, line, col);
    return NULL;
  }

  self = prefs_js_new ();
  if (keep != NULL) {
    /* nothing kept points into the input, so it is read where it is */
    self->partial = TRUE;
    p.data = data;
  } else {
    /* one spare byte, so an empty input still has a buffer to point into */
    self->input = g_malloc (len + 1);
    if (len > 0)
      memcpy (self->input, data, len);
    self->input[len] = '\0';
    p.data = self->input;
  }
  buf = g_string_new (NULL);
  p.len = len;
  p.line = 1;
  p.col = 1;
  p.filename = filename;
  p.buf = buf;
  p.keep = keep;
  if (!parse_document (&p, self, error))
    return NULL;
  if (p.first_eol != NULL)
    self->eol = p.first_eol;
  return g_steal_pointer (&self);
}

/**
 * mf_prefs_js_parse:
 * @data: (array length=len): the contents of a prefs.js or user.js file
 * @len: the length of @data in bytes
 * @filename: (nullable): the file's name, only used in error messages
 * @error: return location for a #GError
 *
 * Parses a prefs.js file. Positions in error messages are 1-based lines and
 * columns, where a column counts characters.
 *
 * Returns: (transfer full): the parsed file, or %NULL with @error set to
 *   %MF_ERROR_PARSE for malformed input or %MF_ERROR_TOO_LARGE for input
 *   larger than %MF_MAX_FILE_SIZE
 */
MfPrefsJs *
mf_prefs_js_parse (const gchar *data, gsize len, const gchar *filename, GError **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse (data, len, filename, NULL, error);
}

/**
 * mf_prefs_js_parse_prefix:
 * @data: (array length=len): the contents of a prefs.js or user.js file
 * @len: the length of @data in bytes
 * @filename: (nullable): the file's name, only used in error messages
 * @prefix: the start of the names to keep, e.g. "mail."
 * @error: return location for a #GError
 *
 * Checks the whole file as mf_prefs_js_parse() does, with the same errors,
 * but keeps only the prefs whose names start with @prefix, and none of the
 * file's bytes: for reading a profile's accounts out of a large file. The
 * result can be read, not edited or written, and holds no pointer into
 * @data.
 *
 * Returns: (transfer full): the prefs under @prefix, or %NULL with @error set
 */
MfPrefsJs *
mf_prefs_js_parse_prefix (const gchar *data, gsize len, const gchar *filename, const gchar *prefix,
                          GError **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (prefix != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse (data, len, filename, prefix, error);
}

/**
 * mf_prefs_js_free:
 * @self: (nullable): a parsed file
 *
 * Frees @self and everything it owns.
 */
void
mf_prefs_js_free (MfPrefsJs *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->by_name);
  g_ptr_array_unref (self->segments);
  g_free (self->input);
  g_free (self);
}

/* ----------------------------------------------------------------- reading */

static Segment *
lookup (MfPrefsJs *self, const gchar *name)
{
  return g_hash_table_lookup (self->by_name, name);
}

/**
 * mf_prefs_js_get_type_of:
 * @self: a parsed file
 * @name: a pref name
 *
 * Returns: the type of the value in effect for @name, %MF_PREF_NONE if the
 *   file does not set it
 */
MfPrefType
mf_prefs_js_get_type_of (MfPrefsJs *self, const gchar *name)
{
  Segment *seg;

  g_return_val_if_fail (self != NULL, MF_PREF_NONE);
  g_return_val_if_fail (name != NULL, MF_PREF_NONE);

  seg = lookup (self, name);
  return seg != NULL ? seg->type : MF_PREF_NONE;
}

/**
 * mf_prefs_js_has:
 * @self: a parsed file
 * @name: a pref name
 *
 * Returns: %TRUE if the file sets @name
 */
gboolean
mf_prefs_js_has (MfPrefsJs *self, const gchar *name)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return lookup (self, name) != NULL;
}

/**
 * mf_prefs_js_get_string:
 * @self: a parsed file
 * @name: a pref name
 *
 * Returns: (transfer none) (nullable): the decoded string value of @name,
 *   or %NULL if it is not set or not a string; valid until @name is set
 *   again or removed
 */
const gchar *
mf_prefs_js_get_string (MfPrefsJs *self, const gchar *name)
{
  Segment *seg;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  seg = lookup (self, name);
  return seg != NULL && seg->type == MF_PREF_STRING ? seg->str : NULL;
}

/**
 * mf_prefs_js_get_int:
 * @self: a parsed file
 * @name: a pref name
 * @out: (out) (optional): the value
 *
 * Returns: %TRUE if @name is set to an integer
 */
gboolean
mf_prefs_js_get_int (MfPrefsJs *self, const gchar *name, gint32 *out)
{
  Segment *seg;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  seg = lookup (self, name);
  if (seg == NULL || seg->type != MF_PREF_INT)
    return FALSE;
  if (out != NULL)
    *out = seg->num;
  return TRUE;
}

/**
 * mf_prefs_js_get_bool:
 * @self: a parsed file
 * @name: a pref name
 * @out: (out) (optional): the value
 *
 * Returns: %TRUE if @name is set to true or false
 */
gboolean
mf_prefs_js_get_bool (MfPrefsJs *self, const gchar *name, gboolean *out)
{
  Segment *seg;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  seg = lookup (self, name);
  if (seg == NULL || seg->type != MF_PREF_BOOL)
    return FALSE;
  if (out != NULL)
    *out = seg->num != 0;
  return TRUE;
}

/**
 * mf_prefs_js_list_names:
 * @self: a parsed file
 * @prefix: (nullable): only list names starting with this, %NULL for all
 *
 * Lists the names the file sets, each once, in the order of their first
 * statement.
 *
 * Returns: (transfer container) (element-type utf8): the names, owned by
 *   @self; setting prefs keeps them valid, removing a pref or freeing @self
 *   does not
 */
GPtrArray *
mf_prefs_js_list_names (MfPrefsJs *self, const gchar *prefix)
{
  g_autoptr(GHashTable) seen = NULL;
  GPtrArray *names;
  guint i;

  g_return_val_if_fail (self != NULL, NULL);

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  names = g_ptr_array_new ();
  for (i = 0; i < self->segments->len; i++) {
    Segment *seg = g_ptr_array_index (self->segments, i);

    if (!seg->is_pref || (prefix != NULL && !g_str_has_prefix (seg->name, prefix)))
      continue;
    if (g_hash_table_add (seen, seg->name))
      g_ptr_array_add (names, seg->name);
  }
  return names;
}

/**
 * mf_prefs_js_render_value:
 * @self: a parsed file
 * @name: a pref name
 *
 * Renders the value in effect for @name as Thunderbird would write it:
 * `"text"` with escapes, `25`, `true`.
 *
 * Returns: (transfer full) (nullable): the rendered value, %NULL if @name
 *   is not set
 */
gchar *
mf_prefs_js_render_value (MfPrefsJs *self, const gchar *name)
{
  Segment *seg;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  seg = lookup (self, name);
  if (seg == NULL)
    return NULL;
  out = g_string_new (NULL);
  append_value (out, seg->type, seg->str, seg->num);
  return g_string_free (out, FALSE);
}

/* recounts after edits, with the same line-break rules as the parser */
static void
renumber_lines (MfPrefsJs *self)
{
  guint line = 1;
  gchar prev = '\0';
  guint i;

  for (i = 0; i < self->segments->len; i++) {
    Segment *seg = g_ptr_array_index (self->segments, i);
    gsize j;

    if (seg->is_pref)
      seg->line = line;
    for (j = 0; j < seg->len; j++) {
      gchar c = seg->bytes[j];

      if (c == '\r' || (c == '\n' && prev != '\r'))
        line++;
      prev = c;
    }
  }
  self->lines_dirty = FALSE;
}

/**
 * mf_prefs_js_get_line:
 * @self: a parsed file
 * @name: a pref name
 *
 * Returns: the 1-based line, in the file as it would be written now, of the
 *   statement that sets @name, or 0 if @name is not set
 */
guint
mf_prefs_js_get_line (MfPrefsJs *self, const gchar *name)
{
  Segment *seg;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (name != NULL, 0);

  seg = lookup (self, name);
  if (seg == NULL)
    return 0;
  if (self->lines_dirty)
    renumber_lines (self);
  return seg->line;
}

/* ----------------------------------------------------------------- writing */

static gboolean
value_equals (const Segment *seg, MfPrefType type, const gchar *str, gint32 num)
{
  if (seg->type != type)
    return FALSE;
  if (type == MF_PREF_STRING)
    return g_strcmp0 (seg->str, str) == 0;
  return seg->num == num;
}

static void
segment_assign (Segment *seg, MfPrefType type, const gchar *str, gint32 num)
{
  g_free (seg->str);
  seg->str = g_strdup (str);
  seg->type = type;
  seg->num = num;
  seg->is_user_pref = TRUE;
}

/* gives a pref segment new bytes: a freshly rendered statement plus eol */
static void
segment_take_text (Segment *seg, GString *statement, const gchar *eol, gsize eol_len)
{
  g_string_append_len (statement, eol, (gssize) eol_len);
  g_free (seg->owned);
  seg->len = statement->len;
  seg->eol_len = eol_len;
  seg->owned = g_string_free (statement, FALSE);
  seg->bytes = seg->owned;
}

static GString *
render_statement (const Segment *seg)
{
  GString *out = g_string_new (NULL);

  append_statement (out, seg->name, seg->type, seg->str, seg->num);
  return out;
}

static gboolean
ends_with_eol (const Segment *seg)
{
  return seg->len > 0 && (seg->bytes[seg->len - 1] == '\n' || seg->bytes[seg->len - 1] == '\r');
}

/* the saved file is sorted byte-wise by whole line, so a new line goes
 * before the first user_pref line that sorts after it; *after_last is set
 * when it goes after every statement instead */
static guint
find_insert_index (MfPrefsJs *self, const gchar *line, gboolean *after_last)
{
  g_autoptr(GString) other = g_string_new (NULL);
  guint insert_at = self->segments->len;
  guint i;

  *after_last = TRUE;
  for (i = 0; i < self->segments->len; i++) {
    Segment *seg = g_ptr_array_index (self->segments, i);

    if (!seg->is_pref || !seg->is_user_pref)
      continue;
    g_string_truncate (other, 0);
    append_statement (other, seg->name, seg->type, seg->str, seg->num);
    if (strcmp (other->str, line) > 0) {
      *after_last = FALSE;
      return i;
    }
    insert_at = i + 1;
  }
  return insert_at;
}

static void
insert_new (MfPrefsJs *self, const gchar *name, MfPrefType type, const gchar *str, gint32 num)
{
  Segment *seg = g_new0 (Segment, 1);
  GString *statement;
  gboolean after_last = FALSE;
  guint index;

  seg->is_pref = TRUE;
  seg->name = g_strdup (name);
  segment_assign (seg, type, str, num);
  statement = render_statement (seg);
  index = find_insert_index (self, statement->str, &after_last);
  segment_take_text (seg, statement, self->eol, strlen (self->eol));
  /* a new line must not be glued to a comment or statement without a line ending */
  if (after_last && index > 0 && !ends_with_eol (g_ptr_array_index (self->segments, index - 1))) {
    g_ptr_array_insert (self->segments, (gint) index,
                        text_segment_new (self->eol, strlen (self->eol)));
    index++;
  }
  g_ptr_array_insert (self->segments, (gint) index, seg);
  g_hash_table_replace (self->by_name, seg->name, seg);
}

static void
set_value (MfPrefsJs *self, const gchar *name, MfPrefType type, const gchar *str, gint32 num)
{
  Segment *seg = lookup (self, name);

  if (seg != NULL && value_equals (seg, type, str, num))
    return;
  if (seg != NULL) {
    /* keep the statement's own line ending, which may differ from the file's */
    g_autofree gchar *eol = g_strndup (seg->bytes + seg->len - seg->eol_len, seg->eol_len);

    segment_assign (seg, type, str, num);
    segment_take_text (seg, render_statement (seg), eol, seg->eol_len);
  } else {
    insert_new (self, name, type, str, num);
  }
  self->lines_dirty = TRUE;
}

/**
 * mf_prefs_js_set_string:
 * @self: a parsed file
 * @name: a pref name
 * @value: the new value
 *
 * Sets @name to a string. An existing statement (the last one, when @name
 * is set more than once) is rewritten in place; otherwise a new line goes
 * where Thunderbird's sorting would put it. Setting the value already in
 * effect changes nothing.
 */
void
mf_prefs_js_set_string (MfPrefsJs *self, const gchar *name, const gchar *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->partial);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  set_value (self, name, MF_PREF_STRING, value, 0);
}

/**
 * mf_prefs_js_set_int:
 * @self: a parsed file
 * @name: a pref name
 * @value: the new value
 *
 * Sets @name to an integer, as mf_prefs_js_set_string() does for strings.
 */
void
mf_prefs_js_set_int (MfPrefsJs *self, const gchar *name, gint32 value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->partial);
  g_return_if_fail (name != NULL);

  set_value (self, name, MF_PREF_INT, NULL, value);
}

/**
 * mf_prefs_js_set_bool:
 * @self: a parsed file
 * @name: a pref name
 * @value: the new value
 *
 * Sets @name to true or false, as mf_prefs_js_set_string() does for strings.
 */
void
mf_prefs_js_set_bool (MfPrefsJs *self, const gchar *name, gboolean value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->partial);
  g_return_if_fail (name != NULL);

  set_value (self, name, MF_PREF_BOOL, NULL, value ? 1 : 0);
}

/**
 * mf_prefs_js_remove:
 * @self: a parsed file
 * @name: a pref name
 *
 * Removes every statement that sets @name, with its line ending.
 *
 * Returns: %TRUE if something was removed
 */
gboolean
mf_prefs_js_remove (MfPrefsJs *self, const gchar *name)
{
  guint i;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->partial, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!g_hash_table_remove (self->by_name, name))
    return FALSE;
  /* backwards, so removing does not skip the next segment; duplicates are
   * rare, so the memmove behind each removal stays cheap */
  for (i = self->segments->len; i > 0; i--) {
    Segment *seg = g_ptr_array_index (self->segments, i - 1);

    if (seg->is_pref && strcmp (seg->name, name) == 0)
      g_ptr_array_remove_index (self->segments, i - 1);
  }
  self->lines_dirty = TRUE;
  return TRUE;
}

/**
 * mf_prefs_js_to_bytes:
 * @self: a parsed file
 *
 * Returns: (transfer full): the whole file; segments that were not edited
 *   come out byte for byte as they were read
 */
GBytes *
mf_prefs_js_to_bytes (MfPrefsJs *self)
{
  gsize total = 0;
  gsize off = 0;
  gchar *out;
  guint i;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (!self->partial, NULL);

  for (i = 0; i < self->segments->len; i++)
    total += ((Segment *) g_ptr_array_index (self->segments, i))->len;
  out = g_malloc (total);
  for (i = 0; i < self->segments->len; i++) {
    Segment *seg = g_ptr_array_index (self->segments, i);

    memcpy (out + off, seg->bytes, seg->len);
    off += seg->len;
  }
  return g_bytes_new_take (out, total);
}
