//! The runtime around the pure core: terminal setup and restore, the event
//! loop, and the execution of effects (store reads and writes, poller
//! commands, opening links).

pub mod effects;
mod notify;
mod terminal;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use crossterm::event::{Event, EventStream, KeyEventKind, MouseButton, MouseEventKind};
use futures_util::StreamExt;
use tokio::sync::mpsc;

use crate::app::{self, App, Key, Mouse, MouseKind, Msg, Settings};
use crate::config::Config;
use crate::poller::{self, PollerCmd, PollerEvent, PollerSettings};
use crate::store::Store;

/// Opens the database in `data_dir`, starts the poller and runs the TUI until the user quits.
pub fn run(config: &Config, config_path: &Path, data_dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(data_dir).with_context(|| format!("cannot create {}", data_dir.display()))?;
    let db_path = data_dir.join(crate::paths::DB_FILE);
    let mut store = Store::open(&db_path)?;
    let ids = store.sync_feeds(&config.sources(config_path))?;
    let feeds: poller::FeedList = ids.into_iter().zip(config.sources(config_path)).map(|(id, s)| (id, s.url)).collect();
    let poller_store = Store::open(&db_path)?;

    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let (cmd_tx, cmd_rx) = mpsc::unbounded_channel();
    let (evt_tx, evt_rx) = mpsc::unbounded_channel();
    let settings = PollerSettings {
        max_concurrent_fetches: config.max_concurrent_fetches,
        request_timeout: Duration::from_secs(config.request_timeout),
        refresh_interval: (config.refresh_interval > 0).then(|| Duration::from_secs(config.refresh_interval * 60)),
        refresh_on_start: config.refresh_on_start,
        retention: config.retention.policy(),
    };
    let poller = {
        let _guard = rt.enter();
        poller::spawn(settings, feeds, poller_store, cmd_rx, evt_tx)
    };

    let app_settings = app_settings(config, &store);
    let notify =
        config.notify_command.clone().map(|argv| effects::Notify { argv, max_titles: config.notify_max_titles });
    let mut runtime =
        effects::Runtime { store: Some(store), poller: Some(cmd_tx.clone()), browser: config.browser.clone(), notify };
    let result = terminal::with_terminal(config.mouse, |term| {
        let (w, h) = crossterm::terminal::size().unwrap_or((80, 24));
        let mut app = App::with_settings(w, h, local_offset(), app_settings);
        rt.block_on(event_loop(term, &mut app, &mut runtime, evt_rx))
    });
    let _ = cmd_tx.send(PollerCmd::Shutdown);
    // In-flight fetches are abandoned: what was stored is already committed.
    rt.block_on(async { tokio::time::timeout(Duration::from_secs(2), poller).await.ok() });
    rt.shutdown_timeout(Duration::from_millis(200));
    result
}

/// The welcome screen for a user with no config yet; writes nothing.
pub fn run_welcome(config_path: PathBuf) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    terminal::with_terminal(false, |term| {
        let (w, h) = crossterm::terminal::size().unwrap_or((80, 24));
        let mut app = App::welcome(config_path, w, h);
        let (_tx, rx) = mpsc::unbounded_channel();
        rt.block_on(event_loop(term, &mut app, &mut effects::Runtime::none(), rx))
    })
}

/// Waits for one input, drains whatever else is queued, updates, draws once.
async fn event_loop(
    term: &mut terminal::Term,
    app: &mut App,
    runtime: &mut effects::Runtime,
    mut events: mpsc::UnboundedReceiver<PollerEvent>,
) -> anyhow::Result<()> {
    let mut input = EventStream::new();
    let mut signals = terminal::Signals::new()?;
    let mut queue: Vec<Msg> = Vec::new();
    for effect in app.start() {
        queue.extend(runtime.execute(effect));
    }
    loop {
        // The clock, for relative dates: once a minute is enough.
        let now = unix_now();
        if now / 60 != app.now / 60 {
            queue.push(Msg::Now(now));
        }
        for msg in std::mem::take(&mut queue) {
            for effect in app::update(app, msg) {
                queue.extend(runtime.execute(effect));
            }
        }
        if !queue.is_empty() {
            continue;
        }
        if app.quit {
            return Ok(());
        }
        terminal::draw(term, app)?;
        tokio::select! {
            ev = input.next() => match ev {
                Some(Ok(ev)) => queue.extend(term_msg(ev)),
                Some(Err(e)) => return Err(e.into()),
                None => return Ok(()),
            },
            Some(ev) = events.recv() => queue.push(Msg::Poller(ev)),
            _ = signals.recv() => return Ok(()),
        }
        // Drain poller events already waiting so a burst costs one frame.
        // (Terminal input is not drained this way: polling crossterm's
        // EventStream and dropping the future loses its wake-up.)
        while let Ok(ev) = events.try_recv() {
            queue.push(Msg::Poller(ev));
        }
    }
}

fn term_msg(ev: Event) -> Option<Msg> {
    match ev {
        // Windows reports releases too; only presses are keys.
        Event::Key(key) if key.kind == KeyEventKind::Press => Some(Msg::Key(Key::from_event(&key))),
        Event::Mouse(m) => {
            let kind = match m.kind {
                MouseEventKind::Down(MouseButton::Left) => MouseKind::Click,
                MouseEventKind::ScrollUp => MouseKind::ScrollUp,
                MouseEventKind::ScrollDown => MouseKind::ScrollDown,
                _ => return None,
            };
            Some(Msg::Mouse(Mouse { kind, column: m.column, row: m.row }))
        }
        Event::Resize(width, height) => Some(Msg::Resize { width, height }),
        _ => None,
    }
}

/// What the app starts with: the config's choices and the saved hide-read.
fn app_settings(config: &Config, store: &Store) -> Settings {
    let keymap = app::Keymap::from_config(&config.keys).unwrap_or_else(|errors| {
        // Validation reports these before the TUI starts; never reached with a checked config.
        tracing::warn!(?errors, "keymap errors, using the defaults");
        app::Keymap::default()
    });
    let hide_read = store.ui_state(effects::HIDE_READ).ok().flatten().is_some_and(|v| v == "1");
    Settings {
        keymap,
        theme: crate::render::theme::Theme::new(&config.theme, crate::render::theme::no_color_env()),
        layout: config.layout,
        sort: config.sort,
        feed_sort: config.feed_sort,
        hide_read,
        saved_views: config.saved_views(),
        notify: config.notify_command.is_some(),
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The local UTC offset now, for showing dates.
fn local_offset() -> i32 {
    chrono::Local::now().offset().local_minus_utc()
}
