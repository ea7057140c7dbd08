user_pref("a", 1);
/* never closed
