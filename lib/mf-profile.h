/* mf-profile.h: one place a mail client keeps its settings (a Thunderbird profile, ...) */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MF_TYPE_PROFILE (mf_profile_get_type ())
G_DECLARE_FINAL_TYPE (MfProfile, mf_profile, MF, PROFILE, GObject)

MfProfile   *mf_profile_new            (const gchar *store, const gchar *path, const gchar *name);
const gchar *mf_profile_get_store      (MfProfile *self);
const gchar *mf_profile_get_path       (MfProfile *self);
const gchar *mf_profile_get_name       (MfProfile *self);
const gchar *mf_profile_get_home       (MfProfile *self);
void         mf_profile_set_home       (MfProfile *self, const gchar *home);
gboolean     mf_profile_get_is_default (MfProfile *self);
void         mf_profile_set_is_default (MfProfile *self, gboolean is_default);

/* store backends keep what they read here, to plan against and to check for changes */
void         mf_profile_set_store_data (MfProfile *self, gpointer data, GDestroyNotify destroy);
gpointer     mf_profile_get_store_data (MfProfile *self);

G_END_DECLS
