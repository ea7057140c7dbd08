/* mf-tb-logins-write.h: the new contents of Thunderbird's logins.json when
 * a mail password is stored or forgotten; private
 *
 * Origins are written as Thunderbird's mail code writes them, with no port
 * and no user: imap://host, mailbox://host (POP3), smtp://host. Every
 * top-level member and every login member mailfix does not know is kept.
 * Nothing is written here: the caller puts the bytes in a plan. */
#pragma once

#include <glib.h>

#include "mf-tb-nss.h"

G_BEGIN_DECLS

/* logins.json with the password of username at origin set: every login
 * whose hostname and httpRealm are origin and whose decrypted user name is
 * username gets the new password (and a new timePasswordChanged); when
 * there is none, one is added as Thunderbird adds it. old_json NULL means
 * there is no logins.json yet. When every such login already holds the
 * password, old_json itself comes back (a new reference). */
GBytes *mf_tb_logins_set    (GBytes *old_json, MfTbNss *nss, const gchar *origin,
                             const gchar *username, const gchar *password, GError **error);

/* logins.json without the logins of origin, for a password mailfix cannot
 * write, so that Thunderbird asks for it once. username NULL removes every
 * login of origin, and then nss may be NULL (a profile with a primary
 * password); otherwise only those whose decrypted user name is username.
 * old_json itself comes back (a new reference) when nothing matches. */
GBytes *mf_tb_logins_remove (GBytes *old_json, MfTbNss *nss, const gchar *origin,
                             const gchar *username, GError **error);

G_END_DECLS
