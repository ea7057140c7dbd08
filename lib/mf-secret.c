/* mf-secret.c: passwords in the keyring through libsecret */
#include "config.h"

#include <string.h>
#include <libsecret/secret.h>

#include "mf-error.h"
#include "mf-fault.h"
#include "mf-private.h"
#include "mf-secret.h"

/* byte for byte what evolution-data-server uses, so Evolution finds the
 * password without asking */
static const SecretSchema evo_schema = {
  "org.gnome.Evolution.Data.Source", SECRET_SCHEMA_DONT_MATCH_NAME,
  {
    { "e-source-uid", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "eds-origin", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

/* not "e-source-uid": Evolution's schema matches that attribute in any
 * schema, so clearing Evolution's item would take the backup with it */
static const SecretSchema backup_schema = {
  "org.mailfix.Mailfix.Backup", SECRET_SCHEMA_NONE,
  {
    { "backup-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "source-uid", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static gboolean
keyring_failed (GError **error, GError *cause, const gchar *what)
{
  g_set_error (error, MF_ERROR, MF_ERROR_FAILED,
               _("%s: %s (is the desktop session running, with its keyring unlocked?)"),
               what, cause->message);
  g_error_free (cause);
  return FALSE;
}

/* removes the items of the account other than the one Evolution itself
 * writes (e-source-uid with eds-origin): strays an older tool or a hand
 * left, which Evolution might read instead */
static gboolean
clear_strays (const gchar *uid, GError **error)
{
  g_autoptr(GHashTable) attributes = secret_attributes_build (&evo_schema, "e-source-uid", uid, NULL);
  g_autolist(SecretItem) items = NULL;
  GError *cause = NULL;

  items = secret_service_search_sync (NULL, &evo_schema, attributes, SECRET_SEARCH_ALL, NULL, &cause);
  if (cause != NULL)
    return keyring_failed (error, cause, _("the keyring refused to remove the password"));
  for (GList *l = items; l != NULL; l = l->next) {
    g_autoptr(GHashTable) found = secret_item_get_attributes (l->data);
    if (g_strcmp0 (g_hash_table_lookup (found, "eds-origin"), "evolution-data-server") == 0)
      continue;
    if (!mf_fault_step ("keyring clear", error))
      return FALSE;
    if (!secret_item_delete_sync (l->data, NULL, &cause))
      return keyring_failed (error, cause, _("the keyring refused to remove the password"));
  }
  return TRUE;
}

gboolean
mf_secret_evo_store (const gchar *uid, const gchar *label, const gchar *password, GError **error)
{
  GError *cause = NULL;

  /* the item with the same attributes is replaced in one step, so the
   * account never has no password, however mailfix ends */
  if (!mf_fault_step ("keyring store", error))
    return FALSE;
  if (!secret_password_store_sync (&evo_schema, SECRET_COLLECTION_DEFAULT, label, password, NULL, &cause,
                                   "e-source-uid", uid, "eds-origin", "evolution-data-server", NULL))
    return keyring_failed (error, cause, _("the keyring refused to store the password"));
  return clear_strays (uid, error);
}

gchar *
mf_secret_evo_lookup (const gchar *uid, GError **error)
{
  GError *cause = NULL;
  gchar *secret = secret_password_lookup_sync (&evo_schema, NULL, &cause, "e-source-uid", uid, NULL);

  if (cause != NULL) {
    keyring_failed (error, cause, _("the keyring refused to give the password"));
    return NULL;
  }
  return secret;
}

gboolean
mf_secret_evo_clear (const gchar *uid, GError **error)
{
  GError *cause = NULL;

  if (!mf_fault_step ("keyring clear", error))
    return FALSE;
  /* FALSE with no error only means there was nothing to remove */
  if (!secret_password_clear_sync (&evo_schema, NULL, &cause, "e-source-uid", uid, NULL) && cause != NULL)
    return keyring_failed (error, cause, _("the keyring refused to remove the password"));
  return TRUE;
}

GDateTime *
mf_secret_evo_modified (const gchar *uid)
{
  g_autolist(SecretRetrievable) items = NULL;
  guint64 newest = 0;

  /* SECRET_SEARCH_NONE: no unlocking, so never a prompt */
  items = secret_password_search_sync (&evo_schema, SECRET_SEARCH_NONE, NULL, NULL, "e-source-uid", uid, NULL);
  for (GList *l = items; l != NULL; l = l->next)
    newest = MAX (newest, secret_retrievable_get_modified (l->data));
  return newest > 0 ? g_date_time_new_from_unix_utc ((gint64) newest) : NULL;
}

gboolean
mf_secret_backup_store (const gchar *backup_id, const gchar *uid, const gchar *password, GError **error)
{
  GError *cause = NULL;
  g_autofree gchar *label = g_strdup_printf ("mailfix backup %s of \"%s\"", backup_id, uid);

  if (!mf_fault_step ("keyring backup", error))
    return FALSE;
  if (!secret_password_store_sync (&backup_schema, SECRET_COLLECTION_DEFAULT, label, password, NULL, &cause,
                                   "backup-id", backup_id, "source-uid", uid, NULL))
    return keyring_failed (error, cause, _("the keyring refused to keep the previous password"));
  return TRUE;
}

gchar *
mf_secret_backup_lookup (const gchar *backup_id, const gchar *uid, GError **error)
{
  GError *cause = NULL;
  gchar *secret = secret_password_lookup_sync (&backup_schema, NULL, &cause,
                                               "backup-id", backup_id, "source-uid", uid, NULL);

  if (cause != NULL) {
    keyring_failed (error, cause, _("the keyring refused to give the previous password"));
    return NULL;
  }
  return secret;
}

gboolean
mf_secret_backup_clear (const gchar *backup_id, const gchar *uid, GError **error)
{
  GError *cause = NULL;

  if (!secret_password_clear_sync (&backup_schema, NULL, &cause,
                                   "backup-id", backup_id, "source-uid", uid, NULL) && cause != NULL)
    return keyring_failed (error, cause, _("the keyring refused to remove the previous password"));
  return TRUE;
}

void
mf_secret_free (gchar *password)
{
  /* secret_password_free() wipes the memory before freeing it */
  if (password != NULL)
    secret_password_free (password);
}
