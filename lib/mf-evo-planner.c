/* mf-evo-planner.c: turning remedies into Evolution source edits. Keys and
 * groups a change does not touch stay as they are; only changed files are
 * written. */
#include "config.h"

#include "mf-error.h"
#include "mf-evo-accounts.h"
#include "mf-evo-planner.h"
#include "mf-private.h"

typedef struct {
  gchar *path;
  GBytes *old_bytes;    /* NULL for a new source */
  GKeyFile *keys;
  gboolean changed;
} Work;

typedef struct {
  MfEvoSources *sources;
  MfPlan *plan;
  GHashTable *work;        /* uid -> Work */
  GPtrArray *new_uids;
  GHashTable *transports;  /* uid -> MfServer already planned */
  const gchar *account_id;
} Planner;

static void
work_free (Work *w)
{
  g_free (w->path);
  g_clear_pointer (&w->old_bytes, g_bytes_unref);
  g_key_file_unref (w->keys);
  g_free (w);
}

/* a fresh copy of a source's keys, so a refused plan leaves nothing changed */
static Work *
work_for (Planner *p, const gchar *uid)
{
  Work *w = g_hash_table_lookup (p->work, uid);
  MfEvoSource *source;
  gsize len = 0;
  const gchar *data;

  if (w != NULL)
    return w;
  source = mf_evo_sources_get (p->sources, uid);
  w = g_new0 (Work, 1);
  w->path = g_strdup (source->path);
  w->old_bytes = g_bytes_ref (source->bytes);
  w->keys = g_key_file_new ();
  data = g_bytes_get_data (source->bytes, &len);
  g_key_file_load_from_data (w->keys, data, len,
                             G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, NULL);
  g_hash_table_insert (p->work, g_strdup (uid), w);
  return w;
}

static void
set_value (Planner *p, Work *w, const gchar *group, const gchar *key, const gchar *value)
{
  g_autofree gchar *old_value = g_key_file_get_value (w->keys, group, key, NULL);
  g_autofree gchar *name = NULL;
  g_autoptr(MfEdit) edit = NULL;

  if (g_strcmp0 (old_value, value) == 0)
    return;
  g_key_file_set_value (w->keys, group, key, value);
  w->changed = TRUE;
  name = g_strdup_printf ("[%s] %s", group, key);
  edit = mf_edit_new (p->account_id, w->path, name, old_value, value);
  mf_plan_add_edit (p->plan, edit);
}

static void
set_int (Planner *p, Work *w, const gchar *group, const gchar *key, gint value)
{
  g_autofree gchar *text = g_strdup_printf ("%d", value);
  set_value (p, w, group, key, text);
}

/* the connection settings of a store or transport source */
static void
set_server (Planner *p, Work *w, MfServer *current, MfServer *target, gboolean transport)
{
  if (g_ascii_strcasecmp (mf_server_get_host (current) != NULL ? mf_server_get_host (current) : "",
                          mf_server_get_host (target)) != 0)
    set_value (p, w, "Authentication", "Host", mf_server_get_host (target));
  set_int (p, w, "Authentication", "Port", mf_server_get_port (target));
  if (mf_server_get_username (target) != NULL)
    set_value (p, w, "Authentication", "User", mf_server_get_username (target));
  /* a transport's "none" means no SMTP AUTH; a store's "none" is the plain
   * IMAP LOGIN or POP3 USER/PASS, which works with every server */
  if (transport && mf_server_get_auth (current) != mf_server_get_auth (target))
    set_value (p, w, "Authentication", "Method",
               mf_server_get_auth (target) == MF_AUTH_PASSWORD_ENCRYPTED ? "CRAM-MD5" : "PLAIN");
  set_value (p, w, "Security", "Method", mf_evo_security_to_nick (mf_server_get_security (target)));
}

static void
plan_outgoing (Planner *p, MfRemedy *remedy)
{
  MfAccount *account = mf_remedy_get_account (remedy);
  MfServer *target = mf_remedy_get_outgoing (remedy);
  const gchar *uid = mf_account_get_store_key (account, "transport");
  MfServer *done;

  if (target == NULL || uid == NULL)
    return;
  done = g_hash_table_lookup (p->transports, uid);
  if (done != NULL) {
    if (!mf_server_equal (done, target))
      mf_remedy_add_note (remedy, _("This account shares its outgoing server with another account; it is set up as that account needs"));
    return;
  }
  g_hash_table_insert (p->transports, g_strdup (uid), g_object_ref (target));
  set_server (p, work_for (p, uid), mf_account_get_outgoing (account), target, TRUE);
}

/* Evolution keeps POP3 mail in "On This Computer": a new IMAP account is
 * added for the same identity, and the POP3 account is switched off, so
 * every message it downloaded stays where it is */
static void
plan_pop_to_imap (Planner *p, MfRemedy *remedy)
{
  MfAccount *account = mf_remedy_get_account (remedy);
  MfServer *target = mf_remedy_get_incoming (remedy);
  const gchar *old_uid = mf_account_get_store_key (account, "account");
  const gchar *identity_uid = mf_account_get_store_key (account, "identity");
  const gchar *transport_uid = mf_account_get_store_key (account, "transport");
  g_autofree gchar *uid = g_uuid_string_random ();
  g_autofree gchar *path = g_strdup_printf ("%s/%s.source", p->sources->dir, uid);
  g_autofree gchar *archive_name = g_strdup_printf (_("%s (old POP3 mail)"), mf_account_get_name (account));
  Work *old = work_for (p, old_uid);
  Work *w = g_new0 (Work, 1);
  const gchar *name = mf_account_get_address (account) != NULL ? mf_account_get_address (account)
                                                               : mf_account_get_name (account);
  gint refresh = mf_evo_get_int (old->keys, "Refresh", "IntervalMinutes", 10);

  w->path = g_steal_pointer (&path);
  w->keys = g_key_file_new ();
  g_hash_table_insert (p->work, g_strdup (uid), w);
  g_ptr_array_add (p->new_uids, g_strdup (uid));
  set_value (p, w, "Data Source", "DisplayName", name);
  set_value (p, w, "Data Source", "Enabled", "true");
  set_value (p, w, "Data Source", "Parent", "");
  set_value (p, w, "Mail Account", "BackendName", "imapx");
  set_value (p, w, "Mail Account", "IdentityUid", identity_uid != NULL ? identity_uid : "");
  set_value (p, w, "Mail Account", "NeedsInitialSetup", "true");
  set_value (p, w, "Authentication", "Host", mf_server_get_host (target));
  set_int (p, w, "Authentication", "Port", mf_server_get_port (target));
  set_value (p, w, "Authentication", "User", mf_server_get_username (target) != NULL ? mf_server_get_username (target) : "");
  set_value (p, w, "Authentication", "Method", "none");
  set_value (p, w, "Authentication", "RememberPassword", "true");
  set_value (p, w, "Security", "Method", mf_evo_security_to_nick (mf_server_get_security (target)));
  set_value (p, w, "Imapx Backend", "FilterInbox", "true");
  set_value (p, w, "Refresh", "Enabled", "true");
  set_int (p, w, "Refresh", "IntervalMinutes", refresh);

  set_value (p, old, "Data Source", "Enabled", "false");
  set_value (p, old, "Data Source", "DisplayName", archive_name);
  /* a source counts as enabled only while its parent is: the identity and
   * transport move to the new account, or switching the old one off would
   * switch them off too */
  if (identity_uid != NULL) {
    Work *ident = work_for (p, identity_uid);
    g_autofree gchar *parent = mf_evo_get_string (ident->keys, "Data Source", "Parent", NULL);
    if (g_strcmp0 (parent, old_uid) == 0)
      set_value (p, ident, "Data Source", "Parent", uid);
  }
  if (transport_uid != NULL) {
    Work *tr = work_for (p, transport_uid);
    g_autofree gchar *parent = mf_evo_get_string (tr->keys, "Data Source", "Parent", NULL);
    if (g_strcmp0 (parent, old_uid) == 0)
      set_value (p, tr, "Data Source", "Parent", uid);
  }
}

gboolean
mf_evo_plan_profile (MfProfile *profile, MfEvoSources *sources, GPtrArray *remedies,
                     MfPlan *plan, GError **error)
{
  g_autoptr(GHashTable) work = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) work_free);
  g_autoptr(GHashTable) transports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_autoptr(GPtrArray) new_uids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) uids = NULL;
  Planner p = { sources, plan, work, new_uids, transports, NULL };

  if (sources == NULL)
    return TRUE;
  for (guint i = 0; i < remedies->len; i++) {
    MfRemedy *remedy = g_ptr_array_index (remedies, i);
    MfAccount *account = mf_remedy_get_account (remedy);

    p.account_id = mf_account_get_id (account);
    plan_outgoing (&p, remedy);
    if (mf_remedy_get_incoming (remedy) == NULL)
      continue;
    if (mf_remedy_get_converts_to_imap (remedy))
      plan_pop_to_imap (&p, remedy);
    else
      set_server (&p, work_for (&p, mf_account_get_store_key (account, "account")),
                  mf_account_get_incoming (account), mf_remedy_get_incoming (remedy), FALSE);
  }

  uids = g_list_sort (g_hash_table_get_keys (work), (GCompareFunc) g_strcmp0);
  for (GList *l = uids; l != NULL; l = l->next) {
    Work *w = g_hash_table_lookup (work, l->data);
    g_autoptr(GBytes) new_bytes = NULL;
    g_autoptr(MfPlanFile) file = NULL;
    gsize len = 0;
    gchar *data;

    if (!w->changed)
      continue;
    data = g_key_file_to_data (w->keys, &len, error);
    if (data == NULL)
      return FALSE;
    new_bytes = g_bytes_new_take (data, len);
    file = mf_plan_file_new (profile, w->path, w->old_bytes, new_bytes);
    mf_plan_add_file (plan, file);
  }
  return TRUE;
}
