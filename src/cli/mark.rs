//! `tidings mark ID... --read|--unread|--star|--unstar`: marks from scripts.

use std::path::Path;
use std::process::ExitCode;

use crate::store::{Store, StoreError};

const EXAMPLES: &str = "\
Exit status: 0 every item marked, 1 some id is not in the database (the others
are marked), 2 usage or config error.

Examples:
  tidings mark 42 --read
  tidings mark 42 43 44 --unread --unstar
  tidings list --unread --feed LWN | cut -f1 | xargs tidings mark --read";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
#[command(group = clap::ArgGroup::new("marks").required(true).multiple(true))]
pub struct MarkArgs {
    /// Item ids, as `tidings list` prints them
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<i64>,
    /// Mark read
    #[arg(long, group = "marks", conflicts_with = "unread")]
    pub read: bool,
    /// Mark unread
    #[arg(long, group = "marks")]
    pub unread: bool,
    /// Star
    #[arg(long, group = "marks", conflicts_with = "unstar")]
    pub star: bool,
    /// Remove the star
    #[arg(long, group = "marks")]
    pub unstar: bool,
}

pub(super) fn run(args: &MarkArgs, db: &Path) -> anyhow::Result<ExitCode> {
    let store = Store::open(db)?;
    let read = (args.read || args.unread).then_some(args.read);
    let starred = (args.star || args.unstar).then_some(args.star);
    let mut missing = 0;
    for &id in &args.ids {
        let result = read
            .map_or(Ok(()), |r| store.set_read(id, r))
            .and_then(|()| starred.map_or(Ok(()), |s| store.set_starred(id, s)));
        match result {
            Ok(()) => {}
            Err(StoreError::NoSuchItem(_)) => {
                eprintln!("tidings: no item with id {id}");
                missing += 1;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(if missing > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
