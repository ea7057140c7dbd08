/* mf-store-evolution.h: the Evolution store; private */
#pragma once

#include "mf-store.h"

G_BEGIN_DECLS

#define MF_TYPE_STORE_EVOLUTION (mf_store_evolution_get_type ())
G_DECLARE_FINAL_TYPE (MfStoreEvolution, mf_store_evolution, MF, STORE_EVOLUTION, MfStore)

MfStore *mf_store_evolution_new (void);

G_END_DECLS
