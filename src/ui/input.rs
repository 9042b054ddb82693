//! Terminal input, read on a thread of its own that can step aside while
//! another program (the editor, a `|` command) owns the terminal.
//!
//! crossterm's `EventStream` cannot be paused: it has to be dropped and made
//! again, and its drop leaves a wake-up pending in crossterm's shared reader.
//! The next poll then returns on that wake-up and, reading the terminal's
//! readiness (edge-triggered) in the same batch without acting on it, loses
//! it: a key typed right after the program ended waited for the next one.
//! This thread never wakes the reader; it polls with a short timeout and
//! stops between polls when asked, so nothing is pending when it resumes.
//!
//! The events already readable go over together, so the event loop sees a
//! word typed (or pasted) at once as one, however the two threads are
//! scheduled: while the search line is open it applies every waiting key
//! before a search runs, and a key still on its way would cost a search.

use std::collections::VecDeque;
use std::sync::mpsc as std_mpsc;
use std::thread;
use std::time::Duration;

use crossterm::event::{self, Event};
use tokio::sync::mpsc;

/// How long one poll waits before looking for a pause request.
const POLL: Duration = Duration::from_millis(100);

/// Most events sent together (a long paste goes in several batches).
const BATCH: usize = 256;

type Batch = Vec<std::io::Result<Event>>;

enum Control {
    /// Stop reading; answer on the channel once no poll is running.
    Pause(std_mpsc::SyncSender<()>),
    Resume,
}

pub(super) struct Input {
    events: mpsc::UnboundedReceiver<Batch>,
    /// The rest of the last batch received.
    read: VecDeque<std::io::Result<Event>>,
    control: std_mpsc::Sender<Control>,
}

impl Input {
    pub(super) fn start() -> Input {
        let (events_tx, events) = mpsc::unbounded_channel();
        let (control, control_rx) = std_mpsc::channel();
        thread::Builder::new()
            .name("tidings-input".into())
            .spawn(move || read_loop(&events_tx, &control_rx))
            .map(drop)
            .unwrap_or_else(|e| tracing::error!(error = %e, "cannot start the input thread"));
        Input { events, read: VecDeque::new(), control }
    }

    /// The next terminal event; None once the reader thread is gone.
    pub(super) async fn next(&mut self) -> Option<std::io::Result<Event>> {
        if self.read.is_empty() {
            self.read.extend(self.events.recv().await?);
        }
        self.read.pop_front()
    }

    /// A terminal event already read, without waiting for one.
    pub(super) fn ready(&mut self) -> Option<std::io::Result<Event>> {
        if self.read.is_empty() {
            self.read.extend(self.events.try_recv().ok()?);
        }
        self.read.pop_front()
    }

    /// Returns once the thread has stopped reading the terminal: keys typed
    /// from then on go to whichever program runs, until `resume`. Keys read
    /// before the pause stay queued for the reader.
    pub(super) fn pause(&self) {
        let (ack, acked) = std_mpsc::sync_channel(1);
        if self.control.send(Control::Pause(ack)).is_ok() {
            // An error means the thread is gone, so nothing reads either.
            let _ = acked.recv();
        }
    }

    pub(super) fn resume(&self) {
        let _ = self.control.send(Control::Resume);
    }
}

fn read_loop(events: &mpsc::UnboundedSender<Batch>, control: &std_mpsc::Receiver<Control>) {
    loop {
        match control.try_recv() {
            Ok(Control::Pause(ack)) => {
                let _ = ack.send(());
                // Wait for the resume; a second pause is answered at once.
                loop {
                    match control.recv() {
                        Ok(Control::Resume) => break,
                        Ok(Control::Pause(ack)) => {
                            let _ = ack.send(());
                        }
                        Err(_) => return,
                    }
                }
            }
            Ok(Control::Resume) => {}
            Err(std_mpsc::TryRecvError::Disconnected) => return,
            Err(std_mpsc::TryRecvError::Empty) => {}
        }
        let mut batch = match event::poll(POLL) {
            Ok(false) => continue,
            Ok(true) => vec![event::read()],
            Err(e) => vec![Err(e)],
        };
        while batch.len() < BATCH
            && batch.last().is_some_and(Result::is_ok)
            && event::poll(Duration::ZERO).unwrap_or(false)
        {
            batch.push(event::read());
        }
        let failed = batch.last().is_some_and(Result::is_err);
        if events.send(batch).is_err() || failed {
            return;
        }
    }
}
