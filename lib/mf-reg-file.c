/* mf-reg-file.c: .reg exports read into a tree, and patches written for regedit */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "mf-reg-file.h"
#include "mf-error.h"
#include "mf-private.h"

#define MF_REG_HEADER_V5 "Windows Registry Editor Version 5.00"
#define MF_REG_HEADER_4  "REGEDIT4"

/* how much of a line an error message quotes */
#define MF_REG_QUOTE_MAX 40

/* dword: and hex(N) hold 32 bits */
#define MF_REG_HEX_DIGITS_MAX 8

/* regedit breaks a hex line once it holds this many columns (the last
 * comma counted, the backslash not), so no line is wider than 80 */
#define MF_REG_WRAP_COLUMN 77
#define MF_REG_CONTINUATION "\\\r\n  "
#define MF_REG_CONTINUATION_INDENT 2

#define MF_UTF16_UNIT 2
#define MF_BYTE_BITS 8
#define MF_NIBBLE_BITS 4

/* the roots regedit imports into, spelt as it exports them */
static const gchar *const reg_roots[] = {
  "HKEY_CURRENT_USER",
  "HKEY_LOCAL_MACHINE",
  "HKEY_CLASSES_ROOT",
  "HKEY_USERS",
  "HKEY_CURRENT_CONFIG",
};

typedef struct {
  const gchar *path;
  MfRegFormat format;
  gchar **lines;
  guint n_lines;
  guint index;             /* of the line being read; its number is index + 1 */
  /* what the lines are read into: a tree, or (when set) a patch */
  MfRegKey *root;
  MfRegPatch *patch;
  /* the [key] block being read: NULL before the first one and after [-key] */
  gchar *block_path;
  /* the block's key, looked up or created only once a value line needs it */
  MfRegKey *block_key;
  gboolean block_has_values;
} Parser;

static void
parser_clear (Parser *p)
{
  g_clear_pointer (&p->lines, g_strfreev);
  g_clear_pointer (&p->root, mf_reg_key_free);
  g_clear_pointer (&p->patch, mf_reg_patch_free);
  g_clear_pointer (&p->block_path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parser, parser_clear)

/* sets an MF_ERROR_PARSE naming the file and line, and returns FALSE so a
 * failing step can return the call */
static gboolean G_GNUC_PRINTF (4, 5)
set_parse_error (GError **error, const gchar *path, guint line, const gchar *format, ...)
{
  g_autofree gchar *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, MF_ERROR, MF_ERROR_PARSE, "%s:%u: %s", path, line, message);
  return FALSE;
}

static gboolean G_GNUC_PRINTF (3, 4)
fail (Parser *p, GError **error, const gchar *format, ...)
{
  g_autofree gchar *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  return set_parse_error (error, p->path, p->index + 1, "%s", message);
}

/* the start of some text, short enough to quote in a message */
static gchar *
quote (const gchar *text)
{
  g_autofree gchar *head = NULL;

  if (g_utf8_strlen (text, -1) <= MF_REG_QUOTE_MAX)
    return g_strdup (text);
  head = g_utf8_substring (text, 0, MF_REG_QUOTE_MAX);
  return g_strconcat (head, "...", NULL);
}

static const gchar *
skip_blanks (const gchar *s)
{
  while (*s == ' ' || *s == '\t')
    s++;
  return s;
}

static gboolean
is_blank_rest (const gchar *s)
{
  return *skip_blanks (s) == '\0';
}

static gboolean
has_prefix_nocase (const gchar *s, const gchar *prefix)
{
  return g_ascii_strncasecmp (s, prefix, strlen (prefix)) == 0;
}


/* Decoding the file into UTF-8 text */

/* the line a byte offset falls on, counting line feeds of unit bytes */
static guint
line_at (const guint8 *data, gsize offset, gsize unit)
{
  guint line = 1;

  for (gsize i = 0; i + unit <= offset; i += unit)
    if (data[i] == '\n' && (unit == 1 || data[i + 1] == 0))
      line++;
  return line;
}

static gchar *
decode_utf16 (const guint8 *data, gsize len, const gchar *path, GError **error)
{
  gsize n = len / MF_UTF16_UNIT;
  g_autofree gunichar2 *units = NULL;
  glong read = 0;
  gchar *text;

  if (len % MF_UTF16_UNIT != 0) {
    set_parse_error (error, path, line_at (data, len - 1, MF_UTF16_UNIT),
                     _("the file ends in the middle of a UTF-16 character"));
    return NULL;
  }
  units = g_new (gunichar2, n + 1);
  for (gsize i = 0; i < n; i++) {
    units[i] = (gunichar2) (data[2 * i] | data[2 * i + 1] << MF_BYTE_BITS);
    /* GLib would stop at a NUL and silently drop the rest of the file */
    if (units[i] == 0) {
      set_parse_error (error, path, line_at (data, 2 * i, MF_UTF16_UNIT),
                       _("the file contains binary data (a NUL character)"));
      return NULL;
    }
  }
  units[n] = 0;
  text = g_utf16_to_utf8 (units, (glong) n, &read, NULL, NULL);
  if (text == NULL || (gsize) read != n) {
    g_free (text);
    set_parse_error (error, path, line_at (data, (gsize) read * MF_UTF16_UNIT, MF_UTF16_UNIT),
                     _("the file is not valid UTF-16 text"));
    return NULL;
  }
  return text;
}

/* UTF-8 (v5 written by hand or by other tools), or REGEDIT4 in the ANSI
 * code page, which for the users mailfix serves first is CP932 */
static gchar *
decode_8bit (const guint8 *data, gsize len, const gchar *path, GError **error)
{
  static const guint8 utf8_bom[] = { 0xEF, 0xBB, 0xBF };
  const guint8 *nul = memchr (data, 0, len);
  const gchar *bad = NULL;
  gchar *text;

  if (nul != NULL) {
    set_parse_error (error, path, line_at (data, (gsize) (nul - data), 1),
                     _("the file contains binary data (a NUL character)"));
    return NULL;
  }
  if (len >= sizeof utf8_bom && memcmp (data, utf8_bom, sizeof utf8_bom) == 0) {
    data += sizeof utf8_bom;
    len -= sizeof utf8_bom;
  }
  if (g_utf8_validate_len ((const gchar *) data, len, &bad))
    return g_strndup ((const gchar *) data, len);

  if (len >= strlen (MF_REG_HEADER_4) && memcmp (data, MF_REG_HEADER_4, strlen (MF_REG_HEADER_4)) == 0) {
    gsize read = 0;

    text = g_convert ((const gchar *) data, (gssize) len, "UTF-8", "CP932", &read, NULL, NULL);
    if (text != NULL && read == len)
      return text;
    g_free (text);
    set_parse_error (error, path, line_at (data, read, 1),
                     _("the text is neither UTF-8 nor in the Japanese Windows code page (CP932)"));
    return NULL;
  }
  if (len >= strlen (MF_REG_HEADER_V5) && memcmp (data, MF_REG_HEADER_V5, strlen (MF_REG_HEADER_V5)) == 0) {
    set_parse_error (error, path, line_at (data, (gsize) ((const guint8 *) bad - data), 1),
                     _("the file is neither UTF-16 nor valid UTF-8 text"));
    return NULL;
  }
  set_parse_error (error, path, 1, _("this is not a registry file: the first line must be \"%s\" or \"%s\""),
                   MF_REG_HEADER_V5, MF_REG_HEADER_4);
  return NULL;
}

static gchar *
decode_text (GBytes *bytes, const gchar *path, GError **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  if (len >= MF_UTF16_UNIT && data[0] == 0xFF && data[1] == 0xFE)
    return decode_utf16 (data + MF_UTF16_UNIT, len - MF_UTF16_UNIT, path, error);
  /* UTF-16LE that lost its byte-order mark on the way: "W\0i\0..." */
  if (len >= MF_UTF16_UNIT && data[0] != 0 && data[1] == 0)
    return decode_utf16 (data, len, path, error);
  return decode_8bit (data != NULL ? data : (const guint8 *) "", len, path, error);
}


/* Reading the lines */

/* text as the registry holds it: UTF-16LE, each NUL-separated piece with
 * its own terminating NUL, so "a\0b" (a Wine escape) keeps both strings */
static GBytes *
utf16_from_text (const gchar *text, gsize len)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize start = 0;

  for (gsize i = 0; i <= len; i++) {
    g_autofree gchar *piece = NULL;
    g_autoptr(GBytes) units = NULL;

    if (i < len && text[i] != '\0')
      continue;
    piece = g_strndup (text + start, i - start);
    units = mf_reg_utf16_from_utf8 (piece);
    if (units == NULL)
      return NULL;
    g_byte_array_append (out, g_bytes_get_data (units, NULL), (guint) g_bytes_get_size (units));
    start = i + 1;
  }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* *pos is at the opening quote; leaves it after the closing one */
static gboolean
parse_quoted (Parser *p, const gchar **pos, GString *out, GError **error)
{
  const gchar *s = *pos + 1;

  for (;;) {
    if (*s == '\0')
      return fail (p, error, _("unterminated string: the closing \" is missing"));
    if (*s == '"') {
      *pos = s + 1;
      return TRUE;
    }
    if (*s != '\\') {
      g_string_append_c (out, *s++);
      continue;
    }
    switch (s[1]) {
    case '\\':
    case '"':
      g_string_append_c (out, s[1]);
      break;
    /* Wine's escapes for line breaks and NULs in strings */
    case 'n':
      g_string_append_c (out, '\n');
      break;
    case 'r':
      g_string_append_c (out, '\r');
      break;
    case '0':
      g_string_append_c (out, '\0');
      break;
    case '\0':
      return fail (p, error, _("unterminated string: the closing \" is missing"));
    default: {
        g_autofree gchar *what = g_strndup (s + 1, (gsize) (g_utf8_next_char (s + 1) - (s + 1)));
        return fail (p, error, _("unknown escape sequence \\%s in a string; write \\\\ for a backslash "
                                 "and \\\" for a quote"), what);
      }
    }
    s += 2;
  }
}

static gboolean
expect_end (Parser *p, const gchar *s, GError **error)
{
  g_autofree gchar *rest = NULL;

  if (is_blank_rest (s))
    return TRUE;
  rest = quote (skip_blanks (s));
  return fail (p, error, _("unexpected text after the value: '%s'"), rest);
}

static void
set_value (Parser *p, const gchar *name, guint32 type, GBytes *data)
{
  p->block_has_values = TRUE;
  if (p->patch != NULL) {
    mf_reg_patch_set (p->patch, p->block_path, name, type, data);
    return;
  }
  if (p->block_key == NULL)
    p->block_key = mf_reg_key_ensure (p->root, p->block_path);
  mf_reg_key_set_value (p->block_key, name, type, data);
}

/* "name"=- on a key that is not there creates nothing, as in
 * mf_reg_patch_apply(), so a written patch reads back as the tree that
 * applying it to an empty one makes */
static void
remove_value (Parser *p, const gchar *name)
{
  p->block_has_values = TRUE;
  if (p->patch != NULL) {
    mf_reg_patch_remove (p->patch, p->block_path, name);
    return;
  }
  if (p->block_key == NULL)
    p->block_key = mf_reg_key_lookup (p->root, p->block_path);
  if (p->block_key != NULL)
    mf_reg_key_remove_value (p->block_key, name);
}

/* a block with no value lines is an exported empty key: it still exists
 * in a tree, while a patch has nothing to say about it */
static void
end_block (Parser *p)
{
  if (p->block_path != NULL && !p->block_has_values && p->patch == NULL)
    mf_reg_key_ensure (p->root, p->block_path);
  g_clear_pointer (&p->block_path, g_free);
  p->block_key = NULL;
  p->block_has_values = FALSE;
}

/* hex digits up to a limit; *s is left after them */
static gboolean
parse_hex_number (const gchar **s, guint32 *out)
{
  guint32 value = 0;
  guint digits = 0;

  while (g_ascii_isxdigit (**s)) {
    if (++digits > MF_REG_HEX_DIGITS_MAX)
      return FALSE;
    value = (value << MF_NIBBLE_BITS) | (guint32) g_ascii_xdigit_value (**s);
    (*s)++;
  }
  *out = value;
  return digits > 0;
}

/* comma-separated bytes, continued onto the next line after a backslash */
static gboolean
parse_hex_bytes (Parser *p, const gchar *s, GByteArray *out, GError **error)
{
  for (;;) {
    guint8 byte;
    g_autofree gchar *found = NULL;

    s = skip_blanks (s);
    if (*s == '\0')
      return TRUE;
    if (*s == '\\') {
      if (!is_blank_rest (s + 1)) {
        found = quote (s);
        return fail (p, error, _("a backslash continues the data on the next line and must end the line, "
                                 "found '%s'"), found);
      }
      if (p->index + 1 >= p->n_lines)
        return fail (p, error, _("the data continues past the end of the file"));
      p->index++;
      s = p->lines[p->index];
      continue;
    }
    if (!g_ascii_isxdigit (*s)) {
      found = quote (s);
      return fail (p, error, _("expected a byte in hexadecimal such as 0a, found '%s'"), found);
    }
    byte = (guint8) g_ascii_xdigit_value (*s++);
    if (g_ascii_isxdigit (*s))
      byte = (guint8) (byte << MF_NIBBLE_BITS | g_ascii_xdigit_value (*s++));
    g_byte_array_append (out, &byte, 1);

    s = skip_blanks (s);
    if (*s == ',')
      s++;
    else if (*s != '\0' && *s != '\\') {
      found = quote (s);
      return fail (p, error, _("expected a comma between the bytes, found '%s'"), found);
    }
  }
}

/* A REGEDIT4 file holds its string types as ANSI bytes; the registry
 * holds them as UTF-16LE, so convert them to keep the tree true */
static GBytes *
ansi_to_registry (Parser *p, guint32 type, const guint8 *data, gsize len, GError **error)
{
  g_autofree gchar *units = NULL;
  gsize written = 0;
  g_autoptr(GByteArray) out = NULL;

  if (len == 0)
    return g_bytes_new (NULL, 0);
  units = g_convert ((const gchar *) data, (gssize) len, "UTF-16LE", "UTF-8", NULL, &written, NULL);
  if (units == NULL)
    units = g_convert ((const gchar *) data, (gssize) len, "UTF-16LE", "CP932", NULL, &written, NULL);
  if (units == NULL) {
    fail (p, error, _("the bytes of hex(%x): are neither UTF-8 nor CP932 text"), type);
    return NULL;
  }
  out = g_byte_array_new ();
  g_byte_array_append (out, (const guint8 *) units, (guint) written);
  if (written < MF_UTF16_UNIT || units[written - 1] != 0 || units[written - 2] != 0) {
    static const guint8 nul[MF_UTF16_UNIT] = { 0, 0 };
    g_byte_array_append (out, nul, sizeof nul);
  }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
is_string_type (guint32 type)
{
  return type == MF_REG_SZ || type == MF_REG_EXPAND_SZ || type == MF_REG_MULTI_SZ;
}

/* after hex or str: ":" for the word's own type, or "(N):" */
static gboolean
parse_type (Parser *p, const gchar **s, guint32 default_type, guint32 *type, GError **error)
{
  const gchar *t = *s;
  g_autofree gchar *found = NULL;

  if (*t == ':') {
    *type = default_type;
    *s = t + 1;
    return TRUE;
  }
  if (*t == '(') {
    t++;
    if (parse_hex_number (&t, type) && t[0] == ')' && t[1] == ':') {
      *s = t + 2;
      return TRUE;
    }
  }
  found = quote (*s);
  return fail (p, error, _("expected ':' or a type number in hexadecimal such as (2): after hex or str, "
                           "found '%s'"), found);
}

static gboolean
parse_data (Parser *p, const gchar *name, const gchar *s, GError **error)
{
  g_autofree gchar *found = NULL;

  if (*s == '-' && is_blank_rest (s + 1)) {
    remove_value (p, name);
    return TRUE;
  }

  if (*s == '"' || has_prefix_nocase (s, "str")) {
    g_autoptr(GString) text = g_string_new (NULL);
    g_autoptr(GBytes) data = NULL;
    guint32 type = MF_REG_SZ;

    /* Wine writes str(2):"..." for the string types other than REG_SZ */
    if (*s != '"') {
      s += strlen ("str");
      if (!parse_type (p, &s, MF_REG_SZ, &type, error))
        return FALSE;
      if (*s != '"') {
        found = quote (s);
        return fail (p, error, _("expected a string in double quotes, found '%s'"), found);
      }
    }
    if (!parse_quoted (p, &s, text, error) || !expect_end (p, s, error))
      return FALSE;
    data = utf16_from_text (text->str, text->len);
    if (data == NULL)
      return fail (p, error, _("the string is not valid text"));
    set_value (p, name, type, data);
    return TRUE;
  }

  if (has_prefix_nocase (s, "dword:")) {
    guint32 number = 0;
    g_autoptr(GBytes) data = NULL;

    s += strlen ("dword:");
    if (!parse_hex_number (&s, &number) || (*s != '\0' && *s != ' ' && *s != '\t'))
      return fail (p, error, _("dword: must be followed by 1 to 8 hexadecimal digits, such as dword:00000001"));
    if (!expect_end (p, s, error))
      return FALSE;
    data = mf_reg_dword_bytes (number);
    set_value (p, name, MF_REG_DWORD, data);
    return TRUE;
  }

  if (has_prefix_nocase (s, "hex")) {
    g_autoptr(GByteArray) bytes = g_byte_array_new ();
    g_autoptr(GBytes) data = NULL;
    guint32 type = MF_REG_BINARY;

    s += strlen ("hex");
    if (!parse_type (p, &s, MF_REG_BINARY, &type, error) || !parse_hex_bytes (p, s, bytes, error))
      return FALSE;
    if (p->format == MF_REG_FORMAT_REGEDIT4 && is_string_type (type)) {
      data = ansi_to_registry (p, type, bytes->data, bytes->len, error);
      if (data == NULL)
        return FALSE;
    } else {
      data = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
    }
    set_value (p, name, type, data);
    return TRUE;
  }

  if (*s == '\0') {
    /* TRANSLATORS: "text", dword:, hex:, hex(N): and - are written so in .reg files */
    return fail (p, error, _("expected a value after '=': \"text\", dword:, hex:, hex(N): "
                             "or - to delete the value"));
  }
  found = quote (s);
  /* TRANSLATORS: "text", dword:, hex:, hex(N): and - are written so in .reg files */
  return fail (p, error, _("expected a value after '=': \"text\", dword:, hex:, hex(N): "
                           "or - to delete the value, found '%s'"), found);
}

static gboolean
parse_value_line (Parser *p, const gchar *s, GError **error)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree gchar *found = NULL;

  if (p->block_path == NULL)
    return fail (p, error, _("a value line must come after the [key] line of its key"));
  if (*s == '@')
    s++;
  else if (!parse_quoted (p, &s, name, error))
    return FALSE;
  else if (strlen (name->str) != name->len)
    return fail (p, error, _("a value name cannot contain \\0 (a NUL character)"));

  s = skip_blanks (s);
  if (*s != '=') {
    if (*s == '\0')
      return fail (p, error, _("expected '=' after the value name"));
    found = quote (s);
    return fail (p, error, _("expected '=' after the value name, found '%s'"), found);
  }
  return parse_data (p, name->str, skip_blanks (s + 1), error);
}

/* the path with its root spelt as regedit spells it, or NULL */
static gchar *
key_path (Parser *p, const gchar *text, gsize len, GError **error)
{
  g_autofree gchar *path = g_strndup (text, len);
  g_autofree gchar *root = NULL;
  const gchar *rest;
  gsize end = strlen (path);

  while (end > 0 && path[end - 1] == '\\')
    path[--end] = '\0';
  if (end == 0) {
    fail (p, error, _("the key line names no key"));
    return NULL;
  }
  rest = strchr (path, '\\');
  root = rest != NULL ? g_strndup (path, (gsize) (rest - path)) : g_strdup (path);
  for (guint i = 0; i < G_N_ELEMENTS (reg_roots); i++)
    if (g_ascii_strcasecmp (root, reg_roots[i]) == 0)
      return g_strconcat (reg_roots[i], rest, NULL);

  fail (p, error, _("unknown registry root '%s'; a key path starts with HKEY_CURRENT_USER, "
                    "HKEY_LOCAL_MACHINE, HKEY_CLASSES_ROOT, HKEY_USERS or HKEY_CURRENT_CONFIG"), root);
  return NULL;
}

static void
delete_key (MfRegKey *root, const gchar *path)
{
  const gchar *last = strrchr (path, '\\');
  g_autofree gchar *parent_path = NULL;
  MfRegKey *parent;

  if (last == NULL) {
    mf_reg_key_remove_child (root, path);
    return;
  }
  parent_path = g_strndup (path, (gsize) (last - path));
  parent = mf_reg_key_lookup (root, parent_path);
  if (parent != NULL)
    mf_reg_key_remove_child (parent, last + 1);
}

static gboolean
parse_key_line (Parser *p, const gchar *s, GError **error)
{
  gsize len = strlen (s);
  gboolean deletion;
  g_autofree gchar *path = NULL;

  end_block (p);
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
    len--;
  if (len < 2 || s[len - 1] != ']')
    return fail (p, error, _("a key line must end with ']'"));
  s++;
  len -= 2;
  deletion = len > 0 && s[0] == '-';
  if (deletion) {
    s++;
    len--;
  }
  path = key_path (p, s, len, error);
  if (path == NULL)
    return FALSE;
  if (deletion && p->patch != NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED,
                 _("%s:%u: the line [-%s] deletes a whole key, which a patch file cannot do"),
                 p->path, p->index + 1, path);
    return FALSE;
  }
  if (deletion)
    delete_key (p->root, path);
  else
    p->block_path = g_steal_pointer (&path);
  return TRUE;
}

static gboolean
parse_line (Parser *p, GError **error)
{
  const gchar *s = skip_blanks (p->lines[p->index]);
  g_autofree gchar *found = NULL;

  if (*s == '\0' || *s == ';')
    return TRUE;
  if (*s == '[')
    return parse_key_line (p, s, error);
  if (*s == '"' || *s == '@')
    return parse_value_line (p, s, error);
  found = quote (s);
  return fail (p, error, _("expected a [key] line, a \"name\"=value line, a @=value line or a comment "
                           "starting with ';', found '%s'"), found);
}

static gboolean
parse_header (Parser *p, GError **error)
{
  /* an empty file splits into no lines at all */
  g_autofree gchar *header = g_strchomp (g_strdup (p->n_lines > 0 ? p->lines[0] : ""));

  if (strcmp (header, MF_REG_HEADER_V5) == 0)
    p->format = MF_REG_FORMAT_V5;
  else if (strcmp (header, MF_REG_HEADER_4) == 0)
    p->format = MF_REG_FORMAT_REGEDIT4;
  else
    return fail (p, error, _("this is not a registry file: the first line must be \"%s\" or \"%s\""),
                 MF_REG_HEADER_V5, MF_REG_HEADER_4);
  return TRUE;
}

/* reads the bytes into p->root or p->patch, whichever is set */
static gboolean
parse_bytes (Parser *p, GBytes *bytes, GError **error)
{
  g_autofree gchar *text = NULL;

  if (g_bytes_get_size (bytes) > MF_MAX_FILE_SIZE) {
    g_set_error (error, MF_ERROR, MF_ERROR_TOO_LARGE,
                 _("%s: the file is larger than %u MiB"), p->path,
                 (guint) (MF_MAX_FILE_SIZE / (1024 * 1024)));
    return FALSE;
  }
  text = decode_text (bytes, p->path, error);
  if (text == NULL)
    return FALSE;

  p->lines = g_strsplit (text, "\n", -1);
  p->n_lines = g_strv_length (p->lines);
  /* the line end of the last line starts no line of its own */
  if (p->n_lines > 1 && p->lines[p->n_lines - 1][0] == '\0')
    p->n_lines--;
  for (guint i = 0; i < p->n_lines; i++) {
    gsize len = strlen (p->lines[i]);
    if (len > 0 && p->lines[i][len - 1] == '\r')
      p->lines[i][len - 1] = '\0';
  }
  if (!parse_header (p, error))
    return FALSE;
  for (p->index = 1; p->index < p->n_lines; p->index++)
    if (!parse_line (p, error))
      return FALSE;
  end_block (p);
  return TRUE;
}

MfRegKey *
mf_reg_file_parse (GBytes *bytes, const gchar *path, MfRegFormat *format, GError **error)
{
  g_auto(Parser) p = { 0 };

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  mf_i18n_init ();
  p.path = path != NULL ? path : _("registry file");
  p.root = mf_reg_key_new (NULL);
  if (!parse_bytes (&p, bytes, error))
    return NULL;
  if (format != NULL)
    *format = p.format;
  return g_steal_pointer (&p.root);
}

MfRegPatch *
mf_reg_file_parse_patch (GBytes *bytes, const gchar *path, GError **error)
{
  g_auto(Parser) p = { 0 };

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  mf_i18n_init ();
  p.path = path != NULL ? path : _("registry file");
  p.patch = mf_reg_patch_new ();
  if (!parse_bytes (&p, bytes, error))
    return NULL;
  return g_steal_pointer (&p.patch);
}


/* Writing a patch */

/* regedit reads \\ and \" in quoted names and strings; a line break has no
 * spelling of its own in regedit, and Wine's \n at least keeps the file
 * one entry to a line */
static void
append_quoted (GString *out, const gchar *text)
{
  g_autofree gchar *valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const gchar *c = valid; *c != '\0'; c++) {
    switch (*c) {
    case '\\':
    case '"':
      g_string_append_c (out, '\\');
      g_string_append_c (out, *c);
      break;
    case '\n':
      g_string_append (out, "\\n");
      break;
    case '\r':
      g_string_append (out, "\\r");
      break;
    default:
      g_string_append_c (out, *c);
    }
  }
  g_string_append_c (out, '"');
}

/* the text of a REG_SZ that "..." gives back byte for byte: UTF-16LE with
 * one terminating NUL and no other, and no line breaks; else NULL */
static gchar *
plain_string (GBytes *data)
{
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data (data, &len);
  g_autofree gchar *text = NULL;

  if (len < MF_UTF16_UNIT || len % MF_UTF16_UNIT != 0 || bytes[len - 1] != 0 || bytes[len - 2] != 0)
    return NULL;
  for (gsize i = 0; i + MF_UTF16_UNIT < len; i += MF_UTF16_UNIT)
    if (bytes[i] == 0 && bytes[i + 1] == 0)
      return NULL;
  text = mf_reg_utf8_from_utf16 (bytes, len);
  if (text == NULL || strpbrk (text, "\r\n") != NULL)
    return NULL;
  return g_steal_pointer (&text);
}

/* hex bytes after line, wrapped where regedit wraps them */
static void
append_hex (GString *line, guint32 type, GBytes *data)
{
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data (data, &len);
  glong column;

  if (type == MF_REG_BINARY)
    g_string_append (line, "hex:");
  else
    g_string_append_printf (line, "hex(%x):", type);
  column = g_utf8_strlen (line->str, -1);
  for (gsize i = 0; i < len; i++) {
    g_string_append_printf (line, "%02x", bytes[i]);
    if (i + 1 == len)
      break;
    g_string_append_c (line, ',');
    column += 3;
    if (column >= MF_REG_WRAP_COLUMN) {
      g_string_append (line, MF_REG_CONTINUATION);
      column = MF_REG_CONTINUATION_INDENT;
    }
  }
}

static void
append_data (GString *line, const MfRegChange *change)
{
  g_autofree gchar *text = NULL;
  guint32 dword = 0;

  if (change->type == MF_REG_SZ && (text = plain_string (change->data)) != NULL) {
    append_quoted (line, text);
    return;
  }
  if (change->type == MF_REG_DWORD && g_bytes_get_size (change->data) == sizeof dword) {
    const guint8 *b = g_bytes_get_data (change->data, NULL);
    dword = (guint32) b[0] | (guint32) b[1] << 8 | (guint32) b[2] << 16 | (guint32) b[3] << 24;
    g_string_append_printf (line, "dword:%08x", dword);
    return;
  }
  append_hex (line, change->type, change->data);
}

static void
append_comment (GString *out, const gchar *comment)
{
  g_autofree gchar *valid = g_utf8_make_valid (comment, -1);
  g_auto(GStrv) lines = g_strsplit (valid, "\n", -1);

  /* a comment of several lines stays a comment on each of them */
  for (guint i = 0; lines[i] != NULL; i++) {
    g_strdelimit (lines[i], "\r", ' ');
    g_strchomp (lines[i]);
    if (lines[i][0] == '\0')
      g_string_append (out, ";\r\n");
    else
      g_string_append_printf (out, "; %s\r\n", lines[i]);
  }
}

static GBytes *
utf16le_with_bom (const gchar *text)
{
  glong n = 0;
  g_autofree gunichar2 *units = g_utf8_to_utf16 (text, -1, NULL, &n, NULL);
  guint8 *out;

  g_return_val_if_fail (units != NULL, NULL);
  out = g_malloc (MF_UTF16_UNIT * ((gsize) n + 1));
  out[0] = 0xFF;
  out[1] = 0xFE;
  for (glong i = 0; i < n; i++) {
    out[MF_UTF16_UNIT * (i + 1)] = (guint8) (units[i] & 0xff);
    out[MF_UTF16_UNIT * (i + 1) + 1] = (guint8) (units[i] >> MF_BYTE_BITS);
  }
  return g_bytes_new_take (out, MF_UTF16_UNIT * ((gsize) n + 1));
}

GBytes *
mf_reg_file_write_patch (MfRegPatch *patch, const gchar *const *comments)
{
  g_autoptr(GString) out = g_string_new (MF_REG_HEADER_V5 "\r\n\r\n");
  GPtrArray *keys;

  g_return_val_if_fail (patch != NULL, NULL);

  if (comments != NULL && comments[0] != NULL) {
    for (guint i = 0; comments[i] != NULL; i++)
      append_comment (out, comments[i]);
    g_string_append (out, "\r\n");
  }

  keys = mf_reg_patch_get_keys (patch);
  for (guint i = 0; i < keys->len; i++) {
    const MfRegPatchKey *key = g_ptr_array_index (keys, i);
    g_autofree gchar *path = g_utf8_make_valid (key->path, -1);

    g_string_append_printf (out, "[%s]\r\n", path);
    for (guint j = 0; j < key->changes->len; j++) {
      const MfRegChange *change = g_ptr_array_index (key->changes, j);
      g_autoptr(GString) line = g_string_new (NULL);

      if (change->name[0] == '\0')
        g_string_append_c (line, '@');
      else
        append_quoted (line, change->name);
      g_string_append_c (line, '=');
      if (change->remove)
        g_string_append_c (line, '-');
      else
        append_data (line, change);
      g_string_append_len (out, line->str, (gssize) line->len);
      g_string_append (out, "\r\n");
    }
    g_string_append (out, "\r\n");
  }
  return utf16le_with_bom (out->str);
}
