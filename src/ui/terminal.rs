//! Terminal setup and restore on every exit path, and the quit signals.

use std::io::{Stdout, Write, stdout};

use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::Terminal;
use ratatui::prelude::CrosstermBackend;

use crate::app::App;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal when dropped, so an early return or error cannot
/// leave it raw. Panics are covered by the hook `ratatui::init` installs.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// Runs `f` with the terminal in raw mode on the alternate screen.
pub fn with_terminal<T>(f: impl FnOnce(&mut Term) -> anyhow::Result<T>) -> anyhow::Result<T> {
    let mut term = ratatui::init();
    let _restore = Restore;
    f(&mut term)
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
