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

/* fills the account section with an IMAP account of account's identity,
 * receiving from incoming and sending through outgoing */
void mf_outlook_prf_fill (MfPrf *prf, const gchar *section, MfAccount *account, MfServer *incoming,
                          MfServer *outgoing, MfPlan *plan, const gchar *path);

G_END_DECLS
