/* mf-oe-account.h: Windows Mail / Windows Live Mail .oeaccount files; private */
#pragma once

#include <glib.h>

#include "mf-server.h"

G_BEGIN_DECLS

typedef struct _MfOeAccount MfOeAccount;

/* reads the XML (UTF-16LE with a byte-order mark, or UTF-8) without network
 * access or entity expansion; errors name the file */
MfOeAccount *mf_oe_account_parse   (GBytes *bytes, const gchar *path, GError **error);
MfOeAccount *mf_oe_account_new     (gboolean utf16);
void         mf_oe_account_free    (MfOeAccount *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfOeAccount, mf_oe_account_free)

/* the value of an element, NULL if absent */
gchar       *mf_oe_account_get     (MfOeAccount *self, const gchar *name);
/* DWORD values are hexadecimal text (3e1 = 993); TRUE/FALSE are read as 1/0 */
gboolean     mf_oe_account_get_dword (MfOeAccount *self, const gchar *name, guint32 *out);
void         mf_oe_account_set_sz    (MfOeAccount *self, const gchar *name, const gchar *value);
void         mf_oe_account_set_dword (MfOeAccount *self, const gchar *name, guint32 value);
gboolean     mf_oe_account_remove    (MfOeAccount *self, const gchar *name);
gboolean     mf_oe_account_is_utf16  (MfOeAccount *self);
/* written back in the encoding it was read in */
GBytes      *mf_oe_account_to_bytes  (MfOeAccount *self, GError **error);

/* the sending server's sign-in from "SMTP Use Sicily" (the same value in
 * Outlook Express's registry and in Windows Mail's files): 0 none, 1 SPA,
 * 2 SMTP AUTH with the incoming login, 3 SMTP AUTH with smtp_user */
void         mf_oe_set_smtp_auth     (MfServer *server, guint32 sicily, const gchar *smtp_user, MfServer *incoming);

G_END_DECLS
