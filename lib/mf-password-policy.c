/* mf-password-policy.c: a new app password checked against the provider's
 * rules before anything touches the disk or the network, so a mistyped
 * password is caught with a clear message instead of a locked account */
#include "config.h"

#include <string.h>

#include "mf-error.h"
#include "mf-private.h"
#include "mf-provider.h"

static gboolean
is_symbol (gunichar c)
{
  return c < 0x80 && g_ascii_ispunct ((gchar) c);
}

/**
 * mf_provider_check_password:
 * @self: a provider
 * @password: the password the user typed
 * @error: return location for a #GError
 *
 * Checks @password against the provider's app-password rules (length,
 * kinds of characters). The message names what is wrong and never the
 * password itself. A provider with no rules accepts any non-empty text.
 *
 * Returns: %TRUE if the password can be the provider's app password
 *
 * Since: 0.1
 */
gboolean
mf_provider_check_password (MfProvider *self, const gchar *password, GError **error)
{
  guint min_len = 0, max_len = 0;
  gboolean letters = TRUE, digits = TRUE, symbols = TRUE, case_sensitive = FALSE;
  glong len;

  g_return_val_if_fail (MF_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  mf_i18n_init ();
  if (password[0] == '\0') {
    g_set_error_literal (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT, _("the password is empty"));
    return FALSE;
  }
  if (!g_utf8_validate (password, -1, NULL)) {
    g_set_error_literal (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT, _("the password is not valid text"));
    return FALSE;
  }
  if (!mf_provider_get_app_password_policy (self, &min_len, &max_len, &letters, &digits, &symbols, &case_sensitive))
    return TRUE;

  for (const gchar *p = password; *p != '\0'; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (c >= 0x80) {
      /* the commonest slip: a full-width character from a Japanese input method */
      g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                   _("the password has a full-width or other non-ASCII character; the %s password uses half-width letters, digits and symbols only"),
                   mf_provider_get_display_name (self));
      return FALSE;
    }
    if (g_ascii_isspace ((gchar) c)) {
      g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                   _("the password has a space in it; the %s password has none"), mf_provider_get_display_name (self));
      return FALSE;
    }
    if ((g_ascii_isalpha ((gchar) c) && !letters) || (g_ascii_isdigit ((gchar) c) && !digits) ||
        (is_symbol (c) && !symbols) || g_ascii_iscntrl ((gchar) c)) {
      g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                   _("the password has a kind of character the %s password never contains"),
                   mf_provider_get_display_name (self));
      return FALSE;
    }
  }
  len = g_utf8_strlen (password, -1);
  if (min_len > 0 && min_len == max_len && len != (glong) min_len) {
    g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                 _("the %s password has exactly %u characters, but %ld were given; check for a missing or extra character"),
                 mf_provider_get_display_name (self), min_len, len);
    return FALSE;
  }
  if (min_len > 0 && len < (glong) min_len) {
    g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                 _("the %s password has at least %u characters, but %ld were given"),
                 mf_provider_get_display_name (self), min_len, len);
    return FALSE;
  }
  if (max_len > 0 && len > (glong) max_len) {
    g_set_error (error, MF_ERROR, MF_ERROR_INVALID_ARGUMENT,
                 _("the %s password has at most %u characters, but %ld were given"),
                 mf_provider_get_display_name (self), max_len, len);
    return FALSE;
  }
  return TRUE;
}
