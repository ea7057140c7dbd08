/* mf-session-private.h: what the session's own files share; never installed */
#pragma once

#include "mf-session.h"
#include "mf-store.h"

G_BEGIN_DECLS

MfStore  *mf_session_store_for        (MfSession *self, const gchar *name);
gboolean  mf_session_lock_profiles    (MfSession *self, GPtrArray *profiles, GPtrArray *locks, GError **error);
void      mf_session_release_locks    (GPtrArray *locks);
/* puts back the keyring items a backup changed (mf-session-password.c) */
gboolean  mf_session_restore_keyring  (MfBackup *backup, GError **error);

G_END_DECLS
