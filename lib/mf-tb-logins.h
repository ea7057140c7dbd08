/* mf-tb-logins.h: what Thunderbird's logins.json says without decrypting; private */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* sets each account's password-changed time from the logins whose origin
 * is its incoming server (imap://host, mailbox://host for POP3) */
void mf_tb_logins_read_times (const gchar *profile_dir, GPtrArray *accounts);

/* the "logins" array of a logins.json held by parser, or NULL when the bytes
 * are not such a file (a damaged store is read as having no logins) */
JsonArray *mf_tb_logins_parse (JsonParser *parser, GBytes *bytes);

G_END_DECLS
