//! The integration tests, one binary: a module per subject, the helpers
//! once (`common`). One binary links the library once, so a change relinks
//! one test executable instead of fifty. Fixtures live in `tests/fixtures/`.

// Tests may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, unreachable_pub)]

mod common;

mod app;
mod app_modal;
mod app_workflow;
mod article;
mod cli_db;
mod cli_feeds;
mod cli_help;
mod cli_misc;
mod cli_read;
mod config;
mod config_edit;
mod config_reader;
mod dates;
mod discover;
mod docs;
mod e2e;
mod e2e_feeds;
mod e2e_first_run;
mod e2e_reading;
mod e2e_workflow;
mod encoding;
mod entities;
mod feed_details_cli;
mod feed_details_store;
mod feed_details_tui;
mod feed_sort_key;
mod fetch;
mod formats;
mod formats_cli;
mod formats_quirks;
mod full_text;
mod fuzz_corpus;
mod headless;
mod hostile_server;
mod hostile_terminal;
mod identity;
mod instances;
mod kill_loop;
mod layers;
mod newsboat;
mod opml;
mod parse;
mod parse_identity;
mod parse_recovery;
mod polite;
mod poller;
mod programs;
mod properties;
mod recorder;
mod render;
mod retention;
mod runtime;
mod search;
mod search_index;
mod store;
mod store_listing;
mod store_window;
mod sync_replay;
mod terminal_restore;
