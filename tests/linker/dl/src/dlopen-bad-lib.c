// A library that cannot be loaded with RTLD_NOW: it calls a function nothing defines.
void no_such_function_anywhere(void);
void calls_the_missing_function(void) { no_such_function_anywhere(); }
