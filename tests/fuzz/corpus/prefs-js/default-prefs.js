pref("mail.server.default.port", -1);
pref("mail.server.default.check_new_mail", false, locked);
sticky_pref("mail.server.default.name", "", sticky);
pref("mailnews.tcptimeout", 100 , locked , sticky);
