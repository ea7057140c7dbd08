/* mf-hive.c: offline registry hives (a user's NTUSER.DAT) read and changed through libhivex */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <hivex.h>

#include "mf-atomic-file.h"
#include "mf-confine.h"
#include "mf-error.h"
#include "mf-hive.h"
#include "mf-private.h"

#define BASE_BLOCK_SIZE 4096
#define HKCU "HKEY_CURRENT_USER"

/* Limits against hostile hives: a key list may point back at an ancestor
 * or share one list among thousands of keys, and hivex follows either.
 * Windows itself nests keys at most 512 deep; the mail settings below
 * Software and Identities stay far above these. */
#define MAX_DEPTH 64
#define MAX_KEYS 100000
#define MAX_VALUES 1000000
#define MAX_VALUE_BYTES (256 * 1024 * 1024)

/* the largest hive copied into memory to be changed: real NTUSER.DAT files
 * are a few to some tens of megabytes */
#define MAX_HIVE_SIZE (512 * 1024 * 1024)

/* Values longer than this live in "big data" cells in Windows Vista and
 * later hives; hivex reads them but writes every value as one flat cell,
 * which Windows would then misread. */
#define MAX_FLAT_VALUE 16344

/* the longest key name Windows makes */
#define MAX_KEY_NAME 255

static void
close_hive (hive_h *h)
{
  hivex_close (h);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (hive_h, close_hive)

static guint32
get_u32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

/* Windows compares names without regard to case */
static gboolean
same_name (const gchar *a, const gchar *b)
{
  g_autofree gchar *fa = g_utf8_casefold (a, -1);
  g_autofree gchar *fb = g_utf8_casefold (b, -1);
  return strcmp (fa, fb) == 0;
}

/* the errno values hivex gives for a file it does not take for a hive */
static gboolean
is_format_errno (int errsv)
{
  return errsv == ENOTSUP || errsv == EINVAL || errsv == EFAULT ||
         errsv == ERANGE || errsv == EOVERFLOW || errsv == EILSEQ;
}

static gboolean
fail_damaged (GError **error, const gchar *path)
{
  g_set_error (error, MF_ERROR, MF_ERROR_PARSE,
               _("the registry hive %s is damaged"), path);
  return FALSE;
}

static gboolean
fail_change (GError **error, int errsv, const gchar *path)
{
  g_set_error (error, MF_ERROR, is_format_errno (errsv) ? MF_ERROR_PARSE : mf_error_from_errno (errsv),
               _("cannot change the registry hive %s: %s"), path, g_strerror (errsv));
  return FALSE;
}

/* Checks the base block (at least its first len bytes of data) of a hive
 * whose file is file_size bytes long, or of unknown length when
 * file_size < 0. */
static gboolean
check_base_block (const gchar *path, const guint8 *data, gsize len, goffset file_size, GError **error)
{
  if (len < 4 || memcmp (data, "regf", 4) != 0) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE,
                 _("%s is not a Windows registry hive"), path);
    return FALSE;
  }
  if (len < BASE_BLOCK_SIZE) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE,
                 _("the registry hive %s is cut short"), path);
    return FALSE;
  }
  if (get_u32 (data + 0x14) != 1) {
    g_set_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED,
                 _("the registry hive %s is of a format version mailfix does not know"), path);
    return FALSE;
  }
  /* hivex reads a hive whose bins stop early as if the keys in the missing
   * part were damaged; saying so up front is clearer */
  if (file_size >= 0 && (guint64) BASE_BLOCK_SIZE + get_u32 (data + 0x28) > (guint64) file_size) {
    g_set_error (error, MF_ERROR, MF_ERROR_PARSE,
                 _("the registry hive %s is cut short"), path);
    return FALSE;
  }
  return TRUE;
}

/* reads the base block into block (BASE_BLOCK_SIZE bytes) and checks it;
 * the file stays open in *fd_out when it is given */
static gboolean
read_base_block (const gchar *path, guint8 *block, gboolean whole_file, MfFd *fd_out, GError **error)
{
  g_auto(MfFd) fd = -1;
  struct stat st;
  gsize got = 0;

  /* O_NONBLOCK: a fifo at the path must not hang us before fstat shows it
   * is not a regular file */
  fd = mf_confine_open (path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0 && errno == ELOOP) {
    g_set_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED,
                 _("%s is a symbolic link; mailfix only reads regular files"), path);
    return FALSE;
  }
  if (fd < 0)
    return mf_confine_fail_open (error, errno, path);
  if (fstat (fd, &st) != 0)
    return mf_fail_errno (error, errno, _("cannot read %s"), path);
  if (!S_ISREG (st.st_mode)) {
    g_set_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED,
                 _("%s is not a regular file"), path);
    return FALSE;
  }
  if (!mf_confine_check_file (path, &st, error))
    return FALSE;
  while (got < BASE_BLOCK_SIZE) {
    gssize n = read (fd, block + got, BASE_BLOCK_SIZE - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return mf_fail_errno (error, errno, _("cannot read %s"), path);
    if (n == 0)
      break;
    got += (gsize) n;
  }
  if (!check_base_block (path, block, got, whole_file ? (goffset) st.st_size : -1, error))
    return FALSE;
  if (fd_out != NULL)
    *fd_out = mf_fd_steal (&fd);
  return TRUE;
}

gboolean
mf_hive_is_clean (const gchar *path, guint32 *sequence1, guint32 *sequence2, GError **error)
{
  guint8 block[BASE_BLOCK_SIZE];
  guint32 seq1, seq2;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!read_base_block (path, block, FALSE, NULL, error))
    return FALSE;
  seq1 = get_u32 (block + 0x04);
  seq2 = get_u32 (block + 0x08);
  if (sequence1 != NULL)
    *sequence1 = seq1;
  if (sequence2 != NULL)
    *sequence2 = seq2;
  return seq1 == seq2;
}

static hive_h *
open_hive (const gchar *file, int flags, const gchar *path, GError **error)
{
  hive_h *h = hivex_open (file, flags);

  if (h == NULL) {
    int errsv = errno;
    if (is_format_errno (errsv))
      fail_damaged (error, path);
    else
      mf_fail_errno (error, errsv, _("cannot open the registry hive %s"), path);
  }
  return h;
}


typedef struct {
  hive_h *h;
  const gchar *path;
  guint keys;
  guint values;
  guint64 bytes;
} Reader;

/* a name hivex gives that can stand for one key in an MfRegKey tree */
static gboolean
usable_key_name (const gchar *name)
{
  return name != NULL && name[0] != '\0' && strchr (name, '\\') == NULL &&
         g_utf8_validate (name, -1, NULL);
}

static gboolean
copy_values (Reader *r, hive_node_h node, MfRegKey *key, GError **error)
{
  g_autofree hive_value_h *values = hivex_node_values (r->h, node);

  if (values == NULL)
    return fail_damaged (error, r->path);
  for (gsize i = 0; values[i] != 0; i++) {
    g_autofree gchar *name = hivex_value_key (r->h, values[i]);
    g_autoptr(GBytes) data = NULL;
    hive_type type;
    size_t len = 0;

    if (name == NULL || !g_utf8_validate (name, -1, NULL)) {
      g_debug ("skipping a value with an unreadable name in %s", r->path);
      continue;
    }
    if (hivex_value_type (r->h, values[i], &type, &len) != 0)
      return fail_damaged (error, r->path);
    r->values++;
    r->bytes += len;
    if (r->values > MAX_VALUES || r->bytes > MAX_VALUE_BYTES) {
      g_set_error (error, MF_ERROR, MF_ERROR_TOO_LARGE,
                   _("the registry hive %s holds more values than mailfix will read"), r->path);
      return FALSE;
    }
    if (len == 0) {
      data = g_bytes_new (NULL, 0);
    } else {
      char *raw = hivex_value_value (r->h, values[i], &type, &len);
      if (raw == NULL)
        return fail_damaged (error, r->path);
      data = g_bytes_new_with_free_func (raw, len, free, raw);
    }
    mf_reg_key_set_value (key, name, (guint32) type, data);
  }
  return TRUE;
}

static gboolean
copy_key (Reader *r, hive_node_h node, MfRegKey *key, guint depth, GError **error)
{
  g_autofree hive_node_h *children = NULL;

  if (!copy_values (r, node, key, error))
    return FALSE;
  children = hivex_node_children (r->h, node);
  if (children == NULL)
    return fail_damaged (error, r->path);
  for (gsize i = 0; children[i] != 0; i++) {
    g_autofree gchar *name = NULL;

    if (depth >= MAX_DEPTH) {
      g_set_error (error, MF_ERROR, MF_ERROR_TOO_LARGE,
                   _("the registry hive %s nests keys more than %u levels deep"), r->path, MAX_DEPTH);
      return FALSE;
    }
    if (++r->keys > MAX_KEYS) {
      g_set_error (error, MF_ERROR, MF_ERROR_TOO_LARGE,
                   _("the registry hive %s holds more than %u keys where mailfix looks"), r->path, MAX_KEYS);
      return FALSE;
    }
    name = hivex_node_name (r->h, children[i]);
    if (!usable_key_name (name)) {
      g_debug ("skipping a key with an unusable name in %s", r->path);
      continue;
    }
    if (!copy_key (r, children[i], mf_reg_key_ensure (key, name), depth + 1, error))
      return FALSE;
  }
  return TRUE;
}

/* Finds the subtree's node (0 if absent) and, only when it is there, the
 * MfRegKey that stands for it, named as the hive names its keys. */
static gboolean
find_subtree (Reader *r, const gchar *subtree, MfRegKey *hkcu, hive_node_h *node_out,
              MfRegKey **key_out, guint *depth_out, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (subtree, "\\", -1);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  hive_node_h node = hivex_root (r->h);
  MfRegKey *key = hkcu;

  *node_out = 0;
  if (node == 0)
    return fail_damaged (error, r->path);
  for (guint i = 0; parts[i] != NULL; i++) {
    gchar *name;

    if (parts[i][0] == '\0')
      continue;
    errno = 0;
    node = hivex_node_get_child (r->h, node, parts[i]);
    if (node == 0 && errno != 0)
      return fail_damaged (error, r->path);
    if (node == 0)
      return TRUE;
    name = hivex_node_name (r->h, node);
    g_ptr_array_add (names, usable_key_name (name) ? g_strdup (name) : g_strdup (parts[i]));
    free (name);
  }
  for (guint i = 0; i < names->len; i++)
    key = mf_reg_key_ensure (key, g_ptr_array_index (names, i));
  *node_out = node;
  *key_out = key;
  *depth_out = names->len;
  return TRUE;
}

MfRegKey *
mf_hive_read (const gchar *path, const gchar *const *subtrees, GError **error)
{
  guint8 block[BASE_BLOCK_SIZE];
  g_auto(MfFd) fd = -1;
  g_autofree gchar *fd_path = NULL;
  g_autoptr(hive_h) h = NULL;
  g_autoptr(MfRegKey) root = NULL;
  MfRegKey *hkcu;
  Reader r = { NULL, path, 0, 0, 0 };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_base_block (path, block, TRUE, &fd, error))
    return NULL;
  /* hivex opens a path itself: this descriptor's, so it reads the file
   * just checked and not one swapped in since */
  fd_path = g_strdup_printf ("/proc/self/fd/%d", fd);
  h = open_hive (fd_path, 0, path, error);
  if (h == NULL)
    return NULL;
  r.h = h;
  root = mf_reg_key_new (NULL);
  hkcu = mf_reg_key_ensure (root, HKCU);
  for (guint i = 0; subtrees != NULL && subtrees[i] != NULL; i++) {
    hive_node_h node = 0;
    MfRegKey *key = NULL;
    guint depth = 0;

    if (!find_subtree (&r, subtrees[i], hkcu, &node, &key, &depth, error))
      return NULL;
    if (node != 0 && !copy_key (&r, node, key, depth, error))
      return NULL;
  }
  return g_steal_pointer (&root);
}


/* the part of a patch's key path below HKEY_CURRENT_USER, or NULL when it
 * names another root */
static const gchar *
hive_relative_path (const gchar *key_path)
{
  gsize n = strlen (HKCU);

  if (g_ascii_strncasecmp (key_path, HKCU, n) != 0)
    return NULL;
  if (key_path[n] == '\0')
    return key_path + n;
  if (key_path[n] == '\\')
    return key_path + n + 1;
  return NULL;
}

/* Rewriting a key's values (hivex does that for every change) flattens
 * any big-data value in it; a key holding one is left alone. */
static gboolean
check_rewritable (hive_h *h, hive_node_h node, const gchar *key_path, const gchar *path, GError **error)
{
  g_autofree hive_value_h *values = hivex_node_values (h, node);

  if (values == NULL)
    return fail_change (error, errno, path);
  for (gsize i = 0; values[i] != 0; i++) {
    hive_type type;
    size_t len = 0;
    char *data;

    if (hivex_value_type (h, values[i], &type, &len) != 0)
      return fail_change (error, errno, path);
    if (len > MAX_FLAT_VALUE) {
      g_set_error (error, MF_ERROR, MF_ERROR_UNSUPPORTED,
                   _("cannot change %s in the registry hive %s: the key holds a value too large to rewrite safely"),
                   key_path, path);
      return FALSE;
    }
    /* Rewriting frees each value's data cell, and hivex asserts (ending
     * the process) when the value points at no cell, as an empty value
     * written by some tools does; reading the value checks the pointer.
     * A removal would otherwise rewrite the list without reading it. */
    data = hivex_value_value (h, values[i], &type, &len);
    if (data == NULL)
      return fail_damaged (error, path);
    free (data);
  }
  return TRUE;
}

static gboolean
set_value (hive_h *h, hive_node_h node, MfRegChange *change, const gchar *key_path,
           const gchar *path, GError **error)
{
  static char empty[1];
  g_autofree gchar *name = NULL;
  gsize len = 0;
  const void *data = change->data != NULL ? g_bytes_get_data (change->data, &len) : NULL;
  hive_set_value value;
  hive_value_h existing;

  if (len > MAX_FLAT_VALUE) {
    g_set_error (error, MF_ERROR, MF_ERROR_TOO_LARGE,
                 _("cannot write %s\\%s into the registry hive %s: the value is too large"),
                 key_path, change->name, path);
    return FALSE;
  }
  /* hivex names a replaced value as the caller spells it; the hive's own
   * spelling stays */
  errno = 0;
  existing = hivex_node_get_value (h, node, change->name);
  if (existing == 0 && errno != 0)
    return fail_change (error, errno, path);
  if (existing != 0) {
    char *spelt = hivex_value_key (h, existing);
    if (spelt == NULL)
      return fail_change (error, errno, path);
    name = g_strdup (spelt);
    free (spelt);
  } else {
    name = g_strdup (change->name);
  }
  value.key = name;
  value.t = (hive_type) change->type;
  value.len = len;
  value.value = data != NULL ? (char *) data : empty;
  if (hivex_node_set_value (h, node, &value, 0) != 0)
    return fail_change (error, errno, path);
  return TRUE;
}

static void
clear_set_values (hive_set_value *values, gsize n)
{
  for (gsize i = 0; i < n; i++) {
    free (values[i].key);
    free (values[i].value);
  }
  g_free (values);
}

/* hivex deletes no single value: the key gets its list back without it */
static gboolean
remove_value (hive_h *h, hive_node_h node, const gchar *name, const gchar *path, GError **error)
{
  g_autofree hive_value_h *values = hivex_node_values (h, node);
  hive_set_value *keep;
  gsize n = 0, kept = 0;
  gboolean found = FALSE, ok = TRUE;
  int errsv = 0;

  if (values == NULL)
    return fail_change (error, errno, path);
  while (values[n] != 0)
    n++;
  keep = g_new0 (hive_set_value, n + 1);
  for (gsize i = 0; i < n && ok; i++) {
    char *key = hivex_value_key (h, values[i]);
    char *data;
    hive_type type;
    size_t len = 0;

    if (key == NULL || !g_utf8_validate (key, -1, NULL)) {
      /* a value we cannot name could not be put back */
      errsv = key == NULL ? errno : EILSEQ;
      free (key);
      ok = FALSE;
      break;
    }
    if (same_name (key, name)) {
      found = TRUE;
      free (key);
      continue;
    }
    data = hivex_value_value (h, values[i], &type, &len);
    if (data == NULL && len > 0) {
      errsv = errno;
      free (key);
      ok = FALSE;
      break;
    }
    keep[kept].key = key;
    keep[kept].t = type;
    keep[kept].len = len;
    keep[kept].value = data;
    kept++;
  }
  if (ok && found && hivex_node_set_values (h, node, kept, keep, 0) != 0) {
    errsv = errno;
    ok = FALSE;
  }
  clear_set_values (keep, kept);
  return ok ? TRUE : fail_change (error, errsv, path);
}

static gboolean
apply_key (hive_h *h, MfRegPatchKey *pk, const gchar *path, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (hive_relative_path (pk->path), "\\", -1);
  hive_node_h node = hivex_root (h);
  gboolean sets = FALSE;

  if (pk->changes->len == 0)
    return TRUE;
  for (guint j = 0; j < pk->changes->len; j++)
    sets |= !((MfRegChange *) g_ptr_array_index (pk->changes, j))->remove;
  if (node == 0)
    return fail_damaged (error, path);
  for (guint i = 0; parts[i] != NULL; i++) {
    hive_node_h child;

    if (parts[i][0] == '\0')
      continue;
    errno = 0;
    child = hivex_node_get_child (h, node, parts[i]);
    if (child == 0 && errno != 0)
      return fail_change (error, errno, path);
    /* removing values from a key that is not there creates nothing */
    if (child == 0 && !sets)
      return TRUE;
    /* Windows refuses to load a hive with a key name it could not make */
    if (child == 0 && g_utf8_strlen (parts[i], -1) > MAX_KEY_NAME) {
      g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                   _("cannot write %s into the registry hive %s: a key name is longer than %u characters"),
                   pk->path, path, MAX_KEY_NAME);
      return FALSE;
    }
    if (child == 0)
      child = hivex_node_add_child (h, node, parts[i]);
    if (child == 0)
      return fail_change (error, errno, path);
    node = child;
  }
  if (!check_rewritable (h, node, pk->path, path, error))
    return FALSE;
  for (guint j = 0; j < pk->changes->len; j++) {
    MfRegChange *change = g_ptr_array_index (pk->changes, j);
    gboolean ok = change->remove ? remove_value (h, node, change->name, path, error)
                                 : set_value (h, node, change, pk->path, path, error);
    if (!ok)
      return FALSE;
  }
  return TRUE;
}

static hive_node_h
find_node (hive_h *h, const gchar *relative_path)
{
  g_auto(GStrv) parts = g_strsplit (relative_path, "\\", -1);
  hive_node_h node = hivex_root (h);

  for (guint i = 0; node != 0 && parts[i] != NULL; i++) {
    if (parts[i][0] != '\0')
      node = hivex_node_get_child (h, node, parts[i]);
  }
  return node;
}

/* whether the value is as the change left it: gone, or holding its data */
static gboolean
change_holds (hive_h *h, hive_node_h node, const MfRegChange *change)
{
  hive_value_h value = node != 0 ? hivex_node_get_value (h, node, change->name) : 0;
  g_autoptr(GBytes) expected = NULL;
  hive_type type;
  size_t len = 0;
  char *data;
  gboolean same;

  if (change->remove || value == 0)
    return change->remove && value == 0;
  data = hivex_value_value (h, value, &type, &len);
  if (data == NULL)
    return FALSE;
  expected = change->data != NULL ? g_bytes_ref (change->data) : g_bytes_new (NULL, 0);
  same = (guint32) type == change->type && len == g_bytes_get_size (expected) &&
         (len == 0 || memcmp (data, g_bytes_get_data (expected, NULL), len) == 0);
  free (data);
  return same;
}

/* hivex frees the cells of the values it replaces where the hive says they
 * are; in a damaged hive one of them may be a cell still in use, the root
 * key's even, and the hive written would not load. So the patched copy is
 * read back: every value must be as the last change made to it left it. */
static gboolean
check_patched (const gchar *tmp, MfRegPatch *patch, const gchar *path, GError **error)
{
  GPtrArray *keys = mf_reg_patch_get_keys (patch);
  g_autoptr(hive_h) h = hivex_open (tmp, 0);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (h == NULL)
    return fail_damaged (error, path);
  for (guint i = keys->len; i > 0; i--) {
    MfRegPatchKey *pk = g_ptr_array_index (keys, i - 1);
    hive_node_h node = find_node (h, hive_relative_path (pk->path));

    for (guint j = 0; j < pk->changes->len; j++) {
      const MfRegChange *change = g_ptr_array_index (pk->changes, j);
      g_autofree gchar *folded = g_utf8_casefold (change->name, -1);

      /* two paths may name one key (a\\b and a\b): a later change wins */
      if (!g_hash_table_add (seen, g_strdup_printf ("%zx\\%s", node, folded)))
        continue;
      if (!change_holds (h, node, change))
        return fail_damaged (error, path);
    }
  }
  return TRUE;
}

/* carries the patch out on the copy at tmp and commits it there */
static gboolean
patch_copy (const gchar *tmp, MfRegPatch *patch, const gchar *path, GError **error)
{
  GPtrArray *keys = mf_reg_patch_get_keys (patch);
  hive_h *h = open_hive (tmp, HIVEX_OPEN_WRITE, path, error);
  gboolean ok = TRUE;

  if (h == NULL)
    return FALSE;
  for (guint i = 0; i < keys->len && ok; i++)
    ok = apply_key (h, g_ptr_array_index (keys, i), path, error);
  if (ok && hivex_commit (h, NULL, 0) != 0)
    ok = fail_change (error, errno, path);
  if (hivex_close (h) != 0 && ok)
    ok = fail_change (error, errno, path);
  return ok;
}

static gboolean
write_all (int fd, const guint8 *data, gsize len)
{
  while (len > 0) {
    gssize n = write (fd, data, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return FALSE;
    data += n;
    len -= (gsize) n;
  }
  return TRUE;
}

GBytes *
mf_hive_apply_patch (const gchar *path, MfRegPatch *patch, GError **error)
{
  GPtrArray *keys;
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GBytes) result = NULL;
  g_autofree gchar *tmp = NULL;
  g_autoptr(GError) local = NULL;
  g_auto(MfFd) fd = -1;
  const guint8 *data;
  gsize len = 0;
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (patch != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  keys = mf_reg_patch_get_keys (patch);
  for (guint i = 0; i < keys->len; i++) {
    MfRegPatchKey *pk = g_ptr_array_index (keys, i);
    if (hive_relative_path (pk->path) == NULL) {
      g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                   _("cannot write %s into the registry hive %s: a user's hive holds only HKEY_CURRENT_USER"),
                   pk->path, path);
      return NULL;
    }
  }

  original = mf_atomic_file_read (path, MAX_HIVE_SIZE, NULL, error);
  if (original == NULL)
    return NULL;
  data = g_bytes_get_data (original, &len);
  if (!check_base_block (path, data, len, (goffset) len, error))
    return NULL;

  /* hivex writes back to the file it opened: it gets a private copy, so
   * the hive itself is never touched */
  fd = g_file_open_tmp ("mailfix-hive-XXXXXX", &tmp, &local);
  if (fd < 0) {
    g_set_error (error, MF_ERROR, MF_ERROR_IO,
                 _("cannot make a temporary copy of %s: %s"), path, local->message);
    return NULL;
  }
  if (!write_all (fd, data, len) || close (mf_fd_steal (&fd)) != 0) {
    mf_fail_errno (error, errno, _("cannot make a temporary copy of %s"), path);
    g_unlink (tmp);
    return NULL;
  }
  ok = patch_copy (tmp, patch, path, error) && check_patched (tmp, patch, path, error);
  if (ok)
    result = mf_atomic_file_read (tmp, G_MAXSIZE, NULL, error);
  g_unlink (tmp);
  return g_steal_pointer (&result);
}
