/* fuzz-autoconfig-cache.c: fuzz target for the autoconfiguration cache
 * reader, and the clientConfig document a cache entry holds
 *
 * mf_autoconfig_cache_load() reads a file in a directory, so each input is
 * written as the cache entry of DOMAIN in a private temporary directory
 * and read at NOW; the seeds were fetched a little before.
 *
 * Built with -DMF_LIBFUZZER it is a libFuzzer target; without it, main()
 * replays the seed corpus (or the files and directories given) and prints
 * TAP, so plain `make check` runs every seed through the same checks
 */
#include "config.h"

#include "fuzz-replay.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "mf-autoconfig-private.h"
#include "mf-error.h"
#include "mf-provider-private.h"

#define DOMAIN "example.jp"
#define NOW G_GINT64_CONSTANT (1767225600)   /* 2026-01-01 00:00:00 UTC */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gchar *tmp_dir;
static gchar *store_dir;

#define fail(what, detail) mf_fuzz_fail ("fuzz-autoconfig-cache", what, detail)

static gchar *
entry_path (const gchar *dir)
{
  return g_build_filename (dir, DOMAIN ".json", NULL);
}

static void
remove_tmp_dirs (void)
{
  g_autofree gchar *path = NULL;
  g_autofree gchar *stored = NULL;

  if (tmp_dir == NULL)
    return;
  path = entry_path (tmp_dir);
  stored = entry_path (store_dir);
  g_unlink (path);
  g_unlink (stored);
  g_rmdir (store_dir);
  g_rmdir (tmp_dir);
  g_clear_pointer (&store_dir, g_free);
  g_clear_pointer (&tmp_dir, g_free);
}

/* what the cache hands back is fresh and complete */
static void
check_entry (const MfAutoconfigCacheEntry *entry)
{
  gint64 age = NOW - entry->fetched;

  if (age < 0 || age > (entry->found ? MF_AUTOCONFIG_CACHE_TTL : MF_AUTOCONFIG_CACHE_NEGATIVE_TTL))
    fail ("a stale entry was handed back", NULL);
  if (!entry->found)
    return;
  if (entry->url == NULL || entry->config == NULL)
    fail ("a found entry without its URL or document", NULL);
  if (entry->origin == MF_PROVIDER_ORIGIN_FILE)
    fail ("a found entry that claims to be a provider file", NULL);
}

/* an entry stored reads back as it was */
static void
check_store (const MfAutoconfigCacheEntry *entry)
{
  g_autoptr(MfAutoconfigCacheEntry) again = NULL;
  g_autofree gchar *stored = entry_path (store_dir);

  g_unlink (stored);
  mf_autoconfig_cache_store (store_dir, DOMAIN, entry);
  again = mf_autoconfig_cache_load (store_dir, DOMAIN, NOW);
  if (again == NULL)
    fail ("an entry stored does not read back", NULL);
  if (again->found != entry->found || again->fetched != entry->fetched ||
      (entry->found && (again->origin != entry->origin || g_strcmp0 (again->url, entry->url) != 0 ||
                        g_strcmp0 (again->config, entry->config) != 0)))
    fail ("an entry stored reads back different", NULL);
}

/* the document goes to the provider loader as autoconfiguration hands it
 * over: what loads serves the domain alone */
static void
check_config (const MfAutoconfigCacheEntry *entry)
{
  g_autoptr(MfProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *domains;

  provider = mf_provider_new_found (entry->config, strlen (entry->config), DOMAIN, entry->origin, entry->url,
                                    MF_CONFIDENCE_MEDIUM, &error);
  if (provider == NULL) {
    if (error == NULL || error->domain != MF_ERROR || !g_utf8_validate (error->message, -1, NULL))
      fail ("a refused document without a proper error", error != NULL ? error->message : NULL);
    return;
  }
  domains = mf_provider_get_domains (provider);
  if (domains->len != 1 || g_strcmp0 (g_ptr_array_index (domains, 0), DOMAIN) != 0 ||
      g_strcmp0 (mf_provider_get_id (provider), DOMAIN) != 0)
    fail ("a found document claims more than its domain", NULL);
  if (mf_provider_get_host_patterns (provider)->len != 0)
    fail ("a found document claims accounts by their servers", NULL);
  if (mf_provider_get_origin (provider) != entry->origin ||
      g_strcmp0 (mf_provider_get_origin_url (provider), entry->url) != 0)
    fail ("a found document forgot where it came from", NULL);
  if (mf_provider_get_confidence (provider) == MF_CONFIDENCE_HIGH)
    fail ("a found document is more certain than its source", NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(MfAutoconfigCacheEntry) entry = NULL;
  g_autofree gchar *path = NULL;
  g_autoptr(GError) error = NULL;

  if (tmp_dir == NULL) {
    /* a critical means a broken contract, which the fuzzer must see */
    g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    tmp_dir = g_dir_make_tmp ("fuzz-autoconfig-XXXXXX", &error);
    if (tmp_dir == NULL)
      fail ("cannot make a temporary directory", error->message);
    store_dir = g_build_filename (tmp_dir, "stored", NULL);
    atexit (remove_tmp_dirs);
  }
  path = entry_path (tmp_dir);
  if (!g_file_set_contents (path, (const gchar *) data, (gssize) size, &error))
    fail ("cannot write a temporary file", error->message);
  entry = mf_autoconfig_cache_load (tmp_dir, DOMAIN, NOW);
  g_unlink (path);
  if (entry == NULL)
    return 0;
  check_entry (entry);
  check_store (entry);
  if (entry->found)
    check_config (entry);
  return 0;
}

#ifndef MF_LIBFUZZER

int
main (int argc, char **argv)
{
  return mf_fuzz_replay_main (argc, argv, "autoconfig-cache", LLVMFuzzerTestOneInput);
}

#endif /* MF_LIBFUZZER */
