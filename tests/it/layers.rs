//! The modules import each other one way only: each module of `src/` has a
//! layer in the README's "How the code is laid out" table, and every
//! `crate::…` path in a module names a module of a lower layer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SECTION: &str = "## How the code is laid out";

/// (module → layer) from the README table.
fn layers() -> BTreeMap<String, u32> {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let section = readme.split(SECTION).nth(1).expect("the README has the layout section");
    let section = section.split("\n## ").next().unwrap_or_default();
    let mut layers = BTreeMap::new();
    for line in section.lines().filter(|l| l.starts_with("| ")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Ok(layer), Some(module)) = (cells[1].parse::<u32>(), cells.get(2)) else { continue };
        let module = module.trim_matches('`').to_owned();
        assert!(layers.insert(module.clone(), layer).is_none(), "{module} is listed twice");
    }
    layers
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The top-level modules of `src/` (files and directories, without lib and main).
fn modules() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(root().join("src")).expect("src") {
        let path = entry.expect("entry").path();
        let name = path.file_stem().and_then(|n| n.to_str()).expect("a name").to_owned();
        if name != "lib" && name != "main" {
            out.insert(name);
        }
    }
    out
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The modules a source file names through `crate::`: `crate::a::…`,
/// `crate::{a, b::c}` (comments ignored).
fn imports(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for part in group[..end].split(',') {
                    let name = part.trim().split("::").next().unwrap_or_default();
                    if !name.is_empty() && name != "self" {
                        out.insert(name.to_owned());
                    }
                }
            } else {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                out.insert(name);
            }
        }
    }
    out
}

/// The top-level module a file under `src/` belongs to.
fn module_of(file: &Path) -> String {
    let relative = file.strip_prefix(root().join("src")).expect("under src");
    let first = relative.components().next().expect("a component").as_os_str().to_str().expect("utf-8");
    first.trim_end_matches(".rs").to_owned()
}

#[test]
fn every_module_has_a_layer_and_every_layer_a_module() {
    let listed: BTreeSet<String> = layers().into_keys().collect();
    assert_eq!(listed, modules(), "the README's layout table and the modules of src/ differ");
}

#[test]
fn every_import_points_to_a_lower_layer() {
    let layers = layers();
    let mut files = Vec::new();
    sources(&root().join("src"), &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let module = module_of(&file);
        let Some(&layer) = layers.get(&module) else { continue };
        let text = std::fs::read_to_string(&file).expect("read source");
        for used in imports(&text) {
            if used == module {
                continue;
            }
            match layers.get(&used) {
                Some(&to) if to < layer => {}
                Some(&to) => wrong.push(format!("{} (layer {layer}) uses {used} (layer {to})", shown(&file))),
                None => wrong.push(format!("{} uses crate::{used}, which has no layer", shown(&file))),
            }
        }
    }
    assert!(wrong.is_empty(), "imports that do not point down:\n{}", wrong.join("\n"));
}

#[test]
fn the_import_reader_sees_groups_and_paths() {
    let text = "use crate::{app::App, model, self};\nlet x = crate::store::Store::open(p); // crate::ui\n";
    let found: Vec<String> = imports(text).into_iter().collect();
    assert_eq!(found, ["app", "model", "store"]);
}

/// A source file as the repository names it (`src/store/order.rs`).
fn shown(file: &Path) -> String {
    file.strip_prefix(root()).unwrap_or(file).display().to_string()
}
