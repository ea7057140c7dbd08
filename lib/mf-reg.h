/* mf-reg.h: a piece of a Windows registry held in memory (from a .reg
 * export or an offline hive), and the changes to make to it; private */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* value types, numbered as Windows numbers them */
typedef enum {
  MF_REG_NONE = 0,
  MF_REG_SZ = 1,
  MF_REG_EXPAND_SZ = 2,
  MF_REG_BINARY = 3,
  MF_REG_DWORD = 4,
  MF_REG_DWORD_BE = 5,
  MF_REG_LINK = 6,
  MF_REG_MULTI_SZ = 7,
  MF_REG_QWORD = 11,
} MfRegType;

typedef struct {
  gchar *name;      /* "" is the key's default value (@ in a .reg file) */
  guint32 type;     /* MfRegType, or any other number met in the file */
  GBytes *data;     /* the raw bytes, as the registry holds them */
} MfRegValue;

typedef struct _MfRegKey MfRegKey;

/* A tree starts at a nameless root whose children are the registry roots
 * spelt out (HKEY_CURRENT_USER, ...); an offline NTUSER.DAT is read as the
 * HKEY_CURRENT_USER child. Names match case-insensitively, as in Windows. */
MfRegKey    *mf_reg_key_new           (const gchar *name);
void         mf_reg_key_free          (MfRegKey *key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfRegKey, mf_reg_key_free)

const gchar *mf_reg_key_get_name      (MfRegKey *key);
MfRegKey    *mf_reg_key_get_parent    (MfRegKey *key);
/* the names from below the root down to key joined with backslashes,
 * e.g. HKEY_CURRENT_USER\Software\Microsoft */
gchar       *mf_reg_key_get_path      (MfRegKey *key);
/* MfRegKey, in the order they were added; owned by key */
GPtrArray   *mf_reg_key_get_children  (MfRegKey *key);
MfRegKey    *mf_reg_key_get_child     (MfRegKey *key, const gchar *name);
/* path: names separated by backslashes, relative to key; NULL if absent */
MfRegKey    *mf_reg_key_lookup        (MfRegKey *key, const gchar *path);
/* as lookup, creating the keys that are missing */
MfRegKey    *mf_reg_key_ensure        (MfRegKey *key, const gchar *path);
/* removes the child and everything below it */
gboolean     mf_reg_key_remove_child  (MfRegKey *key, const gchar *name);

/* MfRegValue, in the order they were set; owned by key */
GPtrArray   *mf_reg_key_get_values    (MfRegKey *key);
const MfRegValue *mf_reg_key_get_value (MfRegKey *key, const gchar *name);
/* adds the value, or replaces the one of that name */
void         mf_reg_key_set_value     (MfRegKey *key, const gchar *name, guint32 type, GBytes *data);
gboolean     mf_reg_key_remove_value  (MfRegKey *key, const gchar *name);

/* the text of a REG_SZ or REG_EXPAND_SZ value, or of a REG_BINARY that
 * holds UTF-16LE text (as Outlook keeps its account strings), up to the
 * first NUL; NULL if the value is absent or is not text */
gchar       *mf_reg_key_get_string    (MfRegKey *key, const gchar *name);
/* a REG_DWORD (little-endian) or REG_DWORD_BE value */
gboolean     mf_reg_key_get_dword     (MfRegKey *key, const gchar *name, guint32 *out);

/* text as UTF-16LE with its terminating NUL, the way Windows stores it */
GBytes      *mf_reg_utf16_from_utf8   (const gchar *text);
/* UTF-16LE bytes (terminated or not) as UTF-8; NULL if they are not text */
gchar       *mf_reg_utf8_from_utf16   (const guint8 *data, gsize len);
GBytes      *mf_reg_dword_bytes       (guint32 value);


/* The changes to make to a registry, in order: each names a key by its
 * full path (HKEY_CURRENT_USER\...). Written as a .reg file for regedit,
 * or into an offline hive. */
typedef struct _MfRegPatch MfRegPatch;

typedef struct {
  gchar *name;       /* value name; "" for the default value */
  gboolean remove;   /* "name"=- */
  guint32 type;
  GBytes *data;      /* NULL when remove */
} MfRegChange;

typedef struct {
  gchar *path;       /* HKEY_CURRENT_USER\Software\... */
  GPtrArray *changes;   /* MfRegChange, in order; at most one per name */
} MfRegPatchKey;

MfRegPatch  *mf_reg_patch_new          (void);
void         mf_reg_patch_free         (MfRegPatch *patch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfRegPatch, mf_reg_patch_free)

/* a later change to the same value replaces the earlier one */
void         mf_reg_patch_set          (MfRegPatch *patch, const gchar *key_path, const gchar *name,
                                        guint32 type, GBytes *data);
void         mf_reg_patch_remove       (MfRegPatch *patch, const gchar *key_path, const gchar *name);
/* MfRegPatchKey, in the order their keys were first named */
GPtrArray   *mf_reg_patch_get_keys     (MfRegPatch *patch);
gboolean     mf_reg_patch_is_empty     (MfRegPatch *patch);
/* carries the changes out on a tree (root as mf_reg_key_new (NULL) makes) */
void         mf_reg_patch_apply        (MfRegPatch *patch, MfRegKey *root);

G_END_DECLS
