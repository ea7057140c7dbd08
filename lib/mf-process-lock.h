/* mf-process-lock.h: one holder at a time for a profile inside this process */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The stores' own locks (fcntl on Thunderbird's .parentlock) keep other
 * processes out, but a process does not conflict with itself, and closing
 * any descriptor of the file drops its lock. So a second thread of the same
 * front end (a check reading a stored password while apply writes) waits
 * here for the first to finish. Fails with MF_ERROR_BUSY when the calling
 * thread already holds key, or after timeout_ms. */
gboolean mf_process_lock_take (const gchar *key, guint timeout_ms, GError **error);
void     mf_process_lock_drop (const gchar *key);

G_END_DECLS
