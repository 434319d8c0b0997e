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

// Bracketed paste: the terminal wraps pasted text in ESC[200~ … ESC[201~ once the shell turns
// the mode on (ESC[?2004h). libedit has no command for it, so both markers are bound to one
// function that flips `sift_pasting`; the REPL keeps every line read while it is set in one
// entry. libedit calls a bound function through the last key of its sequence (`~` for both
// markers), so `~` is bound to it and then re-bound to plain insertion.
static int sift_pasting = 0;
static inline int sift_paste_marker(int count, int key) { (void)count; (void)key; sift_pasting = !sift_pasting; return 0; }
static inline int sift_rl_pasting(void) { return sift_pasting; }
static inline void sift_rl_reset_pasting(void) { sift_pasting = 0; }
static inline void sift_rl_enable_bracketed_paste(void) {
    rl_add_defun("sift-paste-marker", sift_paste_marker, '~');
    rl_parse_and_bind("bind ~ ed-insert");
    rl_parse_and_bind("bind '\\e[200~' sift-paste-marker");
    rl_parse_and_bind("bind '\\e[201~' sift-paste-marker");
}
