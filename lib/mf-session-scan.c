/* mf-session-scan.c: finds, reads and diagnoses the accounts of every
 * home, several homes at a time, handing each home on as it is done */
#include "config.h"

#include <libxml/parser.h>

#include "mf-error.h"
#include "mf-private.h"
#include "mf-provider-private.h"
#include "mf-session.h"
#include "mf-session-private.h"
#include "mf-store.h"
#include "mf-tls.h"

/* lookups of unknown mail domains at once; each mostly waits */
#define MF_AUTOCONFIG_PARALLEL 8
/* homes read ahead of the one handed on, per thread: enough that no
 * thread waits for a slow home, few enough that memory stays flat */
#define MF_SCAN_AHEAD 4

/* one home, or the profiles named by path */
typedef struct {
  gchar *home;
  GPtrArray *profiles;
  GPtrArray *accounts;
  GPtrArray *diagnoses;
  GPtrArray *problems;
  gboolean done;
} ScanUnit;

/* 0 is no lookup, as the hash table answers for a domain it lacks */
typedef enum { LOOKUP_PENDING = 1, LOOKUP_DONE } LookupState;

typedef struct {
  MfSession *session;
  GMutex mutex;
  GCond cond;           /* a unit is done, or a domain's lookup */
  GHashTable *listed;   /* profile path: each profile is handed on once */
  GHashTable *lookups;  /* mail domain -> LookupState */
  /* the provider database grows with what autoconfiguration finds while
   * other homes are diagnosed against it */
  GRWLock db_lock;
} Scan;

static ScanUnit *
scan_unit_new (const gchar *home)
{
  ScanUnit *unit = g_new0 (ScanUnit, 1);

  unit->home = g_strdup (home);
  unit->profiles = g_ptr_array_new_with_free_func (g_object_unref);
  unit->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  unit->diagnoses = g_ptr_array_new_with_free_func (g_object_unref);
  unit->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  return unit;
}

static void
scan_unit_free (ScanUnit *unit)
{
  /* NULL: handed on and freed already */
  if (unit == NULL)
    return;
  g_free (unit->home);
  g_ptr_array_unref (unit->profiles);
  g_ptr_array_unref (unit->accounts);
  g_ptr_array_unref (unit->diagnoses);
  g_ptr_array_unref (unit->problems);
  g_free (unit);
}

static void
load_profile (MfSession *self, ScanUnit *unit, MfProfile *profile)
{
  MfStore *store = mf_session_store_for (self, mf_profile_get_store (profile));
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  GError *error = NULL;

  /* one unreadable profile is reported and skipped; the others go on */
  if (!mf_store_load (store, profile, found, &error)) {
    g_ptr_array_add (unit->problems, error);
    return;
  }
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (unit->accounts, g_object_ref (g_ptr_array_index (found, i)));
}

/* does the database know the account's provider, as the diagnosis looks
 * for it: by the address's domain, else by the servers it uses? */
static gboolean
provider_known (MfProviderDb *db, MfAccount *account)
{
  MfServer *servers[2] = { mf_account_get_incoming (account), mf_account_get_outgoing (account) };

  if (db == NULL)
    return FALSE;
  if (mf_provider_db_lookup_address (db, mf_account_get_address (account)) != NULL)
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (servers); i++) {
    if (servers[i] != NULL && mf_server_get_host (servers[i]) != NULL &&
        mf_provider_db_lookup_host (db, mf_server_get_host (servers[i])) != NULL)
      return TRUE;
  }
  return FALSE;
}

/* the mail domain autoconfiguration would look up for the account */
static gchar *
account_domain (MfAccount *account)
{
  const gchar *address = mf_account_get_address (account);
  const gchar *at = address != NULL ? mf_provider_address_domain (address) : NULL;

  if (mf_account_get_kind (account) != MF_ACCOUNT_KIND_MAIL || at == NULL)
    return NULL;
  return mf_provider_normalize_name (at);
}

typedef struct {
  MfAutoconfig *autoconfig;
  const gchar *address;
  gchar *domain;
  MfProvider *provider;
} LookupJob;

static void
lookup_job (gpointer data, gpointer user_data)
{
  LookupJob *job = data;

  /* nothing found is the usual answer for a small domain, and any other
   * failure leaves the account as it would be without the lookup */
  job->provider = mf_autoconfig_lookup (job->autoconfig, job->address, NULL, NULL);
  mf_tls_thread_cleanup ();
}

static void
lookup_job_clear (gpointer data)
{
  LookupJob *job = data;

  g_free (job->domain);
  g_clear_object (&job->provider);
}

/* the domains of the unit's accounts that no home has looked up yet and
 * the database does not know; they are marked as being looked up here */
static GArray *
claim_lookups (Scan *scan, ScanUnit *unit)
{
  MfSession *self = scan->session;
  GArray *jobs = g_array_new (FALSE, TRUE, sizeof (LookupJob));

  g_array_set_clear_func (jobs, lookup_job_clear);
  for (guint i = 0; i < unit->accounts->len; i++) {
    MfAccount *account = g_ptr_array_index (unit->accounts, i);
    g_autofree gchar *domain = account_domain (account);
    gboolean claimed = FALSE;
    LookupJob job = { self->autoconfig, mf_account_get_address (account), NULL, NULL };

    if (domain == NULL)
      continue;
    g_rw_lock_reader_lock (&scan->db_lock);
    if (!provider_known (self->db, account)) {
      g_mutex_lock (&scan->mutex);
      if (!g_hash_table_contains (scan->lookups, domain)) {
        g_hash_table_insert (scan->lookups, g_strdup (domain), GINT_TO_POINTER (LOOKUP_PENDING));
        claimed = TRUE;
      }
      g_mutex_unlock (&scan->mutex);
    }
    g_rw_lock_reader_unlock (&scan->db_lock);
    if (!claimed)
      continue;
    job.domain = g_steal_pointer (&domain);
    g_array_append_val (jobs, job);
  }
  return jobs;
}

/* looks up, once per domain over the whole scan and several at a time,
 * the mail domains of the unit's accounts whose provider the database does
 * not know, then waits for those another home is looking up */
static void
autoconfigure (Scan *scan, ScanUnit *unit)
{
  MfSession *self = scan->session;
  g_autoptr(GArray) jobs = claim_lookups (scan, unit);
  GThreadPool *pool = NULL;

  /* an exclusive pool: its threads end with it, none lingers in the
   * caller, and each lookup's TLS state is freed in a thread of its own */
  if (jobs->len > 0)
    pool = g_thread_pool_new (lookup_job, NULL, (gint) MIN (jobs->len, MF_AUTOCONFIG_PARALLEL), TRUE, NULL);
  for (guint i = 0; i < jobs->len; i++) {
    if (pool == NULL)
      lookup_job (&g_array_index (jobs, LookupJob, i), NULL);
    else
      g_thread_pool_push (pool, &g_array_index (jobs, LookupJob, i), NULL);
  }
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);

  g_rw_lock_writer_lock (&scan->db_lock);
  for (guint i = 0; i < jobs->len; i++) {
    MfProvider *provider = g_array_index (jobs, LookupJob, i).provider;
    if (provider != NULL)
      mf_provider_db_add_found (self->db, provider);
  }
  g_rw_lock_writer_unlock (&scan->db_lock);

  g_mutex_lock (&scan->mutex);
  for (guint i = 0; i < jobs->len; i++)
    g_hash_table_insert (scan->lookups, g_strdup (g_array_index (jobs, LookupJob, i).domain),
                         GINT_TO_POINTER (LOOKUP_DONE));
  g_cond_broadcast (&scan->cond);
  /* no home waits before its own lookups are done, so no two wait on
   * each other */
  for (guint i = 0; i < unit->accounts->len; i++) {
    g_autofree gchar *domain = account_domain (g_ptr_array_index (unit->accounts, i));
    while (domain != NULL && GPOINTER_TO_INT (g_hash_table_lookup (scan->lookups, domain)) == LOOKUP_PENDING)
      g_cond_wait (&scan->cond, &scan->mutex);
  }
  g_mutex_unlock (&scan->mutex);
}

/* drops the profiles an earlier home listed, with their accounts: a
 * profile reached from two homes given (one inside the other, or an
 * absolute path in profiles.ini) belongs to the first. Done as the homes
 * are handed on, in their order, so the answer does not depend on which
 * thread was faster. */
static void
drop_listed (Scan *scan, ScanUnit *unit)
{
  for (guint i = 0; i < unit->profiles->len;) {
    MfProfile *profile = g_ptr_array_index (unit->profiles, i);
    const gchar *path = mf_profile_get_path (profile);

    if (g_hash_table_add (scan->listed, g_strdup (path))) {
      i++;
      continue;
    }
    for (guint j = unit->diagnoses->len; j > 0; j--) {
      MfAccount *account = mf_diagnosis_get_account (g_ptr_array_index (unit->diagnoses, j - 1));
      if (mf_account_get_profile (account) == profile)
        g_ptr_array_remove_index (unit->diagnoses, j - 1);
    }
    g_ptr_array_remove_index (unit->profiles, i);
  }
}

/* a change to the home that was cut short is the first thing to mend: until
 * it is rolled back, some of its files may be old and others new */
static void
check_interrupted (MfSession *self, ScanUnit *unit)
{
  g_autofree gchar *root = mf_session_get_backup_root (self, unit->home);
  g_autoptr(GPtrArray) backups = mf_backup_list (root, NULL);

  for (guint i = 0; backups != NULL && i < backups->len; i++) {
    MfBackup *backup = g_ptr_array_index (backups, i);
    if (mf_backup_is_interrupted (backup))
      g_ptr_array_add (unit->problems,
                       g_error_new (MF_ERROR, MF_ERROR_FAILED,
                                    _("%s: a change to the mail settings was cut short (backup %s): some "
                                      "files may be as before and others changed; \"mailfix rollback %s\" "
                                      "puts them all back"),
                                    unit->home, mf_backup_get_id (backup), mf_backup_get_id (backup)));
  }
}

static void
scan_unit (Scan *scan, ScanUnit *unit)
{
  MfSession *self = scan->session;

  if (unit->home != NULL) {
    check_interrupted (self, unit);
    for (guint i = 0; i < self->stores->len; i++)
      mf_store_discover (g_ptr_array_index (self->stores, i), unit->home, unit->profiles, unit->problems);
  }
  for (guint i = 0; i < unit->profiles->len; i++)
    load_profile (self, unit, g_ptr_array_index (unit->profiles, i));
  if (self->autoconfig != NULL)
    autoconfigure (scan, unit);
  g_rw_lock_reader_lock (&scan->db_lock);
  for (guint i = 0; i < unit->accounts->len; i++)
    g_ptr_array_add (unit->diagnoses, mf_diagnosis_new (g_ptr_array_index (unit->accounts, i), self->db));
  g_rw_lock_reader_unlock (&scan->db_lock);
}

static void
scan_unit_job (gpointer data, gpointer user_data)
{
  ScanUnit *unit = data;
  Scan *scan = user_data;

  scan_unit (scan, unit);
  mf_tls_thread_cleanup ();
  g_mutex_lock (&scan->mutex);
  unit->done = TRUE;
  g_cond_broadcast (&scan->cond);
  g_mutex_unlock (&scan->mutex);
}

/* the profiles named by path, opened at once so that one that is not a
 * profile stops the scan before any home is read */
static ScanUnit *
open_named_profiles (MfSession *self, GError **error)
{
  ScanUnit *unit = scan_unit_new (NULL);

  for (guint i = 0; i < self->profile_paths->len; i++) {
    const gchar *path = g_ptr_array_index (self->profile_paths, i);
    g_autoptr(GError) first_error = NULL;
    MfProfile *profile = NULL;

    for (guint j = 0; j < self->stores->len && profile == NULL; j++) {
      g_autoptr(GError) error_local = NULL;
      profile = mf_store_open (g_ptr_array_index (self->stores, j), path, &error_local);
      if (profile == NULL && first_error == NULL)
        first_error = g_steal_pointer (&error_local);
    }
    if (profile == NULL) {
      g_propagate_error (error, g_steal_pointer (&first_error));
      scan_unit_free (unit);
      return NULL;
    }
    /* a profile inside a home given too belongs to it: its backups go there */
    for (guint j = 0; j < self->homes->len; j++) {
      g_autofree gchar *prefix = g_strconcat (g_ptr_array_index (self->homes, j), G_DIR_SEPARATOR_S, NULL);
      if (g_str_has_prefix (mf_profile_get_path (profile), prefix))
        mf_profile_set_home (profile, g_ptr_array_index (self->homes, j));
    }
    g_ptr_array_add (unit->profiles, profile);
  }
  return unit;
}

/* how many homes to read at once: one per processor, as the files of a
 * home are parsed more than they are waited for */
static guint
scan_threads (guint n_units)
{
  guint n = g_get_num_processors ();
  const gchar *env = g_getenv ("MAILFIX_SCAN_THREADS");

  /* the benchmark compares one thread with many */
  if (env != NULL && g_ascii_strtoull (env, NULL, 10) > 0)
    n = (guint) MIN (g_ascii_strtoull (env, NULL, 10), 256);
  return MAX (1, MIN (n, n_units));
}

/* hands the units on in order while the pool reads the next ones */
static void
run_units (Scan *scan, GPtrArray *units, MfSessionHomeFunc func, gpointer user_data)
{
  guint n_threads = scan_threads (units->len);
  GThreadPool *pool = NULL;
  guint pushed = 0;

  /* one home is read in the caller's thread, as it always was */
  if (n_threads > 1)
    pool = g_thread_pool_new (scan_unit_job, scan, (gint) n_threads, TRUE, NULL);
  for (guint i = 0; i < units->len; i++) {
    ScanUnit *unit = g_ptr_array_index (units, i);

    if (pool == NULL) {
      scan_unit (scan, unit);
    } else {
      for (; pushed < units->len && pushed < i + n_threads * MF_SCAN_AHEAD; pushed++)
        g_thread_pool_push (pool, g_ptr_array_index (units, pushed), NULL);
      g_mutex_lock (&scan->mutex);
      while (!unit->done)
        g_cond_wait (&scan->cond, &scan->mutex);
      g_mutex_unlock (&scan->mutex);
    }
    drop_listed (scan, unit);
    func (scan->session, unit->home, unit->profiles, unit->diagnoses, unit->problems, user_data);
    /* freed now, not with the array: this is what keeps memory flat */
    scan_unit_free (g_steal_pointer (&units->pdata[i]));
  }
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);
}

/**
 * MfSessionHomeFunc:
 * @session: the session scanning
 * @home: (nullable): the home scanned, or %NULL for the profiles given
 *   with mf_session_add_profile_path()
 * @profiles: (element-type MfProfile): the profiles found in it
 * @diagnoses: (element-type MfDiagnosis): its accounts, diagnosed, in the
 *   order of their profiles
 * @problems: (element-type GError): what could not be read in it
 * @user_data: the data given to mf_session_scan_each_home()
 *
 * Receives one home of a scan. The arrays belong to the scan and are
 * freed when the function returns; take a reference to what is kept.
 *
 * Since: 0.1
 */

/**
 * mf_session_scan_each_home:
 * @self: a session
 * @func: (scope call): called for each home, in the order the homes were
 *   added, in the calling thread
 * @user_data: passed to @func
 * @error: return location for a #GError
 *
 * Scans as mf_session_scan() does, but hands each home to @func as soon
 * as it is read and diagnosed and keeps nothing of it afterwards, so that
 * a scan of thousands of homes needs the memory of a few. Homes are read
 * several at a time, one thread per processor (`MAILFIX_SCAN_THREADS`
 * sets another number). The profiles given by path come first, as a home
 * of their own. Afterwards mf_session_get_accounts() and the other
 * getters return nothing.
 *
 * Returns: %FALSE only if a profile path given explicitly is not a
 *   profile; @func has then not been called
 *
 * Since: 0.1
 */
gboolean
mf_session_scan_each_home (MfSession *self, MfSessionHomeFunc func, gpointer user_data, GError **error)
{
  g_autoptr(GPtrArray) units = g_ptr_array_new_with_free_func ((GDestroyNotify) scan_unit_free);
  Scan scan = { .session = self };
  ScanUnit *named;

  g_return_val_if_fail (MF_IS_SESSION (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  g_ptr_array_set_size (self->profiles, 0);
  g_ptr_array_set_size (self->accounts, 0);
  g_ptr_array_set_size (self->diagnoses, 0);
  g_ptr_array_set_size (self->problems, 0);
  if (self->homes->len == 0 && self->profile_paths->len == 0)
    mf_session_add_home (self, g_get_home_dir ());
  named = open_named_profiles (self, error);
  if (named == NULL)
    return FALSE;
  if (self->profile_paths->len > 0)
    g_ptr_array_add (units, named);
  else
    scan_unit_free (named);
  for (guint i = 0; i < self->homes->len; i++)
    g_ptr_array_add (units, scan_unit_new (g_ptr_array_index (self->homes, i)));

  if (self->autoconfig != NULL && self->db == NULL)
    self->db = mf_provider_db_new ();
  /* libxml2 sets itself up once, before threads use it */
  xmlInitParser ();
  g_mutex_init (&scan.mutex);
  g_cond_init (&scan.cond);
  g_rw_lock_init (&scan.db_lock);
  scan.listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  scan.lookups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run_units (&scan, units, func, user_data);
  g_hash_table_unref (scan.listed);
  g_hash_table_unref (scan.lookups);
  g_rw_lock_clear (&scan.db_lock);
  g_cond_clear (&scan.cond);
  g_mutex_clear (&scan.mutex);
  return TRUE;
}

static void
keep_home (MfSession *self, const gchar *home, GPtrArray *profiles, GPtrArray *diagnoses,
           GPtrArray *problems, gpointer user_data)
{
  g_ptr_array_extend_and_steal (self->profiles, g_ptr_array_ref (profiles));
  for (guint i = 0; i < diagnoses->len; i++) {
    MfDiagnosis *diagnosis = g_ptr_array_index (diagnoses, i);
    g_ptr_array_add (self->accounts, g_object_ref (mf_diagnosis_get_account (diagnosis)));
  }
  g_ptr_array_extend_and_steal (self->diagnoses, g_ptr_array_ref (diagnoses));
  g_ptr_array_extend_and_steal (self->problems, g_ptr_array_ref (problems));
}

/**
 * mf_session_scan:
 * @self: a session
 * @error: return location for a #GError
 *
 * Finds every profile of every store in the homes and profile paths given
 * (the current user's home if none was given), reads their accounts and
 * diagnoses them. With mf_session_set_autoconfig(), it first looks up the
 * mail domains the provider database does not know. A profile that cannot
 * be read is recorded in mf_session_get_problems() and does not stop the
 * scan. The session keeps what it found for planning; see
 * mf_session_scan_each_home() for a scan that keeps nothing.
 *
 * Returns: %FALSE only if a profile path given explicitly is not a profile
 *
 * Since: 0.1
 */
gboolean
mf_session_scan (MfSession *self, GError **error)
{
  g_return_val_if_fail (MF_IS_SESSION (self), FALSE);
  return mf_session_scan_each_home (self, keep_home, NULL, error);
}
