//! The one output path of `antidotectl`, in the manner of cargo's `Shell`: every line the CLI
//! prints goes through a [`Shell`], which decides where it goes, how it looks and whether it is
//! shown at all. Commands get the shell from the dispatch and print nothing on their own; the
//! only other writers to stderr are the wizard's prompts (dialoguer: input, not output) and
//! the services' logs under `serve` (tracing, filtered by `RUST_LOG`), which the flags below
//! leave alone.
//!
//! The rules:
//!
//! - **Human output goes to stderr**: status lines ([`Shell::status`]: a verb and what it did,
//!   `imported nrelabs ...`; [`Shell::info`]: a plain sentence), notes, warnings, errors,
//!   progress and the human validation report ([`Shell::err`]).
//! - **Machine output goes to stdout** ([`Shell::stdout`]): a command's result, written byte
//!   for byte (JSON, SARIF, GitHub workflow commands, schemas, completions, the tables of the
//!   list commands). Nothing else is ever written there, so it can be piped or redirected.
//! - **Colour**: stderr is an anstream stream, so styles are kept on a terminal and stripped
//!   otherwise, and `NO_COLOR` and `CLICOLOR_FORCE` are honoured. Stdout is never styled.
//! - **Layout**: on a terminal, a status line's verb is bold green and right-aligned in 12
//!   columns, like cargo's. Elsewhere (a pipe, a file, a CI log) the line starts with the verb,
//!   so that the same run always prints the same sentences: `serving on http://...`.
//! - **`--quiet`** (`-q`) hides status lines, notes, progress and verbose lines. It never hides
//!   warnings or errors (a validation report's findings are warnings and errors: they stay,
//!   only its summary line goes) and never touches stdout. Cargo's own `--quiet` hides cargo's
//!   warnings too; here a quiet run still says what may be wrong, and exits as it would have.
//! - **`--verbose`** (`-v`) adds the lines written through [`Shell::verbose`]: what a command is
//!   about to do (the path and tier it checks, the database it opens, the server it asks).
//!   `--quiet` and `--verbose` exclude each other.
//! - **Progress** ([`Shell::progress`]): an indicatif bar on a terminal, plain lines otherwise,
//!   nothing with `--quiet`. While a bar is drawn, the shell's other lines print above it.
//! - Write errors on stderr are ignored: there is nowhere left to report them. Write errors on
//!   stdout are returned, so that a closed pipe fails the command.

use std::fmt::Display;
use std::io::{self, IsTerminal as _, Write};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use annotate_snippets::renderer::{DEFAULT_ERROR_STYLE, DEFAULT_NOTE_STYLE, DEFAULT_WARNING_STYLE};
use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressStyle};

/// A status line's verb: bold green.
const STATUS: Style = AnsiColor::BrightGreen.on_default().bold();

/// How much the shell prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// `--quiet`: warnings, errors and machine output only.
    Quiet,
    /// Status lines, notes, progress, warnings, errors.
    #[default]
    Normal,
    /// Everything, and the lines of [`Shell::verbose`].
    Verbose,
}

/// A stream the shell writes to, shared with the progress it hands out.
type Stream = Arc<Mutex<dyn Write + Send>>;

fn lock(stream: &Stream) -> MutexGuard<'_, dyn Write + Send + 'static> {
    stream.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Where the CLI's output goes; see the module documentation for the rules. Cheap to clone:
/// the clones share the streams.
#[derive(Clone)]
pub struct Shell {
    verbosity: Verbosity,
    out: Stream,
    err: Stream,
    /// Whether stderr is a terminal: aligned status lines.
    terminal: bool,
    /// Whether progress may be drawn as an indicatif bar (on the process's own stderr).
    bars: bool,
    /// The progress bar being drawn, if any, so that lines are printed above it.
    bar: Arc<Mutex<Option<ProgressBar>>>,
}

impl std::fmt::Debug for Shell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shell")
            .field("verbosity", &self.verbosity)
            .field("terminal", &self.terminal)
            .finish_non_exhaustive()
    }
}

impl Shell {
    /// The process's stdout and stderr (colours as the terminal and the environment say).
    pub fn new(verbosity: Verbosity) -> Shell {
        Shell {
            verbosity,
            out: Arc::new(Mutex::new(io::stdout())),
            err: Arc::new(Mutex::new(anstream::stderr())),
            terminal: io::stderr().is_terminal(),
            bars: io::stderr().is_terminal(),
            bar: Arc::default(),
        }
    }

    /// A shell writing to `out` and `err` without colours, laid out as on a terminal when
    /// `terminal` (for tests). Progress is drawn as plain lines on `err`.
    pub fn from_writers(
        verbosity: Verbosity,
        out: impl Write + Send + 'static,
        err: impl Write + Send + 'static,
        terminal: bool,
    ) -> Shell {
        Shell {
            verbosity,
            out: Arc::new(Mutex::new(out)),
            err: Arc::new(Mutex::new(Plain {
                raw: err,
                state: anstream::adapter::StripBytes::new(),
            })),
            terminal,
            bars: false,
            bar: Arc::default(),
        }
    }

    /// How much this shell prints.
    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// Whether stderr is a terminal (prompts, progress bars and aligned status lines).
    pub fn is_err_terminal(&self) -> bool {
        self.terminal
    }

    /// A status line: `verb` (bold green, right-aligned on a terminal), then `message`.
    /// Hidden by `--quiet`.
    pub fn status(&self, verb: &str, message: impl Display) {
        if self.verbosity == Verbosity::Quiet {
            return;
        }
        let justified = self.terminal;
        self.emit(|err| {
            if justified {
                writeln!(err, "{STATUS}{verb:>12}{STATUS:#} {message}")
            } else {
                writeln!(err, "{STATUS}{verb}{STATUS:#} {message}")
            }
        });
    }

    /// A status line that is a plain sentence, for what does not start with a verb
    /// (`lesson lessons/x validates`). Hidden by `--quiet`.
    pub fn info(&self, message: impl Display) {
        if self.verbosity == Verbosity::Quiet {
            return;
        }
        self.emit(|err| writeln!(err, "{message}"));
    }

    /// `note: message`. Hidden by `--quiet`.
    pub fn note(&self, message: impl Display) {
        if self.verbosity == Verbosity::Quiet {
            return;
        }
        self.labelled("note", DEFAULT_NOTE_STYLE, message);
    }

    /// `warning: message`. Always shown, `--quiet` or not.
    pub fn warn(&self, message: impl Display) {
        self.labelled("warning", DEFAULT_WARNING_STYLE, message);
    }

    /// `error: message`. Always shown, `--quiet` or not.
    pub fn error(&self, message: impl Display) {
        self.labelled("error", DEFAULT_ERROR_STYLE, message);
    }

    /// Runs `lines` only with `--verbose`; they print through this shell as usual.
    pub fn verbose(&self, lines: impl FnOnce(&Shell)) {
        if self.verbosity == Verbosity::Verbose {
            lines(self);
        }
    }

    /// The human stream itself (stderr), for output rendered elsewhere, such as the validation
    /// report's snippets. Whatever is written here is shown even with `--quiet`: write only
    /// warnings and errors, and not while a progress bar is drawn.
    pub fn err(&self) -> MutexGuard<'_, dyn Write + Send + 'static> {
        lock(&self.err)
    }

    /// The machine stream (stdout), never silenced. Flush it when done.
    pub fn stdout(&self) -> MutexGuard<'_, dyn Write + Send + 'static> {
        lock(&self.out)
    }

    /// Progress for a long step: a bar on a terminal, plain lines otherwise, nothing with
    /// `--quiet`. The bar is cleared when the [`Progress`] is dropped.
    pub fn progress(&self) -> Progress {
        let mode = match (self.verbosity, self.bars) {
            (Verbosity::Quiet, _) => Mode::Off,
            (_, true) => {
                let bar = ProgressBar::new_spinner();
                bar.enable_steady_tick(std::time::Duration::from_millis(100));
                *self.bar.lock().unwrap_or_else(PoisonError::into_inner) = Some(bar.clone());
                Mode::Bar(bar)
            }
            _ => Mode::Lines(Arc::clone(&self.err)),
        };
        Progress {
            mode,
            slot: Arc::clone(&self.bar),
        }
    }

    fn labelled(&self, label: &str, style: Style, message: impl Display) {
        self.emit(|err| writeln!(err, "{style}{label}{style:#}: {message}"));
    }

    /// Writes to stderr, above the progress bar if one is drawn.
    fn emit(&self, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) {
        let bar = self
            .bar
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let print = || {
            let mut err = lock(&self.err);
            let _ = write(&mut *err);
            let _ = err.flush();
        };
        match bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }
}

/// A writer that drops the styles written to it.
struct Plain<W> {
    raw: W,
    state: anstream::adapter::StripBytes,
}

impl<W: Write> Write for Plain<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        for text in self.state.strip_next(bytes) {
            self.raw.write_all(text)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.raw.flush()
    }
}

/// The progress of one long step, from [`Shell::progress`]. It can be shared between threads.
pub struct Progress {
    mode: Mode,
    slot: Arc<Mutex<Option<ProgressBar>>>,
}

enum Mode {
    Bar(ProgressBar),
    Lines(Stream),
    Off,
}

impl Progress {
    /// Whether progress is drawn as a bar (rather than as lines, or not at all).
    pub fn is_bar(&self) -> bool {
        matches!(self.mode, Mode::Bar(_))
    }

    /// A phase begins: a spinner with `message` on a bar, the line `message...` otherwise.
    pub fn step(&self, message: impl Display) {
        match &self.mode {
            Mode::Bar(bar) => {
                bar.set_style(ProgressStyle::default_spinner());
                bar.set_message(message.to_string());
            }
            Mode::Lines(err) => line(err, format_args!("{message}...")),
            Mode::Off => {}
        }
    }

    /// `done` of `total` in the current phase: the bar fills; nothing in plain lines (say what
    /// the phase did with [`Progress::done`] when it ends).
    pub fn count(&self, message: &str, done: usize, total: usize) {
        if let Mode::Bar(bar) = &self.mode {
            bar.set_style(
                ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar.set_message(message.to_owned());
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    }

    /// A line to keep: printed above the bar, or as a plain line.
    pub fn line(&self, message: impl Display) {
        match &self.mode {
            Mode::Bar(bar) => bar.println(message.to_string()),
            Mode::Lines(err) => line(err, message),
            Mode::Off => {}
        }
    }

    /// What a phase did, once it is over: a plain line; on a bar, the next phase replaces it.
    pub fn done(&self, message: impl Display) {
        if let Mode::Lines(err) = &self.mode {
            line(err, message);
        }
    }
}

fn line(err: &Stream, message: impl Display) {
    let mut err = lock(err);
    let _ = writeln!(err, "{message}");
    let _ = err.flush();
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Mode::Bar(bar) = &self.mode {
            bar.finish_and_clear();
            *self.slot.lock().unwrap_or_else(PoisonError::into_inner) = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer whose bytes the test reads afterwards.
    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);

    impl Write for Buf {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().write(bytes)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Buf {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    fn shell(verbosity: Verbosity, terminal: bool) -> (Shell, Buf, Buf) {
        let (out, err) = (Buf::default(), Buf::default());
        let shell = Shell::from_writers(verbosity, out.clone(), err.clone(), terminal);
        (shell, out, err)
    }

    fn everything(shell: &Shell) {
        shell.status("imported", "a curriculum");
        shell.info("lesson x validates");
        shell.note("a note");
        shell.warn("a warning");
        shell.error("an error");
        shell.verbose(|sh| sh.status("checking", "more"));
        let progress = shell.progress();
        progress.step("validating");
        progress.count("reading", 1, 2);
        progress.done("read 2 files");
        drop(progress);
        writeln!(shell.stdout(), "{{}}").unwrap();
    }

    #[test]
    fn normal_output_starts_with_the_verb_off_a_terminal() {
        let (sh, out, err) = shell(Verbosity::Normal, false);
        everything(&sh);
        assert_eq!(
            err.text(),
            "imported a curriculum\nlesson x validates\nnote: a note\nwarning: a warning\n\
             error: an error\nvalidating...\nread 2 files\n"
        );
        assert_eq!(out.text(), "{}\n");
    }

    #[test]
    fn verbs_are_right_aligned_on_a_terminal() {
        let (sh, _, err) = shell(Verbosity::Verbose, true);
        sh.status("imported", "a curriculum");
        sh.verbose(|sh| sh.status("checking", "more"));
        sh.error("an error");
        assert_eq!(
            err.text(),
            "    imported a curriculum\n    checking more\nerror: an error\n"
        );
    }

    #[test]
    fn quiet_keeps_warnings_errors_and_stdout() {
        let (sh, out, err) = shell(Verbosity::Quiet, false);
        everything(&sh);
        assert_eq!(err.text(), "warning: a warning\nerror: an error\n");
        assert_eq!(out.text(), "{}\n");
    }

    #[test]
    fn verbose_adds_its_lines() {
        let (sh, _, err) = shell(Verbosity::Verbose, false);
        everything(&sh);
        assert!(
            err.text().contains("error: an error\nchecking more\n"),
            "{}",
            err.text()
        );
    }
}
