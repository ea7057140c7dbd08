/* mf-tb-planner.c: turning remedies into prefs.js edits, the way
 * Thunderbird's own account code would make them */
#include "config.h"

#include <string.h>

#include "mf-atomic-file.h"
#include "mf-error.h"
#include "mf-private.h"
#include "mf-tb-planner.h"

#define MF_TB_DEFAULT_STORE "@mozilla.org/msgstore/berkeleystore;1"

typedef struct {
  MfPrefsJs *prefs;
  MfPlan *plan;
  const gchar *path;
  const gchar *account_id;
  GHashTable *smtp_done;   /* smtp key -> MfServer already planned */
  GPtrArray *edited_keys;
} Planner;

static void
record (Planner *p, const gchar *key, gchar *old_value)
{
  g_autofree gchar *new_value = mf_prefs_js_render_value (p->prefs, key);
  g_autoptr(MfEdit) edit = NULL;

  if (g_strcmp0 (old_value, new_value) != 0) {
    edit = mf_edit_new (p->account_id, p->path, key, old_value, new_value);
    mf_plan_add_edit (p->plan, edit);
    g_ptr_array_add (p->edited_keys, g_strdup (key));
  }
  g_free (old_value);
}

static void
set_string (Planner *p, const gchar *key, const gchar *value)
{
  gchar *old_value = mf_prefs_js_render_value (p->prefs, key);
  mf_prefs_js_set_string (p->prefs, key, value);
  record (p, key, old_value);
}

static void
set_int (Planner *p, const gchar *key, gint32 value)
{
  gchar *old_value = mf_prefs_js_render_value (p->prefs, key);
  mf_prefs_js_set_int (p->prefs, key, value);
  record (p, key, old_value);
}

static void
set_bool (Planner *p, const gchar *key, gboolean value)
{
  gchar *old_value = mf_prefs_js_render_value (p->prefs, key);
  mf_prefs_js_set_bool (p->prefs, key, value);
  record (p, key, old_value);
}

static void
remove_pref (Planner *p, const gchar *key)
{
  gchar *old_value = mf_prefs_js_render_value (p->prefs, key);
  mf_prefs_js_remove (p->prefs, key);
  record (p, key, old_value);
}

static void
copy_pref (Planner *p, const gchar *from, const gchar *to)
{
  const gchar *s;
  gint32 i;
  gboolean b;

  switch (mf_prefs_js_get_type_of (p->prefs, from)) {
  case MF_PREF_STRING:
    s = mf_prefs_js_get_string (p->prefs, from);
    set_string (p, to, s);
    break;
  case MF_PREF_INT:
    if (mf_prefs_js_get_int (p->prefs, from, &i))
      set_int (p, to, i);
    break;
  case MF_PREF_BOOL:
    if (mf_prefs_js_get_bool (p->prefs, from, &b))
      set_bool (p, to, b);
    break;
  default:
    break;
  }
}

static gchar *
key_printf (const gchar *prefix, const gchar *key, const gchar *name)
{
  return g_strdup_printf ("%s.%s.%s", prefix, key, name);
}

/* "mailbox://user%40example.jp@pop.example.jp", as Thunderbird builds server URIs */
static gchar *
server_uri (const gchar *type, const gchar *user, const gchar *host)
{
  const gchar *scheme = g_strcmp0 (type, "imap") == 0 ? "imap" : "mailbox";
  g_autofree gchar *escaped = g_uri_escape_string (user != NULL ? user : "", NULL, FALSE);
  return g_strdup_printf ("%s://%s@%s", scheme, escaped, host);
}

/* folder URIs embed user and host: keep identities pointing at their folders */
static void
rewrite_folder_uris (Planner *p, GPtrArray *identity_keys, const gchar *server_key,
                     const gchar *old_uri, const gchar *new_uri)
{
  static const gchar *identity_prefs[] = { "fcc_folder", "draft_folder", "stationery_folder", "archive_folder" };
  static const gchar *server_prefs[] = { "spamActionTargetAccount", "spamActionTargetFolder" };
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  gsize old_len = strlen (old_uri);

  for (guint i = 0; i < identity_keys->len; i++) {
    for (guint j = 0; j < G_N_ELEMENTS (identity_prefs); j++)
      g_ptr_array_add (keys, key_printf ("mail.identity", g_ptr_array_index (identity_keys, i), identity_prefs[j]));
  }
  for (guint j = 0; j < G_N_ELEMENTS (server_prefs); j++)
    g_ptr_array_add (keys, key_printf ("mail.server", server_key, server_prefs[j]));
  for (guint i = 0; i < keys->len; i++) {
    const gchar *key = g_ptr_array_index (keys, i);
    const gchar *value = mf_prefs_js_get_string (p->prefs, key);
    if (value != NULL && g_ascii_strncasecmp (value, old_uri, old_len) == 0 &&
        (value[old_len] == '\0' || value[old_len] == '/')) {
      g_autofree gchar *updated = g_strconcat (new_uri, value + old_len, NULL);
      set_string (p, key, updated);
    }
  }
}

static void
plan_outgoing (Planner *p, MfRemedy *remedy)
{
  MfAccount *account = mf_remedy_get_account (remedy);
  MfServer *target = mf_remedy_get_outgoing (remedy);
  MfServer *current = mf_account_get_outgoing (account);
  const gchar *smtp = mf_account_get_store_key (account, "smtp");
  MfServer *done;
  g_autofree gchar *k_host = NULL, *k_port = NULL, *k_ssl = NULL, *k_auth = NULL;
  g_autofree gchar *k_legacy = NULL, *k_user = NULL;
  const gchar *old_host_pref;

  if (target == NULL || current == NULL || smtp == NULL)
    return;
  /* an outgoing server shared by several accounts is planned once */
  done = g_hash_table_lookup (p->smtp_done, smtp);
  if (done != NULL) {
    if (!mf_server_equal (done, target))
      mf_remedy_add_note (remedy, _("This account shares its outgoing server with another account; it is set up as that account needs"));
    return;
  }
  g_hash_table_insert (p->smtp_done, g_strdup (smtp), g_object_ref (target));

  k_host = key_printf ("mail.smtpserver", smtp, "hostname");
  k_port = key_printf ("mail.smtpserver", smtp, "port");
  k_ssl = key_printf ("mail.smtpserver", smtp, "try_ssl");
  k_auth = key_printf ("mail.smtpserver", smtp, "authMethod");
  k_legacy = key_printf ("mail.smtpserver", smtp, "auth_method");
  k_user = key_printf ("mail.smtpserver", smtp, "username");

  old_host_pref = mf_prefs_js_get_string (p->prefs, k_host);
  if (g_ascii_strcasecmp (mf_server_get_host (current), mf_server_get_host (target)) != 0 ||
      (old_host_pref != NULL && strchr (old_host_pref, ':') != NULL))
    set_string (p, k_host, mf_server_get_host (target));
  if (mf_server_get_port (current) != mf_server_get_port (target) || mf_prefs_js_has (p->prefs, k_port))
    set_int (p, k_port, mf_server_get_port (target));
  if (mf_server_get_security (current) != mf_server_get_security (target))
    set_int (p, k_ssl, mf_tb_socket_type_from_security (mf_server_get_security (target)));
  if (mf_server_get_auth (current) != mf_server_get_auth (target))
    set_int (p, k_auth, mf_tb_method_from_auth (mf_server_get_auth (target)));
  /* Thunderbird no longer reads it, but mailfix and older profiles' owners do */
  if (mf_prefs_js_has (p->prefs, k_legacy) && mf_server_get_auth (target) != MF_AUTH_NONE)
    remove_pref (p, k_legacy);
  if (mf_server_get_username (target) != NULL &&
      g_strcmp0 (mf_server_get_username (current), mf_server_get_username (target)) != 0)
    set_string (p, k_user, mf_server_get_username (target));
}

static void
plan_incoming_in_place (Planner *p, MfRemedy *remedy)
{
  MfAccount *account = mf_remedy_get_account (remedy);
  MfServer *target = mf_remedy_get_incoming (remedy);
  MfServer *current = mf_account_get_incoming (account);
  const gchar *server = mf_account_get_store_key (account, "server");
  const gchar *acc = mf_account_get_store_key (account, "account");
  g_autofree gchar *k_host = key_printf ("mail.server", server, "hostname");
  g_autofree gchar *k_port = key_printf ("mail.server", server, "port");
  g_autofree gchar *k_sock = key_printf ("mail.server", server, "socketType");
  g_autofree gchar *k_secure = key_printf ("mail.server", server, "isSecure");
  g_autofree gchar *k_auth = key_printf ("mail.server", server, "authMethod");
  g_autofree gchar *k_user = key_printf ("mail.server", server, "userName");
  g_autofree gchar *k_type = key_printf ("mail.server", server, "type");
  g_autofree gchar *k_idents = key_printf ("mail.account", acc, "identities");
  gboolean host_changes = g_ascii_strcasecmp (mf_server_get_host (current), mf_server_get_host (target)) != 0;
  gboolean user_changes = mf_server_get_username (target) != NULL &&
                          g_strcmp0 (mf_server_get_username (current), mf_server_get_username (target)) != 0;
  const gchar *old_host_pref = mf_prefs_js_get_string (p->prefs, k_host);

  if (host_changes || (old_host_pref != NULL && strchr (old_host_pref, ':') != NULL))
    set_string (p, k_host, mf_server_get_host (target));
  if (mf_server_get_port (current) != mf_server_get_port (target) || mf_prefs_js_has (p->prefs, k_port))
    set_int (p, k_port, mf_server_get_port (target));
  if (mf_server_get_security (current) != mf_server_get_security (target)) {
    set_int (p, k_sock, mf_tb_socket_type_from_security (mf_server_get_security (target)));
    if (mf_prefs_js_has (p->prefs, k_secure))
      remove_pref (p, k_secure);
  }
  if (mf_server_get_auth (current) != mf_server_get_auth (target))
    set_int (p, k_auth, mf_tb_method_from_auth (mf_server_get_auth (target)));
  if (user_changes)
    set_string (p, k_user, mf_server_get_username (target));
  if (host_changes || user_changes) {
    const gchar *type = mf_prefs_js_get_string (p->prefs, k_type);
    g_autofree gchar *old_uri = server_uri (type, mf_server_get_username (current), mf_server_get_host (current));
    g_autofree gchar *new_uri = server_uri (type, mf_server_get_username (target), mf_server_get_host (target));
    g_autoptr(GPtrArray) idents = mf_tb_split_list (mf_prefs_js_get_string (p->prefs, k_idents));
    rewrite_folder_uris (p, idents, server, old_uri, new_uri);
  }
}

/* the lowest N for which nothing at all is stored under prefix N, so no
 * orphaned prefs come back to life */
static gchar *
free_key (MfPrefsJs *prefs, const gchar *group, const gchar *stem)
{
  for (guint n = 1; ; n++) {
    g_autofree gchar *key = g_strdup_printf ("%s%u", stem, n);
    g_autofree gchar *prefix = g_strdup_printf ("%s.%s.", group, key);
    g_autoptr(GPtrArray) names = mf_prefs_js_list_names (prefs, prefix);
    if (names->len == 0)
      return g_steal_pointer (&key);
  }
}

/* Thunderbird takes lastKey + 1, or one past the highest accountN seen */
static guint
next_account_number (MfPrefsJs *prefs)
{
  g_autoptr(GPtrArray) names = mf_prefs_js_list_names (prefs, "mail.account.account");
  gint32 last = 0;
  guint max = 0;

  mf_prefs_js_get_int (prefs, "mail.account.lastKey", &last);
  for (guint i = 0; i < names->len; i++) {
    const gchar *rest = (const gchar *) g_ptr_array_index (names, i) + strlen ("mail.account.account");
    guint64 n = g_ascii_strtoull (rest, NULL, 10);
    if (n > max && n < G_MAXUINT)
      max = (guint) n;
  }
  return MAX ((guint) MAX (last, 0), max) + 1;
}

static void
copy_identity (Planner *p, const gchar *from, const gchar *to, const gchar *imap_uri)
{
  g_autofree gchar *prefix = g_strdup_printf ("mail.identity.%s.", from);
  g_autoptr(GPtrArray) names = mf_prefs_js_list_names (p->prefs, prefix);
  static const struct { const gchar *pref, *folder, *mode; } folders[] = {
    { "fcc_folder", "Sent", "fcc_folder_picker_mode" },
    { "draft_folder", "Drafts", "draft_folder_picker_mode" },
    { "stationery_folder", "Templates", "tmpl_folder_picker_mode" },
  };

  for (guint i = 0; i < names->len; i++) {
    const gchar *name = (const gchar *) g_ptr_array_index (names, i) + strlen (prefix);
    g_autofree gchar *dest = NULL;
    if (g_str_has_suffix (name, "_folder") || g_str_has_suffix (name, "_picker_mode"))
      continue;
    dest = key_printf ("mail.identity", to, name);
    copy_pref (p, g_ptr_array_index (names, i), dest);
  }
  /* as Thunderbird's account setup does: special folders on the new server */
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++) {
    g_autofree gchar *k_folder = key_printf ("mail.identity", to, folders[i].pref);
    g_autofree gchar *k_mode = key_printf ("mail.identity", to, folders[i].mode);
    g_autofree gchar *uri = g_strdup_printf ("%s/%s", imap_uri, folders[i].folder);
    set_string (p, k_folder, uri);
    set_string (p, k_mode, "0");
  }
  {
    g_autofree gchar *k_valid = key_printf ("mail.identity", to, "valid");
    set_bool (p, k_valid, TRUE);
  }
}

static gchar *
list_insert_before (const gchar *list, const gchar *item, const gchar *before)
{
  g_autoptr(GPtrArray) items = mf_tb_split_list (list);
  GString *out = g_string_new (NULL);
  gboolean placed = FALSE;

  for (guint i = 0; i < items->len; i++) {
    const gchar *cur = g_ptr_array_index (items, i);
    if (!placed && g_strcmp0 (cur, before) == 0) {
      g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", item);
      placed = TRUE;
    }
    g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", cur);
  }
  if (!placed)
    g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", item);
  return g_string_free (out, FALSE);
}

/* Thunderbird cannot change a server's type in place: add an IMAP account
 * as its account setup does, and keep the POP3 account, switched off, so
 * every message it downloaded stays where it is and readable */
static void
plan_pop_to_imap (Planner *p, MfRemedy *remedy)
{
  MfAccount *account = mf_remedy_get_account (remedy);
  MfServer *target = mf_remedy_get_incoming (remedy);
  const gchar *old_acc = mf_account_get_store_key (account, "account");
  const gchar *old_server = mf_account_get_store_key (account, "server");
  g_autofree gchar *k_old_idents = key_printf ("mail.account", old_acc, "identities");
  g_autoptr(GPtrArray) old_idents = mf_tb_split_list (mf_prefs_js_get_string (p->prefs, k_old_idents));
  g_autofree gchar *new_server = free_key (p->prefs, "mail.server", "server");
  g_autofree gchar *new_acc = g_strdup_printf ("account%u", next_account_number (p->prefs));
  g_autofree gchar *imap_uri = server_uri ("imap", mf_server_get_username (target), mf_server_get_host (target));
  const gchar *store_id = mf_prefs_js_get_string (p->prefs, "mail.serverDefaultStoreContractID");
  g_autoptr(GString) new_idents = g_string_new (NULL);
  g_autofree gchar *accounts = NULL;
  g_autofree gchar *archive_name = NULL;
  gchar *k;

  /* 1. the incoming server, type and host name first */
  k = key_printf ("mail.server", new_server, "type"); set_string (p, k, "imap"); g_free (k);
  k = key_printf ("mail.server", new_server, "hostname"); set_string (p, k, mf_server_get_host (target)); g_free (k);
  if (mf_server_get_username (target) != NULL) {
    k = key_printf ("mail.server", new_server, "userName"); set_string (p, k, mf_server_get_username (target)); g_free (k);
  }
  k = key_printf ("mail.server", new_server, "port"); set_int (p, k, mf_server_get_port (target)); g_free (k);
  k = key_printf ("mail.server", new_server, "socketType");
  set_int (p, k, mf_tb_socket_type_from_security (mf_server_get_security (target))); g_free (k);
  k = key_printf ("mail.server", new_server, "authMethod");
  set_int (p, k, mf_tb_method_from_auth (mf_server_get_auth (target))); g_free (k);
  k = key_printf ("mail.server", new_server, "name");
  set_string (p, k, mf_account_get_address (account) != NULL ? mf_account_get_address (account)
                                                             : mf_account_get_name (account)); g_free (k);
  k = key_printf ("mail.server", new_server, "storeContractID");
  set_string (p, k, store_id != NULL ? store_id : MF_TB_DEFAULT_STORE); g_free (k);
  k = key_printf ("mail.server", new_server, "check_new_mail"); set_bool (p, k, TRUE); g_free (k);
  k = key_printf ("mail.server", new_server, "login_at_startup"); set_bool (p, k, TRUE); g_free (k);
  k = key_printf ("mail.server", new_server, "valid"); set_bool (p, k, TRUE); g_free (k);

  /* 2. identities: the same person, folders on the new server */
  for (guint i = 0; i < old_idents->len; i++) {
    g_autofree gchar *new_id = free_key (p->prefs, "mail.identity", "id");
    copy_identity (p, g_ptr_array_index (old_idents, i), new_id, imap_uri);
    g_string_append_printf (new_idents, "%s%s", new_idents->len > 0 ? "," : "", new_id);
  }

  /* 3. the account, linked to its server last */
  set_int (p, "mail.account.lastKey", (gint32) g_ascii_strtoll (new_acc + strlen ("account"), NULL, 10));
  accounts = list_insert_before (mf_prefs_js_get_string (p->prefs, "mail.accountmanager.accounts"), new_acc, old_acc);
  set_string (p, "mail.accountmanager.accounts", accounts);
  if (new_idents->len > 0) {
    k = key_printf ("mail.account", new_acc, "identities"); set_string (p, k, new_idents->str); g_free (k);
  }
  k = key_printf ("mail.account", new_acc, "server"); set_string (p, k, new_server); g_free (k);
  if (g_strcmp0 (mf_prefs_js_get_string (p->prefs, "mail.accountmanager.defaultaccount"), old_acc) == 0)
    set_string (p, "mail.accountmanager.defaultaccount", new_acc);

  /* 4. the POP3 account stays with all its mail, but no longer fetches or sends */
  if (mf_prefs_js_has (p->prefs, k_old_idents))
    remove_pref (p, k_old_idents);
  k = key_printf ("mail.server", old_server, "check_new_mail"); set_bool (p, k, FALSE); g_free (k);
  k = key_printf ("mail.server", old_server, "login_at_startup"); set_bool (p, k, FALSE); g_free (k);
  archive_name = g_strdup_printf (_("%s (old POP3 mail)"), mf_account_get_name (account));
  k = key_printf ("mail.server", old_server, "name"); set_string (p, k, archive_name); g_free (k);
}

static GPtrArray *
broken_accounts (MfPrefsJs *prefs)
{
  g_autoptr(GPtrArray) keys = mf_tb_split_list (mf_prefs_js_get_string (prefs, "mail.accountmanager.accounts"));
  GPtrArray *broken = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < keys->len; i++) {
    g_autofree gchar *k_server = key_printf ("mail.account", g_ptr_array_index (keys, i), "server");
    const gchar *server = mf_prefs_js_get_string (prefs, k_server);
    g_autofree gchar *k_type = NULL, *k_host = NULL;
    const gchar *type, *host;

    if (server == NULL)
      continue;
    k_type = key_printf ("mail.server", server, "type");
    k_host = key_printf ("mail.server", server, "hostname");
    type = mf_prefs_js_get_string (prefs, k_type);
    host = mf_prefs_js_get_string (prefs, k_host);
    if (type == NULL || type[0] == '\0' || host == NULL || host[0] == '\0')
      g_ptr_array_add (broken, g_strdup (g_ptr_array_index (keys, i)));
  }
  return broken;
}

/* a plan must never leave an account Thunderbird would delete at start-up;
 * one that was already so before is not the plan's doing */
static gboolean
check_accounts_intact (MfPrefsJs *before, MfPrefsJs *after, const gchar *path, GError **error)
{
  g_autoptr(GPtrArray) was = broken_accounts (before);
  g_autoptr(GPtrArray) now = broken_accounts (after);

  for (guint i = 0; i < now->len; i++) {
    const gchar *key = g_ptr_array_index (now, i);
    if (!g_ptr_array_find_with_equal_func (was, key, g_str_equal, NULL)) {
      g_set_error (error, MF_ERROR, MF_ERROR_FAILED,
                   _("%s: the change would leave %s without a server type or host name, which Thunderbird deletes; nothing is written"),
                   path, key);
      return FALSE;
    }
  }
  return TRUE;
}

/* user.js is applied at every start and would undo the change */
static gboolean
check_user_js (MfProfile *profile, GPtrArray *edited_keys, GError **error)
{
  g_autofree gchar *path = g_build_filename (mf_profile_get_path (profile), "user.js", NULL);
  g_autoptr(GBytes) data = NULL;
  g_autoptr(MfPrefsJs) user = NULL;
  g_autoptr(GError) error_local = NULL;
  gsize len = 0;
  const gchar *text;

  data = mf_atomic_file_read (path, MF_MAX_FILE_SIZE, NULL, &error_local);
  if (data == NULL && g_error_matches (error_local, MF_ERROR, MF_ERROR_NOT_FOUND))
    return TRUE;
  if (data == NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_CONFLICT,
                 _("%s cannot be read, and Thunderbird applies it at every start: %s"), path, error_local->message);
    return FALSE;
  }
  text = g_bytes_get_data (data, &len);
  user = mf_prefs_js_parse (text, len, path, &error_local);
  if (user == NULL) {
    g_set_error (error, MF_ERROR, MF_ERROR_CONFLICT,
                 _("%s cannot be read, and Thunderbird applies it at every start: %s"), path, error_local->message);
    return FALSE;
  }
  for (guint i = 0; i < edited_keys->len; i++) {
    const gchar *key = g_ptr_array_index (edited_keys, i);
    if (mf_prefs_js_has (user, key)) {
      g_set_error (error, MF_ERROR, MF_ERROR_CONFLICT,
                   _("%s sets %s, which would undo the change at every start; remove that line from user.js first"),
                   path, key);
      return FALSE;
    }
  }
  return TRUE;
}

gboolean
mf_tb_plan_profile (MfProfile *profile, MfTbProfileData *data, GPtrArray *remedies,
                    MfPlan *plan, GError **error)
{
  g_autoptr(MfPrefsJs) work = NULL;
  g_autoptr(GHashTable) smtp_done = NULL;
  g_autoptr(GPtrArray) edited_keys = NULL;
  g_autoptr(MfPlan) scratch = mf_plan_new ();
  g_autoptr(GBytes) new_bytes = NULL;
  g_autoptr(MfPlanFile) file = NULL;
  Planner p = { 0 };
  gsize len = 0;
  const gchar *bytes;

  if (data == NULL || data->prefs_bytes == NULL || remedies->len == 0)
    return TRUE;
  /* plan on a fresh copy, so a refused plan leaves the loaded state alone */
  bytes = g_bytes_get_data (data->prefs_bytes, &len);
  work = mf_prefs_js_parse (bytes, len, data->prefs_path, error);
  if (work == NULL)
    return FALSE;
  smtp_done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  edited_keys = g_ptr_array_new_with_free_func (g_free);
  p.prefs = work;
  p.plan = scratch;
  p.path = data->prefs_path;
  p.smtp_done = smtp_done;
  p.edited_keys = edited_keys;

  for (guint i = 0; i < remedies->len; i++) {
    MfRemedy *remedy = g_ptr_array_index (remedies, i);
    p.account_id = mf_account_get_id (mf_remedy_get_account (remedy));
    plan_outgoing (&p, remedy);
    if (mf_remedy_get_incoming (remedy) == NULL)
      continue;
    if (mf_remedy_get_converts_to_imap (remedy))
      plan_pop_to_imap (&p, remedy);
    else
      plan_incoming_in_place (&p, remedy);
  }
  if (edited_keys->len == 0)
    return TRUE;
  if (!check_accounts_intact (data->prefs, work, data->prefs_path, error))
    return FALSE;
  if (!check_user_js (profile, edited_keys, error))
    return FALSE;

  new_bytes = mf_prefs_js_to_bytes (work);
  file = mf_plan_file_new (profile, data->prefs_path, data->prefs_bytes, new_bytes);
  mf_plan_add_file (plan, file);
  for (guint i = 0; i < mf_plan_get_edits (scratch)->len; i++)
    mf_plan_add_edit (plan, g_ptr_array_index (mf_plan_get_edits (scratch), i));
  return TRUE;
}
