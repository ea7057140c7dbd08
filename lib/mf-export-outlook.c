/* mf-export-outlook.c: the account for Outlook (a PRF file) and for
 * programs of the Outlook Express family (a .reg file), written by the same
 * code that writes mailfix's repairs, so that a scan of an exported file
 * finds the account already right. */
#include "config.h"

#include "mf-error.h"
#include "mf-export-private.h"
#include "mf-outlook-prf.h"
#include "mf-outlook-registry.h"
#include "mf-private.h"
#include "mf-reg-file.h"

/* The address names the account in the program's list, as the programs'
 * own setup does. It is the only name known for the sender, too: the
 * user's own name is not among what the provider's settings say. */
static MfOutlookAccountNames
names_for (const MfExportAccount *account)
{
  MfOutlookAccountNames names = { account->address, account->address, account->address };
  return names;
}

GBytes *
mf_export_prf (const MfExportAccount *account, GError **error)
{
  g_autoptr(MfPrf) prf = mf_prf_new_append ("Outlook");
  MfOutlookAccountNames names = names_for (account);
  gboolean imap = mf_server_get_protocol (account->incoming) == MF_PROTOCOL_IMAP;
  g_autofree gchar *section = NULL;
  GBytes *bytes;

  /* The file goes to people whose Outlook profile may have any name: it
   * adds the account to the default profile, and where there is none it
   * makes one named Outlook. The profile's other accounts stay. */
  mf_prf_set (prf, "General", "DefaultProfile", "Yes");
  mf_prf_set (prf, "General", "ModifyDefaultProfileIfPresent", "TRUE");
  section = mf_prf_add_account (prf, imap ? "IMAP_I_Mail" : "I_Mail");
  mf_outlook_prf_write_account (prf, section, &names, account->incoming, account->outgoing, NULL, NULL, NULL);
  bytes = mf_prf_to_bytes (prf);
  if (bytes == NULL)
    g_set_error (error, MF_ERROR, MF_ERROR_FAILED, _("the %s account cannot be written as an Outlook profile file"),
                 account->address);
  return bytes;
}

/* Outlook Express numbers its accounts from 00000001 up. A number made
 * from the provider and the address lies far above those, and is the same
 * every time: importing the file again updates the account instead of
 * adding a second one. */
static gchar *
account_number (const MfExportAccount *account)
{
  g_autofree gchar *lower = g_utf8_strdown (account->address, -1);
  g_autofree gchar *seed = g_strconcat (mf_provider_get_id (account->provider), "\n", lower, NULL);
  g_autofree gchar *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
  g_autofree gchar *head = g_strndup (hash, 8);
  guint32 value = (guint32) g_ascii_strtoull (head, NULL, 16);

  return g_strdup_printf ("%08u", 50000000u + value % 50000000u);
}

GBytes *
mf_export_reg (const MfExportAccount *account, GError **error)
{
  g_autoptr(MfRegPatch) patch = mf_reg_patch_new ();
  g_autofree gchar *number = account_number (account);
  g_autofree gchar *key_path = g_strdup_printf ("HKEY_CURRENT_USER\\%s\\%s", MF_OE_ACCOUNTS_KEY, number);
  g_autofree gchar *about = g_strdup_printf (_("mailfix: the mail account %s at %s, with the provider's settings"),
                                             account->address, mf_provider_get_display_name (account->provider));
  const gchar *comments[] = {
    about,
    _("Import it while the mail program is closed; the program then asks for the password, which this file does not hold"),
    NULL,
  };
  MfOutlookAccountNames names = names_for (account);

  mf_outlook_registry_write_oe_account (patch, key_path, &names, account->incoming, account->outgoing, NULL, NULL,
                                        NULL);
  return mf_reg_file_write_patch (patch, comments);
}
