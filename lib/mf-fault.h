/* mf-fault.h: injected faults, for the crash-safety tests */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* one step of writing (a file created, written, synced, renamed or
 * deleted, a directory made or synced, a secret stored), counted over the
 * whole process. With MAILFIX_FAULT=fail:N in the environment the Nth step
 * fails with an I/O error, as on a full or broken disk; with kill:N the
 * process is killed at it, as by a power cut or the OOM killer. FALSE with
 * error set only for an injected failure; costs one atomic add otherwise */
gboolean mf_fault_step (const gchar *what, GError **error);

G_END_DECLS
