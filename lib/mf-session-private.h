/* mf-session-private.h: what the session's own files share; never installed */
#pragma once

#include "mf-session.h"
#include "mf-store.h"

G_BEGIN_DECLS

struct _MfSession {
  GObject parent_instance;
  MfProviderDb *db;
  MfAutoconfig *autoconfig;
  GPtrArray *homes;
  GPtrArray *profile_paths;
  GPtrArray *stores;
  GPtrArray *profiles;
  GPtrArray *accounts;
  GPtrArray *diagnoses;
  GPtrArray *problems;
  GPtrArray *apply_notes;
};

MfStore  *mf_session_store_for        (MfSession *self, const gchar *name);
gboolean  mf_session_lock_profiles    (MfSession *self, GPtrArray *profiles, GPtrArray *locks, GError **error);
void      mf_session_release_locks    (GPtrArray *locks);
/* puts back the keyring items a backup changed (mf-session-password.c) */
gboolean  mf_session_restore_keyring  (MfBackup *backup, GError **error);
/* removes the previous passwords a backup kept, once it is restored */
void      mf_session_forget_keyring_backup (MfBackup *backup);

G_END_DECLS
