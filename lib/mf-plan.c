/* mf-plan.c: the exact edits a change will make */
#include "config.h"

#include <string.h>

#include "mf-diff.h"
#include "mf-plan-private.h"
#include "mf-reg.h"
#include "mf-plan.h"
#include "mf-private.h"

/* ---- MfEdit: one setting changed, added or removed ---- */

struct _MfEdit {
  GObject parent_instance;
  gchar *account_id;
  gchar *path;
  gchar *key;
  gchar *old_value;
  gchar *new_value;
};

G_DEFINE_FINAL_TYPE (MfEdit, mf_edit, G_TYPE_OBJECT)

static void
mf_edit_finalize (GObject *object)
{
  MfEdit *self = MF_EDIT (object);

  g_free (self->account_id);
  g_free (self->path);
  g_free (self->key);
  g_free (self->old_value);
  g_free (self->new_value);
  G_OBJECT_CLASS (mf_edit_parent_class)->finalize (object);
}

static void
mf_edit_class_init (MfEditClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mf_edit_finalize;
}

static void
mf_edit_init (MfEdit *self)
{
}

/**
 * mf_edit_new:
 * @account_id: (nullable): the account the edit belongs to
 * @path: the file
 * @key: the setting's name in the store
 * @old_value: (nullable): the value as the store writes it, %NULL if absent
 * @new_value: (nullable): the new value, %NULL to remove the setting
 *
 * Returns: (transfer full): a new edit
 *
 * Since: 0.1
 */
MfEdit *
mf_edit_new (const gchar *account_id, const gchar *path, const gchar *key,
             const gchar *old_value, const gchar *new_value)
{
  MfEdit *self = g_object_new (MF_TYPE_EDIT, NULL);

  self->account_id = g_strdup (account_id);
  self->path = g_strdup (path);
  self->key = g_strdup (key);
  self->old_value = g_strdup (old_value);
  self->new_value = g_strdup (new_value);
  return self;
}

const gchar *
mf_edit_get_account_id (MfEdit *self)
{
  g_return_val_if_fail (MF_IS_EDIT (self), NULL);
  return self->account_id;
}

const gchar *
mf_edit_get_path (MfEdit *self)
{
  g_return_val_if_fail (MF_IS_EDIT (self), NULL);
  return self->path;
}

const gchar *
mf_edit_get_key (MfEdit *self)
{
  g_return_val_if_fail (MF_IS_EDIT (self), NULL);
  return self->key;
}

const gchar *
mf_edit_get_old_value (MfEdit *self)
{
  g_return_val_if_fail (MF_IS_EDIT (self), NULL);
  return self->old_value;
}

const gchar *
mf_edit_get_new_value (MfEdit *self)
{
  g_return_val_if_fail (MF_IS_EDIT (self), NULL);
  return self->new_value;
}

/* ---- MfPlanFile: one file's old and new contents ---- */

struct _MfPlanFile {
  GObject parent_instance;
  MfProfile *profile;
  gchar *path;
  GBytes *old_contents;
  GBytes *new_contents;
  GBytes *summary;
};

G_DEFINE_FINAL_TYPE (MfPlanFile, mf_plan_file, G_TYPE_OBJECT)

static void
mf_plan_file_finalize (GObject *object)
{
  MfPlanFile *self = MF_PLAN_FILE (object);

  g_clear_object (&self->profile);
  g_free (self->path);
  g_clear_pointer (&self->old_contents, g_bytes_unref);
  g_clear_pointer (&self->new_contents, g_bytes_unref);
  g_clear_pointer (&self->summary, g_bytes_unref);
  G_OBJECT_CLASS (mf_plan_file_parent_class)->finalize (object);
}

static void
mf_plan_file_class_init (MfPlanFileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mf_plan_file_finalize;
}

static void
mf_plan_file_init (MfPlanFile *self)
{
}

/**
 * mf_plan_file_new:
 * @profile: the profile the file belongs to
 * @path: the file
 * @old_contents: (nullable): what the plan was made from; %NULL if the file is new
 * @new_contents: (nullable): what it will hold; %NULL to remove it
 *
 * Returns: (transfer full): a new file change
 *
 * Since: 0.1
 */
MfPlanFile *
mf_plan_file_new (MfProfile *profile, const gchar *path, GBytes *old_contents, GBytes *new_contents)
{
  MfPlanFile *self = g_object_new (MF_TYPE_PLAN_FILE, NULL);

  self->profile = g_object_ref (profile);
  self->path = g_strdup (path);
  self->old_contents = old_contents != NULL ? g_bytes_ref (old_contents) : NULL;
  self->new_contents = new_contents != NULL ? g_bytes_ref (new_contents) : NULL;
  return self;
}

/**
 * mf_plan_file_get_profile:
 * @self: a file change
 *
 * Returns: (transfer none): the profile the file belongs to
 *
 * Since: 0.1
 */
MfProfile *
mf_plan_file_get_profile (MfPlanFile *self)
{
  g_return_val_if_fail (MF_IS_PLAN_FILE (self), NULL);
  return self->profile;
}

const gchar *
mf_plan_file_get_path (MfPlanFile *self)
{
  g_return_val_if_fail (MF_IS_PLAN_FILE (self), NULL);
  return self->path;
}

/**
 * mf_plan_file_get_old:
 * @self: a file change
 *
 * Returns: (transfer none) (nullable): the contents the plan was made from
 *
 * Since: 0.1
 */
GBytes *
mf_plan_file_get_old (MfPlanFile *self)
{
  g_return_val_if_fail (MF_IS_PLAN_FILE (self), NULL);
  return self->old_contents;
}

/**
 * mf_plan_file_get_new:
 * @self: a file change
 *
 * Returns: (transfer none) (nullable): the contents it will have
 *
 * Since: 0.1
 */
GBytes *
mf_plan_file_get_new (MfPlanFile *self)
{
  g_return_val_if_fail (MF_IS_PLAN_FILE (self), NULL);
  return self->new_contents;
}

/**
 * mf_plan_file_get_diff:
 * @self: a file change
 *
 * Returns: (transfer full): a unified diff of the change
 *
 * Since: 0.1
 */
gchar *
mf_plan_file_get_diff (MfPlanFile *self)
{
  g_autofree gchar *label_old = NULL;
  g_autofree gchar *label_new = NULL;
  g_autoptr(GBytes) old_text = NULL;
  g_autoptr(GBytes) new_text = NULL;

  g_return_val_if_fail (MF_IS_PLAN_FILE (self), NULL);
  label_old = self->old_contents != NULL ? g_strdup (self->path) : g_strdup ("/dev/null");
  label_new = self->new_contents != NULL ? g_strdup (self->path) : g_strdup ("/dev/null");
  old_text = mf_plan_text_for_display (self->old_contents);
  new_text = mf_plan_text_for_display (self->new_contents);
  if ((self->old_contents != NULL && old_text == NULL) || (self->new_contents != NULL && new_text == NULL)) {
    GString *out = g_string_new (NULL);
    g_autoptr(GBytes) summary = mf_plan_text_for_display (self->summary);
    g_string_append_printf (out, _("Binary file %s changes (%lu bytes before, %lu after)"), self->path,
                            self->old_contents != NULL ? (gulong) g_bytes_get_size (self->old_contents) : 0UL,
                            self->new_contents != NULL ? (gulong) g_bytes_get_size (self->new_contents) : 0UL);
    g_string_append_c (out, '\n');
    if (summary != NULL) {
      g_string_append (out, _("The change, as a .reg file would make it:"));
      g_string_append_c (out, '\n');
      g_string_append_len (out, g_bytes_get_data (summary, NULL), (gssize) g_bytes_get_size (summary));
    }
    return g_string_free (out, FALSE);
  }
  return mf_diff_unified (label_old, label_new, old_text, new_text, 3);
}

void
mf_plan_file_set_summary (MfPlanFile *self, GBytes *summary)
{
  g_clear_pointer (&self->summary, g_bytes_unref);
  self->summary = summary != NULL ? g_bytes_ref (summary) : NULL;
}

/* Windows files come in UTF-16LE: shown as UTF-8 lines without their CRs.
 * NULL for bytes that are not text. */
GBytes *
mf_plan_text_for_display (GBytes *bytes)
{
  gsize len = 0;
  const guint8 *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;
  g_autofree gchar *utf8 = NULL;
  GString *out;

  if (bytes == NULL)
    return NULL;
  if (len >= 2 && data[0] == 0xff && data[1] == 0xfe) {
    /* text has no NUL unit; the decoder would stop at one */
    for (gsize i = 2; i + 1 < len; i += 2)
      if (data[i] == 0 && data[i + 1] == 0)
        return NULL;
    utf8 = mf_reg_utf8_from_utf16 (data + 2, len - 2);
    if (utf8 == NULL)
      return NULL;
  } else {
    if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf) {
      data += 3;
      len -= 3;
    }
    if (memchr (data, 0, len) != NULL || !g_utf8_validate ((const gchar *) data, (gssize) len, NULL))
      return NULL;
    if (memchr (data, '\r', len) == NULL)
      return g_bytes_ref (bytes);
    utf8 = g_strndup ((const gchar *) data, len);
  }
  out = g_string_sized_new (strlen (utf8));
  for (const gchar *p = utf8; *p != '\0'; p++)
    if (!(*p == '\r' && p[1] == '\n'))
      g_string_append_c (out, *p);
  return g_string_free_to_bytes (out);
}

/* ---- MfPlan ---- */

struct _MfPlan {
  GObject parent_instance;
  GPtrArray *remedies;
  GPtrArray *skipped;
  GHashTable *skip_reasons;
  GPtrArray *edits;
  GPtrArray *files;
};

G_DEFINE_FINAL_TYPE (MfPlan, mf_plan, G_TYPE_OBJECT)

static void
mf_plan_finalize (GObject *object)
{
  MfPlan *self = MF_PLAN (object);

  g_ptr_array_unref (self->remedies);
  g_ptr_array_unref (self->skipped);
  g_hash_table_unref (self->skip_reasons);
  g_ptr_array_unref (self->edits);
  g_ptr_array_unref (self->files);
  G_OBJECT_CLASS (mf_plan_parent_class)->finalize (object);
}

static void
mf_plan_class_init (MfPlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mf_plan_finalize;
}

static void
mf_plan_init (MfPlan *self)
{
  self->remedies = g_ptr_array_new_with_free_func (g_object_unref);
  self->skipped = g_ptr_array_new_with_free_func (g_object_unref);
  self->skip_reasons = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  self->edits = g_ptr_array_new_with_free_func (g_object_unref);
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * mf_plan_new:
 *
 * Returns: (transfer full): an empty plan
 *
 * Since: 0.1
 */
MfPlan *
mf_plan_new (void)
{
  return g_object_new (MF_TYPE_PLAN, NULL);
}

void
mf_plan_add_remedy (MfPlan *self, MfRemedy *remedy)
{
  g_return_if_fail (MF_IS_PLAN (self));
  g_ptr_array_add (self->remedies, g_object_ref (remedy));
}

/**
 * mf_plan_get_remedies:
 * @self: a plan
 *
 * Returns: (transfer none) (element-type MfRemedy): the remedies the plan carries out
 *
 * Since: 0.1
 */
GPtrArray *
mf_plan_get_remedies (MfPlan *self)
{
  g_return_val_if_fail (MF_IS_PLAN (self), NULL);
  return self->remedies;
}

void
mf_plan_add_skipped (MfPlan *self, MfRemedy *remedy, const gchar *reason)
{
  g_return_if_fail (MF_IS_PLAN (self));
  g_ptr_array_add (self->skipped, g_object_ref (remedy));
  g_hash_table_replace (self->skip_reasons, remedy, g_strdup (reason));
}

/**
 * mf_plan_get_skipped:
 * @self: a plan
 *
 * Returns: (transfer none) (element-type MfRemedy): remedies left out, each
 *   with a reason from mf_plan_get_skip_reason()
 *
 * Since: 0.1
 */
GPtrArray *
mf_plan_get_skipped (MfPlan *self)
{
  g_return_val_if_fail (MF_IS_PLAN (self), NULL);
  return self->skipped;
}

const gchar *
mf_plan_get_skip_reason (MfPlan *self, MfRemedy *remedy)
{
  g_return_val_if_fail (MF_IS_PLAN (self), NULL);
  return g_hash_table_lookup (self->skip_reasons, remedy);
}

void
mf_plan_add_edit (MfPlan *self, MfEdit *edit)
{
  g_return_if_fail (MF_IS_PLAN (self));
  g_ptr_array_add (self->edits, g_object_ref (edit));
}

/**
 * mf_plan_get_edits:
 * @self: a plan
 *
 * Returns: (transfer none) (element-type MfEdit): every setting the plan changes
 *
 * Since: 0.1
 */
GPtrArray *
mf_plan_get_edits (MfPlan *self)
{
  g_return_val_if_fail (MF_IS_PLAN (self), NULL);
  return self->edits;
}

void
mf_plan_add_file (MfPlan *self, MfPlanFile *file)
{
  g_return_if_fail (MF_IS_PLAN (self));
  g_ptr_array_add (self->files, g_object_ref (file));
}

/**
 * mf_plan_get_files:
 * @self: a plan
 *
 * Returns: (transfer none) (element-type MfPlanFile): every file the plan writes
 *
 * Since: 0.1
 */
GPtrArray *
mf_plan_get_files (MfPlan *self)
{
  g_return_val_if_fail (MF_IS_PLAN (self), NULL);
  return self->files;
}

/**
 * mf_plan_is_empty:
 * @self: a plan
 *
 * Returns: %TRUE if applying the plan would write nothing
 *
 * Since: 0.1
 */
gboolean
mf_plan_is_empty (MfPlan *self)
{
  g_return_val_if_fail (MF_IS_PLAN (self), TRUE);
  return self->files->len == 0;
}

/**
 * mf_plan_to_diff:
 * @self: a plan
 *
 * Returns: (transfer full): the unified diff of every file
 *
 * Since: 0.1
 */
gchar *
mf_plan_to_diff (MfPlan *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (MF_IS_PLAN (self), NULL);
  for (guint i = 0; i < self->files->len; i++) {
    g_autofree gchar *diff = mf_plan_file_get_diff (g_ptr_array_index (self->files, i));
    g_string_append (out, diff);
  }
  return g_string_free (out, FALSE);
}
