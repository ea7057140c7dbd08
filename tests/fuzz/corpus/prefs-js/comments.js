# hash comment
// line comment
/* block
   comment */
user_pref(/* in */ "url", "http://example.jp/a//b"); // after
user_pref("block", "/* not a comment */ # nor this");
