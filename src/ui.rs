//! The runtime around the pure core: terminal setup and restore, the event
//! loop, and the execution of effects (store reads and writes, poller
//! commands, opening links).

mod article_actions;
mod clipboard;
pub mod config_file;
mod editor;
pub mod effects;
mod export;
mod input;
mod markdown;
mod programs;
mod reload;
mod render_worker;
mod terminal;
mod welcome;

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};
use tokio::sync::mpsc;

use crate::account_sync::{self, SyncCmd};
use crate::app::{self, App, Key, Mouse, MouseKind, Msg, Settings};
use crate::config::Config;
use crate::poller::{self, FetcherStart, PollerCmd, PollerEvent, PollerSettings};
use crate::store::Store;

/// How often the config file is checked for changes made outside tidings.
const CONFIG_CHECK: Duration = Duration::from_secs(1);

/// Opens the database in `data_dir`, starts the poller and runs the TUI until the user quits.
pub fn run(config: &Config, config_path: &Path, data_dir: &Path) -> anyhow::Result<()> {
    let session = Session::start(config, config_path, data_dir)?;
    terminal::with_terminal(config.mouse, |term| session.run(term, None))
}

/// The welcome screen for a user with no config yet. `a` subscribes to a
/// feed: that creates the config file at `config_path`, and the reader
/// starts on it in the same terminal. Quitting before writes nothing.
/// `ready` runs once the config exists, before the reader opens `data_dir`
/// (it checks the directory and starts the log, which lives as long as the reader).
pub fn run_welcome<G>(
    config_path: &Path,
    data_dir: &Path,
    ready: impl FnOnce() -> anyhow::Result<G>,
) -> anyhow::Result<()> {
    terminal::with_terminal(false, |term| {
        let created = {
            let async_rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            let (w, h) = crossterm::terminal::size().unwrap_or((80, 24));
            let mut app = App::welcome(config_path.to_path_buf(), w, h);
            let (evt_tx, evt_rx) = mpsc::unbounded_channel();
            let (_msg_tx, msg_rx) = mpsc::unbounded_channel();
            let mut welcome = welcome::Welcome::new(config_path, evt_tx);
            let mut executor = effects::Executor::none();
            async_rt.block_on(event_loop(term, &mut app, &mut executor, evt_rx, msg_rx, Some(&mut welcome)))?;
            welcome.created().map(str::to_owned)
        };
        let Some(url) = created else { return Ok(()) };
        let _guard = ready()?;
        let config = Config::load(config_path)?;
        if config.mouse {
            crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture)?;
        }
        let note = format!("subscribed to {url}; your feeds are in {}", config_path.display());
        Session::start(&config, config_path, data_dir)?.run(term, Some(note))
    })
}

/// The reader's parts outside the terminal: the database, the poller on its
/// async runtime, the render worker and the channels they answer on.
struct Session {
    async_rt: tokio::runtime::Runtime,
    executor: effects::Executor,
    settings: Settings,
    poller: tokio::task::JoinHandle<()>,
    cmd_tx: mpsc::UnboundedSender<PollerCmd>,
    evt_rx: mpsc::UnboundedReceiver<PollerEvent>,
    msg_rx: mpsc::UnboundedReceiver<Msg>,
    /// The sync task, when the config has accounts.
    sync: Option<(mpsc::UnboundedSender<SyncCmd>, tokio::task::JoinHandle<()>)>,
}

/// Starts the sync task beside the poller, on its own store connection; its
/// events reach the event loop as `Msg::Sync`. None without accounts.
fn start_sync(
    async_rt: &tokio::runtime::Runtime,
    config: &Config,
    config_path: &Path,
    db_path: &Path,
    msgs: mpsc::UnboundedSender<Msg>,
) -> anyhow::Result<Option<(mpsc::UnboundedSender<SyncCmd>, tokio::task::JoinHandle<()>)>> {
    let accounts = account_sync::accounts(config, config_path);
    if accounts.is_empty() {
        return Ok(None);
    }
    let mut store = Store::open(db_path)?;
    // Pulled items go through the rules, as refreshed ones do.
    store.set_rules(config.rules_for(config_path));
    let (cmd_tx, cmd_rx) = mpsc::unbounded_channel();
    let (evt_tx, mut evt_rx) = mpsc::unbounded_channel();
    let _guard = async_rt.enter();
    let task = account_sync::spawn(account_sync::SyncSettings::from_config(config), accounts, store, cmd_rx, evt_tx);
    tokio::spawn(async move {
        while let Some(event) = evt_rx.recv().await {
            if msgs.send(Msg::Sync(event)).is_err() {
                return;
            }
        }
    });
    Ok(Some((cmd_tx, task)))
}

impl Session {
    fn start(config: &Config, config_path: &Path, data_dir: &Path) -> anyhow::Result<Session> {
        std::fs::create_dir_all(data_dir).with_context(|| format!("cannot create {}", data_dir.display()))?;
        let db_path = data_dir.join(crate::paths::DB_FILE);
        let settings = PollerSettings::from_config(config);
        // Built while the database opens (the system's certificates take a while).
        let client = FetcherStart::new(settings.fetch.clone());
        let mut store = Store::open(&db_path)?;
        // A mark must not wait for the log to be copied back.
        store.leave_checkpoints_to_others()?;
        let feeds = poller::configured_feeds(&mut store, config, config_path, settings.refresh_interval)?;
        let mut poller_store = Store::open(&db_path)?;
        poller_store.set_rules(config.rules_for(config_path));
        store.set_highlights(config.highlight_filters());

        let async_rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
        let (cmd_tx, cmd_rx) = mpsc::unbounded_channel();
        let (evt_tx, evt_rx) = mpsc::unbounded_channel();
        let poller = {
            let _guard = async_rt.enter();
            poller::spawn_with_client(client, settings, feeds, poller_store, cmd_rx, evt_tx)
        };

        let (msg_tx, msg_rx) = mpsc::unbounded_channel();
        let sync = start_sync(&async_rt, config, config_path, &db_path, msg_tx.clone())?;
        let mut app_settings = Settings::from_config(config, store.hide_read()?);
        app_settings.hidden_view |= store.hidden_count()? > 0;
        let mut executor = effects::Executor {
            store: Some(store),
            poller: Some(cmd_tx.clone()),
            render: Some(render_worker::RenderWorker::spawn(msg_tx.clone())?),
            results: Some(msg_tx),
            config: Some(config_file::ConfigFile::new(config_path)),
            sync: sync.as_ref().map(|(tx, _)| tx.clone()),
            ..effects::Executor::none()
        };
        executor.set_programs(config);
        Ok(Session { async_rt, executor, settings: app_settings, poller, cmd_tx, evt_rx, msg_rx, sync })
    }

    /// Runs the TUI in `term` until the user quits, then stops the poller.
    /// `status` is shown in the status line at first.
    fn run(self, term: &mut terminal::Term, status: Option<String>) -> anyhow::Result<()> {
        let Session { async_rt, mut executor, settings, poller, cmd_tx, evt_rx, msg_rx, sync } = self;
        let (w, h) = crossterm::terminal::size().unwrap_or((80, 24));
        let mut app = App::with_settings(w, h, crate::clock::local_offset(), settings);
        if let Some(note) = status {
            app.status = app::Status::Info(note);
        }
        executor.utc_offset = app.utc_offset;
        let result = async_rt.block_on(event_loop(term, &mut app, &mut executor, evt_rx, msg_rx, None));
        let _ = cmd_tx.send(PollerCmd::Shutdown);
        // In-flight fetches are abandoned: what was stored is already committed.
        async_rt.block_on(async { tokio::time::timeout(Duration::from_secs(2), poller).await.ok() });
        // So is a push in flight: its rows stay queued until acknowledged.
        if let Some((sync_tx, task)) = sync {
            let _ = sync_tx.send(SyncCmd::Shutdown);
            async_rt.block_on(async { tokio::time::timeout(Duration::from_secs(2), task).await.ok() });
        }
        async_rt.shutdown_timeout(Duration::from_millis(200));
        result
    }
}

/// What the event loop waits on.
struct Sources {
    input: input::Input,
    signals: terminal::Signals,
    /// Checks the config file for changes made outside tidings.
    watch: tokio::time::Interval,
    events: mpsc::UnboundedReceiver<PollerEvent>,
    results: mpsc::UnboundedReceiver<Msg>,
}

/// Waits for one input, drains whatever else is queued, updates, draws once.
async fn event_loop(
    term: &mut terminal::Term,
    app: &mut App,
    executor: &mut effects::Executor,
    events: mpsc::UnboundedReceiver<PollerEvent>,
    results: mpsc::UnboundedReceiver<Msg>,
    mut welcome: Option<&mut welcome::Welcome>,
) -> anyhow::Result<()> {
    let mut watch = tokio::time::interval(CONFIG_CHECK);
    watch.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut sources =
        Sources { input: input::Input::start(), signals: terminal::Signals::new()?, watch, events, results };
    let mut queue: Vec<Msg> = Vec::new();
    for effect in app.start() {
        queue.extend(executor.execute(effect));
    }
    let mut redraw = true;
    loop {
        // The clock, for relative dates: once a minute is enough.
        let now = crate::clock::unix_now();
        if now / 60 != app.now / 60 {
            queue.push(Msg::Now(now));
        }
        let mut effects = Vec::new();
        for msg in std::mem::take(&mut queue) {
            effects.extend(app::update(app, msg));
        }
        // While the search line is open, keys already typed are applied
        // before a search runs: a search a waiting key has changed is stale
        // (its answer would be dropped) and is not run at all.
        while welcome.is_none() && app.typing_search() && effects.iter().any(app::is_load) {
            let Some(ev) = sources.input.ready().transpose()? else { break };
            effects.extend(term_msg(ev).map(|msg| app::update(app, msg)).unwrap_or_default());
        }
        for effect in app::coalesce(effects).into_iter().filter(|e| !app.is_stale(e)) {
            if let Some(welcome) = welcome.as_deref_mut() {
                queue.extend(welcome.execute(effect));
            } else if effect == app::Effect::EditConfig {
                editor::edit_config(term, &sources.input, executor, &mut queue)?;
            } else if let app::Effect::Pipe(request) = effect {
                article_actions::pipe(term, &sources.input, executor, request, &mut queue)?;
            } else {
                queue.extend(executor.execute(effect));
            }
        }
        if !queue.is_empty() {
            continue;
        }
        // Quit, or the welcome screen created the config: the reader takes over.
        if app.quit || welcome.as_ref().is_some_and(|w| w.created().is_some()) {
            return Ok(());
        }
        if redraw {
            terminal::draw(term, app)?;
        }
        let Some(idle_tick) = wait(&mut sources, executor, &mut queue).await? else { return Ok(()) };
        // A check that found the config unchanged, and nothing else: nothing to draw.
        redraw = !(idle_tick && queue.is_empty());
    }
}

/// Waits for the next input of any kind and queues its messages. None when
/// the reader must stop (a signal, the terminal gone); true when only the
/// config check woke it and found nothing.
async fn wait(
    sources: &mut Sources,
    executor: &mut effects::Executor,
    queue: &mut Vec<Msg>,
) -> anyhow::Result<Option<bool>> {
    let mut idle_tick = false;
    tokio::select! {
        ev = sources.input.next() => match ev {
            Some(Ok(ev)) => queue.extend(term_msg(ev)),
            Some(Err(e)) => return Err(e.into()),
            None => return Ok(None),
        },
        Some(ev) = sources.events.recv() => queue.push(Msg::Poller(ev)),
        Some(msg) = sources.results.recv() => queue.push(msg),
        _ = sources.signals.recv() => return Ok(None),
        _ = sources.watch.tick(), if executor.config.is_some() => match executor.config_changed() {
            Some(msg) => queue.push(msg),
            None => idle_tick = true,
        },
    }
    // Drain poller events already waiting so a burst costs one frame.
    while let Ok(ev) = sources.events.try_recv() {
        queue.push(Msg::Poller(ev));
    }
    Ok(Some(idle_tick))
}

/// A terminal event as a message: every key press is a `Msg::Key`, which
/// the app routes (to the open modal, else through the keymap).
fn term_msg(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(key) if key.kind != KeyEventKind::Press => None,
        Event::Key(key) => Some(Msg::Key(Key::from_event(&key))),
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
