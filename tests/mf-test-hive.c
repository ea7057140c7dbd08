/* mf-test-hive.c: registry hive files for the tests, built from nothing */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <hivex.h>

#include "mf-reg.h"
#include "mf-test-hive.h"
#include "mf-test-utils.h"

/* hivex can change a hive but not start one, and no empty hive ships in
 * Debian: so the first one is laid out here from the format's facts. */

#define BASE_BLOCK_SIZE 0x1000
#define BIN_SIZE 0x1000
#define BIN_HEADER_SIZE 0x20
#define CHECKSUM_OFFSET 0x1fc

/* offsets below are relative to the first bin, as the format counts them */
#define ROOT_CELL 0x20
#define ROOT_NAME "ROOT"
#define NK_FIXED_SIZE 0x4c            /* an nk record up to its name */
#define SK_FIXED_SIZE 0x14            /* an sk record up to its descriptor */

#define KEY_HIVE_ENTRY 0x0004
#define KEY_NO_DELETE 0x0008
#define KEY_COMP_NAME 0x0020

/* 2024-04-01 00:00 UTC in 100 ns ticks since 1601: a fixed time keeps every
 * hive built from the same entries the same, byte for byte */
#define HIVE_TIME G_GUINT64_CONSTANT (133564032000000000)

static void
put_u16 (guint8 *p, guint16 v)
{
  p[0] = v & 0xff;
  p[1] = v >> 8;
}

static void
put_u32 (guint8 *p, guint32 v)
{
  for (guint i = 0; i < 4; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static void
put_u64 (guint8 *p, guint64 v)
{
  for (guint i = 0; i < 8; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static guint32
get_u32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static gsize
align8 (gsize n)
{
  return (n + 7) & ~(gsize) 7;
}

static guint32
header_checksum (const guint8 *base)
{
  guint32 sum = 0;

  for (gsize off = 0; off < CHECKSUM_OFFSET; off += 4)
    sum ^= get_u32 (base + off);
  /* Windows keeps 0 and ~0 out of the field; hivex compares the plain XOR,
   * so a hive whose sum lands there would be read by one and not the other */
  g_assert_cmpuint (sum, !=, 0);
  g_assert_cmpuint (sum, !=, 0xffffffff);
  return sum;
}

/* a SID with one sub-authority: S-1-<authority>-<sub> */
static gsize
put_sid (guint8 *p, guint8 authority, guint32 sub)
{
  p[0] = 1;              /* revision */
  p[1] = 1;              /* sub-authority count */
  memset (p + 2, 0, 6);  /* 48-bit big-endian identifier authority */
  p[7] = authority;
  put_u32 (p + 8, sub);
  return 12;
}

/* A self-relative security descriptor: owner and group LocalSystem, and a
 * DACL whose one inheritable entry gives Everyone full control of the keys.
 * Returns its length. */
static gsize
put_security_descriptor (guint8 *sd)
{
  const guint16 se_dacl_present = 0x0004, se_self_relative = 0x8000;
  const guint32 key_all_access = 0x000f003f;
  const gsize header = 20, sid = 12, acl_header = 8, ace = 4 + 4 + sid;
  gsize owner = header, group = owner + sid, dacl = group + sid;

  sd[0] = 1;             /* revision */
  sd[1] = 0;
  put_u16 (sd + 2, se_self_relative | se_dacl_present);
  put_u32 (sd + 4, (guint32) owner);
  put_u32 (sd + 8, (guint32) group);
  put_u32 (sd + 12, 0);  /* no SACL */
  put_u32 (sd + 16, (guint32) dacl);
  put_sid (sd + owner, 5, 18);
  put_sid (sd + group, 5, 18);

  sd[dacl] = 2;          /* ACL revision */
  sd[dacl + 1] = 0;
  put_u16 (sd + dacl + 2, (guint16) (acl_header + ace));
  put_u16 (sd + dacl + 4, 1);
  put_u16 (sd + dacl + 6, 0);

  sd[dacl + 8] = 0;      /* ACCESS_ALLOWED_ACE_TYPE */
  sd[dacl + 9] = 0x02;   /* CONTAINER_INHERIT_ACE: subkeys get it too */
  put_u16 (sd + dacl + 10, (guint16) ace);
  put_u32 (sd + dacl + 12, key_all_access);
  put_sid (sd + dacl + 16, 1, 0);
  return dacl + acl_header + ace;
}

gboolean
mf_test_write_empty_hive (const gchar *path, GError **error)
{
  g_autofree guint8 *file = g_malloc0 (BASE_BLOCK_SIZE + BIN_SIZE);
  guint8 *base = file, *bin = file + BASE_BLOCK_SIZE;
  const gchar *file_name = "NTUSER.DAT";
  gsize nk_size = align8 (4 + NK_FIXED_SIZE + strlen (ROOT_NAME));
  gsize sk_cell = ROOT_CELL + nk_size, sk_size, free_cell, sd_len;
  guint8 *nk, *sk;

  /* the security cell first: its length decides where the free space starts */
  sk = bin + sk_cell;
  sd_len = put_security_descriptor (sk + 4 + SK_FIXED_SIZE);
  sk_size = align8 (4 + SK_FIXED_SIZE + sd_len);
  put_u32 (sk, (guint32) -(gint32) sk_size);   /* negative: in use */
  memcpy (sk + 4, "sk", 2);
  /* the only descriptor in the hive: its list of descriptors is itself */
  put_u32 (sk + 4 + 0x04, (guint32) sk_cell);
  put_u32 (sk + 4 + 0x08, (guint32) sk_cell);
  put_u32 (sk + 4 + 0x0c, 1);                  /* keys using it: the root */
  put_u32 (sk + 4 + 0x10, (guint32) sd_len);

  nk = bin + ROOT_CELL;
  put_u32 (nk, (guint32) -(gint32) nk_size);
  memcpy (nk + 4, "nk", 2);
  put_u16 (nk + 4 + 0x02, KEY_HIVE_ENTRY | KEY_NO_DELETE | KEY_COMP_NAME);
  put_u64 (nk + 4 + 0x04, HIVE_TIME);
  put_u32 (nk + 4 + 0x10, 0);                  /* parent: meaningless for the root */
  put_u32 (nk + 4 + 0x14, 0);                  /* subkeys */
  put_u32 (nk + 4 + 0x18, 0);                  /* volatile subkeys */
  put_u32 (nk + 4 + 0x1c, 0xffffffff);         /* subkey list */
  put_u32 (nk + 4 + 0x20, 0xffffffff);         /* volatile subkey list */
  put_u32 (nk + 4 + 0x24, 0);                  /* values */
  put_u32 (nk + 4 + 0x28, 0xffffffff);         /* value list */
  put_u32 (nk + 4 + 0x2c, (guint32) sk_cell);
  put_u32 (nk + 4 + 0x30, 0xffffffff);         /* class name */
  put_u16 (nk + 4 + 0x48, (guint16) strlen (ROOT_NAME));
  put_u16 (nk + 4 + 0x4a, 0);                  /* class name length */
  memcpy (nk + 4 + NK_FIXED_SIZE, ROOT_NAME, strlen (ROOT_NAME));

  /* the rest of the bin is one free cell: a positive size */
  free_cell = sk_cell + sk_size;
  put_u32 (bin + free_cell, (guint32) (BIN_SIZE - free_cell));

  memcpy (bin, "hbin", 4);
  put_u32 (bin + 0x04, 0);                     /* offset of this bin */
  put_u32 (bin + 0x08, BIN_SIZE);
  put_u64 (bin + 0x14, HIVE_TIME);

  memcpy (base, "regf", 4);
  put_u32 (base + 0x04, 1);                    /* sequence numbers: equal, clean */
  put_u32 (base + 0x08, 1);
  put_u64 (base + 0x0c, HIVE_TIME);
  put_u32 (base + 0x14, 1);                    /* version 1.3 */
  put_u32 (base + 0x18, 3);
  put_u32 (base + 0x1c, 0);                    /* primary file */
  put_u32 (base + 0x20, 1);                    /* direct memory load format */
  put_u32 (base + 0x24, ROOT_CELL);
  put_u32 (base + 0x28, BIN_SIZE);             /* size of all bins */
  put_u32 (base + 0x2c, 1);                    /* clustering factor */
  for (gsize i = 0; file_name[i] != '\0' && i < 31; i++)
    put_u16 (base + 0x30 + 2 * i, (guint8) file_name[i]);
  put_u32 (base + CHECKSUM_OFFSET, header_checksum (base));

  return g_file_set_contents (path, (const gchar *) file, BASE_BLOCK_SIZE + BIN_SIZE, error);
}

gboolean
mf_test_hive_set_dirty (const gchar *path, GError **error)
{
  g_autofree gchar *data = NULL;
  gsize len = 0;
  guint8 *base;

  if (!g_file_get_contents (path, &data, &len, error))
    return FALSE;
  g_assert_cmpuint (len, >=, BASE_BLOCK_SIZE);
  base = (guint8 *) data;
  g_assert_cmpmem (base, 4, "regf", 4);
  put_u32 (base + 0x04, get_u32 (base + 0x04) + 1);
  put_u32 (base + CHECKSUM_OFFSET, header_checksum (base));
  return g_file_set_contents (path, data, (gssize) len, error);
}

static GBytes *
entry_data (const MfTestHiveEntry *entry)
{
  if (entry->hex != NULL) {
    GByteArray *bytes = g_byte_array_new ();
    for (const gchar *p = entry->hex; *p != '\0';) {
      guint8 byte;
      if (g_ascii_isspace (*p)) {
        p++;
        continue;
      }
      g_assert_true (g_ascii_isxdigit (p[0]) && g_ascii_isxdigit (p[1]));
      byte = (guint8) (g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]));
      g_byte_array_append (bytes, &byte, 1);
      p += 2;
    }
    return g_byte_array_free_to_bytes (bytes);
  }
  if (entry->type == MF_REG_DWORD)
    return mf_reg_dword_bytes (entry->dword);
  if (entry->type == MF_REG_DWORD_BE) {
    guint32 be = GUINT32_TO_BE (entry->dword);
    return g_bytes_new (&be, sizeof be);
  }
  return mf_reg_utf16_from_utf8 (entry->text != NULL ? entry->text : "");
}

static hive_node_h
ensure_key (hive_h *h, const gchar *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "\\", -1);
  hive_node_h node = hivex_root (h);

  for (guint i = 0; node != 0 && parts[i] != NULL; i++) {
    hive_node_h child;
    if (parts[i][0] == '\0')
      continue;
    errno = 0;
    child = hivex_node_get_child (h, node, parts[i]);
    if (child == 0 && errno == 0)
      child = hivex_node_add_child (h, node, parts[i]);
    node = child;
  }
  return node;
}

/* 0 on success, else the errno hivex left */
static int
add_entries (hive_h *h, const MfTestHiveEntry *entries, gsize n_entries)
{
  for (gsize i = 0; i < n_entries; i++) {
    hive_node_h node = ensure_key (h, entries[i].key);
    g_autoptr(GBytes) data = NULL;
    g_autofree gchar *name = NULL;
    hive_set_value value;
    gsize len = 0;

    if (node == 0)
      return errno != 0 ? errno : EINVAL;
    if (entries[i].name == NULL)
      continue;
    data = entry_data (&entries[i]);
    name = g_strdup (entries[i].name);
    value.key = name;
    value.t = (hive_type) entries[i].type;
    value.value = (char *) g_bytes_get_data (data, &len);
    value.len = len;
    if (hivex_node_set_value (h, node, &value, 0) != 0)
      return errno;
  }
  return hivex_commit (h, NULL, 0) != 0 ? errno : 0;
}

gboolean
mf_test_hive_build (const gchar *path, const MfTestHiveEntry *entries, gsize n_entries, GError **error)
{
  hive_h *h;
  int errsv;

  if (!mf_test_write_empty_hive (path, error))
    return FALSE;
  h = hivex_open (path, HIVEX_OPEN_WRITE);
  if (h == NULL) {
    errsv = errno;
  } else {
    errsv = add_entries (h, entries, n_entries);
    if (hivex_close (h) != 0 && errsv == 0)
      errsv = errno;
  }
  if (errsv != 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                 "cannot build the test hive %s: %s", path, g_strerror (errsv));
    return FALSE;
  }
  return TRUE;
}

void
mf_test_assert_reg_string (MfRegKey *key, const gchar *name, const gchar *expected)
{
  g_autofree gchar *text = mf_reg_key_get_string (key, name);
  g_assert_cmpstr (text, ==, expected);
}

void
mf_test_assert_reg_dword (MfRegKey *key, const gchar *name, guint32 expected)
{
  guint32 value = 0;

  g_assert_true (mf_reg_key_get_dword (key, name, &value));
  g_assert_cmpuint (value, ==, expected);
}

/* what mailfix writes for Windows, read back by readers that are not its
 * own */

/* regedit's own format as a UTF-8 file, which hivexregedit reads */
static gchar *
reg_as_utf8 (const gchar *path, const gchar *dir)
{
  gsize len = 0;
  g_autofree gchar *raw = mf_test_read_file (path, &len);
  g_autofree gchar *text = NULL;
  g_autofree gchar *lf = NULL;
  g_auto(GStrv) lines = NULL;
  gchar *out = g_build_filename (dir, "patch-utf8.reg", NULL);

  /* what regedit wants: UTF-16LE, a byte-order mark, CRLF */
  g_assert_cmpuint (len, >, 2);
  g_assert_cmpuint ((guchar) raw[0], ==, 0xff);
  g_assert_cmpuint ((guchar) raw[1], ==, 0xfe);
  text = g_convert (raw + 2, (gssize) len - 2, "UTF-8", "UTF-16LE", NULL, NULL, NULL);
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "Windows Registry Editor Version 5.00\r\n"));
  lines = g_strsplit (text, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_null (strchr (lines[i], '\n'));
  lf = g_strjoinv ("\n", lines);
  g_assert_true (g_file_set_contents (out, lf, -1, NULL));
  return out;
}

/* merges a patch into a hive with hivexregedit (Win::Hivex), the reader
 * that is not ours */
static void
merge_with_hivexregedit (const gchar *hive, const gchar *reg_utf8)
{
  g_autofree gchar *out = NULL;
  g_autofree gchar *err = NULL;
  gint status = 0;
  const gchar *argv[] = { "hivexregedit", "--merge", "--prefix", "HKEY_CURRENT_USER", hive, reg_utf8, NULL };

  g_assert_true (g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, NULL));
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("hivexregedit failed: %s", err);
}

/* one value as hivexget prints it */
static gchar *
hivexget (const gchar *hive, const gchar *key, const gchar *value)
{
  g_autofree gchar *out = NULL;
  gint status = 0;
  const gchar *argv[] = { "hivexget", hive, key, value, NULL };

  g_assert_true (g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, NULL));
  if (!g_spawn_check_wait_status (status, NULL))
    return NULL;
  return g_strchomp (g_steal_pointer (&out));
}

void
mf_test_assert_hivexget (const gchar *hive, const gchar *key, const gchar *value, const gchar *expected)
{
  g_autofree gchar *got = hivexget (hive, key, value);
  g_assert_cmpstr (got, ==, expected);
}

gchar *
mf_test_merge_patch (const gchar *patch, const gchar *dir, const MfTestHiveEntry *base, gsize n_base)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *utf8 = reg_as_utf8 (patch, dir);
  gchar *hive = g_build_filename (dir, "merged.dat", NULL);

  g_assert_true (mf_test_hive_build (hive, base, n_base, &error));
  g_assert_no_error (error);
  merge_with_hivexregedit (hive, utf8);
  g_unlink (utf8);
  return hive;
}

gboolean
mf_test_have_hivex_tools (void)
{
  g_autofree gchar *a = g_find_program_in_path ("hivexregedit");
  g_autofree gchar *b = g_find_program_in_path ("hivexget");
  return a != NULL && b != NULL;
}
