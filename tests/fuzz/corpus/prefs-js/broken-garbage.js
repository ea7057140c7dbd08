user_pref("a" 1);
bare_identifier
