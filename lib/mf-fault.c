/* mf-fault.c: injected faults, for the crash-safety tests
 *
 * The test suite runs mailfix once for every step of an apply, killing it
 * or failing the step, and checks that every file is then wholly old or
 * wholly new and that a rollback restores the originals. Steps are counted
 * across threads so that a run and its replay count alike. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mf-error.h"
#include "mf-fault.h"
#include "mf-private.h"

typedef enum {
  FAULT_NONE,
  FAULT_FAIL,
  FAULT_KILL,
} FaultMode;

static FaultMode fault_mode;
static guint64 fault_at;
static gint fault_steps;

static gpointer
read_environment (gpointer data)
{
  const gchar *spec = g_getenv ("MAILFIX_FAULT");
  const gchar *colon = spec != NULL ? strchr (spec, ':') : NULL;

  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 1, G_MAXINT, &fault_at, NULL))
    return NULL;
  if (strncmp (spec, "fail:", 5) == 0)
    fault_mode = FAULT_FAIL;
  else if (strncmp (spec, "kill:", 5) == 0)
    fault_mode = FAULT_KILL;
  return NULL;
}

gboolean
mf_fault_step (const gchar *what, GError **error)
{
  static GOnce once = G_ONCE_INIT;
  guint64 step;

  g_once (&once, read_environment, NULL);
  if (fault_mode == FAULT_NONE)
    return TRUE;
  step = (guint64) g_atomic_int_add (&fault_steps, 1) + 1;
  if (step != fault_at)
    return TRUE;
  if (fault_mode == FAULT_KILL) {
    kill (getpid (), SIGKILL);
    /* SIGKILL cannot be caught; this is never reached */
    _exit (137);
  }
  errno = EIO;
  g_set_error (error, MF_ERROR, MF_ERROR_IO, _("injected failure (%s)"), what);
  return FALSE;
}
