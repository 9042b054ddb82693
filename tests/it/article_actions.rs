//! The article actions in the pure core: `|`, `w`, `b`, `O` and
//! "open, mark read, next unread" as (state, keys) → (state, effects) tables.

use crossterm::event::KeyCode;
use tidings::app::{
    ActionSettings, Anchor, App, Effect, HeadlineRequest, InputKind, ItemLink, Key, Modal, Msg, Pane, PipeRequest,
    Question, SaveRequest, Settings, Status, Window, update,
};
use tidings::article::Source;
use tidings::config::SaveFormat;
use tidings::model::{Article, FeedId, FeedRow, Headline, ItemId, Listing, View};

fn headline(id: i64, read: bool) -> Headline {
    let title = format!("Item {id}: été / 2025");
    Headline { id: ItemId(id), feed_id: FeedId(1), title, date: 1_700_000_000 - id, read, starred: false }
}

/// One feed, items 1..=4 listed (3 is read), the headlines focused on item 1.
fn app_with(settings: ActionSettings) -> App {
    let mut app = App::with_settings(120, 40, 0, Settings { actions: settings, ..Settings::default() });
    let feed = FeedRow { id: FeedId(1), title: "Feed 1".into(), unread: 3, total: 4, ..FeedRow::default() };
    update(&mut app, Msg::FeedsLoaded(vec![feed]));
    let rows = vec![headline(1, false), headline(2, false), headline(3, true), headline(4, false)];
    let window = Window { total: rows.len(), offset: 0, rows, ..Window::default() };
    update(&mut app, Msg::HeadlinesLoaded { query: HeadlineRequest::top(View::All), window, selected: Some(0) });
    keys(&mut app, &[Key::plain(KeyCode::Enter)]);
    app
}

fn reader() -> App {
    app_with(ActionSettings {
        pipe_command: Some(vec!["less".into(), "-R".into(), "two words".into()]),
        save_dir: "~/Downloads".into(),
        save_format: SaveFormat::Markdown,
        max_browser_tabs: 2,
    })
}

/// Every effect of the keys, in order.
fn keys(app: &mut App, keys: &[Key]) -> Vec<Effect> {
    keys.iter().flat_map(|k| crate::common::settle(app, Msg::Key(*k))).collect()
}

fn typed(text: &str) -> Vec<Key> {
    text.chars().map(Key::ch).collect()
}

fn enter() -> Key {
    Key::plain(KeyCode::Enter)
}

fn line(app: &App) -> Option<(InputKind, String)> {
    match &app.modal {
        Some(Modal::Input { kind, line }) => Some((*kind, line.text().to_owned())),
        _ => None,
    }
}

#[test]
fn pipe_proposes_the_configured_command_then_the_last_one_typed() {
    let mut app = reader();
    assert_eq!(keys(&mut app, &[Key::ch('|')]), vec![]);
    let kind = InputKind::Pipe { item: ItemId(1), source: None };
    assert_eq!(line(&app), Some((kind, "less -R 'two words'".to_owned())), "the argv, quoted back");
    let effects = keys(&mut app, &[enter()]);
    let argv = vec!["less".into(), "-R".into(), "two words".into()];
    assert_eq!(effects, vec![Effect::Pipe(PipeRequest { item: ItemId(1), source: None, argv })]);
    assert_eq!(app.modal, None);

    // A typed command: split as a shell would, run by none.
    let mut pressed = vec![Key::ch('|'), Key::ctrl('u')];
    pressed.extend(typed(r#"tee "my notes.txt" ';' $(rm -rf ~) \"x"#));
    pressed.push(enter());
    let argv: Vec<String> = ["tee", "my notes.txt", ";", "$(rm", "-rf", "~)", "\"x"].map(String::from).into();
    assert_eq!(keys(&mut app, &pressed), vec![Effect::Pipe(PipeRequest { item: ItemId(1), source: None, argv })]);
    keys(&mut app, &[Key::ch('|')]);
    assert_eq!(line(&app).unwrap().1, r#"tee "my notes.txt" ';' $(rm -rf ~) \"x"#, "the last command comes back");
}

#[test]
fn a_pipe_line_that_cannot_be_split_or_is_empty_runs_nothing() {
    let table: [(&str, Status); 3] = [
        ("wc 'open", Status::Error("cannot read the command (a quote is not closed): wc 'open".into())),
        ("   ", Status::Info("nothing piped".into())),
        ("", Status::Info("nothing piped".into())),
    ];
    for (text, status) in table {
        let mut app = reader();
        let mut pressed = vec![Key::ch('|'), Key::ctrl('u')];
        pressed.extend(typed(text));
        pressed.push(enter());
        assert_eq!(keys(&mut app, &pressed), vec![], "{text:?}");
        assert_eq!(app.status, status, "{text:?}");
    }
    // Esc: nothing, and nothing remembered.
    let mut app = reader();
    let mut pressed = vec![Key::ch('|'), Key::ctrl('u')];
    pressed.extend(typed("cat"));
    pressed.push(Key::plain(KeyCode::Esc));
    assert_eq!(keys(&mut app, &pressed), vec![]);
    keys(&mut app, &[Key::ch('|')]);
    assert_eq!(line(&app).unwrap().1, "less -R 'two words'");
}

fn reading_item_2(app: &mut App) {
    keys(app, &[Key::ch('j'), enter()]);
    let article = Article {
        id: ItemId(2),
        feed_id: FeedId(1),
        feed_title: "Feed 1".into(),
        title: "Item 2: été / 2025".into(),
        link: Some("https://e.example/2".into()),
        content: Some("<p>feed text</p>".into()),
        full_text: Some("<p>page text</p>".into()),
        ..Article::default()
    };
    crate::common::settle(app, Msg::ArticleLoaded(article));
    assert_eq!(app.focus, Pane::Article);
}

#[test]
fn the_actions_take_the_article_being_read_with_the_text_on_display() {
    let mut app = reader();
    reading_item_2(&mut app);
    // The stored full text is what opening shows, so that is what goes out.
    keys(&mut app, &[Key::ch('|')]);
    assert_eq!(line(&app).unwrap().0, InputKind::Pipe { item: ItemId(2), source: Some(Source::FullText) });
    keys(&mut app, &[Key::plain(KeyCode::Esc)]);
    keys(&mut app, &[Key::ch('f')]); // back to the feed's text
    keys(&mut app, &[Key::ch('w')]);
    let kind = InputKind::SavePath { item: ItemId(2), source: Some(Source::Feed) };
    assert_eq!(line(&app), Some((kind, "~/Downloads/Item-2-été-2025.md".into())));
    keys(&mut app, &[Key::plain(KeyCode::Esc)]);
    assert_eq!(keys(&mut app, &[Key::ch('b')]), vec![Effect::Bookmark(ItemId(2))]);
}

#[test]
fn save_picks_the_format_from_the_name_and_asks_before_replacing() {
    let table = [
        ("notes/x.txt", SaveFormat::Text),
        ("x.MD", SaveFormat::Markdown),
        ("x.markdown", SaveFormat::Markdown),
        ("x", SaveFormat::Markdown),
        ("~/dir/", SaveFormat::Markdown),
    ];
    for (path, format) in table {
        let mut app = reader();
        let mut pressed = vec![Key::ch('w'), Key::ctrl('u')];
        pressed.extend(typed(path));
        pressed.push(enter());
        let request = SaveRequest { item: ItemId(1), source: None, path: path.into(), format };
        assert_eq!(keys(&mut app, &pressed), vec![Effect::Save { request, overwrite: false }], "{path}");
    }

    // The runtime found the file there: a question, never a silent overwrite.
    let mut app = reader();
    keys(&mut app, &[Key::ch('w')]);
    let effects = keys(&mut app, &[enter()]);
    let request = SaveRequest {
        item: ItemId(1),
        source: None,
        path: "~/Downloads/Item-1-été-2025.md".into(),
        format: SaveFormat::Markdown,
    };
    assert_eq!(effects, vec![Effect::Save { request: request.clone(), overwrite: false }]);
    update(&mut app, Msg::SaveExists(request.clone()));
    assert_eq!(app.modal, Some(Modal::Confirm(Question::Overwrite(request.clone()))));
    assert_eq!(keys(&mut app, &[Key::ch('x')]), vec![], "not an answer");
    assert_eq!(keys(&mut app, &[Key::ch('y')]), vec![Effect::Save { request: request.clone(), overwrite: true }]);
    // No: the path again, to change.
    update(&mut app, Msg::SaveExists(request.clone()));
    keys(&mut app, &[Key::ch('n')]);
    let kind = InputKind::SavePath { item: ItemId(1), source: None };
    assert_eq!(line(&app), Some((kind, request.path.clone())));
    let mut pressed = vec![Key::ctrl('w')];
    pressed.extend(typed("other.txt"));
    pressed.push(enter());
    let other = SaveRequest { path: "~/Downloads/other.txt".into(), format: SaveFormat::Text, ..request };
    assert_eq!(keys(&mut app, &pressed), vec![Effect::Save { request: other, overwrite: false }]);
}

#[test]
fn without_a_save_dir_the_name_alone_is_proposed() {
    let mut app = app_with(ActionSettings { save_format: SaveFormat::Text, ..ActionSettings::default() });
    keys(&mut app, &[Key::ch('w')]);
    assert_eq!(line(&app).unwrap().1, "Item-1-été-2025.txt");
    keys(&mut app, &[Key::plain(KeyCode::Esc)]);
    keys(&mut app, &[Key::ch('|')]);
    assert_eq!(line(&app).unwrap().1, "", "no pipe_command: an empty line");
}

fn links(ids: &[i64]) -> Vec<ItemLink> {
    ids.iter().map(|i| ItemLink { item: ItemId(*i), url: format!("https://e.example/{i}") }).collect()
}

#[test]
fn open_all_loads_the_unread_items_of_the_view_and_asks_above_the_limit() {
    let mut app = reader();
    let unread_all = Listing { view: View::All, hide_read: true, ..Listing::default() };
    assert_eq!(keys(&mut app, &[Key::ch('O')]), vec![Effect::LoadUnreadLinks(unread_all)]);

    // At the limit: opened at once.
    let effects = update(&mut app, Msg::UnreadLinks { links: links(&[1, 2]), without_link: 0, more: 0 });
    assert_eq!(effects, vec![Effect::OpenAll(links(&[1, 2]))]);
    assert_eq!(app.status, Status::Info("opening 2 items in the browser…".into()));
    let effects = update(&mut app, Msg::OpenedAll { opened: 2, marked: 2 });
    assert_eq!(app.status, Status::Info("opened 2 items in the browser; 2 marked read (U undoes)".into()));
    assert!(effects.contains(&Effect::LoadFeeds), "counts reload: {effects:?}");

    // Above it: a question; no opens nothing, yes opens them all.
    let table = [(links(&[1, 2, 4]), 0), (links(&[1]), 5)];
    for (list, more) in table {
        update(&mut app, Msg::UnreadLinks { links: list.clone(), without_link: 0, more });
        assert_eq!(app.modal, Some(Modal::Confirm(Question::OpenAll { links: list.clone(), more })));
        assert_eq!(keys(&mut app, &[Key::ch('n')]), vec![]);
        assert_eq!(app.status, Status::Info("nothing opened".into()));
        update(&mut app, Msg::UnreadLinks { links: list.clone(), without_link: 0, more });
        assert_eq!(keys(&mut app, &[Key::ch('y')]), vec![Effect::OpenAll(list)]);
    }

    // Nothing to open.
    let table = [
        (0, "no unread items to open"),
        (1, "the unread item has no link"),
        (3, "none of the 3 unread items has a link"),
    ];
    for (without_link, said) in table {
        assert_eq!(update(&mut app, Msg::UnreadLinks { links: vec![], without_link, more: 0 }), vec![]);
        assert_eq!(app.status, Status::Info(said.into()));
    }
}

#[test]
fn open_all_while_searching_takes_the_results() {
    let mut app = reader();
    let mut pressed = vec![Key::ch('/')];
    pressed.extend(typed("été"));
    pressed.push(enter());
    keys(&mut app, &pressed);
    let effects = keys(&mut app, &[Key::ch('O')]);
    let listing = Listing { view: View::All, search: Some("été".into()), hide_read: true, ..Listing::default() };
    assert_eq!(effects, vec![Effect::LoadUnreadLinks(listing)]);
}

#[test]
fn open_read_next_opens_marks_and_moves_on() {
    // In the list: item 1 opened in the browser, marked read, item 2 selected (not opened).
    let mut app = reader();
    let effects = update(&mut app, Msg::Action(tidings::app::Action::OpenReadNext));
    assert_eq!(effects, vec![Effect::OpenItemLink(ItemId(1)), Effect::SetRead { item: ItemId(1), read: true }]);
    assert_eq!((app.item_sel, app.focus), (1, Pane::Headlines));
    assert!(app.headlines.get(0).unwrap().read);
    assert_eq!(app.feeds[0].unread, 2);
    // Item 3 is read: from item 2 the next unread is 4.
    update(&mut app, Msg::Action(tidings::app::Action::OpenReadNext));
    assert_eq!(app.item_sel, 3);

    // While reading (opening marked it read already): the next unread item is opened.
    let mut app = reader();
    reading_item_2(&mut app);
    let effects = crate::common::settle(&mut app, Msg::Action(tidings::app::Action::OpenReadNext));
    assert_eq!(
        effects,
        vec![
            Effect::OpenItemLink(ItemId(2)),
            Effect::LoadArticle(ItemId(4)),
            Effect::SetRead { item: ItemId(4), read: true },
        ]
    );
    assert_eq!((app.item_sel, app.focus), (3, Pane::Article));

    // The last unread, read: the store is asked for one further on, to select only.
    let mut app = reader();
    keys(&mut app, &[Key::ch('G')]);
    let effects = update(&mut app, Msg::Action(tidings::app::Action::OpenReadNext));
    let query = HeadlineRequest { listing: app.listing(), anchor: Anchor::NextUnread { from: 3 }, open: false };
    assert_eq!(effects[2..], [Effect::LoadHeadlines(query)]);
}

#[test]
fn nothing_selected_nothing_done() {
    let mut app = App::new(120, 40, 0);
    for key in ['|', 'w', 'b'] {
        assert_eq!(keys(&mut app, &[Key::ch(key)]), vec![], "{key}");
        assert_eq!(app.modal, None);
        assert_eq!(app.status, Status::Info("no item selected".into()));
    }
}
