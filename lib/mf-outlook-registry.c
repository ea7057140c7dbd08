/* mf-outlook-registry.c: the accounts of Outlook Express and Outlook in a
 * registry tree. The traps: Outlook Express's "SMTP Use Sicily"=2 is real
 * SMTP AUTH with the incoming login (only 0 sends without signing in),
 * while Outlook's POP-before-SMTP is the explicit "SMTP Auth Method"=2
 * ("log on to incoming mail server before sending"); and Outlook keeps its
 * account strings as REG_BINARY UTF-16LE, Outlook Express as REG_SZ. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mf-oe-account.h"
#include "mf-outlook-prf.h"
#include "mf-outlook-registry.h"
#include "mf-private.h"

#define HKCU "HKEY_CURRENT_USER"
/* the container of a profile's internet accounts, the same in every version */
#define OUTLOOK_ACCOUNTS_GUID "9375CFF0413111d3B88A00104B2A6676"

typedef enum { FLAVOUR_OE, FLAVOUR_OUTLOOK } Flavour;

/* value names: Outlook Express writes "POP3 User Name" where Outlook
 * writes "POP3 User", and so on */
typedef struct {
  const gchar *user;
  const gchar *ssl;
  const gchar *password;
  const gchar *spa;
} Names;

static const Names oe_names = { "User Name", "Secure Connection", "Password2", "Use Sicily" };
static const Names outlook_names = { "User", "Use SSL", "Password", "Use SPA" };

static gchar *
value_name (const gchar *prefix, const gchar *what)
{
  return g_strconcat (prefix, " ", what, NULL);
}

static guint32
dword (MfRegKey *key, const gchar *name, guint32 fallback)
{
  guint32 value = fallback;
  mf_reg_key_get_dword (key, name, &value);
  return value;
}

static guint32
dword2 (MfRegKey *key, const gchar *prefix, const gchar *what, guint32 fallback)
{
  g_autofree gchar *name = value_name (prefix, what);
  return dword (key, name, fallback);
}

static gchar *
string2 (MfRegKey *key, const gchar *prefix, const gchar *what)
{
  g_autofree gchar *name = value_name (prefix, what);
  return mf_reg_key_get_string (key, name);
}

static MfServer *
read_incoming (MfRegKey *key, const Names *names, const gchar *prefix, MfProtocol protocol)
{
  g_autofree gchar *host = string2 (key, prefix, "Server");
  g_autofree gchar *user = string2 (key, prefix, names->user);
  MfServer *server = mf_server_new (protocol);
  gboolean tls = dword2 (key, prefix, names->ssl, 0) != 0;

  mf_server_set_host (server, host);
  mf_server_set_username (server, user);
  mf_server_set_security (server, tls ? MF_SECURITY_TLS : MF_SECURITY_NONE);
  mf_server_set_port (server, (guint16) dword2 (key, prefix, "Port",
                                                mf_protocol_default_port (protocol, MF_SECURITY_NONE)));
  mf_server_set_auth (server, dword2 (key, prefix, names->spa, 0) != 0 ? MF_AUTH_NTLM : MF_AUTH_PASSWORD);
  return server;
}

static void
read_oe_auth (MfRegKey *key, MfServer *server, MfServer *incoming)
{
  g_autofree gchar *user = mf_reg_key_get_string (key, "SMTP User Name");

  mf_oe_set_smtp_auth (server, dword (key, "SMTP Use Sicily", 0), user, incoming);
}

static void
read_outlook_auth (MfRegKey *key, MfServer *server, MfServer *incoming)
{
  g_autofree gchar *user = mf_reg_key_get_string (key, "SMTP User");

  if (dword (key, "SMTP Use Auth", 0) == 0) {
    mf_server_set_auth (server, MF_AUTH_NONE);
    return;
  }
  switch (dword (key, "SMTP Auth Method", 0)) {
  case 0:
    mf_server_set_auth (server, dword (key, "SMTP Use SPA", 0) != 0 ? MF_AUTH_NTLM : MF_AUTH_PASSWORD);
    mf_server_set_username (server, mf_server_get_username (incoming));
    break;
  case 1:
    mf_server_set_auth (server, dword (key, "SMTP Use SPA", 0) != 0 ? MF_AUTH_NTLM : MF_AUTH_PASSWORD);
    mf_server_set_username (server, user);
    break;
  default:
    /* 2: "log on to incoming mail server before sending": POP-before-SMTP */
    mf_server_set_auth (server, MF_AUTH_NONE);
    break;
  }
}

static MfServer *
read_outgoing (MfRegKey *key, Flavour flavour, MfServer *incoming)
{
  g_autofree gchar *host = mf_reg_key_get_string (key, "SMTP Server");
  MfServer *server;
  guint32 port;

  if (host == NULL || host[0] == '\0')
    return NULL;
  server = mf_server_new (MF_PROTOCOL_SMTP);
  port = dword (key, "SMTP Port", 25);
  mf_server_set_host (server, host);
  mf_server_set_port (server, (guint16) port);
  if (flavour == FLAVOUR_OE) {
    /* "requires a secure connection": implicit TLS on 465, STARTTLS elsewhere */
    if (dword (key, "SMTP Secure Connection", 0) != 0)
      mf_server_set_security (server, port == 465 ? MF_SECURITY_TLS : MF_SECURITY_STARTTLS);
    read_oe_auth (key, server, incoming);
  } else {
    guint32 secure = 0;
    /* newer builds write the four-way choice; older ones only the flag */
    if (mf_reg_key_get_dword (key, "SMTP Secure Connection", &secure))
      mf_server_set_security (server, secure == 1 ? MF_SECURITY_TLS
                                      : secure == 0 ? MF_SECURITY_NONE : MF_SECURITY_STARTTLS);
    else if (dword (key, "SMTP Use SSL", 0) != 0)
      mf_server_set_security (server, port == 465 ? MF_SECURITY_TLS : MF_SECURITY_STARTTLS);
    read_outlook_auth (key, server, incoming);
  }
  return server;
}

static void
add_account (MfRegKey *key, Flavour flavour, const gchar *outlook_profile, MfProfile *profile,
             const gchar *id, GPtrArray *accounts)
{
  const Names *names = flavour == FLAVOUR_OE ? &oe_names : &outlook_names;
  g_autofree gchar *imap = mf_reg_key_get_string (key, "IMAP Server");
  g_autofree gchar *pop = mf_reg_key_get_string (key, "POP3 Server");
  g_autofree gchar *name = mf_reg_key_get_string (key, "Account Name");
  g_autofree gchar *address = mf_reg_key_get_string (key, flavour == FLAVOUR_OE ? "SMTP Email Address" : "Email");
  g_autofree gchar *display = mf_reg_key_get_string (key, flavour == FLAVOUR_OE ? "SMTP Display Name" : "Display Name");
  g_autofree gchar *path = mf_reg_key_get_path (key);
  g_autoptr(MfServer) incoming = NULL;
  g_autoptr(MfServer) outgoing = NULL;
  g_autoptr(MfAccount) account = NULL;
  g_autoptr(MfIdentity) identity = NULL;

  /* news, directory, Exchange and HTTP accounts have neither */
  if (imap != NULL && imap[0] != '\0')
    incoming = read_incoming (key, names, "IMAP", MF_PROTOCOL_IMAP);
  else if (pop != NULL && pop[0] != '\0')
    incoming = read_incoming (key, names, "POP3", MF_PROTOCOL_POP3);
  else
    return;
  account = mf_account_new (id, profile);
  mf_account_set_store_key (account, "key", path);
  mf_account_set_store_key (account, "flavour", flavour == FLAVOUR_OE ? "oe" : "outlook");
  if (outlook_profile != NULL)
    mf_account_set_store_key (account, "outlook-profile", outlook_profile);
  mf_account_set_name (account, name != NULL ? name : mf_reg_key_get_name (key));
  identity = mf_identity_new (display, address);
  mf_account_add_identity (account, identity);
  mf_account_set_incoming (account, incoming);
  outgoing = read_outgoing (key, flavour, incoming);
  mf_account_set_outgoing (account, outgoing);
  if (flavour == FLAVOUR_OE && pop != NULL && dword (key, "POP3 Skip Account", 0) != 0)
    mf_account_set_kind (account, MF_ACCOUNT_KIND_ARCHIVE);
  else if (mf_server_get_auth (incoming) == MF_AUTH_NTLM)
    mf_account_set_kind (account, MF_ACCOUNT_KIND_OTHER);
  else
    mf_account_set_kind (account, MF_ACCOUNT_KIND_MAIL);
  g_ptr_array_add (accounts, g_steal_pointer (&account));
}

static void
load_oe_accounts (MfRegKey *accounts_key, MfProfile *profile, const gchar *id_prefix, const gchar *scope,
                  GPtrArray *accounts)
{
  GPtrArray *children = accounts_key != NULL ? mf_reg_key_get_children (accounts_key) : NULL;

  for (guint i = 0; children != NULL && i < children->len; i++) {
    MfRegKey *key = g_ptr_array_index (children, i);
    g_autofree gchar *id = g_strdup_printf ("%s:oe:%s:%s", id_prefix, scope, mf_reg_key_get_name (key));
    add_account (key, FLAVOUR_OE, NULL, profile, id, accounts);
  }
}

static void
load_outlook_profiles (MfRegKey *profiles_key, const gchar *version, MfProfile *profile, const gchar *id_prefix,
                       GPtrArray *accounts)
{
  GPtrArray *children = profiles_key != NULL ? mf_reg_key_get_children (profiles_key) : NULL;

  for (guint i = 0; children != NULL && i < children->len; i++) {
    MfRegKey *outlook_profile = g_ptr_array_index (children, i);
    MfRegKey *container = mf_reg_key_get_child (outlook_profile, OUTLOOK_ACCOUNTS_GUID);
    GPtrArray *entries = container != NULL ? mf_reg_key_get_children (container) : NULL;

    for (guint j = 0; entries != NULL && j < entries->len; j++) {
      MfRegKey *key = g_ptr_array_index (entries, j);
      g_autofree gchar *id = g_strdup_printf ("%s:outlook%s:%s:%s", id_prefix, version,
                                              mf_reg_key_get_name (outlook_profile), mf_reg_key_get_name (key));
      add_account (key, FLAVOUR_OUTLOOK, mf_reg_key_get_name (outlook_profile), profile, id, accounts);
    }
  }
}

void
mf_outlook_registry_load (MfRegKey *root, MfProfile *profile, const gchar *id_prefix, GPtrArray *accounts)
{
  MfRegKey *hkcu = mf_reg_key_get_child (root, HKCU);
  MfRegKey *identities, *office;

  if (hkcu == NULL)
    return;
  /* Outlook Express 5/6: one set of accounts per identity */
  identities = mf_reg_key_get_child (hkcu, "Identities");
  for (guint i = 0; identities != NULL && i < mf_reg_key_get_children (identities)->len; i++) {
    MfRegKey *identity = g_ptr_array_index (mf_reg_key_get_children (identities), i);
    load_oe_accounts (mf_reg_key_lookup (identity, MF_OE_ACCOUNTS_KEY),
                      profile, id_prefix, mf_reg_key_get_name (identity), accounts);
  }
  load_oe_accounts (mf_reg_key_lookup (hkcu, MF_OE_ACCOUNTS_KEY),
                    profile, id_prefix, "user", accounts);
  /* Outlook 98/2000 in Internet-only mode keeps the same values */
  load_oe_accounts (mf_reg_key_lookup (hkcu, "Software\\Microsoft\\Office\\Outlook\\OMI Account Manager\\Accounts"),
                    profile, id_prefix, "omi", accounts);
  /* Outlook 2002-2010 */
  load_outlook_profiles (mf_reg_key_lookup (hkcu, "Software\\Microsoft\\Windows NT\\CurrentVersion\\"
                                                  "Windows Messaging Subsystem\\Profiles"),
                         "", profile, id_prefix, accounts);
  /* Outlook 2013 (15.0), 2016 and later (16.0) */
  office = mf_reg_key_lookup (hkcu, "Software\\Microsoft\\Office");
  for (guint i = 0; office != NULL && i < mf_reg_key_get_children (office)->len; i++) {
    MfRegKey *version = g_ptr_array_index (mf_reg_key_get_children (office), i);
    const gchar *v = mf_reg_key_get_name (version);
    g_autofree gchar *label = NULL;
    if (!g_ascii_isdigit (v[0]) || strtol (v, NULL, 10) < 15)
      continue;
    label = g_strdup_printf ("%ld", strtol (v, NULL, 10));
    load_outlook_profiles (mf_reg_key_lookup (version, "Outlook\\Profiles"), label, profile, id_prefix, accounts);
  }
}


/* what a plan writes: the patch, and the edits the user reads */
typedef struct {
  MfRegKey *key;
  gchar *key_path;
  Flavour flavour;
  const Names *names;
  MfRegPatch *patch;
  MfPlan *plan;
  const gchar *account_id;
  const gchar *edit_path;
} Writer;

static void
record (Writer *w, const gchar *name, const gchar *old_value, const gchar *new_value)
{
  g_autoptr(MfEdit) edit = NULL;

  /* an account written for export has no plan to show its values in */
  if (w->plan == NULL)
    return;
  edit = mf_edit_new (w->account_id, w->edit_path, name, old_value, new_value);
  mf_plan_add_edit (w->plan, edit);
}

static void
set_dword (Writer *w, const gchar *name, guint32 value)
{
  guint32 old = 0;
  gboolean had = w->key != NULL && mf_reg_key_get_dword (w->key, name, &old);
  g_autofree gchar *old_text = had ? g_strdup_printf ("%u", old) : NULL;
  g_autofree gchar *new_text = g_strdup_printf ("%u", value);
  g_autoptr(GBytes) data = NULL;

  if (had && old == value)
    return;
  data = mf_reg_dword_bytes (value);
  mf_reg_patch_set (w->patch, w->key_path, name, MF_REG_DWORD, data);
  record (w, name, old_text, new_text);
}

static void
set_string (Writer *w, const gchar *name, const gchar *value)
{
  g_autofree gchar *old = w->key != NULL ? mf_reg_key_get_string (w->key, name) : NULL;
  const MfRegValue *existing = w->key != NULL ? mf_reg_key_get_value (w->key, name) : NULL;
  g_autoptr(GBytes) data = NULL;
  guint32 type;

  if (value == NULL || g_strcmp0 (old, value) == 0)
    return;
  /* the type it already has; Outlook's own strings are UTF-16LE binaries */
  if (existing != NULL && (existing->type == MF_REG_SZ || existing->type == MF_REG_BINARY))
    type = existing->type;
  else
    type = w->flavour == FLAVOUR_OE ? MF_REG_SZ : MF_REG_BINARY;
  data = mf_reg_utf16_from_utf8 (value);
  mf_reg_patch_set (w->patch, w->key_path, name, type, data);
  record (w, name, old, value);
}

/* stored passwords are DPAPI-encrypted for the Windows user and cannot be
 * made on Linux: the stale one goes, and the program asks for the new one */
static gboolean
drop (Writer *w, const gchar *name)
{
  if (w->key == NULL || mf_reg_key_get_value (w->key, name) == NULL)
    return FALSE;
  mf_reg_patch_remove (w->patch, w->key_path, name);
  record (w, name, _("(encrypted password)"), NULL);
  return TRUE;
}

static void
write_incoming (Writer *w, MfServer *target, gboolean drop_password)
{
  const gchar *prefix = mf_server_get_protocol (target) == MF_PROTOCOL_IMAP ? "IMAP" : "POP3";
  g_autofree gchar *k_server = value_name (prefix, "Server");
  g_autofree gchar *k_port = value_name (prefix, "Port");
  g_autofree gchar *k_ssl = value_name (prefix, w->names->ssl);
  g_autofree gchar *k_user = value_name (prefix, w->names->user);
  g_autofree gchar *k_password = value_name (prefix, w->names->password);

  set_string (w, k_server, mf_server_get_host (target));
  set_dword (w, k_port, mf_server_get_port (target));
  set_dword (w, k_ssl, mf_server_get_security (target) == MF_SECURITY_TLS ? 1 : 0);
  set_string (w, k_user, mf_server_get_username (target));
  if (drop_password)
    drop (w, k_password);
}

static void
write_outgoing (Writer *w, MfServer *target, const gchar *incoming_user)
{
  MfSecurity security = mf_server_get_security (target);
  const gchar *user = mf_server_get_username (target);
  gboolean own_user = user != NULL && g_strcmp0 (user, incoming_user) != 0;
  gboolean auth = mf_server_get_auth (target) != MF_AUTH_NONE;

  set_string (w, "SMTP Server", mf_server_get_host (target));
  set_dword (w, "SMTP Port", mf_server_get_port (target));
  if (w->flavour == FLAVOUR_OE) {
    set_dword (w, "SMTP Secure Connection", security != MF_SECURITY_NONE);
    if (!auth) {
      set_dword (w, "SMTP Use Sicily", 0);
    } else if (own_user) {
      set_dword (w, "SMTP Use Sicily", 3);
      set_string (w, "SMTP User Name", user);
    } else {
      set_dword (w, "SMTP Use Sicily", 2);
    }
    drop (w, "SMTP Password2");
    return;
  }
  /* both the old flag and the four-way choice, so every build reads the same */
  set_dword (w, "SMTP Secure Connection", security == MF_SECURITY_TLS ? 1 : security == MF_SECURITY_STARTTLS ? 2 : 0);
  set_dword (w, "SMTP Use SSL", security == MF_SECURITY_TLS ? 1 : 0);
  set_dword (w, "SMTP Use Auth", auth ? 1 : 0);
  if (auth) {
    set_dword (w, "SMTP Auth Method", own_user ? 1 : 0);
    if (own_user)
      set_string (w, "SMTP User", user);
  }
  drop (w, "SMTP Password");
}

/* the next free account number under Outlook Express's Accounts key */
static gchar *
next_oe_key (MfRegKey *accounts_key)
{
  guint64 max = 0;

  for (guint i = 0; i < mf_reg_key_get_children (accounts_key)->len; i++) {
    MfRegKey *child = g_ptr_array_index (mf_reg_key_get_children (accounts_key), i);
    guint64 n = g_ascii_strtoull (mf_reg_key_get_name (child), NULL, 10);
    max = MAX (max, n);
  }
  return g_strdup_printf ("%08" G_GUINT64_FORMAT, max + 1);
}

void
mf_outlook_registry_write_oe_account (MfRegPatch *patch, const gchar *key_path, const MfOutlookAccountNames *names,
                                      MfServer *incoming, MfServer *outgoing, MfPlan *plan,
                                      const gchar *account_id, const gchar *edit_path)
{
  Writer w = {
    .key = NULL,
    .key_path = (gchar *) key_path,
    .flavour = FLAVOUR_OE,
    .names = &oe_names,
    .patch = patch,
    .plan = plan,
    .account_id = account_id,
    .edit_path = edit_path,
  };

  set_string (&w, "Account Name", names->account_name);
  write_incoming (&w, incoming, FALSE);
  set_string (&w, "SMTP Display Name", names->display_name);
  set_string (&w, "SMTP Email Address", names->address);
  if (outgoing != NULL)
    write_outgoing (&w, outgoing, mf_server_get_username (incoming));
}

/* Outlook Express keeps any number of accounts side by side: the IMAP one
 * is added next to the POP3 one, which leaves Send/Receive with its mail */
static void
oe_add_imap (Writer *w, MfAccount *account, MfRemedy *remedy)
{
  MfRegKey *accounts_key = mf_reg_key_get_parent (w->key);
  g_autofree gchar *number = next_oe_key (accounts_key);
  g_autofree gchar *parent_path = mf_reg_key_get_path (accounts_key);
  g_autofree gchar *name = g_strdup_printf (_("%s (IMAP)"), mf_account_get_name (account));
  g_autofree gchar *key_path = g_strdup_printf ("%s\\%s", parent_path, number);
  MfIdentity *identity = g_ptr_array_index (mf_account_get_identities (account), 0);
  MfOutlookAccountNames names = { name, mf_identity_get_name (identity), mf_identity_get_address (identity) };
  MfServer *outgoing = mf_remedy_get_outgoing (remedy) != NULL ? mf_remedy_get_outgoing (remedy)
                                                               : mf_account_get_outgoing (account);

  set_dword (w, "POP3 Skip Account", 1);
  mf_outlook_registry_write_oe_account (w->patch, key_path, &names, mf_remedy_get_incoming (remedy), outgoing,
                                        w->plan, w->account_id, w->edit_path);
}

void
mf_outlook_prf_free (MfOutlookPrf *out)
{
  mf_prf_free (out->prf);
  g_free (out->path);
  g_free (out);
}

/* a file name part from a profile name: Outlook allows nearly anything */
static gchar *
file_part (const gchar *name)
{
  GString *out = g_string_new (NULL);

  for (const gchar *p = name; *p != '\0'; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (g_unichar_isalnum (c) || c == '-' || c == '_')
      g_string_append_unichar (out, c);
    else
      g_string_append_c (out, '_');
  }
  return g_string_free (out, FALSE);
}

void
mf_outlook_registry_plan (MfRegKey *root, MfRemedy *remedy, MfRegPatch *patch, MfPlan *plan,
                          const gchar *edit_path, const gchar *prf_base, GHashTable *prfs)
{
  MfAccount *account = mf_remedy_get_account (remedy);
  const gchar *key_path = mf_account_get_store_key (account, "key");
  Flavour flavour = g_strcmp0 (mf_account_get_store_key (account, "flavour"), "oe") == 0 ? FLAVOUR_OE : FLAVOUR_OUTLOOK;
  MfServer *incoming = mf_remedy_get_incoming (remedy);
  Writer w = {
    .key = mf_reg_key_lookup (root, key_path),
    .key_path = (gchar *) key_path,
    .flavour = flavour,
    .names = flavour == FLAVOUR_OE ? &oe_names : &outlook_names,
    .patch = patch,
    .plan = plan,
    .account_id = mf_account_get_id (account),
    .edit_path = edit_path,
  };

  if (w.key == NULL)
    return;
  if (mf_remedy_get_converts_to_imap (remedy) && flavour == FLAVOUR_OE) {
    oe_add_imap (&w, account, remedy);
  } else if (mf_remedy_get_converts_to_imap (remedy)) {
    const gchar *profile_name = mf_account_get_store_key (account, "outlook-profile");
    MfOutlookPrf *out = g_hash_table_lookup (prfs, profile_name);
    g_autofree gchar *section = NULL;
    if (out == NULL) {
      g_autofree gchar *part = file_part (profile_name);
      out = g_new0 (MfOutlookPrf, 1);
      out->prf = mf_prf_new_append (profile_name);
      out->path = g_strdup_printf ("%s-%s.prf", prf_base, part);
      g_hash_table_insert (prfs, g_strdup (profile_name), out);
    }
    section = mf_prf_add_account (out->prf, "IMAP_I_Mail");
    mf_outlook_prf_fill (out->prf, section, account, incoming,
                         mf_remedy_get_outgoing (remedy) != NULL ? mf_remedy_get_outgoing (remedy)
                                                                 : mf_account_get_outgoing (account),
                         plan, out->path);
  } else {
    if (incoming != NULL)
      write_incoming (&w, incoming, TRUE);
    if (mf_remedy_get_outgoing (remedy) != NULL)
      write_outgoing (&w, mf_remedy_get_outgoing (remedy),
                      mf_server_get_username (incoming != NULL ? incoming : mf_account_get_incoming (account)));
  }
}

gboolean
mf_outlook_registry_drop_passwords (MfRegKey *root, MfAccount *account, MfRegPatch *patch, MfPlan *plan,
                                    const gchar *edit_path)
{
  const gchar *key_path = mf_account_get_store_key (account, "key");
  Flavour flavour = g_strcmp0 (mf_account_get_store_key (account, "flavour"), "oe") == 0 ? FLAVOUR_OE : FLAVOUR_OUTLOOK;
  const Names *names = flavour == FLAVOUR_OE ? &oe_names : &outlook_names;
  const gchar *prefix = mf_server_get_protocol (mf_account_get_incoming (account)) == MF_PROTOCOL_IMAP ? "IMAP" : "POP3";
  g_autofree gchar *k_in = value_name (prefix, names->password);
  g_autofree gchar *k_out = value_name ("SMTP", names->password);
  Writer w = {
    .key = mf_reg_key_lookup (root, key_path),
    .key_path = (gchar *) key_path,
    .flavour = flavour,
    .names = names,
    .patch = patch,
    .plan = plan,
    .account_id = mf_account_get_id (account),
    .edit_path = edit_path,
  };
  gboolean a, b;

  a = drop (&w, k_in);
  b = drop (&w, k_out);
  return a || b;
}
