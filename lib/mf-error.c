/* mf-error.c: the one error domain of libmailfix */
#include "config.h"

#include <errno.h>

#include "mf-error.h"

G_DEFINE_QUARK (mf-error-quark, mf_error)

/**
 * mf_error_to_string:
 * @code: an #MfError
 *
 * Returns: (transfer none): a stable machine-readable name for @code, as
 *   used in JSON output
 *
 * Since: 0.1
 */
const gchar *
mf_error_to_string (MfError code)
{
  switch (code) {
  case MF_ERROR_FAILED:           return "failed";
  case MF_ERROR_NOT_FOUND:        return "not-found";
  case MF_ERROR_PARSE:            return "parse";
  case MF_ERROR_INVALID_ARGUMENT: return "invalid-argument";
  case MF_ERROR_BUSY:             return "busy";
  case MF_ERROR_PERMISSION:       return "permission";
  case MF_ERROR_IO:               return "io";
  case MF_ERROR_CONFLICT:         return "conflict";
  case MF_ERROR_UNSUPPORTED:      return "unsupported";
  case MF_ERROR_TOO_LARGE:        return "too-large";
  default:                        return "failed";
  }
}

/**
 * mf_error_from_errno:
 * @errsv: an errno value
 *
 * Returns: the #MfError that best describes @errsv
 *
 * Since: 0.1
 */
MfError
mf_error_from_errno (gint errsv)
{
  switch (errsv) {
  case ENOENT:
  case ENOTDIR:
    return MF_ERROR_NOT_FOUND;
  case EACCES:
  case EPERM:
  case EROFS:
    return MF_ERROR_PERMISSION;
  case EFBIG:
    return MF_ERROR_TOO_LARGE;
  default:
    return MF_ERROR_IO;
  }
}
