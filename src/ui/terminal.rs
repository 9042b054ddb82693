//! Terminal setup and restore on every exit path, and the quit signals.

use std::io::{Stdout, Write, stdout};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::Terminal;
use ratatui::prelude::CrosstermBackend;

use crate::app::App;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

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
pub fn with_terminal<T>(mouse: bool, f: impl FnOnce(&mut Term) -> anyhow::Result<T>) -> anyhow::Result<T> {
    install_panic_hook();
    let _restore = Restore;
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(stdout(), crossterm::terminal::EnterAlternateScreen)?;
    if mouse {
        crossterm::execute!(stdout(), EnableMouseCapture)?;
    }
    let mut term = Terminal::new(CrosstermBackend::new(stdout()))?;
    f(&mut term)
}

/// Gives the terminal back (cooked mode, main screen) while another program
/// runs in it.
pub fn suspend() -> anyhow::Result<()> {
    crossterm::execute!(stdout(), crossterm::terminal::LeaveAlternateScreen, crossterm::cursor::Show)?;
    crossterm::terminal::disable_raw_mode()?;
    Ok(())
}

/// Takes the terminal again after `suspend` and repaints everything.
pub fn resume(term: &mut Term) -> anyhow::Result<()> {
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

/// A panic on the UI thread restores the terminal before the message is
/// printed. A panic on a background thread (a fetch task: tokio catches it
/// and the poller reports the feed as failed) must not tear the screen down
/// or print under the TUI, so it only goes to the log.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some("main") {
            restore();
            tracing::error!("panic: {info}");
            previous(info);
        } else {
            tracing::error!("panic in a background thread: {info}");
        }
    }));
}

/// One frame, inside a synchronized update so large redraws do not flicker.
pub fn draw(term: &mut Term, app: &App) -> anyhow::Result<()> {
    let mut out = stdout();
    crossterm::queue!(out, BeginSynchronizedUpdate)?;
    term.draw(|frame| crate::render::draw(app, frame))?;
    crossterm::queue!(out, EndSynchronizedUpdate)?;
    out.flush()?;
    Ok(())
}

/// SIGTERM and SIGHUP end the program like `q` does (terminal restored).
pub struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    pub fn new() -> std::io::Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals { term: signal(SignalKind::terminate())?, hup: signal(SignalKind::hangup())? })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    pub async fn recv(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {},
            _ = self.hup.recv() => {},
        }
        #[cfg(not(unix))]
        std::future::pending::<()>().await
    }
}
