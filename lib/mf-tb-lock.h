/* mf-tb-lock.h: Thunderbird's profile lock; private */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MfTbLock MfTbLock;

/* takes the profile's own lock (.parentlock, fcntl) as Thunderbird does;
 * MF_ERROR_BUSY if Thunderbird runs on it. A lock left by a crash is
 * recognised as stale and taken over. */
MfTbLock *mf_tb_lock_acquire (const gchar *profile_dir, GError **error);
void      mf_tb_lock_release (MfTbLock *lock);
/* TRUE if the profile carried a stale lock from a crashed Thunderbird */
gboolean  mf_tb_lock_was_stale (MfTbLock *lock);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfTbLock, mf_tb_lock_release)

G_END_DECLS
