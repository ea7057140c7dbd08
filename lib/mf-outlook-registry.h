/* mf-outlook-registry.h: Outlook Express and Outlook 2002-2016+ accounts
 * in a registry tree, mapped to the account model and back; private */
#pragma once

#include "mf-account.h"
#include "mf-outlook-prf.h"
#include "mf-plan.h"
#include "mf-prf.h"
#include "mf-reg.h"
#include "mf-remedy.h"

G_BEGIN_DECLS

/* where Outlook Express keeps a user's accounts (below HKEY_CURRENT_USER or
 * an identity's key), one numbered key per account */
#define MF_OE_ACCOUNTS_KEY "Software\\Microsoft\\Internet Account Manager\\Accounts"

/* adds every mail account found under root's HKEY_CURRENT_USER: Outlook
 * Express identities (and Outlook 98/2000 Internet-only), and the internet
 * accounts of every Outlook profile, for Outlook 2002-2010, 2013 and 2016
 * and later. Account ids start with id_prefix. */
void     mf_outlook_registry_load (MfRegKey *root, MfProfile *profile, const gchar *id_prefix,
                                   GPtrArray *accounts);

/* a PRF that adds accounts to one Outlook profile, and the file it goes to */
typedef struct {
  MfPrf *prf;
  gchar *path;
} MfOutlookPrf;

/* for the values of the prfs table */
void     mf_outlook_prf_free (MfOutlookPrf *out);

/* Adds to patch the registry changes that carry out remedy, and records
 * them in plan as edits of edit_path (the file that will hold them). An
 * Outlook POP3 account cannot become IMAP by changing values: the IMAP
 * account goes into a PRF for its Outlook profile, at prf_base-PROFILE.prf,
 * looked up or made in prfs (profile name -> MfOutlookPrf), and the POP3
 * account is left as it is. */
void     mf_outlook_registry_plan (MfRegKey *root, MfRemedy *remedy, MfRegPatch *patch, MfPlan *plan,
                                   const gchar *edit_path, const gchar *prf_base, GHashTable *prfs);

/* Adds to patch a new Outlook Express account at key_path (a key that
 * does not exist yet): its names, incoming (IMAP or POP3, by its protocol)
 * and outgoing (may be NULL) with the values Outlook Express reads, and
 * never a password. Each value is recorded in plan, when it is not NULL,
 * as an edit of edit_path by account_id. */
void     mf_outlook_registry_write_oe_account (MfRegPatch *patch, const gchar *key_path,
                                               const MfOutlookAccountNames *names, MfServer *incoming,
                                               MfServer *outgoing, MfPlan *plan, const gchar *account_id,
                                               const gchar *edit_path);

/* the changes that remove the account's stored (encrypted) passwords */
gboolean mf_outlook_registry_drop_passwords (MfRegKey *root, MfAccount *account, MfRegPatch *patch,
                                             MfPlan *plan, const gchar *edit_path);

G_END_DECLS
