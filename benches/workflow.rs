//! The reader workflow at 100,000 items: search as you type, built-in and
//! saved views, the three orders, next unread, bulk mark and undo. Each case
//! is what one key costs: the runtime's queries for the window the UI asks
//! for, answered through `update`, then one frame.
//! Run with `cargo bench --bench workflow`; nothing here is a pass/fail test.

// Tests and benches may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, unreachable_pub)]

mod common;

use common::{StoreExt, TAGS, big_store, settle};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tidings::app::{Action, App, Effect, HeadlineRequest, Key, Msg, update};
use tidings::model::{Listing, SavedView, Sort, View};
use tidings::store::Store;
use tidings::ui::effects::Executor;

/// The first window of a listing, as the runtime answers it.
fn first_window(rt: &mut Executor, listing: &Listing) -> Msg {
    rt.execute(Effect::LoadHeadlines(HeadlineRequest::top(listing.clone()))).unwrap()
}

fn search_as_you_type(c: &mut Criterion, path: &std::path::Path) {
    let mut group = c.benchmark_group("100k_search");
    group.sample_size(30);
    let mut rt = Executor { store: Some(Store::open(path).unwrap()), ..Executor::none() };
    let mut app = App::new(120, 40, 0);
    let start = app.start();
    settle(&mut app, &mut rt, start);
    update(&mut app, Msg::Action(Action::Open));
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    // One key of the search prompt: the query, the window, the frame.
    let mut typed = |name: &str, text: &str| {
        group.bench_function(name, |b| {
            b.iter(|| {
                update(&mut app, Msg::Action(Action::Search));
                for ch in text.chars() {
                    let effects = update(&mut app, Msg::Key(Key::ch(ch)));
                    settle(&mut app, &mut rt, effects);
                }
                term.draw(|f| tidings::render::draw(&app, f)).unwrap();
                let effects = update(&mut app, Msg::Key(Key::plain(crossterm::event::KeyCode::Esc)));
                settle(&mut app, &mut rt, effects);
            })
        });
    };
    typed("type 'g', then Esc (2 queries)", "g");
    typed("type 'generative' key by key, then Esc (11 queries)", "generative");
    typed("type 'item 4917' key by key, then Esc (10 queries)", "item 4917");
    group.finish();
}

fn views(c: &mut Criterion, path: &std::path::Path) {
    let mut group = c.benchmark_group("100k_views");
    group.sample_size(30);
    let mut rt = Executor { store: Some(Store::open(path).unwrap()), ..Executor::none() };
    let saved = |q: &str| View::Saved(SavedView { name: q.into(), filter: tidings::query::parse(q).unwrap() });
    let cases: [(&str, Listing); 8] = [
        ("All, first window", View::All.into()),
        ("Unread, first window", View::Unread.into()),
        ("Starred, first window", View::Starred.into()),
        ("tag (12,500 items), hide read", Listing { hide_read: true, ..View::Tag(TAGS[1].into()).into() }),
        ("saved 'tag:tech -title:music newer:30d'", saved("tag:tech -title:music newer:30d").into()),
        ("saved 'music unread' (words: full text)", saved("music unread").into()),
        ("All, oldest first", Listing { sort: Sort::Oldest, ..View::All.into() }),
        ("All, by feed", Listing { sort: Sort::Feed, ..View::All.into() }),
    ];
    for (name, listing) in cases {
        group.bench_function(name, |b| b.iter(|| first_window(&mut rt, &listing)));
    }
    let by_feed = Listing { sort: Sort::Feed, ..View::All.into() };
    group.bench_function("All, by feed, window at 60,000", |b| {
        let query =
            HeadlineRequest { listing: by_feed.clone(), anchor: tidings::app::Anchor::Index(60_000), open: false };
        b.iter(|| rt.execute(Effect::LoadHeadlines(query.clone())))
    });
    group.bench_function("next unread from the top when only the last item is unread", |b| {
        let store = Store::open(path).unwrap();
        store.mark_view_read(View::All).unwrap();
        let last = store.headlines_page(&View::All.into(), 99_999, 1).unwrap()[0].id;
        store.set_read(last, false).unwrap();
        b.iter(|| store.next_unread(&View::All.into(), 0).unwrap());
        store.undo_bulk_mark().unwrap();
    });
    group.finish();
}

fn bulk_marks(c: &mut Criterion, path: &std::path::Path) {
    let mut group = c.benchmark_group("100k_marks");
    group.sample_size(10);
    let store = Store::open(path).unwrap();
    group.bench_function("mark a tag of 12,500 items read, then undo", |b| {
        b.iter(|| {
            store.mark_view_read(View::Tag(TAGS[2].into())).unwrap();
            store.undo_bulk_mark().unwrap()
        })
    });
    group.finish();
}

fn workflow(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = big_store(dir.path());
    // A few stars, as a reader would have.
    let store = Store::open(&path).unwrap();
    for h in store.headlines_page(&View::All.into(), 0, 100_000).unwrap().iter().step_by(997) {
        store.set_starred(h.id, true).unwrap();
    }
    drop(store);
    search_as_you_type(c, &path);
    views(c, &path);
    bulk_marks(c, &path);
}

criterion_group!(benches, workflow);
criterion_main!(benches);
