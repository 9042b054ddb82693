//! tidings: a terminal feed reader.
//!
//! Data flows one way: the `poller` fetches and parses feeds and writes them
//! through the `store`; the UI runtime (`ui`) reads what is on disk, feeds
//! messages to the pure `app::update`, and `render::draw` paints `App`.

pub mod account_sync;
pub mod app;
pub mod article;
pub mod cli;
pub mod clock;
pub mod config;
pub mod discover;
mod encoding;
pub mod fetch;
mod html_text;
pub mod keymap;
pub mod model;
pub mod parse;
pub mod paths;
pub mod poller;
pub mod query;
mod readability;
pub mod render;
pub mod sanitize;
mod scan;
pub mod store;
pub mod sync;
pub mod ui;
