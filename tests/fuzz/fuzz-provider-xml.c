/* fuzz-provider-xml.c: fuzz target for the provider file loader
 *
 * built with -DMF_LIBFUZZER it is a libFuzzer target; without it, main()
 * replays the seed corpus (or the files and directories given) and prints
 * TAP, so plain `make check` runs every seed through the same checks
 */
#include "config.h"

#include "fuzz-replay.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mf-error.h"
#include "mf-provider-private.h"

#define FUZZ_FILENAME "fuzz.xml"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define fail(what, detail) mf_fuzz_fail ("fuzz-provider-xml", what, detail)

/* a refusal must be a parse or size error that names the input */
static void
check_refusal (const GError *error)
{
  if (error == NULL)
    fail ("a refused input set no error", NULL);
  if (!g_error_matches (error, MF_ERROR, MF_ERROR_PARSE) &&
      !g_error_matches (error, MF_ERROR, MF_ERROR_TOO_LARGE))
    fail ("an unexpected error code", error->message);
  if (!g_str_has_prefix (error->message, FUZZ_FILENAME ":"))
    fail ("the error does not name the file", error->message);
  if (!g_utf8_validate (error->message, -1, NULL))
    fail ("the error is not UTF-8", NULL);
}

static void
check_server (MfProvider *provider, const MfProviderServer *server)
{
  /* an address on each of the provider's own domains, and odd ones */
  const gchar *addresses[] = { "taro@example.jp", "no-at-sign", "@", "a@b@c", "x@ y" };
  g_autofree gchar *own = NULL;
  const gchar *domain = g_ptr_array_index (mf_provider_get_domains (provider), 0);

  if (mf_provider_server_get_hostname (server) == NULL || mf_provider_server_get_port (server) == 0)
    fail ("a server without host name or port", NULL);
  own = g_strdup_printf ("user@%s", domain);
  for (gsize i = 0; i <= G_N_ELEMENTS (addresses); i++) {
    const gchar *address = i < G_N_ELEMENTS (addresses) ? addresses[i] : own;
    g_autofree gchar *host = mf_provider_server_expand_hostname (server, address);
    g_autofree gchar *user = mf_provider_server_expand_username (server, address);

    if (mf_provider_get_login_kind (provider) == MF_LOGIN_EXTERNAL && user != NULL)
      fail ("an external login was derived from the address", user);
    if (host != NULL && !mf_provider_matches_host (provider, host) &&
        strchr (mf_provider_server_get_hostname (server), '%') == NULL)
      fail ("a server's own host name does not match its provider", host);
  }
  (void) mf_provider_server_get_security (server);
  (void) mf_provider_server_get_auth (server);
  (void) mf_provider_server_get_confidence (server);
  (void) mf_provider_server_get_username_template (server);
}

static void
check_servers (MfProvider *provider, GPtrArray *servers)
{
  if (servers->len == 0)
    fail ("a loaded provider lacks servers", NULL);
  for (guint i = 0; i < servers->len; i++)
    check_server (provider, g_ptr_array_index (servers, i));
}

/* everything a loaded provider claims must hold together */
static void
check_provider (MfProvider *provider)
{
  GPtrArray *domains = mf_provider_get_domains (provider);
  GPtrArray *patterns = mf_provider_get_host_patterns (provider);

  if (mf_provider_get_id (provider) == NULL || mf_provider_get_display_name (provider) == NULL ||
      mf_provider_get_short_name (provider) == NULL)
    fail ("a loaded provider lacks a name", NULL);
  if (domains->len == 0)
    fail ("a loaded provider lacks domains", NULL);
  for (guint i = 0; i < domains->len; i++) {
    const gchar *domain = g_ptr_array_index (domains, i);
    if (strchr (domain, '*') == NULL && !mf_provider_matches_domain (provider, domain))
      fail ("a provider does not match its own domain", domain);
  }
  for (guint i = 0; i < patterns->len; i++) {
    const gchar *pattern = g_ptr_array_index (patterns, i);
    if (strchr (pattern, '*') == NULL && !mf_provider_matches_host (provider, pattern))
      fail ("a provider does not match its own host", pattern);
  }
  check_servers (provider, mf_provider_get_incoming (provider));
  check_servers (provider, mf_provider_get_outgoing (provider));
  if (mf_provider_get_submission (provider) == NULL)
    fail ("a loaded provider has no submission server", NULL);
  (void) mf_provider_find_incoming (provider, MF_PROTOCOL_IMAP);
  (void) mf_provider_get_login_label (provider);
  (void) mf_provider_get_login_label_for_language (provider, "ja_JP.UTF-8");
  (void) mf_provider_get_instructions (provider);
  (void) mf_provider_get_app_password_policy (provider, NULL, NULL, NULL, NULL, NULL, NULL);
  (void) mf_provider_get_retired_replacement (provider, "mail.example.jp");
  (void) mf_provider_get_confidence (provider);
  for (guint i = 0; i < mf_provider_get_n_sources (provider); i++)
    (void) mf_provider_get_source (provider, i, NULL, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static gboolean initialised = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfProvider) provider = NULL;

  if (!initialised) {
    /* a critical means a broken contract, which the fuzzer must see */
    g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    initialised = TRUE;
  }
  provider = mf_provider_new_from_data ((const gchar *) data, size, FUZZ_FILENAME, &error);
  if (provider == NULL)
    check_refusal (error);
  else
    check_provider (provider);
  return 0;
}

#ifndef MF_LIBFUZZER

int
main (int argc, char **argv)
{
  return mf_fuzz_replay_main (argc, argv, "provider-xml", LLVMFuzzerTestOneInput);
}

#endif /* MF_LIBFUZZER */
