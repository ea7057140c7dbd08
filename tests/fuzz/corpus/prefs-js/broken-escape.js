user_pref("a", "\x00 \uD800 \q");
