/* mf-reg-file.h: registry export files (.reg) read, and patch files
 * written for regedit; private */
#pragma once

#include <glib.h>

#include "mf-reg.h"

G_BEGIN_DECLS

typedef enum {
  MF_REG_FORMAT_REGEDIT4,   /* "REGEDIT4", in the Windows code page */
  MF_REG_FORMAT_V5,         /* "Windows Registry Editor Version 5.00", UTF-16LE */
} MfRegFormat;

/* Reads a .reg file: version 5 in UTF-16LE with a byte-order mark (or in
 * UTF-8), or REGEDIT4 (UTF-8, else the Japanese Windows code page CP932).
 * Returns a tree whose root is nameless and whose children are the roots
 * the file names (HKEY_CURRENT_USER, ...); deletions in the file ([-key],
 * "name"=-) are carried out in order. Errors say FILE:LINE: what. */
MfRegKey *mf_reg_file_parse (GBytes *bytes, const gchar *path, MfRegFormat *format, GError **error);

/* Reads a .reg file as the changes it makes, in order: its values are
 * set, and "name"=- removes; a [-key] line cannot be carried by a patch
 * and is refused. Used for the patch files mailfix wrote before. */
MfRegPatch *mf_reg_file_parse_patch (GBytes *bytes, const gchar *path, GError **error);

/* The patch as regedit imports it: UTF-16LE with a byte-order mark, CRLF
 * line ends, the version-5 header, then each comment line as "; line",
 * then one [key] block per key with its "name"=... and "name"=- lines.
 * Strings are REG_SZ "text" with \ and " escaped; DWORDs dword:8 hex
 * digits; everything else hex: or hex(N): with lines wrapped as regedit
 * wraps them. */
GBytes   *mf_reg_file_write_patch (MfRegPatch *patch, const gchar *const *comments);

G_END_DECLS
