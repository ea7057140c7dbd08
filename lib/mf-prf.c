/* mf-prf.c: Outlook profile files (.prf), read with iniparser and changed line by line */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "mf-atomic-file.h"
#include "mf-error.h"
#include "mf-ini.h"
#include "mf-prf.h"
#include "mf-private.h"

/* a PRF is a few kilobytes even with every comment the Office
 * Customization Tool writes */
#define MF_PRF_MAX_SIZE (1024 * 1024)

/* decoding to UTF-8 can triple the size (CP932 half-width katakana take
 * one byte there, three in UTF-8) */
#define MF_PRF_MAX_TEXT_SIZE (4 * MF_PRF_MAX_SIZE)

#define ACCOUNT_LIST "Internet Account List"

typedef enum {
  PRF_UTF8,
  PRF_CP932,
  PRF_UTF16LE,
} PrfEncoding;

typedef enum {
  LINE_BLANK,
  LINE_COMMENT,
  LINE_SECTION,
  LINE_KEY,
  LINE_OTHER,
} LineKind;

typedef struct {
  gchar *text;        /* UTF-8, without the line end */
  /* The bytes as read, without the line end. Untouched lines are written
   * from these, not re-encoded: CP932 maps some characters (NEC and IBM
   * extensions) to the same Unicode, so a round trip through UTF-8 would
   * change bytes nobody asked to change. */
  gsize raw_offset;
  gsize raw_len;
  gboolean as_read;
  const gchar *eol;   /* "\r\n", "\n" or "" (the last line, unterminated) */
} PrfLine;

struct _MfPrf {
  GBytes *source;     /* NULL for a PRF made by mf_prf_new_append() */
  PrfEncoding encoding;
  gboolean bom;
  const gchar *eol;   /* for added lines: the file's own */
  GPtrArray *lines;   /* PrfLine */
  dictionary *dict;   /* iniparser's view, kept in step with lines */
};

static void
prf_line_free (gpointer data)
{
  PrfLine *line = data;

  g_free (line->text);
  g_free (line);
}

static void
prf_account_free (gpointer data)
{
  MfPrfAccount *account = data;

  g_free (account->section);
  g_free (account->kind);
  g_free (account);
}

void
mf_prf_free (MfPrf *prf)
{
  if (prf == NULL)
    return;
  g_clear_pointer (&prf->source, g_bytes_unref);
  g_clear_pointer (&prf->lines, g_ptr_array_unref);
  g_clear_pointer (&prf->dict, iniparser_freedict);
  g_free (prf);
}

static MfPrf *
prf_new (PrfEncoding encoding)
{
  MfPrf *prf = g_new0 (MfPrf, 1);

  prf->encoding = encoding;
  prf->eol = "\r\n";
  prf->lines = g_ptr_array_new_with_free_func (prf_line_free);
  return prf;
}

/* iniparser trims with isspace(), which unlike g_ascii_isspace() takes the
 * vertical tab too: "\v[]" would be a line of text here and a section
 * header there, and a key added after it would land in another section */
static gboolean
ini_isspace (gchar c)
{
  return g_ascii_isspace (c) || c == '\v';
}

/* len bytes of text without the white space iniparser trims at each end */
static gchar *
ini_strip (const gchar *text, gsize len)
{
  while (len > 0 && ini_isspace (*text)) {
    text++;
    len--;
  }
  while (len > 0 && ini_isspace (text[len - 1]))
    len--;
  return g_strndup (text, len);
}

/* The line as iniparser_line() sees it: surrounding white space ignored,
 * ';' and '#' start comments, "[name]" (up to the first ']') is a section,
 * anything up to the first '=' a key. *name gets the section or key as
 * written, *value_at the offset in text where the value begins. */
static LineKind
classify_line (const gchar *text, gchar **name, gsize *value_at)
{
  const gchar *p = text;
  const gchar *eq;
  gsize len;

  while (ini_isspace (*p))
    p++;
  len = strlen (p);
  while (len > 0 && ini_isspace (p[len - 1]))
    len--;
  if (len == 0)
    return LINE_BLANK;
  if (p[0] == ';' || p[0] == '#')
    return LINE_COMMENT;
  if (p[0] == '[' && p[len - 1] == ']') {
    const gchar *close = memchr (p + 1, ']', len - 1);
    if (name != NULL)
      *name = ini_strip (p + 1, (gsize) (close - (p + 1)));
    return LINE_SECTION;
  }
  eq = memchr (p, '=', len);
  if (eq == NULL || eq == p)
    return LINE_OTHER;
  if (name != NULL)
    *name = ini_strip (p, (gsize) (eq - p));
  if (value_at != NULL) {
    const gchar *v = eq + 1;
    while (*v == ' ' || *v == '\t')
      v++;
    *value_at = (gsize) (v - text);
  }
  return LINE_KEY;
}

static gboolean
is_blank (const PrfLine *line)
{
  return classify_line (line->text, NULL, NULL) == LINE_BLANK;
}

/* iniparser's name for a section or a key: "section" or "section:key",
 * which it lower-cases itself on every lookup and change */
static gchar *
dict_entry (const gchar *section, const gchar *key)
{
  return key != NULL ? g_strdup_printf ("%s:%s", section, key) : g_strdup (section);
}

static gboolean
has_section (MfPrf *prf, const gchar *section)
{
  g_autofree gchar *entry = dict_entry (section, NULL);
  return iniparser_find_entry (prf->dict, entry);
}

static gchar *
decode (PrfEncoding encoding, const guint8 *raw, gsize len)
{
  g_autofree gchar *text = NULL;
  gsize written = 0;

  switch (encoding) {
  case PRF_UTF8:
    if (!g_utf8_validate ((const gchar *) raw, (gssize) len, NULL))
      return NULL;
    return g_strndup ((const gchar *) raw, len);
  case PRF_CP932:
    text = g_convert ((const gchar *) raw, (gssize) len, "UTF-8", "CP932", NULL, &written, NULL);
    break;
  case PRF_UTF16LE:
    text = g_convert ((const gchar *) raw, (gssize) len, "UTF-8", "UTF-16LE", NULL, &written, NULL);
    break;
  default:
    g_return_val_if_reached (NULL);
  }
  /* a NUL would end the line early for iniparser, and for us */
  if (text == NULL || !g_utf8_validate (text, (gssize) written, NULL))
    return NULL;
  return g_steal_pointer (&text);
}

static gboolean
encode_into (GByteArray *out, PrfEncoding encoding, const gchar *text)
{
  g_autofree gchar *converted = NULL;
  gsize written = 0;

  if (encoding == PRF_UTF8) {
    g_byte_array_append (out, (const guint8 *) text, (guint) strlen (text));
    return TRUE;
  }
  converted = g_convert (text, -1, encoding == PRF_CP932 ? "CP932" : "UTF-16LE", "UTF-8",
                         NULL, &written, NULL);
  if (converted == NULL)
    return FALSE;
  g_byte_array_append (out, (const guint8 *) converted, (guint) written);
  return TRUE;
}

static gboolean
unit_is (const guint8 *data, gsize at, gsize unit, guint8 c)
{
  return data[at] == c && (unit == 1 || data[at + 1] == 0);
}

/* Splits the raw bytes at '\n' before decoding: neither '\n' nor '\r' is
 * ever a trail byte in CP932, and in UTF-16LE they are whole code units.
 * Returns the number of the first line that does not decode, or 0. */
static guint
split_lines (MfPrf *prf, const guint8 *data, gsize len, gsize start)
{
  gsize unit = prf->encoding == PRF_UTF16LE ? 2 : 1;
  gsize pos = start;
  gboolean eol_seen = FALSE;

  while (pos < len) {
    gsize end = pos;
    gsize content_end = len;
    gsize next = len;
    PrfLine *line;

    while (end < len && !unit_is (data, end, unit, '\n'))
      end += unit;
    line = g_new0 (PrfLine, 1);
    line->eol = "";
    if (end < len) {
      next = end + unit;
      if (end - pos >= unit && unit_is (data, end - unit, unit, '\r')) {
        content_end = end - unit;
        line->eol = "\r\n";
      } else {
        content_end = end;
        line->eol = "\n";
      }
      if (!eol_seen) {
        prf->eol = line->eol;
        eol_seen = TRUE;
      }
    }
    line->raw_offset = pos;
    line->raw_len = content_end - pos;
    line->as_read = TRUE;
    line->text = decode (prf->encoding, data + pos, line->raw_len);
    if (line->text == NULL) {
      prf_line_free (line);
      return prf->lines->len + 1;
    }
    g_ptr_array_add (prf->lines, line);
    pos = next;
  }
  return 0;
}

/* as iniparser sees a line end: after trailing white space */
static gboolean
ends_in_backslash (const gchar *text)
{
  gsize len = strlen (text);

  while (len > 0 && ini_isspace (text[len - 1]))
    len--;
  return len > 0 && text[len - 1] == '\\';
}

/* The line as iniparser is to read it: as classify_line() sees it, which
 * is not always as iniparser would see the line itself. */
static void
append_ini_line (GString *text, const gchar *line)
{
  const gchar *p = line;

  while (ini_isspace (*p))
    p++;
  /* iniparser's sscanf() matches no name in "[]" and keeps the previous
   * section's, cut to the line's length ("[Ab]" ... "[]" is "[a]"), so a
   * key added before it would be overridden by one after it; "[ ]" is the
   * nameless section classify_line() sees */
  if (p[0] == '[' && p[1] == ']' && classify_line (line, NULL, NULL) == LINE_SECTION) {
    g_string_append_len (text, line, (gssize) (p + 1 - line));
    g_string_append_c (text, ' ');
    g_string_append (text, p + 1);
  } else {
    g_string_append (text, line);
  }
  /* iniparser joins a line ending in a backslash to the next one, which
   * Outlook does not (C:\Mail\ is a whole value); the line would then
   * swallow the next section header or a line mf_prf_set() adds after it.
   * An empty trailing comment keeps every line whole. */
  if (ends_in_backslash (line))
    g_string_append_c (text, ';');
  g_string_append_c (text, '\n');
}

static gboolean
write_all (int fd, const gchar *data, gsize len)
{
  while (len > 0) {
    gssize n = write (fd, data, len);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return FALSE;
    }
    data += n;
    len -= (gsize) n;
  }
  return TRUE;
}

/* iniparser reads only named files: the decoded text goes to a memfd
 * (nothing on disk), or to a private temporary file if there is none */
static dictionary *
load_text (const gchar *text, gsize len, const gchar *path, GError **error)
{
  g_auto(MfFd) fd = memfd_create ("mailfix-prf", MFD_CLOEXEC);
  g_autofree gchar *tmp_path = NULL;
  g_autofree gchar *fd_path = NULL;
  dictionary *dict;

  if (fd >= 0) {
    fd_path = g_strdup_printf ("/proc/self/fd/%d", fd);
    if (!g_file_test (fd_path, G_FILE_TEST_EXISTS)) {
      mf_fd_close (mf_fd_steal (&fd));
      g_clear_pointer (&fd_path, g_free);
    }
  }
  if (fd < 0) {
    g_autoptr(GError) local_error = NULL;

    fd = g_file_open_tmp ("mailfix-prf-XXXXXX.ini", &tmp_path, &local_error);
    if (fd < 0) {
      g_set_error (error, MF_ERROR, MF_ERROR_IO, _("cannot make a working copy of %s: %s"),
                   path, local_error->message);
      return NULL;
    }
  }
  if (!write_all (fd, text, len)) {
    gint errsv = errno;
    if (tmp_path != NULL)
      g_unlink (tmp_path);
    mf_fail_errno (error, errsv, _("cannot make a working copy of %s"), path);
    return NULL;
  }
  dict = mf_ini_load (tmp_path != NULL ? tmp_path : fd_path, path, MF_PRF_MAX_TEXT_SIZE, error);
  if (tmp_path != NULL)
    g_unlink (tmp_path);
  return dict;
}

MfPrf *
mf_prf_parse (GBytes *bytes, const gchar *path, GError **error)
{
  g_autoptr(MfPrf) prf = NULL;
  g_autoptr(GString) text = NULL;
  const guint8 *data;
  gsize len, start = 0;
  guint bad_line;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  mf_i18n_init ();
  data = g_bytes_get_data (bytes, &len);
  if (len > MF_PRF_MAX_SIZE) {
    g_set_error (error, MF_ERROR, MF_ERROR_TOO_LARGE,
                 _("%s is larger than %llu bytes"), path, (unsigned long long) MF_PRF_MAX_SIZE);
    return NULL;
  }
  if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE) {
    prf = prf_new (PRF_UTF16LE);
    prf->bom = TRUE;
    start = 2;
  } else if (len >= 2 && data[0] != 0 && data[1] == 0) {
    /* UTF-16LE that lost its byte-order mark: ASCII text then has every
     * other byte zero, which UTF-8 and CP932 text never has */
    prf = prf_new (PRF_UTF16LE);
  } else if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
    prf = prf_new (PRF_UTF8);
    prf->bom = TRUE;
    start = 3;
  } else if (g_utf8_validate ((const gchar *) data, (gssize) len, NULL)) {
    prf = prf_new (PRF_UTF8);
  } else {
    /* not UTF-8: the ANSI code page of the Japanese Windows that wrote it */
    prf = prf_new (PRF_CP932);
  }
  prf->source = g_bytes_ref (bytes);
  if (prf->encoding == PRF_UTF16LE && (len - start) % 2 != 0) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE,
                 _("%s is not whole UTF-16 text: it has an odd number of bytes"), path);
    return NULL;
  }
  bad_line = split_lines (prf, data, len, start);
  if (bad_line != 0) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE,
                 _("%s: line %u is not UTF-8, UTF-16 or Japanese Windows (CP932) text"),
                 path, bad_line);
    return NULL;
  }
  text = g_string_new (NULL);
  for (guint i = 0; i < prf->lines->len; i++) {
    PrfLine *line = g_ptr_array_index (prf->lines, i);
    append_ini_line (text, line->text);
  }
  prf->dict = load_text (text->str, text->len, path, error);
  if (prf->dict == NULL)
    return NULL;
  if (!has_section (prf, "General")) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE,
                 _("%s is not an Outlook profile file: it has no [General] section"), path);
    return NULL;
  }
  return g_steal_pointer (&prf);
}

GPtrArray *
mf_prf_get_accounts (MfPrf *prf)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (prf_account_free);
  gboolean inside = FALSE;

  g_return_val_if_fail (prf != NULL, NULL);

  for (guint i = 0; i < prf->lines->len; i++) {
    PrfLine *line = g_ptr_array_index (prf->lines, i);
    g_autofree gchar *name = NULL;
    const gchar *kind;
    MfPrfAccount *account;
    gboolean listed = FALSE;

    switch (classify_line (line->text, &name, NULL)) {
    case LINE_SECTION:
      inside = g_ascii_strcasecmp (name, ACCOUNT_LIST) == 0;
      continue;
    case LINE_KEY:
      break;
    default:
      continue;
    }
    if (!inside)
      continue;
    /* iniparser keeps the last of repeated keys: one account per key */
    kind = mf_ini_get (prf->dict, ACCOUNT_LIST, name);
    for (guint j = 0; j < accounts->len; j++) {
      MfPrfAccount *seen = g_ptr_array_index (accounts, j);
      listed = listed || g_ascii_strcasecmp (seen->section, name) == 0;
    }
    if (kind == NULL || kind[0] == '\0' || listed)
      continue;
    account = g_new0 (MfPrfAccount, 1);
    account->section = g_steal_pointer (&name);
    account->kind = g_strdup (kind);
    g_ptr_array_add (accounts, account);
  }
  return g_steal_pointer (&accounts);
}

const gchar *
mf_prf_get (MfPrf *prf, const gchar *section, const gchar *key)
{
  g_return_val_if_fail (prf != NULL, NULL);
  g_return_val_if_fail (section != NULL && key != NULL, NULL);

  return mf_ini_get (prf->dict, section, key);
}

static void
insert_line (MfPrf *prf, guint index, gchar *text)
{
  PrfLine *line = g_new0 (PrfLine, 1);

  line->text = text;
  line->eol = prf->eol;
  if (index > 0) {
    PrfLine *before = g_ptr_array_index (prf->lines, index - 1);
    /* the file's last line had no line end; it needs one now */
    if (before->eol[0] == '\0')
      before->eol = prf->eol;
  }
  g_ptr_array_insert (prf->lines, (gint) index, line);
}

/* returns the index of the new section's header */
static guint
append_section (MfPrf *prf, const gchar *section)
{
  g_autofree gchar *entry = dict_entry (section, NULL);
  guint n = prf->lines->len;

  if (n > 0 && !is_blank (g_ptr_array_index (prf->lines, n - 1)))
    insert_line (prf, n++, g_strdup (""));
  insert_line (prf, n, g_strdup_printf ("[%s]", section));
  iniparser_set (prf->dict, entry, NULL);
  return n;
}

static gboolean
valid_name (const gchar *name)
{
  return name != NULL && name[0] != '\0' && g_utf8_validate (name, -1, NULL) &&
         strpbrk (name, "=[]\r\n") == NULL;
}

void
mf_prf_set (MfPrf *prf, const gchar *section, const gchar *key, const gchar *value)
{
  g_autofree gchar *entry = NULL;
  gboolean inside = FALSE;
  gboolean found = FALSE;
  gint after = -1;   /* the section's last key, or its header */

  g_return_if_fail (prf != NULL);
  g_return_if_fail (valid_name (section));
  g_return_if_fail (valid_name (key));
  g_return_if_fail (value != NULL && g_utf8_validate (value, -1, NULL));
  g_return_if_fail (strpbrk (value, "\r\n") == NULL);

  for (guint i = 0; i < prf->lines->len; i++) {
    PrfLine *line = g_ptr_array_index (prf->lines, i);
    g_autofree gchar *name = NULL;
    gsize value_at = 0;

    switch (classify_line (line->text, &name, &value_at)) {
    case LINE_SECTION:
      inside = g_ascii_strcasecmp (name, section) == 0;
      if (inside)
        after = (gint) i;
      break;
    case LINE_KEY:
      if (!inside)
        break;
      after = (gint) i;
      if (g_ascii_strcasecmp (name, key) != 0)
        break;
      found = TRUE;
      if (strcmp (line->text + value_at, value) != 0) {
        gchar *text = g_strdup_printf ("%.*s%s", (gint) value_at, line->text, value);
        g_free (line->text);
        line->text = text;
        line->as_read = FALSE;
      }
      break;
    default:
      break;
    }
  }
  if (!found) {
    /* comments and blank lines after the last key introduce what follows */
    if (after < 0)
      after = (gint) append_section (prf, section);
    insert_line (prf, (guint) after + 1, g_strdup_printf ("%s=%s", key, value));
  }
  entry = dict_entry (section, key);
  iniparser_set (prf->dict, entry, value);
}

gboolean
mf_prf_remove (MfPrf *prf, const gchar *section, const gchar *key)
{
  g_autofree gchar *entry = NULL;
  gboolean inside = FALSE;
  gboolean removed = FALSE;
  guint i = 0;

  g_return_val_if_fail (prf != NULL, FALSE);
  g_return_val_if_fail (section != NULL && key != NULL, FALSE);

  while (i < prf->lines->len) {
    PrfLine *line = g_ptr_array_index (prf->lines, i);
    g_autofree gchar *name = NULL;

    switch (classify_line (line->text, &name, NULL)) {
    case LINE_SECTION:
      inside = g_ascii_strcasecmp (name, section) == 0;
      break;
    case LINE_KEY:
      if (inside && g_ascii_strcasecmp (name, key) == 0) {
        g_ptr_array_remove_index (prf->lines, i);
        removed = TRUE;
        continue;
      }
      break;
    default:
      break;
    }
    i++;
  }
  entry = dict_entry (section, key);
  iniparser_unset (prf->dict, entry);
  return removed;
}

static GBytes *
encode_prf (MfPrf *prf, PrfEncoding encoding, gboolean bom, gboolean keep_raw)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  const guint8 *source = prf->source != NULL ? g_bytes_get_data (prf->source, NULL) : NULL;

  if (bom && encoding == PRF_UTF16LE)
    g_byte_array_append (out, (const guint8 *) "\xFF\xFE", 2);
  else if (bom && encoding == PRF_UTF8)
    g_byte_array_append (out, (const guint8 *) "\xEF\xBB\xBF", 3);
  for (guint i = 0; i < prf->lines->len; i++) {
    PrfLine *line = g_ptr_array_index (prf->lines, i);

    if (keep_raw && line->as_read && source != NULL)
      g_byte_array_append (out, source + line->raw_offset, (guint) line->raw_len);
    else if (!encode_into (out, encoding, line->text))
      return NULL;
    if (!encode_into (out, encoding, line->eol))
      return NULL;
  }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

GBytes *
mf_prf_to_bytes (MfPrf *prf)
{
  GBytes *bytes;

  g_return_val_if_fail (prf != NULL, NULL);

  bytes = encode_prf (prf, prf->encoding, prf->bom, TRUE);
  /* A value CP932 cannot hold (a name in Korean, say) would be lost in
   * the file's own encoding; Outlook also reads Unicode PRF files, so the
   * whole file goes over to UTF-16LE instead. */
  if (bytes == NULL)
    bytes = encode_prf (prf, PRF_UTF16LE, TRUE, FALSE);
  return bytes;
}

MfPrf *
mf_prf_new_append (const gchar *profile_name)
{
  MfPrf *prf;

  g_return_val_if_fail (profile_name != NULL && g_utf8_validate (profile_name, -1, NULL), NULL);
  g_return_val_if_fail (strpbrk (profile_name, "\r\n") == NULL, NULL);

  prf = prf_new (PRF_UTF8);
  prf->dict = dictionary_new (0);
  /* Custom=1 makes Outlook read the account sections; Append adds them to
   * the existing profile without asking, and without a backup copy of it */
  mf_prf_set (prf, "General", "Custom", "1");
  mf_prf_set (prf, "General", "ProfileName", profile_name);
  mf_prf_set (prf, "General", "DefaultProfile", "No");
  mf_prf_set (prf, "General", "OverwriteProfile", "Append");
  mf_prf_set (prf, "General", "ModifyDefaultProfileIfPresent", "FALSE");
  mf_prf_set (prf, "General", "BackupProfile", "No");
  append_section (prf, ACCOUNT_LIST);
  return prf;
}

/* Section 7 of a PRF: which MAPI property each key of an account section
 * sets. Outlook ignores account keys that have no mapping here. */
typedef enum {
  MAP_BOTH,
  MAP_POP3,
  MAP_IMAP,
} MapScope;

static const struct {
  const gchar *key;
  gboolean prefixed;  /* "POP3" or "IMAP" goes before key */
  const gchar *type;
  guint tag;
  MapScope scope;
} mapping[] = {
  { "AccountName", FALSE, "PT_UNICODE", 0x0002, MAP_BOTH },
  { "DisplayName", FALSE, "PT_UNICODE", 0x000B, MAP_BOTH },
  { "EmailAddress", FALSE, "PT_UNICODE", 0x000C, MAP_BOTH },
  { "ReplyEMailAddress", FALSE, "PT_UNICODE", 0x0103, MAP_BOTH },
  { "Organization", FALSE, "PT_UNICODE", 0x0107, MAP_BOTH },
  { "Server", TRUE, "PT_UNICODE", 0x0100, MAP_BOTH },
  { "UserName", TRUE, "PT_UNICODE", 0x0101, MAP_BOTH },
  { "Port", TRUE, "PT_LONG", 0x0104, MAP_BOTH },
  { "UseSSL", TRUE, "PT_BOOLEAN", 0x0105, MAP_BOTH },
  { "UseSPA", TRUE, "PT_BOOLEAN", 0x0108, MAP_BOTH },
  { "SMTPServer", FALSE, "PT_UNICODE", 0x0200, MAP_BOTH },
  { "SMTPPort", FALSE, "PT_LONG", 0x0201, MAP_BOTH },
  { "SMTPSecureConnection", FALSE, "PT_LONG", 0x020A, MAP_BOTH },
  { "SMTPUseAuth", FALSE, "PT_BOOLEAN", 0x0203, MAP_BOTH },
  { "SMTPUserName", FALSE, "PT_UNICODE", 0x0204, MAP_BOTH },
  { "SMTPUseSPA", FALSE, "PT_BOOLEAN", 0x0207, MAP_BOTH },
  { "SMTPAuthMethod", FALSE, "PT_LONG", 0x0208, MAP_BOTH },
  { "ServerTimeOut", FALSE, "PT_LONG", 0x0209, MAP_BOTH },
  { "ConnectionType", FALSE, "PT_LONG", 0x000F, MAP_BOTH },
  { "LeaveOnServer", FALSE, "PT_LONG", 0x1000, MAP_POP3 },
  { "CheckNewImap", FALSE, "PT_BOOLEAN", 0x1100, MAP_IMAP },
  { "RootFolder", FALSE, "PT_UNICODE", 0x1101, MAP_IMAP },
};

static void
add_mapping (MfPrf *prf, const gchar *kind)
{
  MapScope scope;
  const gchar *protocol;

  if (g_ascii_strcasecmp (kind, "I_Mail") == 0) {
    scope = MAP_POP3;
    protocol = "POP3";
  } else if (g_ascii_strcasecmp (kind, "IMAP_I_Mail") == 0) {
    scope = MAP_IMAP;
    protocol = "IMAP";
  } else {
    return;
  }
  mf_prf_set (prf, kind, "AccountType", protocol);
  for (gsize i = 0; i < G_N_ELEMENTS (mapping); i++) {
    g_autofree gchar *key = NULL;
    g_autofree gchar *value = NULL;

    if (mapping[i].scope != MAP_BOTH && mapping[i].scope != scope)
      continue;
    key = mapping[i].prefixed ? g_strconcat (protocol, mapping[i].key, NULL) : g_strdup (mapping[i].key);
    value = g_strdup_printf ("%s,0x%04X", mapping[i].type, mapping[i].tag);
    mf_prf_set (prf, kind, key, value);
  }
}

gchar *
mf_prf_add_account (MfPrf *prf, const gchar *kind)
{
  g_autofree gchar *section = NULL;

  g_return_val_if_fail (prf != NULL, NULL);
  g_return_val_if_fail (valid_name (kind), NULL);

  /* a section left over from a removed account would lend its values */
  for (guint n = 1; section == NULL; n++) {
    section = g_strdup_printf ("Account%u", n);
    if (mf_ini_get (prf->dict, ACCOUNT_LIST, section) != NULL || has_section (prf, section))
      g_clear_pointer (&section, g_free);
  }
  mf_prf_set (prf, ACCOUNT_LIST, section, kind);
  mf_prf_set (prf, section, "UniqueService", "No");
  if (!has_section (prf, kind))
    add_mapping (prf, kind);
  return g_steal_pointer (&section);
}
