//! Terminal setup and restore on every exit path, and the quit signals.

use std::io::{Stdout, Write, stdout};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::Terminal;
use ratatui::prelude::CrosstermBackend;

use crate::app::App;

pub(super) type Term = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal when dropped, so an early return or error cannot
/// leave it raw. Panics are covered by the hook installed in `with_terminal`.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        restore();
    }
}

/// Mouse reporting off (a terminal left reporting prints escapes on every
/// move), then raw mode and the alternate screen off.
fn restore() {
    let _ = crossterm::execute!(stdout(), DisableMouseCapture);
    ratatui::restore();
}

/// Runs `f` with the terminal in raw mode on the alternate screen, with
/// mouse reporting when `mouse` is set.
pub(super) fn with_terminal<T>(mouse: bool, f: impl FnOnce(&mut Term) -> anyhow::Result<T>) -> anyhow::Result<T> {
    install_panic_hook();
    let _restore = Restore;
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(stdout(), crossterm::terminal::EnterAlternateScreen)?;
    if mouse {
        crossterm::execute!(stdout(), EnableMouseCapture)?;
    }
    let mut term = Terminal::new(CrosstermBackend::new(stdout()))?;
    debug_panic();
    f(&mut term)
}

/// Debug builds only (the tests' binary): `TIDINGS_DEBUG_PANIC=message`
/// panics on the UI thread once the terminal is taken, so a test can see
/// the panic hook restore it and log the backtrace.
#[cfg(debug_assertions)]
fn debug_panic() {
    if let Some(message) = std::env::var_os("TIDINGS_DEBUG_PANIC") {
        panic!("{}", message.to_string_lossy());
    }
}

#[cfg(not(debug_assertions))]
fn debug_panic() {}

/// Gives the terminal back (cooked mode, main screen) while another program
/// runs in it.
pub(super) fn suspend() -> anyhow::Result<()> {
    crossterm::execute!(stdout(), crossterm::terminal::LeaveAlternateScreen, crossterm::cursor::Show)?;
    crossterm::terminal::disable_raw_mode()?;
    Ok(())
}

/// Takes the terminal again after `suspend` and repaints everything.
pub(super) fn resume(term: &mut Term) -> anyhow::Result<()> {
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(
        stdout(),
        crossterm::terminal::EnterAlternateScreen,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    // A fresh terminal paints every cell on the next draw. (`Terminal::clear`
    // would ask the terminal for the cursor position, which some never answer.)
    *term = Terminal::new(CrosstermBackend::new(stdout()))?;
    Ok(())
}

/// A panic on the UI thread restores the terminal, then reports: one line
/// for the user (the details go to the log), and the hook that was in place
/// before when `RUST_BACKTRACE` asks for the standard report. A panic on a
/// background thread (a fetch task: tokio catches it and the poller reports
/// the feed as failed) must not tear the screen down or print under the TUI,
/// so it only goes to the log.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    let standard_report = std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0");
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some("main") {
            restore();
            let backtrace = std::backtrace::Backtrace::force_capture();
            tracing::error!("panic: {info}\n{backtrace}");
            eprintln!("{}", panic_line(&panic_message(info), crate::paths::log_file().as_deref()));
            if standard_report {
                previous(info);
            }
        } else {
            tracing::error!("panic in a background thread: {info}");
        }
    }));
}

/// The text a panic was raised with.
fn panic_message(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let text =
        payload.downcast_ref::<&str>().map(|s| (*s).to_owned()).or_else(|| payload.downcast_ref::<String>().cloned());
    let text = text.unwrap_or_else(|| "unknown cause".to_owned());
    match info.location() {
        Some(at) => format!("{text} at {}:{}", at.file(), at.line()),
        None => text,
    }
}

/// `tidings: internal error: … (details in /path/tidings.log)`, on one line.
pub(super) fn panic_line(message: &str, log: Option<&std::path::Path>) -> String {
    let message = crate::sanitize::line(message);
    match log {
        Some(log) => format!("tidings: internal error: {message} (details in {})", log.display()),
        None => format!("tidings: internal error: {message}"),
    }
}

/// One frame, inside a synchronized update so large redraws do not flicker.
pub(super) fn draw(term: &mut Term, app: &App) -> anyhow::Result<()> {
    let mut out = stdout();
    crossterm::queue!(out, BeginSynchronizedUpdate)?;
    term.draw(|frame| crate::render::draw(app, frame))?;
    crossterm::queue!(out, EndSynchronizedUpdate)?;
    out.flush()?;
    Ok(())
}

/// SIGTERM and SIGHUP end the program like `q` does (terminal restored).
pub(super) struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    pub(super) fn new() -> std::io::Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals { term: signal(SignalKind::terminate())?, hup: signal(SignalKind::hangup())? })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    pub(super) async fn recv(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {},
            _ = self.hup.recv() => {},
        }
        #[cfg(not(unix))]
        std::future::pending::<()>().await
    }
}

#[cfg(test)]
mod tests {
    use super::panic_line;

    #[test]
    fn a_panic_is_one_clean_line_naming_the_log() {
        let log = std::path::Path::new("data/tidings.log");
        let line = panic_line("index out of bounds\nthe len is 3\u{1b}[2J at src/app.rs:10", Some(log));
        assert!(line.starts_with("tidings: internal error: index out of bounds"), "{line}");
        assert!(line.ends_with("(details in data/tidings.log)"), "{line}");
        assert!(!line.contains('\n') && !line.contains('\u{1b}'), "{line:?}");
        assert_eq!(panic_line("boom", None), "tidings: internal error: boom");
    }
}
