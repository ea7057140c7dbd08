user_pref("nl", "a\nb\rc");
user_pref('single', 'it\'s "fine"');
user_pref("hex", "\x41\xE3\x81\x82");
user_pref("u", "\u3042\uD83D\uDE00");
user_pref("bs", "C:\\dir\\");
user_pref("raw", "line one
line two");
