/* mf-evo-running.h: is Evolution itself running for a user; private */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* the process ID of an Evolution window of that user, or 0. Only the mail
 * program counts: the source registry runs in nearly every GNOME session
 * and picks up changed files by itself. */
gint mf_evo_find_running (uid_t uid);

G_END_DECLS
