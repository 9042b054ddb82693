//! tidings: a terminal feed reader.
//!
//! Data flows one way: the `poller` fetches and parses feeds and writes them
//! through the `store`; the UI runtime (`ui`) reads what is on disk, feeds
//! messages to the pure `app::update`, and `render::draw` paints `App`.

pub mod app;
pub mod article;
pub mod cli;
pub mod config;
pub mod discover;
pub mod encoding;
pub mod fetch;
pub mod fulltext;
pub mod headless;
pub mod model;
pub mod newsboat;
pub mod opml;
pub mod parse;
pub mod paths;
pub mod poller;
pub mod query;
pub mod render;
pub mod sanitize;
mod scan;
pub mod store;
pub mod subscribe;
pub mod sync;
pub mod ui;
