//! Everything tdome prints goes through here, never through `println!` or `eprintln!`,
//! which panic when they cannot write (a closed pipe, a full disk).
//!
//! - Standard output: a failure is returned as [`StdoutError`], and `main` decides what
//!   it means (a closed pipe ends the program quietly, anything else is an error).
//! - Standard error: a failure is ignored. It is where failures are reported, so there is
//!   nobody left to tell, and the exit code still says what happened.
//!
//! Text on both streams is escaped first ([`escape_controls`]): scenario files, file
//! paths and diagnostics quoting them carry names the user did not necessarily write,
//! and a name must not be able to drive the terminal.

use std::borrow::Cow;
use std::error::Error;
use std::fmt::{self, Write as _};
use std::io::{self, Write};

/// Standard output could not be written.
#[derive(Debug)]
pub struct StdoutError(pub io::Error);

impl StdoutError {
    /// The reader went away (`tdome … | head`): not a failure of tdome's, so the
    /// program stops quietly, as ripgrep and the classic Unix tools do.
    pub fn is_closed_pipe(&self) -> bool {
        self.0.kind() == io::ErrorKind::BrokenPipe
    }
}

impl fmt::Display for StdoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write to standard output: {}", self.0)
    }
}

// The operating system's text is already in the message, so the io::Error is not also
// offered as a source (a cause chain would print it twice).
impl Error for StdoutError {}

/// Write `text` to standard output, escaped.
pub fn stdout(text: &str) -> Result<(), StdoutError> {
    io::stdout()
        .lock()
        .write_all(escape_controls(text).as_bytes())
        .map_err(StdoutError)
}

/// Flush standard output. Rust's stdout keeps a partial line buffered, and a failure
/// flushing it at exit would go unseen, so `main` flushes before deciding the exit code.
pub fn flush_stdout() -> Result<(), StdoutError> {
    io::stdout().lock().flush().map_err(StdoutError)
}

/// Write `text` to standard error, escaped; a failure is ignored (see the module doc).
pub fn stderr(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(escape_controls(text).as_bytes());
    let _ = err.flush();
}

/// `println!` that returns an error instead of panicking: `outln!(...)?`.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::stdout(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` that cannot panic.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::output::stderr(&format!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {errln, outln};

/// `text` with every control character but line feed and tab made visible, in Rust's
/// escape form: ESC becomes `\u{1b}`, CR `\u{d}`. That covers C0 (U+0000–U+001F), DEL
/// (U+007F) and C1 (U+0080–U+009F), the code points a terminal may act on rather than
/// show. Line feed and tab stay, as the layout of every table and message needs them.
/// JSON is unaffected: serde_json never emits raw control characters.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    let needs_escape = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if needs_escape(c) {
            // Writing into a String cannot fail.
            let _ = write!(escaped, "{}", c.escape_unicode());
        } else {
            escaped.push(c);
        }
    }
    Cow::Owned(escaped)
}

/// The report of `err` and its causes: `error: …`, then `  caused by: …`, one line each.
///
/// Many errors put their source's text in their own message and also return the source
/// from `source()`; printing both says the same thing twice. A cause whose text is
/// already contained in the line printed before it is therefore left out.
pub fn error_report(err: &(dyn Error + 'static)) -> String {
    let mut report = format!("error: {err}\n");
    let mut previous = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !previous.contains(&text) {
            let _ = writeln!(report, "  caused by: {text}");
            previous = text;
        }
        cause = c.source();
    }
    report
}

/// Print [`error_report`] on standard error.
pub fn print_error(err: &(dyn Error + 'static)) {
    stderr(&error_report(err));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error whose message may or may not repeat its source's.
    #[derive(Debug)]
    struct Layer {
        message: String,
        source: Option<Box<Layer>>,
    }

    impl fmt::Display for Layer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.message)
        }
    }

    impl Error for Layer {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            self.source.as_deref().map(|s| s as &(dyn Error + 'static))
        }
    }

    fn layer(message: &str, source: Option<Layer>) -> Layer {
        Layer {
            message: message.to_string(),
            source: source.map(Box::new),
        }
    }

    #[test]
    fn a_cause_repeated_in_the_line_before_is_printed_once() {
        let os = layer("No such file or directory (os error 2)", None);
        let read = layer(
            "cannot read a.toml: No such file or directory (os error 2)",
            Some(os),
        );
        let top = layer("cannot load the scenario", Some(read));
        assert_eq!(
            error_report(&top),
            "error: cannot load the scenario\n  \
             caused by: cannot read a.toml: No such file or directory (os error 2)\n"
        );
    }

    #[test]
    fn distinct_causes_are_all_printed() {
        let os = layer("Permission denied (os error 13)", None);
        let read = layer("cannot read a.toml", Some(os));
        assert_eq!(
            error_report(&read),
            "error: cannot read a.toml\n  caused by: Permission denied (os error 13)\n"
        );
    }

    #[test]
    fn control_characters_are_escaped_but_line_feed_and_tab_kept() {
        assert_eq!(
            escape_controls("a\u{1b}[31mb\r\n\tc\u{7f}\u{9b}\0"),
            "a\\u{1b}[31mb\\u{d}\n\tc\\u{7f}\\u{9b}\\u{0}"
        );
        assert!(matches!(escape_controls("plain — ü\n"), Cow::Borrowed(_)));
    }
}
