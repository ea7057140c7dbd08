/* mf-outlook-prf.h: the accounts of an Outlook profile file (.prf),
 * mapped to the account model and back; private */
#pragma once

#include "mf-account.h"
#include "mf-plan.h"
#include "mf-prf.h"
#include "mf-remedy.h"

G_BEGIN_DECLS

/* adds the POP3 and IMAP accounts the PRF creates; ids start with id_prefix */
void mf_outlook_prf_load (MfPrf *prf, MfProfile *profile, const gchar *id_prefix, GPtrArray *accounts);

/* changes the PRF (read from path) so it carries out remedy, recording
 * each change in plan */
void mf_outlook_prf_plan (MfPrf *prf, MfRemedy *remedy, MfPlan *plan, const gchar *path);

/* what an account is called: in the program's account list, and as the
 * sender (display name and address); NULL leaves a value out */
typedef struct {
  const gchar *account_name;
  const gchar *display_name;
  const gchar *address;
} MfOutlookAccountNames;

/* fills the account section with an account named names, receiving from
 * incoming (IMAP or POP3, by its protocol) and sending through outgoing
 * (may be NULL); each value set is recorded in plan, when it is not NULL,
 * as an edit of path by account_id */
void mf_outlook_prf_write_account (MfPrf *prf, const gchar *section, const MfOutlookAccountNames *names,
                                   MfServer *incoming, MfServer *outgoing, MfPlan *plan,
                                   const gchar *account_id, const gchar *path);

/* fills the account section with an IMAP account of account's identity,
 * receiving from incoming and sending through outgoing */
void mf_outlook_prf_fill (MfPrf *prf, const gchar *section, MfAccount *account, MfServer *incoming,
                          MfServer *outgoing, MfPlan *plan, const gchar *path);

G_END_DECLS
