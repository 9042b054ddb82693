//! `tidings db vacuum`: give the space of deleted items back to the system.

use std::path::Path;
use std::process::ExitCode;

use crate::paths::DB_FILE;
use crate::store::Store;

pub(super) fn vacuum(data_dir: &Path) -> anyhow::Result<ExitCode> {
    let path = data_dir.join(DB_FILE);
    if !path.exists() {
        println!("no database at {} yet: nothing to do", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let store = Store::open(&path)?;
    let done = store.vacuum()?;
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    println!("{}: {:.1} MiB -> {:.1} MiB", path.display(), mib(done.before), mib(done.after));
    if let Some(side) = store.vacuum_search_file()? {
        let file = crate::store::search_file_of(&path);
        println!("{}: {:.1} MiB -> {:.1} MiB", file.display(), mib(side.before), mib(side.after));
    }
    Ok(ExitCode::SUCCESS)
}
