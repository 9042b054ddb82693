//! Driving `update` in a test: actions and keys as the event loop sends
//! them, the rows the runtime would load from a store, and the screen drawn.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use tidings::app::{Action, App, Effect, HeadlineRequest, Key, Msg, Window, update};
use tidings::model::{FeedId, Headline, ItemId};

/// `a`, as the keymap's action for a key.
pub fn act(app: &mut App, a: Action) -> Vec<Effect> {
    update(app, Msg::Action(a))
}

/// `k` pressed.
pub fn key(app: &mut App, k: Key) -> Vec<Effect> {
    update(app, Msg::Key(k))
}

/// Item `id` of feed `feed_id`, titled `Item {id}`; newer for smaller ids.
pub fn headline(id: i64, feed_id: i64, read: bool) -> Headline {
    Headline {
        id: ItemId(id),
        feed_id: FeedId(feed_id),
        title: format!("Item {id}"),
        date: 1_700_000_000 - id,
        read,
        starred: false,
    }
}

/// The runtime's answer to a query: every row loaded, `selected` as the store resolved it.
pub fn loaded(query: HeadlineRequest, rows: Vec<Headline>, selected: Option<usize>) -> Msg {
    Msg::HeadlinesLoaded { query, window: Window { total: rows.len(), offset: 0, rows, ..Window::default() }, selected }
}

/// The screen `draw` makes of `app` at its size, on a TestBackend.
pub fn draw(app: &App) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(app.width, app.height)).expect("a test terminal");
    term.draw(|f| tidings::render::draw(app, f)).expect("draw");
    term.backend().buffer().clone()
}
