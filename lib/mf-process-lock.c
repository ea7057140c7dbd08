/* mf-process-lock.c: one holder at a time for a profile inside this process */
#include "config.h"

#include "mf-error.h"
#include "mf-private.h"
#include "mf-process-lock.h"

static GMutex held_mutex;
static GCond held_cond;
static GHashTable *held;   /* key -> the GThread holding it */

gboolean
mf_process_lock_take (const gchar *key, guint timeout_ms, GError **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  GThread *owner;

  g_mutex_lock (&held_mutex);
  if (held == NULL)
    held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((owner = g_hash_table_lookup (held, key)) != NULL) {
    /* waiting for ourselves would never end */
    if (owner == g_thread_self () || !g_cond_wait_until (&held_cond, &held_mutex, deadline)) {
      g_mutex_unlock (&held_mutex);
      g_set_error (error, MF_ERROR, MF_ERROR_BUSY,
                   _("%s is being changed by another task of this program; try again when it has finished"), key);
      return FALSE;
    }
  }
  g_hash_table_insert (held, g_strdup (key), g_thread_self ());
  g_mutex_unlock (&held_mutex);
  return TRUE;
}

void
mf_process_lock_drop (const gchar *key)
{
  g_mutex_lock (&held_mutex);
  if (held != NULL && g_hash_table_remove (held, key))
    g_cond_broadcast (&held_cond);
  g_mutex_unlock (&held_mutex);
}
