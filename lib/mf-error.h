/* mf-error.h: the one error domain of libmailfix */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MF_ERROR (mf_error_quark ())

/**
 * MfError:
 * @MF_ERROR_FAILED: a failure with no more specific code
 * @MF_ERROR_NOT_FOUND: a file, profile, account or backup does not exist
 * @MF_ERROR_PARSE: a file is not in the format it should be in
 * @MF_ERROR_INVALID_ARGUMENT: the caller gave a value that cannot be used
 * @MF_ERROR_BUSY: the mail client is running on the store, so it cannot be written
 * @MF_ERROR_PERMISSION: the file system refused access
 * @MF_ERROR_IO: reading or writing failed
 * @MF_ERROR_CONFLICT: a file changed between planning and applying
 * @MF_ERROR_UNSUPPORTED: the store or setting is one mailfix does not handle
 * @MF_ERROR_TOO_LARGE: a file is larger than mailfix will read
 *
 * Since: 0.1
 */
typedef enum {
  MF_ERROR_FAILED,
  MF_ERROR_NOT_FOUND,
  MF_ERROR_PARSE,
  MF_ERROR_INVALID_ARGUMENT,
  MF_ERROR_BUSY,
  MF_ERROR_PERMISSION,
  MF_ERROR_IO,
  MF_ERROR_CONFLICT,
  MF_ERROR_UNSUPPORTED,
  MF_ERROR_TOO_LARGE,
} MfError;

GQuark       mf_error_quark       (void);
const gchar *mf_error_to_string   (MfError code);
MfError      mf_error_from_errno  (gint errsv);

G_END_DECLS
