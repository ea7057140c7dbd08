user_pref("mail.server.server1.hostname", "pop.example.jp);
