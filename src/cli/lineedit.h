/* Line editing for the interactive prompt and input() on a terminal.
 *
 * GNU readline (libreadline.so.8) or libedit (libedit.so.2) is loaded at
 * run time with dlopen, so pyheap builds and runs without either; when
 * neither is present, lines are read with plain stdio. */
#ifndef PH_CLI_LINEEDIT_H
#define PH_CLI_LINEEDIT_H

/* Loads a line editor and the history file (~/.pyheap_history). Returns
 * the context to pass to lineedit_read (never NULL). */
void *lineedit_open(void);
/* Saves the history and unloads the library. */
void lineedit_close(void *ctx);
/* Shows prompt and reads one line: text from malloc without the newline,
 * or NULL at end of input. *interrupted is set (and NULL returned) when
 * Ctrl-C cancelled the line. Matches PhLineReader (src/vm/builtins.h). */
char *lineedit_read(const char *prompt, int *interrupted, void *ctx);

#endif
