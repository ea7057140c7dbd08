	 user_pref	( "a" , - 5 )
;user_pref('b',+7);user_pref("c",true);   // same lineuser_pref("a", "dup");


user_pref("last", false);