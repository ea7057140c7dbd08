/* mf-gui-test.h: driving the real wizard window, for tests/gui/test-wizard.c
 * and the screenshot tool: widgets are found by the names the wizard gives
 * them and activated as a user would */
#pragma once

#include <adwaita.h>

#include "mf-wizard-private.h"

G_BEGIN_DECLS

/* a password that keeps docomo's rules (10 characters); it must never
 * appear in any output or file */
#define MF_GUI_TEST_PASSWORD "Tq7kw9Rz2m"

/* the message catalogue as the wizard binds it, g_test_init(), then GTK,
 * libadwaita and settings that keep runs alike (no animations); FALSE
 * when there is no display */
gboolean        mf_gui_test_init        (int *argc, char ***argv);

/* runs the main loop until cond is true, failing the test after a minute */
#define MF_GUI_WAIT_UNTIL(cond) \
  G_STMT_START { \
    gint64 mf_gui_deadline_ = g_get_monotonic_time () + 60 * G_USEC_PER_SEC; \
    while (!(cond) && g_get_monotonic_time () < mf_gui_deadline_) \
      mf_gui_test_iterate (); \
    if (!(cond)) \
      g_error ("timed out waiting for %s", #cond); \
  } G_STMT_END

/* one round of the main loop, waking at least every 50 ms */
void            mf_gui_test_iterate     (void);

/* the widget named name below root (depth first), or NULL */
GtkWidget      *mf_gui_test_find        (GtkWidget *root, const gchar *name);
/* the same, failing the test if there is none */
GtkWidget      *mf_gui_test_get         (GtkWidget *root, const gchar *name);

MfWizardWindow *mf_gui_test_open        (const gchar *home);
/* closes the window and waits until it is gone */
void            mf_gui_test_close       (MfWizardWindow *window);
const gchar    *mf_gui_test_page_name   (MfWizardWindow *window);
GtkWidget      *mf_gui_test_page        (MfWizardWindow *window);
/* activates a sensitive button of the window, as a click does */
void            mf_gui_test_click       (MfWizardWindow *window, const gchar *name);
/* Next, then checks the page that comes */
void            mf_gui_test_next        (MfWizardWindow *window, const gchar *expect);

/* from the page shown (a fresh window: the scan) to the named page, with
 * the recommended accounts, MF_GUI_TEST_PASSWORD for docomo, and the check
 * skipped */
void            mf_gui_test_walk_to     (MfWizardWindow *window, const gchar *page);

/* the window as it is on screen, rendered in this process */
void            mf_gui_test_save_png    (MfWizardWindow *window, const gchar *path);

/* every text a person sees in the widget and below it: labels, button
 * labels, row titles and subtitles, the window title */
void            mf_gui_test_collect_text (GtkWidget *root, GPtrArray *texts);

/* runs the calling test again in a subprocess under LANGUAGE=ja (GTK reads
 * the language once): TRUE in that subprocess, where the test goes on;
 * FALSE in the parent, once the subprocess passed, or when the locale is
 * missing and the test is skipped */
gboolean        mf_gui_test_in_japanese (void);

G_END_DECLS
