/* mf-reg.c: registry keys and values in memory, and patches to them */
#include "config.h"

#include <string.h>

#include "mf-reg.h"

struct _MfRegKey {
  gchar *name;
  MfRegKey *parent;
  GPtrArray *children;   /* MfRegKey */
  GPtrArray *values;     /* MfRegValue */
  /* case-folded name -> entry, so a key with many entries (a hostile
   * hive) is not read in quadratic time */
  GHashTable *child_index;
  GHashTable *value_index;
};

struct _MfRegPatch {
  GPtrArray *keys;       /* MfRegPatchKey */
};

static void
value_free (MfRegValue *value)
{
  g_free (value->name);
  g_clear_pointer (&value->data, g_bytes_unref);
  g_free (value);
}

/* Windows compares key and value names without regard to case */
static gboolean
same_name (const gchar *a, const gchar *b)
{
  g_autofree gchar *fa = g_utf8_casefold (a, -1);
  g_autofree gchar *fb = g_utf8_casefold (b, -1);
  return strcmp (fa, fb) == 0;
}

MfRegKey *
mf_reg_key_new (const gchar *name)
{
  MfRegKey *key = g_new0 (MfRegKey, 1);

  key->name = g_strdup (name != NULL ? name : "");
  key->children = g_ptr_array_new_with_free_func ((GDestroyNotify) mf_reg_key_free);
  key->values = g_ptr_array_new_with_free_func ((GDestroyNotify) value_free);
  key->child_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  key->value_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return key;
}

void
mf_reg_key_free (MfRegKey *key)
{
  if (key == NULL)
    return;
  g_hash_table_unref (key->child_index);
  g_hash_table_unref (key->value_index);
  g_ptr_array_unref (key->children);
  g_ptr_array_unref (key->values);
  g_free (key->name);
  g_free (key);
}

const gchar *
mf_reg_key_get_name (MfRegKey *key)
{
  return key->name;
}

MfRegKey *
mf_reg_key_get_parent (MfRegKey *key)
{
  return key->parent;
}

gchar *
mf_reg_key_get_path (MfRegKey *key)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GString *path = g_string_new (NULL);

  for (MfRegKey *k = key; k != NULL && k->parent != NULL; k = k->parent)
    g_ptr_array_add (names, k->name);
  for (guint i = names->len; i > 0; i--) {
    if (path->len > 0)
      g_string_append_c (path, '\\');
    g_string_append (path, g_ptr_array_index (names, i - 1));
  }
  return g_string_free (path, FALSE);
}

GPtrArray *
mf_reg_key_get_children (MfRegKey *key)
{
  return key->children;
}

MfRegKey *
mf_reg_key_get_child (MfRegKey *key, const gchar *name)
{
  g_autofree gchar *folded = g_utf8_casefold (name, -1);
  return g_hash_table_lookup (key->child_index, folded);
}

static MfRegKey *
add_child (MfRegKey *key, const gchar *name)
{
  MfRegKey *child = mf_reg_key_new (name);

  child->parent = key;
  g_ptr_array_add (key->children, child);
  g_hash_table_insert (key->child_index, g_utf8_casefold (name, -1), child);
  return child;
}

static MfRegKey *
walk (MfRegKey *key, const gchar *path, gboolean create)
{
  g_auto(GStrv) parts = g_strsplit (path, "\\", -1);

  for (guint i = 0; key != NULL && parts[i] != NULL; i++) {
    MfRegKey *child;
    if (parts[i][0] == '\0')
      continue;
    child = mf_reg_key_get_child (key, parts[i]);
    if (child == NULL && create)
      child = add_child (key, parts[i]);
    key = child;
  }
  return key;
}

MfRegKey *
mf_reg_key_lookup (MfRegKey *key, const gchar *path)
{
  return walk (key, path, FALSE);
}

MfRegKey *
mf_reg_key_ensure (MfRegKey *key, const gchar *path)
{
  return walk (key, path, TRUE);
}

gboolean
mf_reg_key_remove_child (MfRegKey *key, const gchar *name)
{
  MfRegKey *child = mf_reg_key_get_child (key, name);
  g_autofree gchar *folded = g_utf8_casefold (name, -1);

  if (child == NULL)
    return FALSE;
  g_hash_table_remove (key->child_index, folded);
  return g_ptr_array_remove (key->children, child);
}

GPtrArray *
mf_reg_key_get_values (MfRegKey *key)
{
  return key->values;
}

const MfRegValue *
mf_reg_key_get_value (MfRegKey *key, const gchar *name)
{
  g_autofree gchar *folded = NULL;

  if (key == NULL)
    return NULL;
  folded = g_utf8_casefold (name, -1);
  return g_hash_table_lookup (key->value_index, folded);
}

void
mf_reg_key_set_value (MfRegKey *key, const gchar *name, guint32 type, GBytes *data)
{
  MfRegValue *value = (MfRegValue *) mf_reg_key_get_value (key, name);

  if (value == NULL) {
    value = g_new0 (MfRegValue, 1);
    value->name = g_strdup (name);
    g_ptr_array_add (key->values, value);
    g_hash_table_insert (key->value_index, g_utf8_casefold (name, -1), value);
  }
  g_clear_pointer (&value->data, g_bytes_unref);
  value->type = type;
  value->data = data != NULL ? g_bytes_ref (data) : g_bytes_new (NULL, 0);
}

gboolean
mf_reg_key_remove_value (MfRegKey *key, const gchar *name)
{
  const MfRegValue *value = mf_reg_key_get_value (key, name);
  g_autofree gchar *folded = g_utf8_casefold (name, -1);

  if (value == NULL)
    return FALSE;
  g_hash_table_remove (key->value_index, folded);
  return g_ptr_array_remove (key->values, (gpointer) value);
}

gchar *
mf_reg_utf8_from_utf16 (const guint8 *data, gsize len)
{
  g_autofree gunichar2 *units = NULL;
  gsize n = len / 2, end = 0;

  if (len % 2 != 0 && !(len % 2 == 1 && data[len - 1] == 0))
    return NULL;
  units = g_new0 (gunichar2, n + 1);
  for (gsize i = 0; i < n; i++)
    units[i] = (gunichar2) (data[2 * i] | (data[2 * i + 1] << 8));
  while (end < n && units[end] != 0)
    end++;
  return g_utf16_to_utf8 (units, (glong) end, NULL, NULL, NULL);
}

GBytes *
mf_reg_utf16_from_utf8 (const gchar *text)
{
  glong n = 0;
  g_autofree gunichar2 *units = g_utf8_to_utf16 (text != NULL ? text : "", -1, NULL, &n, NULL);
  guint8 *out;

  if (units == NULL)
    return NULL;
  out = g_new0 (guint8, 2 * ((gsize) n + 1));
  for (glong i = 0; i < n; i++) {
    out[2 * i] = (guint8) (units[i] & 0xff);
    out[2 * i + 1] = (guint8) (units[i] >> 8);
  }
  return g_bytes_new_take (out, 2 * ((gsize) n + 1));
}

GBytes *
mf_reg_dword_bytes (guint32 value)
{
  guint8 le[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, (value >> 24) & 0xff };
  return g_bytes_new (le, sizeof le);
}

gchar *
mf_reg_key_get_string (MfRegKey *key, const gchar *name)
{
  const MfRegValue *value = mf_reg_key_get_value (key, name);
  gsize len = 0;
  const guint8 *data;

  if (value == NULL)
    return NULL;
  data = g_bytes_get_data (value->data, &len);
  switch (value->type) {
  case MF_REG_SZ:
  case MF_REG_EXPAND_SZ:
  case MF_REG_BINARY:
    return len == 0 ? g_strdup ("") : mf_reg_utf8_from_utf16 (data, len);
  default:
    return NULL;
  }
}

gboolean
mf_reg_key_get_dword (MfRegKey *key, const gchar *name, guint32 *out)
{
  const MfRegValue *value = mf_reg_key_get_value (key, name);
  gsize len = 0;
  const guint8 *d;

  if (value == NULL)
    return FALSE;
  d = g_bytes_get_data (value->data, &len);
  if (len != 4)
    return FALSE;
  if (value->type == MF_REG_DWORD)
    *out = (guint32) d[0] | (guint32) d[1] << 8 | (guint32) d[2] << 16 | (guint32) d[3] << 24;
  else if (value->type == MF_REG_DWORD_BE)
    *out = (guint32) d[3] | (guint32) d[2] << 8 | (guint32) d[1] << 16 | (guint32) d[0] << 24;
  else
    return FALSE;
  return TRUE;
}


static void
change_free (MfRegChange *change)
{
  g_free (change->name);
  g_clear_pointer (&change->data, g_bytes_unref);
  g_free (change);
}

static void
patch_key_free (MfRegPatchKey *key)
{
  g_free (key->path);
  g_ptr_array_unref (key->changes);
  g_free (key);
}

MfRegPatch *
mf_reg_patch_new (void)
{
  MfRegPatch *patch = g_new0 (MfRegPatch, 1);
  patch->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) patch_key_free);
  return patch;
}

void
mf_reg_patch_free (MfRegPatch *patch)
{
  if (patch == NULL)
    return;
  g_ptr_array_unref (patch->keys);
  g_free (patch);
}

static MfRegChange *
change_for (MfRegPatch *patch, const gchar *key_path, const gchar *name)
{
  MfRegPatchKey *key = NULL;
  MfRegChange *change;

  for (guint i = 0; i < patch->keys->len && key == NULL; i++) {
    MfRegPatchKey *k = g_ptr_array_index (patch->keys, i);
    if (same_name (k->path, key_path))
      key = k;
  }
  if (key == NULL) {
    key = g_new0 (MfRegPatchKey, 1);
    key->path = g_strdup (key_path);
    key->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
    g_ptr_array_add (patch->keys, key);
  }
  for (guint i = 0; i < key->changes->len; i++) {
    change = g_ptr_array_index (key->changes, i);
    if (same_name (change->name, name)) {
      g_clear_pointer (&change->data, g_bytes_unref);
      return change;
    }
  }
  change = g_new0 (MfRegChange, 1);
  change->name = g_strdup (name);
  g_ptr_array_add (key->changes, change);
  return change;
}

void
mf_reg_patch_set (MfRegPatch *patch, const gchar *key_path, const gchar *name, guint32 type, GBytes *data)
{
  MfRegChange *change = change_for (patch, key_path, name);

  change->remove = FALSE;
  change->type = type;
  change->data = data != NULL ? g_bytes_ref (data) : g_bytes_new (NULL, 0);
}

void
mf_reg_patch_remove (MfRegPatch *patch, const gchar *key_path, const gchar *name)
{
  MfRegChange *change = change_for (patch, key_path, name);

  change->remove = TRUE;
  change->type = MF_REG_NONE;
}

GPtrArray *
mf_reg_patch_get_keys (MfRegPatch *patch)
{
  return patch->keys;
}

gboolean
mf_reg_patch_is_empty (MfRegPatch *patch)
{
  return patch->keys->len == 0;
}

void
mf_reg_patch_apply (MfRegPatch *patch, MfRegKey *root)
{
  for (guint i = 0; i < patch->keys->len; i++) {
    MfRegPatchKey *pk = g_ptr_array_index (patch->keys, i);
    gboolean sets = FALSE;
    MfRegKey *key;

    for (guint j = 0; j < pk->changes->len; j++)
      sets |= !((MfRegChange *) g_ptr_array_index (pk->changes, j))->remove;
    /* removing values from a key that is not there creates nothing */
    key = sets ? mf_reg_key_ensure (root, pk->path) : mf_reg_key_lookup (root, pk->path);
    if (key == NULL)
      continue;

    for (guint j = 0; j < pk->changes->len; j++) {
      MfRegChange *change = g_ptr_array_index (pk->changes, j);
      if (change->remove)
        mf_reg_key_remove_value (key, change->name);
      else
        mf_reg_key_set_value (key, change->name, change->type, change->data);
    }
  }
}
