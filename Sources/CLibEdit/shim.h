// libedit (Debian's libedit-dev) through its readline-compatible API.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <editline/readline.h>

// Swift cannot read or assign some of these C globals portably; small accessors do it.
static inline void sift_rl_set_completer(char **(*fn)(const char *, int, int)) {
    rl_attempted_completion_function = (rl_completion_func_t *)fn;
}
static inline const char *sift_rl_line_buffer(void) { return rl_line_buffer; }
static inline int sift_rl_point(void) { return rl_point; }
static inline void sift_rl_set_append_character(int c) { rl_completion_append_character = c; }
// libedit keeps these pointers: store copies that live as long as the process.
static inline void sift_rl_set_word_breaks(const char *s) { char *copy = strdup(s); rl_basic_word_break_characters = copy; rl_completer_word_break_characters = copy; }
static inline void sift_rl_set_name(const char *s) { rl_readline_name = strdup(s); }
static inline int sift_history_length(void) { return history_length; }
static inline void sift_rl_no_default_completion(void) { rl_attempted_completion_over = 1; }
