/* Library app defines no 'helper' either. */
int other(void) { return 0; }
