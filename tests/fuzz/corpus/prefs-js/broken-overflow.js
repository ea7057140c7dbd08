user_pref("mail.server.server1.port", 2147483648);
