// Mozilla User Preferences

user_pref("mail.identity.id1.fullName", "山田 太郎");
user_pref("mail.identity.id1.organization", "株式会社エグザンプル");
user_pref("mail.server.server2.name", "ローカルフォルダー");
user_pref("名前", '日本語\u3042');
