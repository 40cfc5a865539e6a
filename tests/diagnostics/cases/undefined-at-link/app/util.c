/* 'helper' is defined in library app, not net. */
int helper(int x) { return x * 2; }
