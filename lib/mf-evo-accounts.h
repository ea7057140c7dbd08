/* mf-evo-accounts.h: Evolution's account, identity and transport sources
 * joined into the account model; private */
#pragma once

#include <glib.h>

#include "mf-account.h"
#include "mf-evo-sources.h"

G_BEGIN_DECLS

MfSecurity   mf_evo_security_from_nick (const gchar *nick);
const gchar *mf_evo_security_to_nick   (MfSecurity security);

GPtrArray   *mf_evo_accounts_read      (MfProfile *profile, MfEvoSources *sources);

G_END_DECLS
