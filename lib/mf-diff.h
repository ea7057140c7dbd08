/* mf-diff.h: unified line diffs for dry runs; private to the library */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gchar *mf_diff_unified (const gchar *label_old, const gchar *label_new,
                        GBytes *old_contents, GBytes *new_contents, guint context);

G_END_DECLS
