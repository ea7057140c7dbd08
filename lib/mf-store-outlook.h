/* mf-store-outlook.h: Outlook and Outlook Express: registry hives, .reg exports, PRF files; private */
#pragma once

#include "mf-store.h"

G_BEGIN_DECLS

#define MF_TYPE_STORE_OUTLOOK (mf_store_outlook_get_type ())
G_DECLARE_FINAL_TYPE (MfStoreOutlook, mf_store_outlook, MF, STORE_OUTLOOK, MfStore)

MfStore *mf_store_outlook_new (void);

G_END_DECLS
