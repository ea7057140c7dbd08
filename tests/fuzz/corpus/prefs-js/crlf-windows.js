// Mozilla User Preferences

user_pref("mail.account.account1.server", "server1");
user_pref("mail.server.server1.directory", "C:\\Users\\taro\\AppData\\Roaming\\Thunderbird\\Profiles\\x1.default\\Mail\\pop.example.jp");
user_pref("mail.server.server1.port", 110);
user_pref("mail.smtpserver.smtp1.try_ssl", 0);
